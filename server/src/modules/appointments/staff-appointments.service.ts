/**
 * The unit side of appointments: timebooks, publishing slots and patterns, sending appointments
 * to citizens, answering requests, changing, cancelling and marking visits carried out.
 * Every read or change of a citizen's appointments writes an access-log entry in the same transaction.
 */
import type { z } from 'zod';
import type { Updateable } from 'kysely';
import type {
  Appointment,
  AppointmentSettings,
  ChangeAppointmentSchema,
  NewTimebookSchema,
  OfferSlotsSchema,
  PublishPatternSchema,
  PublishSlotsSchema,
  Schedule,
  StaffAppointmentInput,
  Timebook,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { requireMembership, requireUnitAdmin, type StaffActor } from '../../access/actors.ts';
import {
  appointmentRows,
  appointmentServiceSettings,
  claimSlot,
  findAppointment,
  findTimebook,
  holdTime,
  insertAppointment,
  insertOffer,
  insertSlotPattern,
  insertSlots,
  insertTimebook,
  isUniqueViolation,
  lockBookingScope,
  openOffersOfRequest,
  requestRows,
  setOfferStatus,
  setSlotStatus,
  slotRows,
  timebooksOfUnit,
  timebookWithStaff,
  unitService,
  unitServiceSwitches,
  updateAppointment,
  updateRequest,
  upsertUnitService,
  withdrawWaitlistOfAppointment,
  type AppointmentRow,
} from './appointments.repository.ts';
import type { AppointmentsTable } from './appointments.tables.ts';
import { staffInUnit } from '../representation/representation.repository.ts';
import { defaultTitle, mayComplete, requestDto, slotDto, staffAppointment } from './appointments.dto.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { contactById, newVideoRoom, type Tx } from './appointments.rules.ts';
import { expandPattern, missingInOslo, osloLabelNb, osloLocalToInstant, osloParts } from './recurrence.ts';
import { appointmentNoticeUrgent, offerWindow } from './urgency.ts';
import { OFFER_EXPIRE_QUEUE, releaseSlot, withdrawOffersOfSlot } from './waitlist.service.ts';

type TimebookRow = NonNullable<Awaited<ReturnType<typeof findTimebook>>>;

function timebookDto(t: TimebookRow): Timebook {
  return {
    id: t.id,
    unitId: t.unit_id,
    kind: t.kind,
    name: t.name,
    staffId: t.staff_id,
    defaultType: t.default_type,
    location: t.location,
    directions: t.directions,
  };
}

/** A timebook of one of the actor's units, or 404. */
async function ownTimebook(ctx: AppContext, a: StaffActor, id: string) {
  const t = await findTimebook(ctx.db, id);
  if (!t || !a.memberships.has(t.unit_id)) throw notFound('The timebook');
  return { t, m: requireMembership(a, t.unit_id) };
}

/** The instant of an Oslo date and time, refusing times that do not exist (spring forward) and past times. */
function slotInstant(date: string, time: string, allowPast = false): Date {
  const at = osloLocalToInstant(date, time);
  if (!at)
    throw new AppError(
      'TIME_NOT_IN_OSLO',
      `${date} ${time} does not exist in Norwegian time (the clocks skip that hour when summer time starts). Choose another time.`,
    );
  if (!allowPast && at <= clockNow()) throw new AppError('SLOT_IN_PAST', `${date} ${time} has already passed. Choose a time in the future.`);
  return at;
}

/** The timebooks of a unit. */
export async function listTimebooks(ctx: AppContext, a: StaffActor, unitId: string): Promise<Timebook[]> {
  requireMembership(a, unitId);
  return (await timebooksOfUnit(ctx.db, unitId)).map(timebookDto);
}

/** Creates a clinician's or a resource timebook. */
export async function createTimebook(ctx: AppContext, a: StaffActor, unitId: string, input: z.infer<typeof NewTimebookSchema>): Promise<Timebook> {
  requireMembership(a, unitId);
  if (input.kind === 'clinician') {
    const staffId = input.staffId ?? a.staffId;
    if (!(await staffInUnit(ctx.db, staffId, unitId)))
      throw new AppError('VALIDATION_FAILED', 'A clinician’s timebook must belong to someone who works in the unit.');
    input = { ...input, staffId };
  }
  const row = await insertTimebook(ctx.db, {
    unit_id: unitId,
    kind: input.kind,
    staff_id: input.kind === 'clinician' ? (input.staffId ?? null) : null,
    name: input.name,
    default_type: input.defaultType,
    location: input.location ?? null,
    directions: input.directions ?? null,
  });
  return timebookDto(row);
}

/** Publishes chosen slots (Oslo local times). */
export async function publishSlots(
  ctx: AppContext,
  a: StaffActor,
  timebookId: string,
  input: z.infer<typeof PublishSlotsSchema>,
): Promise<{ created: number; skipped: number }> {
  const { t } = await ownTimebook(ctx, a, timebookId);
  const rows = input.slots.map((s) => {
    const startsAt = slotInstant(s.date, s.time);
    return {
      timebook_id: t.id,
      unit_id: t.unit_id,
      pattern_id: null,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + input.slotMinutes * 60_000),
      type: input.type ?? t.default_type,
    };
  });
  const created = await insertSlots(ctx.db, rows);
  return { created, skipped: rows.length - created };
}

