/** Dialog: the service catalogue, threads, messages, attachments, renewals, billing, idempotency, audit. */
import { sql, type Kysely } from 'kysely';

const statements = [
  // Each unit's services, switched on or off, with who may start them and their texts.
  `CREATE TABLE unit_services (
    unit_id uuid NOT NULL REFERENCES units(id),
    service text NOT NULL,
    enabled boolean NOT NULL DEFAULT false,
    initiator text NOT NULL DEFAULT 'citizen' CHECK (initiator IN ('citizen','unit','both')),
    answer_days integer CHECK (answer_days IS NULL OR answer_days BETWEEN 0 AND 60),
    intro_text text,
    topics text[] NOT NULL DEFAULT '{}',
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES staff(id),
    PRIMARY KEY (unit_id, service)
  )`,
  // A GP's own switch for their list (e.g. e-konsultasjon off while away).
  `CREATE TABLE staff_service_settings (
    staff_id uuid NOT NULL REFERENCES staff(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    service text NOT NULL,
    enabled boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, unit_id, service)
  )`,
  `CREATE TABLE threads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    kind text NOT NULL CHECK (kind IN ('ekontakt','ekonsultasjon','fornyresept','journalkopi','standarddialog')),
    topic text NOT NULL,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','in_progress','answered','closed')),
    started_by text NOT NULL CHECK (started_by IN ('citizen','unit')),
    addressed_staff_id uuid REFERENCES staff(id),
    assigned_staff_id uuid REFERENCES staff(id),
    due_at timestamptz,
    replies_allowed boolean NOT NULL DEFAULT true,
    answered_at timestamptz,
    closed_at timestamptz,
    closed_by uuid REFERENCES staff(id),
    conversion_kind text CHECK (conversion_kind IS NULL OR conversion_kind IN ('ekonsultasjon')),
    conversion_state text CHECK (conversion_state IS NULL OR conversion_state IN ('pending','accepted','declined')),
    conversion_at timestamptz,
    collect_method text,
    citizen_unread integer NOT NULL DEFAULT 0,
    unit_unread integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_message_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX threads_unit_inbox_idx ON threads (unit_id, last_message_at DESC, id DESC)`,
  `CREATE INDEX threads_unit_open_idx ON threads (unit_id, status, last_message_at DESC, id DESC) WHERE status <> 'closed'`,
  `CREATE INDEX threads_unit_assigned_idx ON threads (assigned_staff_id, last_message_at DESC, id DESC) WHERE assigned_staff_id IS NOT NULL`,
  `CREATE INDEX threads_unit_due_idx ON threads (unit_id, due_at) WHERE status IN ('new','in_progress')`,
  `CREATE INDEX threads_citizen_idx ON threads (citizen_id, last_message_at DESC, id DESC)`,
  `CREATE INDEX threads_unit_unread_idx ON threads (unit_id) WHERE unit_unread > 0`,
  `CREATE INDEX threads_citizen_unread_idx ON threads (citizen_id) WHERE citizen_unread > 0`,
  `CREATE TABLE messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL REFERENCES threads(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    seq integer NOT NULL,
    author_kind text NOT NULL CHECK (author_kind IN ('citizen','staff','system')),
    author_person_id uuid REFERENCES persons(id),
    on_behalf_of_id uuid REFERENCES persons(id),
    author_staff_id uuid REFERENCES staff(id),
    text text NOT NULL,
    important boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    read_by_staff_id uuid REFERENCES staff(id),
    read_by_person_id uuid REFERENCES persons(id),
    UNIQUE (thread_id, seq)
  )`,
  `CREATE TABLE attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    message_id uuid NOT NULL REFERENCES messages(id),
    thread_id uuid NOT NULL REFERENCES threads(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    filename text NOT NULL,
    content_type text NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    data bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX attachments_message_idx ON attachments (message_id)`,
  `CREATE INDEX attachments_thread_idx ON attachments (thread_id)`,
  // Internal notes: the unit's own; never shown to the citizen.
  `CREATE TABLE thread_notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL REFERENCES threads(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    staff_id uuid NOT NULL REFERENCES staff(id),
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX thread_notes_thread_idx ON thread_notes (thread_id, created_at)`,
  // The prescriptions a citizen may ask to renew (from the unit or its EPJ).
  `CREATE TABLE prescriptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    medication text NOT NULL,
    strength text,
    dosage text,
    prescribed_at timestamptz NOT NULL DEFAULT now(),
    active boolean NOT NULL DEFAULT true,
    external_id text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX prescriptions_citizen_idx ON prescriptions (citizen_id, unit_id)`,
  `CREATE TABLE renewal_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL REFERENCES threads(id),
    prescription_id uuid NOT NULL REFERENCES prescriptions(id),
    medication text NOT NULL,
    decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','renewed','declined')),
    reason text,
    decided_by uuid REFERENCES staff(id),
    decided_at timestamptz,
    UNIQUE (thread_id, prescription_id)
  )`,
  // The patient fee for an answered e-konsultasjon: one line per thread.
  `CREATE TABLE billing_lines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL UNIQUE REFERENCES threads(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    staff_id uuid REFERENCES staff(id),
    code text NOT NULL,
    amount_nok numeric(10,2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Idempotency-Key: the stored answer of a request, per acting person and key.
  `CREATE TABLE idempotency_keys (
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status integer NOT NULL,
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
  )`,
  // The access log. Each entry carries the hash of the previous entry of the same citizen
  // (one chain per citizen: no global lock, and it shards with the citizen's rows).
  `CREATE TABLE audit_events (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    citizen_id uuid,
    actor_kind text NOT NULL CHECK (actor_kind IN ('staff','citizen','representative','system','epj')),
    actor_staff_id uuid,
    actor_person_id uuid,
    actor_name text NOT NULL,
    actor_role text,
    unit_id uuid,
    unit_name text,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text,
    reason text,
    prev_hash text,
    hash text NOT NULL
  )`,
  `CREATE INDEX audit_events_citizen_idx ON audit_events (citizen_id, id DESC)`,
  `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'audit_events is append-only';
   END $$`,
  `CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
  `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
];

/** Creates the dialog tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
