/** Access matrix and bad input: every refusal is a clear 4xx problem+json and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createUnit } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient, type Res } from '../../test/http-client.ts';
import { makeCitizen, makeSlot, makeUnit, setServices } from './appointments.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

function problem(res: Res, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code, detail: expect.any(String) });
}

/** Appointments and requests of the given units (on PostgreSQL, other test files write beside this one). */
async function counts(db: TestServer['database']['db'], unitIds: string[]) {
  const a = await db
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', 'in', unitIds)
    .executeTakeFirstOrThrow();
  const r = await db
    .selectFrom('appointment_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', 'in', unitIds)
    .executeTakeFirstOrThrow();
  return { appointments: Number(a.n), requests: Number(r.n) };
}

describe('citizen access', () => {
  it('hides someone else’s appointment (404) for reading, cancelling, .ics, video and dialog', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const owner = await makeCitizen(db, srv.url, unit.id);
    const other = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const appt = (await owner.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    problem(await other.client.get(`/api/citizen/appointments/${appt.id}`), 404, 'NOT_FOUND');
    problem(await other.client.get(`/api/citizen/appointments/${appt.id}/ics`), 404, 'NOT_FOUND');
    problem(await other.client.get(`/api/citizen/appointments/${appt.id}/video`), 404, 'NOT_FOUND');
    problem(await other.client.post(`/api/citizen/appointments/${appt.id}/cancel`, {}), 404, 'NOT_FOUND');
    problem(await other.client.post(`/api/citizen/appointments/${appt.id}/dialog`, { intent: 'question', text: 'Hei' }), 404, 'NOT_FOUND');
    problem(await other.client.post('/api/citizen/waitlist', { contactId: owner.contactId }), 404, 'NOT_FOUND');
    expect((await other.client.get('/api/citizen/appointments')).json().upcoming).toEqual([]);
    expect((await db.selectFrom('appointments').select('status').where('id', '=', appt.id).executeTakeFirstOrThrow()).status).toBe('booked');
  });

  it('refuses a slot of a unit that is not the citizen’s health contact', async () => {
    const db = srv.database.db;
    const mine = await makeUnit(db, srv.url);
    const theirs = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, mine.unit.id);
    const slot = await makeSlot(db, theirs.unit.id, theirs.timebookId, 72);
    const before = await counts(db, [mine.unit.id, theirs.unit.id]);
    problem(await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' }), 404, 'NOT_FOUND');
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await counts(db, [mine.unit.id, theirs.unit.id])).toEqual(before);
    // And someone else's contact id gives nothing either.
    const stranger = await makeCitizen(db, srv.url, theirs.unit.id);
    problem(await client.get(`/api/citizen/contacts/${stranger.contactId}/slots`), 404, 'NOT_FOUND');
    problem(await client.post(`/api/citizen/contacts/${stranger.contactId}/appointment-requests`, { text: 'Time' }), 404, 'NOT_FOUND');
    expect((await client.get(`/api/citizen/contacts/${contactId}/slots`)).status).toBe(200);
  });

  it('refuses a past slot, a taken slot, a withdrawn slot and an ended contact', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const a = await makeCitizen(db, srv.url, unit.id);
    const b = await makeCitizen(db, srv.url, unit.id);
    const past = await makeSlot(db, unit.id, timebookId, -2);
    problem(await a.client.post(`/api/citizen/slots/${past.id}/book`, { reason: 'Kontroll' }), 409, 'SLOT_IN_PAST');
    const slot = await makeSlot(db, unit.id, timebookId, 40);
    expect((await a.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).status).toBe(201);
    const before = await counts(db, [unit.id]);
    problem(await b.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' }), 409, 'SLOT_TAKEN');
    const withdrawn = await makeSlot(db, unit.id, timebookId, 41);
    expect((await staffClient.post(`/api/staff/slots/${withdrawn.id}/withdraw`)).status).toBe(204);
    problem(await b.client.post(`/api/citizen/slots/${withdrawn.id}/book`, { reason: 'Kontroll' }), 409, 'SLOT_TAKEN');
    expect(await counts(db, [unit.id])).toEqual(before);

    const ended = await makeCitizen(db, srv.url, unit.id, { endedAt: new Date(Date.now() - 3_600_000) });
    const free = await makeSlot(db, unit.id, timebookId, 42);
    problem(await ended.client.post(`/api/citizen/slots/${free.id}/book`, { reason: 'Kontroll' }), 409, 'CONTACT_INACTIVE');
    problem(await ended.client.post(`/api/citizen/contacts/${ended.contactId}/appointment-requests`, { text: 'Time' }), 409, 'CONTACT_INACTIVE');
  });

  it('refuses booking and cancelling where the unit has switched them off (view only)', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url, { services: { timevisning: true } });
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    problem(await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' }), 403, 'SERVICE_OFF');
    problem(await client.get(`/api/citizen/contacts/${contactId}/slots`), 403, 'SERVICE_OFF');
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-02-04', time: '09:00' })).json();
    const seen = (await client.get(`/api/citizen/appointments/${appt.id}`)).json();
    expect(seen).toMatchObject({ canCancel: false, cancelDeadline: null });
    problem(await client.post(`/api/citizen/appointments/${appt.id}/cancel`, {}), 403, 'SERVICE_OFF');
    // With no appointment service at all, the unit's appointments are not shown digitally.
    await setServices(db, unit.id, { timevisning: false });
    problem(await client.get(`/api/citizen/appointments/${appt.id}`), 404, 'NOT_FOUND');
  });

  it('rejects bad input with the field named', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const before = await counts(db, [unit.id]);
    problem(await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
    problem(await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'x'.repeat(201) }), 400, 'VALIDATION_FAILED');
    problem(await client.post('/api/citizen/slots/not-a-uuid/book', { reason: 'Kontroll' }), 400, 'VALIDATION_FAILED');
    problem(
      await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, {
        text: 'Time',
        preferredTimes: [{ date: '7. mars', partOfDay: 'morning' }],
      }),
      400,
      'VALIDATION_FAILED',
    );
    problem(await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, { text: '' }), 400, 'VALIDATION_FAILED');
    expect(await counts(db, [unit.id])).toEqual(before);
  });

  it('needs a citizen session and a CSRF token', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const anon = new TestClient(srv.url);
    expect((await anon.get('/api/citizen/appointments')).status).toBe(401);
    const { client } = await makeCitizen(db, srv.url, unit.id);
    const noCsrf = await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' }, { headers: { 'x-csrf-token': 'wrong' } });
    problem(noCsrf, 403, 'CSRF_FAILED');
    problem(await staffClient.get('/api/citizen/appointments'), 403, 'FORBIDDEN');
  });
});

