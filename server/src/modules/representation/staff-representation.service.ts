/**
 * What clinicians decide about representation: a contact's relatives and grants, a parent dialog
 * for a youth (after an assessment), hiding a single item from parents, and flexible dialog for a
 * period. Each state change runs in one transaction with its access-log entry.
 */
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { ageOn, todayInOslo } from '../../platform/time.ts';
import { requireMembership, type StaffActor } from '../../access/actors.ts';
import { HIDE_ALIASES } from '../../access/policy.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import {
  activePoaHolders,
  contactPeriodAndPatient,
  findContactWithPatient,
  findGrant,
  findHideableItem,
  findParentalResponsibility,
  findRelatedPerson,
  flexibleDialogsOfContact,
  hideFromParents,
  insertFlexibleDialog,
  insertParentDialogGrant,
  parentDialogGrantsOfContact,
  parentsOf,
  revokeGrant as revokeGrantRow,
  showToParents,
  staffInUnit,
  type GrantKind,
} from './representation.repository.ts';

/** A health contact in one of the actor's units, or 404. */
export async function contactInUnit(db: DbOrTx, actorUnits: Set<string>, contactId: string) {
  const c = await findContactWithPatient(db, contactId);
  if (!c || !actorUnits.has(c.unit_id)) throw notFound('The health contact');
  return c;
}

/** One health contact of the actor's unit: the patient, relatives who may act for them, and grants (audited). */
export async function contactDetail(db: Db, a: StaffActor, contactId: string) {
  const c = await contactInUnit(db, new Set(a.memberships.keys()), contactId);
  const full = await contactPeriodAndPatient(db, c.id);
  const t = now();
  const [parents, holders, parentGrants, flex] = await Promise.all([
    parentsOf(db, c.citizen_id),
    activePoaHolders(db, c.citizen_id, t),
    parentDialogGrantsOfContact(db, c.id),
    flexibleDialogsOfContact(db, c.id),
  ]);
  await db.transaction().execute((tx) => auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'contact.read', 'health_contact', c.id));
  return {
    id: c.id,
    unitId: c.unit_id,
    citizenId: c.citizen_id,
    name: `${full.given_name} ${full.family_name}`,
    birthDate: full.birth_date,
    age: ageOn(full.birth_date, todayInOslo(t)),
    status: contactStatus({ startedAt: full.started_at, endsAt: full.ends_at, endedAt: full.ended_at }, t),
    // People with a confidential address are never shown to anyone acting for others; staff see the relations.
    relatives: [
      ...parents.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, relation: 'parent' as const })),
      ...holders.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, relation: 'poa' as const })),
    ],
    grants: [
      ...parentGrants.map((g) => ({
        id: g.id,
        kind: 'parent_dialog' as const,
        person: { id: g.pid, name: `${g.given_name} ${g.family_name}` },
        addressedRole: null,
        validUntil: g.valid_until.toISOString(),
        active: !g.revoked_at && g.valid_until > t,
      })),
      ...flex.map((g) => ({
        id: g.id,
        kind: 'flexible_dialog' as const,
        person: { id: g.pid, name: `${g.given_name} ${g.family_name}` },
        addressedRole: g.addressed_role,
        validUntil: g.valid_until.toISOString(),
        active: !g.revoked_at && g.valid_until > t,
      })),
    ],
  };
}

/** Ends a parent-dialog or flexible-dialog grant now. */
export async function revokeGrant(db: Db, a: StaffActor, kind: GrantKind, grantId: string): Promise<{ id: string; validUntil: string }> {
  return db.transaction().execute(async (tx) => {
    const g = await findGrant(tx, kind, grantId);
    if (!g || !a.memberships.has(g.unit_id)) throw notFound('The grant');
    if (g.revoked_at) throw new AppError('CONFLICT', 'This grant has already ended.');
    await revokeGrantRow(tx, kind, grantId, now());
    await auditStaff(tx, a, requireMembership(a, g.unit_id), g, `${kind}.revoke`, 'health_contact', grantId);
    return { id: grantId, validUntil: now().toISOString() };
  });
}

