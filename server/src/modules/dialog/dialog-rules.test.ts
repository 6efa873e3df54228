/**
 * The dialog rules (docs/dialog-rules.md): topics with guidance and routing, out-of-office cover
 * on every path that routes a thread, escalation past the promised answer date (once per step,
 * catching up after downtime), and the citizen's archive and search.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { setClock } from '../../platform/clock.ts';
import { escalateDue, ESCALATION_QUEUE, scheduleEscalation } from './escalation.ts';
import { createWorker } from '../../workers.ts';
import { createEventBus } from '../../domain-events.ts';

const events = () => createEventBus(srv.config, srv.database);

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
afterEach(() => setClock(undefined));

async function clients(f: Awaited<ReturnType<typeof gpOffice>>) {
  const doctor = new TestClient(srv.url);
  await login(doctor, 'staff', f.doctor.accountId);
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  const citizen = new TestClient(srv.url);
  await login(citizen, 'citizen', f.citizen.accountId);
  return { doctor, admin, citizen };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('topics', () => {
  it('carry guidance for the citizen, route to a role pool, and filter the inbox', async () => {
    const f = await gpOffice(srv.database.db);
    const { doctor, admin, citizen } = await clients(f);
    const body = {
      service: 'ekontakt',
      texts: {
        nb: { label: 'Prøvesvar', guidance: 'Prøvesvar: svar kommer i Mine dokumenter.' },
        en: { label: 'Test results', guidance: 'Test results: the answer comes in My documents.' },
      },
      rolePool: 'secretary',
    };
    expect((await doctor.post(`/api/staff/units/${f.unit.id}/topics`, body)).json().code).toBe('NOT_UNIT_ADMIN');
    const created = await admin.post(`/api/staff/units/${f.unit.id}/topics`, body);
    expect(created.status, created.body).toBe(201);
    const topic = created.json();

    const offered = (await citizen.get(`/api/citizen/contacts/${f.contact.id}/services`)).json();
    const ekontakt = offered.items.find((i: { service: string }) => i.service === 'ekontakt');
    expect(ekontakt.topics).toEqual(['Annet', 'Prøvesvar']);
    expect(ekontakt.topicItems.find((t: { id: string }) => t.id === topic.id).texts).toEqual(body.texts);

    const sent = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Test results', topicId: topic.id, text: 'Har svaret kommet?' });
    expect(sent.status, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ topic: 'Prøvesvar', topicId: topic.id });
    const other = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Noe annet', text: 'Hei' });
    expect(other.status).toBe(201);

    const staffView = (await admin.get(`/api/staff/threads/${sent.json().id}`)).json();
    expect(staffView).toMatchObject({ addressedRole: 'secretary', topicId: topic.id });
    const filtered = (await admin.get(`/api/staff/units/${f.unit.id}/threads?topic=${topic.id}`)).json();
    expect(filtered.items.map((i: { id: string }) => i.id)).toEqual([sent.json().id]);

    // The service form's list of names keeps the topic's guidance and routing; a name left out goes inactive.
    const svc = { enabled: true, initiator: 'both', answerDays: 5, introText: null, topics: ['Prøvesvar', 'Time'] };
    expect((await admin.put(`/api/staff/units/${f.unit.id}/services/ekontakt`, svc)).status).toBe(200);
    const all = (await admin.get(`/api/staff/units/${f.unit.id}/topics`)).json().items.filter((t: { service: string }) => t.service === 'ekontakt');
    expect(all.map((t: { texts: { nb: { label: string } }; active: boolean; position: number }) => [t.texts.nb.label, t.active, t.position])).toEqual(
      expect.arrayContaining([
        ['Prøvesvar', true, 0],
        ['Time', true, 1],
        ['Annet', false, expect.any(Number)],
      ]),
    );
    expect(all.find((t: { id: string }) => t.id === topic.id)).toMatchObject({ rolePool: 'secretary', texts: body.texts });

    // An inactive topic cannot be chosen.
    expect((await admin.put(`/api/staff/units/${f.unit.id}/topics/${topic.id}`, { ...body, active: false })).status).toBe(200);
    const stale = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Prøvesvar', topicId: topic.id, text: 'Hei' });
    expect(stale.status).toBe(422);
    expect(stale.json().code).toBe('TOPIC_UNKNOWN');
  });
});

describe('the services page', () => {
  it('shows an administrator each GP’s own switch beside the unit’s setting, and nobody else', async () => {
    const f = await gpOffice(srv.database.db);
    const { doctor, admin } = await clients(f);
    expect((await doctor.put(`/api/staff/units/${f.unit.id}/my-services/ekonsultasjon`, { enabled: false })).status).toBe(200);
    const asAdmin = (await admin.get(`/api/staff/units/${f.unit.id}/services`)).json().items;
    expect(asAdmin.find((s: { service: string }) => s.service === 'ekonsultasjon').overrides).toEqual([
      { staffId: f.doctor.id, name: f.doctor.name, enabled: false },
    ]);
    expect(asAdmin.find((s: { service: string }) => s.service === 'ekontakt').overrides).toEqual([]);
    const asDoctor = (await doctor.get(`/api/staff/units/${f.unit.id}/services`)).json().items;
    expect(asDoctor.find((s: { service: string }) => s.service === 'ekonsultasjon')).not.toHaveProperty('overrides');
  });
});

describe('out-of-office cover', () => {
  it('sends the GP’s new threads, replies and assignments to the cover, with an automatic reply to the citizen', async () => {
    const f = await gpOffice(srv.database.db);
    const cover = await createStaff(srv.database.db, f.unit.id, { role: 'doctor', given: 'Vikar' });
    const { doctor, admin, citizen } = await clients(f);

    // Before the absence the GP's patient writes: addressed to the GP, not assigned.
    const before = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Annet', text: 'Før fraværet' });
    expect(before.json().messages).toHaveLength(1);

    const now = Date.now();
    const badCover = await doctor.post(`/api/staff/units/${f.unit.id}/absences`, {
      coverStaffId: f.doctor.id,
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + 3 * DAY).toISOString(),
    });
    expect(badCover.json().code).toBe('COVER_NOT_COLLEAGUE');
    const abs = await doctor.post(`/api/staff/units/${f.unit.id}/absences`, {
      coverStaffId: cover.id,
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + 3 * DAY).toISOString(),
    });
    expect(abs.status, abs.body).toBe(201);
    expect(abs.json()).toMatchObject({ staff: { id: f.doctor.id }, cover: { id: cover.id, name: cover.name }, current: true });
    const overlap = await doctor.post(`/api/staff/units/${f.unit.id}/absences`, {
      coverStaffId: cover.id,
      startsAt: new Date(now + DAY).toISOString(),
      endsAt: new Date(now + 5 * DAY).toISOString(),
    });
    expect(overlap.status).toBe(409);
    expect(overlap.json().code).toBe('ABSENCE_OVERLAP');

    // A new thread to the absent GP lands with the cover; the citizen is told who and when.
    const sent = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Annet', text: 'Under fraværet' });
    expect(sent.status, sent.body).toBe(201);
    const msgs = sent.json().messages;
    expect(msgs).toHaveLength(2);
    expect(msgs[1].author.kind).toBe('system');
    expect(msgs[1].text).toContain(cover.name);
    expect(msgs[1].text).toContain(f.doctor.name);
    const due = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(sent.json().dueAt));
    expect(msgs[1].text).toContain(`Du kan vente svar innen ${due}`);
    expect((await admin.get(`/api/staff/threads/${sent.json().id}`)).json().assignedTo).toMatchObject({ id: cover.id });
    const coverClient = new TestClient(srv.url);
    await login(coverClient, 'staff', cover.accountId);
    const notices = (await coverClient.get('/api/staff/notices?unread=true')).json().items;
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'cover', threadId: sent.json().id })]));

    // A reply in the thread that was addressed to the GP before the absence goes to the cover too.
    const reply = await citizen.post(`/api/citizen/threads/${before.json().id}/messages`, { text: 'Et tillegg' });
    expect(reply.status).toBe(201);
    const beforeNow = (await admin.get(`/api/staff/threads/${before.json().id}`)).json();
    expect(beforeNow.assignedTo).toMatchObject({ id: cover.id });
    expect(beforeNow.messages.at(-1)).toMatchObject({ author: { kind: 'system' } });

    // A colleague assigning a thread to the absent GP: it goes to the cover.
    const third = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Praktisk' });
    await admin.post(`/api/staff/threads/${third.json().id}/assign`, { staffId: null });
    const assigned = await admin.post(`/api/staff/threads/${third.json().id}/assign`, { staffId: f.doctor.id });
    expect(assigned.status).toBe(200);
    expect(assigned.json().assignedTo).toMatchObject({ id: cover.id });

    // Ended: the GP's threads stay with the GP again.
    expect((await doctor.post(`/api/staff/units/${f.unit.id}/absences/${abs.json().id}/end`)).status).toBe(204);
    expect((await admin.get(`/api/staff/units/${f.unit.id}/absences`)).json().items).toEqual([]);
    const after = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Annet', text: 'Etter fraværet' });
    expect(after.json().messages).toHaveLength(1);
    expect((await admin.get(`/api/staff/threads/${after.json().id}`)).json().assignedTo).toBeNull();
  });

  it('lets only an administrator register a colleague’s absence, and follows a cover who is away too', async () => {
    const f = await gpOffice(srv.database.db);
    const b = await createStaff(srv.database.db, f.unit.id, { role: 'doctor', given: 'Bente' });
    const c = await createStaff(srv.database.db, f.unit.id, { role: 'doctor', given: 'Cecilie' });
    const { doctor, admin, citizen } = await clients(f);
    const span = { startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: new Date(Date.now() + DAY).toISOString() };
    expect((await doctor.post(`/api/staff/units/${f.unit.id}/absences`, { staffId: b.id, coverStaffId: c.id, ...span })).json().code).toBe('NOT_UNIT_ADMIN');
    expect((await admin.post(`/api/staff/units/${f.unit.id}/absences`, { staffId: f.doctor.id, coverStaffId: b.id, ...span })).status).toBe(201);
    expect((await admin.post(`/api/staff/units/${f.unit.id}/absences`, { staffId: b.id, coverStaffId: c.id, ...span })).status).toBe(201);
    const sent = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    expect((await admin.get(`/api/staff/threads/${sent.json().id}`)).json().assignedTo).toMatchObject({ id: c.id });
    expect(sent.json().messages[1].text).toContain(c.name);
  });
});

describe('escalation', () => {
  it('escalates to the assignee, then to the leader, each step once, and shows them on the thread', async () => {
    const f = await gpOffice(srv.database.db);
    const leader = await createStaff(srv.database.db, f.unit.id, { role: 'doctor', given: 'Leder' });
    const { doctor, admin, citizen } = await clients(f);
    const set = await admin.put(`/api/staff/units/${f.unit.id}/escalation`, { secondStep: 'leader', leaderStaffId: leader.id, rolePool: null, secondAfterDays: 2 });
    expect(set.status, set.body).toBe(200);
    const sent = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Annet', text: 'Hei' });
    const id = sent.json().id as string;
    await doctor.post(`/api/staff/threads/${id}/assign`, { staffId: f.doctor.id });
    const due = new Date(sent.json().dueAt);

    // Not yet due: nothing.
    await escalateDue(srv.database.db, events(), new Date(due.getTime() - HOUR));
    expect((await doctor.get(`/api/staff/threads/${id}`)).json().escalations).toEqual([]);

    // Passed: step 1 to the assignee, once however often the scan runs.
    const justAfter = new Date(due.getTime() + HOUR);
    await escalateDue(srv.database.db, events(), justAfter);
    await escalateDue(srv.database.db, events(), justAfter);
    let view = (await doctor.get(`/api/staff/threads/${id}`)).json();
    expect(view.escalations).toEqual([expect.objectContaining({ step: 1, promisedAt: due.toISOString(), toStaff: { id: f.doctor.id, name: f.doctor.name }, toRole: null })]);
    const mine = (await doctor.get('/api/staff/notices')).json().items.filter((n: { threadId: string }) => n.threadId === id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'escalation', readAt: null })]);
    expect((await doctor.post(`/api/staff/notices/${mine[0].id}/read`)).status).toBe(204);
    expect((await admin.post(`/api/staff/notices/${mine[0].id}/read`)).status).toBe(404);

    // Two working days later: step 2 to the leader, once.
    const later = new Date(due.getTime() + 5 * DAY);
    await escalateDue(srv.database.db, events(), later);
    await escalateDue(srv.database.db, events(), later);
    view = (await doctor.get(`/api/staff/threads/${id}`)).json();
    expect(view.escalations.map((e: { step: number; toStaff: { id: string } | null }) => [e.step, e.toStaff?.id])).toEqual([
      [1, f.doctor.id],
      [2, leader.id],
    ]);

    // Answered: nothing more, even later.
    await doctor.post(`/api/staff/threads/${id}/messages`, { text: 'Svar' });
    await escalateDue(srv.database.db, events(), new Date(due.getTime() + 20 * DAY));
    expect((await doctor.get(`/api/staff/threads/${id}`)).json().escalations).toHaveLength(2);
  });

  it('runs as a durable job that catches up after downtime: both steps of a long-overdue thread, to a role pool', async () => {
    const f = await gpOffice(srv.database.db);
    const nurse = await createStaff(srv.database.db, f.unit.id, { role: 'nurse', given: 'Sykepleier' });
    const { admin, citizen } = await clients(f);
    await admin.put(`/api/staff/units/${f.unit.id}/escalation`, { secondStep: 'role', leaderStaffId: null, rolePool: 'nurse', secondAfterDays: 1 });
    const sent = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    const id = sent.json().id as string;
    // The promise passed ten days ago while no worker ran.
    const promised = new Date(Date.now() - 10 * DAY);
    await srv.database.db.updateTable('threads').set({ due_at: promised }).where('id', '=', id).execute();

    const worker = createWorker(srv.config, srv.database, srv.app.log);
    const interval = 7_919;
    expect(await scheduleEscalation(srv.database.db, interval)).toBe(true);
    expect(await scheduleEscalation(srv.database.db, interval)).toBe(false);
    await worker.drain();
    const job = await srv.database.db.selectFrom('jobs').select(['state']).where('queue', '=', ESCALATION_QUEUE.name).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job.state).toBe('done');

    const view = (await admin.get(`/api/staff/threads/${id}`)).json();
    // Step 1 goes to the GP the thread is addressed to; step 2 to the nurses' pool.
    expect(view.escalations.map((e: { step: number; toStaff: { id: string } | null; toRole: string | null }) => [e.step, e.toStaff?.id ?? null, e.toRole])).toEqual([
      [1, f.doctor.id, null],
      [2, null, 'nurse'],
    ]);
    const nurseClient = new TestClient(srv.url);
    await login(nurseClient, 'staff', nurse.accountId);
    expect((await nurseClient.get('/api/staff/notices')).json().items).toEqual([expect.objectContaining({ kind: 'escalation', threadId: id })]);
    // A second run finds nothing to do for it.
    await escalateDue(srv.database.db, events());
    expect((await admin.get(`/api/staff/threads/${id}`)).json().escalations).toHaveLength(2);
  });
});

describe('the citizen’s archive and search', () => {
  it('hides an archived thread until a newer message arrives, and finds threads by their words', async () => {
    const f = await gpOffice(srv.database.db);
    const { doctor, citizen } = await clients(f);
    const a = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Attest', text: 'Jeg trenger en legeerklæring til skolen.' });
    const b = await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Time', text: 'Kan jeg flytte timen min?' });
    // Another citizen's thread with the same words is never found.
    const stranger = await createCitizen(srv.database.db, { age: 40 });
    const strangerContact = await createContact(srv.database.db, stranger.id, f.unit.id, { gpStaffId: f.doctor.id });
    const sc = new TestClient(srv.url);
    await login(sc, 'citizen', stranger.accountId);
    expect((await sc.post(`/api/citizen/contacts/${strangerContact.id}/threads`, { kind: 'ekontakt', topic: 'Attest', text: 'Legeerklæring, takk.' })).status).toBe(201);

    const ids = async (q = '') => (await citizen.get(`/api/citizen/threads${q}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids()).toEqual([b.json().id, a.json().id]);
    expect(await ids('?q=legeerklæringen')).toEqual([a.json().id]);
    expect(await ids('?q=timen')).toEqual([b.json().id]);

    expect((await citizen.put(`/api/citizen/threads/${a.json().id}/archive`)).status).toBe(204);
    expect(await ids()).toEqual([b.json().id]);
    expect(await ids('?view=archived')).toEqual([a.json().id]);
    // Search still finds it, marked archived; the thread says so.
    expect((await citizen.get('/api/citizen/threads?q=legeerklæring')).json().items).toEqual([expect.objectContaining({ id: a.json().id, archived: true })]);
    expect((await citizen.get(`/api/citizen/threads/${a.json().id}`)).json().archived).toBe(true);

    // The unit writes: the thread is back in the list.
    expect((await doctor.post(`/api/staff/threads/${a.json().id}/messages`, { text: 'Erklæringen er klar.', asAnswer: false })).status).toBe(201);
    expect(await ids()).toEqual([a.json().id, b.json().id]);
    expect(await ids('?view=archived')).toEqual([]);

    // Moving back by hand.
    await citizen.put(`/api/citizen/threads/${b.json().id}/archive`);
    expect((await citizen.request('DELETE', `/api/citizen/threads/${b.json().id}/archive`)).status).toBe(204);
    expect(await ids()).toContain(b.json().id);
    // Someone else's thread: not found.
    expect((await sc.put(`/api/citizen/threads/${a.json().id}/archive`)).status).toBe(404);
  });
});
