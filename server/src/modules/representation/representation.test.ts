/** Acting for others: children, youths, powers of attorney, confidential addresses, birthdays at midnight in Oslo. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../platform/clock.ts';
import { createCitizen, createContact, enableServices, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { representationOf } from './representation.service.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
afterEach(() => setClock(undefined));

/** A family: two parents at one address with a child of `age`, all on the same GP's list. */
async function family(childAge: number) {
  const db = srv.database.db;
  const f = await gpOffice(db);
  const addr = `addr-${Math.random()}`;
  const parent = await createCitizen(db, { age: 40, addressKey: addr, given: 'Forelder' });
  const child = await createCitizen(db, { age: childAge, addressKey: addr, given: 'Barn' });
  await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
  const childContact = await createContact(db, child.id, f.unit.id, { gpStaffId: f.doctor.id });
  await createContact(db, parent.id, f.unit.id, { gpStaffId: f.doctor.id });
  const client = new TestClient(srv.url);
  await login(client, 'citizen', parent.accountId);
  return { ...f, parent, child, childContact, client };
}

async function actFor(c: TestClient, personId: string) {
  return c.request('PUT', '/api/citizen/acting-for', { body: { personId } });
}

describe('a parent and a child under 12', () => {
  it('acts for the child with full access and writes a message recorded with both people', async () => {
    const f = await family(8);
    const list = await f.client.get('/api/citizen/representations');
    expect(list.json().items.map((i: { personId: string; relation: string }) => [i.personId, i.relation])).toEqual(
      expect.arrayContaining([
        [f.parent.id, 'self'],
        [f.child.id, 'parent'],
      ]),
    );
    expect((await actFor(f.client, f.child.id)).status).toBe(200);
    const me = await f.client.get('/api/me');
    expect(me.json().actingFor).toMatchObject({ id: f.child.id, relation: 'parent' });
    const contacts = await f.client.get('/api/citizen/contacts');
    expect(contacts.json().items.map((c: { id: string }) => c.id)).toEqual([f.childContact.id]);
    const sent = await f.client.post(`/api/citizen/contacts/${f.childContact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Emma har feber' });
    expect(sent.status).toBe(201);
    expect(sent.json().messages[0].author).toMatchObject({ kind: 'citizen', name: f.parent.name, onBehalfOf: f.child.name });
    const reply = await f.client.post(`/api/citizen/threads/${sent.json().id}/messages`, { text: 'Og hoster' });
    expect(reply.status).toBe(201);
    expect(reply.json().message).toMatchObject({ seq: 2, author: { kind: 'citizen', name: f.parent.name, onBehalfOf: f.child.name } });
    const row = await srv.database.db
      .selectFrom('messages')
      .select(['author_person_id', 'on_behalf_of_id', 'citizen_id'])
      .where('thread_id', '=', sent.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ author_person_id: f.parent.id, on_behalf_of_id: f.child.id, citizen_id: f.child.id });
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .select(['actor_kind', 'actor_person_id', 'action'])
      .where('citizen_id', '=', f.child.id)
      .execute();
    expect(audit).toEqual(expect.arrayContaining([{ actor_kind: 'representative', actor_person_id: f.parent.id, action: 'thread.create' }]));
  });

  it('does not act for a child who lives at another address', async () => {
    const f = await family(8);
    await srv.database.db.updateTable('persons').set({ address_key: 'elsewhere' }).where('id', '=', f.child.id).execute();
    expect((await actFor(f.client, f.child.id)).status).toBe(404);
  });
});

describe('a parent and a youth of 14', () => {
  it('sees contacts but not messages; a clinician grants dialog for 30 days; then the parent writes but never sees the youth’s own threads', async () => {
    const f = await family(14);
    // The youth writes a thread of their own.
    const youth = new TestClient(srv.url);
    await login(youth, 'citizen', f.child.accountId);
    const own = await youth.post(`/api/citizen/contacts/${f.childContact.id}/threads`, { kind: 'ekontakt', topic: 'Privat', text: 'Privat spørsmål' });
    expect(own.status).toBe(201);

    expect((await actFor(f.client, f.child.id)).status).toBe(200);
    expect((await f.client.get('/api/citizen/contacts')).status).toBe(200);
    const denied = await f.client.get('/api/citizen/threads');
    expect(denied.status).toBe(403);
    expect(denied.json().code).toBe('REPRESENTATION_AREA');
    expect((await f.client.get(`/api/citizen/threads/${own.json().id}`)).status).toBe(403);
    expect((await f.client.get('/api/citizen/unread')).status).toBe(403);
    // The area is checked before the body is read: a malformed body is refused for the area (403), not parsed (400).
    const garbage = await f.client.request('POST', `/api/citizen/contacts/${f.childContact.id}/threads`, { raw: '{"kind":', headers: { 'content-type': 'application/json' } });
    expect([garbage.status, garbage.json().code]).toEqual([403, 'REPRESENTATION_AREA']);

    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const parents = await doctor.get(`/api/staff/contacts/${f.childContact.id}/parents`);
    expect(parents.json().items).toEqual([{ id: f.parent.id, name: f.parent.name }]);
    const grant = await doctor.post(`/api/staff/contacts/${f.childContact.id}/parent-dialog`, {
      parentId: f.parent.id,
      days: 30,
      reason: 'Vurdert i konsultasjon med ungdommen alene',
    });
    expect(grant.status).toBe(201);

    const list = await f.client.get('/api/citizen/threads');
    expect(list.status).toBe(200);
    expect(list.json().items).toEqual([]);
    expect((await f.client.get(`/api/citizen/threads/${own.json().id}`)).status).toBe(404);
    const written = await f.client.post(`/api/citizen/contacts/${f.childContact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Fra forelder' });
    expect(written.status).toBe(201);
    expect((await f.client.get('/api/citizen/threads')).json().items.map((t: { id: string }) => t.id)).toEqual([written.json().id]);

    // 31 days later (a new session: the old one has long expired) the grant has ended by itself.
    setClock(new Date(Date.now() + 31 * 86_400_000));
    await login(f.client, 'citizen', f.parent.accountId);
    expect((await actFor(f.client, f.child.id)).status).toBe(200);
    expect((await f.client.get('/api/citizen/threads')).status).toBe(403);
  });

  it('pages a parent through the visible threads without skipping any when one is hidden', async () => {
    const f = await family(8);
    await actFor(f.client, f.child.id);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await f.client.post(`/api/citizen/contacts/${f.childContact.id}/threads`, { kind: 'ekontakt', topic: `Side ${i}`, text: 'Hei' })).json().id);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    await doctor.post('/api/staff/hidden-from-parents', { objectType: 'thread', objectId: ids[1], hidden: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: { items: { id: string }[]; nextCursor: string | null } = (
        await f.client.get(`/api/citizen/threads?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...res.items.map((t) => t.id));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([ids[2], ids[0]]);
  });

  it('lets a clinician hide a single item from the parent of a child', async () => {
    const f = await family(8);
    await actFor(f.client, f.child.id);
    const t = (await f.client.post(`/api/citizen/contacts/${f.childContact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    expect((await doctor.post('/api/staff/hidden-from-parents', { objectType: 'thread', objectId: t.id, hidden: true })).status).toBe(200);
    expect((await f.client.get(`/api/citizen/threads/${t.id}`)).status).toBe(404);
    expect((await f.client.get('/api/citizen/threads')).json().items).toEqual([]);
  });
});

describe('birthdays at midnight, Europe/Oslo', () => {
  async function parentChild(birthDate: string) {
    const db = srv.database.db;
    const addr = `addr-${Math.random()}`;
    const parent = await createCitizen(db, { age: 45, addressKey: addr });
    const child = await createCitizen(db, { birthDate, addressKey: addr });
    await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    return { parent, child };
  }

  it('narrows a parent’s access at the 12th birthday, to the second', async () => {
    // Born 2014-03-30: the 12th birthday is 2026-03-30 (Oslo is UTC+2 then: midnight = 22:00 UTC the day before).
    const { parent, child } = await parentChild('2014-03-30');
    const before = await representationOf(srv.database.db, parent.id, child.id, new Date('2026-03-29T21:59:59Z'));
    const after = await representationOf(srv.database.db, parent.id, child.id, new Date('2026-03-29T22:00:01Z'));
    expect(before?.areas.has('dialog')).toBe(true);
    expect(before?.areas.has('documents')).toBe(true);
    expect(after?.areas.has('dialog')).toBe(false);
    expect(after?.areas.has('documents')).toBe(false);
    expect(after?.areas.has('appointments')).toBe(true);
  });

  it('ends a parent’s access at the 16th birthday, to the second, through HTTP', async () => {
    // Born 2010-01-15: the 16th birthday is 2026-01-15 (Oslo is UTC+1: midnight = 23:00 UTC the day before).
    const { parent, child } = await parentChild('2010-01-15');
    const c = new TestClient(srv.url);
    await login(c, 'citizen', parent.accountId);
    setClock(new Date('2026-01-14T22:59:59Z'));
    expect((await actFor(c, child.id)).status).toBe(200);
    expect((await c.get('/api/citizen/contacts')).status).toBe(200);
    setClock(new Date('2026-01-14T23:00:01Z'));
    const res = await c.get('/api/citizen/contacts');
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('REPRESENTATION_ENDED');
    // Back to acting as oneself.
    setClock(undefined);
    expect((await c.get('/api/me')).json().actingFor).toBeNull();
  });
});

describe('powers of attorney', () => {
  it('are given, used, and revoked with effect on the very next request', async () => {
    const db = srv.database.db;
    const f = await gpOffice(db);
    const relative = await createCitizen(db, { age: 50, given: 'Slektning' });
    const grantor = new TestClient(srv.url);
    await login(grantor, 'citizen', f.citizen.accountId);
    const given = await grantor.post('/api/citizen/powers-of-attorney', { holderNationalId: relative.national_id, areas: ['dialog', 'appointments'] });
    expect(given.status).toBe(201);
    expect(given.json()).toMatchObject({ holder: { id: relative.id }, areas: ['dialog', 'appointments'], active: true });

    const holder = new TestClient(srv.url);
    await login(holder, 'citizen', relative.accountId);
    expect((await actFor(holder, f.citizen.id)).status).toBe(200);
    const sent = await holder.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Skriver for min mor' });
    expect(sent.status).toBe(201);
    // Reading the conversation again (nothing unread in it) is in the access log too.
    expect((await holder.get(`/api/citizen/threads/${sent.json().id}`)).status).toBe(200);
    // Letters and the access log are not in this power of attorney.
    expect((await holder.get('/api/citizen/access-log')).status).toBe(403);

    const revoked = await grantor.post(`/api/citizen/powers-of-attorney/${given.json().id}/revoke`, {});
    expect(revoked.json().active).toBe(false);
    const next = await holder.get('/api/citizen/threads');
    expect(next.status).toBe(403);
    expect(next.json().code).toBe('REPRESENTATION_ENDED');

    // The access log shows what the relative did.
    const log = await grantor.get('/api/citizen/access-log');
    expect(log.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: { kind: 'representative', name: relative.name, role: 'poa' }, action: 'thread.create' }),
        expect.objectContaining({ actor: { kind: 'representative', name: relative.name, role: 'poa' }, action: 'thread.read' }),
      ]),
    );
  });

  it('refuses givers under 16, holders under 18, and anyone with a confidential address', async () => {
    const db = srv.database.db;
    const young = await createCitizen(db, { age: 15 });
    const adult = await createCitizen(db, { age: 40 });
    const minor = await createCitizen(db, { age: 17 });
    const secret = await createCitizen(db, { age: 40, confidential: true });
    const y = new TestClient(srv.url);
    await login(y, 'citizen', young.accountId);
    expect((await y.post('/api/citizen/powers-of-attorney', { holderNationalId: adult.national_id, areas: ['all'] })).status).toBe(403);
    const a = new TestClient(srv.url);
    await login(a, 'citizen', adult.accountId);
    expect((await a.post('/api/citizen/powers-of-attorney', { holderNationalId: minor.national_id, areas: ['all'] })).status).toBe(400);
    const toSecret = await a.post('/api/citizen/powers-of-attorney', { holderNationalId: secret.national_id, areas: ['all'] });
    expect(toSecret.status).toBe(403);
    expect(toSecret.json().detail).not.toMatch(/confidential/i);
    expect((await a.post('/api/citizen/powers-of-attorney', { holderNationalId: '12345678901', areas: ['all'] })).status).toBe(400);
    const rows = await db.selectFrom('powers_of_attorney').select('id').where('grantor_id', 'in', [young.id, adult.id]).execute();
    expect(rows).toEqual([]);
  });

  it('an expired power of attorney gives nothing', async () => {
    const db = srv.database.db;
    const g = await createCitizen(db, { age: 70 });
    const h = await createCitizen(db, { age: 45 });
    await db
      .insertInto('powers_of_attorney')
      .values({
        grantor_id: g.id,
        holder_id: h.id,
        areas: ['all'],
        valid_from: new Date(Date.now() - 10 * 86_400_000),
        valid_until: new Date(Date.now() - 1000),
      })
      .execute();
    expect(await representationOf(db, h.id, g.id)).toBeUndefined();
  });
});

describe('flexible dialog', () => {
  it('lets a relative write to the coordinator for a period, then ends by itself', async () => {
    const db = srv.database.db;
    const f = await gpOffice(db);
    const holder = await createCitizen(db, { age: 50 });
    await db
      .insertInto('powers_of_attorney')
      .values({ grantor_id: f.citizen.id, holder_id: holder.id, areas: ['appointments'], valid_from: new Date(Date.now() - 1000) })
      .execute();
    await enableServices(db, f.unit.id, ['timevisning']);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const g = await doctor.post(`/api/staff/contacts/${f.contact.id}/flexible-dialog`, { personId: holder.id, addressedRole: 'secretary', days: 14 });
    expect(g.status).toBe(201);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', holder.accountId);
    await actFor(c, f.citizen.id);
    const sent = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'standarddialog', topic: 'Oppfølging', text: 'Hei' });
    expect(sent.status).toBe(201);
    const row = await db.selectFrom('threads').select(['addressed_role']).where('id', '=', sent.json().id).executeTakeFirstOrThrow();
    expect(row.addressed_role).toBe('secretary');
    // 15 days later, in a new session (the old one has long expired).
    setClock(new Date(Date.now() + 15 * 86_400_000));
    await login(c, 'citizen', holder.accountId);
    expect((await actFor(c, f.citizen.id)).status).toBe(200);
    expect((await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'standarddialog', topic: 'Oppfølging', text: 'Hei igjen' })).status).toBe(
      403,
    );
  });
});

