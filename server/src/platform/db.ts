/**
 * The database: a PostgreSQL server when DATABASE_URL is set, embedded PGlite otherwise.
 * Same SQL, same migrations. Types are parsed the same way on both, so code never
 * sees a difference: int8 as number, date as 'YYYY-MM-DD', timestamptz as Date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Config } from './config.ts';
import type { DB } from './db-types.ts';
import { pipeliningPool, TIMESTAMPTZ, timestamptzParser } from './pg-connection.ts';
import { PgListener } from './pg-listener.ts';
import { DatabaseAvailability } from './db-availability.ts';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

export type Db = Kysely<DB>;

/** A handle on the database and how to listen for notifications on it. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Subscribes to a LISTEN/NOTIFY channel; returns an unsubscribe function. `onResume` is called
   * when the subscription came back after its connection was lost (notifications may be missed).
   */
  listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<() => Promise<void>>;
  /** Whether the database is in an outage; logs its start and end once (db-availability.ts). */
  availability: DatabaseAvailability;
  close(): Promise<void>;
}

/** Bounds on every wait on PostgreSQL (DB_*_TIMEOUT_MS; 0 turns one off). */
export interface DbTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs: number;
  /** One statement, enforced by the server (statement_timeout) and, a little later, by the client (a frozen server). */
  statementMs: number;
  /** A transaction left open without a statement (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5000, statementMs: 30_000, idleInTransactionMs: 30_000 };

/** Extra time the client waits past statement_timeout before it gives up on a server that does not answer at all. */
const CLIENT_GRACE_MS = 2000;

const INT8 = 20;

/**
 * Slow-query log: with DB_SLOW_QUERY_MS set, queries slower than that are written to stderr
 * with their SQL text (never their parameters, which may hold personal data).
 */
function slowQueryLog() {
  const ms = Number(process.env.DB_SLOW_QUERY_MS ?? 0);
  if (!ms) return undefined;
  return (e: LogEvent) => {
    if (e.queryDurationMillis >= ms)
      process.stderr.write(
        `${JSON.stringify({ level: 'warn', msg: 'slow query', ms: Math.round(e.queryDurationMillis * 10) / 10, sql: e.query.sql.slice(0, 300) })}\n`,
      );
  };
}
const DATE = 1082;

/** Opens the configured database (creating the embedded data folder if needed). */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'> & { dbTimeouts?: DbTimeouts }): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.dbTimeouts ?? DEFAULT_DB_TIMEOUTS);
  return openPglite(config.dataDir);
}

/**
 * Opens READ_DATABASE_URL: a server (a streaming standby) for read-only work that may lag. Same
 * pool settings and types as the primary; nothing is migrated or listened to there.
 */
export async function openReadDatabase(url: string, timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS): Promise<Database> {
  return openPostgres(url, timeouts, 'READ_DATABASE_URL');
}

async function openPostgres(url: string, timeouts: DbTimeouts, setting = 'DATABASE_URL'): Promise<Database> {
  const timestamptz = timestamptzParser(pg.types.getTypeParser(TIMESTAMPTZ, 'text'));
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (v: string) => Number(v);
      if (oid === DATE) return (v: string) => v;
      if (oid === TIMESTAMPTZ && format !== 'binary') return timestamptz;
      return pg.types.getTypeParser(oid, format);
    },
  };
  // Pipeline mode: statements can be written before the previous one's answer is in (pg-connection.ts).
  const availability = new DatabaseAvailability();
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DB_POOL_SIZE ?? 20),
    types,
    pipeline: true,
    keepAlive: true,
    ...(timeouts.connectMs ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
    ...(timeouts.statementMs ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + CLIENT_GRACE_MS } : {}),
    ...(timeouts.idleInTransactionMs ? { idle_in_transaction_session_timeout: timeouts.idleInTransactionMs } : {}),
  } as pg.PoolConfig);
  // Every connection has an error listener for its whole life, also while it is checked out
  // (pg.Pool listens only while it is idle): a connection that PostgreSQL drops inside a
  // transaction (pg_terminate_backend, a fast stop, a failover) emits 'error', and without a
  // listener that ends the process. The statement in flight fails on its own (the request
  // answers 503, http.ts) and the pool discards the broken connection when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    availability.recovered();
  });
  pool.on('error', () => undefined);
  // Fail fast with a clear message rather than at the first request.
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot connect to the PostgreSQL server in ${setting} (${redactUrl(url)}): ${reason}`);
  }
  const log = slowQueryLog();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pipeliningPool(pool) }), ...(log ? { log } : {}) });
  const listener = new PgListener(url);
  return {
    db,
    kind: 'postgres',
    availability,
    listen: (channel, onPayload, onResume) => listener.listen(channel, onPayload, onResume),
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

/**
 * The PostgreSQL extensions the migrations use, loaded into every PGlite that opens our data
 * (backup and restore too); PostgreSQL has them as contrib: btree_gist, for the exclusion
 * constraints that keep a timebook free of overlapping bookings, and btree_gin, for the inbox
 * search's index on (unit, search words).
 */
export async function pgliteExtensions() {
  const [{ btree_gist }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ]);
  return { btree_gist, btree_gin };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.join(dataDir, 'pglite');
  let release: () => void;
  try {
    release = lockDataDir(dataDir);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new DatabaseUnavailableError(err.message);
    throw err;
  }
  fs.mkdirSync(dir, { recursive: true });
  const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };
  let client;
  try {
    client = await PGlite.create({ dataDir: dir, parsers, extensions: await pgliteExtensions() });
  } catch (err) {
    release();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot open the embedded database in ${dir}: ${reason}.`);
  }
  const database = wrapPglite(client);
  const close = database.close.bind(database);
  database.close = async () => {
    try {
      await close();
    } finally {
      release();
    }
  };
  return database;
}

/** An in-memory PGlite, for tests that need a fresh database per file. */
export async function openMemoryPglite(): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create({ parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v }, extensions: await pgliteExtensions() });
  return wrapPglite(client);
}

function wrapPglite(client: import('@electric-sql/pglite').PGlite): Database {
  const log = slowQueryLog();
  // Kysely's own PGlite dialect: one connection, and a query outside a transaction waits for an open one (decisions.md 4).
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: client }), ...(log ? { log } : {}) });
  return {
    db,
    kind: 'pglite',
    availability: new DatabaseAvailability(),
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    async close() {
      await db.destroy();
    },
  };
}

/** The database cannot be reached or opened. */
export class DatabaseUnavailableError extends Error {}

/** Hides the password in a connection URL for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
