/**
 * Appointment (the appointments table), Slot (published slots) and Schedule (timebooks) of the
 * caller's units. An EPJ can create a timebook, publish slots, send an appointment to a patient
 * (on a slot or at a free time) and cancel it; the citizen is notified as for a staff change.
 */
import type { Appointment, AppointmentParticipant, Location, Schedule, Slot } from '@medplum/fhirtypes';
import type { Transaction } from 'kysely';
import { fhirAppointmentStatus } from '@helsedialog/core';
import type { DB } from '../../platform/db-types.ts';
import {
  claimSlot,
  findAppointment,
  holdTime,
  insertSlots,
  lockBookingScope,
  isUniqueViolation,
  slotRows,
  type AppointmentRow,
  type SlotRow,
} from '../../modules/appointments/appointments.repository.ts';
import { membershipOfRole, practitionerRoleId, unitOfHealthcareService } from './directory.ts';
import { newVideoRoom } from '../../modules/appointments/appointments.rules.ts';
import type { AppointmentType } from '../../modules/appointments/appointments.tables.ts';
import { releaseSlot } from '../../modules/appointments/waitlist.service.ts';
import { appointmentNoticeUrgent } from '../../modules/appointments/urgency.ts';
import { badRequest, FhirError, notFound, unprocessable } from '../outcomes.ts';
import type { FhirContext, ResourceMapper } from '../router.ts';
import { auditEpj, dateParam, instant, isUuid, onlyUnit, one, ref, refId, requireUnit, SYSTEM } from './common.ts';
import { now } from '../../platform/clock.ts';

const TYPES: AppointmentType[] = ['in_person', 'video', 'phone', 'home_visit'];
const NONE = '00000000-0000-0000-0000-000000000000';
const uuidOr = (v: string | undefined) => (v && isUuid(v) ? v : NONE);

function appointment(a: AppointmentRow): Appointment {
  return {
    resourceType: 'Appointment',
    id: a.id,
    status: fhirAppointmentStatus(a.status),
    ...(a.cancel_reason ? { cancelationReason: { text: a.cancel_reason } } : {}),
    appointmentType: { coding: [{ system: SYSTEM.appointmentType, code: a.type }] },
    description: a.title,
    start: a.starts_at.toISOString(),
    end: a.ends_at.toISOString(),
    created: a.created_at.toISOString(),
    ...(a.slot_id ? { slot: [ref('Slot', a.slot_id)] } : {}),
    ...(a.note ? { comment: a.note } : {}),
    participant: [
      { actor: ref('Patient', a.citizen_id, `${a.p_given} ${a.p_family}`), status: 'accepted' },
      ...(a.staff_id ? [{ actor: ref('Practitioner', a.staff_id), status: 'accepted' as const }] : []),
      ...(a.location ? [{ actor: { display: a.location }, status: 'accepted' as const }] : []),
    ],
  };
}

async function ownAppointment(ctx: FhirContext, id: string, tx?: Transaction<DB>) {
  if (!isUuid(id)) return undefined;
  const a = await findAppointment(tx ?? ctx.app.db, id, !!tx);
  return a && ctx.auth.unitIds.includes(a.unit_id) ? a : undefined;
}

/** Appointment: read, search (patient, date, status), create, cancel (PUT/PATCH status cancelled). */
/**
 * The unit of an appointment at a free time: the client's only unit; otherwise the unit named by
 * a participant HealthcareService (any service of the unit, from HealthcareService?organization=…),
 * or the one unit among the client's where the participant Practitioner works.
 */
