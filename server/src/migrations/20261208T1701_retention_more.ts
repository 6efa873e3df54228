/** Indexes for the retention of closed threads and of the notification log (maintenance.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS threads_closed_at_idx ON threads (closed_at) WHERE status = 'closed'`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS notifications_created_idx ON notifications (created_at)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS dev_mailbox_created_idx ON dev_mailbox (created_at)`.execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