/** Publishes a recurring pattern: its future slots are created now (at most 366 days). */
export async function publishPattern(
  ctx: AppContext,
  a: StaffActor,
  timebookId: string,
  input: z.infer<typeof PublishPatternSchema>,
): Promise<{ created: number; skipped: number; notInOslo: number; reason?: string }> {
  const { t } = await ownTimebook(ctx, a, timebookId);
  const span = (Date.parse(input.untilDate) - Date.parse(input.fromDate)) / 86_400_000;
  if (span > 366) throw new AppError('VALIDATION_FAILED', 'A pattern can cover at most one year. Choose an earlier last date.');
  const all = expandPattern(input);
  const now = clockNow();
  const future = all.filter((s) => s.startsAt > now);
  if (future.length > 5000) throw new AppError('VALIDATION_FAILED', 'The pattern makes more than 5000 slots. Choose longer slots or a shorter period.');
  return ctx.db.transaction().execute(async (tx) => {
    const patternId = await insertSlotPattern(tx, {
      timebook_id: t.id,
      unit_id: t.unit_id,
      weekdays: input.weekdays,
      start_time: input.startTime,
      end_time: input.endTime,
      slot_minutes: input.slotMinutes,
      from_date: input.fromDate,
      until_date: input.untilDate,
      type: input.type ?? t.default_type,
      created_by: a.staffId,
    });
    const created = await insertSlots(
      tx,
      future.map((s) => ({
        timebook_id: t.id,
        unit_id: t.unit_id,
        pattern_id: patternId,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        type: input.type ?? t.default_type,
      })),
    );
    // Say why a pattern made fewer slots than it names: times the clocks skip (spring forward).
    const notInOslo = missingInOslo(input);
    return {
      created,
      skipped: all.length - created,
      notInOslo,
      ...(notInOslo > 0
        ? {
            reason: `${notInOslo} of the pattern's times do not exist in Norwegian time: the clocks skip from 02:00 to 03:00 when summer time starts, so no slot is made then.`,
          }
        : {}),
    };
  });
}

/** Withdraws an unbooked slot. */
export async function withdrawSlot(ctx: AppContext, a: StaffActor, slotId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const s = (await slotRows(tx, { id: slotId, lock: true }))[0];
    if (!s || !a.memberships.has(s.unit_id)) throw notFound('The time slot');
    if (s.status === 'booked') throw new AppError('SLOT_TAKEN', 'This slot is booked. Cancel or move the appointment first.');
    await withdrawOffersOfSlot(tx, s.id);
    await setSlotStatus(tx, s.id, ['open', 'offered'], 'withdrawn');
  });
}

/** A timebook's slots and appointments in a period (audited per citizen shown). */
export async function timebookSchedule(ctx: AppContext, a: StaffActor, timebookId: string, from: Date, to: Date): Promise<Schedule> {
  const { t, m } = await ownTimebook(ctx, a, timebookId);
  return ctx.db.transaction().execute(async (tx) => {
    const slots = await slotRows(tx, { timebookId: t.id, from, to, status: ['open', 'offered', 'booked'] });
    const appts = await appointmentRows(tx, { timebookId: t.id, from, to });
    await auditStaff(
      tx,
      a,
      m,
      appts.map((r) => r.citizen_id),
      'appointment.list',
      'timebook',
      t.id,
    );
    return { timebook: timebookDto(t), slots: slots.map(slotDto), appointments: appts.map((r) => staffAppointment(r)) };
  });
}

