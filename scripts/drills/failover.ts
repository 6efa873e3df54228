/**
 * `npm run drill:failover` — the database failover drill (docs/operations.md, "High availability").
 *
 * On 127.0.0.1, private ports, a temp folder: etcd; a two-node Patroni cluster of PostgreSQL 15
 * with synchronous replication; HAProxy sending the app to whichever node Patroni's REST API says
 * is the primary; two helsedialog processes; nginx with TLS in front. Citizens send messages
 * through nginx under load (each send with an Idempotency-Key, retried with the same key until it
 * succeeds, as the web client does) while a live-event stream is open; then the primary's
 * postmaster is killed with SIGKILL and Patroni promotes the synchronous standby. Counted:
 * acknowledged sends lost (must be 0), duplicates (must be 0), how long sends failed and with
 * which statuses, and whether live events resumed. Bounded in time; everything is stopped and
 * removed at the end (DRILL_KEEP=1 keeps the folder and its logs). Never touches port 5432.
 *
 * Installs patroni, etcd-server, haproxy, nginx from Debian when missing (as root).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { brotliAvailable, makeTestCertificate, renderStandalone } from '../nginx.ts';
import { bound, ensurePackages, freePort, PG_BIN, root, sleep, waitFor, Workspace } from './lib.ts';

const SENDERS = Number(process.env.DRILL_SENDERS ?? 8);
const BEFORE_MS = Number(process.env.DRILL_BEFORE_SECONDS ?? 8) * 1000;
const AFTER_OK_MS = Number(process.env.DRILL_AFTER_SECONDS ?? 8) * 1000;
const LIMIT_MS = Number(process.env.DRILL_LIMIT_SECONDS ?? 600) * 1000;

ensurePackages([
  { command: 'patroni', pkg: ['patroni'] },
  { command: 'etcd', pkg: ['etcd-server'] },
  { command: 'haproxy', pkg: ['haproxy'] },
  { command: '/usr/sbin/nginx', pkg: ['nginx'] },
  { command: `${PG_BIN}/postgres`, pkg: ['postgresql-15'] },
]);

const ws = new Workspace('helsedialog-failover-');
const timer = bound(LIMIT_MS, () => ws.cleanup());
const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m: string) => console.log(`[${at()}] ${m}`);

interface Node {
  name: string;
  pgPort: number;
  restPort: number;
  dataDir: string;
}

async function rest(node: Node, p: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${node.restPort}${p}`, { signal: AbortSignal.timeout(2000) });
  return { status: r.status, body: await r.text() };
}

async function main(): Promise<number> {
  const [etcdClient, etcdPeer, haPort, app1, app2, httpsPort, httpPort] = (await Promise.all(Array.from({ length: 7 }, freePort))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const nodes: Node[] = [];
  for (const name of ['node1', 'node2']) nodes.push({ name, pgPort: await freePort(), restPort: await freePort(), dataDir: path.join(ws.pgDir(name), 'data') });

  // etcd: Patroni's consensus store (one member is enough on one machine; production runs three).
  const etcdDir = ws.pgDir('etcd');
  ws.start(
    'etcd',
    'etcd',
    [
      '--name',
      'drill',
      '--data-dir',
      path.join(etcdDir, 'data'),
      '--listen-client-urls',
      `http://127.0.0.1:${etcdClient}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster',
      `drill=http://127.0.0.1:${etcdPeer}`,
    ],
    { asPostgres: true },
  );
  await waitFor(async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok, 'etcd to answer', 30_000);
  say(`etcd on ${etcdClient}`);

  // Patroni: synchronous mode, and a crashed primary is failed over at once (primary_start_timeout 0).
  for (const n of nodes) {
    const cfg = {
      scope: `helsedialog-drill-${process.pid}`,
      namespace: '/helsedialog-drill/',
      name: n.name,
      restapi: { listen: `127.0.0.1:${n.restPort}`, connect_address: `127.0.0.1:${n.restPort}` },
      etcd3: { hosts: [`127.0.0.1:${etcdClient}`] },
      bootstrap: {
        dcs: {
          ttl: 10,
          loop_wait: 1,
          retry_timeout: 4,
          maximum_lag_on_failover: 1048576,
          primary_start_timeout: 0,
          synchronous_mode: true,
          synchronous_mode_strict: false,
          postgresql: {
            use_pg_rewind: true,
            use_slots: true,
            parameters: { wal_level: 'replica', hot_standby: 'on', max_wal_senders: 10, max_replication_slots: 10, wal_log_hints: 'on', max_connections: 100 },
          },
        },
        initdb: [{ encoding: 'UTF8' }, 'data-checksums'],
        pg_hba: ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust'],
      },
      postgresql: {
        listen: `127.0.0.1:${n.pgPort}`,
        connect_address: `127.0.0.1:${n.pgPort}`,
        data_dir: n.dataDir,
        bin_dir: PG_BIN,
        pgpass: path.join(path.dirname(n.dataDir), 'pgpass'),
        authentication: {
          superuser: { username: 'postgres', password: 'drill' },
          replication: { username: 'postgres', password: 'drill' },
          rewind: { username: 'postgres', password: 'drill' },
        },
        parameters: { unix_socket_directories: path.dirname(n.dataDir), shared_buffers: '64MB' },
      },
    };
    const file = path.join(path.dirname(n.dataDir), 'patroni.yml');
    fs.writeFileSync(file, JSON.stringify(cfg, null, 2)); // JSON is YAML
    ws.chownToPg(file);
    ws.start(`patroni-${n.name}`, 'patroni', [file], { asPostgres: true });
    if (n === nodes[0]) await waitFor(async () => (await rest(n, '/primary')).status === 200, `${n.name} to bootstrap as primary`, 120_000);
  }
  await waitFor(async () => (await rest(nodes[1]!, '/sync')).status === 200, 'node2 to become the synchronous standby', 180_000);
  say(`Patroni: node1 primary on ${nodes[0]!.pgPort}, node2 synchronous standby on ${nodes[1]!.pgPort}`);

  // HAProxy: one port that always leads to the primary (Patroni's GET /primary answers 200 only there).
  const haCfg = path.join(ws.dir, 'haproxy.cfg');
  fs.writeFileSync(
    haCfg,
    [
      'global',
      '  maxconn 500',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 30m',
      '  timeout server 30m',
      '  timeout check 1s',
      'listen primary',
      `  bind 127.0.0.1:${haPort}`,
      '  option httpchk GET /primary',
      '  http-check expect status 200',
      '  default-server inter 1s fastinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions',
      ...nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.pgPort} check port ${n.restPort}`),
      '',
    ].join('\n'),
  );
  ws.start('haproxy', 'haproxy', ['-db', '-f', haCfg]);
  const adminUrl = `postgres://postgres:drill@127.0.0.1:${haPort}/postgres`;
  let primaryAnswers = 0;
  await waitFor(
    async () => {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
      // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
      c.on('error', () => undefined);
      await c.connect();
      // HAProxy counts a server as up until its checks say otherwise, so early connections may
      // land on the standby: wait until it is the primary that answers.
      const r = await c.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      await c.end();
      // Six in a row: by then HAProxy's checks have marked the standby down.
      primaryAnswers = r.rows[0]?.standby === false ? primaryAnswers + 1 : 0;
      return primaryAnswers >= 6;
    },
    'HAProxy to reach the primary',
    30_000,
  );
  const admin = new pg.Client({ connectionString: adminUrl });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('CREATE DATABASE helsedialog');
  await admin.end();
  const dbUrl = `postgres://postgres:drill@127.0.0.1:${haPort}/helsedialog`;
  say(`HAProxy on ${haPort} → the primary`);

  // TLS edge and two app processes.
  makeTestCertificate(ws.dir);
  const ca = fs.readFileSync(path.join(ws.dir, 'cert.pem'));
  const base = `https://localhost:${httpsPort}`;
  const nginxDir = path.join(ws.dir, 'nginx');
  fs.mkdirSync(nginxDir);
  const nginxConf = path.join(nginxDir, 'nginx.conf');
  fs.writeFileSync(
    nginxConf,
    renderStandalone(nginxDir, {
      upstreams: [`127.0.0.1:${app1}`, `127.0.0.1:${app2}`],
      httpListen: `127.0.0.1:${httpPort}`,
      httpsListen: `127.0.0.1:${httpsPort}`,
      serverName: 'localhost',
      publicUrl: base,
      cert: path.join(ws.dir, 'cert.pem'),
      key: path.join(ws.dir, 'key.pem'),
      proxyBind: '127.0.0.2',
      brotli: brotliAvailable(),
    }),
  );
  ws.start('nginx', '/usr/sbin/nginx', ['-g', 'daemon off;', '-c', nginxConf, '-p', nginxDir]);
  const appEnv = (port: number, seed: boolean) => ({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    PUBLIC_URL: base,
    TRUST_PROXY: '127.0.0.2',
    SEED_DEMO: seed ? 'auto' : 'never',
    WORKERS: 'inline',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '10',
    NODE_EXTRA_CA_CERTS: path.join(ws.dir, 'cert.pem'),
    NODE_OPTIONS: '--max-old-space-size=192',
  });
  const node = path.join(root, 'node_modules/.bin/node');
  const main = path.join(root, 'server/src/main.ts');
  const healthy = (port: number) => async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  // Supervised as systemd (Restart=always) would: a process that dies is started again, and counted.
  const sup1 = ws.supervise('app1', node, [main, 'serve'], { env: appEnv(app1, true) });
  await waitFor(healthy(app1), 'app1 to migrate, seed and listen', 180_000);
  const sup2 = ws.supervise('app2', node, [main, 'serve'], { env: appEnv(app2, false) });
  await waitFor(healthy(app2), 'app2 to listen', 120_000);
  say(`two app processes on ${app1}, ${app2}; nginx on ${httpsPort}`);

  // Fixtures: a signed-in citizen (a session row, as the bench makes them) and a thread to write in.
  const token = `drill-${randomUUID()}`;
  const csrf = `drill-csrf-${randomUUID()}`;
  const fx = new pg.Client({ connectionString: dbUrl });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  fx.on('error', () => undefined);
  await fx.connect();
  const contact = (
    await fx.query<{ id: string; citizen_id: string; unit_id: string }>(
      `SELECT hc.id, hc.citizen_id, hc.unit_id FROM health_contacts hc JOIN persons p ON p.id = hc.citizen_id
       WHERE p.given_name = 'Kari' AND hc.ended_at IS NULL ORDER BY hc.started_at LIMIT 1`,
    )
  ).rows[0];
  if (!contact) throw new Error('the demo data has no health contact for Kari');
  await fx.query(
    `INSERT INTO sessions (id_hash, kind, person_id, acr, csrf_token, expires_at) VALUES ($1, 'citizen', $2, 'high', $3, now() + interval '2 hours')`,
    [createHash('sha256').update(token).digest('hex'), contact.citizen_id, csrf],
  );
  const thread = (
    await fx.query<{ id: string }>(
      `INSERT INTO threads (citizen_id, unit_id, contact_id, kind, topic, started_by) VALUES ($1, $2, $3, 'ekontakt', 'Failover-øvelse', 'citizen') RETURNING id`,
      [contact.citizen_id, contact.unit_id, contact.id],
    )
  ).rows[0]!.id;
  await fx.end();
  const cookie = `hd_session=${token}`;
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: SENDERS * 2 });

  function request(method: string, p: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: httpsPort,
          method,
          path: p,
          agent,
          timeout: 15_000,
          headers: { host: `localhost:${httpsPort}`, cookie, ...(body ? { 'content-type': 'application/json', 'x-csrf-token': csrf } : {}), ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }

  // A send that works before the load starts.
  const probe = await request('POST', `/api/citizen/threads/${thread}/messages`, JSON.stringify({ text: 'drill probe' }), { 'idempotency-key': randomUUID() });
  if (probe.status !== 201 && probe.status !== 200)
    throw new Error(`a send through nginx failed before the drill: ${probe.status} ${probe.body.slice(0, 300)}`);

  // The live-event stream, reconnecting when it ends (as EventSource does).
  const live: Array<{ t: number; type: string; text?: string }> = [];
  let streamStops = 0;
  let stopStream = false;
  let current: import('node:http').ClientRequest | undefined;
  const stream = (async () => {
    while (!stopStream) {
      await new Promise<void>((resolve) => {
        const req = (current = https.request(
          {
            host: '127.0.0.1',
            servername: 'localhost',
            port: httpsPort,
            path: '/api/events',
            agent: false,
            ca,
            headers: { host: `localhost:${httpsPort}`, cookie, accept: 'text/event-stream' },
          },
          (res) => {
            res.setEncoding('utf8');
            let buf = '';
            res.on('data', (c: string) => {
              buf += c;
              let i;
              while ((i = buf.indexOf('\n\n')) >= 0) {
                const block = buf.slice(0, i);
                buf = buf.slice(i + 2);
                const ev = /^event: (.+)$/m.exec(block)?.[1];
                if (ev) live.push({ t: Date.now(), type: ev });
              }
            });
            res.on('end', resolve);
            res.on('error', () => resolve());
            res.on('close', resolve);
          },
        ));
        req.on('error', () => resolve());
        req.end();
      });
      streamStops++;
      if (!stopStream) await sleep(1000);
    }
  })();
  await sleep(1500);

  // The load: SENDERS loops, each send retried with its own key until it is acknowledged.
  type Send = { key: string; text: string; firstAt: number; ackAt?: number; attempts: number };
  const sends: Send[] = [];
  const failures: Array<{ t: number; status: string }> = [];
  const successes: number[] = [];
  let stopLoad = false;
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const loops = Array.from({ length: SENDERS }, async () => {
    while (!stopLoad) {
      const s: Send = { key: randomUUID(), text: `drill ${run} #${++n}`, firstAt: Date.now(), attempts: 0 };
      sends.push(s);
      while (!s.ackAt) {
        s.attempts++;
        try {
          const r = await request('POST', `/api/citizen/threads/${thread}/messages`, JSON.stringify({ text: s.text }), { 'idempotency-key': s.key });
          if (r.status === 200 || r.status === 201) {
            s.ackAt = Date.now();
            successes.push(s.ackAt);
          } else failures.push({ t: Date.now(), status: String(r.status) });
        } catch (err) {
          failures.push({ t: Date.now(), status: (err as Error).message.slice(0, 40) });
        }
        if (!s.ackAt) {
          if (Date.now() - s.firstAt > 120_000) break; // given up (counted below)
          await sleep(200);
        }
      }
    }
  });

  await sleep(BEFORE_MS);
  const primaryPid = Number(fs.readFileSync(path.join(nodes[0]!.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ackedBefore = sends.filter((s) => s.ackAt).length;
  const killAt = Date.now();
  process.kill(primaryPid, 'SIGKILL');
  say(`kill -9 of node1's postmaster (pid ${primaryPid}) after ${ackedBefore} acknowledged sends`);

  await waitFor(async () => (await rest(nodes[1]!, '/primary')).status === 200, 'node2 to be promoted', 120_000);
  const promotedAt = Date.now();
  say(`node2 promoted after ${((promotedAt - killAt) / 1000).toFixed(1)} s`);
  await waitFor(() => successes.some((t) => t > promotedAt), 'a send to succeed on the new primary', 120_000);
  await sleep(AFTER_OK_MS);
  stopLoad = true;
  await Promise.all(loops);
  const doneAt = Date.now();

  // Live events resumed: a message event on the stream after the failover.
  await sleep(2000);
  stopStream = true;
  current?.destroy();

  // Count against the new primary.
  const check = new pg.Client({ connectionString: dbUrl });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  check.on('error', () => undefined);
  await check.connect();
  const rows = (
    await check.query<{ text: string; n: number }>(`SELECT text, count(*)::int AS n FROM messages WHERE thread_id = $1 AND text LIKE $2 GROUP BY text`, [
      thread,
      `drill ${run} #%`,
    ])
  ).rows;
  const replicaState = (await check.query<{ application_name: string; sync_state: string }>('SELECT application_name, sync_state FROM pg_stat_replication'))
    .rows;
  await check.end();
  const stored = new Map(rows.map((r) => [r.text, r.n]));
  const acked = sends.filter((s) => s.ackAt);
  const lost = acked.filter((s) => !stored.has(s.text));
  const duplicates = rows.filter((r) => r.n > 1);
  const unacked = sends.filter((s) => !s.ackAt);
  const failedAfterKill = failures.filter((f) => f.t >= killAt);
  const byStatus: Record<string, number> = {};
  for (const f of failedAfterKill) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const firstFail = failedAfterKill[0]?.t;
  const lastFail = failedAfterKill.at(-1)?.t;
  const firstOkAfter = lastFail ? Math.min(...successes.filter((t) => t > lastFail)) : killAt;
  const liveAfter = live.filter((e) => e.t > promotedAt);
  const resumed = liveAfter.some((e) => e.type === 'message.created');
  const resync = live.some((e) => e.type === 'resync' && e.t > killAt);
  // Did the old primary come back as a replica (pg_rewind)?
  let rejoined = false;
  try {
    await waitFor(async () => (await rest(nodes[0]!, '/replica')).status === 200, 'node1 to rejoin as a replica', 60_000);
    rejoined = true;
  } catch {
    /* reported below */
  }

  const result = {
    senders: SENDERS,
    sendsAcknowledged: acked.length,
    sendsAcknowledgedBeforeKill: ackedBefore,
    acknowledgedLost: lost.length,
    duplicates: duplicates.length,
    storedButNotAcknowledged: unacked.filter((s) => stored.has(s.text)).length,
    givenUp: unacked.length,
    secondsToPromotion: +((promotedAt - killAt) / 1000).toFixed(1),
    secondsOfFailedSends: firstFail && lastFail ? +((lastFail - firstFail) / 1000).toFixed(1) : 0,
    secondsFromKillUntilSendsSucceedAgain: +((firstOkAfter - killAt) / 1000).toFixed(1),
    failedAttemptsAfterKill: byStatus,
    maxAttemptsForOneSend: Math.max(...sends.map((s) => s.attempts)),
    liveEventsResumed: resumed,
    resyncEventSent: resync,
    eventStreamReconnects: Math.max(0, streamStops - 1),
    oldPrimaryRejoinedAsReplica: rejoined,
    appProcessRestarts: sup1.restarts + sup2.restarts,
    replicationAfter: replicaState,
    sendRatePerSecond: +(acked.length / ((doneAt - (sends[0]?.firstAt ?? doneAt)) / 1000)).toFixed(1),
  };
  console.log('\nFailover drill result:');
  console.log(JSON.stringify(result, null, 2));
  const ok = result.acknowledgedLost === 0 && result.duplicates === 0 && result.givenUp === 0 && resumed;
  console.log(ok ? '\nPASS: no acknowledged send lost, none duplicated, live events resumed.' : '\nFAIL: see the figures above.');
  await stream.catch(() => undefined);
  agent.destroy();
  return ok ? 0 : 1;
}

main()
  .then(async (code) => {
    clearTimeout(timer);
    await ws.cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`The drill failed: ${err instanceof Error ? err.message : String(err)}`);
    for (const name of ['patroni-node1', 'patroni-node2', 'app1', 'app2', 'haproxy', 'etcd']) {
      const tail = ws.log(name).split('\n').slice(-25).join('\n');
      if (tail.trim()) console.error(`--- ${name}.log (last lines)\n${tail}`);
    }
    await ws.cleanup();
    process.exit(1);
  });
