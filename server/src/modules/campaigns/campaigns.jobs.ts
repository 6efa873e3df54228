/**
 * The durable work of a campaign (platform/jobs.ts):
 *  - campaign.send sends to the next pending recipients, each in its own transaction: the
 *    recipient row is claimed (FOR UPDATE SKIP LOCKED), the campaign's state read (a pause or
 *    cancel between two recipients stops the job), the thread made through the one path a unit
 *    starts a thread by (audit, notification, journal), and the row marked sent with its thread —
 *    all committed together. A crash between two recipients leaves every finished one sent and
 *    the rest pending; the job runs again (stale claims are released) and goes on. The unique
 *    (campaign, citizen) row and its single thread id mean no patient gets the message twice.
 *    After BATCH recipients the job hands over to a continuation job, so one campaign never holds
 *    a worker for long.
 *  - campaign.reminder runs reminder_days after the start: each recipient who has neither read
 *    nor answered gets one reminder notice (notify module, keys per recipient: exactly once).
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { enqueue, type DbOrTx, type Worker } from '../../platform/jobs.ts';
import type { EventBus } from '../../platform/events.ts';
import { AppError } from '../../platform/errors.ts';
import type { Membership, StaffActor } from '../../access/actors.ts';
import type { DialogKind, StaffRole } from '../../platform/db-types.ts';
import { insertUnitThread } from '../dialog/staff-dialog.service.ts';
import { enqueueNotices } from '../notify/notify.plan.ts';
import { notifyNow } from '../notify/notify.clock.ts';
import { REMINDER_QUEUE, SEND_QUEUE } from './campaigns.service.ts';
import './campaigns.tables.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

/** Recipients one job sends to before it hands over to the next. */
export const BATCH = 50;

/** The campaign's author as the staff actor its threads are written by (audit, author). */
async function author(db: DbOrTx, staffId: string, unitId: string): Promise<{ a: StaffActor; m: Membership } | undefined> {
  const r = await db
    .selectFrom('staff as s')
    .innerJoin('staff_memberships as sm', 'sm.staff_id', 's.id')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .select(['s.id', 's.given_name', 's.family_name', 'sm.role', 'sm.is_admin', 'u.name', 'u.kind'])
    .where('s.id', '=', staffId)
    .where('sm.unit_id', '=', unitId)
    .executeTakeFirst();
  if (!r) return undefined;
  const m: Membership = { unitId, unitName: r.name, unitKind: r.kind, role: r.role as StaffRole, isAdmin: r.is_admin };
  return { a: { kind: 'staff', staffId: r.id, name: `${r.given_name} ${r.family_name}`, memberships: new Map([[unitId, m]]) }, m };
}

type Step = 'sent' | 'failed' | 'stopped' | 'finished';

/** Sends to the next pending recipient of a running campaign, in one transaction. */
export async function sendNext(database: Database, events: EventBus, campaignId: string): Promise<Step> {
  const step = await database.db.transaction().execute(async (tx): Promise<Step> => {
    // Shared lock: a pause or cancel waits for this recipient, then the next step sees it.
    const c = await tx.selectFrom('campaigns').selectAll().where('id', '=', campaignId).forShare().executeTakeFirst();
    if (!c || c.state !== 'running') return 'stopped';
    const r = await tx
      .selectFrom('campaign_recipients as r')
      .innerJoin('health_contacts as hc', 'hc.id', 'r.contact_id')
      .select(['r.id', 'r.ordinal', 'hc.id as contact_id', 'hc.citizen_id', 'hc.started_at', 'hc.ends_at', 'hc.ended_at'])
      .where('r.campaign_id', '=', campaignId)
      .where('r.state', '=', 'pending')
      .orderBy('r.ordinal')
      .limit(1)
      .forUpdate('r')
      .skipLocked()
      .executeTakeFirst();
    if (!r) {
      const left = await tx.selectFrom('campaign_recipients').select('id').where('campaign_id', '=', campaignId).where('state', '=', 'pending').limit(1).executeTakeFirst();
      // Another worker holds the last one: it finishes the campaign.
      return left ? 'stopped' : 'finished';
    }
    const who = await author(tx, c.created_by_staff_id, c.unit_id);
    const fail = async (reason: string): Promise<Step> => {
      await tx.updateTable('campaign_recipients').set({ state: 'failed', reason }).where('id', '=', r.id).execute();
      return 'failed';
    };
    if (!who) return fail('the sender is no longer a member of the unit');
    await sql`SAVEPOINT hd_campaign`.execute(tx);
    try {
      const text = c.question ? `${c.body}\n\n${c.question}` : c.body;
      const { threadId, messageId } = await insertUnitThread(
        tx,
        events,
        who.a,
        who.m,
        { id: r.contact_id, citizen_id: r.citizen_id, started_at: r.started_at, ends_at: r.ends_at, ended_at: r.ended_at },
        { kind: c.kind as DialogKind, topic: c.topic, text, important: false },
        [],
      );
      await sql`RELEASE SAVEPOINT hd_campaign`.execute(tx);
      await tx.updateTable('campaign_recipients').set({ state: 'sent', thread_id: threadId, message_id: messageId, sent_at: clockNow(), reason: null }).where('id', '=', r.id).execute();
      return 'sent';
    } catch (err) {
      // A rule refused this one patient (contact ended, service switched off): recorded with its reason, the rest go on.
      if (!(err instanceof AppError)) throw err;
      await sql`ROLLBACK TO SAVEPOINT hd_campaign`.execute(tx);
      return fail(err.message);
    }
  });
  // Marked done after the transaction, not in it: the campaign row is held FOR SHARE there, and
  // two workers that both found nothing left, each upgrading its share lock to write the row,
  // deadlocked (PostgreSQL killed one). Alone, the update waits for the senders' share locks and
  // happens once (the second finds the state no longer running), and only with nothing pending.
  if (step === 'finished')
    await database.db
      .updateTable('campaigns')
      .set({ state: 'done', finished_at: clockNow() })
      .where('id', '=', campaignId)
      .where('state', '=', 'running')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('campaign_recipients').select('id').where('campaign_id', '=', campaignId).where('state', '=', 'pending'))),
      )
      .execute();
  return step;
}

