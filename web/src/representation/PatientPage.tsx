/**
 * /clinician/units/:unitId/patients/:contactId — "Pasient": the patient (from the contact itself,
 * so the page works from a fresh URL), parents and holders of a power of attorney, the grants in
 * this contact (active first, each with "Avslutt"), a parent dialog grant for a youth of 12–15
 * (days and a written assessment), and flexible dialog for a period to the patient or a relative.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import classNames from 'classnames';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMembers } from '../api/dialog.ts';
import type { ContactDetail, ContactGrant } from '@helsedialog/core';
import { grantFlexibleDialog, grantParentDialog, representationKeys, revokeGrant, useContactDetail } from '../api/representation.ts';
import type { StaffRole } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import './representation.scss';
import { SendToolPanel } from '../tasks/SendToolPanel.tsx';
import { EndContactPanel } from './HealthContactPanels.tsx';
import { formatDate } from '../lib/format.ts';

const ROLES: StaffRole[] = ['doctor', 'nurse', 'secretary', 'coordinator'];

function isStaffRole(v: string | null): v is StaffRole {
  return !!v && (ROLES as string[]).includes(v);
}

export function PatientPage() {
  return <RequireSession kind="staff">{() => <Patient />}</RequireSession>;
}

function Patient() {
  const { t, locale } = useI18n();
  const { unitId = '', contactId = '' } = useParams();
  const contact = useContactDetail(contactId);
  useDocumentTitle(t('pat.docTitle', { name: contact.data?.name ?? t('pat.unknownName') }));
  const back = <BackLink to={`/clinician/units/${unitId}/patients`}>{t('pat.back')}</BackLink>;

  if (contact.isPending) return <PageLoader />;
  if (contact.isError)
    return (
      <>
        {back}
        <ErrorPanel error={contact.error} headingLevel="h1" onRetry={() => void contact.refetch()} />
      </>
    );
  const c = contact.data;
  const parents = c.relatives.filter((r) => r.relation === 'parent');

  return (
    <>
      {back}
      <p className="hd-greeting">{t('pat.title')}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {c.name}
      </Title>
      <p className="hd-lead">
        {t('pat.born', { date: formatDate(c.birthDate, locale) })}
        {` · ${t('pat.age', { age: c.age })}`}
        {c.status === 'previous' && ` · ${t('pat.search.previous')}`}
      </p>
      <NotificationPanel
        variant="info"
        label={c.age < 12 ? t('pat.rules.under12') : c.age < 16 ? t('pat.rules.youth') : t('pat.rules.adult')}
        labelHtmlMarkup="span"
      />

      <section className="hd-rep-section" aria-labelledby="pat-relatives">
        <Title htmlMarkup="h2" appearance="title3" id="pat-relatives" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('pat.relatives.title')}
        </Title>
        {c.relatives.length === 0 ? (
          <p>{t('pat.relatives.empty')}</p>
        ) : (
          <ul className="hd-pat-hits">
            {c.relatives.map((r) => (
              <li key={`${r.relation}-${r.id}`}>
                <strong>{r.name}</strong>
                <span className="hd-muted"> · {t(`pat.relation.${r.relation}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="hd-rep-section" aria-labelledby="pat-grants">
        <Title htmlMarkup="h2" appearance="title3" id="pat-grants" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('pat.grants.title')}
        </Title>
        <GrantList contact={c} />
      </section>

      {parents.length > 0 && c.age >= 12 && c.age < 16 && (
        <section className="hd-rep-section" aria-labelledby="pat-grant">
          <Title htmlMarkup="h2" appearance="title3" id="pat-grant" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('pat.grant.title')}
          </Title>
          <ParentDialogForm contactId={c.id} parents={parents} />
        </section>
      )}

      <section className="hd-rep-section" aria-labelledby="pat-flex">
        <Title htmlMarkup="h2" appearance="title3" id="pat-flex" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('pat.flex.title')}
        </Title>
        <p>{t('pat.flex.lead')}</p>
        <FlexibleDialogForm unitId={c.unitId || unitId} contact={c} />
      </section>
      {c.status === 'active' && <SendToolPanel unitId={c.unitId || unitId} contactId={contactId} />}
      {c.status === 'active' && <EndContactPanel contactId={c.id} name={c.name} />}
    </>
  );
}

type GrantState = 'active' | 'expired' | 'revoked';

function grantState(g: ContactGrant, now = Date.now()): GrantState {
  if (g.active) return 'active';
  // The contact answer has no revocation time: an inactive grant whose end lies ahead was ended early.
  return new Date(g.validUntil).getTime() <= now ? 'expired' : 'revoked';
}

/** Active grants first (the soonest to end on top), then ended ones, the latest first. */
function sortGrants(grants: ContactGrant[]): ContactGrant[] {
  const time = (g: ContactGrant) => new Date(g.validUntil).getTime();
  return [...grants].sort((a, b) => (a.active !== b.active ? (a.active ? -1 : 1) : a.active ? time(a) - time(b) : time(b) - time(a)));
}

