/**
 * Notifications that could not be delivered within NOTIFY_RETRY_HOURS (dead send jobs), for the
 * administrators of the unit they came from, who can send them again. The list shows what kind
 * of notice it was, the channel, when and why it failed — never the recipient's address or
 * identity (the administrator does not need it to resend, and it would be an access to log).
 */
import { sql } from 'kysely';
import type { DeadNotification } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { requireMembership, type StaffActor } from '../../access/actors.ts';
import { SEND_QUEUE } from './notify.plan.ts';


function requireAdmin(a: StaffActor, unitId: string): void {
  if (!requireMembership(a, unitId).isAdmin)
    throw new AppError('NOT_UNIT_ADMIN', 'Only a unit administrator can see and resend the notifications that could not be delivered.');
}

/** The unit's dead notifications, newest first, paged by job id (keyset). */
export async function deadNotifications(ctx: AppContext, a: StaffActor, unitId: string, opts: { before?: number | undefined; limit: number }) {
  requireAdmin(a, unitId);
  const rows = await sql<{
    id: number;
    payload: Record<string, unknown>;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    finished_at: Date | null;
  }>`
    SELECT id, payload, attempts, last_error, created_at, finished_at FROM jobs
    WHERE state = 'dead' AND queue = ${SEND_QUEUE.name} AND payload->>'unitId' = ${unitId}
      ${opts.before ? sql`AND id < ${opts.before}` : sql``}
    ORDER BY id DESC LIMIT ${opts.limit + 1}`.execute(ctx.db);
  const page = rows.rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      jobId: r.id,
      kind: String(r.payload.kind),
      channel: r.payload.channel === 'sms' ? ('sms' as const) : ('email' as const),
      attempts: r.attempts,
      reason: r.last_error,
      createdAt: new Date(r.created_at).toISOString(),
      diedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    })),
    nextBefore: rows.rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Sends a dead notification again: its job is ready now with a fresh retry window (the same
 * idempotency key, so it is still sent at most once).
 */
export async function resendNotification(ctx: AppContext, a: StaffActor, unitId: string, jobId: number): Promise<DeadNotification> {
  requireAdmin(a, unitId);
  return ctx.db.transaction().execute(async (tx) => {
    const r = await sql<{ id: number; payload: Record<string, unknown>; attempts: number; created_at: Date }>`
      UPDATE jobs SET state = 'ready', run_at = now(), created_at = now(), attempts = 0, finished_at = NULL, locked_at = NULL, locked_by = NULL
      WHERE id = ${jobId} AND state = 'dead' AND queue = ${SEND_QUEUE.name} AND payload->>'unitId' = ${unitId}
      RETURNING id, payload, attempts, created_at`.execute(tx);
    const row = r.rows[0];
    if (!row) throw notFound('The undelivered notification');
    await wakeWorkers(tx, SEND_QUEUE.name);
    return {
      jobId: row.id,
      kind: String(row.payload.kind),
      channel: row.payload.channel === 'sms' ? 'sms' : 'email',
      attempts: 0,
      reason: null,
      createdAt: new Date(row.created_at).toISOString(),
      diedAt: null,
    };
  });
}
