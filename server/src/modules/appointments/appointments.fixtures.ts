/** Test fixtures for the appointment suites: a unit with its services, people, a timebook and slots. */
import type { Db } from '../../platform/db.ts';
import type { UnitKind } from '../../platform/db-types.ts';
import { createCitizen, createContact, createStaff, createUnit } from '../../test/factories.ts';
import { login, TestClient } from '../../test/http-client.ts';
import './appointments.tables.ts';
import type { AppointmentType } from './appointments.tables.ts';
import { now as clockNow, nowMs, shiftClock } from '../../platform/clock.ts';
import { osloParts } from '../../platform/time.ts';
import { checkInWindow } from './appointments.dto.ts';

export type ServiceSpec = Record<string, boolean | Record<string, unknown>>;
const DEFAULT_SERVICES: ServiceSpec = { timebestilling: true, timeonske: true, timevisning: true, avbestilling: { cutoffHours: 24 }, ekontakt: true };

/** Switches services of a unit: true, false, or the settings of an enabled service. */
export async function setServices(db: Db, unitId: string, spec: ServiceSpec): Promise<void> {
  for (const [service, v] of Object.entries(spec)) {
    const enabled = v !== false;
    const settings = JSON.stringify(typeof v === 'object' ? v : {});
    await db
      .insertInto('unit_services')
      .values({
        unit_id: unitId,
        service,
        enabled,
        initiator: service === 'ekontakt' ? 'both' : 'citizen',
        answer_days: service === 'ekontakt' ? 3 : null,
        intro_text: null,
        settings,
        updated_at: clockNow(),
        updated_by: null,
      })
      .onConflict((oc) => oc.columns(['unit_id', 'service']).doUpdateSet({ enabled, settings }))
      .execute();
  }
}

/** A unit with appointment services, an admin doctor with a timebook, and a logged-in citizen with a contact. */
export async function makeUnit(db: Db, url: string, opts: { kind?: UnitKind; services?: ServiceSpec } = {}) {
  const unit = await createUnit(db, { kind: opts.kind ?? 'gp_office' });
  await setServices(db, unit.id, opts.services ?? DEFAULT_SERVICES);
  const doctor = await createStaff(db, unit.id, { role: 'doctor', isAdmin: true });
  const timebook = await db
    .insertInto('timebooks')
    .values({
      unit_id: unit.id,
      kind: 'clinician',
      staff_id: doctor.id,
      name: doctor.name,
      location: 'Storgata 1, 2. etasje',
      directions: 'Heis fra bakgården.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staffClient = new TestClient(url);
  await login(staffClient, 'staff', doctor.accountId);
  return { unit, doctor, timebookId: timebook.id, staffClient };
}

/** A citizen with a contact to a unit, logged in. */
export async function makeCitizen(
  db: Db,
  url: string,
  unitId: string,
  opts: { gpStaffId?: string; source?: 'gp_list' | 'municipal_service' | 'care_right'; endedAt?: Date } = {},
) {
  const citizen = await createCitizen(db, { age: 40 });
  const contact = await createContact(db, citizen.id, unitId, {
    source: opts.source ?? 'gp_list',
    ...(opts.gpStaffId ? { gpStaffId: opts.gpStaffId } : {}),
    ...(opts.endedAt ? { endedAt: opts.endedAt } : {}),
  });
  const client = new TestClient(url);
  await login(client, 'citizen', citizen.accountId);
  return { citizen, contactId: contact.id, client };
}

/** Inserts a slot directly (hours from now). */
export async function makeSlot(db: Db, unitId: string, timebookId: string, hoursAhead: number, opts: { minutes?: number; type?: AppointmentType } = {}) {
  const startsAt = new Date(Math.floor((nowMs() + hoursAhead * 3_600_000) / 60_000) * 60_000);
  return db
    .insertInto('slots')
    .values({
      timebook_id: timebookId,
      unit_id: unitId,
      pattern_id: null,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + (opts.minutes ?? 20) * 60_000),
      type: opts.type ?? 'in_person',
    })
    .returning(['id', 'starts_at'])
    .executeTakeFirstOrThrow();
}

/** The last Sunday of a month (1-12) as YYYY-MM-DD. */
export function lastSunday(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.toISOString().slice(0, 10);
}

/** The next year whose DST changes are both in the future. */
export function nextDstYear(): number {
  return clockNow().getUTCFullYear() + 1;
}

/**
 * The start of an in-person appointment to check in to "soon": half an hour ahead on the
 * 5-minute grid, but never at 00:00 Oslo time (its check-in would open only at its start).
 */
export function soonStart(): Date {
  const at = (minutes: number) => new Date(Math.ceil((nowMs() + minutes * 60_000) / 300_000) * 300_000);
  const a = at(30);
  return osloParts(a).time === '00:00' ? at(35) : a;
}

/**
 * Check-in opens an hour before the start but never before 00:00 Oslo time on the appointment's
 * day (checkInWindow): just before midnight, an appointment half an hour ahead is not open yet.
 * Moves the in-process server's clock forward to just after the window opens when now is before
 * it (a no-op by day; undo with `shiftClock(0)`), so check-in tests pass at any time of day.
 */
export function intoCheckInWindow(startsAt: string | Date, minutes = 20): void {
  const start = new Date(startsAt);
  const w = checkInWindow({ starts_at: start, ends_at: new Date(start.getTime() + minutes * 60_000), type: 'in_person' });
  if (!w) return;
  const gap = w.opensAt.getTime() - nowMs();
  if (gap > 0) shiftClock(gap + 1000);
}
