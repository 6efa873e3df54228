/**
 * Statistics (docs/statistics.md, decisions.md 52–54): an organisation can sit under another (a
 * hospital trust under a region, departments' units under the trust), leaders are appointed over
 * an organisation, and covering indexes let the statistics count over the real tables by unit
 * and time without reading the rows themselves (index-only scans).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS parent_id uuid REFERENCES organisations(id)`,
  `ALTER TABLE organisations ADD COLUMN IF NOT EXISTS level text NOT NULL DEFAULT 'organisation' CHECK (level IN ('region','trust','organisation'))`,
  `ALTER TABLE organisations ADD CONSTRAINT organisations_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)`,
  `CREATE INDEX IF NOT EXISTS organisations_parent_idx ON organisations (parent_id) WHERE parent_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS units_organisation_idx ON units (organisation_id)`,
  `CREATE TABLE IF NOT EXISTS organisation_leaders (
    staff_id uuid NOT NULL REFERENCES staff(id),
    organisation_id uuid NOT NULL REFERENCES organisations(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, organisation_id)
  )`,
  // The service kind a message was written in (its thread's kind at that moment), so messages
  // per kind are counted from one index without a join per message (decisions.md 52). Set by a
  // trigger on insert, so no writer can forget it; existing rows are filled from their thread.
  `ALTER TABLE messages ADD COLUMN IF NOT EXISTS kind text`,
  `CREATE OR REPLACE FUNCTION messages_set_kind() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.kind IS NULL THEN
        SELECT t.kind INTO NEW.kind FROM threads t WHERE t.id = NEW.thread_id;
      END IF;
      RETURN NEW;
    END $$`,
  `DROP TRIGGER IF EXISTS messages_set_kind ON messages`,
  `CREATE TRIGGER messages_set_kind BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION messages_set_kind()`,
  `UPDATE messages m SET kind = t.kind FROM threads t WHERE t.id = m.thread_id AND m.kind IS NULL`,
  // Messages per unit and time, with what the counts look at (direction, kind, read time).
  `CREATE INDEX IF NOT EXISTS messages_unit_created_stats_idx ON messages (unit_id, created_at) INCLUDE (author_kind, kind, read_at)`,
  // Threads per unit and creation time, with kind, who started it, deadline and answer.
  `CREATE INDEX IF NOT EXISTS threads_unit_created_stats_idx ON threads (unit_id, created_at) INCLUDE (kind, started_by, status, due_at, answered_at)`,
  `CREATE INDEX IF NOT EXISTS billing_lines_unit_created_idx ON billing_lines (unit_id, created_at) INCLUDE (exempt_reason)`,
  `CREATE INDEX IF NOT EXISTS appointments_unit_created_idx ON appointments (unit_id, created_at) INCLUDE (source)`,
  `CREATE INDEX IF NOT EXISTS appointments_unit_cancelled_idx ON appointments (unit_id, cancelled_at) INCLUDE (cancelled_by) WHERE cancelled_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS appointments_unit_completed_idx ON appointments (unit_id, completed_at) WHERE completed_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS health_contacts_unit_stats_idx ON health_contacts (unit_id, started_at) INCLUDE (ended_at, ends_at)`,
];

/** Organisation hierarchy, leaders, and the statistics' covering indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
