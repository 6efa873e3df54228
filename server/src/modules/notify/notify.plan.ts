/**
 * From a domain event to durable send jobs. Runs inside the transaction that did the work,
 * so the jobs exist exactly when the work committed; each job's idempotency key is
 * `${eventKey}:${personId}:${channel}`, so there is at most one notice per event, person and
 * channel however often the event is handled. Recipients: the citizen and everyone who may act
 * for them in the area (representation rules, items hidden from parents), deduplicated by
 * phone number and e-mail address.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvent } from '../../platform/events.ts';
import { DomainEventSchema, unhandled } from '../../platform/event-types.ts';
import { z } from 'zod';
import { NOTICE_KINDS } from '@helsedialog/core';
import { defineQueue, enqueue, type DbOrTx } from '../../platform/jobs.ts';
import { actorFor } from '../../access/policy.ts';
import { threadVisible } from '../../access/visibility.ts';
import { notificationRecipients, representationOf, type Area } from '../representation/representation.service.ts';
import type { NoticeKind } from './notify.content.ts';
import { settingsOf, type Settings } from './notify.repository.ts';
import type { Channel } from './notify.tables.ts';
import { quietHoursEnd } from './quiet-hours.ts';

/** One notice to one person on one channel: ids and flags only — never an address or any text. */
export const SEND_QUEUE = defineQueue(
  'notify.send',
  z.looseObject({
    key: z.string().min(1),
    kind: z.enum(NOTICE_KINDS),
    personId: z.string().min(1),
    citizenId: z.string().min(1),
    channel: z.enum(['sms', 'email']),
    onBehalfOf: z.boolean().optional(),
    urgent: z.boolean().optional(),
    unitId: z.string().optional(),
  }),
);
/** The reminder of a still-unread item, or before an appointment. */
export const REMINDER_QUEUE = defineQueue(
  'notify.reminder',
  z.looseObject({
    objectType: z.enum(['letter', 'message', 'appointment']),
    objectId: z.string().min(1),
    citizenId: z.string().min(1),
    startsAt: z.string().optional(),
  }),
);
/**
 * Events whose planning failed inside the work's transaction, planned again by the worker: the
 * event as published (ids, enums and flags only) with the key of its transaction (`eventId`).
 */
export const EVENT_QUEUE = defineQueue(
  'notify.event',
  z.looseObject({ event: z.intersection(DomainEventSchema, z.object({ eventId: z.string().min(1) })), citizenId: z.string().min(1) }),
);

/** An event to plan: as published, or kept in a `notify.event` job with the key of its transaction. */
export type PlannedEvent = DomainEvent & { eventId?: string };

/** What the send job carries: ids and flags only — never an address or any text. */
export interface SendPayload {
  key: string;
  kind: NoticeKind;
  personId: string;
  citizenId: string;
  channel: Channel;
  onBehalfOf: boolean;
  urgent: boolean;
  /** The unit the notice is about (its administrators see it if it cannot be delivered); absent on system notices. */
  unitId?: string;
  [k: string]: unknown;
}

export interface ReminderPayload {
  objectType: 'letter' | 'message' | 'appointment';
  objectId: string;
  citizenId: string;
  /** An appointment reminder: the start it was planned for (a moved appointment gets a new reminder). */
  startsAt?: string;
  [k: string]: unknown;
}

