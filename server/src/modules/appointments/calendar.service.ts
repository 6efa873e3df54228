/**
 * The staff side of issue 17: the calendar (day and week per clinician and resource timebook),
 * free/busy for assigning and offering, absence blocks, the patients' answers that wait for
 * staff, the waitlist, and the unit's answer and check-in settings. Reads of citizens' data are
 * access-logged through the one writer in the same transaction; ranges are bounded and read by
 * index (timebook/unit + start), lists are keyset-paged.
 */
import type { z } from 'zod';
import { sql } from 'kysely';
import { BLOCK_MAX_DAYS, type AnswerSettings, type Calendar, type CalendarSlot, type FreeBusy, type NewBlockSchema, type OpenAnswers, type StaffWaitlistPage } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { osloLocalToInstant } from '../../platform/time.ts';
import { requireMembership, requireUnitAdmin, type StaffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { appointmentRows, findAppointment, findTimebook, lockBookingScope } from './appointments.repository.ts';
import { answerNeedsAction, staffAppointment } from './appointments.dto.ts';
import { unitAnswerOptions, type Tx } from './appointments.rules.ts';
import { APPOINTMENT_TYPES } from '@helsedialog/core';
import { now } from '../../platform/clock.ts';

/** The longest period one calendar read covers (a week view, with a day either side). */
export const CALENDAR_MAX_DAYS = 9;

function boundedPeriod(from: Date, to: Date): void {
  if (!(to > from)) throw new AppError('VALIDATION_FAILED', 'The end of the period must be after its start.');
  if (to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 86_400_000)
    throw new AppError('VALIDATION_FAILED', `A calendar covers at most ${CALENDAR_MAX_DAYS} days at a time. Choose a day or a week.`);
}

/** The unit's timebooks named in `ids` (all active ones when none are named); an unknown id is 404. */
async function timebooksOf(ctx: AppContext | { db: Tx }, unitId: string, ids: string[] | undefined) {
  let q = ctx.db.selectFrom('timebooks').select(['id', 'name', 'kind', 'staff_id']).where('unit_id', '=', unitId).where('active', '=', true);
  if (ids?.length) q = q.where('id', 'in', ids);
  const rows = await q.orderBy('kind').orderBy('name').execute();
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
    const slots = ids.length
      ? await tx
          .selectFrom('slots')
          .select(['id', 'timebook_id', 'starts_at', 'ends_at', 'type', 'status', 'block_reason'])
          .where('timebook_id', 'in', ids)
          .where('starts_at', '<', to)
          .where('starts_at', '>', earliestStart(from))
          .where('ends_at', '>', from)
          .where('status', 'in', ['open', 'offered', 'booked', 'blocked'])
          .where('holds_appointment', '=', false)
          .orderBy('starts_at')
          .limit(5000)
          .execute()
      : [];
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
  const slots = await ctx.db
    .selectFrom('slots')
    .select(['id', 'timebook_id', 'starts_at', 'ends_at', 'status'])
    .where('timebook_id', 'in', ids)
    .where('starts_at', '<', to)
    .where('starts_at', '>', earliestStart(from))
    .where('ends_at', '>', from)
    .where('status', 'in', ['open', 'offered', 'booked', 'blocked'])
    .orderBy('starts_at')
    .limit(5000)
    .execute();
  // Appointments in a timebook hold a slot (holdTime); older ones without one are busy too.
  const loose = await ctx.db
    .selectFrom('appointments')
    .select(['timebook_id', 'starts_at', 'ends_at'])
    .where('timebook_id', 'in', ids)
    .where('slot_id', 'is', null)
    .where('status', '=', 'booked')
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .execute();
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
    await tx
      .updateTable('slots')
      .set({ status: 'withdrawn', updated_at: now() })
      .where('timebook_id', '=', t.id)
      .where('status', '=', 'open')
      .where('starts_at', '<', endsAt)
      .where('ends_at', '>', startsAt)
      .execute();
    const row = await tx
      .insertInto('slots')
      .values({
        timebook_id: t.id,
        unit_id: t.unit_id,
        pattern_id: null,
        starts_at: startsAt,
        ends_at: endsAt,
        type: t.default_type,
        status: 'blocked',
        block_reason: input.reason,
        created_by: a.staffId,
      })
      .onConflict((oc) =>
        oc
          .columns(['timebook_id', 'starts_at'])
          .doUpdateSet((eb) => ({ status: 'blocked', ends_at: eb.ref('excluded.ends_at'), block_reason: input.reason, pattern_id: null, updated_at: now() }))
          .where('slots.status', '=', 'withdrawn'),
      )
      .returning(['id', 'starts_at', 'ends_at', 'type', 'status', 'block_reason'])
      .executeTakeFirst();
    if (!row) throw new AppError('TIME_CONFLICT', 'The timebook already has a time that starts then. Choose a time that does not overlap.');
    await ctx.events.publish(tx, { type: 'slot.blocked', citizenId: '', unitId: t.unit_id, by: 'unit' });
    return calendarSlot(row);
  });
}

