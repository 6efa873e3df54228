/**
 * The SQL of digital tools (Kysely): the catalogue, what was sent to whom, and the citizen's
 * tasks. Takes a database or a transaction; the rules, the access checks and the access log are
 * in tools.service.ts.
 */
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../platform/jobs.ts';
import './tools.tables.ts';
import type { ToolAssignmentsTable, ToolsTable } from './tools.tables.ts';

// ---- The catalogue ----

/** Whether a staff member keeps the tool catalogue. */
export async function isCatalogueAdmin(db: DbOrTx, staffId: string): Promise<boolean> {
  const r = await db.selectFrom('staff').select('catalogue_admin').where('id', '=', staffId).executeTakeFirst();
  return r?.catalogue_admin === true;
}

/** The catalogue by name (at most 500): active tools, or retired ones too. */
export async function catalogueRows(db: DbOrTx, includeRetired: boolean) {
  let q = db.selectFrom('tools').selectAll().orderBy('name').orderBy('id').limit(500);
  if (!includeRetired) q = q.where('retired_at', 'is', null);
  return q.execute();
}

/** One tool, or undefined. */
export async function findTool(db: DbOrTx, id: string) {
  return db.selectFrom('tools').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a tool and returns it (a name already in the catalogue: 23505). */
export async function insertTool(db: DbOrTx, v: Insertable<ToolsTable>) {
  return db.insertInto('tools').values(v).returningAll().executeTakeFirstOrThrow();
}

/** Changes a tool and returns it, or undefined when there is no such tool (a name already in the catalogue: 23505). */
export async function updateToolRow(db: DbOrTx, id: string, set: Updateable<ToolsTable>) {
  return db.updateTable('tools').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Retires a tool that is not retired and returns it, or undefined (no such tool, or retired already). */
export async function retireToolRow(db: DbOrTx, id: string, at: Date) {
  return db.updateTable('tools').set({ retired_at: at, updated_at: at }).where('id', '=', id).where('retired_at', 'is', null).returningAll().executeTakeFirst();
}

// ---- What was sent ----

/** Assignments with their tool, unit and sender: one query shape for every list and lookup. */
function assignments(db: DbOrTx) {
  return db
    .selectFrom('tool_assignments as a')
    .innerJoin('tools as t', 't.id', 'a.tool_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('staff as s', 's.id', 'a.sent_by')
    .select([
      'a.id',
      'a.citizen_id',
      'a.unit_id',
      'a.contact_id',
      'a.note',
      'a.sent_at',
      'a.due_at',
      'a.opened_at',
      'a.done_at',
      'u.name as unit_name',
      's.given_name as s_given',
      's.family_name as s_family',
      't.id as t_id',
      't.name as t_name',
      't.purpose as t_purpose',
      't.publisher as t_publisher',
      't.kind as t_kind',
      't.url as t_url',
      't.min_age as t_min_age',
      't.max_age as t_max_age',
      't.quality_assured as t_quality_assured',
      't.retired_at as t_retired_at',
      't.created_at as t_created_at',
      't.updated_at as t_updated_at',
    ]);
}
export type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignments>['execute']>>[number];

/** One assignment with its tool, unit and sender, or undefined. */
export async function findAssignment(db: DbOrTx, id: string): Promise<AssignmentRow | undefined> {
  return assignments(db).where('a.id', '=', id).executeTakeFirst();
}

/** What a unit sent (to one contact when given), newest first (at most `limit`). */
export async function assignmentsOfUnit(db: DbOrTx, unitId: string, contactId: string | undefined, limit: number) {
  let q = assignments(db).where('a.unit_id', '=', unitId).orderBy('a.sent_at', 'desc').orderBy('a.id', 'desc').limit(limit);
  if (contactId) q = q.where('a.contact_id', '=', contactId);
  return q.execute();
}

/** A person's birth date. */
export async function birthDateOf(db: DbOrTx, personId: string): Promise<string> {
  return (await db.selectFrom('persons').select('birth_date').where('id', '=', personId).executeTakeFirstOrThrow()).birth_date;
}

/** Stores a tool sent to a patient and returns its id. */
export async function insertAssignment(db: DbOrTx, v: Insertable<ToolAssignmentsTable>): Promise<string> {
  return (await db.insertInto('tool_assignments').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Marks an assignment opened the first time. */
export async function markAssignmentOpened(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.updateTable('tool_assignments').set({ opened_at: at }).where('id', '=', id).where('opened_at', 'is', null).execute();
}

/** Marks an assignment done by a person, or not done again. */
export async function setAssignmentDoneRow(db: DbOrTx, id: string, done: { at: Date; by: string } | null): Promise<void> {
  await db
    .updateTable('tool_assignments')
    .set(done ? { done_at: done.at, done_by_person_id: done.by } : { done_at: null, done_by_person_id: null })
    .where('id', '=', id)
    .execute();
}

/** A citizen's tools as tasks: every open one (by deadline, then sending; at most 500) and the latest `history` finished ones. */
export async function toolTaskRows(db: DbOrTx, citizenId: string, history: number) {
  const base = db
    .selectFrom('tool_assignments as a')
    .innerJoin('tools as t', 't.id', 'a.tool_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'a.contact_id', 'a.due_at', 'a.done_at', 't.name', 'u.name as unit_name'])
    .where('a.citizen_id', '=', citizenId);
  const [open, done] = await Promise.all([
    base.where('a.done_at', 'is', null).orderBy('a.due_at').orderBy('a.sent_at').limit(500).execute(),
    base.where('a.done_at', 'is not', null).orderBy('a.done_at', 'desc').limit(history).execute(),
  ]);
  return [...open, ...done];
}