describe('staff view of a patient’s representation', () => {
  it('shows relatives and grants, and a revoked grant ends dialog on the next request', async () => {
    const f = await family(13);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const g = await doctor.post(`/api/staff/contacts/${f.childContact.id}/parent-dialog`, {
      parentId: f.parent.id,
      days: 10,
      reason: 'Vurdert sammen med ungdommen',
    });
    expect(g.status).toBe(201);
    const detail = await doctor.get(`/api/staff/contacts/${f.childContact.id}`);
    expect(detail.json()).toMatchObject({
      citizenId: f.child.id,
      age: 13,
      relatives: [{ id: f.parent.id, relation: 'parent' }],
      grants: [{ kind: 'parent_dialog', active: true, person: { id: f.parent.id } }],
    });
    await actFor(f.client, f.child.id);
    expect((await f.client.get('/api/citizen/threads')).status).toBe(200);
    const revoked = await doctor.post(`/api/staff/grants/parent_dialog/${g.json().id}/revoke`, {});
    expect(revoked.status).toBe(200);
    const after = await f.client.get('/api/citizen/threads');
    expect(after.status).toBe(403);
    expect(after.json()).toMatchObject({ code: 'REPRESENTATION_AREA', area: 'dialog' });
    // Another unit's staff see nothing.
    const outsider = await gpOffice(srv.database.db);
    const o = new TestClient(srv.url);
    await login(o, 'staff', outsider.doctor.accountId);
    expect((await o.get(`/api/staff/contacts/${f.childContact.id}`)).status).toBe(404);
    expect((await o.post(`/api/staff/grants/parent_dialog/${g.json().id}/revoke`, {})).status).toBe(404);
  });
});
