/**
 * The representation matrix: every citizen route that touches a person's data × every kind of
 * person who may try to act for them. Allowed routes answer 2xx; the rest refuse with a stable
 * code and reveal nothing — including through lists and unread counts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { sha256 } from '../../platform/session.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
type Actor =
  'self' | 'parentOfChild' | 'parentOfYouth' | 'parentOfYouthWithGrant' | 'poaAppointments' | 'poaExpired' | 'poaRevoked' | 'confidential' | 'stranger';
type Subject = { id: string; contactId: string; threadId: string };
const clients = {} as Record<Actor, TestClient>;
const subjectOf = {} as Record<Actor, Subject>;

beforeAll(async () => {
  srv = await startTestServer();
  const db = srv.database.db;
  const f = await gpOffice(db);
  const doctor = new TestClient(srv.url);
  await login(doctor, 'staff', f.doctor.accountId);

  async function person(age: number, opts: { addressKey?: string; confidential?: boolean } = {}) {
    const p = await createCitizen(db, { age, ...opts });
    const c = await createContact(db, p.id, f.unit.id, { gpStaffId: f.doctor.id });
    return { ...p, contactId: c.id };
  }
  /** The subject's own thread, answered by the unit and unread by the subject. */
  async function ownThread(p: { accountId: string; contactId: string }) {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', p.accountId);
    const t = (await c.post(`/api/citizen/contacts/${p.contactId}/threads`, { kind: 'ekontakt', topic: 'Privat', text: 'Mitt eget spørsmål' })).json();
    await doctor.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar til deg' });
    return t.id as string;
  }
  async function clientFor(actorAccount: string) {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', actorAccount);
    return c;
  }

  // Self: an adult.
  const adult = await person(40);
  const adultThread = await ownThread(adult);
  clients.self = await clientFor(adult.accountId);
  subjectOf.self = { id: adult.id, contactId: adult.contactId, threadId: adultThread };

  // A child of 8 and a youth of 14 in one household.
  const home = `home-${Math.random()}`;
  const parent = await person(38, { addressKey: home });
  const child = await person(8, { addressKey: home });
  const youth = await person(14, { addressKey: home });
  await db
    .insertInto('parental_responsibilities')
    .values([
      { parent_id: parent.id, child_id: child.id },
      { parent_id: parent.id, child_id: youth.id },
    ])
    .execute();
  const childThread = await (async () => {
    const c = await clientFor(parent.accountId);
    await c.request('PUT', '/api/citizen/acting-for', { body: { personId: child.id } });
    const t = (await c.post(`/api/citizen/contacts/${child.contactId}/threads`, { kind: 'ekontakt', topic: 'Barn', text: 'Om barnet' })).json();
    await doctor.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar om barnet' });
    return t.id as string;
  })();
  const youthThread = await ownThread(youth);
  clients.parentOfChild = await clientFor(parent.accountId);
  subjectOf.parentOfChild = { id: child.id, contactId: child.contactId, threadId: childThread };
  clients.parentOfYouth = await clientFor(parent.accountId);
  subjectOf.parentOfYouth = { id: youth.id, contactId: youth.contactId, threadId: youthThread };
  const parent2 = await person(41, { addressKey: home });
  await db.insertInto('parental_responsibilities').values({ parent_id: parent2.id, child_id: youth.id }).execute();
  await doctor.post(`/api/staff/contacts/${youth.contactId}/parent-dialog`, { parentId: parent2.id, days: 30, reason: 'Vurdert med ungdommen' });
  clients.parentOfYouthWithGrant = await clientFor(parent2.accountId);
  subjectOf.parentOfYouthWithGrant = { id: youth.id, contactId: youth.contactId, threadId: youthThread };

  // An elderly grantor and holders of powers of attorney in every state.
  const grantor = await person(80);
  const grantorThread = await ownThread(grantor);
  const subject = { id: grantor.id, contactId: grantor.contactId, threadId: grantorThread };
  const day = 86_400_000;
  const holders: Array<[Actor, { areas: string[]; valid_until?: Date; revoked_at?: Date }, { confidential?: boolean }]> = [
    ['poaAppointments', { areas: ['appointments'] }, {}],
    ['poaExpired', { areas: ['all'], valid_until: new Date(Date.now() - day) }, {}],
    ['poaRevoked', { areas: ['all'], revoked_at: new Date(Date.now() - 1000) }, {}],
    ['confidential', { areas: ['all'] }, { confidential: true }],
  ];
  for (const [actor, poa, opts] of holders) {
    const h = await person(50, opts);
    await db
      .insertInto('powers_of_attorney')
      .values({
        grantor_id: grantor.id,
        holder_id: h.id,
        areas: poa.areas,
        valid_from: new Date(Date.now() - 10 * day),
        valid_until: poa.valid_until ?? null,
        revoked_at: poa.revoked_at ?? null,
      })
      .execute();
    clients[actor] = await clientFor(h.accountId);
    subjectOf[actor] = subject;
  }
  const stranger = await person(33);
  clients.stranger = await clientFor(stranger.accountId);
  subjectOf.stranger = subject;

  // Everyone tries to act for their subject. Those refused here are then forced into the
  // session directly, as a stale session would be, to prove every route re-checks.
  for (const actor of Object.keys(clients) as Actor[]) {
    if (actor === 'self') continue;
    const res = await clients[actor].request('PUT', '/api/citizen/acting-for', { body: { personId: subjectOf[actor].id } });
    if (res.status !== 200) {
      await sql`UPDATE sessions SET acting_for_id = ${subjectOf[actor].id} WHERE id_hash = ${sha256(clients[actor].cookie('hd_session')!)}`.execute(db);
    }
  }
}, 180_000);
afterAll(async () => srv?.close());

