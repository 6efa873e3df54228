/**
 * Dialog to many: recipients (waiting list, pasted national ids checked line by line), bad input,
 * sending as a durable job that survives a restart and never sends twice, pause / resume /
 * cancel, answers, the reminder, the result CSV (audited), the paper list and its PDF, and the
 * per-message delivery states staff see.
 */
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNationalId } from '@helsedialog/core';
import { Worker } from '../../platform/jobs.ts';
import { createEventBus } from '../../domain-events.ts';
import { createCitizen, createContact, createStaff, createUnit, enableServices } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { registerNotifyJobs } from '../notify/notify.jobs.ts';
import { setNotifyClock } from '../notify/notify.clock.ts';
import { registerCampaignJobs, runSend, sendNext } from './campaigns.jobs.ts';
import { upsertEndpoint } from '../journal/journal.repository.ts';

const log = pino({ level: 'silent' });
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  // Midday in Oslo: SMS are not held for quiet hours whenever the suite runs.
  setNotifyClock(new Date('2026-06-02T10:00:00Z'));
});
afterAll(async () => {
  setNotifyClock(null);
  await srv?.close();
});
const db = () => srv.database.db;

function worker(): Worker {
  const w = new Worker(srv.database, log);
  registerCampaignJobs(w, srv.database, createEventBus(srv.config, srv.database), log);
  registerNotifyJobs(w, srv.config, srv.database, log);
  return w;
}

/** A hospital department with `n` patients on its waiting list; every third has no phone or e-mail. */
async function department(n: number) {
  const unit = await createUnit(db(), { kind: 'hospital_department' });
  await enableServices(db(), unit.id, ['standarddialog']);
  const nurse = await createStaff(db(), unit.id, { role: 'nurse' });
  const secretary = await createStaff(db(), unit.id, { role: 'secretary' });
  const patients = [];
  for (let i = 0; i < n; i++) {
    const p = await createCitizen(db(), { age: 30 + i });
    if (i % 3 !== 2) await db().updateTable('persons').set({ phone: `+479${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` }).where('id', '=', p.id).execute();
    const c = await createContact(db(), p.id, unit.id, { source: 'care_right' });
    await db().insertInto('waitlist_entries').values({ citizen_id: p.id, unit_id: unit.id, contact_id: c.id }).execute();
    patients.push({ ...p, contactId: c.id, digital: i % 3 !== 2 });
  }
  const d = new TestClient(srv.url);
  await login(d, 'staff', nurse.accountId);
  return { unit, nurse, secretary, patients, d };
}

const message = {
  name: 'Venteliste desember',
  kind: 'standarddialog',
  topic: 'Ventelisten',
  body: 'Du står på venteliste hos oss.',
  question: 'Ønsker du fortsatt å stå på venteliste?',
  choices: ['Ja', 'Nei'],
  reminderDays: 5,
  paperAfterDays: 10,
};