async function unitOfFreeTime(ctx: FhirContext, participants: AppointmentParticipant[], staffId: string | null): Promise<string> {
  if (ctx.auth.unitIds.length === 1) return ctx.auth.unitIds[0]!;
  const serviceId = participants.map((p) => refId(p.actor, 'HealthcareService')).find(Boolean);
  if (serviceId) {
    const unitId = await unitOfHealthcareService(ctx, serviceId);
    if (!unitId) throw unprocessable(`HealthcareService/${serviceId} is not a service of the units this client acts for.`, 'not-found');
    return unitId;
  }
  if (staffId && isUuid(staffId)) {
    const units = await ctx.app.db
      .selectFrom('staff_memberships')
      .select('unit_id')
      .where('staff_id', '=', staffId)
      .where('unit_id', 'in', ctx.auth.unitIds)
      .execute();
    if (units.length === 1) return units[0]!.unit_id;
  }
  return onlyUnit(ctx, 'An appointment without a slot (add a participant with actor HealthcareService/<id> of the unit)');
}

export const AppointmentMapper: ResourceMapper<Appointment> = {
  type: 'Appointment',
  searchParams: { patient: 'reference', date: 'date', status: 'token', practitioner: 'reference' },
  sorts: ['date'],
  read: async (ctx, id) => {
    const a = await ownAppointment(ctx, id);
    return a && appointment(a);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = ctx.app.db.selectFrom('appointments as a').where('a.unit_id', 'in', ctx.auth.unitIds);
    const p = one(input, 'patient');
    if (p) q = q.where('a.citizen_id', '=', uuidOr(refId(p, 'Patient') ?? p));
    const pr = one(input, 'practitioner');
    if (pr) q = q.where('a.staff_id', '=', uuidOr(refId(pr, 'Practitioner') ?? pr));
    const id = one(input, '_id');
    if (id) q = q.where('a.id', '=', uuidOr(id));
    const status = one(input, 'status');
    if (status)
      q = q.where(
        'a.status',
        '=',
        status === 'fulfilled' ? 'completed' : status === 'cancelled' ? 'cancelled' : status === 'booked' ? 'booked' : ('none' as 'booked'),
      );
    for (const d of input.params.get('date') ?? []) for (const { op, at } of dateParam(d)) q = q.where('a.starts_at', op, at);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const ids = await q
      .select('a.id')
      .orderBy('a.starts_at', input.sort[0]?.desc ? 'desc' : 'asc')
      .orderBy('a.id')
      .limit(input.count)
      .offset(input.offset)
      .execute();
    const rows = ids.length ? await Promise.all(ids.map((r) => findAppointment(ctx.app.db, r.id))) : [];
    return { resources: rows.filter((r): r is AppointmentRow => !!r).map(appointment), total };
  },
  async create(ctx, body) {
    if (body.status !== 'booked') throw badRequest('Only status booked can be created.');
    const participants = body.participant;
    const citizenId = participants.map((p) => refId(p.actor, 'Patient')).find(Boolean);
    if (!citizenId || !isUuid(citizenId)) throw badRequest('participant must include the Patient.');
    const staffId = participants.map((p) => refId(p.actor, 'Practitioner')).find(Boolean) ?? null;
    const slotId = refId(body.slot?.[0], 'Slot');
    const code = body.appointmentType?.coding?.[0]?.code;
    if (code !== undefined && !TYPES.includes(code as AppointmentType))
      throw badRequest(`appointmentType must be one of ${TYPES.join(', ')} (system ${SYSTEM.appointmentType}).`);
    try {
      // The unit of a free-time booking is read before the transaction: it reads through the app's
      // database (the directory), and a statement outside an open transaction waits for it on the
      // single embedded connection.
      const freeTimeUnit = slotId ? undefined : await unitOfFreeTime(ctx, participants, staffId);
      return await ctx.app.db.transaction().execute(async (tx) => {
        let slot: SlotRow | undefined;
        let unitId: string;
        let startsAt: Date;
        let endsAt: Date;
        if (slotId) {
          slot = isUuid(slotId) ? (await slotRows(tx, { id: slotId }))[0] : undefined;
          if (!slot || !ctx.auth.unitIds.includes(slot.unit_id)) throw notFound('Slot', slotId);
          if (!(await claimSlot(tx, slot.id, 'open', 'booked'))) throw new FhirError(409, 'conflict', 'The slot is no longer free (or has passed).');
          unitId = slot.unit_id;
          ({ starts_at: startsAt, ends_at: endsAt } = slot);
        } else {
          unitId = freeTimeUnit!;
          startsAt = instant(body.start, 'start');
          endsAt = instant(body.end, 'end');
          if (endsAt <= startsAt) throw unprocessable('end must be after start.');
        }
        const contact = await tx
          .selectFrom('health_contacts')
          .select(['id', 'started_at', 'ends_at', 'ended_at'])
          .where('citizen_id', '=', citizenId)
          .where('unit_id', '=', unitId)
          .where('ended_at', 'is', null)
          .where('started_at', '<=', now())
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now())]))
          .orderBy('started_at', 'desc')
          .executeTakeFirst();
        if (!contact) throw unprocessable('The patient has no active health contact with the unit.');
        if (
          staffId &&
          !(
            isUuid(staffId) &&
            (await tx.selectFrom('staff_memberships').select('staff_id').where('staff_id', '=', staffId).where('unit_id', '=', unitId).executeTakeFirst())
          )
        ) {
          throw unprocessable('The Practitioner does not work in the unit.');
        }
        const type = (code as AppointmentType | undefined) ?? slot?.type ?? 'in_person';
        // At a free time with a Practitioner, the appointment holds the time in their timebook at the
        // unit (as the web's "Ny timeavtale" does), so it can overlap nothing there.
        let timebookId = slot?.timebook_id ?? null;
        let slotHeld = slot?.id ?? null;
        if (!slot && staffId) {
          const tb = await tx
            .selectFrom('timebooks')
            .select('id')
            .where('unit_id', '=', unitId)
            .where('staff_id', '=', staffId)
            .where('active', '=', true)
            .orderBy('created_at')
            .executeTakeFirst();
          if (tb) {
            timebookId = tb.id;
            slotHeld = await holdTime(tx, { timebookId: tb.id, unitId, startsAt, endsAt, type });
          } else await lockBookingScope(tx, { staffIds: [staffId] });
        }
        const row = await tx
          .insertInto('appointments')
          .values({
            citizen_id: citizenId,
            unit_id: unitId,
            contact_id: contact.id,
            timebook_id: timebookId,
            slot_id: slotHeld,
            staff_id: staffId ?? slot?.timebook_staff_id ?? null,
            request_id: null,
            title: body.description?.trim() ? body.description.trim().slice(0, 200) : 'Time',
            type,
            starts_at: startsAt,
            ends_at: endsAt,
            location: null,
            directions: null,
            video_url: type === 'video' ? newVideoRoom() : null,
            reason: null,
            note: body.comment !== undefined ? body.comment.slice(0, 2000) : null,
            source: 'unit',
            booked_by_person_id: null,
            created_by_staff_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditEpj(tx, ctx, { citizenId, unitId, action: 'appointment.create', objectType: 'appointment', objectId: row.id });
        await ctx.app.events.publish(tx, {
          type: 'appointment.assigned',
          citizenId,
          unitId,
          appointmentId: row.id,
          by: 'unit',
          source: 'epj',
          urgent: appointmentNoticeUrgent([startsAt]),
        });
        return appointment((await findAppointment(tx, row.id))!);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new FhirError(409, 'conflict', 'The slot is no longer free.');
      throw err;
    }
  },
  async update(ctx, id, body) {
    return ctx.app.db.transaction().execute(async (tx) => {
      const a = await ownAppointment(ctx, id, tx);
      if (!a) throw notFound('Appointment', id);
      const current = appointment(a);
      if (body.status === current.status) return current;
      if (body.status !== 'cancelled') throw unprocessable('Only cancelling (status cancelled) is supported by update; other changes are made in helsedialog.');
      if (a.status !== 'booked') throw new FhirError(409, 'business-rule', 'Only a booked appointment can be cancelled.');
      const reason = body.cancelationReason?.text ?? null;
      await tx
        .updateTable('appointments')
        .set({ status: 'cancelled', cancelled_at: now(), cancelled_by: 'unit', cancel_reason: reason, updated_at: now() })
        .where('id', '=', a.id)
        .execute();
      await tx
        .updateTable('waitlist_entries')
        .set({ status: 'withdrawn', updated_at: now() })
        .where('appointment_id', '=', a.id)
        .where('status', 'in', ['waiting', 'offered'])
        .execute();
      await releaseSlot(tx, ctx.app.events, a.slot_id);
      await auditEpj(tx, ctx, { citizenId: a.citizen_id, unitId: a.unit_id, action: 'appointment.cancel', objectType: 'appointment', objectId: a.id });
      await ctx.app.events.publish(tx, {
        type: 'appointment.cancelled',
        citizenId: a.citizen_id,
        unitId: a.unit_id,
        appointmentId: a.id,
        by: 'unit',
        source: 'epj',
        urgent: appointmentNoticeUrgent([a.starts_at]),
      });
      return appointment((await findAppointment(tx, a.id))!);
    });
  },
};

