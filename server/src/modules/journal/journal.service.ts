/**
 * Journaling rules: which domain events become outbox rows (in the transaction of the work),
 * what staff see of each item, and resending a rejected or dead item.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { unhandled } from '../../platform/event-types.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireMembership, type StaffActor } from '../../access/actors.ts';
import { findThread } from '../dialog/threads.repository.ts';
import '../letters/letters.tables.ts';
import {
  findItem,
  insertItem,
  itemsOfThread,
  itemsOfUnit,
  latestItemOf,
  releaseOrderKey,
  updateItem,
  waitingOfUnit,
  appointmentForJournal,
  letterUnit,
  lettersSentAt,
  messageSeqsOfThread,
  type ItemRow,
} from './journal.repository.ts';
import '../appointments/appointments.tables.ts';
import type { AppointmentSnapshot, JournalStatus } from './journal.tables.ts';
import { now } from '../../platform/clock.ts';

/** The appointment as it is in the transaction of the event: what its journal item tells. */
async function appointmentSnapshot(tx: Transaction<DB>, id: string): Promise<AppointmentSnapshot | undefined> {
  const a = await appointmentForJournal(tx, id);
  return a
    ? {
        title: a.title,
        type: a.type,
        status: a.status,
        startsAt: a.starts_at.toISOString(),
        endsAt: a.ends_at.toISOString(),
        location: a.location,
        cancelledBy: a.cancelled_by,
        cancelReason: a.cancel_reason,
        ...(a.answer ? { answer: a.answer, answerText: a.answer_text } : {}),
        timebook: a.timebook,
        ...(a.checked_in_at ? { checkedInAt: a.checked_in_at.toISOString() } : {}),
      }
    : undefined;
}

/**
 * Subscribes the journal to domain events: an outbox row per documented change.
 * Records the journal item of each event in the event's own transaction. Deliberately not wrapped
 * in a savepoint-and-fallback as the notification subscriber is: a failure here fails the work, so
 * nothing is committed that the EPJ will never document, and no item is added later out of its
 * thread's order (docs/decisions.md 75).
 */
export function subscribeJournal(events: EventBus): void {
  events.subscribe(async (tx, e) => {
    // What an EPJ wrote through the FHIR API is already in its record.
    if (('source' in e && e.source === 'epj') || !e.unitId) return;
    let item: { objectType: string; objectId: string; orderKey: string; threadId: string | null; dedupeKey: string; snapshot?: AppointmentSnapshot };
    // A message is written only with its thread row locked (insertMessage), and its items are
    // ordered by that thread: the lock already serialises them.
    let orderLocked = false;
    switch (e.type) {
      case 'message.created':
        item = { objectType: 'message', objectId: e.messageId, orderKey: e.threadId, threadId: e.threadId, dedupeKey: `message:${e.messageId}` };
        orderLocked = true;
        break;
      case 'letter.sent':
        item = { objectType: 'letter', objectId: e.letterId, orderKey: `letter:${e.letterId}`, threadId: null, dedupeKey: `letter:${e.letterId}` };
        break;
      case 'form.submitted':
        // A submitted form response (sent by the unit, or given with a message): its own order key.
        item = {
          objectType: 'form_response',
          objectId: e.formResponseId,
          orderKey: `form_response:${e.formResponseId}`,
          threadId: null,
          dedupeKey: `form_response:${e.formResponseId}`,
        };
        break;
      // Appointment events that are documented (each change is its own item, in order per
      // appointment), with the patient's answer (confirm, ask to change, video/phone instead, no
      // longer needed) and check-in on arrival from the portal, journaled like the answers (decision 77).
      case 'appointment.booked':
      case 'appointment.assigned':
      case 'appointment.changed':
      case 'appointment.cancelled':
      case 'appointment.completed':
      case 'visit.completed':
      case 'appointment.not_attended':
      case 'appointment.answered':
      case 'appointment.checked_in':
        item = {
          objectType: 'appointment',
          objectId: e.appointmentId,
          orderKey: `appointment:${e.appointmentId}`,
          threadId: null,
          dedupeKey: `appointment:${e.appointmentId}:${e.type}:${randomUUID()}`,
          // Sent later (maybe after an outage and further changes): the item keeps this event's state.
          snapshot: await appointmentSnapshot(tx, e.appointmentId),
        };
        break;
      // Not documented in the EPJ (docs/journal.md says what is).
      case 'message.read':
      case 'thread.updated':
      case 'staff.presence':
      case 'staff.notice':
      case 'letter.read':
      case 'record.released':
      case 'tool.sent':
      case 'form.sent':
      case 'form.reminded':
      case 'appointment.answer_handled':
      case 'appointment.offered':
      case 'appointment.requested':
      case 'appointment.request_declined':
      case 'slot.blocked':
      case 'slot.unblocked':
        return;
      default:
        return unhandled(e);
    }
    // Nothing is written when the unit has no enabled EPJ endpoint; the item schedules its own delivery.
    await insertItem(tx, { ...item, unitId: e.unitId, citizenId: e.citizenId, eventType: e.type }, orderLocked);
  });
}

