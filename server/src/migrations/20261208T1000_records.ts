/**
 * The patient's record shared by the EPJ (issue 21): documents, referrals and their status
 * history, test results with their observations, the unit's release policy per kind of result,
 * and who has read what. One table of items (record_items) carries what every list needs —
 * citizen, unit, kind, date, release and withdrawal — so the citizen's lists, the release rule and
 * the access policy are one indexed query each; the kinds' details hang off it.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE record_unit_settings (
    unit_id uuid PRIMARY KEY REFERENCES units(id),
    parents_of_youth_metadata boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE record_release_policies (
    unit_id uuid NOT NULL REFERENCES units(id),
    category text NOT NULL CHECK (category IN ('document', 'referral', 'lab', 'radiology', 'pathology')),
    mode text NOT NULL CHECK (mode IN ('automatic', 'manual_then_automatic', 'manual', 'never')),
    auto_after_days integer CHECK (auto_after_days BETWEEN 1 AND 365),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, category),
    CHECK ((mode = 'manual_then_automatic') = (auto_after_days IS NOT NULL))
  )`,
  `CREATE TABLE record_binaries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    content_type text NOT NULL,
    data bytea NOT NULL,
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE record_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    kind text NOT NULL CHECK (kind IN ('document', 'result', 'referral')),
    category text NOT NULL CHECK (category IN ('document', 'referral', 'lab', 'radiology', 'pathology')),
    title text NOT NULL,
    effective_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'entered_in_error')),
    version integer NOT NULL DEFAULT 1,
    available_digitally boolean NOT NULL DEFAULT true,
    binary_id uuid REFERENCES record_binaries(id),
    conclusion text,
    resource jsonb NOT NULL,
    release_mode text NOT NULL CHECK (release_mode IN ('automatic', 'manual_then_automatic', 'manual', 'never')),
    released_at timestamptz,
    auto_release_at timestamptz,
    released_by uuid REFERENCES staff(id),
    release_note text,
    notified_at timestamptz,
    referral_status text,
    care_start_by date,
    forwarded_to text,
    registered_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // The citizen's lists: one kind, newest first, keyset on (effective_at, id).
  `CREATE INDEX record_items_citizen_list_idx ON record_items (citizen_id, kind, effective_at DESC, id DESC)`,
  // The unit's items awaiting release.
  `CREATE INDEX record_items_awaiting_idx ON record_items (unit_id, registered_at, id) WHERE released_at IS NULL AND status = 'current'`,
  `CREATE INDEX record_items_binary_idx ON record_items (binary_id) WHERE binary_id IS NOT NULL`,
  `CREATE TABLE record_item_versions (
    item_id uuid NOT NULL REFERENCES record_items(id),
    version integer NOT NULL,
    status text NOT NULL,
    resource jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, version)
  )`,
  `CREATE TABLE referral_events (
    item_id uuid NOT NULL REFERENCES record_items(id),
    seq integer NOT NULL,
    status text NOT NULL CHECK (status IN ('received', 'assessed', 'right_granted', 'waiting', 'appointment_given', 'completed', 'forwarded')),
    occurred_at timestamptz NOT NULL,
    care_start_by date,
    forwarded_to text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, seq)
  )`,
  `CREATE TABLE record_observations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id uuid NOT NULL REFERENCES record_items(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    position integer NOT NULL,
    code text NOT NULL,
    code_system text,
    display text NOT NULL,
    value_num double precision,
    value_text text,
    unit text,
    ref_low double precision,
    ref_high double precision,
    ref_text text,
    interpretation text,
    effective_at timestamptz NOT NULL
  )`,
  `CREATE INDEX record_observations_item_idx ON record_observations (item_id, position)`,
  // History of one analysis for one citizen.
  `CREATE INDEX record_observations_history_idx ON record_observations (citizen_id, code, effective_at)`,
  `CREATE TABLE record_reads (
    item_id uuid NOT NULL REFERENCES record_items(id),
    person_id uuid NOT NULL REFERENCES persons(id),
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, person_id)
  )`,
  // "Ask about this": the thread a citizen started about an item.
  `CREATE TABLE record_thread_links (
    thread_id uuid PRIMARY KEY REFERENCES threads(id),
    item_id uuid NOT NULL REFERENCES record_items(id)
  )`,
  `CREATE INDEX record_thread_links_item_idx ON record_thread_links (item_id)`,
  `ALTER TABLE hidden_from_parents DROP CONSTRAINT hidden_from_parents_kind_check`,
  `ALTER TABLE hidden_from_parents ADD CONSTRAINT hidden_from_parents_kind_check CHECK (object_type IN ('thread', 'appointment', 'letter', 'record'))`,
];

/** Creates the record tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
