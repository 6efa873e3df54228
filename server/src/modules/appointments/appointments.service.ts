/**
 * The citizen side of appointments: see them, book a published slot, ask for a time (timeønske),
 * cancel within the unit's cut-off, wait for an earlier time, join video, download .ics, and
 * write about an appointment. The patient is always the actor's subject (session), never the request.
 */
import type { Appointment, AppointmentRequestInput, BookSlot, CitizenAppointments, ContactAppointmentServices, Slot } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { check } from '../../access/policy.ts';
import { startCitizenThreadInTx } from '../dialog/citizen-dialog.service.ts';
import {
  appointmentRows,
  claimSlot,
  findAppointment,
  insertRequest,
  insertWaitlistEntry,
  isUniqueViolation,
  linkAppointmentThread,
  lockWaitlistEntry,
  onWaitlistAlready,
  openOffersOfCitizen,
  requestRows,
  setWaitlistStatus,
  slotRows,
  updateAppointment,
  waitlistOfCitizen,
  withdrawWaitlistOfAppointment,
  type AppointmentRow,
} from './appointments.repository.ts';
import { citizenAppointment, requestDto, slotDto, videoOpen } from './appointments.dto.ts';
import { auditRepresentative } from '../audit/access-log.writer.ts';
import { contactById, contactRights, contactWithUnit, insertSlotAppointment, type ContactRights } from './appointments.rules.ts';
import { toIcs } from './ical.ts';
import { osloLabelNb } from './recurrence.ts';
import { releaseSlot } from './waitlist.service.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** Rights per contact, computed once per request. */
async function rightsByContact(db: DbOrTx, contactIds: Iterable<string>): Promise<Map<string, ContactRights>> {
  const out = new Map<string, ContactRights>();
  for (const id of new Set(contactIds)) {
    const c = await contactById(db, id);
    if (c) out.set(id, await contactRights(db, c));
  }
  return out;
}

export function toCitizen(r: AppointmentRow, rights: ContactRights | undefined, now = clockNow()): Appointment {
  return citizenAppointment(
    r,
    {
      cancel: !!rights?.cancel,
      cutoffHours: rights?.cutoffHours ?? 24,
      dialog: !!rights?.dialogKind,
      answers: rights?.answers[r.type],
      checkIn: !!rights?.checkIn,
    },
    now,
  );
}

/** An appointment of the subject that the unit lets them see, or 404. */
export async function ownAppointment(db: DbOrTx, a: CitizenActor, id: string, lock = false) {
  const r = await findAppointment(db, id, lock);
  if (!r) throw notFound('The appointment');
  await check(db, a, 'appointment', lock ? 'act' : 'see', { id: r.id, citizenId: r.citizen_id }, 'The appointment');
  const rights = (await rightsByContact(db, [r.contact_id])).get(r.contact_id);
  if (!rights?.view) throw notFound('The appointment');
  return { r, rights };
}

/** Upcoming and past appointments with every health contact, open requests, offers and waitlist places. */
export async function citizenOverview(ctx: AppContext, a: CitizenActor): Promise<CitizenAppointments> {
  const now = clockNow();
  const rows = await appointmentRows(ctx.db, { citizenId: a.subjectId, visibleTo: a, limit: 1000 });
  const rights = await rightsByContact(
    ctx.db,
    rows.map((r) => r.contact_id),
  );
  const visible = rows.filter((r) => rights.get(r.contact_id)?.view);
  const upcoming = visible.filter((r) => r.status === 'booked' && r.ends_at > now).map((r) => toCitizen(r, rights.get(r.contact_id), now));
  const past = visible
    .filter((r) => !(r.status === 'booked' && r.ends_at > now))
    .sort((x, y) => y.starts_at.getTime() - x.starts_at.getTime())
    .map((r) => toCitizen(r, rights.get(r.contact_id), now));
  const requests = (await requestRows(ctx.db, { citizenId: a.subjectId })).map((r) => requestDto(r, 'citizen'));
  const offers = (await openOffersOfCitizen(ctx.db, a.subjectId)).map((o) => ({
    id: o.id,
    source: o.source,
    expiresAt: o.expires_at.toISOString(),
    unit: { id: o.unit_id, name: o.unit_name },
    slot: slotDto({
      id: o.slot_id,
      starts_at: o.starts_at,
      ends_at: o.ends_at,
      type: o.type,
      status: o.slot_status,
      timebook_id: o.timebook_id,
      timebook_name: o.timebook_name,
      timebook_kind: o.timebook_kind,
    }),
  }));
  const waitlist = (await waitlistOfCitizen(ctx.db, a.subjectId)).map((w) => ({
    id: w.id,
    unit: { id: w.unit_id, name: w.unit_name },
    appointmentId: w.appointment_id,
    status: w.status,
    createdAt: w.created_at.toISOString(),
  }));
  return { upcoming, past, requests, offers, waitlist };
}

