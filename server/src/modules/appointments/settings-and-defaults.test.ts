/** Small defects: Timevisning switched off hides appointments whatever else is on; the assign form's GP default; a DST-gap pattern says why it made nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { lastSunday, makeCitizen, makeUnit, nextDstYear, setServices } from './appointments.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('appointment settings and defaults', () => {
  it('Timevisning switched off hides the appointments even while booking, requests and cancelling are on', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id);
    const future = new Date(Date.now() + 20 * 86_400_000);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(future);
    const a = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId: p.contactId, timebookId, date, time: '10:00' })).json();
    expect((await p.client.get('/api/citizen/appointments')).json().upcoming.map((x: { id: string }) => x.id)).toContain(a.id);
    const put = await staffClient.put(`/api/staff/units/${unit.id}/appointment-settings`, {
      timebestilling: true,
      timeonske: true,
      timevisning: false,
      avbestilling: true,
      cutoffHours: 24,
      dropInUrl: null,
    });
    expect(put.status).toBe(200);
    expect((await p.client.get('/api/citizen/appointments')).json().upcoming).toEqual([]);
    expect((await p.client.get(`/api/citizen/appointments/${a.id}`)).status).toBe(404);
    expect((await p.client.post(`/api/citizen/appointments/${a.id}/cancel`, {})).status).toBe(404);
    // Switched on again, they show.
    await setServices(db, unit.id, { timevisning: true });
    expect((await p.client.get('/api/citizen/appointments')).json().upcoming.map((x: { id: string }) => x.id)).toContain(a.id);
  });

  it('the unit’s request list names the patient’s own GP, so assigning defaults to their timebook', async () => {
    const db = srv.database.db;
    const { unit, doctor, staffClient } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id, { gpStaffId: doctor.id });
    const sent = await p.client.post(`/api/citizen/contacts/${p.contactId}/appointment-requests`, {
      text: 'Trenger time for kontroll',
      preferredTimes: [],
    });
    expect(sent.status).toBe(201);
    const list = (await staffClient.get(`/api/staff/units/${unit.id}/appointment-requests`)).json().items as { id: string; gpStaffId: string | null }[];
    expect(list.find((r) => r.id === sent.json().id)?.gpStaffId).toBe(doctor.id);
  });

  it('a pattern inside the hour the clocks skip says why it made no slots', async () => {
    const { timebookId, staffClient } = await makeUnit(srv.database.db, srv.url);
    const spring = lastSunday(nextDstYear(), 3);
    const res = await staffClient.post(`/api/staff/timebooks/${timebookId}/patterns`, {
      weekdays: [7],
      startTime: '02:00',
      endTime: '03:00',
      slotMinutes: 30,
      fromDate: spring,
      untilDate: spring,
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ created: 0, notInOslo: 2, reason: expect.stringMatching(/summer time/) });
  });
});
