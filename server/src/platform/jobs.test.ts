/** The durable job queue against a real database: claiming, retries, dead letters, crashes. */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';
import { z } from 'zod';
import { COUNT_CAP, defineQueue, enqueue, jobStats, Worker } from './jobs.ts';

let database: Database;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

const q = () => defineQueue(`test.${randomUUID().slice(0, 8)}`, z.record(z.string(), z.unknown()));

describe('jobs', () => {
  it('runs a job once and marks it done', async () => {
    const queue = q();
    const seen: unknown[] = [];
    const w = new Worker(database, log).handle(queue, async (job) => {
      seen.push(job.payload);
    });
    await enqueue(database.db, queue, { n: 1 });
    expect(await w.drain()).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    const row = await database.db.selectFrom('jobs').selectAll().where('queue', '=', queue.name).executeTakeFirstOrThrow();
    expect(row.state).toBe('done');
    expect(row.attempts).toBe(1);
  });

  it('checks payloads against the queue: refused when written, dead at once (with the reason) when a stored one no longer fits', async () => {
    const queue = defineQueue(`test.${randomUUID().slice(0, 8)}`, z.object({ offerId: z.guid() }));
    await expect(enqueue(database.db, queue, { offerId: 'not-an-id' })).rejects.toThrow(/does not fit its schema/);
    expect(await database.db.selectFrom('jobs').select('id').where('queue', '=', queue.name).execute()).toHaveLength(0);
    // A row written by an older version, in a shape this one no longer reads.
    await database.db.insertInto('jobs').values({ queue: queue.name, payload: JSON.stringify({ offer: 'x' }) as never, run_at: new Date() }).execute();
    let ran = 0;
    const w = new Worker(database, log).handle(queue, async (job) => {
      ran++;
      expect(job.payload.offerId).toMatch(/-/);
    });
    await w.drain();
    expect(ran).toBe(0);
    const row = await database.db.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('queue', '=', queue.name).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'dead', attempts: 1, last_error: expect.stringContaining('malformed payload') });
  });

  it('enqueues once per idempotency key', async () => {
    const queue = q();
    const key = `k-${randomUUID()}`;
    expect(await enqueue(database.db, queue, { a: 1 }, { idempotencyKey: key })).toBe(true);
    expect(await enqueue(database.db, queue, { a: 2 }, { idempotencyKey: key })).toBe(false);
    const rows = await database.db.selectFrom('jobs').select('payload').where('queue', '=', queue.name).execute();
    expect(rows).toEqual([{ payload: { a: 1 } }]);
  });

  it('enqueues in the caller transaction: a rollback leaves no job', async () => {
    const queue = q();
    await expect(
      database.db.transaction().execute(async (tx) => {
        await enqueue(tx, queue, {});
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const rows = await database.db.selectFrom('jobs').select('id').where('queue', '=', queue.name).execute();
    expect(rows).toHaveLength(0);
  });

  it('retries with backoff and dead-letters after max attempts', async () => {
    const queue = q();
    let calls = 0;
    const w = new Worker(database, log, { backoffBaseMs: 1 }).handle(queue, async () => {
      calls++;
      throw new Error('receiver down');
    });
    await enqueue(database.db, queue, {}, { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await database.db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000) })
        .where('queue', '=', queue.name)
        .where('state', '=', 'ready')
        .execute();
      await w.drain();
    }
    expect(calls).toBe(3);
    const row = await database.db.selectFrom('jobs').selectAll().where('queue', '=', queue.name).executeTakeFirstOrThrow();
    expect(row.state).toBe('dead');
    expect(row.last_error).toBe('receiver down');
    expect((await jobStats(database.db)).dead).toBeGreaterThanOrEqual(1);
  });

  it('reports the age of the oldest ready job over every queue, and counts ready jobs', async () => {
    const before = await jobStats(database.db);
    const [a, b] = [q(), q()];
    await enqueue(database.db, a, {}, { runAt: new Date(Date.now() - 60_000) });
    await enqueue(database.db, b, {}, { runAt: new Date(Date.now() - 3_600_000) });
    await enqueue(database.db, b, {}, { runAt: new Date(Date.now() + 3_600_000) });
    const s = await jobStats(database.db);
    expect(s.ready).toBeGreaterThanOrEqual(Math.min(COUNT_CAP, before.ready + 3));
    expect(s.oldestReadySeconds).toBeGreaterThanOrEqual(3590);
    await database.db.deleteFrom('jobs').where('queue', 'in', [a.name, b.name]).execute();
  });

  it('waits for the backoff before trying again', async () => {
    const queue = q();
    let calls = 0;
    const w = new Worker(database, log, { backoffBaseMs: 60_000 }).handle(queue, async () => {
      calls++;
      throw new Error('nope');
    });
    await enqueue(database.db, queue, {});
    await w.drain();
    await w.drain();
    expect(calls).toBe(1);
    const row = await database.db.selectFrom('jobs').selectAll().where('queue', '=', queue.name).executeTakeFirstOrThrow();
    expect(row.state).toBe('ready');
    expect(row.run_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('gives each job to one worker only when several claim at once', async () => {
    const queue = q();
    for (let i = 0; i < 20; i++) await enqueue(database.db, queue, { i });
    const ran: number[] = [];
    const handler = async (job: { payload: Record<string, unknown> }) => {
      ran.push(job.payload.i as number);
    };
    const a = new Worker(database, log).handle(queue, handler);
    const b = new Worker(database, log).handle(queue, handler);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    expect(ran.sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
  });

  it('runs again a job whose worker crashed mid-run', async () => {
    const queue = q();
    await enqueue(database.db, queue, {});
    // A worker claimed it and died: state running, locked long ago.
    await database.db
      .updateTable('jobs')
      .set({ state: 'running', locked_at: new Date(Date.now() - 10 * 60_000), locked_by: 'dead-worker', attempts: 1 })
      .where('queue', '=', queue.name)
      .execute();
    let calls = 0;
    const w = new Worker(database, log).handle(queue, async () => {
      calls++;
    });
    expect(await w.drain()).toBe(0);
    expect(await w.releaseStale()).toBeGreaterThanOrEqual(1);
    expect(await w.drain()).toBe(1);
    expect(calls).toBe(1);
  });

  it('releases the claim of a killed worker within a minute, not after 5 (its heartbeat stopped)', async () => {
    const queue = q();
    await enqueue(database.db, queue, {});
    // Claimed by a worker that was killed a minute ago: its heartbeat stopped then.
    await database.db
      .updateTable('jobs')
      .set({ state: 'running', locked_at: new Date(Date.now() - 60_000), locked_by: 'killed-worker', attempts: 1 })
      .where('queue', '=', queue.name)
      .execute();
    let calls = 0;
    const w = new Worker(database, log).handle(queue, async () => {
      calls++;
    });
    expect(await w.releaseStale()).toBeGreaterThanOrEqual(1);
    expect(await w.drain()).toBe(1);
    expect(calls).toBe(1);
  });

  it('keeps the claim of a live worker whose job runs longer than the stale limit (heartbeat)', async () => {
    const queue = q();
    let calls = 0;
    let release!: () => void;
    const running = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const begun = new Promise<void>((r) => (started = r));
    const a = new Worker(database, log, { pollMs: 50, heartbeatMs: 100, staleAfterMs: 400, concurrency: 1 }).handle(queue, async () => {
      calls++;
      started();
      await running;
    });
    const b = new Worker(database, log, { heartbeatMs: 100, staleAfterMs: 400 }).handle(queue, async () => {
      calls++;
    });
    await a.start();
    await enqueue(database.db, queue, {});
    await begun;
    // Well past the stale limit, the job is still in a's hands and b finds nothing to take over.
    await new Promise((r) => setTimeout(r, 1200));
    await b.releaseStale();
    expect(await b.drain()).toBe(0);
    release();
    await a.stop();
    expect(calls).toBe(1);
    const row = await database.db.selectFrom('jobs').select('state').where('queue', '=', queue.name).executeTakeFirstOrThrow();
    expect(row.state).toBe('done');
  });

  it('a started worker is woken by LISTEN/NOTIFY, not by its poll', async () => {
    // The worker polls once a minute; the test allows a few seconds. A job enqueued while the
    // worker sleeps can only be picked up in time if the NOTIFY after its commit wakes it.
    const queue = q();
    const ran: number[] = [];
    let arrived!: () => void;
    let next = new Promise<void>((r) => (arrived = r));
    const w = new Worker(database, log, { pollMs: 60_000, concurrency: 1 }).handle(queue, async (job) => {
      ran.push(job.payload.n as number);
      arrived();
    });
    const within = (ms: number, what: string) =>
      Promise.race([next, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not run within ${ms} ms`)), ms))]);
    await w.start();
    try {
      for (const n of [1, 2, 3]) {
        // Long enough for the loop to have found nothing more and gone to sleep for its minute.
        await new Promise((r) => setTimeout(r, 300));
        await enqueue(database.db, queue, { n });
        await within(5_000, `job ${n}`);
        next = new Promise<void>((r) => (arrived = r));
      }
    } finally {
      await w.stop();
    }
    expect(ran).toEqual([1, 2, 3]);
  }, 20_000);
});
