/** An open appointment request: give the patient a time, offer slots, or decline. */
import type { AppointmentRequest, Timebook } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { apptKeys, assignRequest, declineRequest } from '../api.ts';
import { FreeBusyDay } from '../UnitAnswerParts.tsx';
import { Problem, WhenFields } from '../parts.tsx';
import { OfferForm } from './OfferForm.tsx';
import { preferredTimebookId } from './request-choices.ts';
import { useWhenState } from './use-when-state.ts';
import { formatWeekdayDate } from '../../lib/format.ts';

export function RequestCard({
  r,
  timebooks,
  unitId,
  onAnswered,
}: {
  r: AppointmentRequest;
  timebooks: Timebook[];
  unitId: string;
  onAnswered: (notice: string) => void;
}) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const when = useWhenState({ date: r.preferredTimes[0]?.date ?? '', time: '09:00', minutes: '20', type: 'in_person' });
  const [timebookId, setTimebookId] = useState(() => preferredTimebookId(r, timebooks));
  const [answer, setAnswer] = useState('');
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const assign = useMutation({
    mutationFn: () =>
      assignRequest(r.id, { date: when.date, time: when.time, durationMinutes: Number(when.minutes), type: when.type, ...(timebookId ? { timebookId } : {}) }),
    onSuccess: () => {
      onAnswered(t('appt.assign.done'));
      done();
    },
  });
  const decline = useMutation({
    mutationFn: () => declineRequest(r.id, answer),
    onSuccess: () => {
      onAnswered(t('appt.decline.done'));
      done();
    },
  });
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
          {r.preferredTimes.map((p) => `${formatWeekdayDate(`${p.date}T12:00:00Z`, locale)} (${t(`appt.part.${p.partOfDay}`)})`).join(', ')}
        </p>
      )}
      {r.status === 'offered' && <p className="hd-panel-text">{t('appt.request.status.offered')}</p>}
      <form onSubmit={submit} aria-label={t('appt.assign.form', { name: who })}>
        <div className="hd-appt-row">
          <WhenFields id={id} {...when} />
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
        <FreeBusyDay unitId={unitId} timebookId={timebookId} date={when.date} />
        <Problem error={assign.error} />
        <Button type="submit" disabled={assign.isPending}>
          {t('appt.assign.submit')}
          <span className="hd-visually-hidden"> – {who}</span>
        </Button>
      </form>
      <OfferForm r={r} timebooks={timebooks} onDone={done} />
      <details className="hd-appt-details">
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
