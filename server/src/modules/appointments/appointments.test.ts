/** Appointments through HTTP against a real database: booking, cancelling, requests, home visits, video, .ics, dialog, events and audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CHANNEL, type DomainEvent } from '../../platform/events.ts';
import { DomainEventSchema } from '../../platform/event-types.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { makeCitizen, makeSlot, makeUnit, setServices } from './appointments.fixtures.ts';

let srv: TestServer;
const events: DomainEvent[] = [];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  srv = await startTestServer();
  stopListening = await srv.database.listen(LIVE_CHANNEL, (p) => events.push(DomainEventSchema.parse(JSON.parse(p))));
});
afterAll(async () => {
  await stopListening?.();
  await srv?.close();
});

/** Waits for an event of a type about an appointment (NOTIFY arrives after commit). */
async function eventFor(type: string, appointmentId: string): Promise<DomainEvent> {
  for (let i = 0; i < 50; i++) {
    const e = events.find((x) => x.type === type && 'appointmentId' in x && x.appointmentId === appointmentId);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${type} event for ${appointmentId}; saw ${events.map((e) => e.type).join(', ')}`);
}

describe('booking a published slot', () => {
  it('books a free slot, shows it as upcoming with place and clinician, and raises an event without sensitive fields', async () => {
    const db = srv.database.db;
    const { unit, timebookId, doctor } = await makeUnit(db, srv.url);
    const { client, citizen } = await makeCitizen(db, srv.url, unit.id, { gpStaffId: doctor.id });
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const contacts = (await client.get('/api/citizen/contacts')).json().items;
    const slots = await client.get(`/api/citizen/contacts/${contacts[0].id}/slots`);
    expect(slots.status).toBe(200);
    expect(slots.json().items.map((s: { id: string }) => s.id)).toContain(slot.id);

    const res = await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Vondt i kneet', note: 'Helst ikke trapper' });
    expect(res.status).toBe(201);
    const appt = res.json();
    expect(appt).toMatchObject({
      status: 'booked',
      type: 'in_person',
      title: `Time hos ${doctor.name}`,
      clinician: doctor.name,
      location: 'Storgata 1, 2. etasje',
      directions: 'Heis fra bakgården.',
      reason: 'Vondt i kneet',
      canCancel: true,
    });
    expect(appt.startsAt).toBe(slot.starts_at.toISOString());

    const overview = (await client.get('/api/citizen/appointments')).json();
    expect(overview.upcoming.map((a: { id: string }) => a.id)).toContain(appt.id);
    const s = await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow();
    expect(s.status).toBe('booked');

    const e = await eventFor('appointment.booked', appt.id);
    expect(e).toMatchObject({ citizenId: citizen.id, unitId: unit.id, by: 'citizen' });
    expect(JSON.stringify(e)).not.toMatch(/kneet|trapper|Storgata/);
  });

  it('shows a resource timebook as what it is', async () => {
    const db = srv.database.db;
    const { unit } = await makeUnit(db, srv.url);
    const { client } = await makeCitizen(db, srv.url, unit.id);
    const lab = await db
      .insertInto('timebooks')
      .values({ unit_id: unit.id, kind: 'resource', staff_id: null, name: 'Blodprøve på laboratoriet', location: 'Laboratoriet, 1. etasje', directions: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const slot = await makeSlot(db, unit.id, lab.id, 50, { minutes: 10 });
    const res = await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Blodprøve før kontroll' });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Blodprøve på laboratoriet', resource: true, clinician: null });
  });
});

describe('cancelling', () => {
  it('cancels before the cut-off: the slot is free again and appointment.cancelled is raised', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const { client, citizen } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 48);
    const appt = (await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    const res = await client.post(`/api/citizen/appointments/${appt.id}/cancel`, { reason: 'Kan ikke komme' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'citizen', canCancel: false });
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await eventFor('appointment.cancelled', appt.id)).toMatchObject({ citizenId: citizen.id, unitId: unit.id, by: 'citizen' });
    // Shows among the past ones, and the slot can be booked again.
    const overview = (await client.get('/api/citizen/appointments')).json();
    expect(overview.past.find((a: { id: string }) => a.id === appt.id)).toMatchObject({ status: 'cancelled' });
    const again = await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll likevel' });
    expect(again.status).toBe(201);
  });

  it('refuses to cancel after the cut-off, and changes nothing', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const { client } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 10); // cut-off is 24 hours
    const appt = (await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    expect(appt.canCancel).toBe(false);
    const res = await client.post(`/api/citizen/appointments/${appt.id}/cancel`, {});
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'CANCEL_TOO_LATE', detail: expect.stringMatching(/24 hours/) });
    const row = await db.selectFrom('appointments').select('status').where('id', '=', appt.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
  });

  it('uses the unit’s own cut-off from the avbestilling settings', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    await setServices(db, unit.id, { avbestilling: { cutoffHours: 2 } });
    const { client } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 10);
    const appt = (await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    expect(appt.canCancel).toBe(true);
    expect((await client.post(`/api/citizen/appointments/${appt.id}/cancel`, {})).status).toBe(200);
  });
});

describe('appointment requests (timeønske)', () => {
  it('the citizen asks, staff see it (access-logged) and assign a time, which shows for the citizen', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId, doctor } = await makeUnit(db, srv.url);
    const { client, citizen, contactId } = await makeCitizen(db, srv.url, unit.id);
    const sent = await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, {
      text: 'Trenger time for kontroll av blodtrykk',
      preferredTimes: [{ date: '2030-01-07', partOfDay: 'morning' }],
    });
    expect(sent.status).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'open', preferredTimes: [{ date: '2030-01-07', partOfDay: 'morning' }] });

    const list = await staffClient.get(`/api/staff/units/${unit.id}/appointment-requests`);
    expect(list.status).toBe(200);
    const req = list.json().items.find((r: { id: string }) => r.id === sent.json().id);
    expect(req).toMatchObject({ citizen: { id: citizen.id }, text: 'Trenger time for kontroll av blodtrykk' });
    const audit = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('citizen_id', '=', citizen.id)
      .where('action', '=', 'appointment_request.list')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'staff', actor_staff_id: doctor.id, unit_id: unit.id });

    const assigned = await staffClient.post(`/api/staff/appointment-requests/${req.id}/assign`, {
      date: '2030-01-07',
      time: '09:30',
      durationMinutes: 20,
      timebookId,
    });
    expect(assigned.status).toBe(201);
    expect(assigned.json()).toMatchObject({ startsAt: '2030-01-07T08:30:00.000Z', source: 'request', status: 'booked' });
    expect(await eventFor('appointment.assigned', assigned.json().id)).toMatchObject({ citizenId: citizen.id, unitId: unit.id, by: 'unit' });

    const overview = (await client.get('/api/citizen/appointments')).json();
    expect(overview.upcoming.map((a: { id: string }) => a.id)).toContain(assigned.json().id);
    expect(overview.requests.find((r: { id: string }) => r.id === req.id)).toMatchObject({ status: 'assigned', appointmentId: assigned.json().id });
  });

  it('staff offer published slots; the citizen takes one and the others are freed', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const req = (await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, { text: 'Vaksine' })).json();
    const s1 = await makeSlot(db, unit.id, timebookId, 30);
    const s2 = await makeSlot(db, unit.id, timebookId, 31);
    const offered = await staffClient.post(`/api/staff/appointment-requests/${req.id}/offer`, { slotIds: [s1.id, s2.id], text: 'Velg en av disse' });
    expect(offered.status).toBe(200);
    expect(offered.json()).toMatchObject({ status: 'offered', answerText: 'Velg en av disse' });
    const offers = (await client.get('/api/citizen/appointments')).json().offers;
    expect(offers).toHaveLength(2);
    const take = offers.find((o: { slot: { id: string } }) => o.slot.id === s2.id);
    const accepted = await client.post(`/api/citizen/offers/${take.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.json()).toMatchObject({ source: 'request', status: 'booked', startsAt: s2.starts_at.toISOString() });
    const statuses = await db.selectFrom('slots').select(['id', 'status']).where('id', 'in', [s1.id, s2.id]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [s1.id]: 'open', [s2.id]: 'booked' });
    expect((await client.post(`/api/citizen/offers/${take.id}/accept`)).json().code).toBe('OFFER_NOT_OPEN');
  });

  it('staff decline with a reason: the citizen sees the request declined with the reason, and times offered before are withdrawn', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { client, citizen, contactId } = await makeCitizen(db, srv.url, unit.id);
    const req = (await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, { text: 'Time for sykemelding' })).json();
    const slot = await makeSlot(db, unit.id, timebookId, 40);
    expect((await staffClient.post(`/api/staff/appointment-requests/${req.id}/offer`, { slotIds: [slot.id], text: 'Passer denne?' })).status).toBe(200);
    expect((await client.get('/api/citizen/appointments')).json().offers).toHaveLength(1);

    const reason = 'Vi kan ikke gi time for dette; ring legekontoret.';
    const declined = await staffClient.post(`/api/staff/appointment-requests/${req.id}/decline`, { text: reason });
    expect(declined.status).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', answerText: reason });
    const overview = (await client.get('/api/citizen/appointments')).json();
    expect(overview.requests.find((r: { id: string }) => r.id === req.id)).toMatchObject({
      status: 'declined',
      answerText: reason,
      answeredAt: expect.any(String),
      unit: { id: unit.id, name: unit.name },
    });
    // The offered time is gone from the citizen's page and free for others again.
    expect(overview.offers).toEqual([]);
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect((await db.selectFrom('slot_offers').select('status').where('request_id', '=', req.id).execute()).map((o) => o.status)).toEqual(['withdrawn']);
    // Answered once: a second answer is refused.
    expect((await staffClient.post(`/api/staff/appointment-requests/${req.id}/decline`, { text: 'Igjen' })).status).toBe(409);
    const audit = await db
      .selectFrom('audit_events')
      .select('action')
      .where('citizen_id', '=', citizen.id)
      .where('action', '=', 'appointment_request.decline')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a request where the unit takes none', async () => {
    const db = srv.database.db;
    const { unit } = await makeUnit(db, srv.url, { services: { timevisning: true } });
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const res = await client.post(`/api/citizen/contacts/${contactId}/appointment-requests`, { text: 'Time?' });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('SERVICE_OFF');
  });
});

