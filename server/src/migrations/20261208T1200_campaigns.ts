/**
 * Dialog to many (utsendelse) and delivery that is never silent (issue 22, docs/campaigns.md):
 *  - campaign_templates: a unit's message templates (topic, text, optional question and choices);
 *  - campaigns: one sending to many patients, its state (draft → running ⇄ paused → done | cancelled);
 *  - campaign_recipients: one row per patient of a campaign, unique per (campaign, citizen), with its
 *    state; the thread is created and the row marked sent in one transaction, so a patient gets at
 *    most one message however often the job runs;
 *  - unit_unread_rules: per unit and kind (message, letter), after how many days an unread item is
 *    flagged, and whether it then goes to the paper list;
 *  - an index that finds a message's notifications by the message id in their idempotency key.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE campaign_templates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    name text NOT NULL,
    topic text NOT NULL,
    body text NOT NULL,
    question text,
    choices jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX campaign_templates_unit_idx ON campaign_templates (unit_id, created_at DESC, id)`,
  `CREATE TABLE campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    template_id uuid REFERENCES campaign_templates(id),
    name text NOT NULL,
    kind text NOT NULL,
    topic text NOT NULL,
    body text NOT NULL,
    question text,
    choices jsonb NOT NULL DEFAULT '[]'::jsonb,
    source text NOT NULL CHECK (source IN ('waitlist', 'service', 'list')),
    state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'running', 'paused', 'done', 'cancelled')),
    reminder_days integer NOT NULL CHECK (reminder_days BETWEEN 1 AND 60),
    paper_after_days integer NOT NULL CHECK (paper_after_days BETWEEN 1 AND 60),
    created_by_staff_id uuid NOT NULL REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    runs integer NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX campaigns_unit_idx ON campaigns (unit_id, created_at DESC, id DESC)`,
  `CREATE TABLE campaign_recipients (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    ordinal integer NOT NULL,
    digital boolean NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
    reason text,
    thread_id uuid UNIQUE REFERENCES threads(id),
    message_id uuid UNIQUE REFERENCES messages(id),
    sent_at timestamptz,
    answer text CHECK (answer IN ('choice', 'text')),
    answer_choice text,
    answer_text text,
    answered_at timestamptz,
    reminded_at timestamptz,
    paper_printed_at timestamptz,
    UNIQUE (campaign_id, citizen_id),
    UNIQUE (campaign_id, ordinal)
  )`,
  `CREATE INDEX campaign_recipients_pending_idx ON campaign_recipients (campaign_id, ordinal) WHERE state = 'pending'`,
  `CREATE TABLE unit_unread_rules (
    unit_id uuid NOT NULL REFERENCES units(id),
    kind text NOT NULL CHECK (kind IN ('message', 'letter')),
    days integer NOT NULL CHECK (days BETWEEN 1 AND 60),
    to_paper boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, kind)
  )`,
  // The unit's messages still unread by the citizen, oldest first (the "Ikke lest" list and badge).
  `CREATE INDEX messages_unit_unread_idx ON messages (unit_id, created_at, id) WHERE read_at IS NULL AND author_kind = 'staff'`,
  `CREATE INDEX letters_unit_unread_idx ON letters (unit_id, sent_at, id) WHERE read_at IS NULL`,
  // notifications.idempotency_key is `message.created:<messageId>:<personId>:<channel>` for a message's
  // notices: found by the message id (the key's second part), for one message or a whole campaign.
  `CREATE INDEX notifications_message_idx ON notifications ((split_part(idempotency_key, ':', 2))) WHERE idempotency_key LIKE 'message.created:%'`,
];

/** Creates the campaign tables and the unread rules. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
