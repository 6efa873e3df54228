/**
 * The clinician workspace (docs/inbox.md): the combined inbox of several units (merged keyset
 * pages, per-unit and per-GP-list filters, the policy for each membership), counts per unit,
 * saved filters, quick-reply templates, the audited patient context, presence and assignment
 * notices on the staff live stream only, and the optimistic check of a reply.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillTemplate, unknownPlaceholders } from '@helsedialog/core';
import { createCitizen, createContact, createStaff, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { mayKnowEvent } from '../../access/policy.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

const DAY = 86_400_000;
type Page = { items: { id: string; unit: { id: string }; overdue: boolean; version?: number }[]; nextCursor: string | null };

/** Two GP offices; `both` works in both (secretary, admin in the first). */
async function twoOffices() {
  const db = srv.database.db;
  const a = await gpOffice(db);
  const b = await gpOffice(db);
  const both = await createStaff(db, a.unit.id, { role: 'secretary', isAdmin: true });
  await db.insertInto('staff_memberships').values({ staff_id: both.id, unit_id: b.unit.id, role: 'secretary', is_admin: false }).execute();
  const d = new TestClient(srv.url);
  await login(d, 'staff', both.accountId);
  /** A citizen of `unit` writes; the thread's deadline is then set as given. */
  async function thread(unitId: string, topic: string, due: Date | null, gpStaffId?: string) {
    const p = await createCitizen(db);
    const contact = await createContact(db, p.id, unitId, gpStaffId ? { gpStaffId } : {});
    const c = new TestClient(srv.url);
    await login(c, 'citizen', p.accountId);
    const res = await c.post(`/api/citizen/contacts/${contact.id}/threads`, { kind: 'ekontakt', topic, text: `Melding om ${topic}` });
    expect(res.status, res.body).toBe(201);
    const id = res.json().id as string;
    await db.updateTable('threads').set({ due_at: due }).where('id', '=', id).execute();
    return { id, person: p, contact, c };
  }
  return { a, b, both, d, thread };
}

describe('the combined inbox of several units', () => {
  it('merges the units in the deadline order, pages across them, filters by unit and GP list, refuses a unit one is not in', async () => {
    const s = await twoOffices();
    const now = Date.now();
    const a1 = await s.thread(s.a.unit.id, 'A forfalt', new Date(now - 2 * DAY));
    const b1 = await s.thread(s.b.unit.id, 'B forfalt', new Date(now - DAY));
    const a2 = await s.thread(s.a.unit.id, 'A snart', new Date(now + DAY), s.a.doctor.id);
    const b2 = await s.thread(s.b.unit.id, 'B senere', new Date(now + 2 * DAY));
    const first = (await s.d.get('/api/staff/inbox?sort=deadline&limit=3')).json() as Page;
    expect(first.items.map((i) => i.id)).toEqual([a1.id, b1.id, a2.id]);
    expect(first.items.slice(0, 2).every((i) => i.overdue)).toBe(true);
    const second = (await s.d.get(`/api/staff/inbox?sort=deadline&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`)).json() as Page;
    expect(second.items.map((i) => i.id)).toEqual([b2.id]);
    expect(second.nextCursor).toBeNull();
    // Newest activity first across both units.
    const activity = (await s.d.get('/api/staff/inbox')).json() as Page;
    expect(activity.items.map((i) => i.id).slice(0, 4)).toEqual([b2.id, a2.id, b1.id, a1.id]);
    // One unit of the two.
    const onlyB = (await s.d.get(`/api/staff/inbox?sort=deadline&units=${s.b.unit.id}`)).json() as Page;
    expect(onlyB.items.map((i) => i.id)).toEqual([b1.id, b2.id]);
    // The GP list of the first unit's doctor: only the patient listed with that GP.
    const gp = (await s.d.get(`/api/staff/inbox?sort=deadline&gp=${s.a.doctor.id}`)).json() as Page;
    expect(gp.items.map((i) => i.id)).toEqual([a2.id]);
    const unitGp = (await s.d.get(`/api/staff/units/${s.a.unit.id}/threads?gp=${s.a.doctor.id}`)).json() as Page;
    expect(unitGp.items.map((i) => i.id)).toEqual([a2.id]);
    // Search works the same across the units.
    const found = (await s.d.get(`/api/staff/inbox?q=${encodeURIComponent('senere')}`)).json() as Page;
    expect(found.items.map((i) => i.id)).toEqual([b2.id]);
    // A unit the caller is not a member of is unknown (404), also when named with one of theirs.
    const stranger = await gpOffice(srv.database.db);
    const refused = await s.d.get(`/api/staff/inbox?units=${s.a.unit.id},${stranger.unit.id}`);
    expect(refused.status).toBe(404);
    expect((await s.d.get('/api/staff/inbox?units=not-a-unit')).status).toBe(400);
    // A colleague in one unit sees only that unit's threads in their combined inbox.
    const doc = new TestClient(srv.url);
    await login(doc, 'staff', s.b.doctor.accountId);
    const docs = ((await doc.get('/api/staff/inbox?sort=deadline')).json() as Page).items;
    expect(docs.map((i) => i.id)).toEqual([b1.id, b2.id]);
  });

  it('counts unread and overdue conversations per unit of the caller', async () => {
    const s = await twoOffices();
    await s.thread(s.a.unit.id, 'Forfalt', new Date(Date.now() - DAY));
    await s.thread(s.a.unit.id, 'Ikke forfalt', new Date(Date.now() + DAY));
    await s.thread(s.b.unit.id, 'Annet', null);
    const counts = (await s.d.get('/api/staff/inbox/counts')).json() as {
      items: { unitId: string; unread: number; overdue: number; unreadCapped: boolean; overdueCapped: boolean }[];
    };
    expect(counts.items).toHaveLength(2);
    const a = counts.items.find((i) => i.unitId === s.a.unit.id)!;
    const b = counts.items.find((i) => i.unitId === s.b.unit.id)!;
    expect(a).toMatchObject({ unread: 2, overdue: 1, unreadCapped: false, overdueCapped: false });
    expect(b).toMatchObject({ unread: 1, overdue: 0 });
  });
});