/** A notifiable happening. */
export interface Trigger {
  kind: NoticeKind;
  citizenId: string;
  area: Area;
  /** The item, for hidden-from-parents and thread visibility. */
  object: { type: 'thread' | 'letter' | 'appointment' | 'record'; id: string } | undefined;
  eventKey: string;
  urgent: boolean;
  remind: ReminderPayload | undefined;
  /** The unit it comes from, when the event names one. */
  unitId?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (v: string): string | undefined => (UUID.test(v) ? v : undefined);

/**
 * The events that never lead to a notice: what the citizen or staff did for themselves, and
 * happenings nobody is told of. One list, complete by type: a new event type must either be named
 * here or be handled by `triggerOfEvent` (its switch is exhaustive over the rest), so the two can
 * never disagree.
 */
const NEVER_NOTIFIES = {
  'message.read': true,
  'thread.updated': true,
  'staff.presence': true,
  'staff.notice': true,
  'letter.read': true,
  'form.submitted': true,
  'appointment.booked': true,
  'appointment.answered': true,
  'appointment.checked_in': true,
  'appointment.answer_handled': true,
  'appointment.completed': true,
  'appointment.not_attended': true,
  'appointment.requested': true,
  'slot.blocked': true,
  'slot.unblocked': true,
} as const satisfies Partial<Record<DomainEvent['type'], true>>;

/** An event that may lead to a notice. */
export type NotifyingEvent = Exclude<DomainEvent, { type: keyof typeof NEVER_NOTIFIES }>;

/**
 * Whether an event can lead to a notice at all, judged from the event alone (no queries): the
 * citizen's own messages, bookings, changes and cancellations never do. Lets the subscriber skip
 * its savepoint for the most common events. (`false` says only "no notice".)
 */
export function couldNotify(e: DomainEvent): e is NotifyingEvent {
  if (Object.hasOwn(NEVER_NOTIFIES, e.type)) return false;
  if (e.type === 'message.created') return e.by === 'unit';
  if (e.type === 'appointment.changed' || e.type === 'appointment.cancelled') return e.by !== 'citizen';
  return true;
}

/** A key that is unique for this transaction (for events that can happen many times to one item). */
export async function txKey(tx: DbOrTx): Promise<string> {
  const r = await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(tx);
  return r.rows[0]?.id ?? randomUUID();
}

/** Which notice an event calls for, if any. Only what the unit (or the system) did is notified. */
export async function triggerOf(tx: DbOrTx, e: PlannedEvent): Promise<Trigger | undefined> {
  const t = await triggerOfEvent(tx, e);
  const unitId = id(e.unitId);
  return t && unitId ? { ...t, unitId } : t;
}

async function triggerOfEvent(tx: DbOrTx, e: PlannedEvent): Promise<Trigger | undefined> {
  if (!couldNotify(e)) return undefined;
  const urgent = 'urgent' in e && e.urgent;
  switch (e.type) {
    case 'message.created': {
      if (e.by !== 'unit') return undefined;
      const messageId = id(e.messageId);
      const threadId = id(e.threadId);
      if (!messageId || !threadId || !id(e.citizenId)) return undefined;
      return {
        kind: 'message',
        citizenId: e.citizenId,
        area: 'dialog',
        object: { type: 'thread', id: threadId },
        eventKey: `message.created:${messageId}`,
        urgent,
        remind: e.important ? { objectType: 'message', objectId: messageId, citizenId: e.citizenId } : undefined,
      };
    }
    case 'letter.sent': {
      const letterId = id(e.letterId);
      if (!letterId || !id(e.citizenId)) return undefined;
      return {
        kind: 'letter',
        citizenId: e.citizenId,
        area: 'documents',
        object: { type: 'letter', id: letterId },
        eventKey: `letter.sent:${letterId}`,
        urgent,
        remind: e.important ? { objectType: 'letter', objectId: letterId, citizenId: e.citizenId } : undefined,
      };
    }
    case 'appointment.assigned':
    case 'appointment.changed':
    case 'appointment.cancelled':
    case 'visit.completed': {
      const appointmentId = id(e.appointmentId);
      // (The citizen's own booking, change or cancellation needs no notice: couldNotify.)
      if (!appointmentId || !id(e.citizenId)) return undefined;
      const once = e.type === 'appointment.assigned' || e.type === 'visit.completed';
      return {
        kind: e.type,
        citizenId: e.citizenId,
        area: 'appointments',
        object: { type: 'appointment', id: appointmentId },
        eventKey: once ? `${e.type}:${appointmentId}` : `${e.type}:${appointmentId}:${e.eventId ?? (await txKey(tx))}`,
        urgent,
        remind: undefined,
      };
    }
    case 'tool.sent': {
      // A clinician sent a digital tool: "a new task", never which tool or from whom.
      const assignmentId = id(e.toolAssignmentId);
      if (!assignmentId || !id(e.citizenId)) return undefined;
      return {
        kind: 'task',
        citizenId: e.citizenId,
        area: 'documents',
        object: undefined,
        eventKey: `tool.sent:${assignmentId}`,
        urgent,
        remind: undefined,
      };
    }
    case 'record.released': {
      // A record item became visible to the citizen (released now, or its automatic release came).
      const recordId = id(e.recordId);
      if (!recordId || !id(e.citizenId)) return undefined;
      return {
        kind: 'document',
        citizenId: e.citizenId,
        area: 'documents',
        object: { type: 'record', id: recordId },
        eventKey: `record.released:${recordId}`,
        urgent,
        remind: undefined,
      };
    }
    case 'form.sent':
    case 'form.reminded': {
      // A form to fill (area documents: only those who may see the patient's forms are told).
      const formRequestId = id(e.formRequestId);
      if (!formRequestId || !id(e.citizenId)) return undefined;
      return {
        kind: e.type === 'form.sent' ? 'form' : 'reminder.form',
        citizenId: e.citizenId,
        area: 'documents',
        object: undefined,
        eventKey: e.type === 'form.sent' ? `form.sent:${formRequestId}` : `form.reminded:${formRequestId}:${e.eventId ?? (await txKey(tx))}`,
        urgent,
        remind: undefined,
      };
    }
    case 'appointment.offered': {
      // A waitlisted citizen is offered a freed slot, or the unit answers the citizen's own request
      // with times to choose from: either way an offer open for a limited time.
      const ref = 'offerId' in e ? id(e.offerId) : id(e.requestId);
      if (!ref || !id(e.citizenId)) return undefined;
      return {
        kind: 'appointment.offered',
        citizenId: e.citizenId,
        area: 'appointments',
        object: undefined,
        eventKey: 'offerId' in e ? `appointment.offered:${ref}` : `appointment.offered:request.${ref}`,
        urgent,
        remind: undefined,
      };
    }
    case 'appointment.request_declined': {
      // The unit declined the citizen's request (with an answer to read): told like an answered
      // request — the same area, so the same recipients — and never the answer or the unit.
      const requestId = id(e.requestId);
      if (!requestId || !id(e.citizenId)) return undefined;
      return {
        kind: 'appointment.request_declined',
        citizenId: e.citizenId,
        area: 'appointments',
        object: undefined,
        eventKey: `appointment.request_declined:${requestId}`,
        urgent,
        remind: undefined,
      };
    }
    default:
      return unhandled(e);
  }
}

/** The channels to use for a person: their choice, falling back to the other when they have no address for it. */
export function channelsFor(choice: Settings['channel'], phone: string | null, email: string | null): Channel[] {
  if (choice === 'both') return [...(phone ? (['sms'] as const) : []), ...(email ? (['email'] as const) : [])];
  if (choice === 'email') return email ? ['email'] : phone ? ['sms'] : [];
  return phone ? ['sms'] : email ? ['email'] : [];
}

/** May this recipient know about the item? Threads of a youth are not told to a parent who may not see them. */
async function mayKnow(db: DbOrTx, personId: string, t: Trigger, now: Date): Promise<boolean> {
  if (personId === t.citizenId || t.object?.type !== 'thread') return true;
  const rep = await representationOf(db, personId, t.citizenId, now);
  if (!rep) return false;
  const thread = await db.selectFrom('threads').select(['id', 'contact_id', 'created_by_person_id']).where('id', '=', t.object.id).executeTakeFirst();
  if (!thread) return false;
  // The access policy's thread rule, for this recipient's representation now.
  return threadVisible(db, actorFor(personId, rep), thread);
}

/**
 * Enqueues one send job per recipient and channel. `keyBase` makes the idempotency keys;
 * non-urgent SMS in quiet hours are scheduled for 08:00 Oslo time. Returns the jobs created.
 */
export async function enqueueNotices(
  tx: DbOrTx,
  t: Trigger,
  opts: { keyBase: string; kind: NoticeKind; now: Date; skipSetting?: keyof Pick<Settings, 'reminders' | 'visits'> },
): Promise<number> {
  const recipients = await notificationRecipients(tx, t.citizenId, t.area, {
    ...(t.object ? { objectType: t.object.type, objectId: t.object.id } : {}),
    now: opts.now,
  });
  const quiet = t.urgent ? null : quietHoursEnd(opts.now);
  let n = 0;
  for (const r of recipients) {
    if (!(await mayKnow(tx, r.personId, t, opts.now))) continue;
    const settings = await settingsOf(tx, r.personId);
    if (opts.skipSetting && !settings[opts.skipSetting]) continue;
    for (const channel of channelsFor(settings.channel, r.phone, r.email)) {
      const key = `${opts.keyBase}:${r.personId}:${channel}`;
      const payload: SendPayload = {
        key,
        kind: opts.kind,
        personId: r.personId,
        citizenId: t.citizenId,
        channel,
        onBehalfOf: r.onBehalfOf,
        urgent: t.urgent,
        ...(t.unitId ? { unitId: t.unitId } : {}),
      };
      const runAt = channel === 'sms' && quiet ? quiet : undefined;
      if (await enqueue(tx, SEND_QUEUE, payload, { idempotencyKey: key, ...(runAt ? { runAt } : {}) })) n++;
    }
  }
  return n;
}

/** Plans the notices of one event: send jobs now, and a reminder job for an important item. */
export async function planEvent(tx: DbOrTx, e: PlannedEvent, opts: { reminderDays: number; now: Date }): Promise<void> {
  const t = await triggerOf(tx, e);
  if (!t) return;
  await enqueueNotices(tx, t, {
    keyBase: t.eventKey,
    kind: t.kind,
    now: opts.now,
    ...(t.kind === 'visit.completed' ? { skipSetting: 'visits' as const } : {}),
  });
  if (t.remind) {
    const runAt = new Date(opts.now.getTime() + opts.reminderDays * 86_400_000);
    await enqueue(tx, REMINDER_QUEUE, t.remind, { idempotencyKey: `reminder:${t.remind.objectType}:${t.remind.objectId}`, runAt });
  }
}