type Route = { name: string; run: (c: TestClient, s: Subject) => Promise<{ status: number; body: string }> };
const routes: Route[] = [
  { name: 'health contacts', run: (c) => c.get('/api/citizen/contacts') },
  { name: 'thread list', run: (c) => c.get('/api/citizen/threads') },
  { name: 'the subject’s own thread', run: (c, s) => c.get(`/api/citizen/threads/${s.threadId}`) },
  { name: 'unread count', run: (c) => c.get('/api/citizen/unread') },
  { name: 'start a thread', run: (c, s) => c.post(`/api/citizen/contacts/${s.contactId}/threads`, { kind: 'ekontakt', topic: 'Matrise', text: 'Hei' }) },
  { name: 'appointments', run: (c) => c.get('/api/citizen/appointments') },
  { name: 'letters', run: (c) => c.get('/api/citizen/letters') },
  { name: 'access log', run: (c) => c.get('/api/citizen/access-log') },
];

const A = 'allow';
const D = 'deny'; // 403 REPRESENTATION_AREA
const E = 'ended'; // 403 REPRESENTATION_ENDED
const H = 'hidden'; // 404: may not know it exists
const expected: Record<Actor, string[]> = {
  //                     contacts list  thread unread start appts letters log
  self: [A, A, A, A, A, A, A, A],
  parentOfChild: [A, A, A, A, A, A, A, A],
  parentOfYouth: [A, D, D, D, D, A, D, D],
  parentOfYouthWithGrant: [A, A, H, A, A, A, D, D],
  poaAppointments: [A, D, D, D, D, A, D, D],
  poaExpired: [E, E, E, E, E, E, E, E],
  poaRevoked: [E, E, E, E, E, E, E, E],
  confidential: [E, E, E, E, E, E, E, E],
  stranger: [E, E, E, E, E, E, E, E],
};

describe.each(Object.keys(expected) as Actor[])('%s', (actor) => {
  it.each(routes.map((r, i) => [r.name, i] as const))('%s', async (_name, i) => {
    const route = routes[i]!;
    const want = expected[actor][i]!;
    const res = await route.run(clients[actor], subjectOf[actor]);
    if (want === A) {
      expect(res.status, res.body).toBeLessThan(300);
      return;
    }
    if (want === H) expect(res.status, res.body).toBe(404);
    else {
      expect(res.status, res.body).toBe(403);
      expect(JSON.parse(res.body).code).toBe(want === D ? 'REPRESENTATION_AREA' : 'REPRESENTATION_ENDED');
    }
    expect(res.body).not.toContain('Mitt eget spørsmål');
    if (want === E) {
      // The stale representation was dropped: acting as oneself again.
      await srv.database.db
        .updateTable('sessions')
        .set({ acting_for_id: subjectOf[actor].id })
        .where('id_hash', '=', sha256(clients[actor].cookie('hd_session')!))
        .execute();
    }
  });
});

describe('no leak through lists and counts', () => {
  it('shows a parent with a dialog grant neither the youth’s threads nor their unread messages', async () => {
    const c = clients.parentOfYouthWithGrant;
    const list = (await c.get('/api/citizen/threads')).json();
    expect(list.items.map((t: { id: string }) => t.id)).not.toContain(subjectOf.parentOfYouthWithGrant.threadId);
    expect(JSON.stringify(list)).not.toContain('Privat');
    expect((await c.get('/api/citizen/unread')).json().unread).toBe(0);
  });

  it('shows the youth their own unread answer', async () => {
    const db = srv.database.db;
    const t = await db.selectFrom('threads').select(['citizen_unread']).where('id', '=', subjectOf.parentOfYouth.threadId).executeTakeFirstOrThrow();
    expect(t.citizen_unread).toBeGreaterThan(0);
  });
});
