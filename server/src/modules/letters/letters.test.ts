/** Patient letters over HTTP: templates and PDFs, read status, representation, access log, notices. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes, pngBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

async function setup() {
  const f = await gpOffice(db());
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  return { ...f, c, d };
}
const notice = (contactId: string, extra: Record<string, unknown> = {}) => ({
  template: 'appointment_notice',
  contactId,
  fields: { date: '2026-03-03', time: '09:15', place: 'Fjordbyen legekontor, 2. etasje', bring: 'Medisinlisten din' },
  ...extra,
});

describe('a template letter', () => {
  it('is written in plain language, notified, read by the citizen, and the unit sees when', async () => {
    const s = await setup();
    await db().updateTable('persons').set({ phone: '+4790011223' }).where('id', '=', s.citizen.id).execute();
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id));
    expect(sent.status).toBe(201);
    const l = sent.json();
    expect(l).toMatchObject({
      kind: 'template',
      template: 'appointment_notice',
      title: 'Innkalling til time',
      important: true,
      readAt: null,
      pdf: null,
      sentBy: s.doctor.name,
      citizen: { id: s.citizen.id },
      hiddenFromParents: false,
    });
    expect(l.body).toContain(`Du har fått time hos ${s.unit.name}.`);
    expect(l.body).toContain('Når: tirsdag 3. mars 2026 klokken 09:15');
    expect(l.body).toContain('Ta med: Medisinlisten din');
    expect(l.body).toMatch(/Med vennlig hilsen\n/);

    // Notified in the same transaction: one SMS job and one reminder (important).
    const jobs = await db()
      .selectFrom('jobs')
      .select(['queue', 'idempotency_key'])
      .where(sql<string>`payload->>'citizenId'`, '=', s.citizen.id)
      .orderBy('id')
      .execute();
    expect(jobs).toEqual([
      { queue: 'notify.send', idempotency_key: `letter.sent:${l.id}:${s.citizen.id}:sms` },
      { queue: 'notify.reminder', idempotency_key: `reminder:letter:${l.id}` },
    ]);

    const list = await s.c.get('/api/citizen/letters');
    expect(list.status).toBe(200);
    expect(list.json()).toMatchObject({
      unread: 1,
      items: [{ id: l.id, title: 'Innkalling til time', unit: { id: s.unit.id, name: s.unit.name }, readAt: null }],
    });
    const read = await s.c.get(`/api/citizen/letters/${l.id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ id: l.id, body: l.body, readAt: expect.any(String) });
    expect((await s.c.get('/api/citizen/letters')).json().unread).toBe(0);

    const unitList = await s.d.get(`/api/staff/units/${s.unit.id}/letters`);
    expect(unitList.json().items.find((i: { id: string }) => i.id === l.id)).toMatchObject({
      readAt: expect.any(String),
      citizen: { id: s.citizen.id, name: s.citizen.name },
    });
    const opened = await s.d.get(`/api/staff/letters/${l.id}`);
    expect(opened.json()).toMatchObject({ readAt: read.json().readAt, readByRepresentative: false });
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_staff_id', 'object_type', 'object_id', 'unit_id'])
      .where('citizen_id', '=', s.citizen.id)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'letter.send', actor_staff_id: s.doctor.id, object_type: 'letter', object_id: l.id, unit_id: s.unit.id },
      { action: 'letter.read', actor_staff_id: s.doctor.id, object_type: 'letter', object_id: l.id, unit_id: s.unit.id },
    ]);
  });

  it('fills the waiting-list and general templates', async () => {
    const s = await setup();
    const wl = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, {
      template: 'waiting_list',
      contactId: s.contact.id,
      important: false,
      fields: { expected: 'i løpet av mars', contactPhone: '22 00 00 00' },
    });
    expect(wl.status).toBe(201);
    expect(wl.json()).toMatchObject({ title: 'Du står på venteliste', important: false });
    expect(wl.json().body).toContain('Du kan regne med å få time i løpet av mars.');
    expect(wl.json().body).toContain('på telefon 22 00 00 00');
    const gen = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, {
      template: 'general',
      contactId: s.contact.id,
      fields: { title: 'Ny fastlege fra 1. april', text: 'Hei!\n\nFra 1. april får du ny fastlege.' },
    });
    expect(gen.json()).toMatchObject({ title: 'Ny fastlege fra 1. april' });
    // Not important: no reminder.
    const reminders = await db().selectFrom('jobs').select('id').where('idempotency_key', '=', `reminder:letter:${wl.json().id}`).execute();
    expect(reminders).toHaveLength(0);
  });

  it('refuses missing or wrong fields with a clear message', async () => {
    const s = await setup();
    const bad = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id, { fields: { date: '3. mars', time: '9', place: '' } }));
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/fields\.date/) });
    expect((await s.d.post(`/api/staff/units/${s.unit.id}/letters`, { template: 'love_letter', contactId: s.contact.id, fields: {} })).status).toBe(400);
  });

  it('is sent once per Idempotency-Key', async () => {
    const s = await setup();
    const key = `k-${randomUUID()}`;
    const a = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id), { headers: { 'idempotency-key': key } });
    const b = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id), { headers: { 'idempotency-key': key } });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    expect(await db().selectFrom('letters').select('id').where('citizen_id', '=', s.citizen.id).execute()).toHaveLength(1);
  });
});

describe('a PDF letter', () => {
  it('is checked by content, downloaded by the citizen, and every staff download is logged', async () => {
    const s = await setup();
    const pdf = pdfBytes('Epikrise');
    const sent = await s.d.upload(
      `/api/staff/units/${s.unit.id}/letters`,
      multipart({ title: 'Epikrise', contactId: s.contact.id }, [{ name: 'epikrise.pdf', type: 'application/pdf', data: pdf }]),
    );
    expect(sent.status).toBe(201);
    expect(sent.json()).toMatchObject({ kind: 'pdf', template: null, title: 'Epikrise', body: null, pdf: { filename: 'epikrise.pdf', sizeBytes: pdf.length } });
    const id = sent.json().id;
    const file = await s.c.get(`/api/citizen/letters/${id}/pdf`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(file.body, 'latin1').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await s.c.get('/api/citizen/letters')).json().items[0].readAt).not.toBeNull();
    expect((await s.d.get(`/api/staff/letters/${id}/pdf`)).status).toBe(200);
    const audit = await db().selectFrom('audit_events').select('action').where('object_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['letter.send', 'letter.pdf.read']);
  });

  it('refuses anything but exactly one real PDF', async () => {
    const s = await setup();
    const url = `/api/staff/units/${s.unit.id}/letters`;
    const payload = { title: 'Brev', contactId: s.contact.id };
    const png = await s.d.upload(url, multipart(payload, [{ name: 'brev.pdf', type: 'application/pdf', data: pngBytes() }]));
    expect(png.status).toBe(415);
    expect(png.json().code).toBe('LETTER_NOT_PDF');
    const fake = await s.d.upload(url, multipart(payload, [{ name: 'brev.pdf', type: 'application/pdf', data: Buffer.from('<html>not a pdf</html>') }]));
    expect(fake.status).toBe(415);
    expect(fake.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await s.d.upload(url, multipart(payload, []))).status).toBe(400);
    const two = await s.d.upload(
      url,
      multipart(payload, [
        { name: 'a.pdf', type: 'application/pdf', data: pdfBytes() },
        { name: 'b.pdf', type: 'application/pdf', data: pdfBytes() },
      ]),
    );
    expect(two.status).toBe(400);
    expect(await db().selectFrom('letters').select('id').where('citizen_id', '=', s.citizen.id).execute()).toHaveLength(0);
  });
});

describe('access', () => {
  it('keeps letters within the unit and the citizen, and refuses ended contacts', async () => {
    const s = await setup();
    const l = (await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id))).json();
    const other = await createUnit(db());
    const stranger = await createStaff(db(), other.id);
    const x = new TestClient(srv.url);
    await login(x, 'staff', stranger.accountId);
    expect((await x.get(`/api/staff/letters/${l.id}`)).status).toBe(404);
    expect((await x.get(`/api/staff/letters/${l.id}/pdf`)).status).toBe(404);
    expect((await x.get(`/api/staff/units/${s.unit.id}/letters`)).status).toBe(404);
    expect((await x.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id))).status).toBe(404);
    // A contact of another unit cannot be written to through this one.
    const theirs = await createContact(db(), s.citizen.id, other.id);
    expect((await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(theirs.id))).status).toBe(404);
    const ended = await createContact(db(), (await createCitizen(db())).id, s.unit.id, { endedAt: new Date(Date.now() - 1000) });
    const res = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(ended.id));
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('CONTACT_INACTIVE');
    // Another citizen sees nothing.
    const p = await createCitizen(db());
    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', p.accountId);
    expect((await pc.get(`/api/citizen/letters/${l.id}`)).status).toBe(404);
    expect((await pc.get('/api/citizen/letters')).json().items).toEqual([]);
    expect((await s.c.get(`/api/staff/letters/${l.id}`)).status).toBe(403);
  });
});

describe('representation', () => {
  async function family(childAge: number) {
    const s = await setup();
    const address = `addr-${randomUUID()}`;
    const child = await createCitizen(db(), { age: childAge, addressKey: address });
    const parent = await createCitizen(db(), { age: 40, addressKey: address });
    await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    const contact = await createContact(db(), child.id, s.unit.id);
    const p = new TestClient(srv.url);
    await login(p, 'citizen', parent.accountId);
    expect((await p.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
    return { ...s, child, parent, contact, p };
  }

  it('lets the parent of a young child read, access-logged, but not what is hidden from parents', async () => {
    const f = await family(8);
    const open = (await f.d.post(`/api/staff/units/${f.unit.id}/letters`, notice(f.contact.id))).json();
    const hidden = (await f.d.post(`/api/staff/units/${f.unit.id}/letters`, notice(f.contact.id, { hideFromParents: true }))).json();
    expect(hidden.hiddenFromParents).toBe(true);
    const list = await f.p.get('/api/citizen/letters');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect((await f.p.get(`/api/citizen/letters/${hidden.id}`)).status).toBe(404);
    // The page is filled from what the parent may see (the policy's SQL), not cut short by the
    // hidden letter: with limit 1 and the newest letter hidden, the older one is still listed.
    expect((await f.p.get('/api/citizen/letters?limit=1')).json().items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect((await f.p.get(`/api/citizen/letters/${open.id}`)).status).toBe(200);
    const audit = await db().selectFrom('audit_events').selectAll().where('citizen_id', '=', f.child.id).where('action', '=', 'letter.read').execute();
    expect(audit).toEqual([expect.objectContaining({ actor_kind: 'representative', actor_person_id: f.parent.id, object_id: open.id })]);
    expect((await f.d.get(`/api/staff/letters/${open.id}`)).json()).toMatchObject({ readByRepresentative: true });
  });

  it('refuses the parent of a 14-year-old: letters are not theirs to read', async () => {
    const f = await family(14);
    const l = (await f.d.post(`/api/staff/units/${f.unit.id}/letters`, notice(f.contact.id))).json();
    const list = await f.p.get('/api/citizen/letters');
    expect(list.status).toBe(403);
    expect(list.json().code).toBe('REPRESENTATION_AREA');
    expect((await f.p.get(`/api/citizen/letters/${l.id}`)).status).toBe(403);
  });

  it('follows the areas of a power of attorney', async () => {
    const s = await setup();
    const withDocs = await createCitizen(db(), { age: 50 });
    const dialogOnly = await createCitizen(db(), { age: 50 });
    await db()
      .insertInto('powers_of_attorney')
      .values([
        { grantor_id: s.citizen.id, holder_id: withDocs.id, areas: ['documents'] },
        { grantor_id: s.citizen.id, holder_id: dialogOnly.id, areas: ['dialog'] },
      ])
      .execute();
    const l = (await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id))).json();
    const a = new TestClient(srv.url);
    await login(a, 'citizen', withDocs.accountId);
    await a.put('/api/citizen/acting-for', { personId: s.citizen.id });
    expect((await a.get(`/api/citizen/letters/${l.id}`)).status).toBe(200);
    const b = new TestClient(srv.url);
    await login(b, 'citizen', dialogOnly.accountId);
    await b.put('/api/citizen/acting-for', { personId: s.citizen.id });
    expect((await b.get('/api/citizen/letters')).status).toBe(403);
  });
});