/** Appointments of a unit in a period, e.g. the day's home visits (audited per citizen shown). */
export async function unitAppointments(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  from: Date,
  to: Date,
  type?: Appointment['type'],
): Promise<Appointment[]> {
  const m = requireMembership(a, unitId);
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await appointmentRows(tx, { unitId, from, to, ...(type ? { type } : {}) });
    await auditStaff(
      tx,
      a,
      m,
      rows.map((r) => r.citizen_id),
      'appointment.list',
      'unit',
      unitId,
    );
    return rows.map((r) => staffAppointment(r));
  });
}

/** One citizen's appointments with the unit (audited). */
export async function contactAppointments(ctx: AppContext, a: StaffActor, unitId: string, contactId: string): Promise<Appointment[]> {
  const m = requireMembership(a, unitId);
  const c = await contactById(ctx.db, contactId);
  if (!c || c.unit_id !== unitId) throw notFound('The patient');
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await appointmentRows(tx, { unitId, contactId });
    await auditStaff(tx, a, m, [c.citizen_id], 'appointment.list', 'health_contact', c.id);
    return rows.map((r) => staffAppointment(r));
  });
}

/** Sends an appointment to a citizen: on a published slot or at a free time. Raises appointment.assigned. */
export async function createAppointment(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: StaffAppointmentInput,
  requestId: string | null = null,
  txIn?: Tx,
): Promise<Appointment> {
  const m = requireMembership(a, unitId);
  const work = async (tx: Tx) => {
    if (!input.contactId) throw new AppError('VALIDATION_FAILED', 'Choose the patient (contactId).');
    const c = await contactById(tx, input.contactId);
    if (!c || c.unit_id !== unitId) throw notFound('The patient');
    if (!c.active) throw new AppError('CONTACT_INACTIVE', 'The health contact with this patient has ended.');
    let startsAt: Date;
    let endsAt: Date;
    let timebookId = input.timebookId ?? null;
    let slotId: string | null = null;
    let type = input.type;
    if (input.slotId) {
      const s = (await slotRows(tx, { id: input.slotId }))[0];
      if (!s || s.unit_id !== unitId) throw notFound('The time slot');
      if (s.starts_at <= clockNow()) throw new AppError('SLOT_IN_PAST', 'This slot has already passed. Choose a later one.');
      if (!(await claimSlot(tx, s.id, 'open', 'booked'))) throw new AppError('SLOT_TAKEN', 'This slot is no longer free. Choose another one.');
      ({ starts_at: startsAt, ends_at: endsAt } = s);
      timebookId = s.timebook_id;
      slotId = s.id;
      type ??= s.type;
    } else {
      startsAt = slotInstant(input.date!, input.time!);
      endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
    }
    const tb = timebookId ? await timebookWithStaff(tx, timebookId) : undefined;
    if (timebookId && (!tb || tb.unit_id !== unitId)) throw notFound('The timebook');
    type ??= tb?.default_type ?? 'in_person';
    // At a free time the appointment holds its time in the timebook, so nothing else can overlap it.
    if (timebookId && !slotId) slotId = await holdTime(tx, { timebookId, unitId, startsAt, endsAt, type });
    const appointmentId = await insertAppointment(tx, {
      citizen_id: c.citizen_id,
      unit_id: unitId,
      contact_id: c.id,
      timebook_id: timebookId,
      slot_id: slotId,
      staff_id: tb?.staff_id ?? null,
      request_id: requestId,
      title: input.title ?? defaultTitle(tb, tb?.given_name ? `${tb.given_name} ${tb.family_name}` : null, type),
      type,
      starts_at: startsAt,
      ends_at: endsAt,
      location: input.location ?? tb?.location ?? null,
      directions: input.directions ?? tb?.directions ?? null,
      video_url: type === 'video' ? (input.videoUrl ?? newVideoRoom()) : null,
      reason: null,
      note: input.note ?? null,
      source: requestId ? 'request' : 'unit',
      booked_by_person_id: null,
      created_by_staff_id: a.staffId,
    });
    await auditStaff(tx, a, m, [c.citizen_id], 'appointment.create', 'appointment', appointmentId);
    await ctx.events.publish(tx, {
      type: 'appointment.assigned',
      citizenId: c.citizen_id,
      unitId,
      appointmentId,
      by: 'unit',
      urgent: appointmentNoticeUrgent([startsAt]),
    });
    return staffAppointment((await findAppointment(tx, appointmentId))!);
  };
  try {
    return txIn ? await work(txIn) : await ctx.db.transaction().execute(work);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('SLOT_TAKEN', 'This slot is no longer free. Choose another one.');
    throw err;
  }
}