describe('saved filters', () => {
  it('are the person’s own: saved, listed, deleted; others cannot see or delete them; only inbox keys', async () => {
    const s = await twoOffices();
    const saved = await s.d.post('/api/staff/saved-filters', { name: 'Mine forfalte', query: 'assigned=me&overdue=true&sort=deadline' });
    expect(saved.status, saved.body).toBe(201);
    const id = saved.json().id as string;
    expect((await s.d.get('/api/staff/saved-filters')).json().items).toEqual([
      expect.objectContaining({ id, name: 'Mine forfalte', query: 'assigned=me&overdue=true&sort=deadline' }),
    ]);
    const other = new TestClient(srv.url);
    await login(other, 'staff', s.a.doctor.accountId);
    expect((await other.get('/api/staff/saved-filters')).json().items).toEqual([]);
    expect((await other.request('DELETE', `/api/staff/saved-filters/${id}`)).status).toBe(404);
    // The topic filter is one of the inbox's keys too (the web's query string carries it).
    const byTopic = await s.d.post('/api/staff/saved-filters', { name: 'Prøvesvar', query: `topic=${randomUUID()}&sort=deadline` });
    expect(byTopic.status, byTopic.body).toBe(201);
    expect((await s.d.request('DELETE', `/api/staff/saved-filters/${byTopic.json().id as string}`)).status).toBe(204);
    const bad = await s.d.post('/api/staff/saved-filters', { name: 'Rart', query: 'citizenId=x' });
    expect(bad.status).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await s.d.request('DELETE', `/api/staff/saved-filters/${id}`)).status).toBe(204);
    expect((await s.d.get('/api/staff/saved-filters')).json().items).toEqual([]);
  });

  it('are limited per person (409 SAVED_FILTERS_FULL)', async () => {
    const s = await twoOffices();
    await srv.database.db
      .insertInto('saved_filters')
      .values(Array.from({ length: 30 }, (_, i) => ({ staff_id: s.both.id, name: `F${i}`, query: 'sort=deadline' })))
      .execute();
    const full = await s.d.post('/api/staff/saved-filters', { name: 'En til', query: 'sort=activity' });
    expect(full.status).toBe(409);
    expect(full.json().code).toBe('SAVED_FILTERS_FULL');
  });
});

