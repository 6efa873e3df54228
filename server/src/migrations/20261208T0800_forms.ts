/**
 * Digital forms (FHIR Questionnaire): each unit's form library (a form per canonical URL, with
 * immutable versions), forms sent to patients (with deadline, message, appointment), their
 * responses (draft, then submitted once; pointing to the exact version answered), and forms a
 * unit puts in front of a service (structured questions, triage before e-konsultasjon).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE forms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    url text NOT NULL,
    title text NOT NULL,
    purpose text NOT NULL DEFAULT 'general' CHECK (purpose IN ('general','triage')),
    retired_at timestamptz,
    retired_by uuid REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (unit_id, url)
  )`,
  `CREATE INDEX forms_unit_idx ON forms (unit_id, created_at DESC, id DESC)`,
  // A version is never changed: a response points to the one it answered.
  `CREATE TABLE form_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    form_id uuid NOT NULL REFERENCES forms(id),
    seq integer NOT NULL,
    version text NOT NULL,
    questionnaire jsonb NOT NULL,
    imported_by uuid REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (form_id, seq)
  )`,
  // A form sent to a patient by a unit.
  `CREATE TABLE form_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    form_id uuid NOT NULL REFERENCES forms(id),
    version_id uuid NOT NULL REFERENCES form_versions(id),
    sent_by uuid REFERENCES staff(id),
    message text,
    appointment_id uuid REFERENCES appointments(id),
    due_at timestamptz,
    opened_at timestamptz,
    reminded_at timestamptz,
    submitted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // The patient's open forms (the to-do list) and the unit's list, both keyset-paged.
  `CREATE INDEX form_requests_citizen_open_idx ON form_requests (citizen_id, due_at, id) WHERE submitted_at IS NULL`,
  `CREATE INDEX form_requests_citizen_idx ON form_requests (citizen_id, created_at DESC, id DESC)`,
  `CREATE INDEX form_requests_unit_idx ON form_requests (unit_id, created_at DESC, id DESC)`,
  // Answers: one per request (a draft until submitted) or one per service use (thread).
  `CREATE TABLE form_responses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id uuid UNIQUE REFERENCES form_requests(id),
    version_id uuid NOT NULL REFERENCES form_versions(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    thread_id uuid REFERENCES threads(id),
    status text NOT NULL CHECK (status IN ('in-progress','completed')),
    items jsonb NOT NULL DEFAULT '[]'::jsonb,
    scores jsonb NOT NULL DEFAULT '[]'::jsonb,
    recommendation jsonb,
    author_person_id uuid NOT NULL REFERENCES persons(id),
    submitted_by_person_id uuid REFERENCES persons(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    CHECK ((status = 'completed') = (submitted_at IS NOT NULL))
  )`,
  `CREATE INDEX form_responses_unit_idx ON form_responses (unit_id, submitted_at DESC, id DESC) WHERE status = 'completed'`,
  `CREATE INDEX form_responses_citizen_idx ON form_responses (citizen_id, submitted_at DESC, id DESC)`,
  `CREATE INDEX form_responses_thread_idx ON form_responses (thread_id) WHERE thread_id IS NOT NULL`,
  // A form a unit puts in front of a service: filled before the message goes.
  `CREATE TABLE service_forms (
    unit_id uuid NOT NULL REFERENCES units(id),
    service text NOT NULL CHECK (service IN ('ekontakt','ekonsultasjon','standarddialog')),
    form_id uuid NOT NULL REFERENCES forms(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, service)
  )`,
];

/** Creates the form tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
