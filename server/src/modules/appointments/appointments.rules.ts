/** Shared rules of the appointments module: what a contact offers, which contact a citizen has with a unit, audit helpers. */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { servicesOnOffer } from '../dialog/catalogue.service.ts';
import { appointmentServiceSettings, insertAppointment, timebookWithStaff } from './appointments.repository.ts';
import { defaultTitle } from './appointments.dto.ts';
import type { AppointmentType } from './appointments.tables.ts';

export type Tx = Transaction<DB>;

/** What a citizen can do about appointments through one contact. */
export interface ContactRights {
  booking: boolean;
  request: boolean;
  view: boolean;
  cancel: boolean;
  cutoffHours: number;
  dropInUrl: string | null;
  /** The dialog kind used to write about an appointment, if the unit has one on. */
  dialogKind: 'standarddialog' | 'ekontakt' | null;
  /** The answers the unit takes, per appointment type (an ended contact takes none). */
  answers: Partial<Record<AppointmentType, AnswerOption>>;
  /** The unit takes check-in on arrival. */
  checkIn: boolean;
}

export interface AnswerOption {
  confirm: boolean;
  change: boolean;
  channel: boolean;
  notNeeded: boolean;
}

/** A unit's answer options per appointment type and whether it takes check-in (one read each). */
export async function unitAnswerOptions(db: DbOrTx, unitId: string): Promise<{ answers: Partial<Record<AppointmentType, AnswerOption>>; checkIn: boolean }> {
  const rows = await db.selectFrom('appointment_answer_options').selectAll().where('unit_id', '=', unitId).execute();
  const unit = await db.selectFrom('appointment_unit_options').select('check_in').where('unit_id', '=', unitId).executeTakeFirst();
  const answers: Partial<Record<AppointmentType, AnswerOption>> = {};
  for (const r of rows) answers[r.appointment_type] = { confirm: r.confirm, change: r.change, channel: r.channel, notNeeded: r.not_needed };
  return { answers, checkIn: !!unit?.check_in };
}

/** The appointment services on offer through a contact; an ended contact only keeps viewing. */
export async function contactRights(db: DbOrTx, contact: { unit_id: string; gp_staff_id: string | null; active: boolean }): Promise<ContactRights> {
  const on = await servicesOnOffer(db, contact.unit_id, contact.gp_staff_id);
  const has = (s: string) => on.some((x) => x.service === s);
  const citizenMayStart = (s: string) => on.some((x) => x.service === s && x.initiator !== 'unit');
  const settings = await appointmentServiceSettings(db, contact.unit_id);
  // Timevisning decides whether the citizen sees appointments. A unit that has never set it shows
  // them when it offers any appointment service; once an administrator switches it off, they are
  // hidden (and so cannot be cancelled online) whatever else is on.
  const display = await db
    .selectFrom('unit_services')
    .select('enabled')
    .where('unit_id', '=', contact.unit_id)
    .where('service', '=', 'timevisning')
    .executeTakeFirst();
  const view = display ? has('timevisning') : has('timebestilling') || has('timeonske') || has('avbestilling');
  const active = contact.active;
  const options = active ? await unitAnswerOptions(db, contact.unit_id) : { answers: {}, checkIn: false };
  return {
    answers: options.answers,
    checkIn: options.checkIn,
    booking: active && has('timebestilling'),
    request: active && has('timeonske'),
    view,
    cancel: active && view && has('avbestilling'),
    cutoffHours: settings.cutoffHours,
    dropInUrl: active ? settings.dropInUrl : null,
    dialogKind: !active ? null : citizenMayStart('standarddialog') ? 'standarddialog' : citizenMayStart('ekontakt') ? 'ekontakt' : null,
  };
}

/** A contact row with its status. */
export async function contactById(db: DbOrTx, contactId: string) {
  const c = await db
    .selectFrom('health_contacts as hc')
    .innerJoin('units as u', 'u.id', 'hc.unit_id')
    .select(['hc.id', 'hc.citizen_id', 'hc.unit_id', 'hc.gp_staff_id', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'u.name as unit_name'])
    .where('hc.id', '=', contactId)
    .executeTakeFirst();
  if (!c) return undefined;
  return { ...c, active: contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'active' };
}

/**
 * The citizen's contact with a unit, preferring an active one. A unit that is not the citizen's
 * health contact answers 404 (it reveals nothing); an ended one 409.
 */
export async function contactWithUnit(db: DbOrTx, citizenId: string, unitId: string, what = 'The time slot') {
  const rows = await db
    .selectFrom('health_contacts as hc')
    .innerJoin('units as u', 'u.id', 'hc.unit_id')
    .select(['hc.id', 'hc.unit_id', 'hc.gp_staff_id', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'u.name as unit_name'])
    .where('hc.citizen_id', '=', citizenId)
    .where('hc.unit_id', '=', unitId)
    .orderBy('hc.started_at', 'desc')
    .execute();
  if (rows.length === 0) throw notFound(what);
  const withStatus = rows.map((c) => ({ ...c, active: contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'active' }));
  const active = withStatus.find((c) => c.active);
  if (!active)
    throw new AppError('CONTACT_INACTIVE', `Your health contact with ${rows[0]!.unit_name} has ended, so you cannot book or change appointments there.`);
  return active;
}

/** A join link for a video appointment when staff give none (the unit's video service issues the room). */
export function newVideoRoom(): string {
  return `https://video.example.test/rom/${randomUUID()}`;
}

/**
 * A citizen takes a claimed slot (a booking of their own, or an offer accepted): the appointment
 * row as the slot and its timebook make it — title, place, video room — with who and why.
 */
export async function insertSlotAppointment(
  tx: DbOrTx,
  slot: { id: string; unit_id: string; timebook_id: string; type: AppointmentType; starts_at: Date; ends_at: Date },
  who: {
    citizenId: string;
    contactId: string;
    requestId: string | null;
    reason: string | null;
    note: string | null;
    source: 'citizen_booking' | 'request' | 'waitlist';
    bookedByPersonId: string;
  },
): Promise<string> {
  const tb = await timebookWithStaff(tx, slot.timebook_id);
  if (!tb) throw new Error(`The timebook ${slot.timebook_id} of slot ${slot.id} does not exist`);
  return insertAppointment(tx, {
    citizen_id: who.citizenId,
    unit_id: slot.unit_id,
    contact_id: who.contactId,
    timebook_id: slot.timebook_id,
    slot_id: slot.id,
    staff_id: tb.staff_id,
    request_id: who.requestId,
    title: defaultTitle(tb, tb.given_name ? `${tb.given_name} ${tb.family_name}` : null, slot.type),
    type: slot.type,
    starts_at: slot.starts_at,
    ends_at: slot.ends_at,
    location: tb.location,
    directions: tb.directions,
    video_url: slot.type === 'video' ? newVideoRoom() : null,
    reason: who.reason,
    note: who.note,
    source: who.source,
    booked_by_person_id: who.bookedByPersonId,
    created_by_staff_id: null,
  });
}
