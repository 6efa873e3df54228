/**
 * Test harness: a real server on 127.0.0.1 with a real database. Locally each test file gets
 * a fresh in-memory PGlite; with DATABASE_URL set (CI) every file shares that server
 * database and isolates itself by creating its own units and people (see factories.ts).
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, openMemoryPglite, type Database } from '../platform/db.ts';
import { migrateToLatest } from '../platform/migrate.ts';

export interface TestServer {
  app: FastifyInstance;
  config: Config;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Opens the test database: the DATABASE_URL server, or a fresh in-memory PGlite. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const database = url ? await openDatabase({ databaseUrl: url, dataDir: '' }) : await openMemoryPglite();
  await migrateToLatest(database.db);
  return database;
}

/** Starts the whole app on a free port. */
export async function startTestServer(env: Record<string, string> = {}, database?: Database, logStream?: NodeJS.WritableStream): Promise<TestServer> {
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'never',
    WORKERS: 'off',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  });
  const db = database ?? (await openTestDatabase());
  const app = await buildApp(config, db, logStream ? { logStream } : {});
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    config,
    database: db,
    url: config.publicUrl,
    async close() {
      await app.close();
      if (!database) await db.close();
    },
  };
}
