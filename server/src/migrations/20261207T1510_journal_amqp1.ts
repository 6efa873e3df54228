/**
 * The AMQP 1.0 transport (`amqp1`): the national message bus's conventions, queues named by
 * HER-id (`<herId>_async`, `_error`), so a queue of its own is optional there.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE epj_endpoints DROP CONSTRAINT IF EXISTS epj_endpoints_transport_check`,
  `ALTER TABLE epj_endpoints ADD CONSTRAINT epj_endpoints_transport_check CHECK (transport IN ('http','amqp','amqp1'))`,
  `ALTER TABLE epj_endpoints DROP CONSTRAINT IF EXISTS epj_endpoints_check`,
  `ALTER TABLE epj_endpoints ADD CONSTRAINT epj_endpoints_check CHECK (transport <> 'amqp' OR queue IS NOT NULL)`,
];

/** Allows transport amqp1; a queue is required for amqp (0-9-1) only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
