/** EXPLAIN ANALYZE of the hot queries, captured from the real repository functions (not hand-copied SQL). */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../server/src/platform/db-types.ts';
import { listCitizenThreads, listUnitThreads, messagesOfThread, unitUnread } from '../server/src/modules/dialog/threads.repository.ts';
import { dueOrderKey } from '../server/src/modules/journal/journal.repository.ts';

export interface Plan {
  name: string;
  sql: string;
  plan: string;
  ms: number;
  seqScans: string[];
}

/** Runs each hot query once through Kysely to capture it, then EXPLAIN (ANALYZE, BUFFERS) on it. */
export async function explainHotQueries(url: string, ids: { unitId: string; staffId: string; citizenId: string; threadId: string }): Promise<Plan[]> {
  let last: CompiledQuery | undefined;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      last = e.query as CompiledQuery;
    },
  });
  const capture = async (name: string, run: () => Promise<unknown>) => {
    await run();
    return { name, q: last! };
  };
  const queries = [
    await capture('team inbox: open threads, newest 20', () => listUnitThreads(db, ids.unitId, ids.staffId, { status: 'open' }, undefined, 21)),
    await capture('team inbox: unread count', () => unitUnread(db, ids.unitId)),
    await capture("citizen's thread list, newest 20", () => listCitizenThreads(db, ids.citizenId, undefined, 21)),
    await capture('one thread with its messages', () => messagesOfThread(db, ids.threadId)),
    // Every journal worker asks this each second (and on each wake-up); the bench leaves a backlog of every send's item.
    await capture('journal worker: the thread whose item is due first', () => dueOrderKey(db, new Date())),
  ];
  const out: Plan[] = [];
  const client = await pool.connect();
  try {
    for (const { name, q } of queries) {
      const res = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!);
      out.push({ name, sql: q.sql, plan, ms, seqScans });
    }
  } finally {
    client.release();
    await db.destroy();
  }
  return out;
}
