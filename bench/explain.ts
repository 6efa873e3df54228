/**
 * EXPLAIN ANALYZE of the hot queries, captured from the real repository functions (not hand-copied
 * SQL), of the plan the server runs: each query is prepared and run as the server runs it (a
 * named statement on one connection), then explained as that prepared statement — PostgreSQL
 * keeps one generic plan after a few runs when it costs no more than planning each run anew; the
 * report says which it did (a statement planned on every run costs its planning every time).
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../server/src/platform/db-types.ts';
import {
  listCitizenThreads,
  listCombinedThreads,
  listUnitThreads,
  messagesOfThread,
  unitOverdue,
  unitUnread,
} from '../server/src/modules/dialog/threads.repository.ts';
import { dueOrderKey } from '../server/src/modules/journal/journal.repository.ts';

export interface Plan {
  name: string;
  sql: string;
  plan: string;
  ms: number;
  seqScans: string[];
  /** Whether PostgreSQL kept one plan for the statement (after RUNS_BEFORE_EXPLAIN runs) or planned it on every run. */
  reused: boolean;
}

/** A parameter value as text PostgreSQL reads the same as what node-postgres sends for it. */
function asText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((e) => (e == null ? 'NULL' : `"${asText(e).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** PostgreSQL chooses between a kept plan and planning each run after five runs of a statement. */
const RUNS_BEFORE_EXPLAIN = 6;

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
    await capture('team inbox: waiting by deadline, first 20', () => listUnitThreads(db, ids.unitId, ids.staffId, { sort: 'deadline' }, undefined, 21)),
    await capture('team inbox: search "melding"', () => listUnitThreads(db, ids.unitId, ids.staffId, { q: 'melding' }, undefined, 21)),
    await capture('combined inbox: one unit\'s page, by deadline, search "melding"', () =>
      listCombinedThreads(db, [ids.unitId], ids.staffId, { sort: 'deadline', q: 'melding' }, undefined, 21),
    ),
    await capture("team inbox: one GP's list, by deadline", () =>
      listUnitThreads(db, ids.unitId, ids.staffId, { sort: 'deadline', gp: ids.staffId }, undefined, 21),
    ),
    await capture('start page: overdue count (capped)', () => unitOverdue(db, ids.unitId)),
        await capture("citizen's thread list, newest 20", () => listCitizenThreads(db, ids.citizenId, ids.citizenId, undefined, 21)),
    await capture('one thread with its messages', () => messagesOfThread(db, ids.threadId)),
    // Every journal worker asks this each second (and on each wake-up); the bench leaves a backlog of every send's item.
    await capture('journal worker: the thread whose item is due first', () => dueOrderKey(db, new Date())),
  ];
  const out: Plan[] = [];
  const client = await pool.connect();
  try {
    for (const [i, { name, q }] of queries.entries()) {
      const statement = `bench_explain_${i}`;
      const values = q.parameters as unknown[];
      for (let n = 0; n < RUNS_BEFORE_EXPLAIN; n++) await client.query({ name: statement, text: q.sql, values });
      // EXECUTE takes its values as literals, in the text node-postgres sends them as.
      const args = values.map((v) => (v == null ? 'NULL' : client.escapeLiteral(asText(v)))).join(', ');
      const res = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${statement}${args ? `(${args})` : ''}`);
      const kept = await client.query<{ generic_plans: string }>('SELECT generic_plans FROM pg_prepared_statements WHERE name = $1', [statement]);
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!);
      out.push({ name, sql: q.sql, plan, ms, seqScans, reused: Number(kept.rows[0]?.generic_plans ?? 0) > 0 });
    }
  } finally {
    client.release();
    await db.destroy();
  }
  return out;
}
