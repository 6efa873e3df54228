/**
 * Housekeeping: the maintenance.cleanup job deletes what is kept no longer than its retention
 * (README's RETENTION_* settings; docs/operations.md gives each kind's basis): expired sessions and
 * login attempts, finished jobs, dead jobs, the stored answers of Idempotency-Key requests (they
 * hold message text), the notification log, closed conversations the EPJ has documented
 * (thread-retention.ts; off by default) and whole years of the access log (audit-partitions.ts). Each worker
 * schedules it every MAINTENANCE_INTERVAL_MINUTES with an idempotency key of the interval, so
 * however many workers run, it runs once per interval. Deletes go in batches so no statement
 * holds locks for long.
 */
import { z } from 'zod';
import { sql } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { defineQueue, enqueue, type Worker } from '../../platform/jobs.ts';
import { archiveAuditYears, ensureAuditPartitions } from '../audit/audit-partitions.ts';
import { removeExpiredThreads } from './thread-retention.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

export const CLEANUP_QUEUE = defineQueue('maintenance.cleanup', z.object({}));

/** Rows deleted per statement. */
const BATCH = 5000;

export type Retention = Config['maintenance'];

/** Deletes with `statement` (which deletes at most BATCH rows) until fewer are left; returns how many went. */
async function inBatches(run: () => Promise<bigint | number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = Number(await run());
    total += n;
    if (n < BATCH) return total;
  }
}

/** Deletes everything past its retention; returns the counts per kind. */
export async function cleanup(db: Db, r: Retention, now = clockNow()): Promise<Record<string, number>> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const sessions = before(r.sessionsMs);
  const counts: Record<string, number> = {};
  counts.sessions = await inBatches(async () =>
    Number(
      (await sql`DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_at < ${sessions} LIMIT ${BATCH})`.execute(db))
        .numAffectedRows ?? 0,
    ),
  );
  counts.loginAttempts = await inBatches(async () =>
    Number(
      (await sql`DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE created_at < ${sessions} LIMIT ${BATCH})`.execute(db))
        .numAffectedRows ?? 0,
    ),
  );
  const jobs = async (state: 'done' | 'dead', cutoff: Date) =>
    inBatches(async () =>
      Number(
        (
          await sql`DELETE FROM jobs WHERE id IN (
            SELECT id FROM jobs WHERE state IN ('done','dead') AND state = ${state} AND finished_at < ${cutoff} LIMIT ${BATCH})`.execute(db)
        ).numAffectedRows ?? 0,
      ),
    );
  counts.finishedJobs = await jobs('done', before(r.jobsMs));
  counts.deadJobs = await jobs('dead', before(r.deadJobsMs));
  counts.idempotencyKeys = await inBatches(async () =>
    Number(
      (
        await sql`DELETE FROM idempotency_keys WHERE (scope, key) IN (
          SELECT scope, key FROM idempotency_keys WHERE created_at < ${before(r.idempotencyMs)} LIMIT ${BATCH})`.execute(db)
      ).numAffectedRows ?? 0,
    ),
  );
  counts.notifications = await inBatches(async () =>
    Number(
      (
        await sql`DELETE FROM notifications WHERE id IN (
          SELECT id FROM notifications WHERE state IN ('sent','failed','skipped') AND created_at < ${before(r.notificationsMs)} LIMIT ${BATCH})`.execute(db)
      ).numAffectedRows ?? 0,
    ),
  );
  counts.devMailbox = await inBatches(async () =>
    Number(
      (await sql`DELETE FROM dev_mailbox WHERE id IN (SELECT id FROM dev_mailbox WHERE created_at < ${before(r.notificationsMs)} LIMIT ${BATCH})`.execute(db))
        .numAffectedRows ?? 0,
    ),
  );
  counts.threads = await removeExpiredThreads(db, r, now);
  // The access log: next years' partitions exist before they are needed; whole years past retention go.
  const year = now.getUTCFullYear();
  const partitions = await ensureAuditPartitions(db, year, year + 2);
  counts.auditPartitionsCreated = partitions.created.length;
  counts.auditYearsInDefault = partitions.blocked.length;
  if (r.auditMs > 0) {
    const archived = await archiveAuditYears(db, before(r.auditMs), r.auditArchiveDir);
    counts.auditYearsArchived = archived.years.length;
    counts.auditEntriesArchived = archived.entries;
  }
  return counts;
}

/** Enqueues this interval's cleanup (once per interval, whoever asks); true when this call added it. */
export async function scheduleCleanup(db: Db, intervalMs: number, now = nowMs()): Promise<boolean> {
  const slot = Math.floor(now / intervalMs);
  return enqueue(db, CLEANUP_QUEUE, {}, { idempotencyKey: `${CLEANUP_QUEUE.name}:${intervalMs}:${slot}`, runAt: new Date(slot * intervalMs) });
}

/** Registers the cleanup job and its schedule on a worker. */
export function registerMaintenance(worker: Worker, config: Pick<Config, 'maintenance'>, db: Db): void {
  worker.handle(CLEANUP_QUEUE, async ({ log }) => {
    const counts = await cleanup(db, config.maintenance);
    log.info({ maintenance: counts }, 'housekeeping done');
  });
  worker.every(config.maintenance.intervalMs, () => scheduleCleanup(db, config.maintenance.intervalMs));
}