describe('municipal home care', () => {
  it('lists planned visits; the citizen cancels one; staff mark another carried out and the citizen sees it', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url, {
      kind: 'home_care',
      services: { timevisning: true, avbestilling: { cutoffHours: 4 }, standarddialog: true },
    });
    const { client, citizen, contactId } = await makeCitizen(db, srv.url, unit.id, { source: 'municipal_service' });
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const visits: { id: string }[] = [];
    for (const d of [1, 2]) {
      const res = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, {
        contactId,
        date: day(d),
        time: '10:00',
        durationMinutes: 30,
        type: 'home_visit',
      });
      expect(res.status).toBe(201);
      expect(res.json()).toMatchObject({ title: 'Hjemmebesøk', type: 'home_visit' });
      visits.push(res.json());
    }
    const overview = (await client.get('/api/citizen/appointments')).json();
    expect(overview.upcoming.filter((a: { type: string }) => a.type === 'home_visit')).toHaveLength(2);

    const cancel = await client.post(`/api/citizen/appointments/${visits[1]!.id}/cancel`, { reason: 'Er på besøk hos datteren' });
    expect(cancel.status).toBe(200);

    // Not before the visit has started: a visit tomorrow cannot be marked carried out today.
    const early = await staffClient.post(`/api/staff/appointments/${visits[0]!.id}/complete`);
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({ code: 'NOT_STARTED', detail: expect.stringMatching(/kl\. 10:00/) });
    expect((await client.get('/api/citizen/appointments')).json().upcoming.find((a: { id: string }) => a.id === visits[0]!.id).status).toBe('booked');
    // Once it has started, it can.
    await db
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 600_000), ends_at: new Date(Date.now() + 1_200_000) })
      .where('id', '=', visits[0]!.id)
      .execute();
    const done = await staffClient.post(`/api/staff/appointments/${visits[0]!.id}/complete`);
    expect(done.status).toBe(200);
    expect(await eventFor('visit.completed', visits[0]!.id)).toMatchObject({ citizenId: citizen.id, unitId: unit.id, by: 'unit' });
    const after = (await client.get('/api/citizen/appointments')).json();
    expect(after.past.find((a: { id: string }) => a.id === visits[0]!.id)).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(after.upcoming).toHaveLength(0);
    // Carried out cannot be cancelled.
    expect((await client.post(`/api/citizen/appointments/${visits[0]!.id}/cancel`, {})).json().code).toBe('APPOINTMENT_NOT_ACTIVE');
    // Staff's day list is access-logged.
    const list = await staffClient.get(`/api/staff/units/${unit.id}/appointments?type=home_visit`);
    expect(list.json().items).toHaveLength(2);
    const audit = await db.selectFrom('audit_events').select('action').where('citizen_id', '=', citizen.id).where('action', '=', 'appointment.list').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});