// ---- Slot ----

const SLOT_STATUS = { open: 'free', offered: 'busy-tentative', booked: 'busy', withdrawn: 'busy-unavailable', blocked: 'busy-unavailable' } as const;

function slot(s: SlotRow): Slot {
  return {
    resourceType: 'Slot',
    id: s.id,
    schedule: ref('Schedule', s.timebook_id),
    status: SLOT_STATUS[s.status],
    start: s.starts_at.toISOString(),
    end: s.ends_at.toISOString(),
    appointmentType: { coding: [{ system: SYSTEM.appointmentType, code: s.type }] },
  };
}

/** Slot: read, search (schedule, start, status), create in a Schedule, withdraw (PUT status busy-unavailable). */
export const SlotMapper: ResourceMapper<Slot> = {
  type: 'Slot',
  searchParams: { schedule: 'reference', start: 'date', status: 'token' },
  sorts: ['start'],
  async read(ctx, id) {
    if (!isUuid(id)) return undefined;
    const s = (await slotRows(ctx.app.db, { id }))[0];
    return s && ctx.auth.unitIds.includes(s.unit_id) ? slot(s) : undefined;
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = ctx.app.db.selectFrom('slots as sl').where('sl.unit_id', 'in', ctx.auth.unitIds);
    const sc = one(input, 'schedule');
    if (sc) q = q.where('sl.timebook_id', '=', uuidOr(refId(sc, 'Schedule') ?? sc));
    const id = one(input, '_id');
    if (id) q = q.where('sl.id', '=', uuidOr(id));
    const st = one(input, 'status');
    if (st) {
      const mine = Object.entries(SLOT_STATUS).find(([, v]) => v === st)?.[0] as keyof typeof SLOT_STATUS | undefined;
      q = q.where('sl.status', '=', mine ?? ('none' as 'open'));
    }
    for (const d of input.params.get('start') ?? []) for (const { op, at } of dateParam(d)) q = q.where('sl.starts_at', op, at);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const ids = (
      await q
        .select('sl.id')
        .orderBy('sl.starts_at', input.sort[0]?.desc ? 'desc' : 'asc')
        .orderBy('sl.id')
        .limit(input.count)
        .offset(input.offset)
        .execute()
    ).map((r) => r.id);
    const rows = ids.length ? await slotRows(ctx.app.db, { ids }) : [];
    const order = new Map(ids.map((x, i) => [x, i]));
    return { resources: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(slot), total };
  },
  async create(ctx, body) {
    const timebookId = refId(body.schedule, 'Schedule');
    const tb =
      timebookId && isUuid(timebookId) ? await ctx.app.db.selectFrom('timebooks').selectAll().where('id', '=', timebookId).executeTakeFirst() : undefined;
    if (!tb || !ctx.auth.unitIds.includes(tb.unit_id)) throw unprocessable('schedule must be a Schedule of one of the client’s units.');
    if (body.status !== 'free') throw badRequest('A new slot has status free.');
    const start = instant(body.start, 'start');
    const end = instant(body.end, 'end');
    if (end <= start) throw unprocessable('end must be after start.');
    if (start <= now()) throw unprocessable('A slot must start in the future.');
    const code = body.appointmentType?.coding?.[0]?.code ?? tb.default_type;
    if (!TYPES.includes(code as AppointmentType)) throw badRequest(`appointmentType must be one of ${TYPES.join(', ')}.`);
    const n = await insertSlots(ctx.app.db, [
      { timebook_id: tb.id, unit_id: tb.unit_id, pattern_id: null, starts_at: start, ends_at: end, type: code as AppointmentType },
    ]);
    if (!n) throw new FhirError(409, 'duplicate', 'The schedule already has a slot at that time.');
    const s = (await slotRows(ctx.app.db, { timebookId: tb.id, from: start, to: new Date(start.getTime() + 1) }))[0]!;
    return slot(s);
  },
  async update(ctx, id, body) {
    const s = isUuid(id) ? (await slotRows(ctx.app.db, { id }))[0] : undefined;
    if (!s || !ctx.auth.unitIds.includes(s.unit_id)) throw notFound('Slot', id);
    if (body.status === SLOT_STATUS[s.status]) return slot(s);
    if (body.status !== 'busy-unavailable') throw unprocessable('Only withdrawing a slot (status busy-unavailable) is supported.');
    if (s.status !== 'open') throw new FhirError(409, 'business-rule', 'Only a free slot can be withdrawn; cancel its appointment first.');
    await ctx.app.db.updateTable('slots').set({ status: 'withdrawn', updated_at: now() }).where('id', '=', s.id).where('status', '=', 'open').execute();
    return slot((await slotRows(ctx.app.db, { id }))[0]!);
  },
};

