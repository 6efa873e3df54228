/**
 * A slow, frozen or stopped PostgreSQL: every wait on it is bounded (connect, statement and
 * idle-in-transaction timeouts), a timeout or a refused connection answers 503 UNAVAILABLE with
 * Retry-After (never 500 with a stack), /api/health answers within 2 s, and an outage is logged
 * once when it starts and once when it ends.
 *
 * PostgreSQL only: PGlite runs inside this process, so no other session can hold a lock on it
 * and there is no connection to refuse.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../test/factories.ts';
import { openTestDatabase, startTestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { openDatabase } from './db.ts';

const url = process.env.DATABASE_URL;

/** A TCP proxy in front of PostgreSQL that the test can stop (refusing and cutting connections) and start again. */
class StoppableProxy {
  readonly #target: URL;
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  port = 0;
  constructor(target: string) {
    this.#target = new URL(target);
  }
  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.#target.port || 5432), this.#target.hostname);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }
  /** Like a stopped database: open connections are cut, new ones refused. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
  url(): string {
    const u = new URL(this.#target.href);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}

function logCollector() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

// Skipped on PGlite: no other session can lock it or refuse a connection.
describe.skipIf(!url)('bounded waits on PostgreSQL (skipped on PGlite: no other session can lock it or refuse a connection)', () => {
  let admin: pg.Client;
  beforeAll(async () => {
    await (await openTestDatabase()).close();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => admin?.end());

  it('a statement that waits longer than DB_STATEMENT_TIMEOUT_MS answers 503 with Retry-After, and the row is usable after', async () => {
    const database = await openDatabase({ databaseUrl: url!, dataDir: '', dbTimeouts: { connectMs: 2000, statementMs: 800, idleInTransactionMs: 2000 } });
    const srv = await startTestServer({}, database);
    try {
      const f = await gpOffice(database.db);
      const citizen = new TestClient(srv.url);
      await login(citizen, 'citizen', f.citizen.accountId);
      const doctor = new TestClient(srv.url);
      await login(doctor, 'staff', f.doctor.accountId);
      const thread = (await citizen.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
      // Another session holds the thread's row: the answer must wait for it, but not forever.
      await admin.query('BEGIN');
      await admin.query('SELECT id FROM threads WHERE id = $1 FOR UPDATE', [thread.id]);
      const t0 = Date.now();
      const res = await doctor.post(`/api/staff/threads/${thread.id}/messages`, { text: 'Venter på låsen' });
      const ms = Date.now() - t0;
      await admin.query('ROLLBACK');
      expect(res.status).toBe(503);
      expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ms).toBeLessThan(3000);
      const texts = (await database.db.selectFrom('messages').select('text').where('thread_id', '=', thread.id).execute()).map((m) => m.text);
      expect(texts).not.toContain('Venter på låsen');
      expect((await doctor.post(`/api/staff/threads/${thread.id}/messages`, { text: 'Nå går det' })).status).toBe(201);
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await srv.close();
      await database.close();
    }
  });

  it('/api/health answers within 2 s (503, down) while the database does not answer, whatever the statement timeout', async () => {
    // The default timeouts (30 s statements): the health check's own budget must hold.
    const database = await openDatabase({ databaseUrl: url!, dataDir: '' });
    const srv = await startTestServer({}, database);
    try {
      expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE');
      const t0 = Date.now();
      const res = await fetch(`${srv.url}/api/health`);
      const ms = Date.now() - t0;
      await admin.query('ROLLBACK');
      expect(ms).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(await res.json()).toMatchObject({ status: 'down', database: { status: 'down' } });
      // Back as soon as the database answers.
      expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await srv.close();
      await database.close();
    }
  });

  it('a stopped database answers 503 UNAVAILABLE (no 500, no stack), logged once per outage and once on recovery', async () => {
    const proxy = new StoppableProxy(url!);
    await proxy.start();
    const database = await openDatabase({
      databaseUrl: proxy.url(),
      dataDir: '',
      dbTimeouts: { connectMs: 1000, statementMs: 2000, idleInTransactionMs: 2000 },
    });
    const log = logCollector();
    const srv = await startTestServer({ LOG_LEVEL: 'info' }, database, log.stream);
    try {
      const f = await gpOffice(database.db);
      const doctor = new TestClient(srv.url);
      await login(doctor, 'staff', f.doctor.accountId);
      expect((await doctor.get('/api/staff/units')).status).toBe(200);

      await proxy.stop();
      const answers = await Promise.all(Array.from({ length: 20 }, () => doctor.get('/api/staff/units')));
      for (const res of answers) {
        expect(res.status).toBe(503);
        expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
        expect(res.headers.get('retry-after')).toBeTruthy();
        expect(res.body).not.toMatch(/ECONNREFUSED|stack|at /);
      }
      const down = log.lines.filter((l) => l.msg === 'database unavailable; answering 503 until it is back');
      expect(down).toHaveLength(1);
      expect(log.lines.filter((l) => l.msg === 'unhandled error')).toEqual([]);
      expect(log.lines.filter((l) => l.level === 50)).toEqual([]);

      await proxy.start();
      expect((await doctor.get('/api/staff/units')).status).toBe(200);
      expect((await doctor.get('/api/staff/units')).status).toBe(200);
      expect(log.lines.filter((l) => l.msg === 'database available again')).toHaveLength(1);
      expect(log.lines.filter((l) => l.msg === 'database unavailable; answering 503 until it is back')).toHaveLength(1);
    } finally {
      await srv.close();
      await database.close();
      await proxy.stop();
    }
  });
});
