/**
 * The team inbox's search and its "waiting for the unit, by deadline" view (threads.repository.ts):
 * full-text indexes (PostgreSQL's Norwegian configuration) on message text and thread topic, a
 * 'simple' one on patients' names, and a keyset index on the deadline of the threads a unit still
 * owes an answer (a thread without a deadline sorts last, as 9999-12-31).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE INDEX IF NOT EXISTS messages_text_fts_idx ON messages USING gin (to_tsvector('norwegian', text))`,
  `CREATE INDEX IF NOT EXISTS threads_topic_fts_idx ON threads USING gin (to_tsvector('norwegian', topic))`,
  `CREATE INDEX IF NOT EXISTS persons_name_fts_idx ON persons USING gin (to_tsvector('simple', given_name || ' ' || family_name))`,
  `CREATE INDEX IF NOT EXISTS threads_unit_deadline_idx ON threads (unit_id, (coalesce(due_at, '9999-12-31T00:00:00Z'::timestamptz)), id)
     WHERE status IN ('new','in_progress')`,
];

/** Adds the inbox search and deadline indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
