/**
 * Digital tools (issue 20): a catalogue of quality-assured tools (as Verktøyformidler), kept by
 * catalogue administrators, and the tools a clinician sends a patient — which the citizen finds
 * among their tasks, with a deadline, until they mark them done.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE staff ADD COLUMN IF NOT EXISTS catalogue_admin boolean NOT NULL DEFAULT false`,
  `CREATE TABLE tools (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
     purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 1000),
     publisher text NOT NULL CHECK (length(publisher) BETWEEN 1 AND 200),
     kind text NOT NULL CHECK (kind IN ('web','app')),
     url text NOT NULL CHECK (url ~ '^https://'),
     min_age integer CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 120),
     max_age integer CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 120),
     quality_assured boolean NOT NULL DEFAULT false,
     retired_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
   )`,
  `CREATE UNIQUE INDEX tools_name_idx ON tools (lower(name)) WHERE retired_at IS NULL`,
  `CREATE TABLE tool_assignments (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     tool_id uuid NOT NULL REFERENCES tools(id),
     citizen_id uuid NOT NULL REFERENCES persons(id),
     unit_id uuid NOT NULL REFERENCES units(id),
     contact_id uuid NOT NULL REFERENCES health_contacts(id),
     sent_by uuid NOT NULL REFERENCES staff(id),
     note text CHECK (note IS NULL OR length(note) <= 500),
     due_at timestamptz,
     sent_at timestamptz NOT NULL DEFAULT now(),
     opened_at timestamptz,
     done_at timestamptz,
     done_by_person_id uuid REFERENCES persons(id)
   )`,
  // The citizen's open tasks (due first) and their history; a unit's list newest first.
  `CREATE INDEX tool_assignments_open_idx ON tool_assignments (citizen_id, due_at, sent_at) WHERE done_at IS NULL`,
  `CREATE INDEX tool_assignments_done_idx ON tool_assignments (citizen_id, done_at DESC) WHERE done_at IS NOT NULL`,
  `CREATE INDEX tool_assignments_unit_idx ON tool_assignments (unit_id, sent_at DESC, id DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
