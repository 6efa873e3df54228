/**
 * A journal item carries the state of its object at the event it documents (`snapshot`): an
 * appointment booked at 10:00, moved to 11:30 and then cancelled during an EPJ outage gives three
 * notes that each tell their own event, not three copies of the state when they were finally sent.
 * Items written before this have no snapshot and are built from the current row as before.
 */
import { sql, type Kysely } from 'kysely';

/** Adds journal_items.snapshot. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE journal_items ADD COLUMN IF NOT EXISTS snapshot jsonb`.execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
