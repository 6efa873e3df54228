/**
 * The staff side of issue 17: the calendar (day and week per clinician and resource timebook),
 * free/busy for assigning and offering, absence blocks, the patients' answers that wait for
 * staff, the waitlist, and the unit's answer and check-in settings. Reads of citizens' data are
 * access-logged through the one writer in the same transaction; ranges are bounded and read by
 * index (timebook/unit + start), lists are keyset-paged.
 */
import type { z } from 'zod';
import { BLOCK_MAX_DAYS, type AnswerSettings, type Calendar, type CalendarSlot, type FreeBusy, type NewBlockSchema, type OpenAnswers, type StaffWaitlistPage } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { osloLocalToInstant } from '../../platform/time.ts';
import { requireMembership, requireUnitAdmin, type StaffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import {
  activeTimebooks,
  appointmentRows,
  appointmentsWithoutSlot,
  countOpenAnswers,
  findAppointment,
  findTimebook,
  insertBlock,
  liveSlotsIn,
  lockBookingScope,
  lockSlot,
  offersOfWaitlistEntries,
  openAnswersPage,
  updateAppointment,
  upsertAnswerOptions,
  upsertUnitOptions,
  waitlistPage,
  withdrawOpenSlotsIn,
  withdrawSlot,
} from './appointments.repository.ts';
import { answerNeedsAction, staffAppointment } from './appointments.dto.ts';
import { unitAnswerOptions, type Tx } from './appointments.rules.ts';
import { APPOINTMENT_TYPES } from '@helsedialog/core';
import { now } from '../../platform/clock.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';

/** The longest period one calendar read covers (a week view, with a day either side). */
export const CALENDAR_MAX_DAYS = 9;

function boundedPeriod(from: Date, to: Date): void {
  if (!(to > from)) throw new AppError('VALIDATION_FAILED', 'The end of the period must be after its start.');
  if (to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 86_400_000)
    throw new AppError('VALIDATION_FAILED', `A calendar covers at most ${CALENDAR_MAX_DAYS} days at a time. Choose a day or a week.`);
}

/** The unit's timebooks named in `ids` (all active ones when none are named); an unknown id is 404. */
async function timebooksOf(ctx: AppContext | { db: Tx }, unitId: string, ids: string[] | undefined) {
  const rows = await activeTimebooks(ctx.db, unitId, ids);
  if (ids?.length && rows.length !== new Set(ids).size) throw notFound('The timebook');
  return rows;
}

function calendarSlot(s: { id: string; starts_at: Date; ends_at: Date; type: CalendarSlot['type']; status: string; block_reason: string | null }): CalendarSlot {
  return {
    id: s.id,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    type: s.type,
    status: s.status as CalendarSlot['status'],
    blockReason: s.status === 'blocked' ? s.block_reason : null,
  };
}

/** The earliest start of a slot that can reach into a period: a block spans at most BLOCK_MAX_DAYS (decision 79), which bounds the index range read. */
const earliestStart = (from: Date) => new Date(from.getTime() - BLOCK_MAX_DAYS * 86_400_000);

/**
 * Day or week of a unit's timebooks: published slots, booked and free-time appointments (which
 * hold a slot), home visits, absence blocks. Access-logged per patient shown.
 */
export async function unitCalendar(ctx: AppContext, a: StaffActor, unitId: string, from: Date, to: Date, timebookIds?: string[]): Promise<Calendar> {
  const m = requireMembership(a, unitId);
  boundedPeriod(from, to);
  return ctx.db.transaction().execute(async (tx) => {
    const books = await timebooksOf({ db: tx }, unitId, timebookIds);
    const ids = books.map((b) => b.id);
    // Slots of the chosen timebooks in the period: the (timebook_id, starts_at) index. A slot
    // that holds an appointment is shown as the appointment, not twice.
    const slots = ids.length ? await liveSlotsIn(tx, ids, from, to, earliestStart(from), true) : [];
    const appts = (await appointmentRows(tx, { unitId, from, to, limit: 2000 })).filter(
      (r) => r.status !== 'cancelled' && (r.timebook_id === null ? !timebookIds?.length : ids.includes(r.timebook_id)),
    );
    await auditStaff(
      tx,
      a,
      m,
      appts.map((r) => r.citizen_id),
      'appointment.calendar',
      'unit',
      unitId,
    );
    const bookedSlots = new Set(appts.map((r) => r.slot_id).filter(Boolean));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      timebooks: books.map((b) => ({
        timebook: { id: b.id, name: b.name, kind: b.kind, staffId: b.staff_id },
        slots: slots.filter((s) => s.timebook_id === b.id && !(s.status === 'booked' && bookedSlots.has(s.id))).map(calendarSlot),
        appointments: appts.filter((r) => r.timebook_id === b.id).map((r) => staffAppointment(r)),
      })),
      unassigned: appts.filter((r) => r.timebook_id === null).map((r) => staffAppointment(r)),
    };
  });
}