/** What staff see of an item. */
export interface JournalView {
  itemId: string;
  status: JournalStatus;
  reason: string | null;
  updatedAt: string;
  attempts: number;
  receipt: { status: 'ok' | 'rejected' | 'partial'; errors: { code: string; text: string }[] } | null;
}

/** The reason shown to staff: the EPJ's error texts, or why it still waits. */
export function journalView(i: ItemRow): JournalView {
  const errors = i.receipt?.errors ?? [];
  const reason = errors.length ? errors.map((e) => `${e.text} (${e.code})`).join('; ') : i.status === 'documented' ? null : i.last_error;
  return {
    itemId: i.id,
    status: i.status,
    reason,
    updatedAt: i.updated_at.toISOString(),
    attempts: i.attempts,
    receipt: i.receipt ? { status: i.receipt.status, errors } : null,
  };
}

/** Journal status per message of a thread (latest item per message; null where nothing is journaled). */
export async function threadJournal(ctx: AppContext, a: StaffActor, threadId: string) {
  const t = await findThread(ctx.db, threadId);
  if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
  const messages = await messageSeqsOfThread(ctx.db, threadId);
  const byMessage = new Map<string, ItemRow>();
  for (const i of await itemsOfThread(ctx.db, threadId)) if (i.object_type === 'message') byMessage.set(i.object_id, i);
  return {
    threadId,
    items: messages.map((m) => {
      const i = byMessage.get(m.id);
      return { messageId: m.id, seq: m.seq, journal: i ? journalView(i) : null };
    }),
  };
}

/** Journal status of a patient letter (null when the unit journals nothing). */
export async function letterJournal(ctx: AppContext, a: StaffActor, letterId: string) {
  const l = await letterUnit(ctx.db, letterId);
  if (!l || !a.memberships.has(l.unit_id)) throw notFound('The letter');
  const i = await latestItemOf(ctx.db, 'letter', l.id);
  return { letterId: l.id, journal: i ? journalView(i) : null };
}

/** What an item is about, without health information: its kind, and when (an appointment's start, a letter's sending). */
async function describeItems(ctx: AppContext, rows: ItemRow[]): Promise<Map<string, { at: string | null }>> {
  const letterIds = rows.filter((i) => i.object_type === 'letter').map((i) => i.object_id);
  const letters = new Map(letterIds.length ? (await lettersSentAt(ctx.db, letterIds)).map((l) => [l.id, l.sent_at.toISOString()]) : []);
  const out = new Map<string, { at: string | null }>();
  for (const i of rows)
    out.set(i.id, {
      at: i.object_type === 'appointment' ? (i.snapshot?.startsAt ?? null) : i.object_type === 'letter' ? (letters.get(i.object_id) ?? null) : null,
    });
  return out;
}

/**
 * A unit's items by status for unit administrators (default: those that need someone — rejected
 * and dead — of every kind: messages, appointments, letters), and what is on its way (how many,
 * since when), so the EPJ page can say what waits.
 */
export async function unitJournal(ctx: AppContext, a: StaffActor, unitId: string, statuses: JournalStatus[] | undefined, limit: number) {
  if (!requireMembership(a, unitId).isAdmin) throw new AppError('NOT_UNIT_ADMIN', 'Only a unit administrator can see the journal list of the unit.');
  const rows = await itemsOfUnit(ctx.db, unitId, statuses ?? ['rejected', 'dead'], limit);
  const described = await describeItems(ctx, rows);
  const waiting = await waitingOfUnit(ctx.db, unitId);
  return {
    waiting: { count: waiting.count, oldestAt: waiting.oldestAt?.toISOString() ?? null },
    items: rows.map((i) => ({
      ...journalView(i),
      objectType: i.object_type,
      objectId: i.object_id,
      threadId: i.thread_id,
      eventType: i.event_type,
      at: described.get(i.id)?.at ?? null,
      seq: i.seq,
      createdAt: i.created_at.toISOString(),
    })),
  };
}

/** Sends a rejected or dead item again (audited); it goes first in its thread. */
export async function resendItem(ctx: AppContext, a: StaffActor, itemId: string): Promise<JournalView> {
  return ctx.db.transaction().execute(async (tx) => {
    const i = await findItem(tx, itemId);
    if (!i || !a.memberships.has(i.unit_id)) throw notFound('The journal item');
    const m = requireMembership(a, i.unit_id);
    if (i.status !== 'rejected' && i.status !== 'dead')
      throw new AppError(
        'CONFLICT',
        i.status === 'documented' ? 'This item is already documented in the record.' : 'This item is still on its way to the record.',
      );
    await updateItem(tx, i.id, { status: 'waiting', attempts: 0, next_attempt_at: now(), sent_at: null, receipt: null, last_error: null });
    await recordAudit(tx, {
      citizenId: i.citizen_id,
      actorKind: 'staff',
      actorStaffId: a.staffId,
      actorName: a.name,
      actorRole: m.role,
      unitId: i.unit_id,
      unitName: m.unitName,
      action: 'journal.resend',
      objectType: i.object_type,
      objectId: i.object_id,
    });
    await releaseOrderKey(tx, i.order_key);
    return journalView((await findItem(tx, i.id))!);
  });
}
