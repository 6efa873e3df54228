/**
 * A small local timing (not the bench): a unit's sent-forms list, one page of 20 patients, which
 * writes one access-log entry into each listed patient's hash chain. Runs the route's service
 * function (the list query and the access log in its transaction) in a loop on a fresh in-memory
 * PGlite, or on the PostgreSQL of DATABASE_URL (a database of your own: it adds a unit, patients
 * and log entries), and prints wall time and this process's CPU per call — and on a PostgreSQL on
 * this machine also the CPU its backends of this database spent (from /proc).
 *
 *   node bench/audit-list-timing.ts [iterations]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hd_mine node bench/audit-list-timing.ts
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { AppContext } from '../server/src/app.ts';
import { openTestDatabase } from '../server/src/test/harness.ts';
import { unitWithSentForms } from '../server/src/modules/audit/audit.fixtures.ts';
import { verifyAuditChain } from '../server/src/modules/audit/audit.service.ts';
import { unitRequests } from '../server/src/modules/forms/forms.service.ts';

const iterations = Number(process.argv[2] ?? 300);
const database = await openTestDatabase();
try {
  const f = await unitWithSentForms(database.db, 20);
  const ctx = { db: database.db } as AppContext;
  const run = () => unitRequests(ctx, f.actor, f.unit.id, { limit: 20 });
  for (let i = 0; i < Math.min(50, iterations); i++) await run();
  /** CPU (ms) spent so far by the PostgreSQL backends of this database, where /proc shows them. */
  const backendCpuMs = async (): Promise<number | null> => {
    if (database.kind !== 'postgres') return null;
    const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(database.db);
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        return null;
      }
    }
    return (ticks * 1000) / 100;
  };
  const wall: number[] = [];
  const backend0 = await backendCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    const page = await run();
    wall.push(performance.now() - s);
    if (page.items.length !== 20) throw new Error(`expected 20 items, got ${page.items.length}`);
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const backend1 = await backendCpuMs();
  wall.sort((a, b) => a - b);
  const q = (p: number) => wall[Math.min(wall.length - 1, Math.floor(p * wall.length))]!.toFixed(2);
  const verified = await verifyAuditChain(database.db);
  console.log(
    JSON.stringify({
      database: database.kind,
      iterations,
      entriesPerCall: 20,
      wallMsMean: +(total / iterations).toFixed(2),
      wallMsP50: +q(0.5),
      wallMsP95: +q(0.95),
      processCpuMsPerCall: +((cpu.user + cpu.system) / 1000 / iterations).toFixed(2),
      ...(backend0 !== null && backend1 !== null ? { postgresCpuMsPerCall: +((backend1 - backend0) / iterations).toFixed(2) } : {}),
      chainsVerify: verified.ok,
    }),
  );
} finally {
  await database.close();
}
