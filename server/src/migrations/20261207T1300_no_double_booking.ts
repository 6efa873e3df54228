/**
 * No double booking, made impossible by the database: a timebook, and a clinician across all of
 * their timebooks, never holds two overlapping live slots or two overlapping live appointments.
 * Exclusion constraints over tstzrange(starts_at, ends_at) (half-open, so back-to-back times are
 * fine) with btree_gist for the equality part. A refused write raises 23P01
 * (exclusion_violation), which the app answers as 409 TIME_CONFLICT naming the time it clashes with.
 *
 * slots.staff_id mirrors the timebook's clinician (kept by a trigger, so every writer — web,
 * patterns, FHIR, seed — gets it without knowing). slots.holds_appointment marks a slot made to
 * hold an appointment at a free time: the appointment then occupies its timebook's time like any
 * booked slot, and when freed the slot is withdrawn rather than published.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE EXTENSION IF NOT EXISTS btree_gist`,
  `ALTER TABLE slots ADD COLUMN IF NOT EXISTS staff_id uuid REFERENCES staff(id)`,
  `ALTER TABLE slots ADD COLUMN IF NOT EXISTS holds_appointment boolean NOT NULL DEFAULT false`,
  `UPDATE slots s SET staff_id = tb.staff_id FROM timebooks tb WHERE tb.id = s.timebook_id AND s.staff_id IS DISTINCT FROM tb.staff_id`,
  `CREATE OR REPLACE FUNCTION slots_staff_of_timebook() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.staff_id := (SELECT staff_id FROM timebooks WHERE id = NEW.timebook_id);
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER slots_staff_of_timebook BEFORE INSERT OR UPDATE OF timebook_id ON slots
     FOR EACH ROW EXECUTE FUNCTION slots_staff_of_timebook()`,
  // Data published before the rule: an open slot that overlaps an earlier live one is withdrawn
  // (nobody has it; booked and offered slots are kept), so the constraints can be added.
  `UPDATE slots s SET status = 'withdrawn', updated_at = now()
     WHERE s.status = 'open' AND EXISTS (
       SELECT 1 FROM slots o
        WHERE o.id <> s.id AND o.status <> 'withdrawn'
          AND (o.timebook_id = s.timebook_id OR (o.staff_id IS NOT NULL AND o.staff_id = s.staff_id))
          AND o.starts_at < s.ends_at AND s.starts_at < o.ends_at
          AND (o.status <> 'open' OR (o.created_at, o.id) < (s.created_at, s.id)))`,
  `ALTER TABLE slots ADD CONSTRAINT slots_timebook_no_overlap
     EXCLUDE USING gist (timebook_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'withdrawn')`,
  `ALTER TABLE slots ADD CONSTRAINT slots_clinician_no_overlap
     EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'withdrawn' AND staff_id IS NOT NULL)`,
  `ALTER TABLE appointments ADD CONSTRAINT appointments_timebook_no_overlap
     EXCLUDE USING gist (timebook_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled' AND timebook_id IS NOT NULL)`,
  `ALTER TABLE appointments ADD CONSTRAINT appointments_clinician_no_overlap
     EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled' AND staff_id IS NOT NULL)`,
];

/** Adds the no-overlap constraints. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
