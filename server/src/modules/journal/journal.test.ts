/**
 * Journaling end to end over HTTP against the development EPJ of the test server: surviving an
 * EPJ outage (100 messages, in order per thread, none twice), rejection shown to staff and
 * resent, dead letters on /api/health and for unit administrators, and valid KITH messages.
 */
import { randomInt, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs.ts';
import { createCitizen, createContact, createStaff, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { DEV_EPJ_CLIENT } from './dev-epj.ts';
import { buildDialogMessage } from './kith/msghead.ts';
import { parseAppRec } from './kith/apprec.ts';
import { validateKithXml } from './kith/validate.ts';
import { upsertEndpoint } from './journal.repository.ts';
import { registerJournalWorker, type JournalOptions } from './journal.worker.ts';
import { r4Problems } from '../../test/r4.ts';

let srv: TestServer;
let base: string;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  srv = await startTestServer();
  // Absolute URLs: whichever worker takes a job (tests share a PostgreSQL server in CI), it reaches this server's EPJ.
  base = `http://127.0.0.1:${srv.config.port}`;
});
afterAll(async () => srv?.close());

function worker(opts: Partial<JournalOptions> = {}): Worker {
  return registerJournalWorker(new Worker(srv.database, log), srv.config, srv.database, log, { backoffBaseMs: 60_000, ...opts });
}

async function epjMode(mode: 'accept' | 'reject' | 'down'): Promise<void> {
  const res = await new TestClient(srv.url).post('/dev-epj/mode', { mode });
  expect(res.status).toBe(200);
}

/** Makes every waiting item of the units due now (instead of waiting out the backoff). */
async function retryNow(unitIds: string[]): Promise<void> {
  await srv.database.db
    .updateTable('journal_items')
    .set({ next_attempt_at: new Date(Date.now() - 1000) })
    .where('unit_id', 'in', unitIds)
    .where('status', '=', 'waiting')
    .execute();
}

/**
 * Runs the worker until `done` holds. In CI the suites share one PostgreSQL server, so another
 * file's worker may hold a thread for a moment (or have scheduled its retry): keep going briefly.
 */
async function settle(w: Worker, done: () => Promise<boolean>, retryUnits: string[] = []): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (retryUnits.length) await retryNow(retryUnits);
    await w.drain();
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusesOf = async (unitId: string) =>
  (await srv.database.db.selectFrom('journal_items').select('status').where('unit_id', '=', unitId).execute()).map((i) => i.status);

async function kithUnit() {
  const f = await gpOffice(srv.database.db);
  await srv.database.db
    .updateTable('units')
    .set({ her_id: String(randomInt(10_000_000, 99_999_999)) })
    .where('id', '=', f.unit.id)
    .execute();
  await upsertEndpoint(srv.database.db, { unitId: f.unit.id, protocol: 'kith', transport: 'http', url: `${base}/dev-epj/kith` });
  const doctor = new TestClient(srv.url);
  await login(doctor, 'staff', f.doctor.accountId);
  return { ...f, d: doctor };
}

async function citizenClient(accountId: string): Promise<TestClient> {
  const c = new TestClient(srv.url);
  await login(c, 'citizen', accountId);
  return c;
}