describe('did not attend', () => {
  it('is marked by staff from the start time on, shown to the patient, journaled and closed for good', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url, { kind: 'gp_office', services: { timevisning: true } });
    const { client, citizen, contactId } = await makeCitizen(db, srv.url, unit.id);
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const a = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: day, time: '11:00', durationMinutes: 20, type: 'in_person' })).json();
    const early = await staffClient.post(`/api/staff/appointments/${a.id}/not-attended`);
    expect(early.status).toBe(409);
    expect(early.json().code).toBe('NOT_STARTED');
    await db
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 1_800_000), ends_at: new Date(Date.now() - 600_000) })
      .where('id', '=', a.id)
      .execute();
    const marked = await staffClient.post(`/api/staff/appointments/${a.id}/not-attended`);
    expect(marked.status, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ status: 'not_attended', canComplete: false });
    expect(await eventFor('appointment.not_attended', a.id)).toMatchObject({ citizenId: citizen.id, unitId: unit.id, by: 'unit' });
    const past = (await client.get('/api/citizen/appointments')).json().past;
    expect(past.find((x: { id: string }) => x.id === a.id)).toMatchObject({ status: 'not_attended' });
    // Closed for good: neither marked again, carried out, nor cancelled.
    expect((await staffClient.post(`/api/staff/appointments/${a.id}/not-attended`)).json().code).toBe('APPOINTMENT_NOT_ACTIVE');
    expect((await staffClient.post(`/api/staff/appointments/${a.id}/complete`)).json().code).toBe('APPOINTMENT_NOT_ACTIVE');
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_role', 'unit_id']).where('citizen_id', '=', citizen.id).where('action', '=', 'appointment.not_attended').execute();
    expect(audit).toEqual([expect.objectContaining({ unit_id: unit.id })]);
  });
});

