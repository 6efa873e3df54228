/**
 * Indexes that keep /api/health and /metrics cheap however large the tables grow: dead outbox
 * items are counted from a partial index (they are few) instead of a scan of every item ever
 * journaled.
 */
import { sql, type Kysely } from 'kysely';

const statements = [`CREATE INDEX IF NOT EXISTS journal_items_dead_idx ON journal_items (unit_id) WHERE status = 'dead'`];

/** Adds the indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
