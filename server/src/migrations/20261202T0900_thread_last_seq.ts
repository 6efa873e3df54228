/**
 * A thread keeps the sequence number of its last message. A message is written with its thread
 * row locked, so the next number is known from that row: the insert needs no look at the
 * thread's messages, and the sender need not wait for the insert's answer to know it.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE threads ADD COLUMN IF NOT EXISTS last_seq integer NOT NULL DEFAULT 0`,
  `UPDATE threads t SET last_seq = m.last_seq FROM (SELECT thread_id, max(seq) AS last_seq FROM messages GROUP BY thread_id) m
     WHERE m.thread_id = t.id AND t.last_seq <> m.last_seq`,
];

/** Adds and fills threads.last_seq. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