/** Removes an absence block (the time is free again; nothing is published in its place). */
export async function removeBlock(ctx: AppContext, a: StaffActor, slotId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('slots').select(['id', 'unit_id', 'status']).where('id', '=', slotId).forUpdate().executeTakeFirst();
    if (!s || !a.memberships.has(s.unit_id) || s.status !== 'blocked') throw notFound('The block');
    await tx.updateTable('slots').set({ status: 'withdrawn', updated_at: now() }).where('id', '=', s.id).execute();
    await ctx.events.publish(tx, { type: 'slot.unblocked', citizenId: '', unitId: s.unit_id, by: 'unit' });
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
function cursor(raw: string | undefined): { at: Date; id: string } | undefined {
  if (!raw) return undefined;
  const [at, id] = Buffer.from(raw, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('VALIDATION_FAILED', 'The page cursor is not valid. Start from the first page.');
  return { at: d, id };
}

/** Patients' answers that ask staff for something and are not handled yet, oldest first (keyset-paged, access-logged). */
export async function openAnswers(ctx: AppContext, a: StaffActor, unitId: string, after?: string, limit = 50): Promise<OpenAnswers> {
  const m = requireMembership(a, unitId);
  const c = cursor(after);
  return ctx.db.transaction().execute(async (tx) => {
    const base = tx
      .selectFrom('appointments')
      .where('unit_id', '=', unitId)
      .where('status', '=', 'booked')
      .where('answer', 'is not', null)
      .where('answer', '<>', 'confirm')
      .where('answer_handled_at', 'is', null);
    const count = Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    if (limit === 0) return { count, items: [], next: null };
    let page = base.select(['id', 'answered_at']);
    if (c) page = page.where(sql<boolean>`(answered_at, id) > (${c.at}, ${c.id})`);
    const ids = await page
      .orderBy('answered_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
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
    return { count, items: rows.map((r) => staffAppointment(r)), next: more && last ? b64(`${last.answered_at!.toISOString()}|${last.id}`) : null };
  });
}

/** Staff have acted on a patient's answer (moved the time, changed to video, cancelled …): the flag clears. */
export async function markAnswerHandled(ctx: AppContext, a: StaffActor, appointmentId: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await findAppointment(tx, appointmentId, true);
    if (!r || !a.memberships.has(r.unit_id)) throw notFound('The appointment');
    const m = requireMembership(a, r.unit_id);
    if (!answerNeedsAction(r.answer) || r.answer_handled_at) throw new AppError('CONFLICT', 'This appointment has no answer waiting to be handled.');
    await tx.updateTable('appointments').set({ answer_handled_at: now(), answer_handled_by: a.staffId }).where('id', '=', r.id).execute();
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
  const c = cursor(opts.after);
  const limit = opts.limit ?? 50;
  return ctx.db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom('waitlist_entries as w')
      .innerJoin('persons as p', 'p.id', 'w.citizen_id')
      .leftJoin('timebooks as tb', 'tb.id', 'w.timebook_id')
      .leftJoin('appointments as ap', 'ap.id', 'w.appointment_id')
      .select([
        'w.id',
        'w.status',
        'w.created_at',
        'w.citizen_id',
        'p.given_name',
        'p.family_name',
        'p.birth_date',
        'tb.id as tb_id',
        'tb.name as tb_name',
        'ap.id as ap_id',
        'ap.starts_at as ap_starts_at',
      ])
      .where('w.unit_id', '=', unitId);
    if (opts.status === 'active') q = q.where('w.status', 'in', ['waiting', 'offered']);
    if (c) q = q.where(sql<boolean>`(w.created_at, w.id) < (${c.at}, ${c.id})`);
    const rows = await q
      .orderBy('w.created_at', 'desc')
      .orderBy('w.id', 'desc')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const offers = page.length
      ? await tx
          .selectFrom('slot_offers as o')
          .innerJoin('slots as sl', 'sl.id', 'o.slot_id')
          .select(['o.id', 'o.waitlist_id', 'o.status', 'o.created_at', 'o.expires_at', 'o.answered_at', 'sl.starts_at'])
          .where(
            'o.waitlist_id',
            'in',
            page.map((r) => r.id),
          )
          .orderBy('o.created_at')
          .execute()
      : [];
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
      next: more && last ? b64(`${last.created_at.toISOString()}|${last.id}`) : null,
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
      await tx
        .insertInto('appointment_answer_options')
        .values({ unit_id: unitId, appointment_type: type, ...row })
        .onConflict((oc) => oc.columns(['unit_id', 'appointment_type']).doUpdateSet(row))
        .execute();
    }
    const unit = { check_in: v.checkIn, updated_at: now(), updated_by: a.staffId };
    await tx
      .insertInto('appointment_unit_options')
      .values({ unit_id: unitId, ...unit })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet(unit))
      .execute();
  });
  return getAnswerSettings(ctx, a, unitId);
}
