/**
 * /clinician/units/:unitId/form-requests — forms the unit sent, with status (sent, opened,
 * draft, submitted, overdue), newest first, keyset-paged; and sending a form to a patient
 * (alone, with a message, or tied to one of the patient's coming appointments; with a deadline).
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
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
import { usePatients, type PatientHit } from '../letters/api.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formKeys, sendForm, useLibrary, usePatientAppointments, useUnitRequests } from './api.ts';
import { StatusTag } from './parts.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

export function UnitFormRequestsPage() {
  return <RequireSession kind="staff">{() => <Requests />}</RequireSession>;
}

function Requests() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  const list = useUnitRequests(unitId);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useDocumentTitle(t('forms.requests.docTitle'));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <BackLink to="/clinician">{t('forms.back.units')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('forms.requests.title')}
      </Title>
      <p className="hd-lead">{t('forms.requests.intro')}</p>
      <div className="hd-form-actions">
        <Button onClick={() => setSending(!sending)} aria-expanded={sending}>
          {t('forms.send.open')}
        </Button>
        <Link className="hd-link" to={`/clinician/units/${unitId}/forms`}>
          {t('forms.library.link')}
        </Link>
      </div>
      <div role="status" aria-live="polite">
        {sentTo && <NotificationPanel variant="success">{t('forms.send.done', { name: sentTo })}</NotificationPanel>}
      </div>
      {sending && (
        <SendForm
          unitId={unitId}
          onSent={(name) => {
            setSending(false);
            setSentTo(name);
          }}
        />
      )}
      {list.isPending ? (
        <PageLoader />
      ) : !list.data ? (
        // No page yet (a later page's error keeps the list and shows under it: LoadMore).
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="hd-empty">{t('forms.requests.empty')}</p>
      ) : (
        <>
          <ul className="hd-forms" aria-label={t('forms.requests.title')}>
            {items.map((r) => (
              <li key={r.id} className="hd-forms__item">
                <Link className="hd-link hd-forms__title" to={`/clinician/form-requests/${r.id}`}>
                  {r.title} – {r.citizen.name}
                </Link>
                <StatusTag status={r.status} />
                <p className="hd-forms__meta">
                  {t('forms.sentOn', { date: formatDateTime(r.sentAt, locale) })}
                  {r.dueAt ? ` · ${t('forms.dueOn', { date: formatDate(r.dueAt, locale, 'medium') })}` : ''}
                  {r.submittedAt ? ` · ${t('forms.submittedOn', { date: formatDateTime(r.submittedAt, locale) })}` : ''}
                </p>
              </li>
            ))}
          </ul>
          <LoadMore query={list} label={t('forms.requests.more')} />
        </>
      )}
    </>
  );
}

function SendForm({ unitId, onSent }: { unitId: string; onSent: (name: string) => void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const library = useLibrary(unitId);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const patients = usePatients(unitId, search);
  const [patient, setPatient] = useState<PatientHit | undefined>();
  const [formId, setFormId] = useState('');
  const [appointmentId, setAppointmentId] = useState('');
  const appointments = usePatientAppointments(unitId, patient?.contactId);
  const coming = (appointments.data ?? []).filter((a) => a.status === 'booked' && Date.parse(a.startsAt) > Date.now());
  const [dueDate, setDueDate] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () =>
      sendForm(unitId, { contactId: patient!.contactId, formId, dueDate: dueDate || null, message: message.trim() || null, appointmentId: appointmentId || null }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: formKeys.requests(unitId) });
      onSent(r.citizen?.name ?? '');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!patient) errs.patient = t('forms.send.err.patient');
    if (!formId) errs.form = t('forms.send.err.form');
    setErrors(errs);
    if (!Object.keys(errs).length) send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="send-form-title" className="hd-send-form">
      <Title id="send-form-title" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('forms.send.title')}
      </Title>
      <div className="hd-form-actions">
        <Input
          inputId="f-patient"
          type="search"
          label={t('forms.send.patient')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          errorText={errors.patient}
          error={!!errors.patient}
        />
        <Button type="button" variant="outline" onClick={() => setSearch(query.trim())}>
          {t('forms.send.search')}
        </Button>
      </div>
      {patients.data && (
        <Select
          selectId="f-patient-hit"
          label={t('forms.send.choosePatient')}
          value={patient?.contactId ?? ''}
          onChange={(e) => {
            setPatient(patients.data.find((p) => p.contactId === e.target.value));
            setAppointmentId('');
          }}
        >
          <option value="">{t('forms.send.choose')}</option>
          {patients.data
            .filter((p) => p.status === 'active')
            .map((p) => (
              <option key={p.contactId} value={p.contactId}>
                {p.name} ({p.birthDate})
              </option>
            ))}
        </Select>
      )}
      <Select
        selectId="f-form"
        label={t('forms.send.form')}
        value={formId}
        onChange={(e) => setFormId(e.target.value)}
        errorText={errors.form}
        error={!!errors.form}
      >
        <option value="">{t('forms.send.choose')}</option>
        {library.data?.items.map((f) => (
          <option key={f.id} value={f.id}>
            {f.title}
          </option>
        ))}
      </Select>
      {coming.length > 0 && (
        <Select selectId="f-appointment" label={t('forms.send.appointment')} value={appointmentId} onChange={(e) => setAppointmentId(e.target.value)}>
          <option value="">{t('forms.send.noAppointment')}</option>
          {coming.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}, {formatDateTime(a.startsAt, locale)}
            </option>
          ))}
        </Select>
      )}
      <Input inputId="f-due" type="date" label={t('forms.send.due')} value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      <Textarea textareaId="f-message" label={t('forms.send.message')} value={message} onChange={(e) => setMessage(e.target.value)} maxCharacters={2000} />
      <div className="hd-form-actions">
        <Button type="submit" disabled={send.isPending}>
          {t('forms.send.submit')}
        </Button>
      </div>
      {send.isError && <ErrorPanel error={send.error} />}
    </form>
  );
}
