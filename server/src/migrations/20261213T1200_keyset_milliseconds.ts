/**
 * The keyset columns of paged lists hold milliseconds, as the API's cursor does
 * (platform/cursor.ts). A column filled by the database's now() held microseconds: two rows
 * written in the same millisecond, split by a page boundary, compared as "after" the cursor's
 * millisecond and the later page skipped one of them. Columns the application writes from its
 * own clock (threads' last_message_at, due_at) are milliseconds already.
 */
import { sql, type Kysely } from 'kysely';

export const KEYSET_COLUMNS = [
  ['form_requests', 'created_at'],
  ['waitlist_entries', 'created_at'],
  ['appointments', 'answered_at'],
  ['record_items', 'registered_at'],
  ['record_items', 'effective_at'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of KEYSET_COLUMNS) await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE timestamptz(3)`).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
