/**
 * Escalation of threads past their promised answer date (decision 72). Step 1, when the promise
 * (threads.due_at) has passed and the unit still owes an answer: to the person the thread is
 * with (its assignee, else its addressee, else the role pool it is addressed to). Step 2, when
 * the unit configured one, `second_after_days` working days later: to the unit's leader or a role
 * pool. Each step is a row of thread_escalations, unique per thread, promise and step, so a step
 * is never taken twice — however often the scan runs or how many workers run it — and a new
 * promise (the citizen wrote again after an answer) can escalate again. The scan is a durable
 * job (`dialog.escalate`), scheduled every ESCALATION_INTERVAL_MINUTES per interval with an
 * idempotency key; a scan looks at every overdue thread whatever its age, so after downtime it
 * catches up. Each escalation writes an in-app notice (staff_notices) for its recipients and a
 * `thread.updated` event; the thread's staff view lists the promise and every escalation.
 */
import { z } from 'zod';
import { AWAITING_ANSWER } from '@helsedialog/core';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffRole } from '../../platform/db-types.ts';
import type { EventBus } from '../../platform/events.ts';
import { defineQueue, enqueue, type DbOrTx, type Worker } from '../../platform/jobs.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';
import { addStaffNotices } from './notices.ts';
import { addWorkingDays } from '../../platform/working-days.ts';
import type {} from './dialog-rules.tables.ts';

export const ESCALATION_QUEUE = defineQueue('dialog.escalate', z.object({}));
/** Threads looked at per statement. */
const BATCH = 200;

export interface EscalationSettingsRow {
  second_step: 'none' | 'leader' | 'role';
  leader_staff_id: string | null;
  role_pool: StaffRole | null;
  second_after_days: number;
}
const NO_SECOND: EscalationSettingsRow = { second_step: 'none', leader_staff_id: null, role_pool: null, second_after_days: 1 };

/** A unit's escalation settings (nothing configured: step 1 only). */
export async function escalationSettings(db: DbOrTx, unitId: string): Promise<EscalationSettingsRow> {
  const r = await db
    .selectFrom('unit_escalation_settings')
    .select(['second_step', 'leader_staff_id', 'role_pool', 'second_after_days'])
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return r ?? NO_SECOND;
}

/** The members of a unit with a role (a role pool). */
async function poolMembers(db: DbOrTx, unitId: string, role: string): Promise<string[]> {
  const rows = await db.selectFrom('staff_memberships').select('staff_id').where('unit_id', '=', unitId).where('role', '=', role as StaffRole).execute();
  return rows.map((r) => r.staff_id);
}

interface Candidate {
  id: string;
  unit_id: string;
  citizen_id: string;
  due_at: Date;
  assigned_staff_id: string | null;
  addressed_staff_id: string | null;
  addressed_role: string | null;
  steps: number[];
}

/**
 * Overdue threads (promise passed, unit owes an answer) with a step still to take for their
 * current promise, oldest promise first, after `after` (keyset over (due_at, id)).
 */
async function candidates(db: Db, at: Date, after: { due: Date; id: string } | undefined): Promise<Candidate[]> {
  const r = await sql<Candidate>`
    SELECT t.id, t.unit_id, t.citizen_id, t.due_at, t.assigned_staff_id, t.addressed_staff_id, t.addressed_role,
      coalesce((SELECT array_agg(e.step::int) FROM thread_escalations e WHERE e.thread_id = t.id AND e.promised_at = t.due_at), '{}') AS steps
    FROM threads t
    LEFT JOIN unit_escalation_settings s ON s.unit_id = t.unit_id
    WHERE t.status IN (${sql.join(AWAITING_ANSWER.map((x) => sql.lit(x)))}) AND t.due_at IS NOT NULL AND t.due_at < ${at}
      ${after ? sql`AND (t.due_at, t.id) > (${after.due}, ${after.id})` : sql``}
      AND (SELECT count(*) FROM thread_escalations e WHERE e.thread_id = t.id AND e.promised_at = t.due_at)
          < CASE WHEN coalesce(s.second_step, 'none') = 'none' THEN 1 ELSE 2 END
    ORDER BY t.due_at, t.id
    LIMIT ${BATCH}`.execute(db);
  return r.rows;
}

/**
 * Takes every escalation step that is due at `at` and not yet taken. Returns how many steps were
 * taken now (a step another worker took first is not counted).
 */
