/**
 * Digital tools and the patient's to-do list over HTTP: the catalogue and who keeps it, a
 * clinician sending a tool (roles, age limits, retired tools, idempotent retries), the neutral
 * notice, the citizen's tasks (overdue first, done ones in the history), representation by the
 * access policy, and the access log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

const tool = (extra: Record<string, unknown> = {}) => ({
  name: `Søvndagbok ${randomUUID().slice(0, 8)}`,
  purpose: 'Før dagbok over søvnen i to uker.',
  publisher: 'Testforlaget',
  kind: 'web',
  url: 'https://verktoy.example.no/sovn',
  minAge: 16,
  maxAge: null,
  qualityAssured: true,
  ...extra,
});

async function setup() {
  const f = await gpOffice(db());
  await db().updateTable('staff').set({ catalogue_admin: true }).where('id', '=', f.secretary.id).execute();
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  const created = await admin.post('/api/staff/tools', tool());
  expect(created.status).toBe(201);
  return { ...f, c, d, admin, tool: created.json() as { id: string; name: string } };
}

describe('the tool catalogue', () => {
  it('is read by every clinician and changed only by a catalogue administrator, with clear errors', async () => {
    const s = await setup();
    const list = await s.d.get('/api/staff/tools');
    expect(list.status).toBe(200);
    expect(list.json().canEdit).toBe(false);
    expect(list.json().items.map((t: { id: string }) => t.id)).toContain(s.tool.id);

    const refused = await s.d.post('/api/staff/tools', tool());
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('NOT_CATALOGUE_ADMIN');

    const badUrl = await s.admin.post('/api/staff/tools', tool({ url: 'http://plain.example.no' }));
    expect(badUrl.status).toBe(400);
    expect(badUrl.json().code).toBe('VALIDATION_FAILED');
    const badAges = await s.admin.post('/api/staff/tools', tool({ minAge: 18, maxAge: 12 }));
    expect(badAges.status).toBe(400);
    const taken = await s.admin.post('/api/staff/tools', tool({ name: s.tool.name.toUpperCase() }));
    expect(taken.status).toBe(409);
    expect(taken.json().code).toBe('TOOL_NAME_TAKEN');

    const edited = await s.admin.put(`/api/staff/tools/${s.tool.id}`, tool({ name: s.tool.name, purpose: 'Ny beskrivelse.' }));
    expect(edited.json()).toMatchObject({ id: s.tool.id, purpose: 'Ny beskrivelse.' });

    const retired = await s.admin.post(`/api/staff/tools/${s.tool.id}/retire`);
    expect(retired.json().retired).toBe(true);
    expect((await s.d.get('/api/staff/tools')).json().items.map((t: { id: string }) => t.id)).not.toContain(s.tool.id);
    expect((await s.admin.get('/api/staff/tools?retired=true')).json().items.map((t: { id: string }) => t.id)).toContain(s.tool.id);
    const send = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: s.tool.id, contactId: s.contact.id });
    expect(send.status).toBe(409);
    expect(send.json().code).toBe('TOOL_RETIRED');
  });
});

describe('sending a tool', () => {
  it('is for clinicians, within the age limits; the patient gets a neutral notice and finds it among their tasks', async () => {
    const s = await setup();
    await db().updateTable('persons').set({ phone: '+4790011224' }).where('id', '=', s.citizen.id).execute();
    const secretary = await s.admin.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: s.tool.id, contactId: s.contact.id });
    expect(secretary.status).toBe(403);

    const tooOld = (await s.admin.post('/api/staff/tools', tool({ minAge: 10, maxAge: 20 }))).json();
    const age = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: tooOld.id, contactId: s.contact.id });
    expect(age.status).toBe(422);
    expect(age.json().code).toBe('TOOL_AGE_LIMIT');
    expect(age.json().detail).toContain('10–20');

    const past = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: s.tool.id, contactId: s.contact.id, dueDate: '2020-01-01' });
    expect(past.status).toBe(400);

    const key = randomUUID();
    const body = { toolId: s.tool.id, contactId: s.contact.id, note: 'Fyll ut hver morgen.', dueDate: '2099-06-30' };
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, body, { headers: { 'idempotency-key': key } });
    expect(sent.status).toBe(201);
    const again = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, body, { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    expect(again.json().id).toBe(sent.json().id);
    expect(await db().selectFrom('tool_assignments').select('id').where('citizen_id', '=', s.citizen.id).execute()).toHaveLength(1);
    const a = sent.json();
    expect(a).toMatchObject({ note: 'Fyll ut hver morgen.', openedAt: null, doneAt: null, sentBy: s.doctor.name });
    // The deadline is the end of that day in Oslo (summer time: 21:59:59.999 UTC).
    expect(a.dueAt).toBe('2099-06-30T21:59:59.999Z');

    // Neutral: "a new task", not the tool, the unit or the note.
    const jobs = await db().selectFrom('jobs').select(['queue', 'payload']).where('queue', 'like', 'notify.%').execute();
    const mine = jobs.filter((j) => JSON.stringify(j.payload).includes(s.citizen.id) && JSON.stringify(j.payload).includes('"task"'));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const j of mine) {
      const text = JSON.stringify(j.payload);
      expect(text).not.toContain(s.tool.name);
      expect(text).not.toContain('Fyll ut');
    }

    // The staff send is in the patient's access log.
    const audit = await db().selectFrom('audit_events').selectAll().where('citizen_id', '=', s.citizen.id).where('action', '=', 'tool.send').execute();
    expect(audit).toEqual([expect.objectContaining({ actor_staff_id: s.doctor.id, actor_role: 'doctor', unit_id: s.unit.id, object_id: a.id })]);

    const tasks = await s.c.get('/api/citizen/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.json().open).toEqual([
      {
        kind: 'tool',
        id: a.id,
        title: s.tool.name,
        unitId: s.unit.id,
        unitName: s.unit.name,
        dueAt: a.dueAt,
        doneAt: null,
        href: `/citizen/oppgaver/verktoy/${a.id}`,
      },
    ]);
    const opened = await s.c.get(`/api/citizen/tool-assignments/${a.id}`);
    expect(opened.json().openedAt).not.toBeNull();
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/tool-assignments?contactId=${s.contact.id}`)).json().items[0].openedAt).not.toBeNull();

    const done = await s.c.put(`/api/citizen/tool-assignments/${a.id}/done`, { done: true });
    expect(done.json().doneAt).not.toBeNull();
    const after = (await s.c.get('/api/citizen/tasks')).json();
    expect(after.open).toEqual([]);
    expect(after.done.map((t: { id: string }) => t.id)).toEqual([a.id]);
  });

  it('orders the open tasks overdue first, then by deadline, then those without one', async () => {
    const s = await setup();
    const send = async (dueDate?: string) =>
      (await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: s.tool.id, contactId: s.contact.id, ...(dueDate ? { dueDate } : {}) })).json()
        .id as string;
    const none = await send();
    const later = await send('2099-12-01');
    const sooner = await send('2099-01-01');
    const overdue = await send('2099-02-01');
    await db()
      .updateTable('tool_assignments')
      .set({ due_at: new Date(Date.now() - 86_400_000) })
      .where('id', '=', overdue)
      .execute();
    const list = (await s.c.get('/api/citizen/tasks')).json();
    expect(list.open.map((t: { id: string }) => t.id)).toEqual([overdue, sooner, later, none]);
    expect(list.overdue).toBe(1);
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
    const forChildren = (await s.admin.post('/api/staff/tools', tool({ minAge: 6, maxAge: 15 }))).json();
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/tool-assignments`, { toolId: forChildren.id, contactId: contact.id });
    expect(sent.status).toBe(201);
    const p = new TestClient(srv.url);
    await login(p, 'citizen', parent.accountId);
    expect((await p.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
    return { ...s, child, parent, p, assignment: sent.json() as { id: string } };
  }

  it('lets the parent of an 8-year-old see and do the task, in the child’s access log', async () => {
    const f = await family(8);
    expect((await f.p.get('/api/citizen/tasks')).json().open.map((t: { id: string }) => t.id)).toEqual([f.assignment.id]);
    expect((await f.p.put(`/api/citizen/tool-assignments/${f.assignment.id}/done`, { done: true })).status).toBe(200);
    const row = await db().selectFrom('tool_assignments').select('done_by_person_id').where('id', '=', f.assignment.id).executeTakeFirstOrThrow();
    expect(row.done_by_person_id).toBe(f.parent.id);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_kind', 'actor_person_id'])
      .where('citizen_id', '=', f.child.id)
      .where('action', '=', 'tool.done')
      .execute();
    expect(audit).toEqual([{ action: 'tool.done', actor_kind: 'representative', actor_person_id: f.parent.id }]);
  });

  it('keeps a 14-year-old’s tools from the parent: not in the list, refused when asked for', async () => {
    const f = await family(14);
    const tasks = await f.p.get('/api/citizen/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.json().open).toEqual([]);
    const open = await f.p.get(`/api/citizen/tool-assignments/${f.assignment.id}`);
    expect(open.status).toBe(403);
    expect(open.json().code).toBe('REPRESENTATION_AREA');
    const other = await f.c.get(`/api/citizen/tool-assignments/${f.assignment.id}`);
    expect(other.status).toBe(404);
  });
});
