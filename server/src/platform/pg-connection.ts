/**
 * How Kysely talks to a PostgreSQL server: fewer parses and fewer round trips.
 *
 * - **Prepared statements.** Each parameterised statement runs as a named prepared statement, so
 *   PostgreSQL parses and plans it once per connection rather than on every execution. The name
 *   is a hash of the SQL text; a connection keeps at most PREPARED_PER_CONNECTION of them.
 * - **Pipelining** (node-postgres' pipeline mode). A round trip costs more than most of our
 *   statements, so:
 *   - BEGIN is not sent on its own: it goes out in the same write as the transaction's first
 *     statement (a transaction with no statement sends nothing at all);
 *   - a statement whose result the code does not need (an advisory lock, an audit or
 *     outbox insert) can be sent with `pipelined()`: it is written at once and not waited for.
 *     Later statements queue behind it on the same connection, so order is kept. COMMIT waits
 *     for every pipelined statement: if one failed, the transaction is rolled back and COMMIT
 *     throws that statement's error, so a 2xx still means everything was committed.
 *   Outside a transaction a pipelined statement is simply awaited.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from './db-types.ts';

/** Most distinct statements one connection keeps prepared; past it, statements run unnamed. */
export const PREPARED_PER_CONNECTION = 500;

/** The SQL prefix that marks a statement whose result nobody waits for. */
export const PIPELINED = '/* pipelined */ ';

/**
 * The SQL prefix of a statement PostgreSQL must plan anew for each run's values: it runs as an
 * unnamed statement, so no generic plan is kept for it. For a statement whose best plan depends on
 * how many rows a value selects — the inbox's word search (decision 104): a word in every thread
 * of a unit wants the inbox's order index, a rare word the search index, and the generic plan
 * PostgreSQL settles on after five runs takes one of them for every word.
 */
export const PLANNED_PER_RUN = '/* planned per run */ ';

/** The SQL prefix that marks a statement to run once the transaction has committed. */
export const AFTER_COMMIT = '/* after commit */ ';

/**
 * Runs a statement right after the transaction commits — on PostgreSQL written behind the
 * COMMIT once it succeeded, not waited for, its failure ignored; never when the transaction
 * rolls back. For NOTIFY: a transaction that notifies takes one lock for the whole database at
 * commit and holds it through its WAL flush, so every notifying commit waits for the one before
 * (no group commit); a NOTIFY on its own after the commit holds that lock only for a moment,
 * since it writes nothing to flush. The price: a crash between the commit and the NOTIFY loses
 * that signal (live events are hints clients refetch on; workers poll anyway). On PGlite, and
 * outside a transaction, it is simply executed (on PGlite inside the transaction, where NOTIFY
 * is delivered at commit).
 */
export async function afterCommit(tx: Pick<Kysely<DB>, 'executeQuery'>, q: CompiledQuery): Promise<void> {
  await tx.executeQuery(CompiledQuery.raw(AFTER_COMMIT + q.sql, [...q.parameters]));
}

/**
 * Sends a statement inside a transaction without waiting for its result (on PostgreSQL); its
 * failure makes the transaction's COMMIT fail. On PGlite, and outside a transaction, it is
 * simply executed. Use it only for statements whose result is not needed and whose failure is
 * not an expected outcome to be handled.
 */
export async function pipelined(tx: Pick<Kysely<DB>, 'executeQuery'>, q: CompiledQuery): Promise<void> {
  await tx.executeQuery(CompiledQuery.raw(PIPELINED + q.sql, [...q.parameters]));
}

/**
 * Sends a statement inside a transaction and returns its rows, without holding back the
 * statements after it: on PostgreSQL it is written at once and the next statements follow it in
 * the same write, so several reads (or a read and the writes after it) cost one round trip, e.g.
 * `const [a, b] = await Promise.all([deferred(tx, q1), deferred(tx, q2)])`. (Kysely runs one
 * statement of a transaction at a time, so two plain reads would be two round trips.) Its failure
 * rejects its promise and makes the transaction's COMMIT fail. On PGlite, and outside a
 * transaction, it is simply executed.
 */
export function deferred<R>(tx: Pick<Kysely<DB>, 'executeQuery'>, q: CompiledQuery<R>): Promise<R[]> {
  const token = `${DEFERRED}${++deferredSeq} */ `;
  const rows = (async () => {
    const res = await tx.executeQuery<R>(CompiledQuery.raw(token + q.sql, [...q.parameters]));
    const later = deferredResults.get(token);
    if (!later) return res.rows;
    deferredResults.delete(token);
    return (await later).rows as R[];
  })();
  // Handled from the start: a caller may await other statements before this one's promise, and
  // its failure must not surface as an unhandled rejection meanwhile (the awaiting caller still
  // gets it, and the transaction's COMMIT fails with it).
  rows.catch(() => undefined);
  return rows;
}

const DEFERRED = '/* deferred:';
let deferredSeq = 0;
/** Results of deferred statements, by their token, until `deferred` takes them. */
const deferredResults = new Map<string, Promise<Result>>();