/** The campaign.send handler: up to BATCH recipients, then a continuation job while there are more. */
export async function runSend(database: Database, events: EventBus, campaignId: string, batch = BATCH): Promise<Step> {
  let last: Step = 'stopped';
  for (let i = 0; i < batch; i++) {
    last = await sendNext(database, events, campaignId);
    if (last === 'stopped' || last === 'finished') return last;
  }
  // More to do: hand over (a key per position, so a re-run of this job adds the same continuation once).
  const sent = await database.db
    .selectFrom('campaign_recipients')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where('state', '!=', 'pending')
    .executeTakeFirstOrThrow();
  await enqueue(database.db, SEND_QUEUE, { campaignId }, { idempotencyKey: `${SEND_QUEUE.name}:${campaignId}:after:${sent.n}` });
  return last;
}

/**
 * The campaign.reminder handler: one reminder to each digital recipient who has not answered —
 * read or not, when the campaign asks a question (having read "do you still want to stay on the
 * waiting list?" without answering is the case the hospitals chase); not read, when it only
 * informs (nothing to answer, so a read message is done).
 */
export async function runReminder(database: Database, campaignId: string): Promise<number> {
  const c = await database.db.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirst();
  if (!c || c.state === 'cancelled') return 0;
  const asks = c.question !== null && c.question.trim() !== '';
  const due = new Date(nowMs() - c.reminder_days * 86_400_000);
  const rows = await database.db
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .select(['r.id', 'r.citizen_id', 'r.thread_id', 'r.sent_at'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.state', '=', 'sent')
    .where('r.digital', '=', true)
    .where('r.answer', 'is', null)
    .where('r.reminded_at', 'is', null)
    .$if(!asks, (q) => q.where('m.read_at', 'is', null))
    .execute();
  let n = 0;
  let later: Date | undefined;
  for (const r of rows) {
    if (r.sent_at && r.sent_at > due) {
      // Sent later (the campaign was paused): its own N days are not over yet.
      const at = new Date(r.sent_at.getTime() + c.reminder_days * 86_400_000);
      if (!later || at < later) later = at;
      continue;
    }
    await database.db.transaction().execute(async (tx) => {
      const claimed = await tx.updateTable('campaign_recipients').set({ reminded_at: clockNow() }).where('id', '=', r.id).where('reminded_at', 'is', null).executeTakeFirst();
      if (!claimed.numUpdatedRows) return;
      n += await enqueueNotices(
        tx,
        { kind: 'reminder.message', citizenId: r.citizen_id, area: 'dialog', object: { type: 'thread', id: r.thread_id! }, eventKey: '', urgent: false, remind: undefined, unitId: c.unit_id },
        { keyBase: `campaign.reminder:${r.id}`, kind: 'reminder.message', now: notifyNow(), skipSetting: 'reminders' },
      );
    });
  }
  if (later) await enqueue(database.db, REMINDER_QUEUE, { campaignId }, { idempotencyKey: `${REMINDER_QUEUE.name}:${campaignId}:${later.toISOString()}`, runAt: later });
  return n;
}

/** Registers the campaign queues with the worker. */
export function registerCampaignJobs(worker: Worker, database: Database, events: EventBus, log: FastifyBaseLogger): void {
  worker.handle(SEND_QUEUE, async (job) => {
    const step = await runSend(database, events, job.payload.campaignId);
    log.info({ campaign: { job: job.id, step } }, 'campaign batch done');
  });
  worker.handle(REMINDER_QUEUE, async (job) => {
    const n = await runReminder(database, job.payload.campaignId);
    log.info({ campaign: { job: job.id, reminders: n } }, 'campaign reminders planned');
  });
}