/** One appointment of the subject. */
export async function citizenAppointmentDetail(ctx: AppContext, a: CitizenActor, id: string): Promise<Appointment> {
  const { r, rights } = await ownAppointment(ctx.db, a, id);
  return toCitizen(r, rights);
}

/** What the citizen may do about appointments through a contact. */
export async function contactAppointmentServices(ctx: AppContext, a: CitizenActor, contactId: string): Promise<ContactAppointmentServices> {
  const c = await contactById(ctx.db, contactId);
  if (!c || c.citizen_id !== a.subjectId) throw notFound('The health contact');
  const r = await contactRights(ctx.db, c);
  return {
    contactId: c.id,
    unit: { id: c.unit_id, name: c.unit_name },
    booking: r.booking,
    request: r.request,
    view: r.view,
    cancel: r.cancel,
    cutoffHours: r.cutoffHours,
    dropInUrl: r.dropInUrl,
  };
}

/** Free slots a citizen can book through a contact (from now, at most 8 weeks ahead by default). */
export async function openSlotsForContact(ctx: AppContext, a: CitizenActor, contactId: string, from?: Date, to?: Date): Promise<Slot[]> {
  const c = await contactById(ctx.db, contactId);
  if (!c || c.citizen_id !== a.subjectId) throw notFound('The health contact');
  const r = await contactRights(ctx.db, c);
  if (!r.booking) throw new AppError('SERVICE_OFF', `${c.unit_name} does not offer online booking to you right now.`);
  const now = clockNow();
  const start = from && from > now ? from : now;
  const end = to ?? new Date(start.getTime() + 56 * 86_400_000);
  const rows = await slotRows(ctx.db, { unitId: c.unit_id, from: start, to: end, status: ['open'], limit: 500 });
  return rows.map(slotDto);
}

/** Books a free slot. Exactly one of any number of concurrent bookings of a slot succeeds. */
export async function bookSlot(ctx: AppContext, a: CitizenActor, slotId: string, input: BookSlot): Promise<Appointment> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const slot = (await slotRows(tx, { id: slotId }))[0];
      if (!slot) throw notFound('The time slot');
      const contact = await contactWithUnit(tx, a.subjectId, slot.unit_id);
      const rights = await contactRights(tx, { ...contact, active: true });
      if (!rights.booking) throw new AppError('SERVICE_OFF', `${contact.unit_name} does not offer online booking to you right now.`);
      if (slot.starts_at <= clockNow()) throw new AppError('SLOT_IN_PAST', 'This time has already passed. Choose a later time.');
      if (!(await claimSlot(tx, slot.id, 'open', 'booked'))) {
        if (slot.starts_at <= clockNow()) throw new AppError('SLOT_IN_PAST', 'This time has already passed. Choose a later time.');
        throw new AppError('SLOT_TAKEN', 'This time is no longer available: someone else has booked it. Choose another time.');
      }
      const appointmentId = await insertSlotAppointment(tx, slot, {
        citizenId: a.subjectId,
        contactId: contact.id,
        requestId: null,
        reason: input.reason,
        note: input.note ?? null,
        source: 'citizen_booking',
        bookedByPersonId: a.userId,
      });
      await auditRepresentative(tx, a, 'appointment.book', 'appointment', appointmentId, slot.unit_id);
      await ctx.events.publish(tx, { type: 'appointment.booked', citizenId: a.subjectId, unitId: slot.unit_id, appointmentId, by: 'citizen' });
      return toCitizen((await findAppointment(tx, appointmentId))!, rights);
    });
  } catch (err) {
    // The unique index on appointments(slot_id) is the last line: a second booking never commits.
    if (isUniqueViolation(err)) throw new AppError('SLOT_TAKEN', 'This time is no longer available: someone else has booked it. Choose another time.');
    throw err;
  }
}