type Result = pg.QueryResult;

export const TIMESTAMPTZ = 1184;
const ISO_TIMESTAMPTZ = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?$/;

/**
 * Parses a timestamptz as PostgreSQL writes it ('2026-11-22 06:40:26.123456+00'), faster than
 * node-postgres' general parser, which was a visible share of every request; anything else
 * (BC dates, infinity, seconds in the offset) goes to `fallback`.
 */
export function timestamptzParser(fallback: (v: string) => unknown): (v: string) => unknown {
  return (v) => {
    const m = ISO_TIMESTAMPTZ.exec(v);
    if (!m) return fallback(v);
    const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
    const offsetMin = (Number(m[9]) * 60 + Number(m[10] ?? 0)) * (m[8] === '-' ? -1 : 1);
    const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
    // Date.UTC maps years 0–99 to 1900–1999; such dates take the general path.
    if (Number(m[1]) < 100) return fallback(v);
    return new Date(utc - offsetMin * 60_000);
  };
}
const EMPTY = (command: string): Result => ({ command, rowCount: 0, rows: [], oid: 0, fields: [] });

interface ConnectionState {
  /** Names of the statements prepared on this connection. */
  prepared: Set<string>;
  /** The BEGIN (or START TRANSACTION …) held back until the first statement. */
  heldBegin: string | null;
  inTransaction: boolean;
  /** Pipelined statements not yet known to have succeeded. */
  pending: Promise<unknown>[];
  /** The first error of a pipelined statement in this transaction. */
  failed: unknown;
  /** Statements to send once COMMIT succeeded. */
  afterCommit: Array<{ text: string; values: unknown[] | undefined }>;
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const COMMIT = /^\s*commit\s*$/i;
const ROLLBACK = /^\s*rollback\s*$/i;
/** "current transaction is aborted, commands ignored until end of transaction block" */
const IN_FAILED_TRANSACTION = '25P02';

const NOTIFY_STATEMENT = /^SELECT pg_notify\(/;

/**
 * Several `SELECT pg_notify(…) [WHERE …]` statements (each one row at most) as one statement —
 * `SELECT (SELECT pg_notify(…)), (SELECT pg_notify(…) WHERE …)`, parameters renumbered — so the
 * NOTIFYs after a commit cost one statement. Anything else is left as it is.
 */
export function combineNotifies(statements: Array<{ text: string; values: unknown[] | undefined }>): Array<{ text: string; values: unknown[] | undefined }> {
  const notifies = statements.filter((x) => NOTIFY_STATEMENT.test(x.text));
  if (notifies.length < 2) return statements;
  const values: unknown[] = [];
  const parts = notifies.map((x) => {
    const offset = values.length;
    values.push(...(x.values ?? []));
    // Our statements carry their values as parameters only, so every $n is a parameter.
    return `(${x.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return [...statements.filter((x) => !NOTIFY_STATEMENT.test(x.text)), { text: `SELECT ${parts.join(', ')}`, values }];
}

/** Wraps a pg.Pool (created with `pipeline: true`) so its clients prepare and pipeline as above. */
export function pipeliningPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let n = names.get(sql);
    if (!n) {
      n = `hd_${createHash('sha1').update(sql).digest('base64url')}`;
      if (names.size < 10_000) names.set(sql, n);
    }
    return n;
  };
  // One wrapper per pooled connection, made when the connection is first handed out.
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== 'connect') return Reflect.get(target, prop, receiver);
      return async () => {
        const client = await target.connect();
        let w = wrapped.get(client);
        if (!w) {
          const state: ConnectionState = { prepared: new Set(), heldBegin: null, inTransaction: false, pending: [], failed: undefined, afterCommit: [] };
          const query = queryFunction(client, state, nameOf);
          w = new Proxy(client, { get: (c, p, r) => (p === 'query' ? query : Reflect.get(c, p, r)) });
          wrapped.set(client, w);
        }
        return w;
      };
    },
  });
}

/** What the fast path needs of a client's socket: holding writes back and letting them go in one. */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * The socket of a node-postgres client: `client.connection.stream`, a PRIVATE field of
 * node-postgres (not in its types or docs). That is why `pg` is pinned to an exact version in
 * server/package.json, and why pg-connection.test.ts fails loudly when the field is gone. Without
 * it every statement still runs, only BEGIN and the first statement, and pipelined statements,
 * would no longer share a write (more packets, not wrong results).
 */
export function clientSocket(client: pg.ClientBase): CorkableSocket | undefined {
  const stream = (client as unknown as { connection?: { stream?: Partial<CorkableSocket> } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as CorkableSocket) : undefined;
}

function queryFunction(client: pg.PoolClient, s: ConnectionState, nameOf: (sql: string) => string) {
  const raw = client.query.bind(client) as (config: unknown, values?: unknown[]) => Promise<Result>;
  const stream = clientSocket(client);

  /** Sends one statement (prepared when it has parameters), writing a held BEGIN first. */
  const send = (text: string, values: unknown[] | undefined): Promise<Result> => {
    const begin = s.heldBegin;
    s.heldBegin = null;
    stream?.cork();
    try {
      if (begin) track(raw(begin));
      if (!values?.length || text.startsWith(PLANNED_PER_RUN)) return raw(text, values);
      const name = nameOf(text);
      if (!s.prepared.has(name)) {
        if (s.prepared.size >= PREPARED_PER_CONNECTION) return raw(text, values);
        s.prepared.add(name);
      }
      return named(name, text, values);
    } finally {
      // One write for BEGIN and the statement.
      stream?.uncork();
    }
  };
  /**
   * A named statement. Built as a Query from its text with the name set afterwards: giving
   * node-postgres a config object makes it copy the object through property descriptors on
   * every call, which costs more than the rest of sending the statement.
   */
  const named = (name: string, text: string, values: unknown[]) =>
    new Promise<Result>((resolve, reject) => {
      const q = new pg.Query(text, values, (err: Error | undefined, res: unknown) => (err ? reject(err) : resolve(res as Result))) as pg.Query & {
        name?: string;
      };
      q.name = name;
      // Given a Query, node-postgres returns it (not a promise); the callback settles ours.
      void client.query(q as unknown as pg.QueryConfig);
    });
  /** Keeps a statement nobody awaits: its first failure is remembered for COMMIT. */
  const track = (p: Promise<Result>) => {
    const settled = p.catch((err: unknown) => {
      s.failed ??= err;
    });
    s.pending.push(settled);
  };
  const settle = async () => {
    const all = s.pending;
    s.pending = [];
    await Promise.all(all);
  };
  const reset = () => {
    s.heldBegin = null;
    s.inTransaction = false;
    s.pending = [];
    s.failed = undefined;
    s.afterCommit = [];
  };

  /** COMMIT or ROLLBACK, sent at once and answered after every pipelined statement. */
  const end = async (text: string, command: 'COMMIT' | 'ROLLBACK'): Promise<Result> => {
    // Nothing ran in this transaction: nothing to send (but what waits for its commit).
    if (s.heldBegin) {
      const after = s.afterCommit;
      reset();
      if (command === 'COMMIT') for (const a of combineNotifies(after)) send(a.text, a.values).catch(() => undefined);
      return EMPTY(command);
    }
    const sent = raw(text);
    const after = s.afterCommit;
    await settle();
    const failed = s.failed;
    let result: Result;
    try {
      result = await sent;
    } finally {
      reset();
    }
    if (command === 'ROLLBACK') return result;
    if (failed) throw failed;
    if (result.command !== 'COMMIT') throw new Error(`The transaction was rolled back by the server (${result.command}).`);
    // Committed: now the statements that wait for it. Queued on this connection ahead of whatever
    // its next user sends; their answers are not awaited and their failures not reported.
    for (const a of combineNotifies(after)) send(a.text, a.values).catch(() => undefined);
    return result;
  };

  return async (text: unknown, values?: unknown[]): Promise<Result> => {
    if (typeof text !== 'string') return raw(text, values);
    if (!values?.length && BEGIN.test(text) && !s.inTransaction) {
      reset();
      s.inTransaction = true;
      s.heldBegin = text;
      return EMPTY('BEGIN');
    }
    if (s.inTransaction && !values?.length && COMMIT.test(text)) return end(text, 'COMMIT');
    if (s.inTransaction && !values?.length && ROLLBACK.test(text)) return end(text, 'ROLLBACK');
    if (text.startsWith(AFTER_COMMIT)) {
      const statement = text.slice(AFTER_COMMIT.length);
      if (!s.inTransaction) return send(statement, values);
      s.afterCommit.push({ text: statement, values });
      return EMPTY('AFTER COMMIT');
    }
    if (text.startsWith(DEFERRED)) {
      const cut = text.indexOf(' */ ') + 4;
      const token = text.slice(0, cut);
      if (!s.inTransaction) return send(text.slice(cut), values);
      stream?.cork();
      // Refused because a pipelined statement before it failed: report the cause.
      const result = send(text.slice(cut), values).catch((err: unknown) => {
        // Remembered at once (before the handlers of statements after it run), so they can name it.
        if ((err as { code?: string }).code !== IN_FAILED_TRANSACTION) s.failed ??= err;
        throw s.failed && (err as { code?: string }).code === IN_FAILED_TRANSACTION ? s.failed : err;
      });
      track(result);
      deferredResults.set(token, result);
      setImmediate(() => stream?.uncork());
      return EMPTY('DEFERRED');
    }
    if (text.startsWith(PIPELINED) && s.inTransaction) {
      // Held in the socket's buffer until this turn of the event loop ends, so it leaves in
      // one write with the statements that follow it.
      stream?.cork();
      track(send(text, values));
      setImmediate(() => stream?.uncork());
      return EMPTY('PIPELINED');
    }
    try {
      return await send(text, values);
    } catch (err) {
      // A statement refused because a pipelined one failed before it: report the cause.
      if (s.failed && (err as { code?: string }).code === IN_FAILED_TRANSACTION) throw s.failed;
      throw err;
    }
  };
}
