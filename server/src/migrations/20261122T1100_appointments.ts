/** Appointments: timebooks, published slots and patterns, appointments, requests (timeønske), waitlist and slot offers. */
import { sql, type Kysely } from 'kysely';

const statements = [
  // A timebook: a clinician's own, or a resource (lab, vaccination, test station).
  `CREATE TABLE timebooks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    kind text NOT NULL CHECK (kind IN ('clinician','resource')),
    staff_id uuid REFERENCES staff(id),
    name text NOT NULL,
    default_type text NOT NULL DEFAULT 'in_person' CHECK (default_type IN ('in_person','video','phone','home_visit')),
    location text,
    directions text,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'resource' OR staff_id IS NOT NULL)
  )`,
  `CREATE INDEX timebooks_unit_idx ON timebooks (unit_id)`,
  // A recurring publication, e.g. Tue and Thu 08:00-10:00 in 15-minute slots (Oslo wall-clock time).
  `CREATE TABLE slot_patterns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    timebook_id uuid NOT NULL REFERENCES timebooks(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    weekdays integer[] NOT NULL,
    start_time text NOT NULL,
    end_time text NOT NULL,
    slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
    from_date date NOT NULL,
    until_date date NOT NULL,
    type text NOT NULL CHECK (type IN ('in_person','video','phone','home_visit')),
    created_by uuid REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // A published slot. status: open (bookable), offered (held for one citizen), booked, withdrawn.
  `CREATE TABLE slots (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    timebook_id uuid NOT NULL REFERENCES timebooks(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    pattern_id uuid REFERENCES slot_patterns(id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    type text NOT NULL CHECK (type IN ('in_person','video','phone','home_visit')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','offered','booked','withdrawn')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    UNIQUE (timebook_id, starts_at)
  )`,
  `CREATE INDEX slots_unit_open_idx ON slots (unit_id, starts_at) WHERE status = 'open'`,
  `CREATE INDEX slots_timebook_idx ON slots (timebook_id, starts_at)`,
  // Appointment requests (timeønske): free text and preferred times, answered by the unit.
  `CREATE TABLE appointment_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    requested_by uuid NOT NULL REFERENCES persons(id),
    text text NOT NULL,
    preferred_times jsonb NOT NULL DEFAULT '[]'::jsonb,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','offered','assigned','declined','withdrawn')),
    answer_text text,
    answered_by uuid REFERENCES staff(id),
    answered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX appointment_requests_unit_idx ON appointment_requests (unit_id, status, created_at)`,
  `CREATE INDEX appointment_requests_citizen_idx ON appointment_requests (citizen_id, created_at DESC)`,
  `CREATE TABLE appointments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    timebook_id uuid REFERENCES timebooks(id),
    slot_id uuid REFERENCES slots(id),
    staff_id uuid REFERENCES staff(id),
    request_id uuid REFERENCES appointment_requests(id),
    title text NOT NULL,
    type text NOT NULL CHECK (type IN ('in_person','video','phone','home_visit')),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    location text,
    directions text,
    video_url text,
    reason text,
    note text,
    status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','cancelled','completed')),
    source text NOT NULL CHECK (source IN ('citizen_booking','unit','request','waitlist')),
    booked_by_person_id uuid REFERENCES persons(id),
    created_by_staff_id uuid REFERENCES staff(id),
    cancelled_at timestamptz,
    cancelled_by text CHECK (cancelled_by IS NULL OR cancelled_by IN ('citizen','unit')),
    cancel_reason text,
    completed_at timestamptz,
    completed_by uuid REFERENCES staff(id),
    thread_id uuid REFERENCES threads(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
  )`,
  // No double booking: a slot holds at most one appointment that is not cancelled.
  `CREATE UNIQUE INDEX appointments_slot_once_idx ON appointments (slot_id) WHERE status <> 'cancelled'`,
  `CREATE INDEX appointments_citizen_idx ON appointments (citizen_id, starts_at DESC)`,
  `CREATE INDEX appointments_unit_idx ON appointments (unit_id, starts_at)`,
  `CREATE INDEX appointments_timebook_idx ON appointments (timebook_id, starts_at)`,
  // Waitlist: the citizen wants an earlier time than they have (or any time) at a unit.
  `CREATE TABLE waitlist_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    timebook_id uuid REFERENCES timebooks(id),
    appointment_id uuid REFERENCES appointments(id),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','offered','fulfilled','withdrawn')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX waitlist_unit_idx ON waitlist_entries (unit_id, created_at) WHERE status = 'waiting'`,
  `CREATE UNIQUE INDEX waitlist_one_per_appointment_idx ON waitlist_entries (appointment_id) WHERE status IN ('waiting','offered') AND appointment_id IS NOT NULL`,
  // A slot held for one citizen for a limited time: from the waitlist, or the unit's answer to a request.
  `CREATE TABLE slot_offers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slot_id uuid NOT NULL REFERENCES slots(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    source text NOT NULL CHECK (source IN ('waitlist','request')),
    waitlist_id uuid REFERENCES waitlist_entries(id),
    request_id uuid REFERENCES appointment_requests(id),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','declined','expired','withdrawn')),
    expires_at timestamptz NOT NULL,
    answered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX slot_offers_one_open_idx ON slot_offers (slot_id) WHERE status = 'open'`,
  `CREATE INDEX slot_offers_citizen_idx ON slot_offers (citizen_id, status)`,
];

/** Creates the appointment tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