function GrantList({ contact }: { contact: ContactDetail }) {
  const { t } = useI18n();
  if (contact.grants.length === 0) return <p>{t('pat.grants.empty')}</p>;
  return (
    <ul className="hd-rep-list">
      {sortGrants(contact.grants).map((g) => (
        <li key={`${g.kind}-${g.id}`}>
          <GrantCard grant={g} contactId={contact.id} />
        </li>
      ))}
    </ul>
  );
}

function GrantCard({ grant: g, contactId }: { grant: ContactGrant; contactId: string }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const revoke = useMutation({
    mutationFn: () => revokeGrant(g.kind, g.id),
    onSuccess: async () => {
      setConfirming(false);
      setDone(true);
      await qc.invalidateQueries({ queryKey: representationKeys.contact(contactId) });
      headingRef.current?.focus();
    },
  });
  const state = grantState(g);
  const kind = t(`pat.grants.kind.${g.kind}`);
  const until = formatDate(g.validUntil, locale);
  return (
    <article className={classNames('hd-rep-card', { 'hd-rep-card--ended': state !== 'active' })} aria-labelledby={headingId}>
      <div className="hd-rep-card__head">
        <h3 className="hd-rep-card__title" id={headingId} ref={headingRef} tabIndex={-1}>
          {t('pat.grants.heading', { kind, name: g.person.name })}
        </h3>
        <span className={classNames('hd-rep-status', { 'hd-rep-status--active': state === 'active' })}>{t(`pat.grants.state.${state}`)}</span>
      </div>
      <dl className="hd-rep-card__facts">
        {g.kind === 'flexible_dialog' && (
          <>
            <dt>{t('pat.flex.to')}</dt>
            <dd>{isStaffRole(g.addressedRole) ? t('pat.flex.role', { role: t(`staffRole.${g.addressedRole}`).toLowerCase() }) : t('pat.grants.toPerson')}</dd>
          </>
        )}
        <dt>{state === 'active' ? t('pat.grants.until') : state === 'expired' ? t('pat.grants.expiredAt') : t('pat.grants.plannedUntil')}</dt>
        <dd>{until}</dd>
      </dl>
      {done && (
        <p role="status" className="hd-panel-text">
          {t('pat.grants.revoked')}
        </p>
      )}
      {state === 'active' && (
        <div className="hd-rep-card__actions">
          {confirming ? (
            <>
              <p className="hd-panel-text" id={`${headingId}-confirm`}>
                {t('pat.grants.revokeConfirm', { name: g.person.name })}
              </p>
              <Button concept="destructive" aria-describedby={`${headingId}-confirm`} disabled={revoke.isPending} onClick={() => revoke.mutate()}>
                {revoke.isPending ? t('pat.grants.revoking') : t('pat.grants.revokeYes')}
              </Button>
              <Button variant="borderless" onClick={() => setConfirming(false)} disabled={revoke.isPending}>
                {t('pat.grants.revokeNo')}
              </Button>
            </>
          ) : (
            <Button
              variant="outline"
              aria-label={t('pat.grants.revokeFor', { kind: kind.toLowerCase(), name: g.person.name })}
              onClick={() => setConfirming(true)}
            >
              {t('pat.grants.revoke')}
            </Button>
          )}
        </div>
      )}
      {revoke.isError && <ErrorPanel error={revoke.error} title={t('pat.grants.revokeError')} />}
    </article>
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
  const qc = useQueryClient();
  const grant = useMutation({
    mutationFn: (b: { parentId: string; days: number; reason: string }) => grantParentDialog(contactId, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: representationKeys.contact(contactId) }),
  });

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

function FlexibleDialogForm({ unitId, contact }: { unitId: string; contact: ContactDetail }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const contactId = contact.id;
  // The patient, then parents and holders of a power of attorney (a person once, parent first).
  const relatives = contact.relatives.filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i && r.id !== contact.citizenId);
  const members = useMembers(unitId);
  const [personId, setPersonId] = useState('');
  const [to, setTo] = useState('role:doctor');
  const [days, setDays] = useState('14');
  const [errors, setErrors] = useState<{ person?: string; days?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const grant = useMutation({
    mutationFn: (b: { personId: string; addressedRole?: StaffRole | null; addressedStaffId?: string | null; days: number }) =>
      grantFlexibleDialog(contactId, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: representationKeys.contact(contactId) }),
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
          <option value={contact.citizenId}>{t('pat.flex.patient', { name: contact.name })}</option>
          {relatives.map((r) => (
            <option key={r.id} value={r.id}>
              {t(r.relation === 'parent' ? 'pat.flex.parent' : 'pat.flex.poa', { name: r.name })}
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
