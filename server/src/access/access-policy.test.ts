/**
 * The seven defects of issue 16, each through the HTTP API, all decided by access/policy.ts:
 * hidden appointments, power-of-attorney areas on appointment routes, hiding a letter as
 * "document", live-event leaks, the access log revealing hiding, representatives' entries
 * without role and unit, and children under 12 logging in themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, pickPerson, startLogin, TestClient } from '../test/http-client.ts';
import { makeSlot, setServices } from '../modules/appointments/appointments.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

/** A GP office with dialog and appointment services, a doctor with a timebook. */
async function office() {
  const unit = await createUnit(db(), { kind: 'gp_office' });
  await enableServices(db(), unit.id, ['ekontakt']);
  await setServices(db(), unit.id, { timebestilling: true, timeonske: true, timevisning: true, avbestilling: { cutoffHours: 1 } });
  const doctor = await createStaff(db(), unit.id, { role: 'doctor', isAdmin: true });
  const timebook = await db()
    .insertInto('timebooks')
    .values({ unit_id: unit.id, kind: 'clinician', staff_id: doctor.id, name: doctor.name, location: 'Storgata 1', directions: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff = new TestClient(srv.url);
  await login(staff, 'staff', doctor.accountId);
  return { unit, doctor, timebookId: timebook.id, staff };
}

/** A parent and a child of `age` at one address, both listed at the office; the parent logged in acting for the child. */
async function family(o: Awaited<ReturnType<typeof office>>, age: number) {
  const addr = `addr-${Math.random()}`;
  const parent = await createCitizen(db(), { age: 40, addressKey: addr, given: 'Forelder' });
  const child = await createCitizen(db(), { age, addressKey: addr, given: 'Barn' });
  await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
  const contact = await createContact(db(), child.id, o.unit.id, { gpStaffId: o.doctor.id });
  const client = new TestClient(srv.url);
  await login(client, 'citizen', parent.accountId);
  expect((await client.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
  return { parent, child, contact, client };
}

/** An appointment of a citizen booked directly (as staff would). */
async function appointmentOf(o: Awaited<ReturnType<typeof office>>, citizenId: string, contactId: string, hours = 72) {
  const slot = await makeSlot(db(), o.unit.id, o.timebookId, hours);
  await db().updateTable('slots').set({ status: 'booked' }).where('id', '=', slot.id).execute();
  return db()
    .insertInto('appointments')
    .values({
      citizen_id: citizenId,
      unit_id: o.unit.id,
      contact_id: contactId,
      timebook_id: o.timebookId,
      slot_id: slot.id,
      staff_id: o.doctor.id,
      request_id: null,
      title: 'Kontroll',
      type: 'in_person',
      starts_at: slot.starts_at,
      ends_at: new Date(slot.starts_at.getTime() + 20 * 60_000),
      location: 'Storgata 1',
      directions: null,
      video_url: null,
      reason: 'Kontroll',
      note: null,
      source: 'unit',
      booked_by_person_id: null,
      created_by_staff_id: o.doctor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Reads a server-sent event stream until `stop()`; collects the event lines. */
function openStream(client: TestClient) {
  const ac = new AbortController();
  const cookie = client.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  let text = '';
  const ready = fetch(`${srv.url}/api/events`, { headers: { cookie }, signal: ac.signal }).then(async (res) => {
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += dec.decode(value);
        }
      } catch {
        /* aborted */
      }
    })();
    // Wait for the connected comment so the LISTEN is in place.
    for (let i = 0; i < 100 && !text.includes(': connected'); i++) await new Promise((r) => setTimeout(r, 20));
  });
  return { ready, events: () => text.split('\n').filter((l) => l.startsWith('data: ')), stop: () => ac.abort(), raw: () => text };
}
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('appointments hidden from parents', () => {
  it('are not listed, read, downloaded as .ics or cancelled by the parent of a child under 12', async () => {
    const o = await office();
    const f = await family(o, 8);
    const hidden = await appointmentOf(o, f.child.id, f.contact.id);
    const shown = await appointmentOf(o, f.child.id, f.contact.id, 96);
    expect((await f.client.get(`/api/citizen/appointments/${hidden.id}`)).status).toBe(200);
    const hide = await o.staff.post('/api/staff/hidden-from-parents', { objectType: 'appointment', objectId: hidden.id, hidden: true });
    expect(hide.status).toBe(200);

    const list = (await f.client.get('/api/citizen/appointments')).json();
    expect(list.upcoming.map((a: { id: string }) => a.id)).toEqual([shown.id]);
    expect((await f.client.get(`/api/citizen/appointments/${hidden.id}`)).status).toBe(404);
    expect((await f.client.get(`/api/citizen/appointments/${hidden.id}/ics`)).status).toBe(404);
    expect((await f.client.post(`/api/citizen/appointments/${hidden.id}/cancel`, {})).status).toBe(404);
    const row = await db().selectFrom('appointments').select('status').where('id', '=', hidden.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
    expect((await f.client.get(`/api/citizen/appointments/${shown.id}/ics`)).status).toBe(200);
  });
});

describe('power-of-attorney areas on appointment routes', () => {
  it('a power of attorney for documents only lists, reads, books, cancels, requests and leaves the waitlist of nothing', async () => {
    const o = await office();
    const grantor = await createCitizen(db(), { age: 70 });
    const holder = await createCitizen(db(), { age: 45 });
    const contact = await createContact(db(), grantor.id, o.unit.id, { gpStaffId: o.doctor.id });
    await db()
      .insertInto('powers_of_attorney')
      .values({ grantor_id: grantor.id, holder_id: holder.id, areas: ['documents'], valid_from: new Date(Date.now() - 60_000), valid_until: null })
      .execute();
    const appt = await appointmentOf(o, grantor.id, contact.id);
    const entry = await db()
      .insertInto('waitlist_entries')
      .values({ citizen_id: grantor.id, unit_id: o.unit.id, contact_id: contact.id, timebook_id: null, appointment_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const slot = await makeSlot(db(), o.unit.id, o.timebookId, 120);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', holder.accountId);
    expect((await c.put('/api/citizen/acting-for', { personId: grantor.id })).status).toBe(200);

    const refused = [
      await c.get('/api/citizen/appointments'),
      await c.get(`/api/citizen/appointments/${appt.id}`),
      await c.get(`/api/citizen/appointments/${appt.id}/ics`),
      await c.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' }),
      await c.post(`/api/citizen/appointments/${appt.id}/cancel`, {}),
      await c.post(`/api/citizen/contacts/${contact.id}/appointment-requests`, { text: 'En time, takk' }),
      await c.post(`/api/citizen/waitlist/${entry.id}/leave`),
    ];
    for (const r of refused) {
      expect(r.status, r.body).toBe(403);
      expect(r.json()).toMatchObject({ code: 'REPRESENTATION_AREA', area: 'appointments' });
    }
    expect((await db().selectFrom('appointments').select('status').where('id', '=', appt.id).executeTakeFirstOrThrow()).status).toBe('booked');
    expect((await db().selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect((await db().selectFrom('waitlist_entries').select('status').where('id', '=', entry.id).executeTakeFirstOrThrow()).status).toBe('waiting');
    expect(await db().selectFrom('appointment_requests').select('id').where('citizen_id', '=', grantor.id).execute()).toEqual([]);
  });
});

describe('hiding a letter', () => {
  it('as objectType "document" hides the letter from the parent (it is stored as a letter)', async () => {
    const o = await office();
    const f = await family(o, 9);
    const sent = await o.staff.post(`/api/staff/units/${o.unit.id}/letters`, {
      template: 'appointment_notice',
      contactId: f.contact.id,
      fields: { date: '2026-03-03', time: '09:15', place: 'Legekontoret', bring: 'Ingenting' },
    });
    expect(sent.status, sent.body).toBe(201);
    const letterId = sent.json().id as string;
    expect((await f.client.get(`/api/citizen/letters/${letterId}`)).status).toBe(200);
    expect((await o.staff.post('/api/staff/hidden-from-parents', { objectType: 'document', objectId: letterId, hidden: true })).status).toBe(200);
    expect((await f.client.get(`/api/citizen/letters/${letterId}`)).status).toBe(404);
    expect((await f.client.get('/api/citizen/letters')).json().items).toEqual([]);
    const rows = await db().selectFrom('hidden_from_parents').select('object_type').where('object_id', '=', letterId).execute();
    expect(rows).toEqual([{ object_type: 'letter' }]);
    const bad = await o.staff.post('/api/staff/hidden-from-parents', { objectType: 'form', objectId: letterId, hidden: true });
    expect(bad.status).toBe(400);
  });
});

describe('the live-event stream', () => {
  it('tells a parent of a youth nothing about the youth’s own conversations', async () => {
    const o = await office();
    const f = await family(o, 14);
    // The parent has a dialog grant, so the stream is open to dialog in general.
    expect(
      (await o.staff.post(`/api/staff/contacts/${f.contact.id}/parent-dialog`, { parentId: f.parent.id, days: 30, reason: 'Avtalt med ungdommen' })).status,
    ).toBe(201);
    const stream = openStream(f.client);
    await stream.ready;
    const youth = new TestClient(srv.url);
    await login(youth, 'citizen', f.child.accountId);
    const own = await youth.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Privat' });
    expect(own.status, own.body).toBe(201);
    const mine = await f.client.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Fra forelder' });
    expect(mine.status).toBe(201);
    await settle();
    stream.stop();
    expect(stream.raw()).not.toContain(own.json().id);
    expect(stream.raw()).toContain(mine.json().id);
  });

  it('ends for a power-of-attorney holder once the power of attorney is revoked', async () => {
    const o = await office();
    const grantor = await createCitizen(db(), { age: 70 });
    const holder = await createCitizen(db(), { age: 45 });
    const contact = await createContact(db(), grantor.id, o.unit.id, { gpStaffId: o.doctor.id });
    const poa = await db()
      .insertInto('powers_of_attorney')
      .values({ grantor_id: grantor.id, holder_id: holder.id, areas: ['all'], valid_from: new Date(Date.now() - 60_000), valid_until: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', holder.accountId);
    expect((await c.put('/api/citizen/acting-for', { personId: grantor.id })).status).toBe(200);
    const stream = openStream(c);
    await stream.ready;
    const first = await o.staff.post(`/api/staff/units/${o.unit.id}/threads`, { contactId: contact.id, kind: 'ekontakt', topic: 'Annet', text: 'Før' });
    expect(first.status, first.body).toBe(201);
    await settle();
    expect(stream.raw()).toContain(first.json().id);
    const g = new TestClient(srv.url);
    await login(g, 'citizen', grantor.accountId);
    expect((await g.post(`/api/citizen/powers-of-attorney/${poa.id}/revoke`)).status).toBe(200);
    const after = await o.staff.post(`/api/staff/units/${o.unit.id}/threads`, { contactId: contact.id, kind: 'ekontakt', topic: 'Annet', text: 'Etter' });
    expect(after.status).toBe(201);
    await settle();
    stream.stop();
    expect(stream.raw()).not.toContain(after.json().id);
  });
});

describe('the access log', () => {
  it('does not tell the parents of a child that something was hidden from them', async () => {
    const o = await office();
    const f = await family(o, 7);
    const appt = await appointmentOf(o, f.child.id, f.contact.id);
    expect((await o.staff.get(`/api/staff/units/${o.unit.id}/contacts/${f.contact.id}/appointments`)).status).toBe(200);
    await o.staff.post('/api/staff/hidden-from-parents', { objectType: 'appointment', objectId: appt.id, hidden: true });
    const log = await f.client.get('/api/citizen/access-log');
    expect(log.status).toBe(200);
    const actions = log.json().items.map((e: { action: string }) => e.action);
    expect(actions).not.toContain('item.hide_from_parents');
    expect(actions).toContain('appointment.list');
    // The child's own view (as an adult later, or the log itself) keeps every entry.
    const all = await db().selectFrom('audit_events').select('action').where('citizen_id', '=', f.child.id).execute();
    expect(all.map((e) => e.action)).toContain('item.hide_from_parents');
  });
});

describe('representatives in the access log', () => {
  it('are written with role and unit for appointments and letters', async () => {
    const o = await office();
    const f = await family(o, 10);
    const slot = await makeSlot(db(), o.unit.id, o.timebookId, 80);
    const booked = await f.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' });
    expect(booked.status, booked.body).toBe(201);
    const sent = await o.staff.post(`/api/staff/units/${o.unit.id}/letters`, {
      template: 'appointment_notice',
      contactId: f.contact.id,
      fields: { date: '2026-03-03', time: '09:15', place: 'Legekontoret', bring: 'Ingenting' },
    });
    expect((await f.client.get(`/api/citizen/letters/${sent.json().id}`)).status).toBe(200);
    const rows = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_role', 'unit_id', 'unit_name'])
      .where('citizen_id', '=', f.child.id)
      .where('actor_kind', '=', 'representative')
      .where('action', 'in', ['appointment.book', 'letter.read'])
      .execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ actor_role: 'parent', unit_id: o.unit.id, unit_name: o.unit.name });
  });
});

describe('children under 12', () => {
  it('cannot log in themselves; the login answers with a clear reason', async () => {
    const child = await createCitizen(db(), { age: 8 });
    const c = new TestClient(srv.url);
    const callback = await pickPerson(c, await startLogin(c, 'citizen'), child.accountId);
    const res = await c.get(callback);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('error=LOGIN_UNDER_OWN_ACCESS_AGE');
    expect((await c.get('/api/me')).status).toBe(401);
    // From 12 the person logs in.
    const youth = await createCitizen(db(), { age: 12 });
    const y = new TestClient(srv.url);
    await login(y, 'citizen', youth.accountId);
    expect((await y.get('/api/me')).status).toBe(200);
  });
});

describe('what pages are offered', () => {
  it('tells a 14-year-old why they cannot give a power of attorney, and a parent of a youth what the representation covers', async () => {
    const o = await office();
    const f = await family(o, 14);
    const youth = new TestClient(srv.url);
    await login(youth, 'citizen', f.child.accountId);
    const refused = await youth.post('/api/citizen/powers-of-attorney', { holderNationalId: f.parent.national_id, areas: ['all'] });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'TOO_YOUNG', detail: 'You must be 16 or older to do this.' });
    const own = (await youth.get('/api/citizen/representations')).json().items[0];
    expect(own.capabilities.power_of_attorney).toMatchObject({ see: false, code: 'TOO_YOUNG' });

    const reps = (await f.client.get('/api/citizen/representations')).json().items as { personId: string; capabilities: Record<string, { see: boolean }> }[];
    const forYouth = reps.find((r) => r.personId === f.child.id)!;
    expect(forYouth.capabilities).toMatchObject({
      contact: { see: true },
      appointment: { see: true },
      thread: { see: false },
      letter: { see: false },
      access_log: { see: false },
      power_of_attorney: { see: false },
    });
  });
});