/** Free and busy times of a unit's timebooks (no patient data, not access-logged): for assigning or offering. */
export async function freeBusy(ctx: AppContext, a: StaffActor, unitId: string, from: Date, to: Date, timebookIds?: string[]): Promise<FreeBusy> {
  requireMembership(a, unitId);
  boundedPeriod(from, to);
  const books = await timebooksOf(ctx, unitId, timebookIds);
  const ids = books.map((b) => b.id);
  if (!ids.length) return { timebooks: [] };
  const slots = await liveSlotsIn(ctx.db, ids, from, to, earliestStart(from), false);
  // Appointments in a timebook hold a slot (holdTime); older ones without one are busy too.
  const loose = await appointmentsWithoutSlot(ctx.db, ids, from, to);
  return {
    timebooks: books.map((b) => ({
      id: b.id,
      name: b.name,
      busy: [
        ...slots
          .filter((s) => s.timebook_id === b.id && s.status !== 'open')
          .map((s) => ({ startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(), kind: s.status as 'booked' | 'offered' | 'blocked' })),
        ...loose
          .filter((x) => x.timebook_id === b.id)
          .map((x) => ({ startsAt: x.starts_at.toISOString(), endsAt: x.ends_at.toISOString(), kind: 'booked' as const })),
      ].sort((x, y) => x.startsAt.localeCompare(y.startsAt)),
      free: slots
        .filter((s) => s.timebook_id === b.id && s.status === 'open' && s.starts_at > now())
        .map((s) => ({ slotId: s.id, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString() })),
    })),
  };
}

/**
 * Blocks a time in a timebook for absence, over one day or several. Open slots in it are withdrawn (nobody has them); a
 * booked or offered time, or an appointment of the clinician in another timebook, is refused by
 * the no-overlap constraints (409 TIME_CONFLICT naming the time).
 */
export async function addBlock(ctx: AppContext, a: StaffActor, timebookId: string, input: z.infer<typeof NewBlockSchema>): Promise<CalendarSlot> {
  const t = await findTimebook(ctx.db, timebookId);
  if (!t || !a.memberships.has(t.unit_id)) throw notFound('The timebook');
  requireMembership(a, t.unit_id);
  // One continuous time, over one day or several (nights and weekends in it are blocked too).
  const endDate = input.endDate ?? input.date;
  const startsAt = osloLocalToInstant(input.date, input.startTime);
  const endsAt = osloLocalToInstant(endDate, input.endTime);
  if (!startsAt || !endsAt)
    throw new AppError(
      'TIME_NOT_IN_OSLO',
      `${startsAt ? endDate : input.date} has no such time in Norwegian time (the clocks skip an hour when summer time starts). Choose another time.`,
    );
  return ctx.db.transaction().execute(async (tx) => {
    await lockBookingScope(tx, { timebookIds: [t.id] });
    await withdrawOpenSlotsIn(tx, t.id, startsAt, endsAt);
    const row = await insertBlock(tx, {
      timebook_id: t.id,
      unit_id: t.unit_id,
      starts_at: startsAt,
      ends_at: endsAt,
      type: t.default_type,
      block_reason: input.reason,
      created_by: a.staffId,
    });
    if (!row) throw new AppError('TIME_CONFLICT', 'The timebook already has a time that starts then. Choose a time that does not overlap.');
    await ctx.events.publish(tx, { type: 'slot.blocked', citizenId: '', unitId: t.unit_id, by: 'unit' });
    return calendarSlot(row);
  });
}

/** Removes an absence block (the time is free again; nothing is published in its place). */
export async function removeBlock(ctx: AppContext, a: StaffActor, slotId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const s = await lockSlot(tx, slotId);
    if (!s || !a.memberships.has(s.unit_id) || s.status !== 'blocked') throw notFound('The block');
    await withdrawSlot(tx, s.id);
    await ctx.events.publish(tx, { type: 'slot.unblocked', citizenId: '', unitId: s.unit_id, by: 'unit' });
  });
}

