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
 *   - a statement whose result the code does not need (an advisory lock, a NOTIFY, an audit or
 *     outbox insert) can be sent with `pipelined()`: it is written at once and not waited for.
 *     Later statements queue behind it on the same connection, so order is kept. COMMIT waits
 *     for every pipelined statement: if one failed, the transaction is rolled back and COMMIT
 *     throws that statement's error, so a 2xx still means everything was committed.
 *   Outside a transaction a pipelined statement is simply awaited.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from './db-types.ts';

/** Most distinct statements one connection keeps prepared; past it, statements run unnamed. */
export const PREPARED_PER_CONNECTION = 500;

/** The SQL prefix that marks a statement whose result nobody waits for. */
export const PIPELINED = '/* pipelined */ ';

/**
 * Sends a statement inside a transaction without waiting for its result (on PostgreSQL); its
 * failure makes the transaction's COMMIT fail. On PGlite, and outside a transaction, it is
 * simply executed. Use it only for statements whose result is not needed and whose failure is
 * not an expected outcome to be handled.
 */
export async function pipelined(tx: Pick<Kysely<DB>, 'executeQuery'>, q: CompiledQuery): Promise<void> {
  await tx.executeQuery(CompiledQuery.raw(PIPELINED + q.sql, [...q.parameters]));
}

type Result = pg.QueryResult;
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
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const COMMIT = /^\s*commit\s*$/i;
const ROLLBACK = /^\s*rollback\s*$/i;
/** "current transaction is aborted, commands ignored until end of transaction block" */
const IN_FAILED_TRANSACTION = '25P02';

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
  const states = new WeakMap<pg.PoolClient, ConnectionState>();
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== 'connect') return Reflect.get(target, prop, receiver);
      return async () => {
        const client = await target.connect();
        let state = states.get(client);
        if (!state) {
          state = { prepared: new Set(), heldBegin: null, inTransaction: false, pending: [], failed: undefined };
          states.set(client, state);
        }
        const query = queryFunction(client, state, nameOf);
        return new Proxy(client, {
          get: (c, p, r) => (p === 'query' ? query : Reflect.get(c, p, r)),
        });
      };
    },
  });
}

function queryFunction(client: pg.PoolClient, s: ConnectionState, nameOf: (sql: string) => string) {
  const raw = client.query.bind(client) as (config: unknown, values?: unknown[]) => Promise<Result>;
  const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;

  /** Sends one statement (prepared when it has parameters), writing a held BEGIN first. */
  const send = (text: string, values: unknown[] | undefined): Promise<Result> => {
    const begin = s.heldBegin;
    s.heldBegin = null;
    stream?.cork?.();
    try {
      if (begin) track(raw(begin));
      if (!values?.length) return raw(text, values);
      const name = nameOf(text);
      if (!s.prepared.has(name)) {
        if (s.prepared.size >= PREPARED_PER_CONNECTION) return raw(text, values);
        s.prepared.add(name);
      }
      return raw({ name, text, values });
    } finally {
      // One write for BEGIN and the statement.
      stream?.uncork?.();
    }
  };
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
  };

  return async (text: unknown, values?: unknown[]): Promise<Result> => {
    if (typeof text !== 'string') return raw(text, values);
    if (!values?.length && BEGIN.test(text) && !s.inTransaction) {
      reset();
      s.inTransaction = true;
      s.heldBegin = text;
      return EMPTY('BEGIN');
    }
    if (s.inTransaction && !values?.length && COMMIT.test(text)) {
      if (s.heldBegin) {
        // Nothing ran in this transaction: nothing to send.
        reset();
        return EMPTY('COMMIT');
      }
      const commit = raw(text);
      await settle();
      const failed = s.failed;
      let result: Result;
      try {
        result = await commit;
      } finally {
        reset();
      }
      if (failed) throw failed;
      if (result.command !== 'COMMIT') throw new Error(`The transaction was rolled back by the server (${result.command}).`);
      return result;
    }
    if (s.inTransaction && !values?.length && ROLLBACK.test(text)) {
      if (s.heldBegin) {
        reset();
        return EMPTY('ROLLBACK');
      }
      const rollback = raw(text);
      await settle();
      try {
        return await rollback;
      } finally {
        reset();
      }
    }
    if (text.startsWith(PIPELINED) && s.inTransaction) {
      // Held in the socket's buffer until this turn of the event loop ends, so it leaves in
      // one write with the statements that follow it.
      stream?.cork?.();
      track(send(text, values));
      setImmediate(() => stream?.uncork?.());
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
