/** Parts of the unit appointments page for issue 17: patients' answers waiting, the answer and check-in settings, free/busy while assigning. */
import { APPOINTMENT_TYPES, type AnswerSettings, type Appointment } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.ts';
import { AnswerTag } from './calendar-parts.tsx';
import { calKeys, markAnswerHandled, saveAnswerSettings, useAnswerSettings, useFreeBusy, useOpenAnswers } from './calendar-api.ts';
import { Done, Problem } from './parts.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';
import { addDays, osloDayStart } from '../lib/oslo-days.ts';
import { LoadMore } from '../components/LoadMore.tsx';

/** The patient's answer and arrival on an appointment card (staff). */
export function AnswerAndArrival({ a }: { a: Appointment }) {
  const { t, locale } = useI18n();
  if (!a.answer && !a.checkedInAt) return null;
  return (
    <p className="hd-appt-tags">
      <AnswerTag a={a} />
      {a.checkedInAt && <Tag color="kiwi">{t('cal.checkedIn', { time: formatTime(a.checkedInAt, locale) })}</Tag>}
      {a.answer?.text && (
        <span>
          {' '}
          {t('cal.answers.comment')}: {a.answer.text}
        </span>
      )}
    </p>
  );
}

/** Answers that ask staff for something (change, video/phone, no longer needed), oldest first, until marked handled. */
export function OpenAnswersSection({ unitId }: { unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const q = useOpenAnswers(unitId);
  const handle = useMutation({ mutationFn: markAnswerHandled, onSuccess: () => void qc.invalidateQueries({ queryKey: ['appointments'] }) });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const count = q.data?.pages[0]?.count ?? 0;
  return (
    <section className="hd-section" aria-labelledby="answers-h">
      <Title id="answers-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('cal.answers.title')} <span className="hd-count">({count})</span>
      </Title>
      <Problem error={q.error ?? handle.error} />
      {items.length === 0 ? (
        <p>{t('cal.answers.none')}</p>
      ) : (
        <ul className="hd-appt-list">
          {items.map((a) => (
            <li key={a.id}>
              <article className="hd-card" data-testid="open-answer">
                <p>
                  <strong>{a.citizen?.name}</strong> – {a.title}, {formatWeekdayDate(a.startsAt, locale)} {formatTime(a.startsAt, locale)}
                </p>
                <AnswerAndArrival a={a} />
                <Button variant="outline" onClick={() => handle.mutate(a.id)} disabled={handle.isPending}>
                  {t('cal.answers.handle')}
                  <span className="hd-visually-hidden"> – {a.citizen?.name}</span>
                </Button>
              </article>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={q} label={t('cal.answers.more')} variant="borderless" />
    </section>
  );
}

const OPTS = ['confirm', 'change', 'channel', 'notNeeded'] as const;

/** Which answers the unit takes per appointment type, and check-in (administrators). */
export function AnswerSettingsSection({ unitId, isAdmin }: { unitId: string; isAdmin: boolean }) {
  const q = useAnswerSettings(unitId);
  if (!q.data) return <Problem error={q.error} />;
  return <AnswerSettingsForm unitId={unitId} isAdmin={isAdmin} initial={q.data} />;
}

function AnswerSettingsForm({ unitId, isAdmin, initial }: { unitId: string; isAdmin: boolean; initial: AnswerSettings }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [v, setV] = useState(initial);
  const save = useMutation({ mutationFn: () => saveAnswerSettings(unitId, v), onSuccess: (s) => qc.setQueryData(calKeys.answerSettings(unitId), s) });
  return (
    <section className="hd-appt-panel" aria-labelledby="ans-set-h">
      <Title id="ans-set-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('ans.settings.title')}
      </Title>
      <p className="hd-panel-text">{t('ans.settings.lead')}</p>
      {!isAdmin && <p className="hd-panel-text">{t('ans.settings.adminOnly')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        aria-label={t('ans.settings.title')}
      >
        {APPOINTMENT_TYPES.map((type) => (
          <fieldset key={type} className="hd-appt-fieldset">
            <legend>{t(`appt.type.${type}`)}</legend>
            {OPTS.map((o) => (
              <Checkbox
                key={o}
                inputId={`ans-${type}-${o}`}
                label={t(`ans.opt.${o}`)}
                checked={v.types[type][o]}
                disabled={!isAdmin}
                onChange={(e) => setV({ ...v, types: { ...v.types, [type]: { ...v.types[type], [o]: e.target.checked } } })}
              />
            ))}
          </fieldset>
        ))}
        <Checkbox inputId="ans-checkin" label={t('ans.settings.checkIn')} checked={v.checkIn} disabled={!isAdmin} onChange={(e) => setV({ ...v, checkIn: e.target.checked })} />
        <Problem error={save.error} />
        {save.isSuccess && <Done>{t('ans.settings.saved')}</Done>}
        {isAdmin && (
          <Button type="submit" disabled={save.isPending}>
            {t('ans.settings.save')}
          </Button>
        )}
      </form>
    </section>
  );
}

/** Busy and free times of one timebook on a day, shown while assigning or offering a time. */
export function FreeBusyDay({ unitId, timebookId, date }: { unitId: string; timebookId: string; date: string }) {
  const { t, locale } = useI18n();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !!timebookId;
  const from = valid ? osloDayStart(date).toISOString() : '';
  const to = valid ? osloDayStart(addDays(date, 1)).toISOString() : '';
  const q = useFreeBusy(unitId, from, to, timebookId, valid);
  if (!valid || !q.data) return null;
  const tb = q.data.timebooks[0];
  if (!tb) return null;
  const span = (x: { startsAt: string; endsAt: string }) => `${formatTime(x.startsAt, locale)}–${formatTime(x.endsAt, locale)}`;
  return (
    <div className="hd-appt-field hd-freebusy" data-testid="free-busy">
      <p>
        <strong>{t('cal.freeBusy.title', { date: formatWeekdayDate(from, locale) })}</strong>
      </p>
      {tb.busy.length === 0 ? (
        <p>{t('cal.freeBusy.none')}</p>
      ) : (
        <ul className="hd-cal-items">
          {tb.busy.map((b) => (
            <li key={`${b.startsAt}-${b.kind}`}>
              {span(b)} <Tag color={b.kind === 'blocked' ? 'cherry' : 'banana'}>{t(`cal.freeBusy.kind.${b.kind}`)}</Tag>
            </li>
          ))}
        </ul>
      )}
      {tb.free.length > 0 && <p>{t('cal.freeBusy.free', { times: tb.free.map(span).join(', ') })}</p>}
    </div>
  );
}
