/**
 * No double booking by time: a timebook, and a clinician across their timebooks, never holds two
 * overlapping slots or appointments — on every path (published slots, patterns, "Ny timeavtale" at
 * a free time, changing a time, FHIR Slot and Appointment). The database refuses the second
 * (exclusion constraints, 23P01) and the answer is 409 TIME_CONFLICT naming the time it clashes with.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';
import { makeCitizen, makeSlot, makeUnit } from './appointments.fixtures.ts';
import { addDays, osloLocalToInstant, osloParts } from './recurrence.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

/** An Oslo date some days ahead. */
const dayAhead = (days: number) => addDays(osloParts(new Date()).date, days);
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('the database keeps a timebook free of overlaps', () => {
  it('lets exactly one of 50 concurrent overlapping slot publications succeed; the others are told which time they clash with', async () => {
    const { timebookId, staffClient } = await makeUnit(srv.database.db, srv.url);
    const date = dayAhead(20);
    // 10:00, 10:01, … 10:49, each 60 minutes: every two of them overlap.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date, time: hhmm(600 + i) }], slotMinutes: 60 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = results[statuses.indexOf(201)]!;
    expect(winner.json()).toMatchObject({ created: 1 });
    const live = await srv.database.db
      .selectFrom('slots')
      .select(['starts_at', 'ends_at'])
      .where('timebook_id', '=', timebookId)
      .where('status', '<>', 'withdrawn')
      .execute();
    expect(live).toHaveLength(1);
    const label = osloParts(live[0]!.starts_at).time;
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({
        code: 'TIME_CONFLICT',
        conflict: { startsAt: live[0]!.starts_at.toISOString(), endsAt: live[0]!.ends_at.toISOString() },
      });
      expect(r.json().detail).toContain(label);
    }
  });

  it('lets exactly one of 50 concurrent "Ny timeavtale" at overlapping free times succeed', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const people = [];
    for (let i = 0; i < 50; i += 10) people.push(...(await Promise.all(Array.from({ length: 10 }, () => makeCitizen(db, srv.url, unit.id)))));
    const date = dayAhead(21);
    const results = await Promise.all(
      people.map((p, i) =>
        staffClient.post(`/api/staff/units/${unit.id}/appointments`, {
          contactId: p.contactId,
          timebookId,
          date,
          time: hhmm(780 + (i % 25)),
          durationMinutes: 30,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json().code).toBe('TIME_CONFLICT');
    const live = await db.selectFrom('appointments').select('id').where('timebook_id', '=', timebookId).where('status', '<>', 'cancelled').execute();
    expect(live).toHaveLength(1);
  });

  it('refuses a pattern that overlaps another pattern (14:00–15:00 and 14:15–15:15) and changes nothing', async () => {
    const { timebookId, staffClient } = await makeUnit(srv.database.db, srv.url);
    const fromDate = dayAhead(30);
    const untilDate = addDays(fromDate, 6);
    const all = [1, 2, 3, 4, 5, 6, 7];
    const first = await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
      weekdays: all,
      startTime: '14:00',
      endTime: '15:00',
      slotMinutes: 30,
      fromDate,
      untilDate,
    });
    expect(first.status).toBe(201);
    const before = await srv.database.db.selectFrom('slots').select('id').where('timebook_id', '=', timebookId).execute();
    const second = await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
      weekdays: all,
      startTime: '14:15',
      endTime: '15:15',
      slotMinutes: 30,
      fromDate,
      untilDate,
    });
    expect(second.status).toBe(409);
    expect(second.json()).toMatchObject({ code: 'TIME_CONFLICT', detail: expect.stringMatching(/14:00–14:30|14:30–15:00/) });
    const after = await srv.database.db.selectFrom('slots').select('id').where('timebook_id', '=', timebookId).execute();
    expect(after).toHaveLength(before.length);
    expect(await srv.database.db.selectFrom('slot_patterns').select('id').where('timebook_id', '=', timebookId).execute()).toHaveLength(1);
  });

  it('keeps a clinician free of overlaps across their timebooks', async () => {
    const db = srv.database.db;
    const { unit, doctor, timebookId, staffClient } = await makeUnit(db, srv.url);
    const second = await staffClient.post(`/api/staff/units/${unit.id}/timebooks`, {
      kind: 'clinician',
      staffId: doctor.id,
      name: 'Videotimer',
      defaultType: 'video',
    });
    expect(second.status).toBe(201);
    const date = dayAhead(22);
    expect((await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date, time: '13:00' }], slotMinutes: 20 })).status).toBe(201);
    const clash = await staffClient.post(`/api/staff/timebooks/${second.json().id}/slots`, { slots: [{ date, time: '13:10' }], slotMinutes: 20 });
    expect(clash.status).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'TIME_CONFLICT', detail: expect.stringMatching(/clinician is already booked .*13:00–13:20/) });
    // Back to back is fine.
    expect((await staffClient.post(`/api/staff/timebooks/${second.json().id}/slots`, { slots: [{ date, time: '13:20' }], slotMinutes: 20 })).status).toBe(201);
  });

  it('a free-time appointment holds its time in the timebook: it shows there, an overlapping slot is refused, and cancelling frees it without publishing it', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id);
    const q = await makeCitizen(db, srv.url, unit.id);
    const date = dayAhead(23);
    const appt = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, {
      contactId: p.contactId,
      timebookId,
      date,
      time: '14:00',
      durationMinutes: 30,
    });
    expect(appt.status).toBe(201);
    const from = osloLocalToInstant(date, '00:00')!;
    const sched = (
      await staffClient.get(`/api/staff/timebooks/${timebookId}/schedule?from=${from.toISOString()}&to=${new Date(from.getTime() + 86_400_000).toISOString()}`)
    ).json();
    expect(sched.slots).toHaveLength(1);
    expect(sched.slots[0]).toMatchObject({ status: 'booked', startsAt: appt.json().startsAt });
    const slot = await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date, time: '14:15' }], slotMinutes: 15 });
    expect(slot.status).toBe(409);
    expect(slot.json().detail).toMatch(/14:00–14:30/);
    // Another patient at the same start is refused too (the "Gi time" path).
    const other = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, {
      contactId: q.contactId,
      timebookId,
      date,
      time: '14:00',
      durationMinutes: 15,
    });
    expect(other.status).toBe(409);
    expect(other.json()).toMatchObject({ code: 'TIME_CONFLICT', detail: expect.stringMatching(/14:00–14:30/) });
    // Moving the appointment onto a published slot's time is refused; cancelling frees the time and publishes nothing.
    expect((await staffClient.post(`/api/staff/timebooks/${timebookId}/slots`, { slots: [{ date, time: '15:00' }], slotMinutes: 20 })).status).toBe(201);
    const move = await staffClient.post(`/api/staff/appointments/${appt.json().id}/change`, { time: '14:50' });
    expect(move.status).toBe(409);
    expect(move.json().detail).toMatch(/15:00–15:20/);
    expect((await staffClient.post(`/api/staff/appointments/${appt.json().id}/cancel`, {})).status).toBe(200);
    const open = await db.selectFrom('slots').select(['starts_at']).where('timebook_id', '=', timebookId).where('status', '=', 'open').execute();
    expect(open.map((s) => osloParts(s.starts_at).time)).toEqual(['15:00']);
    expect(
      (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId: q.contactId, timebookId, date, time: '14:00', durationMinutes: 15 }))
        .status,
    ).toBe(201);
  });

  it('on a published slot of exactly that time, a free-time appointment takes the slot', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id);
    const s = await makeSlot(db, unit.id, timebookId, 24 * 25, { minutes: 20 });
    const { date, time } = osloParts(s.starts_at);
    const res = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId: p.contactId, timebookId, date, time, durationMinutes: 20 });
    expect(res.status).toBe(201);
    const row = await db.selectFrom('appointments').select('slot_id').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.slot_id).toBe(s.id);
  });

  it('FHIR: an overlapping Slot and an overlapping Appointment for the Practitioner are refused with 409 and the clashing time', async () => {
    const db = srv.database.db;
    const { unit, doctor, timebookId } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id);
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(db, { clientId, secret, name: 'Test-EPJ', unitIds: [unit.id] });
    const tok = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const token = ((await tok.json()) as { access_token: string }).access_token;
    const post = (type: string, body: unknown) =>
      fetch(`${srv.url}/fhir/R4/${type}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
    const date = dayAhead(24);
    const at = (t: string) => osloLocalToInstant(date, t)!.toISOString();
    const first = await post('Slot', { resourceType: 'Slot', schedule: { reference: `Schedule/${timebookId}` }, status: 'free', start: at('10:00'), end: at('10:30') });
    expect(first.status).toBe(201);
    const slot = await post('Slot', { resourceType: 'Slot', schedule: { reference: `Schedule/${timebookId}` }, status: 'free', start: at('10:15'), end: at('10:45') });
    expect(slot.status).toBe(409);
    const outcome = (await slot.json()) as { issue: { code: string; diagnostics: string }[] };
    expect(outcome.issue[0]).toMatchObject({ code: 'conflict', diagnostics: expect.stringMatching(/10:00–10:30/) });
    const appt = await post('Appointment', {
      resourceType: 'Appointment',
      status: 'booked',
      start: at('10:20'),
      end: at('10:40'),
      participant: [
        { actor: { reference: `Patient/${p.citizen.id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${doctor.id}` }, status: 'accepted' },
      ],
    });
    expect(appt.status).toBe(409);
    expect(((await appt.json()) as { issue: { diagnostics: string }[] }).issue[0]!.diagnostics).toMatch(/10:00–10:30/);
    expect(await db.selectFrom('appointments').select('id').where('contact_id', '=', p.contactId).execute()).toHaveLength(0);
  });
});

describe('the constraints themselves', () => {
  it('refuse two live overlapping appointments of one clinician written straight to the database; a cancelled one holds nothing', async () => {
    const db = srv.database.db;
    const { unit, doctor } = await makeUnit(db, srv.url);
    const a = await makeCitizen(db, srv.url, unit.id);
    const b = await makeCitizen(db, srv.url, unit.id);
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30 * 86_400_000);
    const row = (c: { citizen: { id: string }; contactId: string }, offsetMin: number) => ({
      citizen_id: c.citizen.id,
      unit_id: unit.id,
      contact_id: c.contactId,
      timebook_id: null,
      slot_id: null,
      staff_id: doctor.id,
      request_id: null,
      title: 'Time',
      type: 'in_person' as const,
      starts_at: new Date(start.getTime() + offsetMin * 60_000),
      ends_at: new Date(start.getTime() + (offsetMin + 30) * 60_000),
      location: null,
      directions: null,
      video_url: null,
      reason: null,
      note: null,
      source: 'unit' as const,
      booked_by_person_id: null,
      created_by_staff_id: null,
    });
    const first = await db.insertInto('appointments').values(row(a, 0)).returning('id').executeTakeFirstOrThrow();
    const err = await db
      .insertInto('appointments')
      .values(row(b, 15))
      .execute()
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('23P01');
    await db.insertInto('appointments').values(row(b, 30)).execute();
    await db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', first.id).execute();
    await db.insertInto('appointments').values(row(b, -10)).execute();
  });
});
