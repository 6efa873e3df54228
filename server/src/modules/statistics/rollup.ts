/**
 * The daily rollup of messages for the statistics (decision 90; docs/statistics.md). Per unit,
 * Oslo day, service kind and direction: the messages written, and how many were read within 1, 3
 * and 7 days. A day is added once it is final — 8 days old, so no read can change its counts —
 * and `stats_rollups.complete_before` says up to where. The statistics read whole days before that
 * from the rollup and count the rest (at most the last 8 days of a period) from the messages, so
 * a region's month costs its units' days, not its messages, and the answer is the same as
 * counting every message (statistics.test.ts holds both ways to each other).
 *
 * The `statistics.rollup` job runs every hour on any worker (once per hour, whoever asks); it
 * catches up by itself after downtime, 14 days per transaction so no statement runs long, and
 * each chunk replaces its days whole (DELETE + INSERT), so a rerun changes nothing. Counts stay
 * as written when retention later removes old conversations.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db.ts';
import type {} from './statistics.tables.ts';
import { defineQueue, enqueue, type DbOrTx, type Worker } from '../../platform/jobs.ts';
import { addDays, startOfDayInOslo, todayInOslo } from '../../platform/time.ts';
import { now as clockNow } from '../../platform/clock.ts';

const NAME = 'message_days';
/** A day is final this many days after it ended (the longest read window is 7 days). */
export const FINAL_AFTER_DAYS = 8;
const CHUNK_DAYS = 14;
const HOUR = 3_600_000;

export const ROLLUP_QUEUE = defineQueue('statistics.rollup', z.object({}));

/** Every Oslo day before this one is in the rollup (undefined: nothing yet). */
export async function rolledUpBefore(db: DbOrTx): Promise<string | undefined> {
  const { rows } = await sql<{ d: string }>`SELECT complete_before::text AS d FROM stats_rollups WHERE name = ${NAME}`.execute(db);
  return rows[0]?.d;
}

/** The Oslo day of the first message (undefined: none). */
async function firstDay(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ d: string | null }>`SELECT ((min(created_at) AT TIME ZONE 'Europe/Oslo')::date)::text AS d FROM messages`.execute(db);
  return rows[0]?.d ?? undefined;
}

/** Adds the days that became final since the last run; returns the days added. */
export async function rollupMessageDays(db: Db, at: Date = clockNow()): Promise<number> {
  const target = addDays(todayInOslo(at), -FINAL_AFTER_DAYS);
  let from: string = (await rolledUpBefore(db)) ?? (await firstDay(db)) ?? target;
  if (from > target) from = target;
  let added = 0;
  while (from < target) {
    const next = addDays(from, CHUNK_DAYS);
    const until: string = next < target ? next : target;
    const start = from;
    await db.transaction().execute(async (tx) => {
      // One runner at a time: the state row is locked for the chunk.
      await sql`INSERT INTO stats_rollups (name, complete_before) VALUES (${NAME}, ${start}::date) ON CONFLICT (name) DO NOTHING`.execute(tx);
      const { rows } = await sql<{ d: string }>`SELECT complete_before::text AS d FROM stats_rollups WHERE name = ${NAME} FOR UPDATE`.execute(tx);
      if (rows[0]!.d > start) return; // another worker did this chunk
      await sql`DELETE FROM stats_message_days WHERE day >= ${start}::date AND day < ${until}::date`.execute(tx);
      await sql`
        INSERT INTO stats_message_days (unit_id, day, kind, direction, messages, read1d, read3d, read7d)
        SELECT unit_id, (created_at AT TIME ZONE 'Europe/Oslo')::date, kind,
          CASE author_kind WHEN 'citizen' THEN 'from_patients' ELSE 'to_patients' END,
          count(*),
          count(*) FILTER (WHERE read_at <= created_at + interval '1 day'),
          count(*) FILTER (WHERE read_at <= created_at + interval '3 days'),
          count(*) FILTER (WHERE read_at <= created_at + interval '7 days')
        FROM messages
        WHERE created_at >= ${startOfDayInOslo(start)} AND created_at < ${startOfDayInOslo(until)} AND author_kind IN ('citizen', 'staff')
        GROUP BY 1, 2, 3, 4`.execute(tx);
      await sql`UPDATE stats_rollups SET complete_before = ${until}::date, updated_at = ${clockNow()} WHERE name = ${NAME}`.execute(tx);
    });
    added += Math.round((Date.parse(until) - Date.parse(start)) / 86_400_000);
    from = until;
  }
  return added;
}

/** Enqueues this hour's rollup (once per hour, whoever asks). */
export async function scheduleRollup(db: DbOrTx, at = clockNow().getTime()): Promise<boolean> {
  const slot = Math.floor(at / HOUR);
  return enqueue(db, ROLLUP_QUEUE, {}, { idempotencyKey: `${ROLLUP_QUEUE.name}:${slot}`, runAt: new Date(slot * HOUR) });
}

/** Registers the rollup job and its hourly schedule on a worker. */
export function registerStatisticsRollup(worker: Worker, db: Db): void {
  worker.handle(ROLLUP_QUEUE, async ({ log }) => {
    const days = await rollupMessageDays(db);
    if (days) log.info({ statistics: { rollupDays: days } }, 'statistics rollup done');
  });
  worker.every(HOUR, () => scheduleRollup(db));
}