/** A timebook with its clinician's name (for default titles). */
async function timebookWithClinician(tx: Tx, id: string) {
  const tb = await timebookWithStaff(tx, id);
  return tb && { ...tb, clinician: tb.given_name ? `${tb.given_name} ${tb.family_name}` : null };
}

/** An appointment of one of the actor's units, locked. */
async function unitAppointment(tx: Tx, a: StaffActor, id: string) {
  const r = await findAppointment(tx, id, true);
  if (!r || !a.memberships.has(r.unit_id)) throw notFound('The appointment');
  return { r, m: requireMembership(a, r.unit_id) };
}

/** Changes time, type or place. A new time leaves the published slot (it goes to the waitlist). Raises appointment.changed. */
export async function changeAppointment(ctx: AppContext, a: StaffActor, id: string, input: z.infer<typeof ChangeAppointmentSchema>): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, m } = await unitAppointment(tx, a, id);
    if (r.status !== 'booked') throw new AppError('APPOINTMENT_NOT_ACTIVE', 'Only a booked appointment can be changed.');
    const set: Updateable<AppointmentsTable> = { updated_at: clockNow() };
    let moved = false;
    // Another timebook of the unit: the appointment moves there (its clinician with it); what it
    // took from the old timebook (title, place, directions) follows the new one unless given.
    const timebookId = input.timebookId ?? r.timebook_id;
    if (input.timebookId && input.timebookId !== r.timebook_id) {
      const to = await timebookWithClinician(tx, input.timebookId);
      if (!to || to.unit_id !== r.unit_id) throw notFound('The timebook');
      if (!to.active) throw new AppError('VALIDATION_FAILED', `The timebook ${to.name} is closed; choose another one.`);
      const from = r.timebook_id ? await timebookWithClinician(tx, r.timebook_id) : undefined;
      const type = (input.type ?? r.type) as Appointment['type'];
      set.timebook_id = to.id;
      set.staff_id = to.staff_id;
      if (r.title === defaultTitle(from, from?.clinician ?? null, r.type)) set.title = defaultTitle(to, to.clinician, type);
      if (input.location === undefined && (r.location ?? null) === (from?.location ?? null)) set.location = to.location;
      if (input.directions === undefined && (r.directions ?? null) === (from?.directions ?? null)) set.directions = to.directions;
      moved = true;
    }
    if (input.date || input.time || input.durationMinutes) {
      const p = osloParts(r.starts_at);
      const startsAt = input.date || input.time ? slotInstant(input.date ?? p.date, input.time ?? p.time) : r.starts_at;
      const minutes = input.durationMinutes ?? Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000);
      set.starts_at = startsAt;
      set.ends_at = new Date(startsAt.getTime() + minutes * 60_000);
      if (startsAt.getTime() !== r.starts_at.getTime() || minutes * 60_000 !== r.ends_at.getTime() - r.starts_at.getTime()) moved = true;
    } else if (moved) {
      set.starts_at = r.starts_at;
      set.ends_at = r.ends_at;
    }
    if (input.type) {
      set.type = input.type;
      if (input.type === 'video' && !r.video_url) set.video_url = input.videoUrl ?? newVideoRoom();
    }
    if (input.videoUrl !== undefined) set.video_url = input.videoUrl;
    if (input.location !== undefined) set.location = input.location;
    if (input.directions !== undefined) set.directions = input.directions;
    if (moved) {
      // The old time is freed first (a published slot the new time overlaps is used up, not
      // published again), then the new time is held in the timebook; an overlap is refused.
      const startsAt = set.starts_at as Date;
      const endsAt = set.ends_at as Date;
      // Both timebooks (and their clinicians) are locked first, in the one sorted order.
      await lockBookingScope(tx, { timebookIds: [r.timebook_id, timebookId].filter((x): x is string => !!x) });
      if (r.slot_id) {
        const old = (await slotRows(tx, { id: r.slot_id, lock: true }))[0];
        if (old && old.starts_at < endsAt && startsAt < old.ends_at) await setSlotStatus(tx, old.id, ['booked', 'offered'], 'withdrawn');
        else await releaseSlot(tx, ctx.events, r.slot_id);
      }
      set.slot_id = timebookId
        ? await holdTime(tx, { timebookId, unitId: r.unit_id, startsAt, endsAt, type: (input.type ?? r.type) as Appointment['type'] })
        : null;
    }
    await updateAppointment(tx, r.id, set);
    await auditStaff(tx, a, m, [r.citizen_id], 'appointment.change', 'appointment', r.id);
    await ctx.events.publish(tx, {
      type: 'appointment.changed',
      citizenId: r.citizen_id,
      unitId: r.unit_id,
      appointmentId: r.id,
      by: 'unit',
      urgent: appointmentNoticeUrgent([r.starts_at, set.starts_at as Date | undefined]),
    });
    return staffAppointment((await findAppointment(tx, r.id))!);
  });
}