// ---- Schedule (timebook) ----

type TimebookRow = { id: string; unit_id: string; kind: 'clinician' | 'resource'; staff_id: string | null; name: string; active: boolean };

/** The id of the contained Location that is a resource timebook's actor. */
const RESOURCE_LOCATION = 'resource';

/**
 * R4 Schedule.actor is what is booked (Patient, Practitioner, PractitionerRole, RelatedPerson,
 * Device, HealthcareService, Location), never an Organization: a clinician's timebook names the
 * clinician and their PractitionerRole in the unit (whose organization is the unit); a resource's
 * timebook (a room, a nurse's list) a contained Location managed by the unit.
 */
function schedule(t: TimebookRow): Schedule {
  const base = { resourceType: 'Schedule', id: t.id, active: t.active, comment: t.name } as const;
  if (t.staff_id) return { ...base, actor: [ref('Practitioner', t.staff_id), ref('PractitionerRole', practitionerRoleId(t.staff_id, t.unit_id))] };
  const location: Location = { resourceType: 'Location', id: RESOURCE_LOCATION, name: t.name, managingOrganization: ref('Organization', t.unit_id) };
  return { ...base, contained: [location], actor: [{ reference: `#${RESOURCE_LOCATION}`, display: t.name }] };
}

/**
 * The clinician and unit a new Schedule names: a PractitionerRole (clinician and unit), a
 * Practitioner (in the client's only unit, or the one of its units where the clinician works), or
 * a contained Location whose managingOrganization is the unit (a resource's timebook).
 */
