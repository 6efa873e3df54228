/**
 * The notification jobs.
 *  - notify.send sends one SMS or e-mail. It is idempotent through the notifications table,
 *    keyed by the job's idempotency key: the row is marked 'sending' (committed) before the
 *    send and 'sent' after it, so a job that runs again after a crash between 'sent' and the
 *    job's `done` sends nothing. The one window left is a crash during the send itself (the
 *    row stays 'sending'): the retry sends again with the same reference (SMS `reference`,
 *    e-mail Message-ID), so a gateway or mail client that deduplicates shows it once —
 *    at least once, never silently lost.
 *  - notify.reminder runs REMINDER_DAYS after an important letter or message was sent; if it
 *    is still unread it enqueues one reminder per recipient (idempotent keys: exactly once).
 * Logs carry ids, kind, channel and state — never a phone number, address or text.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { Database, Db } from '../../platform/db.ts';
import { enqueue, type JobContext, type Worker } from '../../platform/jobs.ts';
import { notifyNow } from './notify.clock.ts';
import { isLanguage } from '../../i18n/index.ts';
import { composeNotice, NOTICE_KINDS, OPTIONAL_KINDS, type NoticeKind } from './notify.content.ts';
import { enqueueNotices, EVENT_QUEUE, planEvent, REMINDER_QUEUE, SEND_QUEUE, type ReminderPayload, type SendPayload } from './notify.plan.ts';
import type { z } from 'zod';
import { alreadyHandled, claimSend, contactDetails, markFailed, markSent, markSkipped, settingsOf } from './notify.repository.ts';
import { createTransports, referenceOf, SendError, type Transports } from './transports.ts';
import { quietHoursEnd } from './quiet-hours.ts';

export interface NotifyDeps {
  db: Db;
  reminderDays: number;
  publicUrl: string;
  transports: Transports;
  now: () => Date;
  log: FastifyBaseLogger;
}

function sendPayload(p: Record<string, unknown>): SendPayload {
  const ok =
    typeof p.key === 'string' &&
    (NOTICE_KINDS as readonly string[]).includes(p.kind as string) &&
    typeof p.personId === 'string' &&
    typeof p.citizenId === 'string' &&
    (p.channel === 'sms' || p.channel === 'email');
  if (!ok) throw new Error('notify.send: malformed payload');
  return {
    key: p.key as string,
    kind: p.kind as NoticeKind,
    personId: p.personId as string,
    citizenId: p.citizenId as string,
    channel: p.channel as 'sms' | 'email',
    onBehalfOf: p.onBehalfOf === true,
    urgent: p.urgent === true,
    ...(typeof p.unitId === 'string' ? { unitId: p.unitId } : {}),
  };
}

/**
 * Why a notice is no longer worth sending (it is retried for a long time, so the thing it tells
 * about may have passed), or undefined while it is. An offer of a freed slot is useful only while
 * the offer is open.
 */
async function noLongerUseful(db: Db, p: SendPayload, now: Date): Promise<string | undefined> {
  if (p.kind === 'appointment.offered') {
    // The key names the waitlist offer (`appointment.offered:<offerId>`) or the answered request
    // (`appointment.offered:request.<requestId>`, whose offers are the times to choose from).
    const ref = p.key.split(':')[1] ?? '';
    const requestId = ref.startsWith('request.') ? ref.slice('request.'.length) : undefined;
    if (!/^[0-9a-f-]{36}$/i.test(requestId ?? ref)) return 'no longer useful: the offer is not known';
    const offers = await db
      .selectFrom('slot_offers')
      .select(['status', 'expires_at'])
      .where(requestId ? 'request_id' : 'id', '=', requestId ?? ref)
      .execute();
    if (!offers.some((o) => o.status === 'open' && o.expires_at > now)) return 'no longer useful: the offer is no longer open';
  }
  return undefined;
}