/** Cancels an appointment within the unit's rules; the freed slot goes to the waitlist. */
export async function cancelByCitizen(ctx: AppContext, a: CitizenActor, id: string, reason: string | undefined): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, rights } = await ownAppointment(tx, a, id, true);
    if (r.status !== 'booked')
      throw new AppError(
        'APPOINTMENT_NOT_ACTIVE',
        r.status === 'cancelled' ? 'This appointment is already cancelled.' : 'This appointment has been carried out and cannot be cancelled.',
      );
    if (!rights.cancel) throw new AppError('SERVICE_OFF', `${r.unit_name} does not let you cancel appointments here. Contact them to cancel.`);
    const deadline = new Date(r.starts_at.getTime() - rights.cutoffHours * 3_600_000);
    if (clockNow() >= deadline) {
      throw new AppError(
        'CANCEL_TOO_LATE',
        `It is too late to cancel online: ${r.unit_name} needs notice at least ${rights.cutoffHours} hours before the appointment. Contact them directly.`,
      );
    }
    await updateAppointment(tx, r.id, {
      status: 'cancelled',
      cancelled_at: clockNow(),
      cancelled_by: 'citizen',
      cancel_reason: reason ?? null,
      updated_at: clockNow(),
    });
    await withdrawWaitlistOfAppointment(tx, r.id);
    await releaseSlot(tx, ctx.events, r.slot_id);
    await auditRepresentative(tx, a, 'appointment.cancel', 'appointment', r.id, r.unit_id);
    await ctx.events.publish(tx, { type: 'appointment.cancelled', citizenId: r.citizen_id, unitId: r.unit_id, appointmentId: r.id, by: 'citizen' });
    return toCitizen((await findAppointment(tx, r.id))!, rights);
  });
}

/** Sends an appointment request (timeønske) with free text and preferred times. */
export async function sendRequest(ctx: AppContext, a: CitizenActor, contactId: string, input: AppointmentRequestInput) {
  return ctx.db.transaction().execute(async (tx) => {
    const c = await contactById(tx, contactId);
    if (!c || c.citizen_id !== a.subjectId) throw notFound('The health contact');
    if (!c.active) throw new AppError('CONTACT_INACTIVE', `Your health contact with ${c.unit_name} has ended, so you cannot ask for an appointment there.`);
    const rights = await contactRights(tx, c);
    if (!rights.request) throw new AppError('SERVICE_OFF', `${c.unit_name} does not take appointment requests online right now.`);
    const requestId = await insertRequest(tx, {
      citizen_id: a.subjectId,
      unit_id: c.unit_id,
      contact_id: c.id,
      requested_by: a.userId,
      text: input.text,
      preferred_times: input.preferredTimes,
    });
    await auditRepresentative(tx, a, 'appointment_request.create', 'appointment_request', requestId, c.unit_id);
    await ctx.events.publish(tx, { type: 'appointment.requested', citizenId: a.subjectId, unitId: c.unit_id, requestId, by: 'citizen' });
    return requestDto((await requestRows(tx, { id: requestId }))[0]!, 'citizen');
  });
}

/** Puts the citizen on a unit's waitlist, optionally to move an existing appointment earlier. */
export async function joinWaitlist(ctx: AppContext, a: CitizenActor, contactId: string, appointmentId: string | undefined) {
  return ctx.db.transaction().execute(async (tx) => {
    const c = await contactById(tx, contactId);
    if (!c || c.citizen_id !== a.subjectId) throw notFound('The health contact');
    if (!c.active) throw new AppError('CONTACT_INACTIVE', `Your health contact with ${c.unit_name} has ended.`);
    if (!(await contactRights(tx, c)).booking) throw new AppError('SERVICE_OFF', `${c.unit_name} does not offer online booking, so it has no waitlist here.`);
    let timebookId: string | null = null;
    if (appointmentId) {
      const ap = await findAppointment(tx, appointmentId);
      if (!ap || ap.unit_id !== c.unit_id) throw notFound('The appointment');
      await check(tx, a, 'appointment', 'act', { id: ap.id, citizenId: ap.citizen_id }, 'The appointment');
      if (ap.status !== 'booked' || ap.starts_at <= clockNow())
        throw new AppError('APPOINTMENT_NOT_ACTIVE', 'Only an upcoming appointment can be moved earlier.');
      timebookId = ap.timebook_id;
    }
    if (await onWaitlistAlready(tx, a.subjectId, c.unit_id, appointmentId ?? null)) throw new AppError('CONFLICT', 'You are already on the waitlist for this.');
    const row = await insertWaitlistEntry(tx, {
      citizen_id: a.subjectId,
      unit_id: c.unit_id,
      contact_id: c.id,
      timebook_id: timebookId,
      appointment_id: appointmentId ?? null,
    });
    await auditRepresentative(tx, a, 'waitlist.join', 'waitlist_entry', row.id, c.unit_id);
    return {
      id: row.id,
      unit: { id: c.unit_id, name: c.unit_name },
      appointmentId: appointmentId ?? null,
      status: row.status,
      createdAt: row.created_at.toISOString(),
    };
  });
}

