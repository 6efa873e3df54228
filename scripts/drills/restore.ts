/**
 * `npm run drill:restore` — backup and point-in-time restore of PostgreSQL with pgBackRest
 * (docs/operations.md, "Backups").
 *
 * A private PostgreSQL 15 cluster on a free port in a temp folder (never the cluster on 5432),
 * archiving its WAL to a pgBackRest repository in the same folder. The drill migrates and seeds
 * helsedialog into it, then: full backup → access-log entries (phase 1) → incremental backup →
 * entries (phase 2) → the recovery target time is noted → entries (phase 3) and a mistaken mass
 * update of every person's phone number. It restores the latest backup plus archived WAL into a
 * new data folder up to the target time, starts it on another port and checks: phases 1 and 2
 * are there, phase 3 and the mistake are not, and `npm run audit:verify` finds every access-log
 * hash chain intact. Prints sizes and times. Installs pgbackrest from Debian when missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/src/platform/db.ts';
import { recordAudit } from '../../server/src/modules/audit/audit.service.ts';
import { bound, ensurePackages, freePort, PG_BIN, root, sleep, waitFor, Workspace } from './lib.ts';

ensurePackages([
  { command: 'pgbackrest', pkg: ['pgbackrest'] },
  { command: `${PG_BIN}/postgres`, pkg: ['postgresql-15'] },
]);

const ws = new Workspace('helsedialog-restore-');
const clusters: string[] = [];
const stopClusters = async () => {
  for (const d of clusters)
    spawnSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', `${PG_BIN}/pg_ctl`, '-D', d, '-m', 'immediate', 'stop'], {
      stdio: 'ignore',
    });
  await ws.cleanup();
};
const timer = bound(Number(process.env.DRILL_LIMIT_SECONDS ?? 600) * 1000, stopClusters);
const t0 = Date.now();
const say = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const s = Date.now();
  const value = fn();
  return { value, seconds: +((Date.now() - s) / 1000).toFixed(1) };
}

async function main(): Promise<number> {
  const base = ws.pgDir('pg');
  const data = path.join(base, 'data');
  const repo = ws.pgDir('repo');
  for (const d of ['log', 'lock', 'spool']) ws.pgDir(d);
  const port = await freePort();
  const conf = path.join(ws.dir, 'pgbackrest.conf');
  fs.writeFileSync(
    conf,
    [
      '[global]',
      `repo1-path=${repo}`,
      'repo1-retention-full=2',
      `log-path=${path.join(ws.dir, 'log')}`,
      `lock-path=${path.join(ws.dir, 'lock')}`,
      `spool-path=${path.join(ws.dir, 'spool')}`,
      'log-level-console=warn',
      'log-level-file=info',
      'start-fast=y',
      'compress-type=gz',
      '',
      '[helsedialog]',
      `pg1-path=${data}`,
      `pg1-port=${port}`,
      `pg1-socket-path=${base}`,
      'pg1-user=postgres',
      '',
    ].join('\n'),
  );
  const br = (...args: string[]) => ws.runAsPg('pgbackrest', [`--config=${conf}`, '--stanza=helsedialog', ...args]);

  ws.runAsPg(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-k', '-E', 'UTF8']);
  fs.appendFileSync(
    path.join(data, 'postgresql.conf'),
    [
      '',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${base}'`,
      'wal_level = replica',
      'archive_mode = on',
      `archive_command = 'pgbackrest --config=${conf} --stanza=helsedialog archive-push %p'`,
      'archive_timeout = 5',
      'max_wal_senders = 3',
      '',
    ].join('\n'),
  );
  clusters.push(data);
  ws.runAsPg(`${PG_BIN}/pg_ctl`, ['-D', data, '-l', path.join(base, 'postgres.log'), '-w', 'start']);
  say(`private cluster on 127.0.0.1:${port} (${data})`);
  br('stanza-create');
  br('check');

  const url = `postgres://postgres@127.0.0.1:${port}/helsedialog`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('CREATE DATABASE helsedialog');
  await admin.end();
  const node = path.join(root, 'node_modules/.bin/node');
  const main = path.join(root, 'server/src/main.ts');
  const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  const seeded = spawnSync(node, [main, 'seed'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  say('migrated and seeded helsedialog');

  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  const citizens = (await database.db.selectFrom('persons').select('id').orderBy('id').limit(5).execute()).map((r) => r.id);
  const write = async (phase: string, perCitizen: number) => {
    for (let i = 0; i < perCitizen; i++)
      await database.db.transaction().execute(async (tx) => {
        for (const c of citizens)
          await recordAudit(tx, {
            citizenId: c,
            actorKind: 'staff',
            actorName: 'Drill Lege',
            actorRole: 'lege',
            action: 'thread.read',
            objectType: 'thread',
            reason: phase,
          });
        await recordAudit(tx, { citizenId: null, actorKind: 'system', actorName: 'drill', action: 'drill.step', objectType: 'drill', reason: phase });
      });
  };
  const count = async (db: { query: (q: string, p: unknown[]) => Promise<{ rows: Array<{ n: number }> }> }, phase: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE reason = $1`, [phase])).rows[0]!.n;

  const full = timed(() => br('backup', '--type=full'));
  say(`full backup in ${full.seconds} s`);
  await write('phase-1', 20);
  const incr = timed(() => br('backup', '--type=incr'));
  say(`incremental backup in ${incr.seconds} s`);
  await write('phase-2', 20);
  const pool = new pg.Client({ connectionString: url });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  pool.on('error', () => undefined);
  await pool.connect();
  await sleep(1100);
  const target = (await pool.query<{ t: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS t`)).rows[0]!.t;
  await sleep(1100);
  await write('phase-3', 20);
  const phonesBefore = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE phone IS NOT NULL`)).rows[0]!.n;
  await pool.query(`UPDATE persons SET phone = NULL`); // the mistake to undo
  const written = { p1: await count(pool, 'phase-1'), p2: await count(pool, 'phase-2'), p3: await count(pool, 'phase-3') };
  await pool.query('SELECT pg_switch_wal()');
  await pool.end();
  await database.close();
  br('check'); // waits until the WAL segment holding all of it is archived
  say(`recovery target ${target}; after it: phase 3 and a mass update of persons.phone (${phonesBefore} numbers)`);

  const info = JSON.parse(br('info', '--output=json')) as Array<{
    backup: Array<{ type: string; info: { size: number; delta: number; repository: { delta: number } } }>;
  }>;
  const sets = info[0]!.backup.map((b) => ({ type: b.type, databaseBytes: b.info.size, changedBytes: b.info.delta, repositoryBytes: b.info.repository.delta }));

  // The primary is lost; restore on a new folder and port.
  ws.runAsPg(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
  clusters.length = 0;
  const restored = path.join(ws.pgDir('restored'), 'data');
  const port2 = await freePort();
  const restore = timed(() => br('restore', `--pg1-path=${restored}`, '--type=time', `--target=${target}`, '--target-action=promote'));
  say(`restored the backup into ${restored} in ${restore.seconds} s`);
  clusters.push(restored);
  const started = Date.now();
  ws.runAsPg(`${PG_BIN}/pg_ctl`, [
    '-D',
    restored,
    '-l',
    path.join(path.dirname(restored), 'postgres.log'),
    '-o',
    `-p ${port2} -c archive_mode=off -c unix_socket_directories=${path.dirname(restored)}`,
    '-w',
    '-t',
    '300',
    'start',
  ]);
  const url2 = `postgres://postgres@127.0.0.1:${port2}/helsedialog`;
  const check = new pg.Client({ connectionString: url2 });
  // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
  check.on('error', () => undefined);
  await waitFor(
    async () => {
      const c = new pg.Client({ connectionString: url2 });
      // A connection cut under us (HAProxy, a restart) must fail the call, not end the drill.
      c.on('error', () => undefined);
      await c.connect();
      const r = await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      await c.end();
      return !r.rows[0]!.r;
    },
    'recovery to the target time',
    300_000,
  );
  const recoverySeconds = +((Date.now() - started) / 1000).toFixed(1);
  await check.connect();
  const got = { p1: await count(check, 'phase-1'), p2: await count(check, 'phase-2'), p3: await count(check, 'phase-3') };
  const phonesAfter = (await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE phone IS NOT NULL`)).rows[0]!.n;
  await check.end();
  const verify = spawnSync(node, [main, 'verify-audit'], { env: { ...env, DATABASE_URL: url2 }, encoding: 'utf8' });
  say(`audit:verify on the restored database: ${(verify.stdout + verify.stderr).trim()}`);

  const result = {
    backups: sets,
    fullBackupSeconds: full.seconds,
    incrementalBackupSeconds: incr.seconds,
    restoreSeconds: restore.seconds,
    recoveryToTargetSeconds: recoverySeconds,
    recoveryTarget: target,
    written,
    restored: got,
    phonesBeforeMistake: phonesBefore,
    phonesAfterRestore: phonesAfter,
    auditVerify: verify.status === 0 ? verify.stdout.trim() || 'intact' : `exit ${verify.status}: ${verify.stderr.trim()}`,
  };
  console.log('\nRestore drill result:');
  console.log(JSON.stringify(result, null, 2));
  const ok = got.p1 === written.p1 && got.p2 === written.p2 && got.p3 === 0 && phonesAfter === phonesBefore && verify.status === 0;
  console.log(ok ? '\nPASS: restored to the point in time, nothing after it, the access log intact.' : '\nFAIL: see the figures above.');
  return ok ? 0 : 1;
}

main()
  .then(async (code) => {
    clearTimeout(timer);
    await stopClusters();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    const e = err as Error & { stderr?: string };
    console.error(`The drill failed: ${e.message}${e.stderr ? `\n${e.stderr}` : ''}`);
    console.error(ws.log('postgres'));
    await stopClusters();
    process.exit(1);
  });