describe('bad input is refused with a clear problem, and nothing is sent', () => {
  it('an empty recipient list, a malformed national id, a template or message without text, a role that may not send', async () => {
    const s = await department(2);
    const empty = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'service', contactSource: 'gp_list' } });
    expect(empty.status).toBe(422);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect(empty.json()).toMatchObject({ code: 'CAMPAIGN_NO_RECIPIENTS' });

    const malformed = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'list', nationalIds: [s.patients[0]!.national_id, '12345678901'] } });
    expect(malformed.status).toBe(422);
    expect(malformed.json()).toMatchObject({ code: 'CAMPAIGN_RECIPIENTS_INVALID', lines: [{ line: 2, input: '12345678901', status: 'malformed' }] });

    const noText = await s.d.post(`/api/staff/units/${s.unit.id}/campaign-templates`, { name: 'Tom', topic: 'Venteliste', body: '   ', choices: [] });
    expect(noText.status).toBe(422);
    expect(noText.json().code).toBe('CAMPAIGN_TEXT_MISSING');
    const noText2 = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, body: '', source: { type: 'waitlist' } });
    expect(noText2.json().code).toBe('CAMPAIGN_TEXT_MISSING');

    const oneChoice = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, choices: ['Ja'], source: { type: 'waitlist' } });
    expect(oneChoice.status).toBe(400);

    const sec = new TestClient(srv.url);
    await login(sec, 'staff', s.secretary.accountId);
    const refused = await sec.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'waitlist' } });
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    // A secretary still sees the unit's campaigns.
    expect((await sec.get(`/api/staff/units/${s.unit.id}/campaigns`)).status).toBe(200);

    expect(await db().selectFrom('campaigns').select('id').where('unit_id', '=', s.unit.id).execute()).toEqual([]);
    expect(await db().selectFrom('threads').select('id').where('unit_id', '=', s.unit.id).execute()).toEqual([]);
  });

  it('checks a pasted list line by line: ok, not digital, malformed, unknown, no active contact, duplicate', async () => {
    const s = await department(3);
    const stranger = await createCitizen(db(), { age: 50 });
    const unknown = syntheticNationalId('1950-01-01', 777);
    const r = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns/recipient-check`, {
      nationalIds: [s.patients[0]!.national_id, s.patients[2]!.national_id, '0101', unknown, stranger.national_id, s.patients[0]!.national_id],
    });
    expect(r.status).toBe(200);
    const unknownExists = await db().selectFrom('persons').select('id').where('national_id', '=', unknown).executeTakeFirst();
    expect(r.json().lines.map((l: { status: string }) => l.status)).toEqual(['ok', 'not_digital', 'malformed', unknownExists ? 'no_contact' : 'unknown', 'no_contact', 'duplicate']);
    expect(r.json().lines[0].name).toBe(s.patients[0]!.name);
    // A person without a contact with the unit is not named.
    expect(r.json().lines[4].name).toBeNull();
  });
});

describe('a campaign to the waiting list', () => {
  it('sends one normal thread per patient through a durable job: restart-safe, never twice, idempotent start', async () => {
    const s = await department(7);
    // The unit's EPJ: each campaign message is journaled as any other message.
    await upsertEndpoint(db(), { unitId: s.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const created = await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'waitlist' } });
    expect(created.status, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ state: 'draft', progress: { total: 7, pending: 7, notified: 0 } });
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/start`)).json().state).toBe('running');
    // A second start: same state, no second job.
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/start`)).json().state).toBe('running');
    const sendJobs = await db().selectFrom('jobs').select('id').where('queue', '=', 'campaign.send').where(sql<string>`payload->>'campaignId'`, '=', c.id).execute();
    expect(sendJobs).toHaveLength(1);

    // A worker that stops after three recipients (as if the server went down) ...
    const events = createEventBus(srv.config, srv.database);
    await runSend(srv.database, events, c.id, 3);
    const p = (await s.d.get(`/api/staff/campaigns/${c.id}`)).json().progress;
    expect(p.pending).toBe(4);
    // ... and two workers at once after the restart: every patient exactly once.
    await Promise.all([runSend(srv.database, events, c.id), runSend(srv.database, events, c.id), worker().drain()]);
    const threads = await db().selectFrom('threads').select(['id', 'citizen_id', 'started_by', 'topic']).where('unit_id', '=', s.unit.id).execute();
    expect(threads).toHaveLength(7);
    expect(new Set(threads.map((t) => t.citizen_id)).size).toBe(7);
    expect(threads.every((t) => t.started_by === 'unit' && t.topic === 'Ventelisten')).toBe(true);
    // Journaled as any other thread: one journal item per message.
    const journal = await db().selectFrom('journal_items').select('object_id').where('unit_id', '=', s.unit.id).where('object_type', '=', 'message').execute();
    expect(journal).toHaveLength(7);

    await worker().drain();
    const done = (await s.d.get(`/api/staff/campaigns/${c.id}`)).json();
    expect(done.state).toBe('done');
    // "Sent" (notified) only for those whose notice a gateway accepted; the others are not notified, with the reason.
    expect(done.progress).toMatchObject({ total: 7, pending: 0, notified: 5, failed: 2, stored: 0 });
    expect(done.failures).toEqual([{ reason: 'no mobile number or e-mail address', count: 2 }]);
    const recipients = (await s.d.get(`/api/staff/campaigns/${c.id}/recipients`)).json().items;
    expect(recipients.filter((r: { delivery: string }) => r.delivery === 'notified').every((r: { channels: string[]; notifiedAt: string }) => r.channels[0] === 'sms' && r.notifiedAt)).toBe(true);
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/start`)).json().progress.total).toBe(7);
    expect(await db().selectFrom('threads').select('id').where('unit_id', '=', s.unit.id).execute()).toHaveLength(7);

    // Workers that all find nothing left finish the campaign once, without a deadlock (each held the
    // campaign FOR SHARE and upgraded it to write it: PostgreSQL killed one, a failed job).
    await db().updateTable('campaigns').set({ state: 'running', finished_at: null }).where('id', '=', c.id).execute();
    const steps = await Promise.all(Array.from({ length: 8 }, () => sendNext(srv.database, events, c.id)));
    // (One that starts after another finished sees the campaign done: stopped.)
    expect(steps.every((x) => x === 'finished' || x === 'stopped') && steps.includes('finished')).toBe(true);
    expect((await s.d.get(`/api/staff/campaigns/${c.id}`)).json().state).toBe('done');
  });

  it('pauses, resumes and cancels; cancelled recipients are never sent to', async () => {
    const s = await department(6);
    const c = (await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'waitlist' } })).json();
    await s.d.post(`/api/staff/campaigns/${c.id}/start`);
    const events = createEventBus(srv.config, srv.database);
    await runSend(srv.database, events, c.id, 2);
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/pause`)).json().state).toBe('paused');
    await worker().drain();
    expect((await s.d.get(`/api/staff/campaigns/${c.id}`)).json().progress.pending).toBe(4);
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/start`)).json().code).toBe('CAMPAIGN_STATE');
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/resume`)).json().state).toBe('running');
    await runSend(srv.database, events, c.id, 1);
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/cancel`)).json()).toMatchObject({ state: 'cancelled', progress: { pending: 0, cancelled: 3 } });
    await worker().drain();
    expect(await db().selectFrom('threads').select('id').where('unit_id', '=', s.unit.id).execute()).toHaveLength(3);
    const again = await s.d.post(`/api/staff/campaigns/${c.id}/start`);
    expect(again.status).toBe(409);
    expect(again.json().code).toBe('CAMPAIGN_STATE');
  });

  it('reminds only the unread when the campaign asks nothing (a read message is done)', async () => {
    const s = await department(3);
    const c = (await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, question: null, choices: [], source: { type: 'waitlist' } })).json();
    expect((await s.d.post(`/api/staff/campaigns/${c.id}/start`)).status).toBe(200);
    const w = worker();
    await runSend(srv.database, createEventBus(srv.config, srv.database), c.id);
    await w.drain();
    const rec = await db().selectFrom('campaign_recipients').select(['id', 'thread_id', 'citizen_id', 'digital']).where('campaign_id', '=', c.id).orderBy('ordinal').execute();
    const digital = rec.filter((r) => r.digital);
    expect(digital.length).toBeGreaterThanOrEqual(2);
    const reader = new TestClient(srv.url);
    await login(reader, 'citizen', s.patients.find((p) => p.id === digital[0]!.citizen_id)!.accountId);
    expect((await reader.get(`/api/citizen/threads/${digital[0]!.thread_id}`)).status).toBe(200);
    expect((await new TestClient(srv.url).post(`/api/test/campaigns/${c.id}/advance`, { days: 11 })).status).toBe(200);
    await w.drain();
    const reminded = await db().selectFrom('campaign_recipients').select('id').where('campaign_id', '=', c.id).where('reminded_at', 'is not', null).execute();
    expect(reminded.map((r) => r.id).sort()).toEqual(digital.slice(1).map((r) => r.id).sort());
  });

  it('tracks answers, reminds once, lists the paper letters, exports the results (audited), and shows each message’s delivery', async () => {
    const s = await department(6);
    const c = (await s.d.post(`/api/staff/units/${s.unit.id}/campaigns`, { ...message, source: { type: 'waitlist' } })).json();
    await s.d.post(`/api/staff/campaigns/${c.id}/start`);
    const w = worker();
    // Sent, notices not yet sent: "stored", not "sent".
    await runSend(srv.database, createEventBus(srv.config, srv.database), c.id);
    const before = (await s.d.get(`/api/staff/campaigns/${c.id}`)).json().progress;
    expect(before).toMatchObject({ stored: 4, notified: 0 });
    const firstThread = (await db().selectFrom('campaign_recipients').select('thread_id').where('campaign_id', '=', c.id).where('digital', '=', true).orderBy('ordinal').executeTakeFirstOrThrow()).thread_id!;
    const offline = (await db().selectFrom('campaign_recipients').select('thread_id').where('campaign_id', '=', c.id).where('digital', '=', false).orderBy('ordinal').executeTakeFirstOrThrow()).thread_id!;
    expect((await s.d.get(`/api/staff/threads/${offline}/delivery`)).json().items).toMatchObject([{ state: 'not_notified', notices: [] }]);
    const d0 = (await s.d.get(`/api/staff/threads/${firstThread}/delivery`)).json().items;
    expect(d0).toMatchObject([{ state: 'stored', readAt: null }]);
    await w.drain();
    const d1 = (await s.d.get(`/api/staff/threads/${firstThread}/delivery`)).json().items;
    expect(d1).toMatchObject([{ state: 'notified', notices: [{ channel: 'sms', state: 'sent', at: expect.any(String) }] }]);

    const rec = await db().selectFrom('campaign_recipients').select(['id', 'ordinal', 'thread_id', 'citizen_id', 'digital']).where('campaign_id', '=', c.id).orderBy('ordinal').execute();
    // Not answered (0 answers Ja, 1 writes; 3 only reads, and is reminded: the campaign asks a
    // question), and reachable digitally.
    const silent = rec.filter((r, i) => ![0, 1].includes(i) && r.digital).map((r) => r.id);
    const unread = rec.filter((r, i) => ![0, 1, 3].includes(i) && r.digital).map((r) => r.id);
    const offlineCount = rec.filter((r) => !r.digital).length;
    const citizenOf = (i: number) => s.patients.find((p) => p.id === rec[i]!.citizen_id)!;
    // Patient 1 answers Ja with the button; patient 2 writes free text; patient 4 only reads.
    const c1 = new TestClient(srv.url);
    await login(c1, 'citizen', citizenOf(0).accountId);
    expect((await c1.get(`/api/citizen/threads/${rec[0]!.thread_id}/question`)).json()).toEqual({ question: message.question, choices: ['Ja', 'Nei'], answer: null });
    expect((await c1.post(`/api/citizen/threads/${rec[0]!.thread_id}/answer`, { choice: 'Kanskje' })).status).toBe(400);
    expect((await c1.post(`/api/citizen/threads/${rec[0]!.thread_id}/answer`, { choice: 'ja' })).status).toBe(201);
    expect((await c1.get(`/api/citizen/threads/${rec[0]!.thread_id}/question`)).json().answer).toBe('Ja');
    const c2 = new TestClient(srv.url);
    await login(c2, 'citizen', citizenOf(1).accountId);
    expect((await c2.post(`/api/citizen/threads/${rec[1]!.thread_id}/messages`, { text: 'Jeg har fått time et annet sted.' })).status).toBe(201);
    const c4 = new TestClient(srv.url);
    await login(c4, 'citizen', citizenOf(3).accountId);
    expect((await c4.get(`/api/citizen/threads/${rec[3]!.thread_id}`)).status).toBe(200);
    // Another citizen cannot see the question of a thread that is not theirs.
    expect((await c4.get(`/api/citizen/threads/${rec[0]!.thread_id}/question`)).status).toBe(404);
    // A conversation of one's own that asks nothing: null, not an error.
    const own = citizenOf(3);
    const started = await c4.post(`/api/citizen/contacts/${own.contactId}/threads`, { kind: 'standarddialog', topic: 'Spørsmål', text: 'Et vanlig spørsmål.' });
    expect(started.status, started.body).toBe(201);
    const plain = await c4.get(`/api/citizen/threads/${started.json().id}/question`);
    expect(plain.status).toBe(200);
    expect(plain.json()).toBeNull();

    const rows = (await s.d.get(`/api/staff/campaigns/${c.id}/recipients`)).json().items as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ answer: 'choice', answerChoice: 'Ja' });
    expect(rows[1]).toMatchObject({ answer: 'text', answerText: 'Jeg har fått time et annet sted.' });
    expect(rows[3]).toMatchObject({ answer: 'none', readAt: expect.any(String) });
    // Not digital (every third patient) are on the paper list at once.
    const paper0 = (await s.d.get(`/api/staff/units/${s.unit.id}/paper?campaignId=${c.id}`)).json().items;
    expect(paper0.map((p: { reason: string }) => p.reason)).toEqual(Array(offlineCount).fill('not_digital'));

    // No reminder before the days have passed.
    await w.drain();
    // This campaign's reminders (other tests in this file send their own).
    const ours = new Set(rec.map((r) => r.id));
    const reminders = async () =>
      (await db().selectFrom('jobs').select('idempotency_key').where('idempotency_key', 'like', 'campaign.reminder:%').where('queue', '=', 'notify.send').execute()).filter(
        (j) => ours.has((j.idempotency_key ?? '').split(':')[1]!),
      );
    expect(await reminders()).toHaveLength(0);
    // Eleven days later: one reminder to each who has not answered, whether they read it or not.
    expect((await new TestClient(srv.url).post(`/api/test/campaigns/${c.id}/advance`, { days: 11 })).status).toBe(200);
    await w.drain();
    const r1 = await reminders();
    expect(r1.map((j) => (j.idempotency_key ?? '').split(':')[1]).sort()).toEqual(silent.sort());
    await w.drain();
    expect(await reminders()).toHaveLength(silent.length);
    // Unread after paper_after_days and unanswered: on the paper list too.
    const paper = (await s.d.get(`/api/staff/units/${s.unit.id}/paper?campaignId=${c.id}`)).json().items;
    // (A patient who is not digital and has not answered is listed once, as not digital.)
    expect(paper.map((p: { reason: string }) => p.reason).sort()).toEqual([...Array(offlineCount).fill('not_digital'), ...Array(unread.length).fill('unread')]);
    const pdf = await s.d.get(`/api/staff/units/${s.unit.id}/paper.pdf?campaignId=${c.id}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/paper?campaignId=${c.id}`)).json().items.every((p: { printedAt: string | null }) => p.printedAt)).toBe(true);

    const csv = await s.d.get(`/api/staff/campaigns/${c.id}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('"choice","Ja"');
    const audit = await db().selectFrom('audit_events').select('citizen_id').where('action', '=', 'campaign.results_export').where('object_id', '=', c.id).execute();
    expect(audit).toHaveLength(6);
    const printed = await db().selectFrom('audit_events').select('citizen_id').where('action', '=', 'paper.print').where('unit_id', '=', s.unit.id).execute();
    expect(printed).toHaveLength(offlineCount + unread.length);
  });
});

describe('unread items raise a flag for the unit', () => {
  it('lists messages unread after the unit’s days, counts them for the badge, and sends them to the paper list where the unit chooses', async () => {
    const s = await department(3);
    const admin = await createStaff(db(), s.unit.id, { role: 'secretary', isAdmin: true });
    const a = new TestClient(srv.url);
    await login(a, 'staff', admin.accountId);
    const t = await s.d.post(`/api/staff/units/${s.unit.id}/threads`, { contactId: s.patients[0]!.contactId, kind: 'standarddialog', topic: 'Prøvesvar', text: 'Se svaret.' });
    expect(t.status, t.body).toBe(201);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/not-read/count`)).json().count).toBe(0);
    await db().updateTable('messages').set({ created_at: new Date(Date.now() - 8 * 86_400_000) }).where('thread_id', '=', t.json().id).execute();
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/not-read/count`)).json().count).toBe(1);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/not-read`)).json().items).toMatchObject([{ kind: 'message', threadId: t.json().id, days: 8, toPaper: false }]);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/paper`)).json().items).toEqual([]);
    // Only an administrator sets the rule.
    expect((await s.d.put(`/api/staff/units/${s.unit.id}/unread-rules`, { rules: [{ kind: 'message', days: 10, toPaper: true }] })).json().code).toBe('NOT_UNIT_ADMIN');
    expect((await a.put(`/api/staff/units/${s.unit.id}/unread-rules`, { rules: [{ kind: 'message', days: 5, toPaper: true }] })).status).toBe(200);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/paper`)).json().items).toMatchObject([{ source: 'message', reason: 'unread', name: s.patients[0]!.name }]);
    await a.put(`/api/staff/units/${s.unit.id}/unread-rules`, { rules: [{ kind: 'message', days: 9, toPaper: true }] });
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/not-read/count`)).json().count).toBe(0);
  });
});
