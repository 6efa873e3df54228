/**
 * Jobs (notifications) and the journal outbox take turns item by item: with a journal backlog,
 * a job enqueued meanwhile runs after about one journal item per worker loop, not after whole
 * threads of them (a probe saw notifications wait 104 s behind a journal backlog).
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineQueue, enqueue, Worker } from '../../platform/jobs.ts';
import { z } from 'zod';
import { createCitizen, createContact } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { journalFixtures } from './journal.fixtures.ts';
import { registerJournalWorker } from './journal.worker.ts';

let srv: TestServer;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const { epjMode, loggedIn, settle, unitWith } = journalFixtures(() => srv);

const documented = async (unitId: string) =>
  (await srv.database.db.selectFrom('journal_items').select('id').where('unit_id', '=', unitId).where('status', '=', 'documented').execute()).length;

describe('jobs and the journal outbox take turns', () => {
  it('a job enqueued during a journal backlog of two threads runs after a few journal items, not after a whole thread', async () => {
    const db = srv.database.db;
    const f = await unitWith('kith');
    await epjMode('accept');
    const doctor = await loggedIn('staff', f.doctor.accountId);
    // Two threads of 16 items each: one worker loop per thread.
    for (let t = 0; t < 2; t++) {
      const p = await createCitizen(db);
      const contact = await createContact(db, p.id, f.unit.id, { gpStaffId: f.doctor.id });
      const c = await loggedIn('citizen', p.accountId);
      const thread = (await c.post(`/api/citizen/contacts/${contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: `Tråd ${t}` })).json();
      for (let n = 0; n < 15; n++) expect((await doctor.post(`/api/staff/threads/${thread.id}/messages`, { text: `Svar ${n}` })).status).toBe(201);
    }
    const total = (await db.selectFrom('journal_items').select('id').where('unit_id', '=', f.unit.id).execute()).length;
    expect(total).toBe(32);

    const queue = defineQueue(`test.turns.${randomUUID().slice(0, 8)}`, z.object({}));
    let seenAtJob = -1;
    let ran!: () => void;
    const jobRan = new Promise<void>((r) => (ran = r));
    // One item per turn (turnMs 0) makes the count exact; the default turn (500 ms) bounds the wait by time.
    const w = registerJournalWorker(new Worker(srv.database, log, { pollMs: 50 }), srv.config, srv.database, log, { turnMs: 0 });
    w.handle(queue, async () => {
      seenAtJob = await documented(f.unit.id);
      ran();
    });
    await w.start();
    try {
      // The backlog is being worked on...
      for (let i = 0; i < 600 && (await documented(f.unit.id)) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await documented(f.unit.id)).toBeGreaterThan(0);
      // ...when a notification-like job arrives.
      await enqueue(db, queue, {});
      await jobRan;
    } finally {
      await w.stop();
    }
    // One item per loop per turn: a handful at most, far from a whole thread (16).
    expect(seenAtJob).toBeGreaterThan(0);
    expect(seenAtJob).toBeLessThan(8);
    // And the journal still gets everything delivered, in turns. A send that failed on a loaded
    // machine (the development EPJ answering late) was put back with a backoff: tried again now.
    await settle(f.unit.id, { retryNow: true });
    const open = await db.selectFrom('journal_items').select(['status', 'last_error']).where('unit_id', '=', f.unit.id).where('status', '!=', 'documented').execute();
    expect(open).toEqual([]);
  }, 240_000);
});
