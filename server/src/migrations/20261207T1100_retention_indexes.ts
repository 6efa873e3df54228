/** Indexes for housekeeping (maintenance.cleanup): finished jobs and stored idempotent answers by age. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state IN ('done','dead')`.execute(db);
  await sql`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`.execute(db);
  await sql`CREATE INDEX login_attempts_created_idx ON login_attempts (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS jobs_finished_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS idempotency_keys_created_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS login_attempts_created_idx`.execute(db);
}