async function scheduleOwner(ctx: FhirContext, body: Schedule): Promise<{ unitId: string; staffId: string | undefined }> {
  if (body.actor.some((a) => refId(a, 'Organization')))
    throw badRequest(
      'Schedule.actor cannot be an Organization in FHIR R4: name a PractitionerRole (a clinician in the unit), a Practitioner, or a contained Location with managingOrganization (a resource of the unit).',
    );
  const roleId = body.actor.map((a) => refId(a, 'PractitionerRole')).find(Boolean);
  if (roleId) {
    const m = await membershipOfRole(ctx, roleId);
    if (!m) throw unprocessable(`PractitionerRole/${roleId} is not a role in the units this client acts for.`, 'not-found');
    const staffId = body.actor.map((a) => refId(a, 'Practitioner')).find(Boolean);
    if (staffId && staffId !== m.staffId) throw unprocessable('The Practitioner and the PractitionerRole name different clinicians.');
    return m;
  }
  const staffId = body.actor.map((a) => refId(a, 'Practitioner')).find(Boolean);
  if (staffId) {
    const units = isUuid(staffId)
      ? await ctx.app.db.selectFrom('staff_memberships').select('unit_id').where('staff_id', '=', staffId).where('unit_id', 'in', ctx.auth.unitIds).execute()
      : [];
    if (!units.length) throw unprocessable('The Practitioner does not work in the units this client acts for.');
    if (units.length > 1) throw badRequest('The Practitioner works in several of the client’s units: name the unit with their PractitionerRole.');
    return { unitId: units[0]!.unit_id, staffId };
  }
  const local = body.actor.map((a) => a.reference).find((r) => r?.startsWith('#'));
  const location = body.contained?.find((c): c is Location => c.resourceType === 'Location' && `#${c.id}` === local);
  const org = refId(location?.managingOrganization, 'Organization');
  return { unitId: org ? requireUnit(ctx, org, 'The Location’s managingOrganization') : onlyUnit(ctx, 'A Schedule (a contained Location with managingOrganization)'), staffId: undefined };
}

