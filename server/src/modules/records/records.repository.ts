/**
 * The SQL of the patient's record as the citizen and the unit see it (Kysely). What the citizen
 * side sees is decided in SQL by the access policy (`visibleTo(a, 'record')`), passed in here with
 * the actor. Takes a database or a transaction; the rules, paging cursors and the access log are
 * in records.service.ts, storing what the EPJ shares in records.store.ts.
 */
import { sql } from 'kysely';
import type { RecordKind } from '@helsedialog/core';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { recordColumns, visibleTo } from '../../access/policy.ts';
import './records.tables.ts';
import type { RecordCategory, ReleaseMode } from './records.tables.ts';
import { now as clockNow } from '../../platform/clock.ts';

// ---- The citizen's side ----

/**
 * The SQL of "this observation is out of its range or flagged abnormal" (core's outOfRange, same
 * rule): a value with a comparator ("<5") only when it is certainly outside.
 */
const OUT_OF_RANGE = sql<boolean>`(
  (o.comparator is null or o.comparator = '<=') and o.value_num < o.ref_low or o.comparator = '<' and o.value_num <= o.ref_low
  or (o.comparator is null or o.comparator = '>=') and o.value_num > o.ref_high or o.comparator = '>' and o.value_num >= o.ref_high
  or upper(coalesce(o.interpretation, '')) in ('L', 'LL', 'LU', 'H', 'HH', 'HU', 'A', 'AA'))`;

/** The items the actor may see (the policy in SQL), with unit, the user's read mark and the count of values out of range. */
function itemsQuery(db: DbOrTx, a: CitizenActor) {
  return db
    .selectFrom('record_items as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('record_reads as rr', (j) => j.onRef('rr.item_id', '=', 'r.id').on('rr.person_id', '=', a.userId))
    .select([
      'r.id',
      'r.kind',
      'r.category',
      'r.title',
      'r.unit_id',
      'u.name as unit_name',
      'r.citizen_id',
      'r.effective_at',
      'r.released_at',
      'r.auto_release_at',
      'r.available_digitally',
      'r.referral_status',
      'rr.read_at',
    ])
    .select(sql<number>`(select count(*) from record_observations o where o.item_id = r.id and ${OUT_OF_RANGE})::int`.as('out_of_range'))
    .where(visibleTo(a, 'record', recordColumns('r')));
}
export type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['executeTakeFirstOrThrow']>>;

/** A page of the visible items of one kind, newest first by (effective_at, id), before the cursor; `limit + 1` rows. */
export async function visibleItemsPage(db: DbOrTx, a: CitizenActor, kind: RecordKind, before: { at: Date; id: string } | undefined, limit: number) {
  let q = itemsQuery(db, a).where('r.kind', '=', kind);
  if (before) q = q.where((eb) => eb.or([eb('r.effective_at', '<', before.at), eb.and([eb('r.effective_at', '=', before.at), eb('r.id', '<', before.id)])]));
  return q
    .orderBy('r.effective_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** How many visible items of one kind the user has not read. */
export async function countUnreadItems(db: DbOrTx, a: CitizenActor, kind: RecordKind): Promise<number> {
  const unread = await db
    .selectFrom('record_items as r')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.kind', '=', kind)
    .where(visibleTo(a, 'record', recordColumns('r')))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('record_reads as rr').select('rr.item_id').whereRef('rr.item_id', '=', 'r.id').where('rr.person_id', '=', a.userId))),
    )
    .executeTakeFirst();
  return Number(unread?.n ?? 0);
}

/** One item the actor may see, or undefined. */
export async function findVisibleItem(db: DbOrTx, a: CitizenActor, id: string): Promise<ItemRow | undefined> {
  return itemsQuery(db, a).where('r.id', '=', id).executeTakeFirst();
}

