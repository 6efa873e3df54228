/**
 * Retention of conversations (RETENTION_THREADS_DAYS; 0 keeps them). The unit's record system
 * (EPJ) is the patient record; helsedialog's copy of a conversation may go once the EPJ has
 * documented every message of it. A thread is removed only when
 *  - it is closed, and closed and last written to before the cutoff;
 *  - every one of its messages has a journal item the EPJ documented (an AppRec or FHIR answer),
 *    and no journal item of the thread is waiting, sending, rejected or dead;
 *  - its e-konsultasjon billing line, if any, is older than the bookkeeping period
 *    (RETENTION_BILLING_DAYS).
 * Everything that refers to a removed thread is listed in THREAD_DEPENDENTS, each with what
 * happens to it; retention.test.ts compares that list with the database's foreign keys, so a new
 * table that refers to threads or messages fails the tests until it is listed here.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

export interface Dependent {
  table: string;
  column: string;
  /** What refers to: a thread or one of its messages. */
  refers: 'threads' | 'messages';
  /** delete: goes with the thread; set-null: outlives it without the link. */
  action: 'delete' | 'set-null';
}

/** Every foreign key into threads and messages, in the order they are cleared. */
export const THREAD_DEPENDENTS: readonly Dependent[] = [
  { table: 'attachments', column: 'message_id', refers: 'messages', action: 'delete' },
  { table: 'attachments', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'thread_notes', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'renewal_items', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'billing_lines', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'journal_items', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'appointments', column: 'thread_id', refers: 'threads', action: 'set-null' },
  // A submitted form stays with the patient's forms; only its link to the conversation goes.
  { table: 'form_responses', column: 'thread_id', refers: 'threads', action: 'set-null' },
  { table: 'record_thread_links', column: 'thread_id', refers: 'threads', action: 'delete' },
  // A campaign's result row (answered yes/no) outlives the conversation it was sent in.
  { table: 'campaign_recipients', column: 'message_id', refers: 'messages', action: 'set-null' },
  { table: 'campaign_recipients', column: 'thread_id', refers: 'threads', action: 'set-null' },
  { table: 'thread_escalations', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'staff_notices', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'thread_archives', column: 'thread_id', refers: 'threads', action: 'delete' },
  { table: 'messages', column: 'thread_id', refers: 'threads', action: 'delete' },
];

/** Threads removed per transaction. */
const BATCH = 200;

export interface ThreadRetention {
  threadsMs: number;
  billingMs: number;
}

/** Removes the threads past their retention (see the header); returns how many went. */
export async function removeExpiredThreads(db: Db, r: ThreadRetention, now: Date): Promise<number> {
  if (r.threadsMs <= 0) return 0;
  const cutoff = new Date(now.getTime() - r.threadsMs);
  const billingCutoff = new Date(now.getTime() - r.billingMs);
  let total = 0;
  for (;;) {
    const removed = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT t.id FROM threads t
        WHERE t.status = 'closed' AND t.closed_at < ${cutoff} AND t.last_message_at < ${cutoff}
          AND NOT EXISTS (
            SELECT 1 FROM messages m WHERE m.thread_id = t.id AND NOT EXISTS (
              SELECT 1 FROM journal_items j WHERE j.object_type = 'message' AND j.object_id = m.id AND j.status = 'documented'))
          AND NOT EXISTS (SELECT 1 FROM journal_items j WHERE j.thread_id = t.id AND j.status <> 'documented')
          AND NOT EXISTS (SELECT 1 FROM billing_lines b WHERE b.thread_id = t.id AND b.created_at >= ${billingCutoff})
        ORDER BY t.closed_at
        LIMIT ${BATCH}
        FOR UPDATE OF t SKIP LOCKED`.execute(tx);
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return 0;
      for (const d of THREAD_DEPENDENTS) {
        const match =
          d.refers === 'threads'
            ? sql`${sql.ref(d.column)} = ANY(${ids}::uuid[])`
            : sql`${sql.ref(d.column)} IN (SELECT id FROM messages WHERE thread_id = ANY(${ids}::uuid[]))`;
        if (d.action === 'delete') await sql`DELETE FROM ${sql.table(d.table)} WHERE ${match}`.execute(tx);
        else await sql`UPDATE ${sql.table(d.table)} SET ${sql.ref(d.column)} = NULL WHERE ${match}`.execute(tx);
      }
      // Parent-visibility marks name threads by id without a foreign key.
      await sql`DELETE FROM hidden_from_parents WHERE object_type = 'thread' AND object_id = ANY(${ids}::uuid[])`.execute(tx);
      await sql`DELETE FROM threads WHERE id = ANY(${ids}::uuid[])`.execute(tx);
      return ids.length;
    });
    total += removed;
    if (removed < BATCH) return total;
  }
}
