/**
 * `npm run bench`: generates a data set in PostgreSQL (small scale by default), starts the
 * server against it, runs the four load scenarios at 1, 8, 16 and 32 connections, the pgbench
 * baseline of the send transaction, EXPLAIN ANALYZE of the hot queries, memory and cold start,
 * and a scale-out run with two server processes; writes bench/results/<date>.md.
 *
 *   npm run bench                                  small scale, a few minutes on 2 cores
 *   BENCH_SCALE=full BENCH_SECONDS=20 npm run bench  1,000 units, 1 M citizens, 10 M messages
 *   BENCH_ONLY=send npm run bench                  only the scenarios whose name holds "send"; prints, writes no report
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/helsedialog_bench_<scale>).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { explainHotQueries, type Plan } from './explain.ts';
import { generate, SCALES } from './generate.ts';
import { benchDatabase, cpuMs, ensureDatabase, rssMb, scenarios, SIGNED_IN, startServer, type Server } from './harness.ts';
import { runLoad, type LoadResult } from './load.ts';
import { runPgbench, type PgbenchResult } from './pgbench.ts';
import { createFixtures, type Fixtures } from './setup.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const scaleName = process.env.BENCH_SCALE ?? 'small';
const scale = SCALES[scaleName];
if (!scale) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SCALES).join(', ')}`);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const levels = (process.env.BENCH_CONNECTIONS ?? '1,8,16,32').split(',').map(Number);
/** Alternations of the send and its pgbench baseline per concurrency level. */
const pairs = Math.max(1, Number(process.env.BENCH_PAIRS ?? 2));
/** A part of a scenario's name: run only those scenarios, and write no report (a quick comparison). */
const only = process.env.BENCH_ONLY;
const { url, serveUrl, transport } = benchDatabase(scaleName);

/** A live event sent through one process reaches an SSE client of the other. */
async function crossProcessEvent(a: Server, b: Server, f: Fixtures): Promise<number | undefined> {
  const staff = f.staff[0]!;
  const pgc = new pg.Client({ connectionString: url });
  await pgc.connect();
  const t = await pgc.query<{ citizen_n: number; id: string }>(
    `SELECT bt.citizen_n, bt.id FROM bench_threads bt JOIN bench_units u ON u.n = bt.unit_n WHERE u.id = $1 AND bt.citizen_n <= $2 LIMIT 1`,
    [staff.unitId, f.citizens.length],
  );
  await pgc.end();
  const row = t.rows[0];
  if (!row) return undefined;
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: b.port, path: '/api/events', headers: { cookie: staff.cookie } }, (res) => {
      let sentAt = 0;
      res.on('data', (chunk: Buffer) => {
        const s = chunk.toString();
        if (s.includes(': connected') && !sentAt) {
          sentAt = performance.now();
          const body = JSON.stringify({ text: 'Scale-out event test' });
          const c = f.citizens[row.citizen_n - 1]!;
          const p = http.request(
            {
              host: '127.0.0.1',
              port: a.port,
              method: 'POST',
              path: `/api/citizen/threads/${row.id}/messages`,
              headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (r) => r.resume(),
          );
          p.end(body);
        }
        if (s.includes(row.id) && sentAt) {
          req.destroy();
          resolve(performance.now() - sentAt);
        }
      });
    });
    setTimeout(() => {
      req.destroy();
      resolve(undefined);
    }, 10_000);
  });
}

/** Runs of one level as one: requests over their total time; latencies are the runs' mean (p99: the worst). */
function mergeRuns(runs: LoadResult[]): LoadResult {
  if (runs.length === 1) return runs[0]!;
  const requests = runs.reduce((t, r) => t + r.requests, 0);
  const secs = runs.reduce((t, r) => t + r.seconds, 0);
  const mean = (f: (r: LoadResult) => number) => runs.reduce((t, r) => t + f(r), 0) / runs.length;
  return {
    connections: runs[0]!.connections,
    seconds: secs,
    requests,
    errors: runs.reduce((t, r) => t + r.errors, 0),
    statusCounts: {},
    rps: requests / secs,
    p50: mean((r) => r.p50),
    p90: mean((r) => r.p90),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
  };
}