/** The full view's fields of an item. */
export async function itemDetails(db: DbOrTx, id: string) {
  return db
    .selectFrom('record_items')
    .select(['conclusion', 'release_note', 'version', 'binary_id', 'care_start_by', 'forwarded_to'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** An item's observations in their order. */
export async function observationsOf(db: DbOrTx, itemId: string) {
  return db.selectFrom('record_observations as o').selectAll().where('o.item_id', '=', itemId).orderBy('o.position').execute();
}

/** A referral's status history in order. */
export async function referralEventsOf(db: DbOrTx, itemId: string) {
  return db.selectFrom('referral_events').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
}

/** The size of a stored PDF, or undefined. */
export async function binarySize(db: DbOrTx, binaryId: string) {
  return db.selectFrom('record_binaries').select('size_bytes').where('id', '=', binaryId).executeTakeFirst();
}

/** The citizen's health contact with the unit to write through: an unended one first, then the latest started. */
export async function contactForItem(db: DbOrTx, citizenId: string, unitId: string) {
  return db
    .selectFrom('health_contacts')
    .select('id')
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .orderBy(sql`ended_at is null`, 'desc')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks an item read by a person (once). */
export async function markItemRead(db: DbOrTx, itemId: string, personId: string): Promise<void> {
  await db
    .insertInto('record_reads')
    .values({ item_id: itemId, person_id: personId })
    .onConflict((oc) => oc.columns(['item_id', 'person_id']).doNothing())
    .execute();
}

/** An item's PDF bytes and type, or undefined when it has none. */
export async function itemPdf(db: DbOrTx, itemId: string) {
  return db
    .selectFrom('record_items as i')
    .innerJoin('record_binaries as b', 'b.id', 'i.binary_id')
    .select(['b.data', 'b.content_type'])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
}

/**
 * The visible values of one analysis for the actor's subject, with their item's unit: the newest
 * 500, oldest first (for the chart and table).
 */
export async function analysisRows(db: DbOrTx, a: CitizenActor, code: string) {
  const newest = await db
    .selectFrom('record_observations as o')
    .innerJoin('record_items as r', 'r.id', 'o.item_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .selectAll('o')
    .select(['r.unit_id', 'u.name as unit_name'])
    .where('o.citizen_id', '=', a.subjectId)
    .where('o.code', '=', code)
    .where(visibleTo(a, 'record', recordColumns('r')))
    .orderBy('o.effective_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(500)
    .execute();
  return newest.reverse();
}

/** The citizen's latest started health contact with the unit that has not been ended, or undefined. */
export async function openContactWith(db: DbOrTx, citizenId: string, unitId: string) {
  return db
    .selectFrom('health_contacts')
    .select('id')
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The services a unit has switched on. */
export async function enabledServicesOf(db: DbOrTx, unitId: string) {
  return db.selectFrom('unit_services').select(['service']).where('unit_id', '=', unitId).where('enabled', '=', true).execute();
}

/** Links a thread started about an item to the item. */
export async function linkItemThread(db: DbOrTx, threadId: string, itemId: string): Promise<void> {
  await db.insertInto('record_thread_links').values({ thread_id: threadId, item_id: itemId }).execute();
}

// ---- The unit's side ----

/**
 * A page of the unit's current items nobody on the citizen's side sees yet and that can be
 * released (not "never", no automatic release by `at`), oldest registered first by
 * (registered_at, id) after the cursor, with the patient; `limit + 1` rows.
 */
export async function awaitingReleasePage(db: DbOrTx, unitId: string, at: Date, after: { at: Date; id: string } | undefined, limit: number) {
  let q = db
    .selectFrom('record_items as r')
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .select([
      'r.id',
      'r.kind',
      'r.category',
      'r.title',
      'r.citizen_id',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'r.registered_at',
      'r.effective_at',
      'r.release_mode',
      'r.auto_release_at',
    ])
    .where('r.unit_id', '=', unitId)
    .where('r.released_at', 'is', null)
    .where('r.status', '=', 'current')
    // "Never" items are not waiting for anyone: they cannot be released.
    .where('r.release_mode', '!=', 'never')
    .where((eb) => eb.or([eb('r.auto_release_at', 'is', null), eb('r.auto_release_at', '>', at)]));
  if (after) q = q.where((eb) => eb.or([eb('r.registered_at', '>', after.at), eb.and([eb('r.registered_at', '=', after.at), eb('r.id', '>', after.id)])]));
  return q
    .orderBy('r.registered_at')
    .orderBy('r.id')
    .limit(limit + 1)
    .execute();
}

/** An item (all columns), locked FOR UPDATE, or undefined. */
export async function lockItem(db: DbOrTx, id: string) {
  return db.selectFrom('record_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records a clinician's release of an item with its note. */
export async function setItemReleased(db: DbOrTx, id: string, r: { released_at: Date; released_by: string; release_note: string | null }): Promise<void> {
  await db.updateTable('record_items').set(r).where('id', '=', id).execute();
}

/** The unit's release policy rows per category. */
export async function releasePolicyRows(db: DbOrTx, unitId: string) {
  return db.selectFrom('record_release_policies').selectAll().where('unit_id', '=', unitId).execute();
}

/** The unit's record settings, or undefined (defaults). */
export async function recordUnitSettings(db: DbOrTx, unitId: string) {
  return db.selectFrom('record_unit_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

/** Sets whether parents of young people see metadata only. */
export async function upsertRecordUnitSettings(db: DbOrTx, unitId: string, parentsOfYouthMetadata: boolean): Promise<void> {
  await db
    .insertInto('record_unit_settings')
    .values({ unit_id: unitId, parents_of_youth_metadata: parentsOfYouthMetadata })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet({ parents_of_youth_metadata: parentsOfYouthMetadata, updated_at: clockNow() }))
    .execute();
}

/** Sets the release of one category for the unit. */
export async function upsertReleasePolicy(
  db: DbOrTx,
  unitId: string,
  category: RecordCategory,
  mode: ReleaseMode,
  autoAfterDays: number | null,
): Promise<void> {
  const v = { mode, auto_after_days: autoAfterDays, updated_at: clockNow() };
  await db
    .insertInto('record_release_policies')
    .values({ unit_id: unitId, category, ...v })
    .onConflict((oc) => oc.columns(['unit_id', 'category']).doUpdateSet(v))
    .execute();
}
