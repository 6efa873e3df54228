/** What bench/run.ts and bench/profile.ts share: starting a server process, the load scenarios, process readings. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Request } from './load.ts';
import type { Fixtures } from './setup.ts';
import { freePort } from '../scripts/free-port.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Citizens signed in during a run (each with a session; the load spreads over them and their
 * threads). Enough that the sends of a whole run add about one message per thread, so the
 * threads a send reads back stay the size the data set gave them from the first run to the last.
 */
export const SIGNED_IN = 20_000;

/**
 * The bench database of a scale, and how the server reaches it. The server and pgbench reach
 * PostgreSQL the same way: over its Unix socket when it is on this machine (as pgbench does by
 * default, and as an app server beside its database would), else by the URL as given.
 * BENCH_TRANSPORT=tcp keeps TCP. BENCH_DATABASE_URL overrides the database.
 */
export function benchDatabase(scaleName: string): { url: string; serveUrl: string; transport: string } {
  const url = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/helsedialog_bench_${scaleName}`;
  const socketDir = '/var/run/postgresql';
  const useSocket =
    process.env.BENCH_TRANSPORT !== 'tcp' &&
    ['127.0.0.1', 'localhost'].includes(new URL(url).hostname) &&
    fs.existsSync(`${socketDir}/.s.PGSQL.${new URL(url).port || '5432'}`);
  const serveUrl = useSocket ? `${url.replace('127.0.0.1', 'localhost')}${url.includes('?') ? '&' : '?'}host=${socketDir}` : url;
  return { url, serveUrl, transport: useSocket ? `Unix socket ${socketDir}` : `TCP ${new URL(url).host}` };
}

/** Creates the database of `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await c.end();
}

/** A running server process. */
export interface Server {
  port: number;
  child: ChildProcess;
  coldStartMs: number;
}

/** Starts one server process against `databaseUrl` (WORKERS=off) and waits until it answers. */
export async function startServer(databaseUrl: string, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--disable-proto=throw', ...nodeArgs, path.join(root, 'server/src/main.ts'), 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      WORKERS: 'off',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'never',
      NODE_ENV: 'development',
      DB_POOL_SIZE: '20',
      // The memory setting recommended in docs/operations.md.
      NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=8',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) break;
    } catch {
      // starting
    }
    if (child.exitCode !== null) throw new Error('the server exited during start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { port, child, coldStartMs: performance.now() - t0 };
}

/** Resident memory of a process (current or peak), in MB. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const pick = <T>(a: T[], i: number): T => a[i % a.length]!;
/** Every send request made gets its own Idempotency-Key (wrk replays a list it was given: a key never repeats in a run). */
const runId = Date.now().toString(36);
let keys = 0;

/** The four load scenarios of issue 8, each a request generator over the fixtures. */
export function scenarios(f: Fixtures): Record<string, (i: number) => Request> {
  const json = { 'content-type': 'application/json' };
  return {
    'citizen sends a message': (i) => {
      const c = pick(f.citizens, i * 7919);
      return {
        method: 'POST',
        path: `/api/citizen/threads/${pick(c.threads, i)}/messages`,
        // With an Idempotency-Key, as the web client sends every message (its answer is stored with it).
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'idempotency-key': `bench-${runId}-${++keys}`, ...json },
        body: JSON.stringify({ text: `Bench-melding ${i}` }),
      };
    },
    'team inbox (open, newest 20) + unread': (i) => {
      const s = pick(f.staff, i);
      return i % 2 === 0
        ? { method: 'GET', path: `/api/staff/units/${s.unitId}/threads?status=open&limit=20`, headers: { cookie: s.cookie } }
        : { method: 'GET', path: `/api/staff/units/${s.unitId}/unread`, headers: { cookie: s.cookie } };
    },
    // The inbox's default view and its search (decisions 26): waiting by deadline, and a word search
    // over topic, message text and patient name, alternately.
    'team inbox (waiting by deadline) + search': (i) => {
      const s = pick(f.staff, i);
      const words = ['melding', 'Bench', 'time', 'resept'];
      return i % 2 === 0
        ? { method: 'GET', path: `/api/staff/units/${s.unitId}/threads?sort=deadline&limit=20`, headers: { cookie: s.cookie } }
        : { method: 'GET', path: `/api/staff/units/${s.unitId}/threads?q=${encodeURIComponent(pick(words, i))}&limit=20`, headers: { cookie: s.cookie } };
    },
    // The clinician workspace (docs/inbox.md): the combined inbox of all one's units by deadline with
    // a word search, and the unread/overdue counts of the start page, alternately.
    'combined inbox (by deadline, search) + counts': (i) => {
      const s = pick(f.staff, i);
      const words = ['melding', 'Bench', 'time', 'resept'];
      return i % 2 === 0
        ? { method: 'GET', path: `/api/staff/inbox?sort=deadline&q=${encodeURIComponent(pick(words, i))}&limit=20`, headers: { cookie: s.cookie } }
        : { method: 'GET', path: '/api/staff/inbox/counts', headers: { cookie: s.cookie } };
    },
    "citizen's thread list + one thread": (i) => {
      const c = pick(f.citizens, i * 7919);
      return i % 2 === 0
        ? { method: 'GET', path: '/api/citizen/threads?limit=20', headers: { cookie: c.cookie } }
        : { method: 'GET', path: `/api/citizen/threads/${pick(c.threads, i)}`, headers: { cookie: c.cookie } };
    },
    // The citizen's record (issue 21): the results and documents lists, alternately.
    "citizen's results and documents lists": (i) => {
      const c = pick(f.citizens, i * 7919);
      return { method: 'GET', path: `/api/citizen/records?kind=${i % 2 === 0 ? 'result' : 'document'}&limit=30`, headers: { cookie: c.cookie } };
    },
    // Forms (issue 20): the citizen's to-do list (forms, tools, appointments), and a unit's list of
    // sent forms (every listed patient's access log gets the view, as for any staff list of patients).
    "citizen's to-do list": (i) => {
      const c = pick(f.citizens, i * 7919);
      return { method: 'GET', path: '/api/citizen/tasks', headers: { cookie: c.cookie } };
    },
    "unit's sent forms, newest 20 (audited)": (i) => {
      const s = pick(f.staff, i);
      return { method: 'GET', path: `/api/staff/units/${s.unitId}/form-requests?limit=20`, headers: { cookie: s.cookie } };
    },
    'clinician opens a thread (audited)': (i) => {
      const s = pick(f.staff, i);
      return { method: 'GET', path: `/api/staff/threads/${pick(s.threads, i * 31)}`, headers: { cookie: s.cookie } };
    },
  };
}
