/**
 * THE writer of access-log entries for people: staff access (always with role and unit) and
 * representatives' actions (always with their role — parent or power of attorney — and the
 * unit the object belongs to). Every module writes through these functions; the entry is
 * never built by hand elsewhere.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { CitizenActor, Membership, StaffActor } from '../../access/actors.ts';
import { recordAudit, recordAudits } from './audit.service.ts';

type Tx = Transaction<DB>;

/** The unit an object belongs to; the name is looked up when the caller does not have it. */
export type UnitRef = string | { id: string; name?: string | null } | null;

async function unitName(tx: Tx, ref: UnitRef): Promise<string | null> {
  if (!ref) return null;
  const unit = typeof ref === 'string' ? { id: ref, name: null } : ref;
  if (unit.name) return unit.name;
  const row = await tx.selectFrom('units').select('name').where('id', '=', unit.id).executeTakeFirst();
  return row?.name ?? null;
}

/**
 * A staff member read or changed citizen data in a unit: one entry per citizen, with the
 * staff member's role in that unit and the unit.
 */
export async function auditStaff(
  tx: Tx,
  a: StaffActor,
  m: Membership,
  citizens: { citizen_id: string; unit_id?: string } | Iterable<string>,
  action: string,
  objectType: string,
  objectId: string | null,
): Promise<void> {
  const ids = Symbol.iterator in Object(citizens) ? new Set(citizens as Iterable<string>) : new Set([(citizens as { citizen_id: string }).citizen_id]);
  // One call for all citizens: recordAudits takes their chain locks in one global (sorted) order,
  // so two lists written at once cannot deadlock (the unit appointments page did).
  await recordAudits(
    tx,
    [...ids].map((citizenId) => staffEntry(a, m, citizenId, action, objectType, objectId)),
  );
}

/** One entry of a staff member's access in a unit: their role there and the unit. */
function staffEntry(a: StaffActor, m: Membership, citizenId: string, action: string, objectType: string, objectId: string | null) {
  return {
    citizenId,
    actorKind: 'staff' as const,
    actorStaffId: a.staffId,
    actorName: a.name,
    actorRole: m.role,
    unitId: m.unitId,
    unitName: m.unitName,
    action,
    objectType,
    objectId,
  };
}

/**
 * A staff member saw a list of objects in a unit: one entry per object, in its citizen's log, with
 * the object's id (so what the citizen may not see yet — a result awaiting release — stays out of
 * their view until they may). All in one call of the writer (its one lock order).
 */
export async function auditStaffEach(
  tx: Tx,
  a: StaffActor,
  m: Membership,
  objects: ReadonlyArray<{ citizen_id: string; id: string }>,
  action: string,
  objectType: string,
): Promise<void> {
  await recordAudits(
    tx,
    objects.map((o) => staffEntry(a, m, o.citizen_id, action, objectType, o.id)),
  );
}

/**
 * A representative (parent, power-of-attorney holder) acted for a citizen: written with their
 * role and the object's unit. Acting as oneself is not written (it is not access by others).
 */
export async function auditRepresentative(tx: Tx, a: CitizenActor, action: string, objectType: string, objectId: string, unit: UnitRef): Promise<void> {
  if (!a.representing) return;
  await recordAudit(tx, representativeEntry(a, action, objectType, objectId, typeof unit === 'string' ? unit : (unit?.id ?? null), await unitName(tx, unit)));
}

/**
 * A representative saw several objects at once (the history of an analysis over many results):
 * one entry per object, each with its own unit, all in one call of the writer. Acting as oneself
 * is not written.
 */
export async function auditRepresentativeEach(
  tx: Tx,
  a: CitizenActor,
  action: string,
  objectType: string,
  objects: ReadonlyArray<{ id: string; unit: { id: string; name: string } }>,
): Promise<void> {
  if (!a.representing) return;
  await recordAudits(
    tx,
    objects.map((o) => representativeEntry(a, action, objectType, o.id, o.unit.id, o.unit.name)),
  );
}

function representativeEntry(a: CitizenActor, action: string, objectType: string, objectId: string, unitId: string | null, unitName: string | null) {
  return {
    citizenId: a.subjectId,
    actorKind: 'representative' as const,
    actorPersonId: a.userId,
    actorName: a.userName,
    actorRole: a.relation,
    unitId,
    unitName,
    action,
    objectType,
    objectId,
  };
}
