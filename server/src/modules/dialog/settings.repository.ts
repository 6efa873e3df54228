/**
 * The SQL of a unit's dialog settings (Kysely): the service catalogue (unit_services), a GP
 * doctor's own switches (staff_service_settings), the unit's topics (unit_topics) and staff
 * absences with their cover (staff_absences). Takes a database or a transaction; the rules are in
 * catalogue.service.ts, topics.service.ts and absences.service.ts.
 */
import type { Initiator, StaffRole } from '../../platform/db-types.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type {} from './dialog-rules.tables.ts';

// ---- The service catalogue ----

/** All catalogue rows of a unit (on and off), by service. */
export async function unitServiceRows(db: DbOrTx, unitId: string) {
  return db.selectFrom('unit_services').selectAll().where('unit_id', '=', unitId).orderBy('service').execute();
}

/** A doctor's own switches in a unit (service, enabled). */
export async function staffServiceSwitches(db: DbOrTx, staffId: string, unitId: string) {
  return db.selectFrom('staff_service_settings').select(['service', 'enabled']).where('staff_id', '=', staffId).where('unit_id', '=', unitId).execute();
}

/** Each doctor's own switches in a unit, with the doctor's name (members of the unit only), by family and given name. */
export async function staffServiceSwitchesOfUnit(db: DbOrTx, unitId: string) {
  return db
    .selectFrom('staff_service_settings as o')
    .innerJoin('staff as s', 's.id', 'o.staff_id')
    .innerJoin('staff_memberships as m', (j) => j.onRef('m.staff_id', '=', 'o.staff_id').onRef('m.unit_id', '=', 'o.unit_id'))
    .select(['o.service', 'o.staff_id', 'o.enabled', 's.given_name', 's.family_name'])
    .where('o.unit_id', '=', unitId)
    .orderBy('s.family_name')
    .orderBy('s.given_name')
    .execute();
}

/** A health contact of a citizen with its unit's name and kind, or undefined. */
export async function contactOfCitizenWithUnit(db: DbOrTx, citizenId: string, contactId: string) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('units as u', 'u.id', 'hc.unit_id')
    .select(['hc.id', 'hc.unit_id', 'hc.gp_staff_id', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'u.name as unit_name', 'u.kind as unit_kind'])
    .where('hc.id', '=', contactId)
    .where('hc.citizen_id', '=', citizenId)
    .executeTakeFirst();
}

/**
 * Writes one service of a unit: inserted, or its terms replaced (`texts`, the other languages,
 * only when given). `settings` and `texts` are JSON text.
 */
export async function upsertUnitServiceTerms(
  db: DbOrTx,
  unitId: string,
  service: string,
  v: { enabled: boolean; initiator: Initiator; answer_days: number | null; intro_text: string | null; settings: string; texts?: string },
  staffId: string,
): Promise<void> {
  await db
    .insertInto('unit_services')
    .values({ unit_id: unitId, service, ...v, updated_at: clockNow(), updated_by: staffId })
    .onConflict((oc) => oc.columns(['unit_id', 'service']).doUpdateSet({ ...v, updated_at: clockNow(), updated_by: staffId }))
    .execute();
}

/** Sets a doctor's own switch of a service for their list in a unit. */
export async function upsertStaffServiceSwitch(db: DbOrTx, staffId: string, unitId: string, service: string, enabled: boolean): Promise<void> {
  await db
    .insertInto('staff_service_settings')
    .values({ staff_id: staffId, unit_id: unitId, service, enabled, updated_at: clockNow() })
    .onConflict((oc) => oc.columns(['staff_id', 'unit_id', 'service']).doUpdateSet({ enabled, updated_at: clockNow() }))
    .execute();
}

// ---- Topics ----

const TOPIC_COLUMNS = ['id', 'service', 'texts', 'role_pool', 'position', 'active'] as const;