/** Leaves the waitlist. */
export async function leaveWaitlist(ctx: AppContext, a: CitizenActor, entryId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const e = await lockWaitlistEntry(tx, entryId);
    if (!e) throw notFound('The waitlist place');
    await check(tx, a, 'waitlist_entry', 'act', { id: e.id, citizenId: e.citizen_id }, 'The waitlist place');
    await setWaitlistStatus(tx, e.id, 'withdrawn');
    await auditRepresentative(tx, a, 'waitlist.leave', 'waitlist_entry', e.id, e.unit_id);
  });
}

/** The join link of a video appointment: only from 15 minutes before the start. */
export async function videoLink(ctx: AppContext, a: CitizenActor, id: string): Promise<{ url: string }> {
  const { r } = await ownAppointment(ctx.db, a, id);
  if (r.type !== 'video' || !r.video_url) throw new AppError('BAD_REQUEST', 'This appointment is not a video appointment.');
  if (r.status !== 'booked') throw new AppError('APPOINTMENT_NOT_ACTIVE', 'This appointment is cancelled or over.');
  if (!videoOpen(r)) {
    throw new AppError(
      'VIDEO_NOT_OPEN',
      `The video room opens 15 minutes before the appointment, at ${osloLabelNb(new Date(r.starts_at.getTime() - 15 * 60_000))} (Norwegian time). Come back then.`,
    );
  }
  return { url: r.video_url };
}

/** The appointment as an iCalendar file. */
export async function appointmentIcs(ctx: AppContext, a: CitizenActor, id: string): Promise<string> {
  const { r } = await ownAppointment(ctx.db, a, id);
  const how = {
    in_person: 'Oppmøte',
    video: 'Video (lenken vises i helsedialog 15 minutter før)',
    phone: 'Telefon: du blir ringt opp',
    home_visit: 'Hjemmebesøk',
  }[r.type];
  const description = [how, r.directions ? `Veibeskrivelse: ${r.directions}` : null, `Se timen: ${ctx.config.publicUrl}/citizen/appointments/${r.id}`]
    .filter(Boolean)
    .join('\n');
  return toIcs({
    uid: `${r.id}@helsedialog`,
    start: r.starts_at,
    end: r.ends_at,
    summary: `${r.title} – ${r.unit_name}`,
    location: r.type === 'in_person' ? [r.location, r.unit_name].filter(Boolean).join(', ') : r.location,
    description,
    url: `${ctx.config.publicUrl}/citizen/appointments/${r.id}`,
    status: r.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    sequence: Math.floor((r.updated_at.getTime() - r.created_at.getTime()) / 1000),
  });
}

const INTENT_NB = { confirm: 'bekrefter timen', question: 'spørsmål', move: 'ønsker å flytte', end: 'ønsker å avslutte' } as const;

/**
 * Starts a conversation about an appointment through the dialog service (standard dialog or
 * e-kontakt, whichever the unit has on) and links the thread on the appointment — in one
 * transaction: the thread, its message and event, and the link commit together or not at all.
 */
export async function startAppointmentDialog(ctx: AppContext, a: CitizenActor, id: string, intent: keyof typeof INTENT_NB, text: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, rights } = await ownAppointment(tx, a, id, true);
    if (r.status !== 'booked')
      throw new AppError('APPOINTMENT_NOT_ACTIVE', 'This appointment is cancelled or over. Start a new message from your health contact instead.');
    if (!rights.dialogKind) throw new AppError('SERVICE_OFF', `${r.unit_name} does not take messages online right now.`);
    const topic = `Om timen ${osloLabelNb(r.starts_at)}: ${INTENT_NB[intent]}`;
    const thread = await startCitizenThreadInTx(ctx, tx, a, r.contact_id, { kind: rights.dialogKind, topic, text }, []);
    if (!(await linkAppointmentThread(tx, r.id, thread.id))) throw new Error(`appointment ${r.id} could not be linked to thread ${thread.id}`);
    return { threadId: thread.id, topic };
  });
}