describe('video', () => {
  it('hands out the join link only from 15 minutes before', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url, {
      kind: 'hospital_department',
      services: { timevisning: true, video: { dropInUrl: 'https://video.example.test/drop-in' } },
    });
    const { client, contactId, citizen } = await makeCitizen(db, srv.url, unit.id, { source: 'care_right' });
    const later = await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2031-03-04', time: '10:00', type: 'video' });
    expect(later.status).toBe(201);
    // The clinician joins in the same window as the patient: no link yet, the opening time instead.
    expect(later.json()).toMatchObject({ videoUrl: null, videoOpensAt: '2031-03-04T08:45:00.000Z', canComplete: false });
    const room = (await db.selectFrom('appointments').select('video_url').where('id', '=', later.json().id).executeTakeFirstOrThrow()).video_url!;
    expect(room).toMatch(/^https:\/\//);
    const detail = (await client.get(`/api/citizen/appointments/${later.json().id}`)).json();
    expect(detail).toMatchObject({ type: 'video', videoUrl: null, videoOpensAt: '2031-03-04T08:45:00.000Z' });
    const early = await client.get(`/api/citizen/appointments/${later.json().id}/video`);
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({ code: 'VIDEO_NOT_OPEN', detail: expect.stringMatching(/15 minutes/) });
    expect(early.body).not.toContain(room);
    const overview = await client.get('/api/citizen/appointments');
    expect(overview.body).not.toContain(room);

    // Ten minutes ahead: the link is there.
    const soon = await db
      .insertInto('appointments')
      .values({
        citizen_id: citizen.id,
        unit_id: unit.id,
        contact_id: contactId,
        timebook_id: null,
        slot_id: null,
        staff_id: null,
        request_id: null,
        title: 'Videotime',
        type: 'video',
        starts_at: new Date(Date.now() + 10 * 60_000),
        ends_at: new Date(Date.now() + 30 * 60_000),
        location: null,
        directions: null,
        video_url: 'https://video.example.test/rom/abc',
        reason: null,
        note: null,
        source: 'unit',
        booked_by_person_id: null,
        created_by_staff_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await client.get(`/api/citizen/appointments/${soon.id}`)).json().videoUrl).toBe('https://video.example.test/rom/abc');
    // …and on the unit's page for the clinician, in the same window.
    const staffList = (await staffClient.get(`/api/staff/units/${unit.id}/appointments?type=video`)).json().items as { id: string; videoUrl: string | null }[];
    expect(staffList.find((x) => x.id === soon.id)?.videoUrl).toBe('https://video.example.test/rom/abc');
    expect((await client.get(`/api/citizen/appointments/${soon.id}/video`)).json()).toEqual({ url: 'https://video.example.test/rom/abc' });
    expect((await client.get(`/api/citizen/contacts/${contactId}/appointment-services`)).json()).toMatchObject({
      dropInUrl: 'https://video.example.test/drop-in',
      booking: false,
      view: true,
    });
  });
});

