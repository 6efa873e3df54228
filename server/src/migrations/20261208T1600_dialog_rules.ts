/**
 * Dialog rules (issue 18; decisions 70–73): a unit's topics as objects (texts per language with
 * nb required, guidance, routing to a role pool), out-of-office cover, escalation of threads past
 * their promised answer date (settings per unit, every step recorded once), in-app notices for
 * staff, and a citizen's archive of threads (per viewer, never a deletion).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE IF NOT EXISTS unit_topics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    service text NOT NULL,
    texts jsonb NOT NULL CHECK (jsonb_typeof(texts -> 'nb') = 'object' AND coalesce(texts -> 'nb' ->> 'label', '') <> ''),
    role_pool text CHECK (role_pool IS NULL OR role_pool IN ('doctor','nurse','secretary','coordinator')),
    position integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES staff(id)
  )`,
  `CREATE INDEX IF NOT EXISTS unit_topics_unit_idx ON unit_topics (unit_id, service, position)`,
  // The suggested topics so far (a text list per service) become topics without guidance or routing.
  `INSERT INTO unit_topics (unit_id, service, texts, position)
     SELECT us.unit_id, us.service, jsonb_build_object('nb', jsonb_build_object('label', t.label, 'guidance', NULL)), t.ord::int - 1
     FROM unit_services us CROSS JOIN LATERAL unnest(us.topics) WITH ORDINALITY AS t(label, ord)
     WHERE btrim(t.label) <> ''`,
  `ALTER TABLE unit_services DROP COLUMN IF EXISTS topics`,
  `ALTER TABLE threads ADD COLUMN IF NOT EXISTS topic_id uuid REFERENCES unit_topics(id)`,
  `CREATE INDEX IF NOT EXISTS threads_unit_topic_idx ON threads (unit_id, topic_id, last_message_at DESC, id DESC) WHERE topic_id IS NOT NULL`,
  // Out-of-office: one absence of a staff member in a unit, with the colleague who covers.
  `CREATE TABLE IF NOT EXISTS staff_absences (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    staff_id uuid NOT NULL REFERENCES staff(id),
    cover_staff_id uuid NOT NULL REFERENCES staff(id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    created_by uuid NOT NULL REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (cover_staff_id <> staff_id)
  )`,
  `CREATE INDEX IF NOT EXISTS staff_absences_staff_idx ON staff_absences (staff_id, unit_id, ends_at)`,
  // Escalation: what a unit does when a thread passes its promised answer date.
  `CREATE TABLE IF NOT EXISTS unit_escalation_settings (
    unit_id uuid PRIMARY KEY REFERENCES units(id),
    second_step text NOT NULL DEFAULT 'none' CHECK (second_step IN ('none','leader','role')),
    leader_staff_id uuid REFERENCES staff(id),
    role_pool text CHECK (role_pool IS NULL OR role_pool IN ('doctor','nurse','secretary','coordinator')),
    second_after_days integer NOT NULL DEFAULT 1 CHECK (second_after_days BETWEEN 0 AND 30),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES staff(id),
    CHECK (second_step <> 'leader' OR leader_staff_id IS NOT NULL),
    CHECK (second_step <> 'role' OR role_pool IS NOT NULL)
  )`,
  // Every escalation of a thread, once per step and promise (a new promise can escalate again).
  `CREATE TABLE IF NOT EXISTS thread_escalations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL REFERENCES threads(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    step smallint NOT NULL CHECK (step IN (1, 2)),
    promised_at timestamptz NOT NULL,
    to_staff_id uuid REFERENCES staff(id),
    to_role text,
    escalated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (thread_id, promised_at, step)
  )`,
  `CREATE INDEX IF NOT EXISTS threads_due_open_idx ON threads (due_at, id) WHERE status IN ('new','in_progress') AND due_at IS NOT NULL`,
  // In-app notices for staff (escalations; a thread routed to the cover).
  `CREATE TABLE IF NOT EXISTS staff_notices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    staff_id uuid NOT NULL REFERENCES staff(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    thread_id uuid REFERENCES threads(id),
    kind text NOT NULL CHECK (kind IN ('escalation','cover')),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS staff_notices_staff_idx ON staff_notices (staff_id, created_at DESC, id DESC)`,
  // A citizen-side viewer's archive: hidden from their list until a newer message arrives.
  `CREATE TABLE IF NOT EXISTS thread_archives (
    thread_id uuid NOT NULL REFERENCES threads(id),
    person_id uuid NOT NULL REFERENCES persons(id),
    archived_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, thread_id)
  )`,
];

/** Adds topics, absences, escalation, staff notices and archives. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
