/**
 * Shared set-up of the journal tests: a GP office with a HER-id and an EPJ endpoint (the
 * development EPJ of the test server, KITH or FHIR), logged-in clients, the development EPJ's
 * mode, and running the journal worker until a unit's items are documented (or rejected).
 * Takes the test server lazily: it is started in the suite's beforeAll.
 */
import { randomInt } from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import { nowMs } from '../../platform/clock.ts';
import { Worker } from '../../platform/jobs.ts';
import { gpOffice } from '../../test/factories.ts';
import type { TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { DEV_EPJ_CLIENT } from './dev-epj.ts';
import { upsertEndpoint } from './journal.repository.ts';
import { registerJournalWorker } from './journal.worker.ts';

const log = pino({ level: 'silent' });

export function journalFixtures(server: () => TestServer) {
  const db = () => server().database.db;
  const base = () => `http://127.0.0.1:${server().config.port}`;

  /** A client logged in as this account. */
  async function loggedIn(kind: 'citizen' | 'staff', accountId: string): Promise<TestClient> {
    const c = new TestClient(server().url);
    await login(c, kind, accountId);
    return c;
  }

  /** Sets the development EPJ to accept, reject (negative AppRec) or be down (5xx). */
  async function epjMode(mode: 'accept' | 'reject' | 'down'): Promise<void> {
    expect((await new TestClient(server().url).post('/dev-epj/mode', { mode })).status).toBe(200);
  }

  /**
   * Runs the journal worker until no item of the unit waits or is being sent (for at most a
   * minute). `retryNow` makes waiting items due at once on every round (items that were put back
   * after a failure), and takes over an item another worker has held for over ten seconds: on the
   * shared PostgreSQL test database the workers of other test files deliver this unit's items too,
   * with their own backoff, and may end with one in hand (its lease would run for a minute).
   */
  async function settle(unitId: string, opts: { retryNow?: boolean } = {}): Promise<void> {
    const w = registerJournalWorker(new Worker(server().database, log), server().config, server().database, log, { backoffBaseMs: 60_000 });
    const until = performance.now() + 60_000;
    while (performance.now() < until) {
      if (opts.retryNow) {
        await db()
          .updateTable('journal_items')
          .set({ next_attempt_at: new Date(nowMs() - 1000) })
          .where('unit_id', '=', unitId)
          .where('status', '=', 'waiting')
          .execute();
        await db()
          .updateTable('journal_items')
          .set({ sent_at: new Date(nowMs() - 3_600_000), next_attempt_at: new Date(nowMs() - 1000) })
          .where('unit_id', '=', unitId)
          .where('status', '=', 'sending')
          .where('sent_at', '<', new Date(nowMs() - 10_000))
          .execute();
      }
      await w.drain();
      const open = await db().selectFrom('journal_items').select('id').where('unit_id', '=', unitId).where('status', 'in', ['waiting', 'sending']).execute();
      if (!open.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * A GP office with a HER-id journaling to the development EPJ by KITH or by FHIR (with the EPJ's
   * client credentials); `kithUrl` points a KITH unit at another EPJ (a test's own server).
   */
  async function unitWith(protocol: 'kith' | 'fhir', opts: { kithUrl?: string } = {}) {
    const f = await gpOffice(db());
    await db()
      .updateTable('units')
      .set({ her_id: String(randomInt(10_000_000, 99_999_999)) })
      .where('id', '=', f.unit.id)
      .execute();
    if (protocol === 'kith') await upsertEndpoint(db(), { unitId: f.unit.id, protocol: 'kith', transport: 'http', url: opts.kithUrl ?? `${base()}/dev-epj/kith` });
    else
      await upsertEndpoint(db(), {
        unitId: f.unit.id,
        protocol: 'fhir',
        transport: 'http',
        url: `${base()}/dev-epj/fhir`,
        auth: { tokenUrl: `${base()}/dev-epj/token`, ...DEV_EPJ_CLIENT },
      });
    return f;
  }

  return { loggedIn, epjMode, settle, unitWith };
}