export async function escalateDue(db: Db, events: Pick<EventBus, 'publish'>, at: Date = clockNow()): Promise<number> {
  let taken = 0;
  let after: { due: Date; id: string } | undefined;
  const settings = new Map<string, EscalationSettingsRow>();
  for (;;) {
    const rows = await candidates(db, at, after);
    for (const t of rows) {
      let s = settings.get(t.unit_id);
      if (!s) {
        s = await escalationSettings(db, t.unit_id);
        settings.set(t.unit_id, s);
      }
      const due: Array<{ step: 1 | 2; toStaff: string | null; toRole: string | null }> = [];
      if (!t.steps.includes(1)) {
        const person = t.assigned_staff_id ?? t.addressed_staff_id;
        due.push({ step: 1, toStaff: person, toRole: person ? null : t.addressed_role });
      }
      if (s.second_step !== 'none' && !t.steps.includes(2) && addWorkingDays(t.due_at, s.second_after_days) < at)
        due.push({ step: 2, toStaff: s.second_step === 'leader' ? s.leader_staff_id : null, toRole: s.second_step === 'role' ? s.role_pool : null });
      for (const step of due) if (await takeStep(db, events, t, step, at)) taken++;
    }
    if (rows.length < BATCH) return taken;
    const last = rows.at(-1)!;
    after = { due: last.due_at, id: last.id };
  }
}

/** One step, once: the escalation row (unique per thread, promise and step), its notices and event, in one transaction. */
async function takeStep(
  db: Db,
  events: Pick<EventBus, 'publish'>,
  t: Candidate,
  step: { step: 1 | 2; toStaff: string | null; toRole: string | null },
  at: Date,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('thread_escalations')
      .values({ thread_id: t.id, unit_id: t.unit_id, step: step.step, promised_at: t.due_at, to_staff_id: step.toStaff, to_role: step.toRole, escalated_at: at })
      .onConflict((oc) => oc.columns(['thread_id', 'promised_at', 'step']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    const recipients = step.toStaff ? [step.toStaff] : step.toRole ? await poolMembers(tx, t.unit_id, step.toRole) : [];
    await addStaffNotices(tx, events, { kind: 'escalation', to: recipients, unitId: t.unit_id, threadId: t.id, citizenId: t.citizen_id, at });
    await events.publish(tx, { type: 'thread.updated', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'system' });
    return true;
  });
}

/** Enqueues this interval's scan (once per interval, whichever worker asks); true when this call added it. */
export async function scheduleEscalation(db: Db, intervalMs: number, now = nowMs()): Promise<boolean> {
  const slot = Math.floor(now / intervalMs);
  return enqueue(db, ESCALATION_QUEUE, {}, { idempotencyKey: `${ESCALATION_QUEUE.name}:${intervalMs}:${slot}`, runAt: new Date(slot * intervalMs) });
}

/** Registers the scan and its schedule on a worker. */
export function registerEscalation(worker: Worker, db: Db, events: Pick<EventBus, 'publish'>, intervalMs: number): void {
  worker.handle(ESCALATION_QUEUE, async ({ log }) => {
    const n = await escalateDue(db, events);
    if (n) log.info({ escalations: n }, 'threads escalated');
  });
  worker.every(intervalMs, () => scheduleEscalation(db, intervalMs));
}

/** Sets a unit's escalation (the caller checked that the actor administers the unit); the leader must work in the unit. */
export async function setEscalationSettings(
  db: Db,
  staffId: string,
  unitId: string,
  b: { secondStep: 'leader' | 'role' | 'none'; leaderStaffId?: string | null | undefined; rolePool?: StaffRole | null | undefined; secondAfterDays: number },
) {
  if (b.secondStep === 'leader') {
    const member = await db
      .selectFrom('staff_memberships')
      .select('staff_id')
      .where('unit_id', '=', unitId)
      .where('staff_id', '=', b.leaderStaffId!)
      .executeTakeFirst();
    if (!member) throw new AppError('VALIDATION_FAILED', 'The leader must work in this unit. Choose a colleague from the list.');
  }
  const row = {
    second_step: b.secondStep,
    leader_staff_id: b.secondStep === 'leader' ? (b.leaderStaffId ?? null) : null,
    role_pool: b.secondStep === 'role' ? (b.rolePool ?? null) : null,
    second_after_days: b.secondAfterDays,
    updated_at: clockNow(),
    updated_by: staffId,
  };
  await db
    .insertInto('unit_escalation_settings')
    .values({ unit_id: unitId, ...row })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(row))
    .execute();
  return { secondStep: row.second_step, leaderStaffId: row.leader_staff_id, rolePool: row.role_pool, secondAfterDays: row.second_after_days };
}
