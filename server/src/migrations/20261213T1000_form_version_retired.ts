/**
 * A form's retirement is recorded on each of its versions (`form_versions.retired_at`): importing
 * the form's url again starts the form anew (`forms.retired_at` cleared), and the requests sent
 * with a retired version stay closed — before, the re-import revived them (submittable again).
 * Versions of forms retired already are retired here.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE form_versions ADD COLUMN retired_at timestamptz`,
  `UPDATE form_versions v SET retired_at = f.retired_at FROM forms f WHERE f.id = v.form_id AND f.retired_at IS NOT NULL`,
];

/** Retirement per version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
