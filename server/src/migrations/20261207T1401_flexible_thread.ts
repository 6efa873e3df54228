/**
 * A thread started through a flexible dialog remembers its grant, so it ends visibly with the
 * grant (the citizen's page says so and takes no more replies) and lands with its addressee.
 */
import { sql, type Kysely } from 'kysely';

const statements = [`ALTER TABLE threads ADD COLUMN IF NOT EXISTS flexible_dialog_id uuid REFERENCES flexible_dialogs(id)`];

/** Adds threads.flexible_dialog_id. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
