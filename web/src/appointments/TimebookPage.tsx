/** /clinician/timebooks/:timebookId — a timebook's next two weeks, and publishing chosen slots or a recurring pattern. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, publishPattern, publishSlots, useSchedule, withdrawSlot } from './api.ts';
import { DateField, Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';
import { osloDayOf } from '../lib/oslo-days.ts';

export function TimebookPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.timebook.docTitle'));
  return <RequireSession kind="staff">{() => <Book />}</RequireSession>;
}

function Book() {
  const { t, locale } = useI18n();
  const { timebookId = '' } = useParams();
  const [range] = useState(() => {
    const from = new Date(Date.now() - 3_600_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 15 * 86_400_000).toISOString() };
  });
  const q = useSchedule(timebookId, range.from, range.to);
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: apptKeys.timebook(timebookId) });
  const withdraw = useMutation({ mutationFn: withdrawSlot, onSuccess: refresh });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorPanel error={q.error} headingLevel="h1" onRetry={() => void q.refetch()} />;
  const { timebook, slots, appointments } = q.data;
  const bySlot = new Map(appointments.filter((a) => a.status !== 'cancelled').map((a) => [a.startsAt, a]));
  return (
    <>
      <BackLink to={`/clinician/units/${timebook.unitId}/appointments`}>{t('appt.back.unit')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.timebook.title', { name: timebook.name })}
      </Title>
      <p className="hd-lead">{t(`appt.timebookKind.${timebook.kind}`)}</p>
      <PublishForms timebookId={timebookId} onDone={refresh} />
      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.timebook.schedule')}
      </Title>
      <Problem error={withdraw.error} />
      {slots.length === 0 ? (
        <p>{t('appt.timebook.empty')}</p>
      ) : (
        <table className="hd-appt-schedule">
          <caption className="hd-visually-hidden">{t('appt.timebook.schedule')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('appt.field.date')}</th>
              <th scope="col">{t('appt.field.time')}</th>
              <th scope="col">{t('appt.timebook.status')}</th>
              <th scope="col">{t('appt.patient')}</th>
            </tr>
          </thead>
          <tbody>
            {slots.map((s) => {
              const a = bySlot.get(s.startsAt);
              return (
                <tr key={s.id}>
                  <td>{formatWeekdayDate(s.startsAt, locale)}</td>
                  <td>
                    {formatTime(s.startsAt, locale)}–{formatTime(s.endsAt, locale)}
                  </td>
                  <td>{t(`appt.slotStatus.${s.status}`)}</td>
                  <td>
                    {a?.citizen?.name ??
                      (s.status === 'open' ? (
                        <button type="button" className="hd-link-button" onClick={() => withdraw.mutate(s.id)}>
                          {t('appt.timebook.withdraw')}
                          <span className="hd-visually-hidden">
                            {' '}
                            – {osloDayOf(s.startsAt)} {formatTime(s.startsAt, locale)}
                          </span>
                        </button>
                      ) : null)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function PublishForms({ timebookId, onDone }: { timebookId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState('15');
  const one = useMutation({ mutationFn: () => publishSlots(timebookId, { slots: [{ date, time }], slotMinutes: Number(minutes) }), onSuccess: onDone });
  const [days, setDays] = useState<number[]>([2, 4]);
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('10:00');
  const [pMinutes, setPMinutes] = useState('15');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const pattern = useMutation({
    mutationFn: () =>
      publishPattern(timebookId, { weekdays: days, startTime: start, endTime: end, slotMinutes: Number(pMinutes), fromDate: from, untilDate: until }),
    onSuccess: onDone,
  });
  const submitOne = (e: FormEvent) => {
    e.preventDefault();
    one.mutate();
  };
  const submitPattern = (e: FormEvent) => {
    e.preventDefault();
    pattern.mutate();
  };
  return (
    <>
      <section className="hd-appt-panel" aria-labelledby="one-h">
        <Title id="one-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.publish.one')}
        </Title>
        <form onSubmit={submitOne}>
          <div className="hd-appt-row">
            <DateField id="one-date" label={t('appt.field.date')} value={date} onChange={setDate} min={new Date()} />
            <div className="hd-appt-native">
              <label htmlFor="one-time">{t('appt.field.time')}</label>
              <input id="one-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
            </div>
            <div className="hd-appt-native">
              <label htmlFor="one-min">{t('appt.field.minutes')}</label>
              <input id="one-min" type="number" min={5} max={480} step={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            </div>
          </div>
          <Problem error={one.error} />
          {one.isSuccess && <Done>{t('appt.publish.done', { n: one.data.created })}</Done>}
          <Button type="submit" disabled={one.isPending}>
            {t('appt.publish.submitOne')}
          </Button>
        </form>
      </section>
      <section className="hd-appt-panel" aria-labelledby="pat-h">
        <Title id="pat-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.publish.pattern')}
        </Title>
        <form onSubmit={submitPattern}>
          <fieldset className="hd-appt-weekdays">
            <legend>{t('appt.publish.weekdays')}</legend>
            {WEEKDAYS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={days.includes(d)}
                  onChange={(e) => setDays(e.target.checked ? [...days, d].sort() : days.filter((x) => x !== d))}
                />
                {t(`appt.weekday.${d}`)}
              </label>
            ))}
          </fieldset>
          <div className="hd-appt-row">
            <div className="hd-appt-native">
              <label htmlFor="pat-start">{t('appt.publish.start')}</label>
              <input id="pat-start" type="time" value={start} onChange={(e) => setStart(e.target.value)} />
            </div>
            <div className="hd-appt-native">
              <label htmlFor="pat-end">{t('appt.publish.end')}</label>
              <input id="pat-end" type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
            </div>
            <div className="hd-appt-native">
              <label htmlFor="pat-min">{t('appt.field.minutes')}</label>
              <input id="pat-min" type="number" min={5} max={480} step={5} value={pMinutes} onChange={(e) => setPMinutes(e.target.value)} />
            </div>
          </div>
          <div className="hd-appt-row">
            <DateField id="pat-from" label={t('appt.publish.from')} value={from} onChange={setFrom} min={new Date()} />
            <DateField id="pat-until" label={t('appt.publish.until')} value={until} onChange={setUntil} min={new Date()} />
          </div>
          <Problem error={pattern.error} />
          {pattern.isSuccess && (
            <Done>
              {t('appt.publish.done', { n: pattern.data.created })}
              {(pattern.data.notInOslo ?? 0) > 0 && <> {t('appt.publish.dstGap', { n: pattern.data.notInOslo ?? 0 })}</>}
            </Done>
          )}
          <Button type="submit" disabled={pattern.isPending}>
            {t('appt.publish.submitPattern')}
          </Button>
        </form>
      </section>
    </>
  );
}
