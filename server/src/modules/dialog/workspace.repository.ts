/**
 * The SQL of the clinician workspace (Kysely): saved filters, quick-reply templates and the
 * reads of the patient context beside a thread. Takes a database or a transaction; the rules,
 * the policy's decisions and the access log are in workspace.service.ts.
 */
import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/jobs.ts';
import type {} from './workspace.tables.ts';
import type {} from '../appointments/appointments.tables.ts';
import type {} from '../letters/letters.tables.ts';

// ---- Saved filters ----

/** A staff member's saved filters, oldest first (at most `limit`). */
export async function savedFiltersOf(db: DbOrTx, staffId: string, limit: number) {
  return db
    .selectFrom('saved_filters')
    .select(['id', 'name', 'query', 'created_at'])
    .where('staff_id', '=', staffId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How many filters a staff member has saved. */
export async function countSavedFilters(db: DbOrTx, staffId: string): Promise<number> {
  const n = await db
    .selectFrom('saved_filters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(n?.n ?? 0);
}

/** Saves a filter and returns it. */
export async function insertSavedFilter(db: DbOrTx, v: { staff_id: string; name: string; query: string }) {
  return db.insertInto('saved_filters').values(v).returning(['id', 'name', 'query', 'created_at']).executeTakeFirstOrThrow();
}

/** Deletes one of the staff member's saved filters; returns whether there was one. */
export async function deleteSavedFilterOf(db: DbOrTx, staffId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('saved_filters').where('id', '=', id).where('staff_id', '=', staffId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- Quick-reply templates ----

/** The unit's templates and the staff member's personal ones in the unit, by title (at most 200). */
export async function replyTemplatesFor(db: DbOrTx, unitId: string, staffId: string) {
  return db
    .selectFrom('reply_templates')
    .select(['id', 'title', 'text', 'staff_id'])
    .where('unit_id', '=', unitId)
    .where((eb) => eb.or([eb('staff_id', 'is', null), eb('staff_id', '=', staffId)]))
    .orderBy('title')
    .limit(200)
    .execute();
}

/** Stores a template (personal when `staff_id` is set) and returns it. */
export async function insertReplyTemplate(db: DbOrTx, v: { unit_id: string; staff_id: string | null; title: string; text: string; created_by: string }) {
  return db.insertInto('reply_templates').values(v).returning(['id', 'title', 'text', 'staff_id']).executeTakeFirstOrThrow();
}

/** A template of the unit (its owner, null for a unit template), or undefined. */
export async function findReplyTemplate(db: DbOrTx, unitId: string, id: string) {
  return db.selectFrom('reply_templates').select(['id', 'staff_id']).where('id', '=', id).where('unit_id', '=', unitId).executeTakeFirst();
}

/** Deletes a template. */
export async function deleteReplyTemplate(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('reply_templates').where('id', '=', id).execute();
}

// ---- Patient context (each read bounded to `limit` rows) ----

/** The patient's name and birth date. */
export async function contextPerson(db: DbOrTx, citizenId: string) {
  return db.selectFrom('persons').select(['id', 'given_name', 'family_name', 'birth_date']).where('id', '=', citizenId).executeTakeFirstOrThrow();
}

/** The name of the GP of a health contact, or undefined (no GP). */
export async function gpOfContact(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('staff as s', 's.id', 'hc.gp_staff_id')
    .select(['s.given_name', 's.family_name'])
    .where('hc.id', '=', contactId)
    .executeTakeFirst();
}

/** The patient's other threads with the unit, latest activity first. */
export async function otherThreadsOfPatient(db: DbOrTx, citizenId: string, unitId: string, exceptThreadId: string, limit: number) {
  return db
    .selectFrom('threads')
    .select(['id', 'topic', 'kind', 'status', 'last_message_at'])
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('id', '<>', exceptThreadId)
    .orderBy('last_message_at', 'desc')
    .limit(limit)
    .execute();
}

/** The patient's booked appointments with the unit from `from` on, soonest first. */
export async function upcomingAppointmentsOfPatient(db: DbOrTx, citizenId: string, unitId: string, from: Date, limit: number) {
  return db
    .selectFrom('appointments')
    .select(['id', 'title', 'starts_at', 'type'])
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .orderBy('starts_at')
    .limit(limit)
    .execute();
}

/** The letters the unit sent the patient, newest first. */
export async function lettersOfPatient(db: DbOrTx, citizenId: string, unitId: string, limit: number) {
  return db
    .selectFrom('letters')
    .select(['id', 'title', 'sent_at'])
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .orderBy('sent_at', 'desc')
    .limit(limit)
    .execute();
}

/** The patient's active prescriptions from the unit, by medication, each with the decision of its latest renewal request (or null). */
export async function prescriptionsWithLastRenewal(db: DbOrTx, citizenId: string, unitId: string, limit: number) {
  return db
    .selectFrom('prescriptions as p')
    .select(['p.id', 'p.medication', 'p.strength', 'p.prescribed_at'])
    .select(
      sql<{
        decision: 'pending' | 'renewed' | 'declined';
        threadId: string;
      } | null>`(SELECT json_build_object('decision', ri.decision, 'threadId', ri.thread_id)
          FROM renewal_items ri JOIN threads rt ON rt.id = ri.thread_id WHERE ri.prescription_id = p.id ORDER BY rt.created_at DESC LIMIT 1)`.as(
        'last_renewal',
      ),
    )
    .where('p.citizen_id', '=', citizenId)
    .where('p.unit_id', '=', unitId)
    .where('p.active', '=', true)
    .orderBy('p.medication')
    .limit(limit)
    .execute();
}

/** Up to 20 persons other than the patient who wrote to the unit in the patient's threads. */
export async function otherCitizenAuthors(db: DbOrTx, citizenId: string, unitId: string): Promise<Array<string | null>> {
  return (
    await db
      .selectFrom('messages')
      .select('author_person_id')
      .distinct()
      .where('citizen_id', '=', citizenId)
      .where('unit_id', '=', unitId)
      .where('author_kind', '=', 'citizen')
      .where('author_person_id', '<>', citizenId)
      .limit(20)
      .execute()
  ).map((r) => r.author_person_id);
}

/** A person's name. */
export async function personNameOf(db: DbOrTx, id: string) {
  return db.selectFrom('persons').select(['given_name', 'family_name']).where('id', '=', id).executeTakeFirstOrThrow();
}