/** The unit cancels an appointment; the slot goes to the waitlist. Raises appointment.cancelled. */
export async function cancelByUnit(ctx: AppContext, a: StaffActor, id: string, reason: string | undefined): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, m } = await unitAppointment(tx, a, id);
    if (r.status !== 'booked') throw new AppError('APPOINTMENT_NOT_ACTIVE', 'This appointment is already cancelled or carried out.');
    await updateAppointment(tx, r.id, {
      status: 'cancelled',
      cancelled_at: clockNow(),
      cancelled_by: 'unit',
      cancel_reason: reason ?? null,
      updated_at: clockNow(),
    });
    await withdrawWaitlistOfAppointment(tx, r.id);
    await releaseSlot(tx, ctx.events, r.slot_id);
    await auditStaff(tx, a, m, [r.citizen_id], 'appointment.cancel', 'appointment', r.id);
    await ctx.events.publish(tx, {
      type: 'appointment.cancelled',
      citizenId: r.citizen_id,
      unitId: r.unit_id,
      appointmentId: r.id,
      by: 'unit',
      urgent: appointmentNoticeUrgent([r.starts_at]),
    });
    return staffAppointment((await findAppointment(tx, r.id))!);
  });
}

/** Marks an appointment carried out; for a home visit the citizen is told (visit.completed); every completion is journaled. */
/** Why a visit cannot be closed now (carried out or not attended), or undefined when it can. */
function closeRefusal(r: AppointmentRow, verb: string): AppError | undefined {
  if (r.status !== 'booked') {
    const why =
      r.status === 'cancelled'
        ? `A cancelled visit cannot be marked ${verb}.`
        : r.status === 'completed'
          ? 'This visit is already marked carried out.'
          : 'This visit is already marked as not attended.';
    return new AppError('APPOINTMENT_NOT_ACTIVE', why);
  }
  if (!mayComplete(r, clockNow()))
    return new AppError('NOT_STARTED', `This visit starts ${osloLabelNb(r.starts_at)} (Norwegian time); it can be marked ${verb} from then on.`);
  return undefined;
}

/**
 * Closes a visit from its start time on: carried out, or the patient did not attend (ikke møtt).
 * Either is final, access-logged and documented in the record (the journal subscribes to the
 * event). Carried out raises `appointment.completed` (`visit.completed` for a home visit, which
 * also tells the citizen); did not attend raises `appointment.not_attended` and sends no notice
 * (the unit follows up as it chooses), and is counted by the statistics.
 */
