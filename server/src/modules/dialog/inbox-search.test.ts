/**
 * The team inbox as a workspace: the "waiting for the unit" view (overdue first, then by
 * deadline, keyset paged) and search across topic, message text (Norwegian full-text), patient
 * name and national identity number, never beyond the unit.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

const DAY = 86_400_000;

async function office() {
  const f = await gpOffice(srv.database.db);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  /** A citizen of the unit writes; the thread's deadline (or none) is then set as given. */
  async function thread(topic: string, text: string, due: Date | null, opts: { given?: string; status?: 'answered' } = {}) {
    const p = await createCitizen(srv.database.db, opts.given ? { given: opts.given } : {});
    const contact = await createContact(srv.database.db, p.id, f.unit.id, { gpStaffId: f.doctor.id });
    const c = new TestClient(srv.url);
    await login(c, 'citizen', p.accountId);
    const res = await c.post(`/api/citizen/contacts/${contact.id}/threads`, { kind: 'ekontakt', topic, text });
    expect(res.status).toBe(201);
    const id = res.json().id as string;
    await srv.database.db
      .updateTable('threads')
      .set({ due_at: due, ...(opts.status ? { status: opts.status } : {}) })
      .where('id', '=', id)
      .execute();
    return { id, person: p };
  }
  return { ...f, d, thread };
}

type Page = { items: { id: string; overdue: boolean }[]; nextCursor: string | null };

