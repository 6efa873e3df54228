/**
 * `npm run bench:statistics`: the statistics requests (docs/statistics.md) against a generated
 * data set — one unit, one trust, one region, by month and by ISO week — each run through the
 * real service (`statisticsFor`: the policy's scope lookup plus every metric of the registry),
 * repeated, with p50/p95/max per request, EXPLAIN of the heaviest metric queries, and a verdict
 * against the target: every statistics request at p95 under TARGET_MS.
 *
 *   BENCH_SCALE=small  node bench/statistics.ts        (200 k messages; generates if needed)
 *   BENCH_SCALE=medium node bench/statistics.ts        (2 M messages)
 *   BENCH_SCALE=full   node bench/statistics.ts        (10 M messages)
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/helsedialog_bench_<scale>).
 * Writes bench/results/<date>-statistics-<scale>.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { periodOf, previousPeriod } from '@helsedialog/core';
import type { DB } from '../server/src/platform/db-types.ts';
import type { StaffActor } from '../server/src/access/actors.ts';
import { statisticsFor } from '../server/src/modules/statistics/statistics.service.ts';
import { METRICS } from '../server/src/modules/statistics/metrics.ts';
import { rollupMessageDays } from '../server/src/modules/statistics/rollup.ts';
import { migrateToLatest } from '../server/src/platform/migrate.ts';
import { todayInOslo } from '../server/src/platform/time.ts';
import { generate, SCALES } from './generate.ts';
import { benchDatabase, ensureDatabase } from './harness.ts';

/** The target: each statistics request answers in well under a second. */
export const TARGET_MS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const scaleName = process.env.BENCH_SCALE ?? 'small';
const scale = SCALES[scaleName];
if (!scale) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SCALES).join(', ')}`);
const { url } = benchDatabase(scaleName);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main() {
  await ensureDatabase(url);
  const genSeconds = await generate(url, scale!);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // The daily rollup of messages (modules/statistics/rollup.ts), as the hourly job keeps it.
  await migrateToLatest(db);
  const r0 = performance.now();
  const rolledDays = await rollupMessageDays(db);
  const rollupSeconds = (performance.now() - r0) / 1000;
  const counts = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('messages')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('messages'),
      eb
        .selectFrom('threads')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('threads'),
      eb
        .selectFrom('health_contacts')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('contacts'),
      eb
        .selectFrom('units')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('units'),
    ])
    .executeTakeFirstOrThrow();

  // A leader of a region, of a trust, and an administrator of one unit (from the generator's numbering).
  const orgs = (
    await pool.query(
      `SELECT b.n, b.id, b.level, l.staff_id, (SELECT count(*) FROM units u WHERE u.organisation_id = b.id)::int AS units FROM bench_orgs b JOIN organisation_leaders l ON l.organisation_id = b.id ORDER BY b.n`,
    )
  ).rows as { n: number; id: string; level: string; staff_id: string; units: number }[];
  const region = orgs.find((o) => o.level === 'region')!;
  const trust = orgs.find((o) => o.level === 'trust')!;
  const unit = (
    await pool.query(
      `SELECT u.id, u.name, s.id AS staff_id FROM bench_units b JOIN units u ON u.id = b.id JOIN bench_staff s ON s.n = (b.n - 1) * 5 + 1 WHERE b.n = 1`,
    )
  ).rows[0] as {
    id: string;
    name: string;
    staff_id: string;
  };
  const leader = (staffId: string): StaffActor => ({ kind: 'staff', staffId, name: 'Bench', memberships: new Map() });
  const admin: StaffActor = {
    kind: 'staff',
    staffId: unit.staff_id,
    name: 'Bench',
    memberships: new Map([[unit.id, { unitId: unit.id, unitName: unit.name, unitKind: 'gp_office', role: 'doctor', isAdmin: true }]]),
  };
  const regionUnits = (
    await pool.query(`SELECT count(*)::int AS n FROM units u JOIN organisations o ON o.id = u.organisation_id WHERE o.parent_id = $1 OR o.id = $1`, [region.id])
  ).rows[0].n as number;

  const today = todayInOslo();
  // The last complete month and week (a full period and its previous one are counted).
  const month = previousPeriod(periodOf('month', today)).label;
  const week = previousPeriod(periodOf('week', today)).label;
  const cases: { name: string; actor: StaffActor; scope: { kind: 'unit' | 'organisation'; id: string }; period: string; units: number }[] = [
    { name: `unit, month ${month}`, actor: admin, scope: { kind: 'unit', id: unit.id }, period: month, units: 1 },
    { name: `trust, month ${month}`, actor: leader(trust.staff_id), scope: { kind: 'organisation', id: trust.id }, period: month, units: Number(trust.units) },
    { name: `region, month ${month}`, actor: leader(region.staff_id), scope: { kind: 'organisation', id: region.id }, period: month, units: regionUnits },
    { name: `region, week ${week}`, actor: leader(region.staff_id), scope: { kind: 'organisation', id: region.id }, period: week, units: regionUnits },
  ];
  const results: { name: string; units: number; min: number; p50: number; p95: number; max: number; dbMs: number; messages: number }[] = [];
  const now = new Date();
  for (const c of cases) {
    const times: number[] = [];
    let dbMs = 0;
    let messages = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const s = await statisticsFor(db, c.actor, c.scope, c.period, now);
      const ms = performance.now() - t0;
      if (i >= 2) times.push(ms); // two warm-up runs
      dbMs = s.ms;
      messages = s.metrics.find((m) => m.id === 'messages')!.current.reduce((n, r) => n + (r.values.messages ?? 0), 0);
    }
    const r = { name: c.name, units: c.units, min: Math.min(...times), p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), dbMs, messages };
    results.push(r);
    console.log(
      `${r.name.padEnd(28)} units ${String(r.units).padStart(5)}  messages in period ${String(r.messages).padStart(9)}  min ${r.min.toFixed(1)} ms  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  max ${r.max.toFixed(1)} ms`,
    );
  }

  // The plan of the heaviest metric (messages per kind and direction) for the region.
  const explain = (
    await pool.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT unit_id, kind, author_kind, created_at >= $2 AS cur, count(*)
       FROM messages
       WHERE unit_id IN (SELECT u.id FROM units u JOIN organisations o ON o.id = u.organisation_id WHERE o.parent_id = $4 OR o.id = $4)
         AND created_at >= $1 AND created_at < $3 AND author_kind IN ('citizen','staff') GROUP BY 1, 2, 3, 4`,
      [new Date(Date.now() - 62 * 86_400_000), new Date(Date.now() - 31 * 86_400_000), new Date(), region.id],
    )
  ).rows
    .map((r: Record<string, string>) => r['QUERY PLAN'])
    .join('\n');
  await db.destroy();

  const pass = results.every((r) => r.p95 < TARGET_MS);
  const lines = [
    `# Statistics benchmark, ${new Date().toISOString().slice(0, 10)} (${scaleName})`,
    '',
    `Data set: ${counts.units} units, ${Number(counts.contacts).toLocaleString('en')} health contacts, ${Number(counts.threads).toLocaleString('en')} threads, ${Number(counts.messages).toLocaleString('en')} messages spread over a year${genSeconds ? ` (generated in ${genSeconds.toFixed(0)} s)` : ''}. Daily rollup of messages: ${rolledDays} days added in ${rollupSeconds.toFixed(1)} s before the runs (0 when the hourly job had them already).`,
    `Each request is \`statisticsFor\` (scope check + all ${METRICS.length} metrics for the period and the one before), ${RUNS} runs after 2 warm-up runs, PostgreSQL pool of 8.`,
    '',
    '| request | units | messages in period | min ms | p50 ms | p95 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.units} | ${r.messages.toLocaleString('en')} | ${r.min.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`,
    ),
    '',
    `Target: every statistics request p95 < ${TARGET_MS} ms — **${pass ? 'met' : 'NOT met'}**. Load average during the run: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${os.cpus().length} cores (min is the figure least disturbed by other work on the machine).`,
    '',
    'Plan of the messages-per-kind query for the region (two months):',
    '',
    '```',
    explain,
    '```',
    '',
  ];
  const out = path.join(root, 'bench', 'results', `${new Date().toISOString().slice(0, 10)}-statistics-${scaleName}.md`);
  fs.writeFileSync(out, lines.join('\n'));
  console.log(`\nTarget p95 < ${TARGET_MS} ms: ${pass ? 'met' : 'NOT met'}. Written to ${path.relative(root, out)}.`);
  if (!pass) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
