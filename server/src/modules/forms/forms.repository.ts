/** Storage of the form library, forms sent to patients and their responses. */
import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { FormRequestsTable, FormResponsesTable } from './forms.tables.ts';
import './forms.tables.ts';

/** A unit's forms with their latest version (one query; no N+1). */
export async function listUnitForms(db: DbOrTx, unitId: string, opts: { includeRetired: boolean }) {
  let q = db
    .selectFrom('forms as f')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('form_versions')
          .select(['form_id', sql<number>`max(seq)`.as('latest_seq'), sql<number>`count(*)::int`.as('versions')])
          .groupBy('form_id')
          .as('lv'),
      (j) => j.onRef('lv.form_id', '=', 'f.id'),
    )
    .innerJoin('form_versions as v', (j) => j.onRef('v.form_id', '=', 'f.id').onRef('v.seq', '=', 'lv.latest_seq'))
    .select([
      'f.id',
      'f.url',
      'f.title',
      'f.purpose',
      'f.retired_at',
      'f.created_at',
      'v.id as version_id',
      'v.seq',
      'v.version',
      'v.created_at as version_at',
      'lv.versions',
    ])
    .where('f.unit_id', '=', unitId);
  if (!opts.includeRetired) q = q.where('f.retired_at', 'is', null);
  return q.orderBy('f.title').orderBy('f.id').execute();
}

export async function findForm(db: DbOrTx, formId: string) {
  return db.selectFrom('forms').selectAll().where('id', '=', formId).executeTakeFirst();
}

export async function formVersions(db: DbOrTx, formId: string) {
  return db.selectFrom('form_versions').selectAll().where('form_id', '=', formId).orderBy('seq', 'desc').execute();
}

export async function latestVersion(db: DbOrTx, formId: string) {
  return db.selectFrom('form_versions').selectAll().where('form_id', '=', formId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function findVersion(db: DbOrTx, versionId: string) {
  return db.selectFrom('form_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
}

const REQUEST_COLUMNS = [
  'r.id',
  'r.citizen_id',
  'r.unit_id',
  'r.contact_id',
  'r.form_id',
  'r.version_id',
  'r.sent_by',
  'r.message',
  'r.appointment_id',
  'r.due_at',
  'r.opened_at',
  'r.reminded_at',
  'r.submitted_at',
  'r.created_at',
  'f.title',
  'u.name as unit_name',
  'resp.id as response_id',
  'resp.status as response_status',
] as const;

/**
 * A request is closed by retirement when its version was retired (or, for rows from before the
 * version kept it, its form): a re-import of the form's url does not reopen it.
 */
export const requestRetiredAt = sql<Date | null>`coalesce(v.retired_at, f.retired_at)`;

function requests(db: DbOrTx) {
  return db
    .selectFrom('form_requests as r')
    .innerJoin('forms as f', 'f.id', 'r.form_id')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('form_responses as resp', 'resp.request_id', 'r.id');
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export async function findRequest(db: DbOrTx, id: string) {
  return requests(db).select(REQUEST_COLUMNS).select(requestRetiredAt.as('retired_at')).where('r.id', '=', id).executeTakeFirst();
}

/** Locks a request row for a draft save or submit (serialises two submits of the same form). */
export async function lockRequest(db: DbOrTx, id: string) {
  return db.selectFrom('form_requests').select(['id', 'submitted_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertRequest(db: DbOrTx, values: Insertable<FormRequestsTable>) {
  return db.insertInto('form_requests').values(values).returning('id').executeTakeFirstOrThrow();
}

/** A unit's sent forms, newest first, keyset-paged by (created_at, id), with the patient. */
export async function listUnitRequests(db: DbOrTx, unitId: string, limit: number, before: { at: Date; id: string } | null, formId?: string) {
  let q = requests(db)
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .select([...REQUEST_COLUMNS, 'p.given_name', 'p.family_name', 'p.birth_date'])
    .select(requestRetiredAt.as('retired_at'))
    .where('r.unit_id', '=', unitId);
  if (formId) q = q.where('r.form_id', '=', formId);
  if (before) q = q.where((eb) => eb.or([eb('r.created_at', '<', before.at), eb.and([eb('r.created_at', '=', before.at), eb('r.id', '<', before.id)])]));
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
}

export async function findResponse(db: DbOrTx, id: string) {
  return db.selectFrom('form_responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function responseOfRequest(db: DbOrTx, requestId: string) {
  return db.selectFrom('form_responses').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function insertResponse(db: DbOrTx, values: Insertable<FormResponsesTable>) {
  return db.insertInto('form_responses').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The form a unit puts in front of a service (not retired), if any. */
export async function serviceFormRow(db: DbOrTx, unitId: string, service: string) {
  return db
    .selectFrom('service_forms as sf')
    .innerJoin('forms as f', 'f.id', 'sf.form_id')
    .select(['f.id', 'f.title', 'f.purpose', 'f.retired_at'])
    .where('sf.unit_id', '=', unitId)
    .where('sf.service', '=', service as 'ekontakt')
    .where('f.retired_at', 'is', null)
    .executeTakeFirst();
}

/** Whether the unit of a health contact puts a form in front of a service (the dialog module asks before a message without one). */
export async function contactServiceHasForm(db: DbOrTx, contactId: string, service: string): Promise<boolean> {
  const row = await db
    .selectFrom('health_contacts as c')
    .innerJoin('service_forms as sf', 'sf.unit_id', 'c.unit_id')
    .innerJoin('forms as f', 'f.id', 'sf.form_id')
    .select('f.id')
    .where('c.id', '=', contactId)
    .where('sf.service', '=', service as 'ekontakt')
    .where('f.retired_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}