/** Sends one notification (the notify.send handler). */
export async function sendNotification(deps: NotifyDeps, job: Pick<JobContext, 'id' | 'payload' | 'attempt'>): Promise<void> {
  const p = sendPayload(job.payload);
  const { db, log } = deps;
  const logCtx = { job: job.id, kind: p.kind, channel: p.channel, attempt: job.attempt };
  if (await alreadyHandled(db, p.key)) {
    log.info({ notification: { ...logCtx, state: 'already-sent' } }, 'notification already handled');
    return;
  }
  if (p.channel === 'sms' && !p.urgent) {
    const until = quietHoursEnd(deps.now());
    if (until) {
      await enqueue(db, SEND_QUEUE, p, { idempotencyKey: `${p.key}:after-quiet:${until.toISOString()}`, runAt: until });
      log.info({ notification: { ...logCtx, state: 'deferred', until: until.toISOString() } }, 'SMS waits for the end of quiet hours');
      return;
    }
  }
  const base = { key: p.key, personId: p.personId, citizenId: p.citizenId, kind: p.kind, channel: p.channel };
  const useless = await noLongerUseful(db, p, deps.now());
  if (useless) {
    await markSkipped(db, { ...base, reason: useless });
    log.info({ notification: { ...logCtx, state: 'skipped', reason: useless } }, 'notification no longer useful');
    return;
  }
  const setting = OPTIONAL_KINDS[p.kind];
  if (setting && !(await settingsOf(db, p.personId))[setting]) {
    await markSkipped(db, { ...base, reason: `turned off (${setting})` });
    log.info({ notification: { ...logCtx, state: 'skipped' } }, 'notification turned off by the recipient');
    return;
  }
  const person = await contactDetails(db, p.personId);
  const to = p.channel === 'sms' ? person?.phone : person?.email;
  if (!to) {
    await markSkipped(db, { ...base, reason: `no ${p.channel === 'sms' ? 'mobile number' : 'e-mail address'}` });
    log.info({ notification: { ...logCtx, state: 'skipped' } }, 'no address for the channel');
    return;
  }
  if (!(await claimSend(db, base))) {
    log.info({ notification: { ...logCtx, state: 'already-sent' } }, 'notification already handled');
    return;
  }
  // In the recipient's language (the person notified, also when the notice is about someone they act for).
  const notice = composeNotice(p.kind, p.onBehalfOf, p.channel, deps.publicUrl, isLanguage(person?.preferred_language) ? person.preferred_language : 'nb');
  const reference = referenceOf(p.key);
  try {
    const res =
      p.channel === 'sms'
        ? await deps.transports.sms({ to, text: notice.text, reference })
        : await deps.transports.email({ to, subject: notice.subject, text: notice.text, html: notice.html, reference });
    await markSent(db, p.key, res.id);
    log.info({ notification: { ...logCtx, state: 'sent' } }, 'notification sent');
  } catch (err) {
    const reason = err instanceof SendError ? err.message : 'send failed';
    await markFailed(db, p.key, reason);
    log.warn({ notification: { ...logCtx, state: 'failed', reason } }, 'notification failed; the job will retry');
    throw new Error(reason, { cause: err });
  }
}

/** The reminder of a still-unread important letter or message (the notify.reminder handler). */
export async function runReminder(deps: NotifyDeps, job: Pick<JobContext, 'id' | 'payload'>): Promise<void> {
  const p = job.payload as ReminderPayload;
  if (
    (p.objectType !== 'letter' && p.objectType !== 'message' && p.objectType !== 'appointment') ||
    typeof p.objectId !== 'string' ||
    typeof p.citizenId !== 'string'
  )
    throw new Error('notify.reminder: malformed payload');
  const { db } = deps;
  if (p.objectType === 'appointment') return remindAppointment(deps, job.id, p);
  let threadId: string | undefined;
  let read: boolean;
  if (p.objectType === 'letter') {
    const l = await db.selectFrom('letters').select('read_at').where('id', '=', p.objectId).executeTakeFirst();
    read = !l || !!l.read_at;
  } else {
    const m = await db.selectFrom('messages').select(['read_at', 'thread_id']).where('id', '=', p.objectId).executeTakeFirst();
    read = !m || !!m.read_at;
    threadId = m?.thread_id;
  }
  if (read) {
    deps.log.info({ reminder: { job: job.id, objectType: p.objectType, state: 'read' } }, 'no reminder: already read');
    return;
  }
  const kind: NoticeKind = p.objectType === 'letter' ? 'reminder.letter' : 'reminder.message';
  const n = await db.transaction().execute((tx) =>
    enqueueNotices(
      tx,
      {
        kind,
        citizenId: p.citizenId,
        area: p.objectType === 'letter' ? 'documents' : 'dialog',
        object: p.objectType === 'letter' ? { type: 'letter', id: p.objectId } : { type: 'thread', id: threadId! },
        eventKey: `reminder:${p.objectType}:${p.objectId}`,
        urgent: false,
        remind: undefined,
      },
      { keyBase: `reminder:${p.objectType}:${p.objectId}`, kind, now: deps.now(), skipSetting: 'reminders' },
    ),
  );
  deps.log.info({ reminder: { job: job.id, objectType: p.objectType, state: 'enqueued', notices: n } }, 'reminder enqueued');
}

