/**
 * The database: a PostgreSQL server when DATABASE_URL is set, embedded PGlite otherwise.
 * Same SQL, same migrations. Types are parsed the same way on both, so code never
 * sees a difference: int8 as number, date as 'YYYY-MM-DD', timestamptz as Date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Config } from './config.ts';
import type { DB } from './db-types.ts';
import { pipeliningPool, TIMESTAMPTZ, timestamptzParser } from './pg-connection.ts';
import { PgListener } from './pg-listener.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { DataDirBusyError, lockDataDir } from './embedded-backup.ts';

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
  close(): Promise<void>;
}

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
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(config.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
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
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 20), types, pipeline: true } as pg.PoolConfig);
  // Fail fast with a clear message rather than at the first request.
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot connect to the PostgreSQL server in DATABASE_URL (${redactUrl(url)}): ${reason}`);
  }
  pool.on('error', () => undefined);
  const log = slowQueryLog();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pipeliningPool(pool) }), ...(log ? { log } : {}) });
  const listener = new PgListener(url);
  return {
    db,
    kind: 'postgres',
    listen: (channel, onPayload, onResume) => listener.listen(channel, onPayload, onResume),
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };
  // One process at a time in the folder: a second server, or a backup/restore, is refused (embedded-backup.ts).
  let release: () => void;
  try {
    release = lockDataDir(dataDir, 'server');
  } catch (err) {
    if (err instanceof DataDirBusyError) throw new DatabaseUnavailableError(err.message);
    throw err;
  }
  let client;
  try {
    client = await PGlite.create({ dataDir: dir, parsers });
  } catch (err) {
    release();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot open the embedded database in ${dir}: ${reason}. Is another instance using this DATA_DIR?`);
  }
  const database = wrapPglite(client);
  const close = database.close;
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
  const client = await PGlite.create({ parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v } });
  return wrapPglite(client);
}

function wrapPglite(client: import('@electric-sql/pglite').PGlite): Database {
  const log = slowQueryLog();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client), ...(log ? { log } : {}) });
  return {
    db,
    kind: 'pglite',
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
