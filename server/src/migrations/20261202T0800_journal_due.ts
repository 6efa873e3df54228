/**
 * The journal outbox schedules its own delivery: a worker takes the order key of the item due
 * first (`next_attempt_at`), so no job row is written per item. The index of due items replaces
 * the index of open items by order key (the unique (order_key, seq) index serves the head), and a
 * thread's items are found by their order key (the thread id), so the thread index goes too:
 * two fewer indexes to write on every send. Delivery jobs written before this are retired: the
 * items they pointed at are found by their due time now.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE INDEX IF NOT EXISTS journal_items_due_idx ON journal_items (next_attempt_at) WHERE status IN ('waiting','sending')`,
  `DROP INDEX IF EXISTS journal_items_open_idx`,
  `DROP INDEX IF EXISTS journal_items_thread_idx`,
  `UPDATE jobs SET state = 'done', finished_at = now(), locked_at = NULL, last_error = 'retired: the journal outbox schedules itself'
     WHERE queue = 'journal.deliver' AND state IN ('ready','running')`,
];

/** Adds the index of due items, drops the two it replaces, retires old delivery jobs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