describe('iCalendar and dialog from an appointment', () => {
  it('downloads the appointment as .ics', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const { client } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 100);
    const appt = (await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    const res = await client.get(`/api/citizen/appointments/${appt.id}/ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.ics"/);
    expect(res.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(res.body).toContain(`UID:${appt.id}@helsedialog`);
    expect(res.body).toContain(
      `DTSTART:${slot.starts_at
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(res.body).not.toMatch(/[^\r]\n/);
  });

  it('starts a conversation about an appointment through the dialog service and links it', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-03-12', time: '10:00' })).json();
    const res = await client.post(`/api/citizen/appointments/${appt.id}/dialog`, { intent: 'move', text: 'Kan vi ta en time uka etter?' });
    expect(res.status).toBe(201);
    expect(res.json().topic).toBe('Om timen 12. mars kl. 10:00: ønsker å flytte');
    const thread = await client.get(`/api/citizen/threads/${res.json().threadId}`);
    expect(thread.status).toBe(200);
    expect(thread.json()).toMatchObject({ kind: 'ekontakt', topic: 'Om timen 12. mars kl. 10:00: ønsker å flytte' });
    expect((await client.get(`/api/citizen/appointments/${appt.id}`)).json().threadId).toBe(res.json().threadId);
  });
});

describe('staff changes', () => {
  it('changes time and cancels, each raising an event and an access-log entry', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { client, citizen, contactId } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 80);
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, slotId: slot.id })).json();
    expect(appt.startsAt).toBe(slot.starts_at.toISOString());
    const changed = await staffClient.post(`/api/staff/appointments/${appt.id}/change`, { date: '2030-06-03', time: '14:15' });
    expect(changed.status).toBe(200);
    expect(changed.json().startsAt).toBe('2030-06-03T12:15:00.000Z');
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    await eventFor('appointment.changed', appt.id);
    expect((await client.get(`/api/citizen/appointments/${appt.id}`)).json().startsAt).toBe('2030-06-03T12:15:00.000Z');
    const cancelled = await staffClient.post(`/api/staff/appointments/${appt.id}/cancel`, { reason: 'Legen er syk' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'unit' });
    await eventFor('appointment.cancelled', appt.id);
    const actions = (await db.selectFrom('audit_events').select('action').where('citizen_id', '=', citizen.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['appointment.create', 'appointment.change', 'appointment.cancel']));
  });

  it('publishes a timebook schedule that is access-logged per citizen', async () => {
    const db = srv.database.db;
    const { unit, staffClient, timebookId } = await makeUnit(db, srv.url);
    const { client, citizen } = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 26);
    await client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' });
    const res = await staffClient.get(`/api/staff/timebooks/${timebookId}/schedule`);
    expect(res.status).toBe(200);
    expect(res.json().appointments).toHaveLength(1);
    expect(res.json().appointments[0].citizen.id).toBe(citizen.id);
    const audit = await db
      .selectFrom('audit_events')
      .select(['action', 'object_id'])
      .where('citizen_id', '=', citizen.id)
      .where('action', '=', 'appointment.list')
      .execute();
    expect(audit).toEqual([{ action: 'appointment.list', object_id: timebookId }]);
  });

  it('lets an administrator switch the appointment services and the cut-off without losing other settings', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url);
    const res = await staffClient.request('PUT', `/api/staff/units/${unit.id}/appointment-settings`, {
      body: {
        timebestilling: false,
        timeonske: true,
        timevisning: true,
        avbestilling: true,
        cutoffHours: 48,
        dropInUrl: 'https://video.example.test/venterom',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      timebestilling: false,
      timeonske: true,
      timevisning: true,
      avbestilling: true,
      cutoffHours: 48,
      dropInUrl: 'https://video.example.test/venterom',
    });
    const row = await db
      .selectFrom('unit_services')
      .select('settings')
      .where('unit_id', '=', unit.id)
      .where('service', '=', 'avbestilling')
      .executeTakeFirstOrThrow();
    expect(row.settings).toEqual({ cutoffHours: 48 });
  });
});