/** A unit's topics (of one service, only active ones when asked), by service, position and age. */
export async function topicRows(db: DbOrTx, unitId: string, opts: { service?: string | undefined; activeOnly?: boolean | undefined }) {
  let q = db.selectFrom('unit_topics').select(TOPIC_COLUMNS).where('unit_id', '=', unitId);
  if (opts.service) q = q.where('service', '=', opts.service);
  if (opts.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('service').orderBy('position').orderBy('created_at').execute();
}

/** An active topic of the unit and service, or undefined. */
export async function activeTopic(db: DbOrTx, unitId: string, service: string, topicId: string) {
  return db
    .selectFrom('unit_topics')
    .select(TOPIC_COLUMNS)
    .where('id', '=', topicId)
    .where('unit_id', '=', unitId)
    .where('service', '=', service)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** A topic's stored fields (`texts` as JSON text). */
export interface TopicValues {
  service: string;
  texts: string;
  role_pool: StaffRole | null;
  position: number;
  active: boolean;
}

/** Stores a topic and returns it. */
export async function insertTopic(db: DbOrTx, unitId: string, v: TopicValues, staffId: string) {
  return db
    .insertInto('unit_topics')
    .values({ unit_id: unitId, ...v, updated_at: clockNow(), updated_by: staffId })
    .returning(TOPIC_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Changes a topic of the unit and returns it, or undefined when the unit has no such topic. */
export async function updateTopicRow(db: DbOrTx, unitId: string, topicId: string, v: TopicValues, staffId: string) {
  return db
    .updateTable('unit_topics')
    .set({ ...v, updated_at: clockNow(), updated_by: staffId })
    .where('id', '=', topicId)
    .where('unit_id', '=', unitId)
    .returning(TOPIC_COLUMNS)
    .executeTakeFirst();
}

/** Puts a topic at a position and makes it active. */
export async function placeTopic(db: DbOrTx, topicId: string, position: number, staffId: string): Promise<void> {
  await db.updateTable('unit_topics').set({ position, active: true, updated_at: clockNow(), updated_by: staffId }).where('id', '=', topicId).execute();
}

/** Adds a topic with only a bokmål name (no guidance, no routing) at a position. */
export async function insertTopicLabel(db: DbOrTx, unitId: string, service: string, label: string, position: number, staffId: string): Promise<void> {
  await db
    .insertInto('unit_topics')
    .values({
      unit_id: unitId,
      service,
      texts: JSON.stringify({ nb: { label, guidance: null } }),
      role_pool: null,
      position,
      updated_at: clockNow(),
      updated_by: staffId,
    })
    .execute();
}

/** Makes topics inactive (a topic is never deleted: threads keep it). */
export async function deactivateTopics(db: DbOrTx, topicIds: string[], staffId: string): Promise<void> {
  if (topicIds.length === 0) return;
  await db.updateTable('unit_topics').set({ active: false, updated_at: clockNow(), updated_by: staffId }).where('id', 'in', topicIds).execute();
}

// ---- Absences ----

/** A unit's absences that have not ended at `at`, with the names of the absent and the cover, soonest first (at most 200). */
export async function absenceRows(db: DbOrTx, unitId: string, at: Date) {
  return db
    .selectFrom('staff_absences as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .innerJoin('staff as c', 'c.id', 'a.cover_staff_id')
    .select([
      'a.id',
      'a.staff_id',
      'a.cover_staff_id',
      'a.starts_at',
      'a.ends_at',
      's.given_name',
      's.family_name',
      'c.given_name as c_given',
      'c.family_name as c_family',
    ])
    .where('a.unit_id', '=', unitId)
    .where('a.ends_at', '>', at)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(200)
    .execute();
}

/** Which of these staff members work in the unit. */
export async function membersAmong(db: DbOrTx, unitId: string, staffIds: string[]): Promise<string[]> {
  return (await db.selectFrom('staff_memberships').select('staff_id').where('unit_id', '=', unitId).where('staff_id', 'in', staffIds).execute()).map(
    (x) => x.staff_id,
  );
}

/** Locks a staff member's row for the rest of the transaction: serialises registrations of their absences. */
export async function lockStaff(db: DbOrTx, staffId: string): Promise<void> {
  await db.selectFrom('staff').select('id').where('id', '=', staffId).forUpdate().execute();
}

/** Whether the staff member already has an absence in the unit that overlaps a period. */
export async function absenceOverlaps(db: DbOrTx, unitId: string, staffId: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  const overlap = await db
    .selectFrom('staff_absences')
    .select('id')
    .where('staff_id', '=', staffId)
    .where('unit_id', '=', unitId)
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .executeTakeFirst();
  return !!overlap;
}

/** Stores an absence and returns its id. */
export async function insertAbsence(
  db: DbOrTx,
  v: { unit_id: string; staff_id: string; cover_staff_id: string; starts_at: Date; ends_at: Date; created_by: string },
): Promise<string> {
  return (await db.insertInto('staff_absences').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** One absence of the unit, or undefined. */
export async function findAbsence(db: DbOrTx, unitId: string, absenceId: string) {
  return db
    .selectFrom('staff_absences')
    .select(['id', 'staff_id', 'starts_at', 'ends_at'])
    .where('id', '=', absenceId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

/** Removes an absence that has not begun. */
export async function deleteAbsence(db: DbOrTx, absenceId: string): Promise<void> {
  await db.deleteFrom('staff_absences').where('id', '=', absenceId).execute();
}

/** Ends an absence at `at`. */
export async function endAbsenceAt(db: DbOrTx, absenceId: string, at: Date): Promise<void> {
  await db.updateTable('staff_absences').set({ ends_at: at }).where('id', '=', absenceId).execute();
}
