/** Journaling to the EPJ (endpoints, outbox, the development EPJ's inbox) and the FHIR API's clients and tokens. */
import { sql, type Kysely } from 'kysely';

const statements = [
  // Where a unit's EPJ takes what is documented: FHIR R4 or KITH (MsgHead + Dialogmelding), over HTTP or AMQP.
  `CREATE TABLE epj_endpoints (
    unit_id uuid PRIMARY KEY REFERENCES units(id),
    protocol text NOT NULL CHECK (protocol IN ('fhir','kith')),
    transport text NOT NULL DEFAULT 'http' CHECK (transport IN ('http','amqp')),
    url text NOT NULL,
    queue text,
    reply_queue text,
    auth jsonb NOT NULL DEFAULT '{}'::jsonb,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (transport = 'http' OR queue IS NOT NULL)
  )`,
  // The journal outbox: one row per thing to document, delivered in seq order per order_key (the thread).
  `CREATE TABLE journal_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    thread_id uuid REFERENCES threads(id),
    order_key text NOT NULL,
    seq integer NOT NULL,
    object_type text NOT NULL,
    object_id uuid NOT NULL,
    event_type text NOT NULL,
    dedupe_key text NOT NULL UNIQUE,
    protocol text NOT NULL CHECK (protocol IN ('fhir','kith')),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','sending','documented','rejected','dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    last_error text,
    receipt jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    documented_at timestamptz,
    UNIQUE (order_key, seq)
  )`,
  `CREATE INDEX journal_items_open_idx ON journal_items (order_key, seq) WHERE status IN ('waiting','sending')`,
  `CREATE INDEX journal_items_unit_status_idx ON journal_items (unit_id, status, created_at)`,
  `CREATE INDEX journal_items_object_idx ON journal_items (object_type, object_id)`,
  `CREATE INDEX journal_items_thread_idx ON journal_items (thread_id, seq) WHERE thread_id IS NOT NULL`,
  // What the development EPJ received (every arrival, duplicates included, so tests can count them).
  `CREATE TABLE dev_epj_inbox (
    id bigserial PRIMARY KEY,
    stable_id text NOT NULL,
    protocol text NOT NULL,
    transport text NOT NULL DEFAULT 'http',
    message_type text,
    conversation text,
    patient text,
    answer text NOT NULL,
    body text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX dev_epj_inbox_stable_idx ON dev_epj_inbox (stable_id)`,
  // EPJ systems using the FHIR API (OAuth2 client credentials), scoped to units.
  `CREATE TABLE fhir_clients (
    client_id text PRIMARY KEY,
    name text NOT NULL,
    secret_hash text NOT NULL,
    unit_ids uuid[] NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Opaque bearer tokens; only their SHA-256 is stored.
  `CREATE TABLE fhir_tokens (
    token_hash text PRIMARY KEY,
    client_id text NOT NULL REFERENCES fhir_clients(client_id),
    unit_ids uuid[] NOT NULL,
    scope text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX fhir_tokens_expires_idx ON fhir_tokens (expires_at)`,
];

/** Creates the journal and FHIR tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