describe('staff access', () => {
  it('refuses staff of another unit, and a non-administrator changing the settings', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { contactId, citizen } = await makeCitizen(db, srv.url, unit.id);
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-02-05', time: '09:00' })).json();
    const elsewhere = await createUnit(db);
    const outsider = await createStaff(db, elsewhere.id, { role: 'nurse' });
    const oc = new TestClient(srv.url);
    await login(oc, 'staff', outsider.accountId);
    const auditBefore = await db.selectFrom('audit_events').select('id').where('citizen_id', '=', citizen.id).execute();
    problem(await oc.get(`/api/staff/units/${unit.id}/appointments`), 404, 'NOT_FOUND');
    problem(await oc.get(`/api/staff/timebooks/${timebookId}/schedule`), 404, 'NOT_FOUND');
    problem(await oc.post(`/api/staff/appointments/${appt.id}/cancel`, {}), 404, 'NOT_FOUND');
    problem(await oc.post(`/api/staff/appointments/${appt.id}/complete`), 404, 'NOT_FOUND');
    problem(await oc.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-02-05', time: '10:00' }), 404, 'NOT_FOUND');
    problem(await oc.post(`/api/staff/units/${elsewhere.id}/appointments`, { contactId, date: '2030-02-05', time: '10:00' }), 404, 'NOT_FOUND');
    expect(await db.selectFrom('audit_events').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual(auditBefore);

    const colleague = await createStaff(db, unit.id, { role: 'secretary', isAdmin: false });
    const cc = new TestClient(srv.url);
    await login(cc, 'staff', colleague.accountId);
    problem(
      await cc.request('PUT', `/api/staff/units/${unit.id}/appointment-settings`, {
        body: { timebestilling: false, timeonske: false, timevisning: false, avbestilling: false, cutoffHours: 1, dropInUrl: null },
      }),
      403,
      'NOT_UNIT_ADMIN',
    );
    expect((await cc.get(`/api/staff/units/${unit.id}/appointment-settings`)).json().timebestilling).toBe(true);
  });

  it('refuses a past time, an http video link and a pattern end before its start', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { contactId } = await makeCitizen(db, srv.url, unit.id);
    problem(await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2021-02-05', time: '09:00' }), 409, 'SLOT_IN_PAST');
    problem(
      await staffClient.post(`/api/staff/units/${unit.id}/appointments`, {
        contactId,
        date: '2030-02-05',
        time: '09:00',
        type: 'video',
        videoUrl: 'http://video.example.test/x',
      }),
      400,
      'VALIDATION_FAILED',
    );
    problem(
      await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
        weekdays: [2],
        startTime: '10:00',
        endTime: '08:00',
        slotMinutes: 15,
        fromDate: '2030-01-01',
        untilDate: '2030-02-01',
      }),
      400,
      'VALIDATION_FAILED',
    );
    problem(
      await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
        weekdays: [2],
        startTime: '08:00',
        endTime: '10:00',
        slotMinutes: 15,
        fromDate: '2030-01-01',
        untilDate: '2032-01-01',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