describe('quick replies', () => {
  it('fills {fornavn} and {enhet}, leaves others, and finds unknown ones', () => {
    expect(fillTemplate('Hei {fornavn}, hilsen {enhet}. {ukjent}', { fornavn: 'Kari', enhet: 'Fjordbyen legekontor' })).toBe(
      'Hei Kari, hilsen Fjordbyen legekontor. {ukjent}',
    );
    expect(unknownPlaceholders('Hei {fornavn} {navn} {enhet} {navn}')).toEqual(['navn']);
  });

  it('unit templates by administrators, personal ones for oneself; others’ personal ones stay hidden', async () => {
    const s = await twoOffices();
    const unit = s.a.unit.id;
    const url = `/api/staff/units/${unit}/reply-templates`;
    const admin = await s.d.post(url, { title: 'Mottatt', text: 'Hei {fornavn}, vi har mottatt meldingen din. Hilsen {enhet}', scope: 'unit' });
    expect(admin.status, admin.body).toBe(201);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', s.a.doctor.accountId);
    const refused = await doctor.post(url, { title: 'Nei', text: 'Hei', scope: 'unit' });
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('NOT_UNIT_ADMIN');
    const own = await doctor.post(url, { title: 'Prøvesvar', text: 'Hei {fornavn}, prøvesvarene er fine.', scope: 'personal' });
    expect(own.status).toBe(201);
    const unknown = await doctor.post(url, { title: 'Feil', text: 'Hei {navn}', scope: 'personal' });
    expect(unknown.status).toBe(400);
    const doctorList = (await doctor.get(url)).json().items as { id: string; scope: string; mine: boolean }[];
    expect(doctorList.map((t) => [t.scope, t.mine])).toEqual([
      ['unit', false],
      ['personal', true],
    ]);
    // The secretary sees the unit's template (theirs to manage), not the doctor's personal one.
    const secList = (await s.d.get(url)).json().items as { id: string; scope: string; mine: boolean }[];
    expect(secList.map((t) => t.id)).toEqual([admin.json().id]);
    expect(secList[0]!.mine).toBe(true);
    expect((await s.d.request('DELETE', `${url}/${own.json().id}`)).status).toBe(404);
    expect((await doctor.request('DELETE', `${url}/${admin.json().id}`)).json().code).toBe('NOT_UNIT_ADMIN');
    expect((await doctor.request('DELETE', `${url}/${own.json().id}`)).status).toBe(204);
    // Staff of another unit: the unit is unknown.
    const stranger = new TestClient(srv.url);
    const other = await gpOffice(srv.database.db);
    await login(stranger, 'staff', other.doctor.accountId);
    expect((await stranger.get(url)).status).toBe(404);
  });
});

describe('patient context beside a thread', () => {
  it('lists other threads, upcoming appointments, letters, prescriptions and representatives, and writes an access-log entry', async () => {
    const s = await twoOffices();
    const db = srv.database.db;
    const f = s.a;
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    const renewal = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, {
      kind: 'fornyresept',
      topic: 'Fornyelse',
      text: 'Forny',
      prescriptionIds: [f.prescriptions[0]!.id],
      collectMethod: 'e_resept_pharmacy',
    });
    expect(renewal.status, renewal.body).toBe(201);
    const main = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Spørsmål', text: 'Hei' });
    expect(main.status, main.body).toBe(201);
    await db
      .insertInto('appointments')
      .values({
        citizen_id: f.citizen.id,
        unit_id: f.unit.id,
        contact_id: f.contact.id,
        timebook_id: null,
        slot_id: null,
        staff_id: f.doctor.id,
        request_id: null,
        title: 'Kontroll',
        type: 'in_person',
        starts_at: new Date(Date.now() + 3 * DAY),
        ends_at: new Date(Date.now() + 3 * DAY + 1_800_000),
        location: null,
        directions: null,
        video_url: null,
        reason: null,
        note: null,
        source: 'unit',
        booked_by_person_id: null,
      } as never)
      .execute();
    const holder = await createCitizen(db, { age: 50 });
    await db
      .insertInto('powers_of_attorney')
      .values({
        grantor_id: f.citizen.id,
        holder_id: holder.id,
        areas: ['dialog'],
        valid_from: new Date(Date.now() - DAY),
        valid_until: null,
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
    const res = await s.d.get(`/api/staff/threads/${main.json().id}/context`);
    expect(res.status, res.body).toBe(200);
    const ctx = res.json();
    expect(ctx.patient.givenName).toBe(f.citizen.given_name);
    expect(ctx.gp).toBe(f.doctor.name);
    expect(ctx.threads.map((t: { id: string }) => t.id)).toEqual([renewal.json().id]);
    expect(ctx.appointments.map((a: { title: string }) => a.title)).toEqual(['Kontroll']);
    expect(ctx.prescriptions.map((p: { medication: string }) => p.medication)).toEqual(['Levaxin', 'Ventoline']);
    expect(ctx.prescriptions[0].lastRenewal).toEqual({ decision: 'pending', threadId: renewal.json().id });
    expect(ctx.representatives).toEqual([expect.objectContaining({ name: holder.name, relation: 'poa', wroteHere: false })]);
    const log = await db
      .selectFrom('audit_events')
      .select(['actor_staff_id', 'citizen_id'])
      .where('action', '=', 'patient.context')
      .where('object_id', '=', main.json().id)
      .execute();
    expect(log).toEqual([{ actor_staff_id: s.both.id, citizen_id: f.citizen.id }]);
    // Staff of another unit: not found, and nothing written.
    const other = await gpOffice(db);
    const stranger = new TestClient(srv.url);
    await login(stranger, 'staff', other.doctor.accountId);
    expect((await stranger.get(`/api/staff/threads/${main.json().id}/context`)).status).toBe(404);
    expect(
      await db.selectFrom('audit_events').select('id').where('action', '=', 'patient.context').where('object_id', '=', main.json().id).execute(),
    ).toHaveLength(1);
  });
});

/** Reads a live stream until `want` shows up or 5 s pass. */
async function listen(client: TestClient, want: string, act: () => Promise<unknown>): Promise<string> {
  const ctrl = new AbortController();
  const res = await fetch(`${srv.url}/api/events`, { headers: { cookie: `hd_session=${client.cookie('hd_session')}` }, signal: ctrl.signal });
  const reader = res.body!.getReader();
  let received = '';
  const got = (async () => {
    const dec = new TextDecoder();
    while (!received.includes(want)) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      received += dec.decode(value);
    }
  })();
  // The stream is open (': connected') before the action.
  while (!received.includes('connected')) await new Promise((r) => setTimeout(r, 20));
  await act();
  await Promise.race([got, new Promise((r) => setTimeout(r, 5000))]);
  ctrl.abort();
  return received;
}

