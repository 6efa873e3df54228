/**
 * A PostgreSQL connection dropped inside a transaction (pg_terminate_backend, a fast database
 * stop, a failover) must cost that request a 503, never the process: every pooled connection
 * has an error listener, the broken transaction is rolled back by the server, and the pool
 * replaces the connection.
 *
 * PostgreSQL only: PGlite runs in this process and has no connection to drop.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../test/factories.ts';
import { openTestDatabase, startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { openDatabase, type Database } from './db.ts';

const url = process.env.DATABASE_URL;
const appName = `hd_fault_${process.pid}`;

// Skipped on PGlite: it has no connection to drop.
describe.skipIf(!url)('a dropped PostgreSQL connection (skipped on PGlite: it has no connection to drop)', () => {
  let srv: TestServer;
  let database: Database;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    // Migrated once through the ordinary harness; the server's own pool carries a name to aim at.
    await (await openTestDatabase()).close();
    const u = new URL(url!);
    u.searchParams.set('application_name', appName);
    database = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    srv = await startTestServer({}, database);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await srv?.close();
    await database?.close();
  });

  it('terminating the backend of open send transactions 20 times: the process lives, no half-written send, later sends succeed', async () => {
    const f = await gpOffice(database.db);
    const citizen = new TestClient(srv.url);
    await login(citizen, 'citizen', f.citizen.accountId);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const thread = (await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    expect(thread.id).toEqual(expect.any(String));

    const results: Array<{ text: string; status: number; retryAfter: string | null }> = [];
    let stop = false;
    const sender = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const text = `Svar ${n}-${i}-${randomUUID().slice(0, 6)}`;
        const res = await doctor.post(`/api/staff/threads/${thread.id}/messages`, { text });
        results.push({ text, status: res.status, retryAfter: res.headers.get('retry-after') });
      }
    };
    const senders = [0, 1, 2, 3, 4, 5].map(sender);

    // Kill only backends waiting inside an open transaction: the server must roll them back.
    let kills = 0;
    const deadline = Date.now() + 60_000;
    while (kills < 20 && Date.now() < deadline) {
      const r = await admin.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE application_name = $1 AND state = 'idle in transaction' LIMIT 1`,
        [appName],
      );
      if (r.rows[0]?.ok) kills++;
      else await new Promise((resolve) => setImmediate(resolve));
    }
    stop = true;
    await Promise.all(senders);
    expect(kills).toBe(20);
    expect(uncaught).toEqual([]);

    // Every answer is either committed (201) or 503 with Retry-After: nothing in between.
    const broken = results.filter((r) => r.status !== 201);
    expect(broken.length).toBeGreaterThan(0);
    for (const r of broken) {
      expect(r.status).toBe(503);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    const texts = (await database.db.selectFrom('messages').select('text').where('thread_id', '=', thread.id).execute()).map((m) => m.text);
    for (const r of results) expect(texts.filter((t) => t === r.text).length, r.text).toBe(r.status === 201 ? 1 : 0);

    // Later sends succeed on fresh connections.
    for (let i = 0; i < 5; i++) expect((await doctor.post(`/api/staff/threads/${thread.id}/messages`, { text: `Etterpå ${i}` })).status).toBe(201);
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows[0]?.one).toBe(1);
  });
});
