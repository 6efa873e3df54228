/** All SQL of the journal outbox and EPJ endpoints. */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { Db } from '../../platform/db.ts';
import { COUNT_CAP, wakeWorkers, type DbOrTx } from '../../platform/jobs.ts';
import { pipelined } from '../../platform/pg-connection.ts';
import './journal.tables.ts';
import '../appointments/appointments.tables.ts';
import type { EpjAuth, EpjSettings, JournalProtocol, JournalReceipt, JournalStatus, JournalTransport } from './journal.tables.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** A unit's EPJ endpoint as the code uses it. */
export interface EpjEndpoint {
  unitId: string;
  protocol: JournalProtocol;
  transport: JournalTransport;
  url: string;
  queue: string | null;
  replyQueue: string | null;
  auth: EpjAuth;
  settings: EpjSettings;
  enabled: boolean;
}

/** The endpoint of a unit, or undefined when none is configured. */
export async function findEndpoint(db: DbOrTx, unitId: string): Promise<EpjEndpoint | undefined> {
  const r = await db.selectFrom('epj_endpoints').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  if (!r) return undefined;
  return {
    unitId: r.unit_id,
    protocol: r.protocol,
    transport: r.transport,
    url: r.url,
    queue: r.queue,
    replyQueue: r.reply_queue,
    auth: r.auth ?? {},
    settings: r.settings ?? {},
    enabled: r.enabled,
  };
}