describe('journaling survives an EPJ outage', () => {
  it('100 messages sent while the EPJ is down are all documented when it returns: in order per thread, none twice', async () => {
    const s = await kithUnit();
    await epjMode('down');
    const db = srv.database.db;
    // Five citizens of the unit, one thread each, 20 messages per thread alternating citizen and doctor.
    const threads: string[] = [];
    for (let t = 0; t < 5; t++) {
      const p = await createCitizen(db);
      const contact = await createContact(db, p.id, s.unit.id, { gpStaffId: s.doctor.id });
      const c = await citizenClient(p.accountId);
      const start = await c.post(`/api/citizen/contacts/${contact.id}/threads`, {
        kind: t === 4 ? 'ekonsultasjon' : 'ekontakt',
        topic: 'Annet',
        text: `Tråd ${t}: melding 1 <&> æøå`,
      });
      expect(start.status).toBe(201);
      const threadId = start.json().id as string;
      threads.push(threadId);
      for (let n = 2; n <= 20; n++) {
        const res =
          n % 2 === 0
            ? await s.d.post(`/api/staff/threads/${threadId}/messages`, { text: `Svar ${n} fra legen` })
            : await c.post(`/api/citizen/threads/${threadId}/messages`, { text: `Melding ${n} fra pasienten` });
        expect(res.status).toBe(201);
      }
    }
    // The outbox schedules itself: no delivery job per item.
    expect(await db.selectFrom('jobs').select('id').where('queue', '=', 'journal.deliver').where('state', '=', 'ready').execute()).toEqual([]);
    const w = worker();
    await w.drain();
    const waiting = await db.selectFrom('journal_items').select(['status', 'last_error']).where('unit_id', '=', s.unit.id).execute();
    expect(waiting).toHaveLength(100);
    // Each thread's head failed and waits out its backoff; the 19 behind it wait for it, so
    // nothing of the unit is due meanwhile (no worker looks at them every poll).
    const due = await db
      .selectFrom('journal_items')
      .select('id')
      .where('unit_id', '=', s.unit.id)
      .where('status', '=', 'waiting')
      .where('next_attempt_at', '<=', new Date())
      .execute();
    expect(due).toEqual([]);
    // (In CI another file's worker may be mid-send on one of them: 'sending' is a moment of the same state.)
    expect(waiting.every((i) => i.status === 'waiting' || i.status === 'sending')).toBe(true);
    // Staff see it waiting, with why.
    const view = await s.d.get(`/api/staff/threads/${threads[0]}/journal`);
    expect(view.status).toBe(200);
    expect(view.json().items).toHaveLength(20);
    expect(view.json().items[0].journal).toMatchObject({ status: 'waiting', reason: expect.stringContaining('503') });
    const health = await new TestClient(srv.url).get('/api/health');
    expect(health.json().journal.waiting).toBeGreaterThanOrEqual(100);

    await epjMode('accept');
    await settle(w, async () => (await statusesOf(s.unit.id)).every((x) => x === 'documented'), [s.unit.id]);

    const items = await db.selectFrom('journal_items').select(['id', 'order_key', 'seq', 'status', 'receipt']).where('unit_id', '=', s.unit.id).execute();
    expect(items.filter((i) => i.status === 'documented')).toHaveLength(100);
    expect(items.every((i) => i.receipt?.status === 'ok')).toBe(true);
    const byId = new Map(items.map((i) => [i.id, i]));
    const inbox = await db
      .selectFrom('dev_epj_inbox')
      .select(['id', 'stable_id', 'answer', 'body'])
      .where('stable_id', 'in', [...byId.keys()])
      .orderBy('id')
      .execute();
    // Exactly once each in the EPJ.
    expect(inbox).toHaveLength(100);
    expect(new Set(inbox.map((r) => r.stable_id)).size).toBe(100);
    expect(inbox.every((r) => r.answer === 'ok')).toBe(true);
    // In seq order per thread.
    for (const t of threads) {
      const seqs = inbox.filter((r) => byId.get(r.stable_id)!.order_key === t).map((r) => byId.get(r.stable_id)!.seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    const after = await s.d.get(`/api/staff/threads/${threads[0]}/journal`);
    expect(after.json().items.every((m: { journal: { status: string } }) => m.journal.status === 'documented')).toBe(true);
    // What was sent validates against the official schemas (a sample of each kind of message).
    const sample = [inbox[0]!, inbox[1]!, inbox[2]!, inbox.at(-1)!];
    for (const r of sample) {
      const v = await validateKithXml(r.body);
      expect(v.errors).toEqual([]);
    }
    expect(inbox.some((r) => r.body.includes('DIALOG_INNBYGGER_EKONSULTASJON'))).toBe(true);
    expect(inbox.some((r) => r.body.includes('<ConversationRef>'))).toBe(true);
  }, 180_000);
});

describe('a send cut off', () => {
  it('is taken again when its lease ends (the worker that claimed it died), and documented once', async () => {
    const s = await kithUnit();
    await epjMode('accept');
    const c = await citizenClient(s.citizen.accountId);
    const start = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    const threadId = start.json().id as string;
    const db = srv.database.db;
    // As a worker that claimed the item and died before any answer: sending, lease not yet over.
    const leaseMs = 60_000;
    await db
      .updateTable('journal_items')
      .set({ status: 'sending', attempts: 1, sent_at: new Date(), next_attempt_at: new Date(Date.now() + leaseMs) })
      .where('thread_id', '=', threadId)
      .execute();
    await c.post(`/api/citizen/threads/${threadId}/messages`, { text: 'Mer' });
    const w = worker({ leaseMs });
    await w.drain();
    const held = await db.selectFrom('journal_items').select(['seq', 'status', 'next_attempt_at']).where('thread_id', '=', threadId).orderBy('seq').execute();
    expect(held.map((i) => i.status)).toEqual(['sending', 'waiting']);
    // The second waits for the first's lease, not looked at before.
    expect(held[1]!.next_attempt_at.getTime()).toBeGreaterThanOrEqual(held[0]!.next_attempt_at.getTime());
    // The lease ends.
    await db
      .updateTable('journal_items')
      .set({ sent_at: new Date(Date.now() - leaseMs - 1000), next_attempt_at: new Date(Date.now() - 1000) })
      .where('thread_id', '=', threadId)
      .where('seq', '=', 1)
      .execute();
    await settle(w, async () => (await statusesOf(s.unit.id)).every((x) => x === 'documented'));
    const items = await db.selectFrom('journal_items').select(['id', 'status', 'attempts']).where('thread_id', '=', threadId).orderBy('seq').execute();
    expect(items.map((i) => [i.status, i.attempts])).toEqual([
      ['documented', 2],
      ['documented', 1],
    ]);
    const inbox = await db
      .selectFrom('dev_epj_inbox')
      .select('stable_id')
      .where(
        'stable_id',
        'in',
        items.map((i) => i.id),
      )
      .execute();
    expect(inbox).toHaveLength(2);
  });
});

describe('rejection and resend', () => {
  it('a message the EPJ rejects shows the reason to staff, and can be sent again and documented (FHIR endpoint)', async () => {
    const s = await kithUnit();
    await upsertEndpoint(srv.database.db, {
      unitId: s.unit.id,
      protocol: 'fhir',
      transport: 'http',
      url: `${base}/dev-epj/fhir`,
      auth: { tokenUrl: `${base}/dev-epj/token`, ...DEV_EPJ_CLIENT },
    });
    const c = await citizenClient(s.citizen.accountId);
    await epjMode('reject');
    const start = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Attest', text: 'Jeg trenger en attest.' });
    const threadId = start.json().id as string;
    await settle(worker(), async () => (await statusesOf(s.unit.id)).every((x) => x === 'rejected'));
    const view = (await s.d.get(`/api/staff/threads/${threadId}/journal`)).json();
    const j = view.items[0].journal;
    expect(j).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('Pasienten finnes ikke i mottakersystemet'),
      receipt: { status: 'rejected', errors: [{ code: 'E35' }] },
    });

    // Someone from another unit cannot resend it.
    const other = await gpOffice(srv.database.db);
    const outsider = new TestClient(srv.url);
    await login(outsider, 'staff', other.doctor.accountId);
    expect((await outsider.post(`/api/staff/journal/${j.itemId}/resend`)).status).toBe(404);

    await epjMode('accept');
    const resent = await s.d.post(`/api/staff/journal/${j.itemId}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.json().status).toBe('waiting');
    expect((await s.d.post(`/api/staff/journal/${j.itemId}/resend`)).status).toBe(409);
    await settle(worker(), async () => (await statusesOf(s.unit.id)).every((x) => x === 'documented'));
    const again = (await s.d.get(`/api/staff/threads/${threadId}/journal`)).json();
    expect(again.items[0].journal).toMatchObject({ status: 'documented', reason: null, receipt: { status: 'ok' } });
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_staff_id'])
      .where('citizen_id', '=', s.citizen.id)
      .where('action', '=', 'journal.resend')
      .execute();
    expect(audit).toEqual([{ action: 'journal.resend', actor_staff_id: s.doctor.id }]);
    // The EPJ got a FHIR transaction Bundle with a Communication under the stable id.
    const arrivals = await srv.database.db.selectFrom('dev_epj_inbox').select(['body', 'answer']).where('stable_id', '=', j.itemId).orderBy('id').execute();
    expect(arrivals.map((a) => a.answer)).toEqual(['rejected', 'ok']);
    const bundle = JSON.parse(arrivals[1]!.body);
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'transaction',
      id: j.itemId,
      entry: [{ resource: { resourceType: 'Communication', payload: [{ contentString: 'Jeg trenger en attest.' }] } }],
    });
    expect(r4Problems(bundle)).toEqual([]);
  });
});

describe('dead letters', () => {
  it('after the attempt limit an item is dead: raised on /api/health, listed for administrators, blocking its thread until resent', async () => {
    const s = await kithUnit();
    const c = await citizenClient(s.citizen.accountId);
    await epjMode('down');
    const start = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Time', text: 'Første' });
    const threadId = start.json().id as string;
    await c.post(`/api/citizen/threads/${threadId}/messages`, { text: 'Andre' });
    const w = worker({ maxAttempts: 2 });
    await settle(w, async () => (await statusesOf(s.unit.id)).includes('dead'), [s.unit.id]);
    const items = await srv.database.db
      .selectFrom('journal_items')
      .select(['id', 'seq', 'status', 'attempts'])
      .where('thread_id', '=', threadId)
      .orderBy('seq')
      .execute();
    expect(items.map((i) => i.status)).toEqual(['dead', 'waiting']);
    expect(items[1]!.attempts).toBe(0); // never sent before the first is through

    const health = (await new TestClient(srv.url).get('/api/health')).json();
    expect(health.journal.dead).toBeGreaterThanOrEqual(1);
    expect(health.status).toBe('degraded');

    expect((await s.d.get(`/api/staff/units/${s.unit.id}/journal?status=dead`)).status).toBe(403);
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', s.secretary.accountId);
    const list = await admin.get(`/api/staff/units/${s.unit.id}/journal?status=dead`);
    expect(list.status).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ itemId: items[0]!.id, status: 'dead', objectType: 'message', threadId, reason: expect.stringContaining('503') }),
    ]);

    await epjMode('accept');
    expect((await admin.post(`/api/staff/journal/${items[0]!.id}/resend`)).status).toBe(200);
    await settle(w, async () => (await statusesOf(s.unit.id)).every((x) => x === 'documented'));
    const done = await srv.database.db.selectFrom('journal_items').select('status').where('thread_id', '=', threadId).orderBy('seq').execute();
    expect(done.map((i) => i.status)).toEqual(['documented', 'documented']);
  });

  it('a unit without an EPJ endpoint journals nothing', async () => {
    const f = await gpOffice(srv.database.db);
    const c = await citizenClient(f.citizen.accountId);
    const start = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    expect(start.status).toBe(201);
    const rows = await srv.database.db.selectFrom('journal_items').select('id').where('unit_id', '=', f.unit.id).execute();
    expect(rows).toEqual([]);
  });
});

describe('the development EPJ', () => {
  const message = (msgId: string) =>
    buildDialogMessage({
      msgId,
      genDate: new Date(),
      type: 'DIALOG_INNBYGGER_EKONTAKT',
      sender: { organisationName: 'Helsedialog', herId: '8142519' },
      receiver: { organisationName: 'Testkontoret', herId: '12345678' },
      patient: { nationalId: '13116900216', givenName: 'Line', familyName: 'Danser' },
      content: { kind: 'foresporsel', typeForesp: { v: 'HE', s: '2.16.578.1.12.4.1.1.7601', dn: 'Henvendelse' }, sporsmal: 'Hei' },
    });

  it('answers AppRecs that validate: OK, and rejected with an error code', async () => {
    const client = new TestClient(srv.url);
    for (const mode of ['accept', 'reject'] as const) {
      await epjMode(mode);
      const id = randomUUID();
      const res = await fetch(`${base}/dev-epj/kith`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: message(id) });
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect((await validateKithXml(xml, 'apprec')).errors).toEqual([]);
      const rec = parseAppRec(xml);
      expect(rec.originalMsgId).toBe(id);
      expect(rec.status).toBe(mode === 'accept' ? 'ok' : 'rejected');
      if (mode === 'reject') expect(rec.errors[0]).toMatchObject({ code: 'E35' });
    }
    await epjMode('accept');
    const page = await client.get('/dev-epj');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).not.toMatch(/<script/i);
    const json = await client.get('/dev-epj?format=json');
    expect(json.json()).toMatchObject({ mode: 'accept', total: expect.any(Number), items: expect.any(Array) });
  });

  it('refuses FHIR posts without a token from its token endpoint', async () => {
    const res = await fetch(`${base}/dev-epj/fhir`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{}' });
    expect(res.status).toBe(401);
    const bad = await fetch(`${base}/dev-epj/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=x&client_secret=y',
    });
    expect(bad.status).toBe(401);
  });
});

// A staff member who is not in the unit cannot see its journal.
describe('access', () => {
  it('the journal of a thread is only for members of its unit', async () => {
    const s = await kithUnit();
    const c = await citizenClient(s.citizen.accountId);
    const start = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    const other = await gpOffice(srv.database.db);
    const stranger = await createStaff(srv.database.db, other.unit.id);
    const sc = new TestClient(srv.url);
    await login(sc, 'staff', stranger.accountId);
    expect((await sc.get(`/api/staff/threads/${start.json().id}/journal`)).status).toBe(404);
  });
});
