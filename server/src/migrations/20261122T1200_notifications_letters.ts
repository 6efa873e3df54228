/** Notifications (settings, sends, the development mailbox) and patient letters (pasientbrev). */
import { sql, type Kysely } from 'kysely';

const statements = [
  // The acting person's own choices. No row: SMS (e-mail when no mobile number), everything on.
  `CREATE TABLE notification_settings (
    person_id uuid PRIMARY KEY REFERENCES persons(id),
    channel text NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms','email','both')),
    reminders boolean NOT NULL DEFAULT true,
    visits boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // One row per notification actually attempted, keyed by the job's idempotency key, so a job
  // that runs again after a crash sees that it already sent. Never the address or the text.
  `CREATE TABLE notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    idempotency_key text NOT NULL UNIQUE,
    person_id uuid NOT NULL REFERENCES persons(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    kind text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('sms','email')),
    state text NOT NULL CHECK (state IN ('sending','sent','failed','skipped')),
    attempts integer NOT NULL DEFAULT 1,
    provider_id text,
    reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
  )`,
  `CREATE INDEX notifications_person_idx ON notifications (person_id, created_at DESC)`,
  `CREATE INDEX notifications_citizen_idx ON notifications (citizen_id, created_at DESC)`,
  // Where SMS and e-mail land when no SMTP server or SMS gateway is configured (never in production).
  `CREATE TABLE dev_mailbox (
    id bigserial PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('sms','email')),
    to_address text NOT NULL,
    subject text,
    body text NOT NULL,
    reference text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX dev_mailbox_created_idx ON dev_mailbox (created_at DESC, id DESC)`,
  // Patient letters from a unit to a citizen: a filled-in template or a PDF.
  `CREATE TABLE letters (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    sent_by uuid REFERENCES staff(id),
    kind text NOT NULL CHECK (kind IN ('template','pdf')),
    template text CHECK (template IS NULL OR template IN ('appointment_notice','waiting_list','general')),
    fields jsonb NOT NULL DEFAULT '{}'::jsonb,
    title text NOT NULL,
    body text,
    pdf_filename text,
    pdf_data bytea,
    pdf_size integer,
    pdf_sha256 text,
    important boolean NOT NULL DEFAULT true,
    sent_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    read_by_person_id uuid REFERENCES persons(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'template' AND template IS NOT NULL AND body IS NOT NULL) OR (kind = 'pdf' AND pdf_data IS NOT NULL))
  )`,
  `CREATE INDEX letters_citizen_idx ON letters (citizen_id, sent_at DESC, id DESC)`,
  `CREATE INDEX letters_unit_idx ON letters (unit_id, sent_at DESC, id DESC)`,
  `CREATE INDEX letters_citizen_unread_idx ON letters (citizen_id) WHERE read_at IS NULL`,
];

/** Creates the notification and letter tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