/** Creates or replaces the endpoint of a unit. */
export async function upsertEndpoint(
  db: DbOrTx,
  e: Omit<EpjEndpoint, 'enabled' | 'replyQueue' | 'queue' | 'auth' | 'settings'> & Partial<EpjEndpoint>,
): Promise<void> {
  const values = {
    protocol: e.protocol,
    transport: e.transport,
    url: e.url,
    queue: e.queue ?? null,
    reply_queue: e.replyQueue ?? null,
    auth: JSON.stringify(e.auth ?? {}),
    settings: JSON.stringify(e.settings ?? {}),
    enabled: e.enabled ?? true,
    updated_at: clockNow(),
  };
  await db
    .insertInto('epj_endpoints')
    .values({ unit_id: e.unitId, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
    .execute();
}

/**
 * Inserts an outbox row with the next seq of its order key, in the protocol of the unit's EPJ
 * endpoint, due now — one statement, nothing when the unit has no enabled endpoint or the dedupe
 * key existed. The endpoint is read in the insert itself. No job row: the journal worker finds
 * the row by its due time (journal.worker.ts), and is woken once the transaction commits.
 * Pipelined: nobody waits for it, and a failure fails the transaction's COMMIT (pg-connection.ts).
 */
export async function insertItem(
  tx: Transaction<DB>,
  i: {
    unitId: string;
    citizenId: string;
    threadId: string | null;
    orderKey: string;
    objectType: string;
    objectId: string;
    eventType: string;
    dedupeKey: string;
    /** The object's state at this event (JSON), when the item must tell its own event. */
    snapshot?: unknown;
  },
  /** The caller holds a lock that already serialises writers of this order key (a message's thread row). */
  orderLocked = false,
): Promise<void> {
  // Serialise writers of one order key, so seq has no gaps or clashes under concurrency (the
  // unique (order_key, seq) index would refuse a clash, failing the transaction).
  if (!orderLocked) await pipelined(tx, sql`SELECT pg_advisory_xact_lock(hashtextextended(${i.orderKey}, 7))`.compile(tx));
  await pipelined(
    tx,
    sql`INSERT INTO journal_items
      (unit_id, citizen_id, thread_id, order_key, seq, object_type, object_id, event_type, dedupe_key, protocol, next_attempt_at, snapshot)
    SELECT e.unit_id, ${i.citizenId}::uuid, ${i.threadId}::uuid, ${i.orderKey}::text,
      (SELECT coalesce(max(seq), 0) + 1 FROM journal_items WHERE order_key = ${i.orderKey}),
      ${i.objectType}::text, ${i.objectId}::uuid, ${i.eventType}::text, ${i.dedupeKey}::text, e.protocol, ${clockNow()}::timestamptz,
      ${i.snapshot === undefined ? null : JSON.stringify(i.snapshot)}::jsonb
    FROM epj_endpoints e WHERE e.unit_id = ${i.unitId} AND e.enabled
    ON CONFLICT (dedupe_key) DO NOTHING`.compile(tx),
  );
  // Only when the unit documents to an EPJ, i.e. the item was written.
  await wakeWorkers(tx, JOURNAL_WAKE, sql`SELECT 1 FROM journal_items WHERE dedupe_key = ${i.dedupeKey}`);
}

/** What a journal wake-up says on the workers' channel. */
export const JOURNAL_WAKE = 'journal';

/** The order key of the open item due first (by the caller's clock), or undefined when none is due. */
export async function dueOrderKey(db: DbOrTx, now: Date): Promise<string | undefined> {
  const r = await sql<{ order_key: string }>`
    SELECT order_key FROM journal_items WHERE status IN ('waiting','sending') AND next_attempt_at <= ${now}
    ORDER BY next_attempt_at LIMIT 1`.execute(db);
  return r.rows[0]?.order_key;
}

/**
 * Items waiting behind an order key's head are not looked at before `at` (when the head is
 * retried, or its lease or receipt wait ends): the worker that delivers the head goes on to them
 * itself, so they need no look of their own until then. A far-future `at` parks them behind a
 * dead head until it is resent.
 */
export async function holdBehind(db: DbOrTx, orderKey: string, headSeq: number, at: Date): Promise<void> {
  await db
    .updateTable('journal_items')
    .set({ next_attempt_at: at })
    .where('order_key', '=', orderKey)
    .where('seq', '>', headSeq)
    .where('status', '=', 'waiting')
    .where('next_attempt_at', '<', at)
    .execute();
}

/** When an item is next looked at (not a change staff see: updated_at stays). */
export async function setDue(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.updateTable('journal_items').set({ next_attempt_at: at }).where('id', '=', id).execute();
}

/** Makes an order key's never-tried items due now and wakes the workers (after its head got its receipt elsewhere, or was resent). */
export async function releaseOrderKey(db: DbOrTx, orderKey: string): Promise<void> {
  const now = clockNow();
  await db
    .updateTable('journal_items')
    .set({ next_attempt_at: now })
    .where('order_key', '=', orderKey)
    .where('status', '=', 'waiting')
    .where('attempts', '=', 0)
    .where('next_attempt_at', '>', now)
    .execute();
  await wakeWorkers(db, JOURNAL_WAKE);
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItem>>>;

/** One outbox row. */
export async function findItem(db: DbOrTx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db.selectFrom('journal_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Locks the open rows of an order key and returns the head: the lowest seq that is not yet
 * documented or rejected (a dead head blocks the rest until it is resent).
 */
export async function lockHead(tx: Transaction<DB>, orderKey: string) {
  const rows = await tx
    .selectFrom('journal_items')
    .selectAll()
    .where('order_key', '=', orderKey)
    .where('status', 'in', ['waiting', 'sending', 'dead'])
    .orderBy('seq')
    .forUpdate()
    .execute();
  return rows[0];
}

/** Sets fields of an item (updated_at too). */
export async function updateItem(
  db: DbOrTx,
  id: string,
  set: {
    status?: JournalStatus;
    attempts?: number;
    next_attempt_at?: Date;
    sent_at?: Date | null;
    last_error?: string | null;
    receipt?: JournalReceipt | null;
    documented_at?: Date | null;
  },
): Promise<void> {
  const { receipt, ...rest } = set;
  await db
    .updateTable('journal_items')
    .set({ ...rest, ...(receipt !== undefined ? { receipt: receipt === null ? null : JSON.stringify(receipt) } : {}), updated_at: clockNow() })
    .where('id', '=', id)
    .execute();
}

/** Journal rows of the messages of a thread, in order (a message's order key is its thread's id: the (order_key, seq) index). */
export async function itemsOfThread(db: DbOrTx, threadId: string) {
  return db.selectFrom('journal_items').selectAll().where('order_key', '=', threadId).where('thread_id', '=', threadId).orderBy('seq').execute();
}

/** The latest journal row of one object (e.g. a letter), or undefined when it was not journaled. */
export async function latestItemOf(db: DbOrTx, objectType: string, objectId: string) {
  return db
    .selectFrom('journal_items')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A unit's items with a status, oldest first. */
export async function itemsOfUnit(db: Db, unitId: string, statuses: JournalStatus[], limit: number) {
  let q = db.selectFrom('journal_items').selectAll().where('unit_id', '=', unitId);
  if (statuses.length) q = q.where('status', 'in', statuses);
  return q.orderBy('created_at').orderBy('seq').limit(limit).execute();
}

/** How many of a unit's items are on their way to the EPJ, and since when the oldest has waited. */
export async function waitingOfUnit(db: Db, unitId: string): Promise<{ count: number; oldestAt: Date | null }> {
  const r = await db
    .selectFrom('journal_items')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('unit_id', '=', unitId)
    .where('status', 'in', ['waiting', 'sending'])
    .executeTakeFirst();
  const oldest = r?.oldest as Date | string | null | undefined;
  return { count: Number(r?.n ?? 0), oldestAt: oldest ? new Date(oldest) : null };
}

/**
 * Which of these threads have messages not (yet) in the record: 'problem' when one was rejected
 * or is dead, else 'pending' while one is on its way. One query for a page of the inbox (by the
 * order key, which is the thread id, on the unique (order_key, seq) index).
 */
export async function undocumentedThreads(db: Db, threadIds: string[]): Promise<Map<string, 'pending' | 'problem'>> {
  if (!threadIds.length) return new Map();
  const rows = await db
    .selectFrom('journal_items')
    .select(['order_key', 'status'])
    .distinct()
    .where('order_key', 'in', threadIds)
    .where('status', '<>', 'documented')
    .execute();
  const out = new Map<string, 'pending' | 'problem'>();
  for (const r of rows) {
    const problem = r.status === 'rejected' || r.status === 'dead';
    if (problem || !out.has(r.order_key)) out.set(r.order_key, problem ? 'problem' : 'pending');
  }
  return out;
}

/** When the oldest item still on its way to an EPJ was written (null when none is). */
export async function oldestUndocumentedAt(db: Db): Promise<Date | null> {
  const r = await sql<{ oldest: Date | string | null }>`
    SELECT min(created_at) AS oldest FROM journal_items WHERE status IN ('waiting','sending')`.execute(db);
  const v = r.rows[0]?.oldest;
  return v ? new Date(v) : null;
}

/**
 * Outbox items on their way and dead ones, each counted up to COUNT_CAP: waiting and sending from
 * the partial index of due items, dead from its own (never a scan of every item ever journaled).
 */
export async function journalCounts(db: Db): Promise<{ waiting: number; sending: number; dead: number }> {
  // The status is a literal of the SQL, so a kept plan can use the partial indexes (query-template.ts says why).
  const count = (status: JournalStatus) =>
    sql`(SELECT count(*) FROM (SELECT 1 FROM journal_items WHERE status = ${sql.lit(status)} LIMIT ${COUNT_CAP}) x)::int`;
  const r = await sql<{ waiting: number; sending: number; dead: number }>`SELECT
      ${count('waiting')} AS waiting, ${count('sending')} AS sending, ${count('dead')} AS dead`.execute(db);
  return r.rows[0] ?? { waiting: 0, sending: 0, dead: 0 };
}

// ---- What the journal reads of the objects it journals ----

/** An appointment as its journal item tells it (with its timebook's name), in the event's transaction; or undefined. */
export async function appointmentForJournal(db: DbOrTx, id: string) {
  return db
    .selectFrom('appointments as a')
    .leftJoin('timebooks as tb', 'tb.id', 'a.timebook_id')
    .select([
      'a.title',
      'a.type',
      'a.status',
      'a.starts_at',
      'a.ends_at',
      'a.location',
      'a.cancelled_by',
      'a.cancel_reason',
      'a.answer',
      'a.answer_text',
      'a.checked_in_at',
      'tb.name as timebook',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The messages of a thread (id and number), in order. */
export async function messageSeqsOfThread(db: DbOrTx, threadId: string) {
  return db.selectFrom('messages').select(['id', 'seq']).where('thread_id', '=', threadId).orderBy('seq').execute();
}

/** A letter's id and unit, or undefined. */
export async function letterUnit(db: DbOrTx, letterId: string) {
  return db.selectFrom('letters').select(['id', 'unit_id']).where('id', '=', letterId).executeTakeFirst();
}

/** When each of these letters was sent. */
export async function lettersSentAt(db: DbOrTx, letterIds: string[]) {
  return db.selectFrom('letters').select(['id', 'sent_at']).where('id', 'in', letterIds).execute();
}