async function closeAppointment(ctx: AppContext, a: StaffActor, id: string, outcome: 'completed' | 'not_attended'): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, m } = await unitAppointment(tx, a, id);
    const refused = closeRefusal(r, outcome === 'completed' ? 'carried out' : 'not attended');
    if (refused) throw refused;
    const at = clockNow();
    await updateAppointment(
      tx,
      r.id,
      outcome === 'completed'
        ? { status: 'completed', completed_at: at, completed_by: a.staffId, updated_at: at }
        : { status: 'not_attended', not_attended_at: at, not_attended_by: a.staffId, updated_at: at },
    );
    await auditStaff(tx, a, m, [r.citizen_id], outcome === 'completed' ? 'appointment.complete' : 'appointment.not_attended', 'appointment', r.id);
    const type = outcome === 'not_attended' ? 'appointment.not_attended' : r.type === 'home_visit' ? 'visit.completed' : 'appointment.completed';
    await ctx.events.publish(tx, { type, citizenId: r.citizen_id, unitId: r.unit_id, appointmentId: r.id, by: 'unit' });
    return staffAppointment((await findAppointment(tx, r.id))!);
  });
}

/** Marks a visit carried out (from its start time on). */
export async function completeAppointment(ctx: AppContext, a: StaffActor, id: string): Promise<Appointment> {
  return closeAppointment(ctx, a, id, 'completed');
}

/** Marks that the patient did not attend (ikke møtt), from the start time on. */
export async function markNotAttended(ctx: AppContext, a: StaffActor, id: string): Promise<Appointment> {
  return closeAppointment(ctx, a, id, 'not_attended');
}

/** Appointment requests of a unit (audited per citizen shown). */
export async function unitRequests(ctx: AppContext, a: StaffActor, unitId: string, status: string[]) {
  const m = requireMembership(a, unitId);
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await requestRows(tx, { unitId, status });
    await auditStaff(
      tx,
      a,
      m,
      rows.map((r) => r.citizen_id),
      'appointment_request.list',
      'unit',
      unitId,
    );
    return rows.map((r) => requestDto(r, 'unit'));
  });
}

async function unitRequest(tx: Tx, a: StaffActor, id: string) {
  const r = (await requestRows(tx, { id, lock: true }))[0];
  if (!r || !a.memberships.has(r.unit_id)) throw notFound('The appointment request');
  if (r.status !== 'open' && r.status !== 'offered') throw new AppError('CONFLICT', 'This request has already been answered.');
  return { r, m: requireMembership(a, r.unit_id) };
}

/** The times still open to choose from for a request the unit answers otherwise: withdrawn, their slots freed. */
async function withdrawRequestOffers(tx: Tx, ctx: AppContext, requestId: string): Promise<void> {
  for (const o of await openOffersOfRequest(tx, requestId)) {
    await setOfferStatus(tx, o.id, 'withdrawn');
    await releaseSlot(tx, ctx.events, o.slot_id);
  }
}

/** Answers a request by assigning a time: the appointment is sent to the citizen. */
export async function assignForRequest(ctx: AppContext, a: StaffActor, requestId: string, input: StaffAppointmentInput) {
  return ctx.db.transaction().execute(async (tx) => {
    const { r } = await unitRequest(tx, a, requestId);
    await withdrawRequestOffers(tx, ctx, r.id);
    const appt = await createAppointment(ctx, a, r.unit_id, { ...input, contactId: r.contact_id }, r.id, tx);
    await updateRequest(tx, r.id, { status: 'assigned', answered_by: a.staffId, answered_at: clockNow() });
    return appt;
  });
}

