/** /clinician/units/:unitId/appointments — a unit's timebooks, open requests, coming appointments and visits, and its appointment services. */
import { APPOINTMENT_TYPES } from '@helsedialog/core/constants';
import type { Appointment, AppointmentRequest, AppointmentSettings, AppointmentType, Slot, Timebook } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { useLiveDialog } from '../dialog/live.ts';
import { VideoJoin } from './AppointmentDetailPage.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import {
  apptKeys,
  assignRequest,
  completeAppointment,
  markNotAttended,
  createTimebook,
  declineRequest,
  offerSlots,
  saveSettings,
  staffCancel,
  staffChange,
  useUnitOpenSlots,
  useUnitOverview,
} from './api.ts';
import { CalendarLink } from './calendar-parts.tsx';
import { AnswerAndArrival, AnswerSettingsSection, FreeBusyDay, OpenAnswersSection } from './UnitAnswerParts.tsx';
import { AppointmentCard, Back, Done, formatDayLong, formatTime, osloDate, Problem, WhenFields } from './parts.tsx';

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
  // Live: a new request, booking or cancellation shows without a reload (/api/events).
  useLiveDialog('staff');
  useRefreshAtNextChange(unitId, q.data?.appointments);
  /** The last answer to a request; shown above the list, since an assigned request leaves it. */
  const [answered, setAnswered] = useState<string | undefined>();
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
      <p className="hd-lead">
        <Link className="hd-link" to={`/clinician/units/${unitId}/appointments/new`}>
          {t('appt.new.link')}
        </Link>
        {' · '}
        <CalendarLink unitId={unitId} />
        {' · '}
        <Link className="hd-link" to={`/clinician/units/${unitId}/waitlist`}>
          {t('wl.link')}
        </Link>
      </p>
      <OpenAnswersSection unitId={unitId} />
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
        <NewTimebook unitId={unitId} />
      </section>
      <section className="hd-section" aria-labelledby="rq-h">
        <Title id="rq-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('appt.requests.open')} <span className="hd-count">({requests.length})</span>
        </Title>
        {answered && <Done>{answered}</Done>}
        {requests.length === 0 ? (
          <p>{t('appt.requests.none')}</p>
        ) : (
          <ul className="hd-appt-list">
            {requests.map((r) => (
              <li key={r.id}>
                <RequestCard r={r} timebooks={timebooks} unitId={unitId} onAnswered={setAnswered} />
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
      <AnswerSettingsSection unitId={unitId} isAdmin={!!unit?.isAdmin} />
    </>
  );
}

/**
 * Refreshes the list when the next appointment's video window opens or it starts (the server
 * decides what may be shown then: the join link, "mark carried out"), instead of polling.
 */
function useRefreshAtNextChange(unitId: string, appointments: Appointment[] | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    const now = Date.now();
    const next = Math.min(
      ...(appointments ?? [])
        .filter((a) => a.status === 'booked')
        .flatMap((a) => [a.videoOpensAt, a.startsAt])
        .map((x) => (x ? Date.parse(x) : Infinity))
        .filter((t) => t > now),
    );
    if (!Number.isFinite(next) || next - now > 2 ** 31 - 1) return;
    const timer = setTimeout(() => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) }), next - now + 1000);
    return () => clearTimeout(timer);
  }, [qc, unitId, appointments]);
}