/** Patients' answers that ask staff for something and are not handled yet, oldest first (keyset-paged, access-logged). */
export async function openAnswers(ctx: AppContext, a: StaffActor, unitId: string, after?: string, limit = 50): Promise<OpenAnswers> {
  const m = requireMembership(a, unitId);
  const c = decodeCursor(after);
  return ctx.db.transaction().execute(async (tx) => {
    const count = await countOpenAnswers(tx, unitId);
    if (limit === 0) return { count, items: [], next: null };
    const ids = await openAnswersPage(tx, unitId, c, limit);
    const more = limit > 0 && ids.length > limit;
    const chosen = ids.slice(0, limit);
    const order = new Map(chosen.map((r, i) => [r.id, i]));
    const rows = (await appointmentRows(tx, { ids: chosen.map((r) => r.id) })).sort((x, y) => order.get(x.id)! - order.get(y.id)!);
    await auditStaff(
      tx,
      a,
      m,
      rows.map((r) => r.citizen_id),
      'appointment.answers',
      'unit',
      unitId,
    );
    const last = chosen.at(-1);
    return { count, items: rows.map((r) => staffAppointment(r)), next: more && last ? encodeCursor({ at: last.answered_at!, id: last.id }) : null };
  });
}

/** Staff have acted on a patient's answer (moved the time, changed to video, cancelled …): the flag clears. */
export async function markAnswerHandled(ctx: AppContext, a: StaffActor, appointmentId: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await findAppointment(tx, appointmentId, true);
    if (!r || !a.memberships.has(r.unit_id)) throw notFound('The appointment');
    const m = requireMembership(a, r.unit_id);
    if (!answerNeedsAction(r.answer) || r.answer_handled_at) throw new AppError('CONFLICT', 'This appointment has no answer waiting to be handled.');
    await updateAppointment(tx, r.id, { answer_handled_at: now(), answer_handled_by: a.staffId });
    await auditStaff(tx, a, m, [r.citizen_id], 'appointment.answer_handled', 'appointment', r.id);
    await ctx.events.publish(tx, { type: 'appointment.answer_handled', citizenId: r.citizen_id, unitId: r.unit_id, appointmentId: r.id, by: 'unit' });
    return staffAppointment((await findAppointment(tx, r.id))!);
  });
}

/**
 * The unit's waitlist: who waits for an earlier time, in which timebook, and the offers each got
 * with their answers. Newest first, keyset-paged on (created_at, id); offers in one query per page.
 */
export async function unitWaitlist(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  opts: { status: 'active' | 'all'; after?: string | undefined; limit?: number },
): Promise<StaffWaitlistPage> {
  const m = requireMembership(a, unitId);
  const c = decodeCursor(opts.after);
  const limit = opts.limit ?? 50;
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await waitlistPage(tx, unitId, opts.status, c, limit);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const offers = await offersOfWaitlistEntries(
      tx,
      page.map((r) => r.id),
    );
    await auditStaff(
      tx,
      a,
      m,
      page.map((r) => r.citizen_id),
      'waitlist.list',
      'unit',
      unitId,
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        citizen: { id: r.citizen_id, name: `${r.given_name} ${r.family_name}`, birthDate: r.birth_date },
        timebook: r.tb_id && r.tb_name ? { id: r.tb_id, name: r.tb_name } : null,
        appointment: r.ap_id && r.ap_starts_at ? { id: r.ap_id, startsAt: r.ap_starts_at.toISOString() } : null,
        offers: offers
          .filter((o) => o.waitlist_id === r.id)
          .map((o) => ({
            id: o.id,
            slotStartsAt: o.starts_at.toISOString(),
            status: o.status,
            createdAt: o.created_at.toISOString(),
            expiresAt: o.expires_at.toISOString(),
            answeredAt: o.answered_at?.toISOString() ?? null,
          })),
      })),
      next: more && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
    };
  });
}

/** The unit's answer options per appointment type and check-in. */
export async function getAnswerSettings(ctx: AppContext, a: StaffActor, unitId: string): Promise<AnswerSettings> {
  requireMembership(a, unitId);
  const o = await unitAnswerOptions(ctx.db, unitId);
  const off = { confirm: false, change: false, channel: false, notNeeded: false };
  return {
    types: {
      in_person: o.answers.in_person ?? off,
      video: o.answers.video ?? off,
      phone: o.answers.phone ?? off,
      home_visit: o.answers.home_visit ?? off,
    },
    checkIn: o.checkIn,
  };
}

/** Sets the unit's answer options and check-in (administrators). */
export async function putAnswerSettings(ctx: AppContext, a: StaffActor, unitId: string, v: AnswerSettings): Promise<AnswerSettings> {
  requireUnitAdmin(a, unitId);
  await ctx.db.transaction().execute(async (tx) => {
    for (const type of APPOINTMENT_TYPES) {
      const o = v.types[type];
      const row = { confirm: o.confirm, change: o.change, channel: o.channel, not_needed: o.notNeeded, updated_at: now(), updated_by: a.staffId };
      await upsertAnswerOptions(tx, unitId, type, row);
    }
    const unit = { check_in: v.checkIn, updated_at: now(), updated_by: a.staffId };
    await upsertUnitOptions(tx, unitId, unit);
  });
  return getAnswerSettings(ctx, a, unitId);
}