describe('presence and assignment notices', () => {
  it('tell the unit’s staff who has a thread open and whom it was assigned to; never the citizen', async () => {
    const s = await twoOffices();
    const t = await s.thread(s.a.unit.id, 'Tilstede', null);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', s.a.doctor.accountId);
    const seen = await listen(doctor, 'staff.presence', () => s.d.post(`/api/staff/threads/${t.id}/presence`, { state: 'writing' }));
    expect(seen).toContain('event: staff.presence');
    expect(seen).toContain(`"staffId":"${s.both.id}"`);
    expect(seen).toContain('"state":"writing"');
    const assigned = await listen(doctor, 'staff.notice', () => s.d.post(`/api/staff/threads/${t.id}/assign`, { staffId: s.a.doctor.id }));
    expect(assigned).toContain(`"staffId":"${s.a.doctor.id}"`);
    expect(assigned).toContain('"notice":"assigned"');
    // The notice is a row of the one notices table (decision 81), there for the assignee whether
    // or not they were signed in, with who assigned it; the assigner gets none.
    const notices = (await doctor.get('/api/staff/notices?unread=true')).json() as { items: { kind: string; threadId: string; by: { id: string } | null }[] };
    expect(notices.items.filter((n) => n.threadId === t.id)).toEqual([expect.objectContaining({ kind: 'assigned', threadId: t.id, by: expect.objectContaining({ id: s.both.id }) })]);
    expect(((await s.d.get('/api/staff/notices')).json() as { items: { threadId: string }[] }).items.filter((n) => n.threadId === t.id)).toEqual([]);
    // Assigning to oneself, or again to the same person, writes no notice.
    await s.d.post(`/api/staff/threads/${t.id}/assign`, { staffId: s.a.doctor.id });
    await doctor.post(`/api/staff/threads/${t.id}/assign`, { staffId: s.a.doctor.id });
    const rows = await srv.database.db.selectFrom('staff_notices').select('kind').where('thread_id', '=', t.id).execute();
    expect(rows).toEqual([{ kind: 'assigned' }]);
    // The citizen's stream hears neither (the policy: staff-only events).
    const citizenHeard = await listen(t.c, 'message.created', async () => {
      await s.d.post(`/api/staff/threads/${t.id}/presence`, { state: 'viewing' });
      await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' });
    });
    expect(citizenHeard).toContain('message.created');
    expect(citizenHeard).not.toContain('staff.');
    expect(await mayKnowEvent(srv.database.db, t.person.id, { type: 'staff.presence', citizenId: t.person.id, unitId: s.a.unit.id, threadId: t.id, by: 'unit', staffId: s.a.doctor.id, state: 'viewing' })).toBe(
      'no',
    );
    // Staff of another unit cannot announce themselves in the thread.
    const other = await gpOffice(srv.database.db);
    const stranger = new TestClient(srv.url);
    await login(stranger, 'staff', other.doctor.accountId);
    expect((await stranger.post(`/api/staff/threads/${t.id}/presence`, { state: 'viewing' })).status).toBe(404);
  });
});

describe('a reply to a thread that changed while writing', () => {
  it('is refused with 409 THREAD_CHANGED when the thread got a message since the version the writer saw', async () => {
    const s = await twoOffices();
    const t = await s.thread(s.a.unit.id, 'Samtidig', null);
    const opened = (await s.d.get(`/api/staff/threads/${t.id}`)).json() as { version: number };
    expect(opened.version).toBe(1);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', s.a.doctor.accountId);
    expect((await doctor.post(`/api/staff/threads/${t.id}/messages`, { text: 'Først', expectedVersion: 1 })).status).toBe(201);
    const late = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Også svar', expectedVersion: 1 });
    expect(late.status).toBe(409);
    expect(late.json().code).toBe('THREAD_CHANGED');
    const again = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Også svar', expectedVersion: 2 });
    expect(again.status, again.body).toBe(201);
    expect(again.json().version).toBe(3);
  });
});