function StaffAppointment({ a, unitId }: { a: Appointment; unitId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const complete = useMutation({ mutationFn: () => completeAppointment(a.id), onSuccess: done });
  const notAttended = useMutation({ mutationFn: () => markNotAttended(a.id), onSuccess: done });
  const who = a.citizen?.name ?? '';
  return (
    <AppointmentCard
      a={a}
      actions={
        <>
          <AnswerAndArrival a={a} />
          {a.type === 'video' && <VideoJoin a={a} />}
          <Problem error={complete.error ?? notAttended.error} />
          {a.canComplete ? (
            <>
              <Button variant="outline" onClick={() => complete.mutate()} disabled={complete.isPending || notAttended.isPending}>
                {a.type === 'home_visit' ? t('appt.staff.visitDone') : t('appt.staff.done')}
                <span className="hd-visually-hidden"> – {who}</span>
              </Button>
              <Button variant="borderless" onClick={() => notAttended.mutate()} disabled={complete.isPending || notAttended.isPending}>
                {t('appt.staff.notAttended')}
                <span className="hd-visually-hidden"> – {who}</span>
              </Button>
            </>
          ) : (
            <p className="hd-appt-field">{t('appt.staff.doneFrom', { time: `${formatDayLong(a.startsAt, locale)} ${formatTime(a.startsAt, locale)}` })}</p>
          )}
          <ChangeForm a={a} onDone={done} />
          <CancelForm a={a} onDone={done} />
        </>
      }
    />
  );
}

/** Change the time, type or place of a booked appointment (raises appointment.changed). */
function ChangeForm({ a, onDone }: { a: Appointment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [date, setDate] = useState(osloDate(a.startsAt));
  const [time, setTime] = useState(formatTime(a.startsAt, 'nb-NO'));
  const [minutes, setMinutes] = useState(String(Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000)));
  const [type, setType] = useState<AppointmentType>(a.type);
  const [location, setLocation] = useState(a.location ?? '');
  const [directions, setDirections] = useState(a.directions ?? '');
  const change = useMutation({
    mutationFn: () =>
      staffChange(a.id, {
        date,
        time,
        durationMinutes: Number(minutes),
        type,
        location: location.trim() || null,
        directions: directions.trim() || null,
      }),
    onSuccess: onDone,
  });
  const id = (x: string) => `chg-${x}-${a.id}`;
  const who = a.citizen?.name ?? '';
  return (
    <details className="hd-appt-details">
      <summary>
        {t('appt.change.title')}
        <span className="hd-visually-hidden">
          {' '}
          – {who}, {formatDayLong(a.startsAt, locale)} {formatTime(a.startsAt, locale)}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
        aria-label={t('appt.change.form', { name: who })}
      >
        <div className="hd-appt-row">
          <WhenFields
            id={id}
            date={date}
            setDate={setDate}
            time={time}
            setTime={setTime}
            minutes={minutes}
            setMinutes={setMinutes}
            type={type}
            setType={setType}
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId={id('loc')}
            label={t('appt.new.location')}
            value={location}
            onChange={(e) => setLocation(e.target.value)}

            autoComplete="off"
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId={id('dir')}
            label={t('appt.new.directions')}
            value={directions}
            onChange={(e) => setDirections(e.target.value)}

            autoComplete="off"
          />
        </div>
        <Problem error={change.error} />
        {change.isSuccess && <Done>{t('appt.change.done')}</Done>}
        <Button type="submit" disabled={change.isPending}>
          {t('appt.change.submit')}
        </Button>
      </form>
    </details>
  );
}

/** Cancel an appointment with an optional reason (raises appointment.cancelled). */
function CancelForm({ a, onDone }: { a: Appointment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const cancel = useMutation({ mutationFn: () => staffCancel(a.id, reason.trim() || undefined), onSuccess: onDone });
  const who = a.citizen?.name ?? '';
  return (
    <details className="hd-appt-details">
      <summary>
        {t('appt.staff.cancel')}
        <span className="hd-visually-hidden">
          {' '}
          – {who}, {formatDayLong(a.startsAt, locale)} {formatTime(a.startsAt, locale)}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cancel.mutate();
        }}
        aria-label={t('appt.staffCancel.form', { name: who })}
      >
        <div className="hd-appt-field">
          <Input
            inputId={`cnl-${a.id}`}
            label={t('appt.staffCancel.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}

            autoComplete="off"
          />
        </div>
        <Problem error={cancel.error} />
        <Button type="submit" variant="outline" disabled={cancel.isPending}>
          {t('appt.staffCancel.confirm')}
        </Button>
      </form>
    </details>
  );
}

/** Create a timebook: the clinician's own, or a resource such as "Blodprøve på laboratoriet". */
function NewTimebook({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'clinician' | 'resource'>('clinician');
  const [name, setName] = useState('');
  const [defaultType, setDefaultType] = useState<AppointmentType>('in_person');
  const [location, setLocation] = useState('');
  const [directions, setDirections] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: () =>
      createTimebook(unitId, {
        kind,
        name: name.trim(),
        defaultType,
        ...(location.trim() ? { location: location.trim() } : {}),
        ...(directions.trim() ? { directions: directions.trim() } : {}),
      }),
    onSuccess: () => {
      setName('');
      setLocation('');
      setDirections('');
      void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('appt.timebookNew.nameMissing'));
      return;
    }
    setNameError(undefined);
    create.mutate();
  };
  return (
    <details className="hd-appt-details">
      <summary>{t('appt.timebookNew.title')}</summary>
      <form onSubmit={submit} noValidate aria-label={t('appt.timebookNew.title')}>
        <fieldset className="hd-appt-fieldset">
          <legend>{t('appt.timebookNew.kind')}</legend>
          <RadioButton
            inputId="tb-kind-clinician"
            name="tb-kind"
            label={t('appt.timebookNew.own')}
            value="clinician"
            checked={kind === 'clinician'}
            onChange={() => setKind('clinician')}
          />
          <RadioButton
            inputId="tb-kind-resource"
            name="tb-kind"
            label={t('appt.timebookNew.resource')}
            value="resource"
            checked={kind === 'resource'}
            onChange={() => setKind('resource')}
          />
        </fieldset>
        <div className="hd-appt-field">
          <Input
            inputId="tb-name"
            label={t('appt.timebookNew.name')}
            aria-describedby="tb-name-help"
            value={name}
            onChange={(e) => setName(e.target.value)}

            autoComplete="off"
            error={!!nameError}
            {...(nameError ? { errorText: nameError } : {})}
          />
          <p id="tb-name-help" className="hd-appt-help">
            {kind === 'resource' ? t('appt.timebookNew.nameHelpResource') : t('appt.timebookNew.nameHelpOwn')}
          </p>
        </div>
        <div className="hd-appt-field">
          <Select
            selectId="tb-type"
            label={t('appt.timebookNew.defaultType')}
            value={defaultType}
            onChange={(e) => setDefaultType(e.target.value as AppointmentType)}
          >
            {APPOINTMENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`appt.type.${x}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="tb-location"
            label={t('appt.new.location')}
            value={location}
            onChange={(e) => setLocation(e.target.value)}

            autoComplete="off"
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="tb-directions"
            label={t('appt.new.directions')}
            value={directions}
            onChange={(e) => setDirections(e.target.value)}

            autoComplete="off"
          />
        </div>
        <Problem error={create.error} />
        {create.isSuccess && <Done>{t('appt.timebookNew.done', { name: create.data.name })}</Done>}
        <Button type="submit" disabled={create.isPending}>
          {t('appt.timebookNew.submit')}
        </Button>
      </form>
    </details>
  );
}

/** Answer a request by offering up to five open slots; the citizen takes one of them. */
function OfferForm({ r, timebooks, onDone }: { r: AppointmentRequest; timebooks: Timebook[]; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const slots = useUnitOpenSlots(r.unit.id, timebooks, open);
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [hours, setHours] = useState('48');
  const offer = useMutation({
    mutationFn: () => offerSlots(r.id, { slotIds: chosen, hoursToAnswer: Number(hours) || 48, ...(text.trim() ? { text: text.trim() } : {}) }),
    onSuccess: () => {
      setChosen([]);
      onDone();
    },
  });
  const who = r.citizen?.name ?? '';
  const label = (s: Slot) => `${formatDayLong(s.startsAt, locale)} ${formatTime(s.startsAt, locale)}–${formatTime(s.endsAt, locale)}, ${s.timebook.name}`;
  return (
    <details className="hd-appt-details" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        {t('appt.offer.title')}
        <span className="hd-visually-hidden"> – {who}</span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          offer.mutate();
        }}
        aria-label={t('appt.offerForm.form', { name: who })}
      >
        {slots.isPending ? (
          open && <p>{t('appt.offerForm.loading')}</p>
        ) : slots.isError ? (
          <Problem error={slots.error} />
        ) : slots.data.length === 0 ? (
          <p>{t('appt.offerForm.none')}</p>
        ) : (
          <fieldset className="hd-appt-fieldset">
            <legend>{t('appt.offerForm.choose')}</legend>
            <ul className="hd-appt-offer-slots">
              {slots.data.slice(0, 40).map((s) => (
                <li key={s.id}>
                  <Checkbox
                    inputId={`offer-${r.id}-${s.id}`}
                    label={label(s)}
                    checked={chosen.includes(s.id)}
                    disabled={!chosen.includes(s.id) && chosen.length >= 5}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))}
                  />
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <div className="hd-appt-field">
          <Input
            inputId={`offer-text-${r.id}`}
            label={t('appt.offerForm.text')}
            value={text}
            onChange={(e) => setText(e.target.value)}

            autoComplete="off"
          />
        </div>
        <div className="hd-appt-native" style={{ maxWidth: '14rem' }}>
          <label htmlFor={`offer-hours-${r.id}`}>{t('appt.offerForm.hours')}</label>
          <input id={`offer-hours-${r.id}`} type="number" min={1} max={168} value={hours} onChange={(e) => setHours(e.target.value)} />
        </div>
        <Problem error={offer.error} />
        {offer.isSuccess && <Done>{t('appt.offerForm.done')}</Done>}
        <div className="hd-appt-actions">
          <Button type="submit" disabled={offer.isPending || chosen.length === 0}>
            {t('appt.offerForm.submit', { n: chosen.length })}
          </Button>
        </div>
      </form>
    </details>
  );
}

function RequestCard({
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
  const [date, setDate] = useState(r.preferredTimes[0]?.date ?? '');
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState('20');
  const [type, setType] = useState<AppointmentType>('in_person');
  // The patient's own GP's timebook first, if they have one here.
  const [timebookId, setTimebookId] = useState(
    (r.gpStaffId ? timebooks.find((tb) => tb.kind === 'clinician' && tb.staffId === r.gpStaffId)?.id : undefined) ?? timebooks[0]?.id ?? '',
  );
  const [answer, setAnswer] = useState('');
  const done = () => void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
  const assign = useMutation({
    mutationFn: () => assignRequest(r.id, { date, time, durationMinutes: Number(minutes), type, ...(timebookId ? { timebookId } : {}) }),
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
          {r.preferredTimes.map((p) => `${formatDayLong(`${p.date}T12:00:00Z`, locale)} (${t(`appt.part.${p.partOfDay}`)})`).join(', ')}
        </p>
      )}
      {r.status === 'offered' && <p className="hd-panel-text">{t('appt.request.status.offered')}</p>}
      <form onSubmit={submit} aria-label={t('appt.assign.form', { name: who })}>
        <div className="hd-appt-row">
          <WhenFields
            id={id}
            date={date}
            setDate={setDate}
            time={time}
            setTime={setTime}
            minutes={minutes}
            setMinutes={setMinutes}
            type={type}
            setType={setType}
          />
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
        <FreeBusyDay unitId={unitId} timebookId={timebookId} date={date} />
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
