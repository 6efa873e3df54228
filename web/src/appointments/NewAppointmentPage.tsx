/** /clinician/units/:unitId/appointments/new — staff send an appointment to a patient of the unit (Oslo time). */
import { APPOINTMENT_TYPES } from '@helsedialog/core/constants';
import type { Appointment, AppointmentType } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { apptKeys, createStaffAppointment, useUnitOverview, useUnitPatients, type PatientHit } from './api.ts';
import { AppointmentCard, DateField, Done, Problem } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatDate } from '../lib/format.ts';

export function NewAppointmentPage() {
  const { t } = useI18n();
  useDocumentTitle(t('appt.new.docTitle'));
  return <RequireSession kind="staff">{() => <NewAppointment />}</RequireSession>;
}

function NewAppointment() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const qc = useQueryClient();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  const overview = useUnitOverview(unitId);
  const [q, setQ] = useState('');
  const hits = useUnitPatients(unitId, useDeferredValue(q));
  const [patient, setPatient] = useState<PatientHit | undefined>();
  const [type, setType] = useState<AppointmentType>('in_person');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState('20');
  const [timebookId, setTimebookId] = useState('');
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [directions, setDirections] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Appointment | undefined>();
  const send = useMutation({
    mutationFn: (body: Record<string, unknown>) => createStaffAppointment(unitId, body),
    onSuccess: (a) => {
      setCreated(a);
      setPatient(undefined);
      setQ('');
      void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
    },
  });
  if (overview.isPending) return <PageLoader />;
  if (overview.isError) return <ErrorPanel error={overview.error} headingLevel="h1" onRetry={() => void overview.refetch()} />;
  const { timebooks } = overview.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!patient) fe.patient = t('appt.new.patientMissing');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fe.date = t('appt.request.dateInvalid');
    if (!/^\d{2}:\d{2}$/.test(time)) fe.time = t('appt.new.timeMissing');
    setErrors(fe);
    if (Object.keys(fe).length > 0 || !patient) return;
    setCreated(undefined);
    const opt = (k: string, v: string) => (v.trim() ? { [k]: v.trim() } : {});
    send.mutate({
      contactId: patient.contactId,
      date,
      time,
      durationMinutes: Number(minutes) || 20,
      type,
      ...opt('timebookId', timebookId),
      ...opt('title', title),
      ...opt('location', location),
      ...opt('directions', directions),
      ...opt('note', note),
    });
  };

  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/appointments`}>{t('appt.back.unit')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.new.title')}
      </Title>
      <p className="hd-lead">{t('appt.new.intro')}</p>
      {created && (
        <>
          <Done>{t('appt.new.done', { name: created.citizen?.name ?? '' })}</Done>
          <div className="hd-appt-field">
            <AppointmentCard a={created} headingLevel="h2" />
          </div>
        </>
      )}
      <form onSubmit={submit} noValidate aria-label={t('appt.new.title')}>
        {patient ? (
          <div className="hd-appt-field">
            <p>
              <span className="hd-appt-label">{t('appt.new.chosen')}: </span>
              {patient.name},{' '}
              {t('appt.new.born', { date: formatDate(patient.birthDate, locale) })}
            </p>
            <Button variant="borderless" onClick={() => setPatient(undefined)}>
              {t('appt.new.changePatient')}
            </Button>
          </div>
        ) : (
          <div className="hd-appt-field">
            <Input
              inputId="appt-patient"
              label={t('appt.new.search')}
              aria-describedby="appt-patient-help"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              autoComplete="off"
              error={!!errors.patient}
              {...(errors.patient ? { errorText: errors.patient } : {})}
            />
            <p id="appt-patient-help" className="hd-appt-help">
              {t('appt.new.searchHelp')}
            </p>
            <div aria-live="polite">
              {hits.isError && <Problem error={hits.error} />}
              {hits.data && (
                <ul className="hd-appt-patients">
                  {hits.data.length === 0 && <li>{t('appt.new.noHits')}</li>}
                  {hits.data.map((p) => (
                    <li key={p.contactId}>
                      <span>
                        {p.name},{' '}
                        {t('appt.new.born', { date: formatDate(p.birthDate, locale) })}
                        {p.status === 'previous' && <span className="hd-muted"> – {t('appt.new.previous')}</span>}
                      </span>
                      <Button variant="outline" onClick={() => setPatient(p)} disabled={p.status === 'previous'}>
                        {t('appt.new.choose', { name: p.name })}
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
        <div className="hd-appt-field">
          <Select selectId="appt-type" label={t('appt.field.type')} value={type} onChange={(e) => setType(e.target.value as AppointmentType)}>
            {APPOINTMENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`appt.type.${x}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-appt-row">
          <DateField id="appt-date" label={t('appt.field.date')} value={date} onChange={setDate} min={new Date()} error={errors.date} />
          <div className="hd-appt-native">
            <label htmlFor="appt-time">{t('appt.field.time')}</label>
            <input
              id="appt-time"
              type="time"
              value={time}
              onChange={(e) => setTime(e.target.value)}
              required
              aria-invalid={!!errors.time}
              aria-describedby="appt-time-help"
            />
            <span id="appt-time-help" className="hd-appt-help">
              {errors.time ?? t('appt.new.osloTime')}
            </span>
          </div>
          <div className="hd-appt-native">
            <label htmlFor="appt-min">{t('appt.field.minutes')}</label>
            <input id="appt-min" type="number" min={5} max={480} step={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </div>
        </div>
        <div className="hd-appt-field">
          <Select selectId="appt-tb" label={t('appt.field.timebook')} value={timebookId} onChange={(e) => setTimebookId(e.target.value)}>
            <option value="">{t('appt.new.noTimebook')}</option>
            {timebooks.map((tb) => (
              <option key={tb.id} value={tb.id}>
                {tb.name} ({t(`appt.timebookKind.${tb.kind}`)})
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="appt-title"
            label={t('appt.new.titleField')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}

            autoComplete="off"
          />
        </div>
        {type !== 'video' && type !== 'phone' && (
          <>
            <div className="hd-appt-field">
              <Input
                inputId="appt-location"
                label={type === 'home_visit' ? t('appt.new.address') : t('appt.new.location')}
                value={location}
                onChange={(e) => setLocation(e.target.value)}

                autoComplete="off"
              />
            </div>
            <div className="hd-appt-field">
              <Textarea
                textareaId="appt-directions"
                label={t('appt.new.directions')}
                value={directions}
                onChange={(e) => setDirections(e.target.value)}
                maxCharacters={500}
                minRows={2}
              />
            </div>
          </>
        )}
        <div className="hd-appt-field">
          <Textarea textareaId="appt-note" label={t('appt.new.note')} value={note} onChange={(e) => setNote(e.target.value)} maxCharacters={500} minRows={2} />
        </div>
        <Problem error={send.error} />
        <div className="hd-appt-actions">
          <Button type="submit" disabled={send.isPending}>
            {t('appt.new.submit')}
          </Button>
          <Link className="hd-link" to={`/clinician/units/${unitId}/appointments`}>
            {t('appt.new.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
