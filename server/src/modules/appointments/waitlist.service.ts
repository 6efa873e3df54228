/**
 * Waitlist and slot offers. When a booked slot is freed, the first citizen on the unit's waitlist
 * is offered it for a limited time (OFFER_HOURS); a durable job expires the offer and passes the
 * slot to the next, and when nobody is waiting the slot is open for online booking again.
 * An offer holds the slot (status 'offered'), so nobody else can book it meanwhile.
 */
import { z } from 'zod';
import type { Database } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events.ts';
import { defineQueue, enqueue, type JobHandler } from '../../platform/jobs.ts';
import type { Appointment } from '@helsedialog/core';
import type { CitizenActor } from '../../access/actors.ts';
import {
  claimSlot,
  findAppointment,
  findWaitlistEntry,
  insertOffer,
  isUniqueViolation,
  lockOffer,
  nextOnWaitlist,
  openOffersOfRequest,
  openOffersOfSlot,
  reopenOfferedRequest,
  requestHasOpenOffer,
  requestText,
  setOfferStatus,
  setSlotStatus,
  setWaitlistStatus,
  slotRows,
  updateAppointment,
  updateRequest,
  withdrawHeldSlot,
} from './appointments.repository.ts';
import { auditRepresentative } from '../audit/access-log.writer.ts';
import { contactById, contactRights, insertSlotAppointment, type Tx } from './appointments.rules.ts';
import { citizenAppointment } from './appointments.dto.ts';
import { offerWindow } from './urgency.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

export const OFFER_EXPIRE_QUEUE = defineQueue('appointments.offer-expire', z.object({ offerId: z.guid() }));
/** How long a waitlisted citizen has to take a freed slot. */
export const OFFER_HOURS = 2;

/** Anything that publishes domain events inside a transaction (the app's EventBus). */
export interface Publisher {
  publish(tx: Tx, event: DomainEvent): Promise<void>;
}

/**
 * Frees a slot (after a cancellation or a move) and offers it to the waitlist. A slot that only
 * held an appointment at a free time (holdTime) was never published: it is withdrawn instead.
 */
export async function releaseSlot(tx: Tx, events: Publisher, slotId: string | null): Promise<void> {
  if (!slotId) return;
  if (await withdrawHeldSlot(tx, slotId)) return;
  if (!(await setSlotStatus(tx, slotId, ['booked', 'offered'], 'open'))) return;
  await offerToNext(tx, events, slotId);
}

/** Offers an open, future slot to the first citizen waiting for it; returns the offer id, if any. */
export async function offerToNext(tx: Tx, events: Publisher, slotId: string): Promise<string | null> {
  const slot = (await slotRows(tx, { id: slotId, lock: true }))[0];
  const now = nowMs();
  // Not worth offering a slot that starts within the hour; it stays open for anyone.
  if (!slot || slot.status !== 'open' || slot.starts_at.getTime() < now + 3_600_000) return null;
  const next = await nextOnWaitlist(tx, slot);
  if (!next) return null;
  // The answer window starts when the notice is sent (urgency.ts).
  const { expiresAt, urgent } = offerWindow(new Date(now), OFFER_HOURS, new Date(slot.starts_at.getTime() - 30 * 60_000));
  if (!(await claimSlot(tx, slot.id, 'open', 'offered'))) return null;
  const offerId = await insertOffer(tx, {
    slot_id: slot.id,
    citizen_id: next.citizen_id,
    unit_id: slot.unit_id,
    contact_id: next.contact_id,
    source: 'waitlist',
    waitlist_id: next.id,
    request_id: null,
    expires_at: expiresAt,
  });
  await setWaitlistStatus(tx, next.id, 'offered');
  await enqueue(tx, OFFER_EXPIRE_QUEUE, { offerId }, { runAt: expiresAt, idempotencyKey: `offer-expire:${offerId}` });
  await events.publish(tx, { type: 'appointment.offered', citizenId: next.citizen_id, unitId: slot.unit_id, offerId, by: 'system', urgent });
  return offerId;
}

/** Ends an open offer (expired, declined or withdrawn) and passes the slot on. */
async function endOffer(
  tx: Tx,
  events: Publisher,
  offer: { id: string; slot_id: string; waitlist_id: string | null; request_id: string | null },
  status: 'expired' | 'declined' | 'withdrawn',
): Promise<void> {
  await setOfferStatus(tx, offer.id, status);
  if (offer.waitlist_id) await setWaitlistStatus(tx, offer.waitlist_id, 'waiting', 'offered');
  if (offer.request_id && status !== 'withdrawn' && !(await requestHasOpenOffer(tx, offer.request_id))) await reopenOfferedRequest(tx, offer.request_id);
  await releaseSlot(tx, events, offer.slot_id);
}

