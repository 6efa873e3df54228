/**
 * The offers a unit made in answer to a citizen's request are found by the request: the request's
 * page lists them, and the notice of the answer checks that one is still open before it is sent.
 */
import { sql, type Kysely } from 'kysely';

/** Indexes slot offers by the request they answer. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE INDEX slot_offers_request_idx ON slot_offers (request_id) WHERE request_id IS NOT NULL`).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
