/** The patient's answer to an appointment and check-in on arrival (issue 17); shown on the citizen's appointment page. */
import type { Appointment, AppointmentAnswer } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.ts';
import { answerAppointment, checkInAppointment } from './calendar-api.ts';
import { Done, Problem } from './parts.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';

/** Confirm, ask to change, ask for video or phone instead, or say it is no longer needed — what the unit takes. */
export function AnswerBox({ a }: { a: Appointment }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const options = a.answerOptions ?? [];
  const [choice, setChoice] = useState<AppointmentAnswer | undefined>();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () => answerAppointment(a.id, choice!, text.trim() || undefined),
    onSuccess: (updated) => {
      qc.setQueryData(['appointments', 'citizen', 'one', a.id], updated);
      void qc.invalidateQueries({ queryKey: ['appointments', 'citizen'] });
      setChoice(undefined);
      setText('');
    },
  });
  if (options.length === 0 && !a.answer) return null;
  return (
    <section className="hd-appt-panel" aria-labelledby="answer-h">
      <Title id="answer-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('ans.title')}
      </Title>
      {a.answer && (
        <p className="hd-appt-field" data-testid="my-answer">
          {t('ans.current', { answer: t(`ans.do.${a.answer.kind}`), date: `${formatWeekdayDate(a.answer.at, locale)} ${formatTime(a.answer.at, locale)}` })}
        </p>
      )}
      {send.isSuccess && <Done>{t('ans.done', { unit: a.unit.name })}</Done>}
      {options.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) send.mutate();
          }}
          aria-label={t('ans.title')}
        >
          <p>{t('ans.lead', { unit: a.unit.name })}</p>
          <FormGroup legend={t('ans.choose')}>
            {options.map((o) => (
              <RadioButton
                key={o}
                inputId={`answer-${o}`}
                name="answer"
                value={o}
                label={t(`ans.do.${o}`)}
                checked={choice === o}
                onChange={() => setChoice(o)}
              />
            ))}
          </FormGroup>
          <div className="hd-appt-field">
            <Textarea textareaId="answer-text" label={t('ans.comment')} value={text} onChange={(e) => setText(e.target.value)} maxCharacters={500} />
          </div>
          <Problem error={send.error} />
          <Button type="submit" disabled={!choice || send.isPending}>
            {t('ans.send')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** Check in on arrival (the unit's setting): open on the day from an hour before; otherwise says when. */
export function CheckInBox({ a }: { a: Appointment }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const go = useMutation({
    mutationFn: () => checkInAppointment(a.id),
    onSuccess: (updated) => {
      qc.setQueryData(['appointments', 'citizen', 'one', a.id], updated);
      void qc.invalidateQueries({ queryKey: ['appointments', 'citizen'] });
    },
  });
  if (!a.checkInOpensAt || a.status !== 'booked') return null;
  return (
    <section className="hd-appt-panel" aria-labelledby="checkin-h">
      <Title id="checkin-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('checkin.title')}
      </Title>
      {a.checkedInAt ? (
        <Done>{t('checkin.done', { time: formatTime(a.checkedInAt, locale) })}</Done>
      ) : a.canCheckIn ? (
        <>
          <Problem error={go.error} />
          <Button onClick={() => go.mutate()} disabled={go.isPending}>
            {t('checkin.button')}
          </Button>
        </>
      ) : (
        <p>{t('checkin.opens', { time: `${formatWeekdayDate(a.checkInOpensAt, locale)} ${formatTime(a.checkInOpensAt, locale)}` })}</p>
      )}
    </section>
  );
}