describe('team inbox: waiting for the unit, by deadline', () => {
  it('lists overdue threads first, then by promised date, those without one last; answered ones not at all; pages keep the order', async () => {
    const s = await office();
    const now = Date.now();
    const later = await s.thread('Attest', 'Trenger attest.', new Date(now + 3 * DAY));
    const overdue = await s.thread('Time', 'Kan jeg få time?', new Date(now - 2 * DAY));
    const none = await s.thread('Annet', 'Et spørsmål.', null);
    const soon = await s.thread('Prøvesvar', 'Har svaret kommet?', new Date(now + DAY));
    const answered = await s.thread('Ferdig', 'Takk.', new Date(now - 5 * DAY), { status: 'answered' });
    const first = (await s.d.get(`/api/staff/units/${s.unit.id}/threads?sort=deadline&limit=2`)).json() as Page;
    expect(first.items.map((i) => i.id)).toEqual([overdue.id, soon.id]);
    expect(first.items[0]!.overdue).toBe(true);
    const second = (
      await s.d.get(`/api/staff/units/${s.unit.id}/threads?sort=deadline&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
    ).json() as Page;
    expect(second.items.map((i) => i.id)).toEqual([later.id, none.id]);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items].map((i) => i.id);
    expect(all).not.toContain(answered.id);
    // The default order is still newest activity first, answered included.
    const activity = (await s.d.get(`/api/staff/units/${s.unit.id}/threads`)).json() as Page;
    expect(activity.items[0]!.id).toBe(answered.id);
  });
});

describe('team inbox search', () => {
  it('finds by words in the message text (Norwegian stemming), topic, patient name and national id — only in the unit', async () => {
    const s = await office();
    const rash = await s.thread('Hudproblem', 'Jeg har fått utslett på armene etter ferien.', null);
    const cert = await s.thread('Attest', 'Trenger legeattest til skolen.', null, { given: 'Solveig' });
    const other = await office();
    await other.thread('Hudproblem', 'Utslett her også.', null);
    const search = async (q: string) =>
      ((await s.d.get(`/api/staff/units/${s.unit.id}/threads?q=${encodeURIComponent(q)}`)).json() as Page).items.map((i) => i.id);
    expect(await search('utslett armen')).toEqual([rash.id]);
    expect(await search('legeattest')).toEqual([cert.id]);
    expect(await search('hudproblem')).toEqual([rash.id]);
    expect(await search('Solveig')).toEqual([cert.id]);
    expect(await search(cert.person.national_id)).toEqual([cert.id]);
    expect(await search('blodtrykk')).toEqual([]);
    // Combined with the deadline view and other filters.
    expect(((await s.d.get(`/api/staff/units/${s.unit.id}/threads?q=utslett&sort=deadline`)).json() as Page).items.map((i) => i.id)).toEqual([rash.id]);
    const tooLong = await s.d.get(`/api/staff/units/${s.unit.id}/threads?q=${'a'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('team inbox search: the thread’s stored search words', () => {
  it('finds words spread over the patient’s name and a later answer, follows a change of name, and reads no message to search', async () => {
    const s = await office();
    const t = await s.thread('Spørsmål', 'Jeg lurer på noe.', null, { given: 'Ingebjørg' });
    const search = async (q: string) =>
      ((await s.d.get(`/api/staff/units/${s.unit.id}/threads?q=${encodeURIComponent(q)}`)).json() as Page).items.map((i) => i.id);
    // A word of a later message (the unit's answer), and two words from different places at once.
    expect(await search('blodprøvene')).toEqual([]);
    expect((await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Blodprøvene dine er fine.' })).status).toBe(201);
    expect(await search('blodprøven')).toEqual([t.id]);
    expect(await search('Ingebjørg blodprøvene')).toEqual([t.id]);
    expect(await search('Ingebjørg attest')).toEqual([]);
    // The patient's name changes (as the population register says): the new name finds the
    // thread, the old one no longer does.
    await srv.database.db.updateTable('persons').set({ given_name: 'Torbjørg' }).where('id', '=', t.person.id).execute();
    expect(await search('Torbjørg')).toEqual([t.id]);
    expect(await search('Ingebjørg')).toEqual([]);
    // The search is bounded to the unit's threads and their stored words: its statement reads
    // neither the country's messages nor its persons to decide what matches.
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT t.id FROM threads t WHERE t.unit_id = ${s.unit.id}
      AND t.search_tsv @@ plainto_tsquery('norwegian', ${'blodprøvene'}) ORDER BY t.last_message_at DESC LIMIT 21`.execute(srv.database.db);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).not.toMatch(/messages|persons/);
  });

  it('the citizen’s search finds a word of the unit’s answer too, only in their own threads', async () => {
    const s = await office();
    const mine = await s.thread('Resept', 'Kan jeg fornye resepten?', null);
    await s.thread('Resept', 'Fornye resepten min også?', null);
    expect((await s.d.post(`/api/staff/threads/${mine.id}/messages`, { text: 'Resepten er fornyet i dag.' })).status).toBe(201);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', mine.person.accountId);
    const found = await c.get(`/api/citizen/threads?q=${encodeURIComponent('fornyet')}`);
    expect(found.status).toBe(200);
    expect((found.json() as Page).items.map((i) => i.id)).toEqual([mine.id]);
  });
});

describe('team inbox bulk actions', () => {
  it('assigns, marks read and closes many threads, each through the single-thread rules, reporting the ones that cannot', async () => {
    const s = await office();
    const a = await s.thread('Attest', 'Trenger attest.', null);
    const b = await s.thread('Time', 'Kan jeg få time?', null);
    // An unanswered e-konsultasjon cannot be closed.
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const ek = (await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Utslett', text: 'Utslett.' })).json()
      .id as string;
    const other = await office();
    const foreign = await other.thread('Annet', 'Hei.', null);
    const url = `/api/staff/units/${s.unit.id}/threads/bulk`;

    const assigned = await s.d.post(url, { action: 'assign', threadIds: [a.id, b.id, ek, foreign.id], staffId: s.doctor.id });
    expect(assigned.status).toBe(200);
    expect(assigned.json().results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: true },
      { id: ek, ok: true },
      { id: foreign.id, ok: false, code: 'NOT_FOUND' },
    ]);
    const mine = (await s.d.get(`/api/staff/units/${s.unit.id}/threads?assigned=me&sort=activity`)).json() as Page;
    expect(mine.items.map((i) => i.id).sort()).toEqual([a.id, b.id, ek].sort());

    const read = await s.d.post(url, { action: 'mark_read', threadIds: [a.id, b.id] });
    expect(read.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    const rows = await srv.database.db.selectFrom('threads').select(['id', 'unit_unread', 'status']).where('id', 'in', [a.id, b.id]).execute();
    expect(rows.every((r) => r.unit_unread === 0 && r.status === 'in_progress')).toBe(true);

    const closed = await s.d.post(url, { action: 'close', threadIds: [a.id, ek] });
    expect(closed.json().results).toEqual([
      { id: a.id, ok: true },
      { id: ek, ok: false, code: 'CANNOT_CLOSE_UNANSWERED' },
    ]);
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .select(['action', 'object_id', 'actor_role', 'unit_id'])
      .where('object_id', 'in', [a.id, b.id])
      .where('action', 'in', ['thread.assign', 'thread.mark_read', 'thread.close'])
      .execute();
    expect(audit).toHaveLength(5);
    expect(audit.every((e) => e.actor_role === 'doctor' && e.unit_id === s.unit.id)).toBe(true);
    // The foreign thread is untouched.
    const f = await srv.database.db.selectFrom('threads').select('assigned_staff_id').where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(f.assigned_staff_id).toBeNull();
  });

  it('refuses a bad request clearly and changes nothing; asks for login first', async () => {
    const s = await office();
    const a = await s.thread('Attest', 'Trenger attest.', null);
    const url = `/api/staff/units/${s.unit.id}/threads/bulk`;
    const bad = await s.d.post(url, { action: 'assign', threadIds: [a.id] });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const anon = new TestClient(srv.url);
    expect((await anon.post(url, { action: 'nonsense' })).status).toBe(401);
  });
});
