/**
 * The statistics' daily rollup of messages (docs/statistics.md, decision 90): per unit, Oslo day,
 * service kind and direction, the messages and how many of them were read within 1, 3 and 7
 * days. Days are added once they are final (8 days old: no read can change their counts), so a
 * month of a region is summed from days instead of counted from every message. A BRIN index on
 * messages.created_at (messages are written in time order, so it stays a few pages) lets the job
 * read one day's messages across all units.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of [
    `CREATE TABLE IF NOT EXISTS stats_message_days (
       unit_id uuid NOT NULL,
       day date NOT NULL,
       kind text,
       direction text NOT NULL CHECK (direction IN ('from_patients','to_patients')),
       messages integer NOT NULL,
       read1d integer NOT NULL,
       read3d integer NOT NULL,
       read7d integer NOT NULL
     )`,
    `CREATE INDEX IF NOT EXISTS stats_message_days_unit_day_idx ON stats_message_days (unit_id, day) INCLUDE (kind, direction, messages, read1d, read3d, read7d)`,
    `CREATE INDEX IF NOT EXISTS stats_message_days_day_idx ON stats_message_days (day)`,
    // Per rollup: every day before complete_before is in it.
    `CREATE TABLE IF NOT EXISTS stats_rollups (name text PRIMARY KEY, complete_before date NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS messages_created_brin ON messages USING brin (created_at)`,
  ])
    await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
