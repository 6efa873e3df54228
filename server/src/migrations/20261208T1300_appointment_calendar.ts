/**
 * The staff calendar, the patient's answers to an appointment, and check-in (issue 17).
 *
 * - Absence blocks are slots with status 'blocked' (and a reason): the no-overlap exclusion
 *   constraints of 20261207T1300 cover every status but 'withdrawn', so a block keeps a
 *   timebook — and a clinician across all of their timebooks — free of slots and appointments.
 * - The patient's latest answer lives on the appointment (answer, answer_text, answered_at,
 *   answered_by_person_id); answer_handled_at is the flag staff clear once they have acted on an
 *   answer that asks for something (change, video/phone, no longer needed). checked_in_at marks
 *   the arrival.
 * - appointment_answer_options: which answers a unit takes, per appointment type (the service:
 *   in person, video, phone, home visit). appointment_unit_options: check-in per unit.
 * - Indexes for the calendar's range reads (per timebook and per unit, by start) and the
 *   unit's open answers.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE slots DROP CONSTRAINT IF EXISTS slots_status_check`,
  `ALTER TABLE slots ADD CONSTRAINT slots_status_check CHECK (status IN ('open','offered','booked','withdrawn','blocked'))`,
  `ALTER TABLE slots ADD COLUMN IF NOT EXISTS block_reason text`,
  `ALTER TABLE slots ADD COLUMN IF NOT EXISTS created_by uuid REFERENCES staff(id)`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answer text CHECK (answer IN ('confirm','change','video','phone','not_needed'))`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answer_text text`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answered_at timestamptz`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answered_by_person_id uuid REFERENCES persons(id)`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answer_handled_at timestamptz`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS answer_handled_by uuid REFERENCES staff(id)`,
  `ALTER TABLE appointments ADD COLUMN IF NOT EXISTS checked_in_at timestamptz`,
  `CREATE INDEX IF NOT EXISTS appointments_timebook_start_idx ON appointments (timebook_id, starts_at) WHERE timebook_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS appointments_unit_start_idx ON appointments (unit_id, starts_at)`,
  `CREATE INDEX IF NOT EXISTS appointments_open_answers_idx ON appointments (unit_id, answered_at, id)
     WHERE answer IS NOT NULL AND answer <> 'confirm' AND answer_handled_at IS NULL AND status = 'booked'`,
  `CREATE INDEX IF NOT EXISTS appointments_citizen_start_idx ON appointments (citizen_id, starts_at) WHERE status = 'booked'`,
  `CREATE INDEX IF NOT EXISTS waitlist_unit_all_idx ON waitlist_entries (unit_id, created_at, id)`,
  `CREATE INDEX IF NOT EXISTS slot_offers_waitlist_idx ON slot_offers (waitlist_id) WHERE waitlist_id IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS appointment_answer_options (
     unit_id uuid NOT NULL REFERENCES units(id),
     appointment_type text NOT NULL CHECK (appointment_type IN ('in_person','video','phone','home_visit')),
     confirm boolean NOT NULL DEFAULT false,
     change boolean NOT NULL DEFAULT false,
     channel boolean NOT NULL DEFAULT false,
     not_needed boolean NOT NULL DEFAULT false,
     updated_at timestamptz NOT NULL DEFAULT now(),
     updated_by uuid REFERENCES staff(id),
     PRIMARY KEY (unit_id, appointment_type)
   )`,
  `CREATE TABLE IF NOT EXISTS appointment_unit_options (
     unit_id uuid PRIMARY KEY REFERENCES units(id),
     check_in boolean NOT NULL DEFAULT false,
     updated_at timestamptz NOT NULL DEFAULT now(),
     updated_by uuid REFERENCES staff(id)
   )`,
];

/** Adds blocks, answers, check-in and their settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
