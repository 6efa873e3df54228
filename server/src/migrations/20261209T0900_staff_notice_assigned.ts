/**
 * One place for staff notices (decision 81): a conversation assigned to someone by a colleague is
 * a row of staff_notices too (kind 'assigned', by whom), as escalations and cover routing are —
 * not only a live event that is lost when the assignee is not signed in.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE staff_notices DROP CONSTRAINT IF EXISTS staff_notices_kind_check`,
  `ALTER TABLE staff_notices ADD CONSTRAINT staff_notices_kind_check CHECK (kind IN ('escalation','cover','assigned'))`,
  `ALTER TABLE staff_notices ADD COLUMN IF NOT EXISTS by_staff_id uuid REFERENCES staff(id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