function mergeBaselines(bs: PgbenchResult[]): PgbenchResult {
  const mean = (f: (b: PgbenchResult) => number) => bs.reduce((t, b) => t + f(b), 0) / bs.length;
  return { connections: bs[0]!.connections, tps: mean((b) => b.tps), p50: mean((b) => b.p50), p99: Math.max(...bs.map((b) => b.p99)) };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(`helsedialog bench — scale ${scaleName}, ${seconds} s per run, connections ${levels.join('/')}`);
  await ensureDatabase(url);
  const genSeconds = await generate(url, scale!);
  const f = await createFixtures(url, Math.min(SIGNED_IN, scale!.citizens));
  const server = await startServer(serveUrl);
  console.log(`server cold start: ${fmt(server.coldStartMs)} ms`);
  // wrk when installed (its client costs the shared cores far less than ours), else bench/load.ts.
  const useWrk = wrkAvailable();
  const generator = useWrk ? 'wrk (bench/wrk.ts)' : 'the Node load generator (bench/load.ts; install wrk for a lighter one)';
  console.log(`load generator: ${generator}`);
  const sessionHash = createHash('sha256').update('bench-citizen-1').digest('hex');
  const pick = { citizens: scale!.citizens, signed: f.citizens.length, perCitizen: Math.round(f.threadCount / scale!.citizens) };
  const baseline: PgbenchResult[] = [];
  const results: Record<string, LoadResult[]> = {};
  const cpuPerRequest = new Map<LoadResult, number>();
  let peakRss = 0;
  const pairRatios = new Map<number, number[]>();
  for (const [name, next] of Object.entries(scenarios(f))) {
    if (only && !name.includes(only)) continue;
    results[name] = [];
    const isSend = name.startsWith('citizen sends');
    await runLoad(server.port, 8, 1, next); // warm-up
    for (const c of levels) {
      // The send is measured in `pairs` alternations with the pgbench baseline at the same
      // concurrency: this shared machine's speed drifts over minutes, so each pair side by side
      // compares like with like, and more than one pair shows the spread.
      const runs: LoadResult[] = [];
      const bases: PgbenchResult[] = [];
      for (let k = 0; k < (isSend ? pairs : 1); k++) {
        const cpu0 = cpuMs(server.child.pid!);
        const r = useWrk ? runWrk(server.port, c, seconds, next) : await runLoad(server.port, c, seconds, next);
        cpuPerRequest.set(r, (cpuMs(server.child.pid!) - cpu0) / Math.max(1, r.requests));
        peakRss = Math.max(peakRss, rssMb(server.child.pid!, 'VmRSS'));
        runs.push(r);
        console.log(
          `${name.padEnd(40)} c=${String(c).padStart(2)}  ${fmt(r.rps).padStart(6)}/s  p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  server CPU ${fmt(cpuPerRequest.get(r) ?? 0, 2)} ms/req  errors ${r.errors}`,
        );
        if (!isSend) continue;
        const b = runPgbench(serveUrl, c, seconds, pick, sessionHash);
        if (!b) continue;
        bases.push(b);
        (pairRatios.get(c) ?? pairRatios.set(c, []).get(c)!).push(r.rps / b.tps);
        console.log(
          `${'pgbench, the same send transaction'.padEnd(40)} c=${String(c).padStart(2)}  ${fmt(b.tps).padStart(6)}/s  p50 ${fmt(b.p50, 1)} ms  p99 ${fmt(b.p99, 1)} ms  → send is ${fmt((r.rps / b.tps) * 100)} % of it`,
        );
      }
      const merged = mergeRuns(runs);
      cpuPerRequest.set(merged, runs.reduce((t, r) => t + (cpuPerRequest.get(r) ?? 0) * r.requests, 0) / Math.max(1, merged.requests));
      results[name]!.push(merged);
      if (bases.length) baseline.push(mergeBaselines(bases));
    }
  }
  const hwm = rssMb(server.child.pid!, 'VmHWM');
  if (only) {
    console.log(`BENCH_ONLY=${only}: peak RSS ${fmt(hwm)} MB; no report written`);
    server.child.kill('SIGTERM');
    return;
  }

  const pgc = new pg.Client({ connectionString: url });
  await pgc.connect();
  const ids = (
    await pgc.query<{ unit_id: string; staff_id: string; citizen_id: string; thread_id: string }>(
      `SELECT u.id AS unit_id, s.id AS staff_id, c.id AS citizen_id, t.id AS thread_id FROM bench_threads t JOIN bench_units u ON u.n = t.unit_n JOIN bench_staff s ON s.unit_n = u.n JOIN bench_citizens c ON c.n = t.citizen_n WHERE t.n = 1 LIMIT 1`,
    )
  ).rows[0]!;
  const counts = (await pgc.query<{ m: string; t: string }>(`SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM threads) AS t`)).rows[0]!;
  await pgc.end();
  const plans: Plan[] = await explainHotQueries(url, { unitId: ids.unit_id, staffId: ids.staff_id, citizenId: ids.citizen_id, threadId: ids.thread_id });

  // Scale-out: a second process against the same database.
  const second = await startServer(serveUrl);
  const send = scenarios(f)['citizen sends a message']!;
  const inbox = scenarios(f)['team inbox (open, newest 20) + unread']!;
  const one = await runLoad(server.port, 16, seconds, send);
  const two = await runLoad([server.port, second.port], 16, seconds, send);
  const inboxOne = await runLoad(server.port, 16, seconds, inbox);
  const inboxTwo = await runLoad([server.port, second.port], 16, seconds, inbox);
  const eventMs = await crossProcessEvent(server, second, f);
  console.log(
    `scale-out send c=16: 1 process ${fmt(one.rps)}/s, 2 processes ${fmt(two.rps)}/s; inbox ${fmt(inboxOne.rps)}/s → ${fmt(inboxTwo.rps)}/s; live event across processes: ${eventMs ? `${fmt(eventMs, 1)} ms` : 'NOT received'}`,
  );
  server.child.kill('SIGTERM');
  second.child.kill('SIGTERM');

  const date = new Date().toISOString().slice(0, 10);
  const file = path.join(root, 'bench/results', `${date}-${scaleName}.md`);
  const spread = (c: number) => {
    const rs = pairRatios.get(c) ?? [];
    return rs.length > 1 ? ` (pairs ${rs.map((x) => `${fmt(x * 100)} %`).join(', ')})` : '';
  };
  const row = (r: LoadResult, base?: PgbenchResult) =>
    `| ${r.connections} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(cpuPerRequest.get(r) ?? 0, 2)} | ${r.errors} |${base ? ` ${fmt((r.rps / base.tps) * 100)} %${spread(r.connections)} |` : ''}`;
  const md = [
    `# helsedialog benchmark — ${date}, scale "${scaleName}"`,
    '',
    `Machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}, PostgreSQL over ${transport} for both the server and pgbench (prepared statements for both). Server: one process, \`WORKERS=off\`, pool 20. ${seconds} s per run after a warm-up; closed-loop load over keep-alive sockets by ${generator}; the two-process runs use bench/load.ts.`,
    `Data: ${fmt(scale!.units)} units, ${fmt(scale!.citizens)} citizens, ${fmt(scale!.citizens * scale!.contactsPerCitizen)} health contacts, ${fmt(Number(counts.t))} threads, ${fmt(Number(counts.m))} messages (after the runs)${genSeconds ? `; generated in ${fmt(genSeconds, 1)} s` : ''}.`,
    '',
    `Cold start (spawn → /api/health answers): **${fmt(server.coldStartMs)} ms**. Server memory under load: peak RSS **${fmt(Math.max(peakRss, hwm))} MB**.`,
    '',
    ...Object.entries(results).flatMap(([name, rs]) => [
      `## ${name}`,
      '',
      name.startsWith('citizen sends')
        ? '| connections | req/s | p50 ms | p99 ms | server CPU ms/req | errors | of pgbench |'
        : '| connections | req/s | p50 ms | p99 ms | server CPU ms/req | errors |',
      name.startsWith('citizen sends') ? '|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|',
      ...rs.map((r) => row(r, name.startsWith('citizen sends') ? baseline.find((b) => b.connections === r.connections) : undefined)),
      '',
    ]),
    '## Baseline: pgbench, the bare SQL of the send transaction',
    '',
    `The exact statements of the send (bench/pgbench.ts). At each level the send and pgbench ran ${pairs === 1 ? 'once, side by side' : `${pairs} times in turn`}; rates are over all their runs, p50 the runs' mean, p99 the worst run's.`,
    '',
    '| connections | tps | p50 ms | p99 ms |',
    '|---|---|---|---|',
    ...baseline.map((b) => `| ${b.connections} | ${fmt(b.tps)} | ${fmt(b.p50, 1)} | ${fmt(b.p99, 1)} |`),
    '',
    '## Scale-out: two server processes, one PostgreSQL',
    '',
    '| scenario (16 connections) | 1 process req/s | 2 processes req/s |',
    '|---|---|---|',
    `| citizen sends a message | ${fmt(one.rps)} | ${fmt(two.rps)} |`,
    `| team inbox | ${fmt(inboxOne.rps)} | ${fmt(inboxTwo.rps)} |`,
    '',
    `A new message sent through process A reached an SSE client connected to process B: ${eventMs ? `**yes, after ${fmt(eventMs, 1)} ms**` : '**no**'} (LISTEN/NOTIFY).`,
    '',
    '## Hot queries: EXPLAIN (ANALYZE, BUFFERS)',
    '',
    'Each as the server runs it: a prepared statement, explained after six runs on its connection; "plan kept" means PostgreSQL reuses one plan for it, "planned every run" that it plans it anew each time.',
    '',
    ...plans.flatMap((p) => [
      `### ${p.name} — ${fmt(p.ms, 2)} ms — ${p.reused ? 'plan kept' : 'planned every run'}${p.seqScans.length ? ` — sequential scans: ${p.seqScans.join(', ')}` : ' — no sequential scan'}`,
      '',
      '```sql',
      p.sql,
      '```',
      '',
      '```',
      p.plan,
      '```',
      '',
    ]),
  ].join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, md);
  console.log(`\nReport: ${path.relative(root, file)}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
