/**
 * /clinician/units/:unitId/patients/:contactId — "Pasient": the patient's parents (parental
 * responsibility), what parents may see at the patient's age, a parent dialog grant for a youth
 * of 12–15 (days and a written assessment), and flexible dialog for a period.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation, useParams } from 'react-router';
import { useMembers } from '../api/dialog.ts';
import { grantFlexibleDialog, grantParentDialog, useContactParents } from '../api/representation.ts';
import type { StaffRole } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { BackLink } from '../dialog/components.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { formatDate } from '../lib/format-date.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { ageFromBirthDate } from './format.ts';
import type { PatientState } from './PatientSearchPage.tsx';
import './representation.scss';

const ROLES: StaffRole[] = ['doctor', 'nurse', 'secretary', 'coordinator'];

function isPatientState(v: unknown): v is PatientState {
  return !!v && typeof v === 'object' && typeof (v as PatientState).name === 'string' && typeof (v as PatientState).birthDate === 'string';
}

export function PatientPage() {
  return <RequireSession kind="staff">{() => <Patient />}</RequireSession>;
}

function Patient() {
  const { t, locale } = useI18n();
  const { unitId = '', contactId = '' } = useParams();
  const location = useLocation();
  const state = isPatientState(location.state) ? location.state : undefined;
  const name = state?.name ?? t('pat.unknownName');
  const age = state ? ageFromBirthDate(state.birthDate) : null;
  useDocumentTitle(t('pat.docTitle', { name }));
  const parents = useContactParents(contactId);

  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/patients`}>{t('pat.back')}</BackLink>
      <p className="hd-greeting">{t('pat.title')}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {name}
      </Title>
      {state && (
        <p className="hd-lead">
          {t('pat.born', { date: formatDate(state.birthDate, locale) })}
          {age !== null && ` · ${t('pat.age', { age })}`}
        </p>
      )}
      {age !== null && (
        <NotificationPanel
          variant="info"
          label={age < 12 ? t('pat.rules.under12') : age < 16 ? t('pat.rules.youth') : t('pat.rules.adult')}
          labelHtmlMarkup="span"
        />
      )}

      <section className="hd-rep-section" aria-labelledby="pat-parents">
        <Title htmlMarkup="h2" appearance="title3" id="pat-parents" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('pat.parents.title')}
        </Title>
        {parents.isPending ? (
          <PageLoader />
        ) : parents.isError ? (
          <ErrorPanel error={parents.error} onRetry={() => void parents.refetch()} />
        ) : parents.data.items.length === 0 ? (
          <p>{t('pat.parents.empty')}</p>
        ) : (
          <ul className="hd-pat-hits">
            {parents.data.items.map((p) => (
              <li key={p.id}>{p.name}</li>
            ))}
          </ul>
        )}
      </section>

      {parents.data && parents.data.items.length > 0 && (age === null || (age >= 12 && age < 16)) && (
        <section className="hd-rep-section" aria-labelledby="pat-grant">
          <Title htmlMarkup="h2" appearance="title3" id="pat-grant" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('pat.grant.title')}
          </Title>
          <ParentDialogForm contactId={contactId} parents={parents.data.items} />
        </section>
      )}

      <section className="hd-rep-section" aria-labelledby="pat-flex">
        <Title htmlMarkup="h2" appearance="title3" id="pat-flex" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('pat.flex.title')}
        </Title>
        <p>{t('pat.flex.lead')}</p>
        <FlexibleDialogForm unitId={unitId} contactId={contactId} patient={state} parents={parents.data?.items ?? []} />
      </section>
    </>
  );
}

function parseDays(v: string): number | null {
  if (!/^\d{1,3}$/.test(v.trim())) return null;
  const n = Number(v);
  return n >= 1 && n <= 365 ? n : null;
}

function ParentDialogForm({ contactId, parents }: { contactId: string; parents: { id: string; name: string }[] }) {
  const { t, locale } = useI18n();
  const [parentId, setParentId] = useState(parents.length === 1 ? parents[0]!.id : '');
  const [days, setDays] = useState('30');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ parent?: string; days?: string; reason?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  // The design system's character counter keeps its own count: remount the field after a grant.
  const [round, setRound] = useState(0);
  const grant = useMutation({ mutationFn: (b: { parentId: string; days: number; reason: string }) => grantParentDialog(contactId, b) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseDays(days);
    const next: typeof errors = {};
    if (!parentId) next.parent = t('pat.validate.parent');
    if (n === null) next.days = t('pat.validate.days');
    if (reason.trim().length < 3) next.reason = t('pat.validate.reason');
    setErrors(next);
    setDone(null);
    if (Object.keys(next).length) {
      document.getElementById(next.parent ? 'grant-parent' : next.days ? 'grant-days' : 'grant-reason')?.focus();
      return;
    }
    grant.mutate(
      { parentId, days: n!, reason: reason.trim() },
      {
        onSuccess: (r) => {
          const who = parents.find((p) => p.id === parentId)?.name ?? '';
          setDone(t('pat.grant.done', { name: who, date: r.validUntil ? formatDate(r.validUntil, locale) : '' }));
          setReason('');
          setRound((r) => r + 1);
        },
      },
    );
  };

  return (
    <form className="hd-rep-form" onSubmit={submit} noValidate>
      <div className="hd-rep-field">
        <Select
          selectId="grant-parent"
          label={t('pat.grant.parent')}
          value={parentId}
          onChange={(e) => setParentId(e.target.value)}
          errorText={errors.parent}
          error={!!errors.parent}
        >
          <option value="">{t('pat.grant.choose')}</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="hd-rep-field">
        <Input
          inputId="grant-days"
          type="number"
          min={1}
          max={365}
          inputMode="numeric"
          label={t('pat.grant.days')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          errorText={errors.days}
          error={!!errors.days}
          width={8}
        />
      </div>
      <div className="hd-rep-field">
        <Textarea
          key={round}
          textareaId="grant-reason"
          label={t('pat.grant.reason')}
          aria-describedby="grant-reason-help"
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxCharacters={500}
          errorText={errors.reason}
          error={!!errors.reason}
        />
        <p className="hd-rep-help" id="grant-reason-help">
          {t('pat.grant.reasonHelp')}
        </p>
      </div>
      {grant.isError && (
        <div className="hd-rep-field">
          <ErrorPanel error={grant.error} title={t('pat.error')} />
        </div>
      )}
      {done && (
        <div className="hd-rep-field" role="status">
          <NotificationPanel variant="success" label={done} labelHtmlMarkup="span" />
        </div>
      )}
      <Button type="submit" disabled={grant.isPending}>
        {t('pat.grant.submit')}
      </Button>
    </form>
  );
}

function FlexibleDialogForm({
  unitId,
  contactId,
  patient,
  parents,
}: {
  unitId: string;
  contactId: string;
  patient: PatientState | undefined;
  parents: { id: string; name: string }[];
}) {
  const { t, locale } = useI18n();
  const members = useMembers(unitId);
  const [personId, setPersonId] = useState('');
  const [to, setTo] = useState('role:doctor');
  const [days, setDays] = useState('14');
  const [errors, setErrors] = useState<{ person?: string; days?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const grant = useMutation({
    mutationFn: (b: { personId: string; addressedRole?: StaffRole | null; addressedStaffId?: string | null; days: number }) =>
      grantFlexibleDialog(contactId, b),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseDays(days);
    const next: typeof errors = {};
    if (!personId) next.person = t('pat.validate.person');
    if (n === null) next.days = t('pat.validate.days');
    setErrors(next);
    setDone(null);
    if (Object.keys(next).length) {
      document.getElementById(next.person ? 'flex-person' : 'flex-days')?.focus();
      return;
    }
    const [kind, value] = to.split(':') as ['role' | 'staff', string];
    grant.mutate(
      { personId, days: n!, ...(kind === 'role' ? { addressedRole: value as StaffRole } : { addressedStaffId: value }) },
      { onSuccess: (r) => setDone(t('pat.flex.done', { date: r.validUntil ? formatDate(r.validUntil, locale) : '' })) },
    );
  };

  return (
    <form className="hd-rep-form" onSubmit={submit} noValidate>
      <div className="hd-rep-field">
        <Select
          selectId="flex-person"
          label={t('pat.flex.person')}
          value={personId}
          onChange={(e) => setPersonId(e.target.value)}
          errorText={errors.person}
          error={!!errors.person}
        >
          <option value="">{t('pat.flex.choose')}</option>
          {patient?.citizenId && <option value={patient.citizenId}>{t('pat.flex.patient', { name: patient.name })}</option>}
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {t('pat.flex.parent', { name: p.name })}
            </option>
          ))}
        </Select>
      </div>
      <div className="hd-rep-field">
        <Select selectId="flex-to" label={t('pat.flex.to')} value={to} onChange={(e) => setTo(e.target.value)}>
          <optgroup label={t('pat.flex.roles')}>
            {ROLES.map((r) => (
              <option key={r} value={`role:${r}`}>
                {t('pat.flex.role', { role: t(`staffRole.${r}`).toLowerCase() })}
              </option>
            ))}
          </optgroup>
          {members.data && members.data.items.length > 0 && (
            <optgroup label={t('pat.flex.people')}>
              {members.data.items.map((m) => (
                <option key={m.id} value={`staff:${m.id}`}>
                  {m.name}
                  {ROLES.includes(m.role as StaffRole) ? ` (${t(`staffRole.${m.role as StaffRole}`).toLowerCase()})` : ''}
                </option>
              ))}
            </optgroup>
          )}
        </Select>
      </div>
      <div className="hd-rep-field">
        <Input
          inputId="flex-days"
          type="number"
          min={1}
          max={365}
          inputMode="numeric"
          label={t('pat.grant.days')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          errorText={errors.days}
          error={!!errors.days}
          width={8}
        />
      </div>
      {grant.isError && (
        <div className="hd-rep-field">
          <ErrorPanel error={grant.error} title={t('pat.error')} />
        </div>
      )}
      {done && (
        <div className="hd-rep-field" role="status">
          <NotificationPanel variant="success" label={done} labelHtmlMarkup="span" />
        </div>
      )}
      <Button type="submit" disabled={grant.isPending}>
        {t('pat.flex.submit')}
      </Button>
    </form>
  );
}
