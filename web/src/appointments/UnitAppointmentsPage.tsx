/** /clinician/units/:unitId/appointments — a unit's timebooks, open requests, coming appointments and visits, and its appointment services. */
import { APPOINTMENT_TYPES, type Appointment, type AppointmentRequest, type AppointmentSettings, type AppointmentType, type Timebook } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, assignRequest, completeAppointment, declineRequest, saveSettings, staffCancel, useUnitOverview } from './api.ts';
import { AppointmentCard, Back, DateField, Done, formatDayLong, Problem } from './parts.tsx';

export function UnitAppointmentsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.unit.docTitle'));
  return <RequireSession kind="staff">{() => <Unit />}</RequireSession>;
}

function Unit() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const q = useUnitOverview(unitId);
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorPanel error={q.error} headingLevel="h1" onRetry={() => void q.refetch()} />;
  const unit = units.data?.items.find((u) => u.id === unitId);
  const { timebooks, requests, appointments, settings } = q.data;
  const upcoming = appointments.filter((a) => a.status === 'booked');
  return (
    <>
      <Back to="/clinician">{t('appt.back.units')}</Back>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.unit.title', { unit: unit?.name ?? '' })}
      </Title>
      <section className="hd-section" aria-labelledby="tb-h">
        <Title id="tb-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.timebooks')}
        </Title>
        {timebooks.length === 0 ? (
          <p>{t('appt.timebooks.none')}</p>
        ) : (
          <ul className="hd-appt-shortcuts">
            {timebooks.map((tb) => (
              <li key={tb.id}>
                <Link className="hd-link" to={`/clinician/timebooks/${tb.id}`}>
                  {tb.name}
                </Link>{' '}
                <span className="hd-muted">({t(`appt.timebookKind.${tb.kind}`)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="hd-section" aria-labelledby="rq-h">
        <Title id="rq-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.requests.open')} <span className="hd-count">({requests.length})</span>
        </Title>
        {requests.length === 0 ? (
          <p>{t('appt.requests.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {requests.map((r) => (
              <li key={r.id}>
                <RequestCard r={r} timebooks={timebooks} unitId={unitId} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="hd-section" aria-labelledby="ap-h">
        <Title id="ap-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.unit.coming')} <span className="hd-count">({upcoming.length})</span>
        </Title>
        {upcoming.length === 0 ? (
          <p>{t('appt.upcoming.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {upcoming.map((a) => (
              <li key={a.id}>
                <StaffAppointment a={a} unitId={unitId} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <Settings unitId={unitId} initial={settings} isAdmin={!!unit?.isAdmin} />
    </>
  );
}

function StaffAppointment({ a, unitId }: { a: Appointment; unitId: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const complete = useMutation({ mutationFn: () => completeAppointment(a.id), onSuccess: done });
  const cancel = useMutation({ mutationFn: () => staffCancel(a.id), onSuccess: done });
  const who = a.citizen?.name ?? '';
  return (
    <AppointmentCard
      a={a}
      actions={
        <>
          <Problem error={complete.error ?? cancel.error} />
          <Button variant="outline" onClick={() => complete.mutate()} disabled={complete.isPending}>
            {a.type === 'home_visit' ? t('appt.staff.visitDone') : t('appt.staff.done')}
            <span className="hd-visually-hidden"> – {who}</span>
          </Button>
          <Button variant="borderless" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {t('appt.staff.cancel')}
            <span className="hd-visually-hidden"> – {who}</span>
          </Button>
        </>
      }
    />
  );
}

function RequestCard({ r, timebooks, unitId }: { r: AppointmentRequest; timebooks: Timebook[]; unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [date, setDate] = useState(r.preferredTimes[0]?.date ?? '');
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState('20');
  const [type, setType] = useState<AppointmentType>('in_person');
  const [timebookId, setTimebookId] = useState(timebooks[0]?.id ?? '');
  const [answer, setAnswer] = useState('');
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const assign = useMutation({
    mutationFn: () => assignRequest(r.id, { date, time, durationMinutes: Number(minutes), type, ...(timebookId ? { timebookId } : {}) }),
    onSuccess: done,
  });
  const decline = useMutation({ mutationFn: () => declineRequest(r.id, answer), onSuccess: done });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    assign.mutate();
  };
  const who = r.citizen?.name ?? '';
  const id = (x: string) => `${x}-${r.id}`;
  return (
    <article className="hd-card" data-testid="request">
      <Title htmlMarkup="h3" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {who}
      </Title>
      <p className="hd-panel-text">{r.text}</p>
      {r.preferredTimes.length > 0 && (
        <p className="hd-panel-text">
          {t('appt.request.preferred')}:{' '}
          {r.preferredTimes.map((p) => `${formatDayLong(`${p.date}T12:00:00Z`, locale)} (${t(`appt.part.${p.partOfDay}`)})`).join(', ')}
        </p>
      )}
      {r.status === 'offered' && <p className="hd-panel-text">{t('appt.request.status.offered')}</p>}
      <form onSubmit={submit} aria-label={t('appt.assign.form', { name: who })}>
        <div className="hd-appt-row">
          <DateField id={id('date')} label={t('appt.field.date')} value={date} onChange={setDate} min={new Date()} />
          <div className="hd-appt-native">
            <label htmlFor={id('time')}>{t('appt.field.time')}</label>
            <input id={id('time')} type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
          </div>
          <div className="hd-appt-native">
            <label htmlFor={id('min')}>{t('appt.field.minutes')}</label>
            <input id={id('min')} type="number" min={5} max={480} step={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </div>
          <div className="hd-appt-native">
            <label htmlFor={id('type')}>{t('appt.field.type')}</label>
            <select id={id('type')} value={type} onChange={(e) => setType(e.target.value as AppointmentType)}>
              {APPOINTMENT_TYPES.map((x) => (
                <option key={x} value={x}>
                  {t(`appt.type.${x}`)}
                </option>
              ))}
            </select>
          </div>
          {timebooks.length > 0 && (
            <div className="hd-appt-native">
              <label htmlFor={id('tb')}>{t('appt.field.timebook')}</label>
              <select id={id('tb')} value={timebookId} onChange={(e) => setTimebookId(e.target.value)}>
                {timebooks.map((tb) => (
                  <option key={tb.id} value={tb.id}>
                    {tb.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <Problem error={assign.error} />
        {assign.isSuccess && <Done>{t('appt.assign.done')}</Done>}
        <Button type="submit" disabled={assign.isPending}>
          {t('appt.assign.submit')}
          <span className="hd-visually-hidden"> – {who}</span>
        </Button>
      </form>
      <details className="hd-appt-field" style={{ marginTop: '1rem' }}>
        <summary>{t('appt.decline.title')}</summary>
        <div className="hd-appt-field">
          <Input inputId={id('answer')} label={t('appt.decline.text')} value={answer} onChange={(e) => setAnswer(e.target.value)} autoComplete="off" />
        </div>
        <Problem error={decline.error} />
        <Button variant="outline" onClick={() => decline.mutate()} disabled={decline.isPending || !answer.trim()}>
          {t('appt.decline.submit')}
        </Button>
      </details>
    </article>
  );
}

function Settings({ unitId, initial, isAdmin }: { unitId: string; initial: AppointmentSettings; isAdmin: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [v, setV] = useState(initial);
  const save = useMutation({
    mutationFn: () => saveSettings(unitId, v),
    onSuccess: (s) => qc.setQueryData(apptKeys.unit(unitId), (old: object | undefined) => (old ? { ...old, settings: s } : old)),
  });
  const flags = ['timebestilling', 'timeonske', 'timevisning', 'avbestilling'] as const;
  return (
    <section className="hd-appt-panel" aria-labelledby="set-h">
      <Title id="set-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.settings.title')}
      </Title>
      {!isAdmin && <p className="hd-panel-text">{t('appt.settings.adminOnly')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {flags.map((f) => (
          <Checkbox
            key={f}
            inputId={`svc-${f}`}
            label={t(`appt.service.${f}`)}
            checked={v[f]}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, [f]: e.target.checked })}
          />
        ))}
        <div className="hd-appt-native" style={{ marginTop: '1rem', maxWidth: '14rem' }}>
          <label htmlFor="svc-cutoff">{t('appt.settings.cutoff')}</label>
          <input
            id="svc-cutoff"
            type="number"
            min={0}
            max={336}
            value={v.cutoffHours}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, cutoffHours: Number(e.target.value) })}
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="svc-dropin"
            label={t('appt.settings.dropIn')}
            value={v.dropInUrl ?? ''}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, dropInUrl: e.target.value.trim() || null })}
            autoComplete="off"
          />
        </div>
        <Problem error={save.error} />
        {save.isSuccess && <Done>{t('appt.settings.saved')}</Done>}
        {isAdmin && (
          <Button type="submit" disabled={save.isPending}>
            {t('appt.settings.save')}
          </Button>
        )}
      </form>
    </section>
  );
}
