/**
 * Housekeeping is scheduled (it never was: expired sessions, finished jobs and stored idempotent
 * answers, which hold message text, grew forever) and keeps each kind for its own retention.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { Worker } from '../../platform/jobs.ts';
import { createStaff, createUnit } from '../../test/factories.ts';
import { openTestDatabase } from '../../test/harness.ts';
import { createWorker } from '../../workers.ts';
import { CLEANUP_QUEUE, registerMaintenance } from './maintenance.ts';

let database: Database;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('maintenance.cleanup', () => {
  it('is scheduled when a worker starts and deletes each kind past its own retention, keeping the rest', async () => {
    const db = database.db;
    const unit = await createUnit(db);
    const staff = await createStaff(db, unit.id);
    const t = randomUUID().slice(0, 8);
    const session = (id: string, expires: Date) => ({
      id_hash: `${id}-${t}`,
      kind: 'staff' as const,
      staff_id: staff.id,
      csrf_token: 'x',
      expires_at: expires,
    });
    await db
      .insertInto('sessions')
      .values([session('old', ago(3 * DAY)), session('recent', ago(HOUR)), session('live', new Date(Date.now() + HOUR))])
      .execute();
    const job = (name: string, state: 'done' | 'dead', finished: Date) => ({
      queue: `test.retention.${t}`,
      payload: JSON.stringify({ name }),
      state,
      finished_at: finished,
    });
    await db
      .insertInto('jobs')
      .values([
        job('done-old', 'done', ago(8 * DAY)),
        job('done-new', 'done', ago(DAY)),
        job('dead-old', 'dead', ago(91 * DAY)),
        job('dead-new', 'dead', ago(10 * DAY)),
      ])
      .execute();
    const key = (k: string, created: Date) => ({
      scope: `test-${t}`,
      key: k,
      request_hash: 'h',
      status: 201,
      response: JSON.stringify({ text: 'Meldingstekst' }),
      created_at: created,
    });
    await db
      .insertInto('idempotency_keys')
      .values([key('old', ago(25 * HOUR)), key('new', ago(HOUR))])
      .execute();

    const config = loadConfig({ NODE_ENV: 'test', MAINTENANCE_INTERVAL_MINUTES: '60' });
    expect(config.maintenance).toMatchObject({ sessionsMs: DAY, jobsMs: 7 * DAY, deadJobsMs: 90 * DAY, idempotencyMs: 24 * HOUR });
    const w = new Worker(database, log, { pollMs: 50 });
    registerMaintenance(w, config, db);
    await w.start();
    try {
      // The worker enqueued this hour's cleanup itself, and ran it.
      const slot = Math.floor(Date.now() / config.maintenance.intervalMs);
      let state: string | undefined;
      for (let i = 0; i < 400 && state !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        state = (
          await db
            .selectFrom('jobs')
            .select('state')
            .where('idempotency_key', '=', `${CLEANUP_QUEUE.name}:${config.maintenance.intervalMs}:${slot}`)
            .executeTakeFirst()
        )?.state;
      }
      expect(state).toBe('done');
    } finally {
      await w.stop();
    }
    const sessions = (await db.selectFrom('sessions').select('id_hash').where('id_hash', 'like', `%-${t}`).execute()).map((s) => s.id_hash).sort();
    expect(sessions).toEqual([`live-${t}`, `recent-${t}`]);
    const jobs = (await db.selectFrom('jobs').select('payload').where('queue', '=', `test.retention.${t}`).execute()).map((j) => j.payload.name).sort();
    expect(jobs).toEqual(['dead-new', 'done-new']);
    const keys = (await db.selectFrom('idempotency_keys').select('key').where('scope', '=', `test-${t}`).execute()).map((k) => k.key);
    expect(keys).toEqual(['new']);
  });

  it('follows the configured retention', async () => {
    const config = loadConfig({
      RETENTION_IDEMPOTENCY_HOURS: '2',
      RETENTION_JOBS_DAYS: '1',
      RETENTION_SESSIONS_DAYS: '0',
      RETENTION_DEAD_JOBS_DAYS: '30',
      MAINTENANCE_INTERVAL_MINUTES: '15',
    });
    expect(config.maintenance).toMatchObject({ intervalMs: 15 * 60_000, sessionsMs: 0, jobsMs: DAY, deadJobsMs: 30 * DAY, idempotencyMs: 2 * HOUR });
    expect(() => loadConfig({ RETENTION_IDEMPOTENCY_HOURS: '0' })).toThrow(/RETENTION_IDEMPOTENCY_HOURS: must be at least 1/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/DB_STATEMENT_TIMEOUT_MS: must be a whole number of milliseconds/);
  });

  it('is registered by the worker the server runs', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const w = createWorker(config, database, log);
    expect(w.queues()).toContain(CLEANUP_QUEUE.name);
  });
});
