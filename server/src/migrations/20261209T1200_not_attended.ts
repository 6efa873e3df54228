/**
 * "Did not attend" (ikke møtt): a booked appointment the patient did not come to, marked by staff
 * from its start time on. It keeps its time in the timebook (the exclusion constraints cover every
 * status but 'cancelled') and is counted by the statistics (appointments.notAttended), by when it
 * was marked — an index like the other appointment counts (decisions.md 52).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of [
    `ALTER TABLE appointments DROP CONSTRAINT IF EXISTS appointments_status_check`,
    `ALTER TABLE appointments ADD CONSTRAINT appointments_status_check CHECK (status IN ('booked','cancelled','completed','not_attended'))`,
    `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS not_attended_at timestamptz`,
    `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS not_attended_by uuid REFERENCES staff(id)`,
    `CREATE INDEX IF NOT EXISTS appointments_unit_not_attended_idx ON appointments (unit_id, not_attended_at) WHERE not_attended_at IS NOT NULL`,
  ])
    await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