/** The parents with parental responsibility for the patient of a contact in the actor's unit. */
export async function contactParents(db: Db, a: StaffActor, contactId: string): Promise<Array<{ id: string; name: string }>> {
  const c = await contactInUnit(db, new Set(a.memberships.keys()), contactId);
  const rows = await parentsOf(db, c.citizen_id);
  return rows.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}` }));
}

/** After assessment, lets a parent of a youth (12–15) use dialog in a contact for a number of days. */
export async function grantParentDialog(
  db: Db,
  a: StaffActor,
  contactId: string,
  input: { parentId: string; days: number; reason: string },
): Promise<{ id: string; validUntil: string }> {
  const c = await contactInUnit(db, new Set(a.memberships.keys()), contactId);
  const age = ageOn(c.birth_date, todayInOslo(now()));
  if (age < 12 || age >= 16)
    throw new AppError(
      'CONFLICT',
      'Parent dialog grants are for patients aged 12 to 15. Younger children’s parents already have access; from 16 a power of attorney is needed.',
    );
  const parent = await findParentalResponsibility(db, input.parentId, c.citizen_id);
  if (!parent) throw new AppError('VALIDATION_FAILED', 'That person does not have parental responsibility for the patient.');
  const until = new Date(now().getTime() + input.days * 86_400_000);
  const id = await db.transaction().execute(async (tx) => {
    const id = await insertParentDialogGrant(tx, {
      child_id: c.citizen_id,
      parent_id: input.parentId,
      contact_id: c.id,
      granted_by: a.staffId,
      reason: input.reason,
      valid_from: now(),
      valid_until: until,
    });
    await auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'parent_dialog.grant', 'health_contact', c.id);
    return id;
  });
  return { id, validUntil: until.toISOString() };
}

/** Hides (or shows again) a single item of one of the actor's units from the patient's parents. */
export async function setHiddenFromParents(
  db: Db,
  a: StaffActor,
  input: { objectType: keyof typeof HIDE_ALIASES; objectId: string; hidden: boolean },
): Promise<{ id: string; validUntil: null }> {
  const { objectId, hidden } = input;
  // Stored and checked under the policy's name for the kind ("document" is a letter).
  const objectType = HIDE_ALIASES[input.objectType]!;
  // The item must belong to one of the actor's units.
  const row = await findHideableItem(db, objectType, objectId);
  if (!row || !a.memberships.has(row.unit_id)) throw notFound('The item');
  await db.transaction().execute(async (tx) => {
    if (hidden) await hideFromParents(tx, { object_type: objectType, object_id: objectId, citizen_id: row.citizen_id, hidden_by: a.staffId });
    else await showToParents(tx, objectType, objectId);
    await auditStaff(tx, a, requireMembership(a, row.unit_id), row, hidden ? 'item.hide_from_parents' : 'item.show_to_parents', objectType, objectId);
  });
  return { id: objectId, validUntil: null };
}

/** Grants flexible dialog to the patient, a parent or a relative with a power of attorney, for a number of days. */
export async function grantFlexibleDialog(
  db: Db,
  a: StaffActor,
  contactId: string,
  b: {
    personId: string;
    addressedRole?: 'doctor' | 'nurse' | 'secretary' | 'coordinator' | null | undefined;
    addressedStaffId?: string | null | undefined;
    days: number;
  },
): Promise<{ id: string; validUntil: string }> {
  const c = await contactInUnit(db, new Set(a.memberships.keys()), contactId);
  if (b.addressedStaffId) {
    const member = await staffInUnit(db, b.addressedStaffId, c.unit_id);
    if (!member) throw new AppError('VALIDATION_FAILED', 'The addressed person does not work in this unit.');
  }
  if (b.personId !== c.citizen_id) {
    const related = await findRelatedPerson(db, b.personId, c.citizen_id);
    if (!related) throw new AppError('VALIDATION_FAILED', 'Flexible dialog can be granted to the patient, a parent, or a relative with a power of attorney.');
  }
  const until = new Date(now().getTime() + b.days * 86_400_000);
  const id = await db.transaction().execute(async (tx) => {
    const id = await insertFlexibleDialog(tx, {
      contact_id: c.id,
      unit_id: c.unit_id,
      citizen_id: c.citizen_id,
      person_id: b.personId,
      addressed_role: b.addressedRole ?? null,
      addressed_staff_id: b.addressedStaffId ?? null,
      granted_by: a.staffId,
      valid_from: now(),
      valid_until: until,
    });
    await auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'flexible_dialog.grant', 'health_contact', c.id);
    return id;
  });
  return { id, validUntil: until.toISOString() };
}