/** The job that expires an offer when its time is up. Idempotent: an answered offer is left alone. */
export function offerExpiryHandler(_database: Database, events: Publisher): JobHandler {
  return async ({ db, payload }) => {
    await db.transaction().execute(async (tx) => {
      const offer = await lockOffer(tx, String(payload.offerId));
      if (!offer || offer.status !== 'open') return;
      if (offer.expires_at.getTime() > nowMs() + 1000) throw new Error('offer not yet expired; retrying later');
      await endOffer(tx, events, offer, 'expired');
    });
  };
}

/** The citizen takes an offered slot: a new appointment, or their waitlisted appointment moved earlier. */
export async function acceptOffer(db: Database['db'], events: Publisher, a: CitizenActor, offerId: string): Promise<Appointment> {
  return db.transaction().execute(async (tx) => {
    const offer = await lockOffer(tx, offerId);
    if (!offer || offer.citizen_id !== a.subjectId) throw notFound('The offer');
    if (offer.status !== 'open' || offer.expires_at <= clockNow())
      throw new AppError('OFFER_NOT_OPEN', 'This offer is no longer open: it was answered or it expired. Look for another time.');
    const contact = await contactById(tx, offer.contact_id);
    if (!contact?.active) throw new AppError('CONTACT_INACTIVE', 'Your health contact with this unit has ended, so you cannot book here.');
    const slot = (await slotRows(tx, { id: offer.slot_id }))[0]!;
    if (!(await claimSlot(tx, slot.id, 'offered', 'booked')))
      throw new AppError('SLOT_IN_PAST', 'This time has already started or passed. Look for another time.');
    await setOfferStatus(tx, offer.id, 'accepted');
    const entry = offer.waitlist_id ? await findWaitlistEntry(tx, offer.waitlist_id) : undefined;
    if (entry) await setWaitlistStatus(tx, entry.id, 'fulfilled');
    let appointmentId: string;
    try {
      const moving = entry?.appointment_id ? await findAppointment(tx, entry.appointment_id, true) : undefined;
      if (moving && moving.status === 'booked') {
        // Moved earlier: the same appointment (and its dialog link) gets the new time; the old slot is freed.
        await updateAppointment(tx, moving.id, {
          slot_id: slot.id,
          timebook_id: slot.timebook_id,
          starts_at: slot.starts_at,
          ends_at: slot.ends_at,
          updated_at: clockNow(),
        });
        await releaseSlot(tx, events, moving.slot_id);
        appointmentId = moving.id;
        await events.publish(tx, { type: 'appointment.changed', citizenId: offer.citizen_id, unitId: offer.unit_id, appointmentId, by: 'citizen' });
      } else {
        const request = offer.request_id ? await requestText(tx, offer.request_id) : undefined;
        appointmentId = await insertSlotAppointment(tx, slot, {
          citizenId: offer.citizen_id,
          contactId: offer.contact_id,
          requestId: offer.request_id,
          reason: request ? request.text.slice(0, 200) : null,
          note: null,
          source: offer.source === 'request' ? 'request' : 'waitlist',
          bookedByPersonId: a.userId,
        });
        await events.publish(tx, { type: 'appointment.booked', citizenId: offer.citizen_id, unitId: offer.unit_id, appointmentId, by: 'citizen' });
      }
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SLOT_TAKEN', 'Someone else has just booked this time. Choose another time.');
      throw err;
    }
    if (offer.request_id) {
      await updateRequest(tx, offer.request_id, { status: 'assigned' });
      const siblings = await openOffersOfRequest(tx, offer.request_id, offer.id);
      for (const s of siblings) await endOffer(tx, events, s, 'withdrawn');
    }
    await auditRepresentative(tx, a, 'offer.accept', 'appointment', appointmentId, offer.unit_id);
    const row = (await findAppointment(tx, appointmentId))!;
    const rights = await contactRights(tx, contact);
    return citizenAppointment(row, {
      cancel: rights.cancel,
      cutoffHours: rights.cutoffHours,
      dialog: rights.dialogKind !== null,
      answers: rights.answers[row.type],
      checkIn: rights.checkIn,
    });
  });
}

/** The citizen says no to an offered slot; it passes to the next on the waitlist. */
export async function declineOffer(db: Database['db'], events: Publisher, a: CitizenActor, offerId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const offer = await lockOffer(tx, offerId);
    if (!offer || offer.citizen_id !== a.subjectId) throw notFound('The offer');
    if (offer.status !== 'open') throw new AppError('OFFER_NOT_OPEN', 'This offer is no longer open: it was answered or it expired.');
    await endOffer(tx, events, offer, 'declined');
    await auditRepresentative(tx, a, 'offer.decline', 'slot_offer', offer.id, offer.unit_id);
  });
}

/** Withdraws the open offers of a slot (e.g. the unit withdraws the slot). */
export async function withdrawOffersOfSlot(tx: Tx, slotId: string): Promise<void> {
  const offers = await openOffersOfSlot(tx, slotId);
  for (const o of offers) {
    await setOfferStatus(tx, o.id, 'withdrawn');
    if (o.waitlist_id) await setWaitlistStatus(tx, o.waitlist_id, 'waiting', 'offered');
  }
}
