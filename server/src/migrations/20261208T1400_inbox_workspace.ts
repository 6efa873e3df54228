/**
 * The clinician workspace (docs/inbox.md): saved inbox filters per staff member, quick-reply
 * templates per unit or per person, and an index for per-GP-list inbox views (the threads of
 * patients on one GP's list: health_contacts by unit and GP).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE IF NOT EXISTS saved_filters (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
     query text NOT NULL CHECK (length(query) <= 500),
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX IF NOT EXISTS saved_filters_staff_idx ON saved_filters (staff_id, created_at)`,
  `CREATE TABLE IF NOT EXISTS reply_templates (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
     staff_id uuid REFERENCES staff(id) ON DELETE CASCADE,
     title text NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
     text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
     created_by uuid NOT NULL REFERENCES staff(id),
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX IF NOT EXISTS reply_templates_unit_idx ON reply_templates (unit_id, staff_id, title)`,
  `CREATE INDEX IF NOT EXISTS health_contacts_unit_gp_idx ON health_contacts (unit_id, gp_staff_id) WHERE gp_staff_id IS NOT NULL`,
];

/** Adds saved_filters, reply_templates and the per-GP-list index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
