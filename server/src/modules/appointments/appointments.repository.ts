/** All SQL of the appointments module (Kysely). Takes a database or a transaction. */
import { sql, type Insertable, type Updateable } from 'kysely';
import { timeConflict } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import './appointments.tables.ts';
import type {
  AppointmentRequestsTable,
  AppointmentsTable,
  AppointmentType,
  SlotOffersTable,
  SlotPatternsTable,
  TimebooksTable,
} from './appointments.tables.ts';
import { visibleTo } from '../../access/policy.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** An appointment with its unit, timebook, clinician and citizen, as the API maps it. */
export async function appointmentRows(
  db: DbOrTx,
  f: {
    id?: string;
    ids?: string[];
    citizenId?: string;
    unitId?: string;
    contactId?: string;
    timebookId?: string;
    from?: Date;
    to?: Date;
    type?: AppointmentType;
    lock?: boolean;
    limit?: number;
    /** Only what this citizen actor may see (the access policy, in SQL). */
    visibleTo?: CitizenActor;
  },
) {
  let q = db
    .selectFrom('appointments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('persons as p', 'p.id', 'a.citizen_id')
    .leftJoin('timebooks as tb', 'tb.id', 'a.timebook_id')
    .leftJoin('staff as s', 's.id', 'a.staff_id')
    .selectAll('a')
    .select([
      'u.name as unit_name',
      'u.kind as unit_kind',
      'tb.kind as timebook_kind',
      's.given_name as s_given',
      's.family_name as s_family',
      'p.given_name as p_given',
      'p.family_name as p_family',
      'p.birth_date as p_birth',
    ]);
  if (f.id) q = q.where('a.id', '=', f.id);
  if (f.ids) q = f.ids.length ? q.where('a.id', 'in', f.ids) : q.where(sql<boolean>`false`);
  if (f.citizenId) q = q.where('a.citizen_id', '=', f.citizenId);
  const actor = f.visibleTo;
  if (actor) q = q.where(visibleTo(actor, 'appointment', { id: 'a.id', citizenId: 'a.citizen_id' }));
  if (f.unitId) q = q.where('a.unit_id', '=', f.unitId);
  if (f.contactId) q = q.where('a.contact_id', '=', f.contactId);
  if (f.timebookId) q = q.where('a.timebook_id', '=', f.timebookId);
  if (f.from) q = q.where('a.ends_at', '>', f.from);
  if (f.to) q = q.where('a.starts_at', '<', f.to);
  if (f.type) q = q.where('a.type', '=', f.type);
  if (f.lock) q = q.forUpdate('a');
  return q
    .orderBy('a.starts_at')
    .limit(f.limit ?? 500)
    .execute();
}
export type AppointmentRow = Awaited<ReturnType<typeof appointmentRows>>[number];

/** One appointment (optionally locked FOR UPDATE), or undefined. */
export async function findAppointment(db: DbOrTx, id: string, lock = false): Promise<AppointmentRow | undefined> {
  return (await appointmentRows(db, { id, lock }))[0];
}

/** Settings of the appointment services of a unit (cut-off and drop-in video link live in jsonb). */
export async function appointmentServiceSettings(db: DbOrTx, unitId: string): Promise<{ cutoffHours: number; dropInUrl: string | null }> {
  const rows = await db
    .selectFrom('unit_services')
    .select(['service', 'settings', 'enabled'])
    .where('unit_id', '=', unitId)
    .where('service', 'in', ['avbestilling', 'video'])
    .execute();
  const cancel = rows.find((r) => r.service === 'avbestilling')?.settings ?? {};
  const video = rows.find((r) => r.service === 'video');
  const cutoff = typeof cancel.cutoffHours === 'number' ? cancel.cutoffHours : 24;
  const dropIn = video?.enabled && typeof video.settings.dropInUrl === 'string' ? video.settings.dropInUrl : null;
  return { cutoffHours: cutoff, dropInUrl: dropIn };
}

/** Switches one service of a unit and merges keys into its settings, leaving its other fields alone. */
export async function upsertUnitService(
  db: DbOrTx,
  unitId: string,
  service: string,
  enabled: boolean,
  settings: Record<string, unknown>,
  staffId: string,
): Promise<void> {
  const json = JSON.stringify(settings);
  await db
    .insertInto('unit_services')
    .values({
      unit_id: unitId,
      service,
      enabled,
      initiator: 'citizen',
      answer_days: null,
      intro_text: null,
      settings: json,
      updated_at: clockNow(),
      updated_by: staffId,
    })
    .onConflict((oc) =>
      oc
        .columns(['unit_id', 'service'])
        .doUpdateSet({ enabled, settings: sql<string>`unit_services.settings || ${json}::jsonb`, updated_at: clockNow(), updated_by: staffId }),
    )
    .execute();
}

// ---- Timebooks and slots ----

/** Timebooks of a unit, with the clinician's name. */
export async function timebooksOfUnit(db: DbOrTx, unitId: string) {
  return db.selectFrom('timebooks').selectAll().where('unit_id', '=', unitId).where('active', '=', true).orderBy('kind').orderBy('name').execute();
}

/** One timebook. */
export async function findTimebook(db: DbOrTx, id: string) {
  return db.selectFrom('timebooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A timebook with the name of its clinician (`given_name`, `family_name`; null for a resource), or undefined. */
export async function timebookWithStaff(db: DbOrTx, id: string) {
  return db
    .selectFrom('timebooks as tb')
    .leftJoin('staff as s', 's.id', 'tb.staff_id')
    .select([
      'tb.id',
      'tb.unit_id',
      'tb.kind',
      'tb.name',
      'tb.staff_id',
      'tb.location',
      'tb.directions',
      'tb.default_type',
      'tb.active',
      's.given_name',
      's.family_name',
    ])
    .where('tb.id', '=', id)
    .executeTakeFirst();
}

/** Stores a timebook and returns it. */
export async function insertTimebook(db: DbOrTx, v: Insertable<TimebooksTable>) {
  return db.insertInto('timebooks').values(v).returningAll().executeTakeFirstOrThrow();
}

/** Stores a recurring slot pattern and returns its id (its slots are inserted by `insertSlots`). */
export async function insertSlotPattern(db: DbOrTx, v: Insertable<SlotPatternsTable>): Promise<string> {
  return (await db.insertInto('slot_patterns').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** A slot with its timebook. */
export async function slotRows(
  db: DbOrTx,
  f: {
    id?: string;
    ids?: string[];
    unitId?: string;
    timebookId?: string;
    from?: Date;
    to?: Date;
    status?: ('open' | 'offered' | 'booked' | 'withdrawn')[];
    lock?: boolean;
    limit?: number;
  },
) {
  let q = db
    .selectFrom('slots as sl')
    .innerJoin('timebooks as tb', 'tb.id', 'sl.timebook_id')
    .selectAll('sl')
    .select(['tb.name as timebook_name', 'tb.kind as timebook_kind', 'tb.staff_id as timebook_staff_id']);
  if (f.id) q = q.where('sl.id', '=', f.id);
  if (f.ids) q = q.where('sl.id', 'in', f.ids);
  if (f.unitId) q = q.where('sl.unit_id', '=', f.unitId);
  if (f.timebookId) q = q.where('sl.timebook_id', '=', f.timebookId);
  if (f.from) q = q.where('sl.starts_at', '>=', f.from);
  if (f.to) q = q.where('sl.starts_at', '<', f.to);
  if (f.status) q = q.where('sl.status', 'in', f.status);
  if (f.lock) q = q.forUpdate('sl');
  return q
    .orderBy('sl.starts_at')
    .limit(f.limit ?? 1000)
    .execute();
}
export type SlotRow = Awaited<ReturnType<typeof slotRows>>[number];

/**
 * Takes a slot if it is still in the expected state and in the future: the conditional UPDATE
 * that, with the unique index on appointments(slot_id), makes double booking impossible.
 */
export async function claimSlot(db: DbOrTx, slotId: string, from: 'open' | 'offered', to: 'booked' | 'offered'): Promise<boolean> {
  const res = await db
    .updateTable('slots')
    .set({ status: to, updated_at: clockNow() })
    .where('id', '=', slotId)
    .where('status', '=', from)
    .where('starts_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Withdraws a slot that only held an appointment at a free time (`holds_appointment`), when it is
 * booked or offered. Returns whether it was such a slot (a published slot is left alone).
 */
export async function withdrawHeldSlot(db: DbOrTx, slotId: string): Promise<boolean> {
  const res = await db
    .updateTable('slots')
    .set({ status: 'withdrawn', updated_at: clockNow() })
    .where('id', '=', slotId)
    .where('holds_appointment', '=', true)
    .where('status', 'in', ['booked', 'offered'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Sets a slot's status (from any of the given states). */
export async function setSlotStatus(db: DbOrTx, slotId: string, from: string[], to: 'open' | 'offered' | 'booked' | 'withdrawn'): Promise<boolean> {
  const res = await db
    .updateTable('slots')
    .set({ status: to, updated_at: clockNow() })
    .where('id', '=', slotId)
    .where('status', 'in', from as ('open' | 'offered' | 'booked' | 'withdrawn')[])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Serialises writers of the time of some timebooks (and their clinicians) for the rest of the
 * transaction. The exclusion constraints alone make overlaps impossible, but two transactions
 * inserting overlapping times each wait for the other's row and one dies of "deadlock detected";
 * taken first, in one global order (sorted keys, one statement), these locks make the loser wait
 * and then get a clean 23P01 → TIME_CONFLICT. Every writer of a new time calls this.
 */
export async function lockBookingScope(tx: DbOrTx, scope: { timebookIds?: Iterable<string>; staffIds?: Iterable<string | null> }): Promise<void> {
  const timebookIds = [...new Set(scope.timebookIds ?? [])];
  const staff = new Set<string>();
  for (const s of scope.staffIds ?? []) if (s) staff.add(s);
  if (timebookIds.length) {
    for (const t of await tx.selectFrom('timebooks').select('staff_id').where('id', 'in', timebookIds).execute()) if (t.staff_id) staff.add(t.staff_id);
  }
  const keys = [...timebookIds.map((id) => `timebook:${id}`), ...[...staff].map((id) => `clinician:${id}`)];
  if (!keys.length) return;
  await sql`SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c, 7) AS k FROM unnest(${keys}::text[]) AS c ORDER BY k) AS ordered`.execute(
    tx,
  );
}

/** Inserts slots; a time already in the timebook is skipped (or re-opened if it was withdrawn). Returns how many were added. */
export async function insertSlots(
  db: DbOrTx,
  rows: { timebook_id: string; unit_id: string; pattern_id: string | null; starts_at: Date; ends_at: Date; type: AppointmentType }[],
): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => insertSlots(tx, rows));
  await lockBookingScope(db, { timebookIds: rows.map((r) => r.timebook_id) });
  let n = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const res = await db
      .insertInto('slots')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['timebook_id', 'starts_at']).doUpdateSet({ status: 'open', updated_at: clockNow() }).where('slots.status', '=', 'withdrawn'),
      )
      .returning('id')
      .execute();
    n += res.length;
  }
  return n;
}

/**
 * Holds a timebook's time for an appointment at a free time (not on a published slot), so the
 * appointment occupies the timebook like any booked slot and the no-overlap constraints on slots
 * see it: an open slot of exactly that time is taken; otherwise a slot is made
 * (`holds_appointment`). A time that overlaps another live slot or appointment is refused by the
 * database (23P01 → TIME_CONFLICT). Every path that puts an appointment in a timebook at a chosen
 * time calls this. Returns the slot id.
 */
export async function holdTime(db: DbOrTx, t: { timebookId: string; unitId: string; startsAt: Date; endsAt: Date; type: AppointmentType }): Promise<string> {
  await lockBookingScope(db, { timebookIds: [t.timebookId] });
  const published = await db
    .updateTable('slots')
    .set({ status: 'booked', updated_at: clockNow() })
    .where('timebook_id', '=', t.timebookId)
    .where('starts_at', '=', t.startsAt)
    .where('ends_at', '=', t.endsAt)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (published) return published.id;
  const made = await db
    .insertInto('slots')
    .values({
      timebook_id: t.timebookId,
      unit_id: t.unitId,
      pattern_id: null,
      starts_at: t.startsAt,
      ends_at: t.endsAt,
      type: t.type,
      status: 'booked',
      holds_appointment: true,
    })
    .onConflict((oc) =>
      oc
        .columns(['timebook_id', 'starts_at'])
        .doUpdateSet((eb) => ({
          status: 'booked',
          ends_at: eb.ref('excluded.ends_at'),
          type: eb.ref('excluded.type'),
          pattern_id: null,
          holds_appointment: true,
          updated_at: clockNow(),
        }))
        .where('slots.status', '=', 'withdrawn'),
    )
    .returning('id')
    .executeTakeFirst();
  if (made) return made.id;
  // A live slot starts at the same time (booked, offered, or open with another length).
  const other = await db
    .selectFrom('slots')
    .select(['starts_at', 'ends_at'])
    .where('timebook_id', '=', t.timebookId)
    .where('starts_at', '=', t.startsAt)
    .executeTakeFirstOrThrow();
  throw timeConflict('timebook', { start: other.starts_at, end: other.ends_at });
}

// ---- Requests, waitlist, offers ----

// ---- Appointments ----

/** Stores an appointment and returns its id (the unique index on slot_id refuses a second one on a slot: 23505). */
export async function insertAppointment(db: DbOrTx, v: Insertable<AppointmentsTable>): Promise<string> {
  return (await db.insertInto('appointments').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Changes an appointment (the caller holds its row lock). */
export async function updateAppointment(db: DbOrTx, id: string, set: Updateable<AppointmentsTable>): Promise<void> {
  await db.updateTable('appointments').set(set).where('id', '=', id).execute();
}

/** Links the conversation started about an appointment on it; returns whether the appointment was there to link. */
export async function linkAppointmentThread(db: DbOrTx, appointmentId: string, threadId: string): Promise<boolean> {
  const res = await db.updateTable('appointments').set({ thread_id: threadId }).where('id', '=', appointmentId).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Withdraws the waitlist entries (waiting or offered) that wait for an earlier time for an appointment. */
export async function withdrawWaitlistOfAppointment(db: DbOrTx, appointmentId: string): Promise<void> {
  await db
    .updateTable('waitlist_entries')
    .set({ status: 'withdrawn', updated_at: clockNow() })
    .where('appointment_id', '=', appointmentId)
    .where('status', 'in', ['waiting', 'offered'])
    .execute();
}

/** Whether each service of a unit is switched on (rows of unit_services: service, enabled). */
export async function unitServiceSwitches(db: DbOrTx, unitId: string) {
  return db.selectFrom('unit_services').select(['service', 'enabled']).where('unit_id', '=', unitId).execute();
}

/** One service of a unit (whether it is on, and its settings), or undefined when the unit never set it. */
export async function unitService(db: DbOrTx, unitId: string, service: string) {
  return db.selectFrom('unit_services').select(['enabled', 'settings']).where('unit_id', '=', unitId).where('service', '=', service).executeTakeFirst();
}

/** Appointment requests with unit and citizen. */
export async function requestRows(db: DbOrTx, f: { id?: string; citizenId?: string; unitId?: string; status?: string[]; lock?: boolean }) {
  let q = db
    .selectFrom('appointment_requests as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .innerJoin('health_contacts as hc', 'hc.id', 'r.contact_id')
    .selectAll('r')
    .select(['u.name as unit_name', 'p.given_name as p_given', 'p.family_name as p_family', 'p.birth_date as p_birth', 'hc.gp_staff_id'])
    .select((eb) =>
      eb
        .selectFrom('appointments as a')
        .select('a.id')
        .whereRef('a.request_id', '=', 'r.id')
        .where('a.status', '<>', 'cancelled')
        .limit(1)
        .as('appointment_id'),
    );
  if (f.id) q = q.where('r.id', '=', f.id);
  if (f.citizenId) q = q.where('r.citizen_id', '=', f.citizenId);
  if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
  if (f.status) q = q.where('r.status', 'in', f.status as ('open' | 'offered' | 'assigned' | 'declined' | 'withdrawn')[]);
  if (f.lock) q = q.forUpdate('r');
  return q.orderBy('r.created_at', 'desc').limit(200).execute();
}
export type RequestRow = Awaited<ReturnType<typeof requestRows>>[number];

/** Open offers of a citizen with their slots. */
export async function openOffersOfCitizen(db: DbOrTx, citizenId: string) {
  return db
    .selectFrom('slot_offers as o')
    .innerJoin('slots as sl', 'sl.id', 'o.slot_id')
    .innerJoin('timebooks as tb', 'tb.id', 'sl.timebook_id')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .select([
      'o.id',
      'o.source',
      'o.expires_at',
      'o.unit_id',
      'u.name as unit_name',
      'sl.id as slot_id',
      'sl.starts_at',
      'sl.ends_at',
      'sl.type',
      'sl.status as slot_status',
      'tb.id as timebook_id',
      'tb.name as timebook_name',
      'tb.kind as timebook_kind',
    ])
    .where('o.citizen_id', '=', citizenId)
    .where('o.status', '=', 'open')
    .where('o.expires_at', '>', clockNow())
    .orderBy('sl.starts_at')
    .execute();
}

/** The citizen's waitlist entries that are still in play. */
export async function waitlistOfCitizen(db: DbOrTx, citizenId: string) {
  return db
    .selectFrom('waitlist_entries as w')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.unit_id', 'u.name as unit_name', 'w.appointment_id', 'w.status', 'w.created_at'])
    .where('w.citizen_id', '=', citizenId)
    .where('w.status', 'in', ['waiting', 'offered'])
    .orderBy('w.created_at')
    .execute();
}

/**
 * The first waiting citizen who may be offered a slot: same unit (and timebook, if the entry
 * names one), an active contact, not already offered this slot, and — when they wait for an
 * earlier time — an appointment later than the slot.
 */
export async function nextOnWaitlist(db: DbOrTx, slot: { id: string; unit_id: string; timebook_id: string; starts_at: Date }) {
  return db
    .selectFrom('waitlist_entries as w')
    .innerJoin('health_contacts as hc', 'hc.id', 'w.contact_id')
    .leftJoin('appointments as a', 'a.id', 'w.appointment_id')
    .select(['w.id', 'w.citizen_id', 'w.contact_id', 'w.appointment_id'])
    .where('w.unit_id', '=', slot.unit_id)
    .where('w.status', '=', 'waiting')
    .where((eb) => eb.or([eb('w.timebook_id', 'is', null), eb('w.timebook_id', '=', slot.timebook_id)]))
    .where('hc.ended_at', 'is', null)
    .where((eb) => eb.or([eb('hc.ends_at', 'is', null), eb('hc.ends_at', '>', clockNow())]))
    .where((eb) => eb.or([eb('w.appointment_id', 'is', null), eb.and([eb('a.status', '=', 'booked'), eb('a.starts_at', '>', slot.starts_at)])]))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('slot_offers as o').select('o.id').where('o.slot_id', '=', slot.id).whereRef('o.citizen_id', '=', 'w.citizen_id'))),
    )
    .orderBy('w.created_at')
    .orderBy('w.id')
    .limit(1)
    .forUpdate('w')
    .skipLocked()
    .executeTakeFirst();
}

/** Changes an appointment request (its status, and the unit's answer). */
export async function updateRequest(db: DbOrTx, id: string, set: Updateable<AppointmentRequestsTable>): Promise<void> {
  await db.updateTable('appointment_requests').set(set).where('id', '=', id).execute();
}

/** Puts a request the unit answered with offers back to open (when its last open offer ended). */
export async function reopenOfferedRequest(db: DbOrTx, id: string): Promise<void> {
  await db.updateTable('appointment_requests').set({ status: 'open' }).where('id', '=', id).where('status', '=', 'offered').execute();
}

/** The citizen's text of a request, or undefined. */
export async function requestText(db: DbOrTx, id: string) {
  return db.selectFrom('appointment_requests').select(['text']).where('id', '=', id).executeTakeFirst();
}

/** Stores a citizen's appointment request (preferred times as JSON) and returns its id. */
export async function insertRequest(
  db: DbOrTx,
  v: { citizen_id: string; unit_id: string; contact_id: string; requested_by: string; text: string; preferred_times: unknown[] },
): Promise<string> {
  const row = await db
    .insertInto('appointment_requests')
    .values({ ...v, preferred_times: JSON.stringify(v.preferred_times) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Whether the citizen is already on the unit's waitlist (waiting or offered) for the same thing:
 * to move this appointment earlier, or (null) for a new time.
 */
export async function onWaitlistAlready(db: DbOrTx, citizenId: string, unitId: string, appointmentId: string | null): Promise<boolean> {
  const dup = await db
    .selectFrom('waitlist_entries')
    .select('id')
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('status', 'in', ['waiting', 'offered'])
    .$call((q) => (appointmentId ? q.where('appointment_id', '=', appointmentId) : q.where('appointment_id', 'is', null)))
    .executeTakeFirst();
  return !!dup;
}

/** Puts a citizen on a unit's waitlist (waiting); returns the entry's id, status and time. */
export async function insertWaitlistEntry(
  db: DbOrTx,
  v: { citizen_id: string; unit_id: string; contact_id: string; timebook_id: string | null; appointment_id: string | null },
) {
  return db.insertInto('waitlist_entries').values(v).returning(['id', 'status', 'created_at']).executeTakeFirstOrThrow();
}

/** One waitlist entry, locked FOR UPDATE, or undefined. */
export async function lockWaitlistEntry(db: DbOrTx, id: string) {
  return db.selectFrom('waitlist_entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** One waitlist entry, or undefined. */
export async function findWaitlistEntry(db: DbOrTx, id: string) {
  return db.selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Sets a waitlist entry's status; with `onlyFrom`, only when it has that status now (an offer
 * that ends puts an entry back to waiting only if it is still offered).
 */
export async function setWaitlistStatus(
  db: DbOrTx,
  id: string,
  status: 'waiting' | 'offered' | 'fulfilled' | 'withdrawn',
  onlyFrom?: 'waiting' | 'offered',
): Promise<void> {
  let q = db.updateTable('waitlist_entries').set({ status, updated_at: clockNow() }).where('id', '=', id);
  if (onlyFrom) q = q.where('status', '=', onlyFrom);
  await q.execute();
}

/** Stores an open offer of a slot and returns its id. */
export async function insertOffer(db: DbOrTx, v: Insertable<SlotOffersTable>): Promise<string> {
  return (await db.insertInto('slot_offers').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Ends or accepts an offer: its status and the time it was answered (now). */
export async function setOfferStatus(db: DbOrTx, id: string, status: 'accepted' | 'declined' | 'expired' | 'withdrawn'): Promise<void> {
  await db.updateTable('slot_offers').set({ status, answered_at: clockNow() }).where('id', '=', id).execute();
}

/** The open offers made for a request (all columns), except `exceptId` when given. */
export async function openOffersOfRequest(db: DbOrTx, requestId: string, exceptId?: string) {
  let q = db.selectFrom('slot_offers').selectAll().where('request_id', '=', requestId).where('status', '=', 'open');
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.execute();
}

/** Whether a request still has an open offer. */
export async function requestHasOpenOffer(db: DbOrTx, requestId: string): Promise<boolean> {
  return !!(await db.selectFrom('slot_offers').select('id').where('request_id', '=', requestId).where('status', '=', 'open').executeTakeFirst());
}

/** The open offers of a slot (all columns). */
export async function openOffersOfSlot(db: DbOrTx, slotId: string) {
  return db.selectFrom('slot_offers').selectAll().where('slot_id', '=', slotId).where('status', '=', 'open').execute();
}

/** An offer, locked. */
export async function lockOffer(db: DbOrTx, id: string) {
  return db.selectFrom('slot_offers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** True when the error is a unique-constraint violation (PostgreSQL and PGlite both say 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

// ---- The staff calendar, answers and waitlist (calendar.service.ts) ----

/** The unit's active timebooks named in `ids` (all active ones when none are named), by kind and name. */
export async function activeTimebooks(db: DbOrTx, unitId: string, ids: string[] | undefined) {
  let q = db.selectFrom('timebooks').select(['id', 'name', 'kind', 'staff_id']).where('unit_id', '=', unitId).where('active', '=', true);
  if (ids?.length) q = q.where('id', 'in', ids);
  return q.orderBy('kind').orderBy('name').execute();
}

/**
 * The live slots (open, offered, booked, blocked) of some timebooks that reach into a period, by
 * start (at most 5000): the (timebook_id, starts_at) index, from `earliest` (the longest a slot
 * can reach back). `withoutHeld` leaves out the slots that only hold an appointment at a free time.
 */
export async function liveSlotsIn(db: DbOrTx, timebookIds: string[], from: Date, to: Date, earliest: Date, withoutHeld: boolean) {
  return db
    .selectFrom('slots')
    .select(['id', 'timebook_id', 'starts_at', 'ends_at', 'type', 'status', 'block_reason'])
    .where('timebook_id', 'in', timebookIds)
    .where('starts_at', '<', to)
    .where('starts_at', '>', earliest)
    .where('ends_at', '>', from)
    .where('status', 'in', ['open', 'offered', 'booked', 'blocked'])
    .$if(withoutHeld, (q) => q.where('holds_appointment', '=', false))
    .orderBy('starts_at')
    .limit(5000)
    .execute();
}

/** Booked appointments of some timebooks in a period that hold no slot (older ones, made before holdTime). */
export async function appointmentsWithoutSlot(db: DbOrTx, timebookIds: string[], from: Date, to: Date) {
  return db
    .selectFrom('appointments')
    .select(['timebook_id', 'starts_at', 'ends_at'])
    .where('timebook_id', 'in', timebookIds)
    .where('slot_id', 'is', null)
    .where('status', '=', 'booked')
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .execute();
}

/** Withdraws the open slots of a timebook that overlap a time (nobody has them). */
export async function withdrawOpenSlotsIn(db: DbOrTx, timebookId: string, startsAt: Date, endsAt: Date): Promise<void> {
  await db
    .updateTable('slots')
    .set({ status: 'withdrawn', updated_at: clockNow() })
    .where('timebook_id', '=', timebookId)
    .where('status', '=', 'open')
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .execute();
}

/**
 * Stores an absence block in a timebook (re-using a withdrawn slot with the same start). Returns
 * the block, or undefined when a live slot starts at the same time; an overlap is refused by the
 * database (23P01).
 */
export async function insertBlock(
  db: DbOrTx,
  b: { timebook_id: string; unit_id: string; starts_at: Date; ends_at: Date; type: AppointmentType; block_reason: string; created_by: string },
) {
  return db
    .insertInto('slots')
    .values({ ...b, pattern_id: null, status: 'blocked' })
    .onConflict((oc) =>
      oc
        .columns(['timebook_id', 'starts_at'])
        .doUpdateSet((eb) => ({
          status: 'blocked',
          ends_at: eb.ref('excluded.ends_at'),
          block_reason: b.block_reason,
          pattern_id: null,
          updated_at: clockNow(),
        }))
        .where('slots.status', '=', 'withdrawn'),
    )
    .returning(['id', 'starts_at', 'ends_at', 'type', 'status', 'block_reason'])
    .executeTakeFirst();
}

/** A slot's unit and status, locked FOR UPDATE, or undefined. */
export async function lockSlot(db: DbOrTx, id: string) {
  return db.selectFrom('slots').select(['id', 'unit_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Withdraws a slot whatever its status (the caller holds its row lock and has checked it). */
export async function withdrawSlot(db: DbOrTx, id: string): Promise<void> {
  await db.updateTable('slots').set({ status: 'withdrawn', updated_at: clockNow() }).where('id', '=', id).execute();
}

/** Booked appointments of a unit whose patient's answer asks staff for something and is not handled yet. */
function openAnswersOf(db: DbOrTx, unitId: string) {
  return db
    .selectFrom('appointments')
    .where('unit_id', '=', unitId)
    .where('status', '=', 'booked')
    .where('answer', 'is not', null)
    .where('answer', '<>', 'confirm')
    .where('answer_handled_at', 'is', null);
}

/** How many answers wait for the unit's staff. */
export async function countOpenAnswers(db: DbOrTx, unitId: string): Promise<number> {
  return Number(
    (
      await openAnswersOf(db, unitId)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** A page of the open answers, oldest first by (answered_at, id) after the cursor; `limit + 1` rows, so the caller knows if there is more. */
export async function openAnswersPage(db: DbOrTx, unitId: string, after: { at: Date; id: string } | undefined, limit: number) {
  let page = openAnswersOf(db, unitId).select(['id', 'answered_at']);
  if (after) page = page.where(sql<boolean>`(answered_at, id) > (${after.at}, ${after.id})`);
  return page
    .orderBy('answered_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

/**
 * A page of a unit's waitlist with the patient, timebook and appointment to move, newest first by
 * (created_at, id) before the cursor; only waiting or offered entries for `active`. `limit + 1` rows.
 */
export async function waitlistPage(db: DbOrTx, unitId: string, status: 'active' | 'all', before: { at: Date; id: string } | undefined, limit: number) {
  let q = db
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
  if (status === 'active') q = q.where('w.status', 'in', ['waiting', 'offered']);
  if (before) q = q.where(sql<boolean>`(w.created_at, w.id) < (${before.at}, ${before.id})`);
  return q
    .orderBy('w.created_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** The offers made to some waitlist entries, with their slots' start, in the order they were made (one query per page). */
export async function offersOfWaitlistEntries(db: DbOrTx, entryIds: string[]) {
  if (entryIds.length === 0) return [];
  return db
    .selectFrom('slot_offers as o')
    .innerJoin('slots as sl', 'sl.id', 'o.slot_id')
    .select(['o.id', 'o.waitlist_id', 'o.status', 'o.created_at', 'o.expires_at', 'o.answered_at', 'sl.starts_at'])
    .where('o.waitlist_id', 'in', entryIds)
    .orderBy('o.created_at')
    .execute();
}

/** Sets which answers a unit takes for one appointment type. */
export async function upsertAnswerOptions(
  db: DbOrTx,
  unitId: string,
  type: AppointmentType,
  row: { confirm: boolean; change: boolean; channel: boolean; not_needed: boolean; updated_at: Date; updated_by: string },
): Promise<void> {
  await db
    .insertInto('appointment_answer_options')
    .values({ unit_id: unitId, appointment_type: type, ...row })
    .onConflict((oc) => oc.columns(['unit_id', 'appointment_type']).doUpdateSet(row))
    .execute();
}

/** Sets whether a unit takes check-in. */
export async function upsertUnitOptions(db: DbOrTx, unitId: string, unit: { check_in: boolean; updated_at: Date; updated_by: string }): Promise<void> {
  await db
    .insertInto('appointment_unit_options')
    .values({ unit_id: unitId, ...unit })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(unit))
    .execute();
}
