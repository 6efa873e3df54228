/** /citizen/appointments/:id — one appointment: details, video link, calendar file, cancel, earlier time, write about it. */
import { AppointmentDialogSchema, type Appointment } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, cancelAppointment, joinWaitlist, startDialog, useCitizenAppointment, useCitizenAppointments, useContactServices } from './api.ts';
import { AnswerBox, CheckInBox } from './AnswerParts.tsx';
import { AppointmentCard, Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatTime, formatWeekdayDate } from '../lib/format.ts';

export function AppointmentDetailPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.detail.docTitle'));
  return <RequireSession kind="citizen">{() => <Detail />}</RequireSession>;
}

function Detail() {
  const { t } = useI18n();
  const { appointmentId = '' } = useParams();
  const q = useCitizenAppointment(appointmentId);
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return <ErrorPanel error={q.error} headingLevel="h1" onRetry={() => void q.refetch()} back={{ to: '/citizen/appointments', label: t('appt.back.list') }} />;
  const a = q.data;
  return (
    <>
      <BackLink to="/citizen/appointments">{t('appt.back.list')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 1 }}>
        {a.title}
      </Title>
      <AppointmentCard a={a} headingLevel="h2" />
      {a.directions && (
        <p className="hd-appt-field">
          <strong>{t('appt.directions')}:</strong> {a.directions}
        </p>
      )}
      {a.type === 'video' && a.status === 'booked' && <VideoJoin a={a} />}
      {a.type === 'phone' && a.status === 'booked' && <p className="hd-appt-field">{t('appt.phone.info')}</p>}
      <p className="hd-appt-field">
        <a className="hd-link" href={`/api/citizen/appointments/${a.id}/ics`} download>
          {t('appt.ics')}
        </a>
      </p>
      <CheckInBox a={a} />
      <AnswerBox a={a} />
      {a.status === 'booked' && <CancelBox a={a} />}
      {a.status === 'booked' && <EarlierTime a={a} />}
      {a.canStartDialog && <WriteAbout a={a} />}
    </>
  );
}

/** The video join link within its window (15 minutes before), otherwise when it opens. Citizen and clinician alike. */
export function VideoJoin({ a }: { a: Appointment }) {
  const { t, locale } = useI18n();
  if (a.videoUrl) {
    return (
      <p className="hd-appt-field">
        <a className="hd-link" href={a.videoUrl} target="_blank" rel="noopener noreferrer">
          {t('appt.video.join')}
        </a>
      </p>
    );
  }
  return (
    <p className="hd-appt-field">
      {t('appt.video.later', { time: a.videoOpensAt ? `${formatWeekdayDate(a.videoOpensAt, locale)} ${formatTime(a.videoOpensAt, locale)}` : '' })}
    </p>
  );
}

function CancelBox({ a }: { a: Appointment }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(a.id, reason.trim() || undefined),
    onSuccess: (res) => {
      qc.setQueryData(apptKeys.citizenOne(a.id), res);
      void qc.invalidateQueries({ queryKey: apptKeys.citizen });
    },
  });
  if (!a.canCancel) {
    return (
      <p className="hd-appt-field">{a.cancelDeadline ? t('appt.cancel.tooLate', { unit: a.unit.name }) : t('appt.cancel.notOnline', { unit: a.unit.name })}</p>
    );
  }
  const deadline = a.cancelDeadline ? `${formatWeekdayDate(a.cancelDeadline, locale)} ${formatTime(a.cancelDeadline, locale)}` : '';
  return (
    <section className="hd-appt-panel" aria-labelledby="cancel-h">
      <Title id="cancel-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.cancel.title')}
      </Title>
      <p className="hd-panel-text">{t('appt.cancel.until', { time: deadline })}</p>
      <Problem error={cancel.error} />
      {!open ? (
        <Button variant="outline" onClick={() => setOpen(true)}>
          {t('appt.cancel.start')}
        </Button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate();
          }}
        >
          <div className="hd-appt-field">
            <Input inputId="cancel-reason" label={t('appt.cancel.reason')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
          </div>
          <div className="hd-appt-actions">
            <Button type="submit" disabled={cancel.isPending}>
              {t('appt.cancel.confirm')}
            </Button>
            <Button variant="borderless" onClick={() => setOpen(false)}>
              {t('appt.cancel.keep')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

function EarlierTime({ a }: { a: Appointment }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const services = useContactServices(a.contactId);
  const overview = useCitizenAppointments();
  const join = useMutation({ mutationFn: () => joinWaitlist(a.contactId, a.id), onSuccess: () => void qc.invalidateQueries({ queryKey: apptKeys.citizen }) });
  if (!services.data?.booking || a.startsAt < new Date().toISOString()) return null;
  const already = overview.data?.waitlist.some((w) => w.appointmentId === a.id);
  return (
    <section className="hd-appt-field" aria-labelledby="earlier-h">
      <Title id="earlier-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.earlier.title')}
      </Title>
      {already || join.isSuccess ? (
        <Done>{t('appt.earlier.on')}</Done>
      ) : (
        <>
          <p className="hd-panel-text">{t('appt.earlier.text')}</p>
          <Problem error={join.error} />
          <Button variant="outline" onClick={() => join.mutate()} disabled={join.isPending}>
            {t('appt.earlier.join')}
          </Button>
        </>
      )}
    </section>
  );
}

const INTENTS = ['confirm', 'question', 'move', 'end'] as const;

function WriteAbout({ a }: { a: Appointment }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [intent, setIntent] = useState<(typeof INTENTS)[number]>('question');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = useMutation({ mutationFn: () => startDialog(a.id, intent, text), onSuccess: (r) => void navigate(`/citizen/messages/${r.threadId}`) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!AppointmentDialogSchema.safeParse({ intent, text }).success) {
      setError(t('appt.write.empty'));
      return;
    }
    setError(undefined);
    send.mutate();
  };
  return (
    <section className="hd-appt-panel" aria-labelledby="write-h">
      <Title id="write-h" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.write.title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <div className="hd-appt-field">
          <FormGroup legend={t('appt.write.intent')}>
            {INTENTS.map((i) => (
              <RadioButton
                key={i}
                inputId={`intent-${i}`}
                name="intent"
                value={i}
                label={t(`appt.intent.${i}`)}
                checked={intent === i}
                onChange={() => setIntent(i)}
              />
            ))}
          </FormGroup>
        </div>
        <div className="hd-appt-field">
          <Textarea
            textareaId="write-text"
            label={t('appt.write.text')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            minRows={4}
            grow
            error={!!error}
            errorText={error}
          />
        </div>
        <Problem error={send.error} />
        <Button type="submit" disabled={send.isPending}>
          {t('appt.write.send')}
        </Button>
      </form>
    </section>
  );
}
