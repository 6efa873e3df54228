/** Dialog end to end over HTTP: every kind, read receipts, statuses, fees, renewals, the inbox, audit. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices, gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes } from '../../test/files.ts';
import { openTestDatabase, startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { sha256 } from '../../platform/session.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

async function setup() {
  const f = await gpOffice(srv.database.db);
  const citizen = new TestClient(srv.url);
  await login(citizen, 'citizen', f.citizen.accountId);
  const doctor = new TestClient(srv.url);
  await login(doctor, 'staff', f.doctor.accountId);
  return { ...f, c: citizen, d: doctor };
}

describe('service catalogue', () => {
  it('shows the citizen exactly the services on offer, with texts', async () => {
    const s = await setup();
    const res = await s.c.get(`/api/citizen/contacts/${s.contact.id}/services`);
    expect(res.status).toBe(200);
    expect(
      res
        .json()
        .items.map((i: { service: string }) => i.service)
        .sort(),
    ).toEqual(['ekonsultasjon', 'ekontakt', 'fornyresept', 'journalkopi']);
    expect(res.json().items[0]).toMatchObject({ canStart: true, answerDays: 5, introText: expect.any(String), topics: ['Annet'] });
  });

  it('lets an administrator switch a service off; it disappears and its route refuses, changing nothing', async () => {
    const s = await setup();
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', s.secretary.accountId);
    const body = { enabled: false, initiator: 'both', answerDays: 5, introText: null, topics: [] };
    const off = await admin.put(`/api/staff/units/${s.unit.id}/services/ekonsultasjon`, body);
    expect(off.status).toBe(200);
    const list = await s.c.get(`/api/citizen/contacts/${s.contact.id}/services`);
    expect(list.json().items.map((i: { service: string }) => i.service)).not.toContain('ekonsultasjon');
    const before = await srv.database.db.selectFrom('threads').select('id').where('citizen_id', '=', s.citizen.id).execute();
    const res = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Utslett', text: 'Hei' });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SERVICE_OFF', detail: expect.stringContaining('does not offer') });
    const after = await srv.database.db.selectFrom('threads').select('id').where('citizen_id', '=', s.citizen.id).execute();
    expect(after).toEqual(before);
  });

  it('refuses a non-administrator who tries to switch services', async () => {
    const s = await setup();
    const res = await s.d.put(`/api/staff/units/${s.unit.id}/services/ekontakt`, {
      enabled: false,
      initiator: 'both',
      answerDays: 5,
      introText: null,
      topics: [],
    });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('NOT_UNIT_ADMIN');
  });

  it('lets a GP switch e-konsultasjon off for their own list only', async () => {
    const s = await setup();
    const res = await s.d.put(`/api/staff/units/${s.unit.id}/my-services/ekonsultasjon`, { enabled: false });
    expect(res.status).toBe(200);
    expect(res.json().items.find((i: { service: string }) => i.service === 'ekonsultasjon')).toMatchObject({ enabled: true, mine: false });
    const own = await s.c.get(`/api/citizen/contacts/${s.contact.id}/services`);
    expect(own.json().items.map((i: { service: string }) => i.service)).not.toContain('ekonsultasjon');
    // A patient of the other doctor still has it.
    const other = await createStaff(srv.database.db, s.unit.id, { role: 'doctor' });
    const p2 = await createCitizen(srv.database.db);
    const c2 = await createContact(srv.database.db, p2.id, s.unit.id, { gpStaffId: other.id });
    const cl = new TestClient(srv.url);
    await login(cl, 'citizen', p2.accountId);
    const theirs = await cl.get(`/api/citizen/contacts/${c2.id}/services`);
    expect(theirs.json().items.map((i: { service: string }) => i.service)).toContain('ekonsultasjon');
  });
});

describe('an e-konsultasjon with a PDF, answered and read', () => {
  it('goes from new to in progress to answered, with read receipts both ways, a billing line and audit', async () => {
    const s = await setup();
    const pdf = pdfBytes();
    const sent = await s.c.upload(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      multipart({ kind: 'ekonsultasjon', topic: 'Oppfølging', text: 'Er blodtrykket mitt ok?' }, [
        { name: 'målinger.pdf', type: 'application/pdf', data: pdf },
      ]),
    );
    expect(sent.status).toBe(201);
    const t = sent.json();
    expect(t).toMatchObject({ kind: 'ekonsultasjon', status: 'new', startedBy: 'citizen', fee: { amountNok: '167.00' } });
    expect(t.dueAt).toBeTruthy();
    expect(t.messages[0]).toMatchObject({
      mine: true,
      text: 'Er blodtrykket mitt ok?',
      readAt: null,
      attachments: [{ filename: 'målinger.pdf', contentType: 'application/pdf', sizeBytes: pdf.length }],
    });

    const inbox = await s.d.get(`/api/staff/units/${s.unit.id}/threads?status=new`);
    expect(inbox.json().items.find((i: { id: string }) => i.id === t.id)).toMatchObject({ unread: 1, citizen: { id: s.citizen.id } });
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/unread`)).json().unread).toBeGreaterThanOrEqual(1);

    const opened = await s.d.get(`/api/staff/threads/${t.id}`);
    expect(opened.status).toBe(200);
    expect(opened.json().status).toBe('in_progress');
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('citizen_id', '=', s.citizen.id)
      .where('action', '=', 'thread.read')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_kind: 'staff', actor_staff_id: s.doctor.id, actor_role: 'doctor', unit_id: s.unit.id, object_id: t.id }),
    ]);

    // The citizen sees that the unit has read the message.
    const seen = await s.c.get(`/api/citizen/threads/${t.id}`);
    expect(seen.json().messages[0].readAt).not.toBeNull();

    const file = await s.d.get(`/api/staff/attachments/${opened.json().messages[0].attachments[0].id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-type')).toBe('application/pdf');

    const answered = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Ja, det ser fint ut. Se https://helsenorge.no for råd.' });
    expect(answered.status).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'answered', billing: { code: '2ae', amountNok: '167.00' } });

    expect((await s.c.get('/api/citizen/unread')).json().unread).toBe(1);
    const citizenView = await s.c.get(`/api/citizen/threads/${t.id}`);
    expect(citizenView.json().messages[1]).toMatchObject({
      mine: false,
      author: { kind: 'staff', name: s.doctor.name },
      text: expect.stringContaining('https://helsenorge.no'),
    });
    expect(citizenView.json()).not.toHaveProperty('notes');
    expect((await s.c.get('/api/citizen/unread')).json().unread).toBe(0);

    // And the doctor sees that the citizen has read the answer.
    const doctorView = await s.d.get(`/api/staff/threads/${t.id}`);
    expect(doctorView.json().messages[1].readAt).not.toBeNull();
    const billing = await srv.database.db.selectFrom('billing_lines').selectAll().where('thread_id', '=', t.id).execute();
    expect(billing).toHaveLength(1);
  });

  it("counts a unit's unread conversations exactly up to 100, and says when there are more", async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/unread`)).json()).toEqual({ unread: 1, capped: false });
    // 100 more unread conversations in the unit: copies of the first.
    const copy = (n: number) =>
      sql`INSERT INTO threads (id, citizen_id, unit_id, contact_id, kind, topic, status, started_by, replies_allowed, unit_unread, citizen_unread, created_at, last_message_at, last_seq)
        SELECT gen_random_uuid(), citizen_id, unit_id, contact_id, kind, topic, status, started_by, replies_allowed, 1, 0, created_at, last_message_at, 0
        FROM threads, generate_series(1, ${n}) WHERE id = ${t.id}`.execute(srv.database.db);
    await copy(99);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/unread`)).json()).toEqual({ unread: 100, capped: false });
    await copy(1);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/unread`)).json()).toEqual({ unread: 100, capped: true });
  });

  it('marks a message read that arrived after the thread row was read (the counter not yet showing it)', async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' });
    // What an open sees when the answer commits between its read of the thread row and of the
    // messages: a zero counter beside an unread answer.
    await srv.database.db.updateTable('threads').set({ citizen_unread: 0 }).where('id', '=', t.id).execute();
    const view = (await s.c.get(`/api/citizen/threads/${t.id}`)).json();
    expect(view.messages[1]).toMatchObject({ author: { kind: 'staff' }, readAt: expect.any(String) });
    // Same on the unit's side.
    await s.c.post(`/api/citizen/threads/${t.id}/messages`, { text: 'Takk' });
    await srv.database.db.updateTable('threads').set({ unit_unread: 0 }).where('id', '=', t.id).execute();
    const staffView = (await s.d.get(`/api/staff/threads/${t.id}`)).json();
    expect(staffView.messages[2]).toMatchObject({ author: { kind: 'citizen' }, readAt: expect.any(String) });
    const reads = await srv.database.db.selectFrom('audit_events').select('id').where('object_id', '=', t.id).where('action', '=', 'thread.read').execute();
    // One open, one audit entry (not one per path it took).
    expect(reads).toHaveLength(1);
  });

  it('opened again with nothing new: audited every time, read receipts and status unchanged', async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    const first = (await s.d.get(`/api/staff/threads/${t.id}`)).json();
    const again = await s.d.get(`/api/staff/threads/${t.id}`);
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ status: 'in_progress', unread: 0 });
    expect(again.json().messages[0].readAt).toBe(first.messages[0].readAt);
    const reads = await srv.database.db
      .selectFrom('audit_events')
      .select('actor_staff_id')
      .where('citizen_id', '=', s.citizen.id)
      .where('action', '=', 'thread.read')
      .execute();
    expect(reads).toEqual([{ actor_staff_id: s.doctor.id }, { actor_staff_id: s.doctor.id }]);

    // The citizen reads the answer once; opening it again keeps the first read time.
    await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' });
    const read = (await s.c.get(`/api/citizen/threads/${t.id}`)).json();
    expect(read.messages[1].readAt).not.toBeNull();
    const reread = (await s.c.get(`/api/citizen/threads/${t.id}`)).json();
    expect(reread).toMatchObject({ unread: 0 });
    expect(reread.messages[1].readAt).toBe(read.messages[1].readAt);
  });

  it('cannot be closed without an answer, and answer-and-close forbids further replies', async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekonsultasjon', topic: 'Annet', text: 'Spørsmål' })).json();
    const close = await s.d.post(`/api/staff/threads/${t.id}/close`, { forbidReplies: true });
    expect(close.status).toBe(409);
    expect(close.json().code).toBe('CANNOT_CLOSE_UNANSWERED');
    const done = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar', close: true });
    expect(done.json()).toMatchObject({ status: 'closed', repliesAllowed: false });
    const reply = await s.c.post(`/api/citizen/threads/${t.id}/messages`, { text: 'Takk!' });
    expect(reply.status).toBe(409);
    expect(reply.json().code).toBe('THREAD_CLOSED');
    const count = await srv.database.db.selectFrom('messages').select('id').where('thread_id', '=', t.id).execute();
    expect(count).toHaveLength(2);
  });
});

describe('kontakt legekontoret turned into an e-konsultasjon', () => {
  it('waits for the citizen to accept the fee before it goes on', async () => {
    const s = await setup();
    const t = (
      await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Jeg har vondt i kneet, hva gjør jeg?' })
    ).json();
    const re = await s.d.post(`/api/staff/threads/${t.id}/reclassify`, { kind: 'ekonsultasjon' });
    expect(re.status).toBe(200);
    expect(re.json()).toMatchObject({ kind: 'ekontakt', conversion: { kind: 'ekonsultasjon', state: 'pending' } });
    const blocked = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' });
    expect(blocked.json().code).toBe('CONVERSION_PENDING');
    const view = await s.c.get(`/api/citizen/threads/${t.id}`);
    expect(view.json()).toMatchObject({ fee: { amountNok: '167.00' }, conversion: { state: 'pending' } });
    expect(view.json().messages.at(-1)).toMatchObject({ author: { kind: 'system' }, text: expect.stringContaining('egenandel') });
    const accepted = await s.c.post(`/api/citizen/threads/${t.id}/conversion`, { accept: true });
    expect(accepted.json()).toMatchObject({ kind: 'ekonsultasjon', conversion: { state: 'accepted' } });
    const answer = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Hvil og is.' });
    expect(answer.json().billing).toMatchObject({ code: '2ae' });
  });

  it('keeps an e-kontakt free when the citizen declines', async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Vondt i hodet' })).json();
    // The clinician reads the question before deciding it needs a consultation.
    expect((await s.d.get(`/api/staff/threads/${t.id}`)).json()).toMatchObject({ unread: 0 });
    await s.d.post(`/api/staff/threads/${t.id}/reclassify`, { kind: 'ekonsultasjon' });
    const declined = await s.c.post(`/api/citizen/threads/${t.id}/conversion`, { accept: false });
    expect(declined.json()).toMatchObject({ kind: 'ekontakt', conversion: { state: 'declined' } });
    // The citizen's answer is news for the unit until a clinician opens the thread.
    const inbox = async () => (await s.d.get(`/api/staff/units/${s.unit.id}/threads`)).json().items.find((i: { id: string }) => i.id === t.id);
    expect((await inbox()).unread).toBe(1);
    expect((await s.d.get(`/api/staff/threads/${t.id}`)).json()).toMatchObject({ unread: 0 });
    expect((await inbox()).unread).toBe(0);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/unread`)).json()).toEqual({ unread: 0, capped: false });
    const answer = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Bestill time.' });
    expect(answer.json().billing).toBeNull();
  });
});

describe('forny resept', () => {
  it('is decided per item, renewed or declined with a reason', async () => {
    const s = await setup();
    const ids = s.prescriptions.map((p) => p.id);
    const t = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, {
      kind: 'fornyresept',
      prescriptionIds: ids,
      collectMethod: 'e_resept_pharmacy',
    });
    expect(t.status).toBe(201);
    expect(t.json().renewal.items.map((i: { decision: string }) => i.decision)).toEqual(['pending', 'pending']);
    const staffView = (await s.d.get(`/api/staff/threads/${t.json().id}`)).json();
    expect(staffView.renewal.declineReasons.length).toBeGreaterThan(0);
    const [a, b] = staffView.renewal.items;
    const missingReason = await s.d.post(`/api/staff/threads/${t.json().id}/renewal`, { decisions: [{ itemId: b.id, decision: 'declined' }] });
    expect(missingReason.status).toBe(400);
    const decided = await s.d.post(`/api/staff/threads/${t.json().id}/renewal`, {
      decisions: [
        { itemId: a.id, decision: 'renewed' },
        { itemId: b.id, decision: 'declined', reason: staffView.renewal.declineReasons[0] },
      ],
    });
    expect(decided.status).toBe(200);
    expect(decided.json().status).toBe('answered');
    const mine = (await s.c.get(`/api/citizen/threads/${t.json().id}`)).json();
    expect(mine.renewal.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ decision: 'renewed' }),
        expect.objectContaining({ decision: 'declined', reason: staffView.renewal.declineReasons[0] }),
      ]),
    );
  });

  it('refuses a prescription that is not the citizen’s', async () => {
    const s = await setup();
    const other = await gpOffice(srv.database.db);
    const res = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, {
      kind: 'fornyresept',
      prescriptionIds: [other.prescriptions[0]!.id],
      collectMethod: 'mail',
    });
    expect(res.status).toBe(400);
  });
});

describe('journalkopi and standard dialog', () => {
  it('takes a journalkopi request with no free text', async () => {
    const s = await setup();
    const ok = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'journalkopi' });
    expect(ok.status).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'journalkopi', topic: 'Kopi av journal' });
    const withText = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'journalkopi', text: 'free text' });
    expect(withText.status).toBe(400);
  });

  it('lets a hospital unit start a standard dialog, and the patient answer', async () => {
    const db = srv.database.db;
    const unit = await createUnit(db, { kind: 'hospital_department' });
    await enableServices(db, unit.id, ['standarddialog']);
    const coord = await createStaff(db, unit.id, { role: 'coordinator' });
    const p = await createCitizen(db);
    const contact = await createContact(db, p.id, unit.id, { source: 'care_right' });
    const staff = new TestClient(srv.url);
    await login(staff, 'staff', coord.accountId);
    const started = await staff.post(`/api/staff/units/${unit.id}/threads`, {
      contactId: contact.id,
      kind: 'standarddialog',
      topic: 'Ventetid',
      text: 'Ønsker du fortsatt å stå på venteliste?',
    });
    expect(started.status).toBe(201);
    expect(started.json()).toMatchObject({ startedBy: 'unit', status: 'answered' });
    const cit = new TestClient(srv.url);
    await login(cit, 'citizen', p.accountId);
    const list = await cit.get('/api/citizen/threads');
    expect(list.json().items[0]).toMatchObject({ id: started.json().id, unread: 1 });
    const reply = await cit.post(`/api/citizen/threads/${started.json().id}/messages`, { text: 'Ja takk.' });
    expect(reply.json().thread).toMatchObject({ status: 'in_progress' });
  });
});

describe('team inbox', () => {
  it('filters, pages by keyset, assigns and keeps internal notes from the citizen', async () => {
    const s = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: `Emne ${i}`, text: `Tekst ${i}` })).json().id);
    const page1 = await s.d.get(`/api/staff/units/${s.unit.id}/threads?limit=2`);
    expect(page1.json().items).toHaveLength(2);
    expect(page1.json().items[0].id).toBe(ids[4]);
    const page2 = await s.d.get(`/api/staff/units/${s.unit.id}/threads?limit=2&cursor=${page1.json().nextCursor}`);
    expect(page2.json().items.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const page3 = await s.d.get(`/api/staff/units/${s.unit.id}/threads?limit=2&cursor=${page2.json().nextCursor}`);
    expect(page3.json()).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });

    const assigned = await s.d.post(`/api/staff/threads/${ids[0]}/assign`, { staffId: s.secretary.id });
    expect(assigned.json().status).toBe('in_progress');
    const sec = new TestClient(srv.url);
    await login(sec, 'staff', s.secretary.accountId);
    const mine = await sec.get(`/api/staff/units/${s.unit.id}/threads?assigned=me`);
    expect(mine.json().items.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    const outsider = await createStaff(srv.database.db, (await createUnit(srv.database.db)).id);
    const bad = await s.d.post(`/api/staff/threads/${ids[0]}/assign`, { staffId: outsider.id });
    expect(bad.status).toBe(400);

    const noted = await s.d.post(`/api/staff/threads/${ids[0]}/notes`, { text: 'Ring pasienten i morgen' });
    expect(noted.json().notes).toEqual([expect.objectContaining({ text: 'Ring pasienten i morgen' })]);
    const citizenView = await s.c.get(`/api/citizen/threads/${ids[0]}`);
    expect(JSON.stringify(citizenView.json())).not.toContain('Ring pasienten');

    await srv.database.db
      .updateTable('threads')
      .set({ due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', ids[3]!)
      .execute();
    const overdue = await s.d.get(`/api/staff/units/${s.unit.id}/threads?overdue=true`);
    expect(overdue.json().items.map((t: { id: string }) => t.id)).toEqual([ids[3]]);
    expect(overdue.json().items[0].overdue).toBe(true);
  });

  it('gives a follow-up question after an answer a new promised answer date; more messages before an answer keep it', async () => {
    const s = await setup();
    const t = (await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Første spørsmål' })).json();
    const firstDue = t.dueAt as string;
    // One more line before the unit answers: the same promise.
    expect((await s.c.post(`/api/citizen/threads/${t.id}/messages`, { text: 'Glemte å si noe' })).json().thread.dueAt).toBe(firstDue);
    expect((await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' })).status).toBe(201);
    // The promise has long passed by the time the citizen asks again.
    await srv.database.db
      .updateTable('threads')
      .set({ due_at: new Date(Date.now() - 86_400_000) })
      .where('id', '=', t.id)
      .execute();
    const followUp = await s.c.post(`/api/citizen/threads/${t.id}/messages`, { text: 'Et nytt spørsmål' });
    expect(followUp.json().thread).toMatchObject({ status: 'in_progress', overdue: false });
    expect(new Date(followUp.json().thread.dueAt).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    const inbox = (await s.d.get(`/api/staff/units/${s.unit.id}/threads?overdue=true`)).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).not.toContain(t.id);
    expect((await s.d.get(`/api/staff/threads/${t.id}`)).json().dueAt).toBe(followUp.json().thread.dueAt);
  });
});

describe('live updates', () => {
  it('sends a content-free event to the unit when a message arrives', async () => {
    const s = await setup();
    const ctrl = new AbortController();
    const res = await fetch(`${srv.url}/api/events`, { headers: { cookie: `hd_session=${s.d.cookie('hd_session')}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let received = '';
    const got = (async () => {
      const dec = new TextDecoder();
      while (!received.includes('message.created')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += dec.decode(value);
      }
    })();
    const sent = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hemmelig innhold' });
    await Promise.race([got, new Promise((r) => setTimeout(r, 5000))]);
    ctrl.abort();
    expect(received).toContain('event: message.created');
    expect(received).toContain(sent.json().id);
    expect(received).not.toContain('Hemmelig');
  });

  it('ends a stream at its next heartbeat once its session has ended, and does not keep the session alive', async () => {
    const s = await setup();
    const quick = await startTestServer({ LIVE_HEARTBEAT_SECONDS: '1' }, srv.database);
    try {
      const hash = sha256(s.d.cookie('hd_session')!);
      const lastSeen = async () =>
        (await srv.database.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', hash).executeTakeFirstOrThrow()).last_seen_at.getTime();
      // Last activity 10 minutes ago: heartbeats must not move it.
      const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
      await srv.database.db.updateTable('sessions').set({ last_seen_at: tenMinutesAgo }).where('id_hash', '=', hash).execute();
      const res = await fetch(`${quick.url}/api/events`, { headers: { cookie: `hd_session=${s.d.cookie('hd_session')}` } });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let received = '';
      const untilEnd = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return true;
          received += dec.decode(value);
        }
      })();
      await vi.waitFor(() => expect(received.split(': ping').length).toBeGreaterThan(2), { timeout: 5000, interval: 100 });
      // The stream was opened (one request: activity) and then only pinged.
      const afterPings = await lastSeen();
      await new Promise((r) => setTimeout(r, 2500));
      expect(await lastSeen()).toBe(afterPings);
      await srv.database.db.updateTable('sessions').set({ ended_at: new Date() }).where('id_hash', '=', hash).execute();
      const ended = await Promise.race([untilEnd, new Promise((r) => setTimeout(() => r(false), 5000))]);
      expect(ended).toBe(true);
    } finally {
      await quick.close();
    }
  });

  it('reaches a client of another server process (LISTEN/NOTIFY through the database)', async () => {
    const s = await setup();
    // With PostgreSQL a second, independent connection pool plays the other process; PGlite is one process by nature.
    const second = process.env.DATABASE_URL ? await openTestDatabase() : srv.database;
    const other = await startTestServer({}, second);
    try {
      const ctrl = new AbortController();
      const res = await fetch(`${other.url}/api/events`, { headers: { cookie: `hd_session=${s.d.cookie('hd_session')}` }, signal: ctrl.signal });
      const reader = res.body!.getReader();
      let received = '';
      const got = (async () => {
        const dec = new TextDecoder();
        while (!received.includes('message.created')) {
          const { value, done } = await reader.read();
          if (done) break;
          received += dec.decode(value);
        }
      })();
      const sent = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Via prosess A' });
      await Promise.race([got, new Promise((r) => setTimeout(r, 5000))]);
      ctrl.abort();
      expect(received).toContain(sent.json().id);
    } finally {
      await other.close();
      if (second !== srv.database) await second.close();
    }
  });
});