/** Schedule: the timebooks of the caller's units (a clinician's own, or a resource's); create. */
export const ScheduleMapper: ResourceMapper<Schedule> = {
  type: 'Schedule',
  searchParams: { actor: 'reference', active: 'token' },
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const t = await ctx.app.db.selectFrom('timebooks').selectAll().where('id', '=', id).where('unit_id', 'in', ctx.auth.unitIds).executeTakeFirst();
    return t && schedule(t);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = ctx.app.db.selectFrom('timebooks').where('unit_id', 'in', ctx.auth.unitIds);
    const actor = one(input, 'actor');
    if (actor) {
      const staff = refId(actor, 'Practitioner');
      const role = refId(actor, 'PractitionerRole');
      const m = role ? await membershipOfRole(ctx, role) : undefined;
      // Organization/<unit> (or a bare id) is kept as a filter by unit: every timebook of the unit.
      const org = refId(actor, 'Organization');
      q = staff
        ? q.where('staff_id', '=', uuidOr(staff))
        : role
          ? q.where('staff_id', '=', uuidOr(m?.staffId)).where('unit_id', '=', uuidOr(m?.unitId))
          : q.where('unit_id', '=', uuidOr(org ?? actor));
    }
    const id = one(input, '_id');
    if (id) q = q.where('id', '=', uuidOr(id));
    const active = one(input, 'active');
    if (active) q = q.where('active', '=', active === 'true');
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q.selectAll().orderBy('name').orderBy('id').limit(input.count).offset(input.offset).execute();
    return { resources: rows.map(schedule), total };
  },
  async create(ctx, body) {
    const { unitId, staffId } = await scheduleOwner(ctx, body);
    const location = body.contained?.find((c): c is Location => c.resourceType === 'Location');
    const given = body.comment?.trim() || location?.name?.trim();
    const name = given ? given.slice(0, 200) : 'Timebok';
    const row = await ctx.app.db
      .insertInto('timebooks')
      .values({ unit_id: unitId, kind: staffId ? 'clinician' : 'resource', staff_id: staffId ?? null, name, location: null, directions: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return schedule(row);
  },
};
