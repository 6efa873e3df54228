/** Foundation: organisations, units, people, staff, health contacts, family relations, sessions, jobs. */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE organisations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    org_number text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE units (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id uuid NOT NULL REFERENCES organisations(id),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('gp_office','hospital_department','home_care','other')),
    her_id text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX units_organisation_idx ON units (organisation_id)`,
  `CREATE TABLE persons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    national_id text NOT NULL UNIQUE,
    given_name text NOT NULL,
    family_name text NOT NULL,
    birth_date date NOT NULL,
    address_key text,
    confidential_address boolean NOT NULL DEFAULT false,
    phone text,
    email text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE staff (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    hpr_number text NOT NULL UNIQUE,
    national_id text UNIQUE,
    given_name text NOT NULL,
    family_name text NOT NULL,
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE staff_memberships (
    staff_id uuid NOT NULL REFERENCES staff(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    role text NOT NULL CHECK (role IN ('doctor','nurse','secretary','coordinator')),
    is_admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, unit_id)
  )`,
  `CREATE INDEX staff_memberships_unit_idx ON staff_memberships (unit_id)`,
  `CREATE TABLE health_contacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    source text NOT NULL CHECK (source IN ('gp_list','care_right','municipal_service','manual')),
    gp_staff_id uuid REFERENCES staff(id),
    started_at timestamptz NOT NULL DEFAULT now(),
    ends_at timestamptz,
    ended_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX health_contacts_citizen_idx ON health_contacts (citizen_id, started_at DESC)`,
  `CREATE INDEX health_contacts_unit_idx ON health_contacts (unit_id, started_at DESC)`,
  // Parental responsibility (foreldreansvar) as the population register states it.
  `CREATE TABLE parental_responsibilities (
    parent_id uuid NOT NULL REFERENCES persons(id),
    child_id uuid NOT NULL REFERENCES persons(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_id, child_id)
  )`,
  `CREATE INDEX parental_responsibilities_child_idx ON parental_responsibilities (child_id)`,
  `CREATE TABLE powers_of_attorney (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    grantor_id uuid NOT NULL REFERENCES persons(id),
    holder_id uuid NOT NULL REFERENCES persons(id),
    areas text[] NOT NULL,
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_until timestamptz,
    revoked_at timestamptz,
    revoked_by uuid REFERENCES persons(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (grantor_id <> holder_id)
  )`,
  `CREATE INDEX powers_of_attorney_holder_idx ON powers_of_attorney (holder_id)`,
  `CREATE INDEX powers_of_attorney_grantor_idx ON powers_of_attorney (grantor_id)`,
  // Sessions: the cookie holds a random id; only its SHA-256 is stored.
  `CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('citizen','staff')),
    person_id uuid REFERENCES persons(id),
    staff_id uuid REFERENCES staff(id),
    acr text,
    csrf_token text NOT NULL,
    acting_for_id uuid REFERENCES persons(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at timestamptz,
    CHECK ((kind = 'citizen' AND person_id IS NOT NULL) OR (kind = 'staff' AND staff_id IS NOT NULL))
  )`,
  `CREATE INDEX sessions_expires_idx ON sessions (expires_at)`,
  // One row per login in progress: state, nonce and PKCE verifier, bound to a browser cookie.
  `CREATE TABLE login_attempts (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('citizen','staff')),
    state text NOT NULL,
    nonce text NOT NULL,
    code_verifier text NOT NULL,
    return_to text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Durable jobs, claimed with FOR UPDATE SKIP LOCKED.
  `CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    idempotency_key text UNIQUE,
    state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready','running','done','dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8,
    run_at timestamptz NOT NULL DEFAULT now(),
    locked_at timestamptz,
    locked_by text,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`,
  `CREATE INDEX jobs_ready_idx ON jobs (queue, run_at, id) WHERE state = 'ready'`,
  `CREATE INDEX jobs_running_idx ON jobs (locked_at) WHERE state = 'running'`,
  `CREATE INDEX jobs_dead_idx ON jobs (queue, id) WHERE state = 'dead'`,
];

/** Creates the foundation tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Migrations are forward-only once they land; down exists only for local experiments. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'jobs',
    'login_attempts',
    'sessions',
    'powers_of_attorney',
    'parental_responsibilities',
    'health_contacts',
    'staff_memberships',
    'staff',
    'persons',
    'units',
    'organisations',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  }
}
