/** Europe/Oslo across the daylight-saving changes (last Sundays of March and October): patterns, chosen slots, staff times. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { lastSunday, makeCitizen, makeUnit, nextDstYear } from './appointments.fixtures.ts';
import { addDays, expandPattern, osloLocalToInstant, osloParts } from './recurrence.ts';

const year = nextDstYear();
const spring = lastSunday(year, 3);
const autumn = lastSunday(year, 10);

describe('Oslo wall-clock time', () => {
  it('finds the last Sundays', () => {
    expect(new Date(`${spring}T12:00:00Z`).getUTCDay()).toBe(0);
    expect(spring.slice(5, 7)).toBe('03');
    expect(Number(spring.slice(8))).toBeGreaterThan(24);
    expect(autumn.slice(5, 7)).toBe('10');
    expect(Number(autumn.slice(8))).toBeGreaterThan(24);
  });

  it('maps 08:00 to UTC+1 before and UTC+2 after the spring change, and back in autumn', () => {
    expect(osloLocalToInstant(addDays(spring, -1), '08:00')!.toISOString()).toBe(`${addDays(spring, -1)}T07:00:00.000Z`);
    expect(osloLocalToInstant(spring, '08:00')!.toISOString()).toBe(`${spring}T06:00:00.000Z`);
    expect(osloLocalToInstant(addDays(autumn, -1), '08:00')!.toISOString()).toBe(`${addDays(autumn, -1)}T06:00:00.000Z`);
    expect(osloLocalToInstant(autumn, '08:00')!.toISOString()).toBe(`${autumn}T07:00:00.000Z`);
  });

  it('has no 02:30 on the spring-forward day, and the first of the two 02:30s in autumn', () => {
    expect(osloLocalToInstant(spring, '02:30')).toBeNull();
    expect(osloLocalToInstant(spring, '02:00')).toBeNull();
    expect(osloLocalToInstant(spring, '03:00')!.toISOString()).toBe(`${spring}T01:00:00.000Z`);
    expect(osloLocalToInstant(autumn, '02:30')!.toISOString()).toBe(`${autumn}T00:30:00.000Z`);
  });

  it('expands "every day 08:00" to 08:00 Oslo on both sides of each change', () => {
    for (const day of [spring, autumn]) {
      const slots = expandPattern({
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTime: '08:00',
        endTime: '08:15',
        slotMinutes: 15,
        fromDate: addDays(day, -2),
        untilDate: addDays(day, 2),
      });
      expect(slots).toHaveLength(5);
      for (const s of slots) expect(osloParts(s.startsAt).time).toBe('08:00');
      expect(new Set(slots.map((s) => osloParts(s.startsAt).date)).size).toBe(5);
    }
  });

  it('skips the missing hour in a night pattern and keeps slot lengths real', () => {
    const slots = expandPattern({ weekdays: [7], startTime: '01:00', endTime: '04:00', slotMinutes: 60, fromDate: spring, untilDate: spring });
    expect(slots.map((s) => osloParts(s.startsAt).time)).toEqual(['01:00', '03:00']);
    for (const s of slots) expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(3_600_000);
  });
});

describe('through the API', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => srv?.close());

  it('publishes a daily 08:00 pattern over both changes; the citizen sees 08:00 Oslo every day', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    for (const day of [spring, autumn]) {
      const res = await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTime: '08:00',
        endTime: '08:15',
        slotMinutes: 15,
        fromDate: addDays(day, -1),
        untilDate: addDays(day, 1),
      });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ created: 3, skipped: 0, notInOslo: 0 });
    }
    const from = `${addDays(spring, -2)}T00:00:00Z`;
    const to = `${addDays(autumn, 2)}T00:00:00Z`;
    const slots = (await client.get(`/api/citizen/contacts/${contactId}/slots?from=${from}&to=${to}`)).json().items as { startsAt: string }[];
    expect(slots.map((s) => s.startsAt)).toEqual([
      `${addDays(spring, -1)}T07:00:00.000Z`,
      `${spring}T06:00:00.000Z`,
      `${addDays(spring, 1)}T06:00:00.000Z`,
      `${addDays(autumn, -1)}T06:00:00.000Z`,
      `${autumn}T07:00:00.000Z`,
      `${addDays(autumn, 1)}T07:00:00.000Z`,
    ]);
    for (const s of slots) expect(osloParts(new Date(s.startsAt)).time).toBe('08:00');
    // Publishing the same pattern again adds nothing.
    const again = await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '08:00',
      endTime: '08:15',
      slotMinutes: 15,
      fromDate: addDays(spring, -1),
      untilDate: addDays(spring, 1),
    });
    expect(again.json()).toEqual({ created: 0, skipped: 3, notInOslo: 0 });
  });

  it('refuses a slot or an appointment at 02:30 on the spring-forward day, and takes the autumn 02:30 once', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { contactId } = await makeCitizen(db, srv.url, unit.id);
    const bad = await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date: spring, time: '02:30' }], slotMinutes: 15 });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'TIME_NOT_IN_OSLO', detail: expect.stringMatching(/does not exist/) });
    expect(await db.selectFrom('slots').select('id').where('timebook_id', '=', timebookId).execute()).toHaveLength(0);
    const appt = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: spring, time: '02:30' });
    expect(appt.status).toBe(400);
    expect(appt.json().code).toBe('TIME_NOT_IN_OSLO');
    const ok = await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, {
      slots: [
        { date: autumn, time: '02:30' },
        { date: spring, time: '03:00' },
      ],
      slotMinutes: 15,
    });
    expect(ok.json()).toEqual({ created: 2, skipped: 0 });
    const rows = await db.selectFrom('slots').select(['starts_at', 'ends_at']).where('timebook_id', '=', timebookId).orderBy('starts_at').execute();
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([`${spring}T01:00:00.000Z`, `${autumn}T00:30:00.000Z`]);
  });

  it('refuses publishing a slot in the past', async () => {
    const db = srv.database.db;
    const { staffClient, timebookId } = await makeUnit(db, srv.url);
    const res = await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date: '2020-01-06', time: '09:00' }], slotMinutes: 15 });
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('SLOT_IN_PAST');
  });
});