/** Answers a request by offering published slots; the citizen picks one before the offers expire. */
export async function offerForRequest(ctx: AppContext, a: StaffActor, requestId: string, input: z.infer<typeof OfferSlotsSchema>) {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, m } = await unitRequest(tx, a, requestId);
    const slots = [];
    for (const slotId of new Set(input.slotIds)) {
      const s = (await slotRows(tx, { id: slotId }))[0];
      if (!s || s.unit_id !== r.unit_id) throw notFound('The time slot');
      slots.push(s);
    }
    // The answer window starts when the notice is sent, and closes 30 minutes before the earliest slot.
    const earliest = Math.min(...slots.map((s) => s.starts_at.getTime()));
    const { expiresAt, urgent } = offerWindow(clockNow(), input.hoursToAnswer, new Date(earliest - 30 * 60_000));
    for (const s of slots) {
      if (s.starts_at <= clockNow()) throw new AppError('SLOT_IN_PAST', 'One of the chosen slots has already passed. Choose later ones.');
      if (!(await claimSlot(tx, s.id, 'open', 'offered'))) throw new AppError('SLOT_TAKEN', 'One of the chosen slots is no longer free. Choose others.');
      const offerId = await insertOffer(tx, {
        slot_id: s.id,
        citizen_id: r.citizen_id,
        unit_id: r.unit_id,
        contact_id: r.contact_id,
        source: 'request',
        waitlist_id: null,
        request_id: r.id,
        expires_at: expiresAt,
      });
      await enqueue(tx, OFFER_EXPIRE_QUEUE, { offerId }, { runAt: expiresAt, idempotencyKey: `offer-expire:${offerId}` });
    }
    await updateRequest(tx, r.id, { status: 'offered', answer_text: input.text ?? null, answered_by: a.staffId, answered_at: clockNow() });
    await auditStaff(tx, a, m, [r.citizen_id], 'appointment_request.offer', 'appointment_request', r.id);
    await ctx.events.publish(tx, { type: 'appointment.offered', citizenId: r.citizen_id, unitId: r.unit_id, requestId: r.id, by: 'unit', urgent });
    return requestDto((await requestRows(tx, { id: r.id }))[0]!, 'unit');
  });
}

/** Declines a request with an answer the citizen reads (notified: notify.plan.ts); times offered before are withdrawn. */
export async function declineRequest(ctx: AppContext, a: StaffActor, requestId: string, text: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, m } = await unitRequest(tx, a, requestId);
    // Times offered earlier are no longer the citizen's to take.
    await withdrawRequestOffers(tx, ctx, r.id);
    await updateRequest(tx, r.id, { status: 'declined', answer_text: text, answered_by: a.staffId, answered_at: clockNow() });
    await auditStaff(tx, a, m, [r.citizen_id], 'appointment_request.decline', 'appointment_request', r.id);
    await ctx.events.publish(tx, { type: 'appointment.request_declined', citizenId: r.citizen_id, unitId: r.unit_id, requestId: r.id, by: 'unit' });
    return requestDto((await requestRows(tx, { id: r.id }))[0]!, 'unit');
  });
}

/** The unit's appointment services and rules. */
export async function getSettings(ctx: AppContext, a: StaffActor, unitId: string): Promise<AppointmentSettings> {
  requireMembership(a, unitId);
  const rows = await unitServiceSwitches(ctx.db, unitId);
  const on = (s: string) => rows.some((r) => r.service === s && r.enabled);
  const st = await appointmentServiceSettings(ctx.db, unitId);
  const video = await unitService(ctx.db, unitId, 'video');
  return {
    timebestilling: on('timebestilling'),
    timeonske: on('timeonske'),
    timevisning: on('timevisning'),
    avbestilling: on('avbestilling'),
    cutoffHours: st.cutoffHours,
    dropInUrl: typeof video?.settings.dropInUrl === 'string' ? video.settings.dropInUrl : null,
  };
}

/** Switches the appointment services of a unit (administrators). */
export async function putSettings(ctx: AppContext, a: StaffActor, unitId: string, v: AppointmentSettings): Promise<AppointmentSettings> {
  requireUnitAdmin(a, unitId);
  await ctx.db.transaction().execute(async (tx) => {
    await upsertUnitService(tx, unitId, 'timebestilling', v.timebestilling, {}, a.staffId);
    await upsertUnitService(tx, unitId, 'timeonske', v.timeonske, {}, a.staffId);
    await upsertUnitService(tx, unitId, 'timevisning', v.timevisning, {}, a.staffId);
    await upsertUnitService(tx, unitId, 'avbestilling', v.avbestilling, { cutoffHours: v.cutoffHours }, a.staffId);
    const video = await unitService(tx, unitId, 'video');
    await upsertUnitService(tx, unitId, 'video', video?.enabled ?? v.dropInUrl !== null, { dropInUrl: v.dropInUrl }, a.staffId);
  });
  return getSettings(ctx, a, unitId);
}
