/**
 * Items hidden from parents as "document" were stored under that name while letters (the
 * documents) are checked as "letter", so the hiding had no effect. Such rows become "letter"
 * rows (access/policy.ts HIDE_ALIASES maps the name on the way in from now on), and a check
 * keeps any other name out.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `INSERT INTO hidden_from_parents (object_type, object_id, citizen_id, hidden_by, created_at)
     SELECT 'letter', object_id, citizen_id, hidden_by, created_at FROM hidden_from_parents WHERE object_type = 'document'
     ON CONFLICT (object_type, object_id) DO NOTHING`,
  `DELETE FROM hidden_from_parents WHERE object_type = 'document'`,
  `ALTER TABLE hidden_from_parents ADD CONSTRAINT hidden_from_parents_kind_check CHECK (object_type IN ('thread', 'appointment', 'letter'))`,
];

/** Moves "document" rows to "letter" and restricts the kinds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