/**
 * The reminder before an appointment, asking the patient to confirm (planned by the appointments
 * module, appointments/reminders.ts). Sent only while it still asks something: the appointment is
 * booked at the time the reminder was planned for, not yet confirmed, and the unit takes
 * confirmations for its type.
 */
async function remindAppointment(deps: NotifyDeps, jobId: number | string, p: ReminderPayload): Promise<void> {
  const { db } = deps;
  const a = await db
    .selectFrom('appointments')
    .select(['id', 'unit_id', 'type', 'status', 'starts_at', 'answer'])
    .where('id', '=', p.objectId)
    .executeTakeFirst();
  const option = a
    ? await db
        .selectFrom('appointment_answer_options')
        .select('confirm')
        .where('unit_id', '=', a.unit_id)
        .where('appointment_type', '=', a.type)
        .executeTakeFirst()
    : undefined;
  const why = !a
    ? 'gone'
    : a.status !== 'booked'
      ? 'not booked'
      : a.starts_at.toISOString() !== p.startsAt
        ? 'moved'
        : a.starts_at <= deps.now()
          ? 'started'
          : a.answer === 'confirm'
            ? 'confirmed'
            : !option?.confirm
              ? 'unit takes no confirmations'
              : undefined;
  if (why) {
    deps.log.info({ reminder: { job: jobId, objectType: 'appointment', state: 'skipped', why } }, 'no appointment reminder');
    return;
  }
  const key = `reminder:appointment:${p.objectId}:${p.startsAt}`;
  const n = await db.transaction().execute((tx) =>
    enqueueNotices(
      tx,
      {
        kind: 'reminder.appointment',
        citizenId: p.citizenId,
        area: 'appointments',
        object: { type: 'appointment', id: p.objectId },
        eventKey: key,
        urgent: false,
        remind: undefined,
        unitId: a!.unit_id,
      },
      { keyBase: key, kind: 'reminder.appointment', now: deps.now(), skipSetting: 'reminders' },
    ),
  );
  deps.log.info({ reminder: { job: jobId, objectType: 'appointment', state: 'enqueued', notices: n } }, 'reminder enqueued');
}

/** Plans an event whose planning failed inside the work's transaction (the notify.event handler). */
export async function planLater(deps: NotifyDeps, job: Pick<JobContext<z.output<typeof EVENT_QUEUE.payload>>, 'id' | 'payload'>): Promise<void> {
  // Parsed by the queue's schema (notify.plan.ts EVENT_QUEUE): a stored event that is not one is dead at once.
  const event = job.payload.event;
  await deps.db.transaction().execute((tx) => planEvent(tx, event, { reminderDays: deps.reminderDays, now: deps.now() }));
  deps.log.info({ notification: { job: job.id, event: event.type, state: 'planned' } }, 'notifications planned after the work');
}

/** Registers the notification handlers on a worker. */
export function registerNotifyJobs(
  worker: Worker,
  config: Config,
  database: Database,
  log: FastifyBaseLogger,
  opts: { transports?: Transports; now?: () => Date } = {},
): NotifyDeps {
  const deps: NotifyDeps = {
    db: database.db,
    reminderDays: config.notify.reminderDays,
    publicUrl: config.publicUrl,
    transports: opts.transports ?? createTransports(config, database.db),
    now: opts.now ?? notifyNow,
    log,
  };
  // A notification may be late, never lost: retried with backoff (capped at 10 minutes) for
  // NOTIFY_RETRY_HOURS, then dead and shown to the unit's administrators, who can resend it.
  worker.handle(SEND_QUEUE, (job) => sendNotification(deps, job), { retryForMs: config.notify.retryMs });
  worker.handle(REMINDER_QUEUE, (job) => runReminder(deps, job));
  worker.handle(EVENT_QUEUE, (job) => planLater(deps, job));
  return deps;
}
