import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../server/src/platform/db-types.ts';
import { METRICS } from '../server/src/modules/statistics/metrics.ts';
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/hd_stats_bench_small', max: 2 });
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const units = (await pool.query(`SELECT id FROM units`)).rows.map((r) => r.id as string);
for (const scopeUnits of [units.slice(0, 1), units]) {
  const q = { unitIds: scopeUnits, from: new Date('2026-09-30T22:00:00Z'), split: new Date('2026-10-31T23:00:00Z'), to: new Date('2026-11-30T23:00:00Z'), now: new Date() };
  for (let rep = 0; rep < 3; rep++) {
    const out: string[] = [];
    for (const m of METRICS) {
      const t0 = performance.now();
      await m.compute(db, q);
      out.push(`${m.id} ${(performance.now() - t0).toFixed(1)}`);
    }
    console.log(scopeUnits.length, out.join(' | '));
  }
}
await db.destroy();
