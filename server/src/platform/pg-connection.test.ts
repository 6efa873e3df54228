/**
 * The connection layer's promises, on whichever database the suite runs against (PGlite locally,
 * PostgreSQL in CI's second pass, where statements are really pipelined): a pipelined statement
 * keeps its order, its failure means nothing of the transaction is committed and the caller gets
 * that statement's own error, and a transaction's statements run in one transaction.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';
import { afterCommit, clientSocket, combineNotifies, deferred, pipelined, PLANNED_PER_RUN, TIMESTAMPTZ, timestamptzParser } from './pg-connection.ts';

let database: Database;
const table = `pipeline_probe_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  database = await openTestDatabase();
  await sql`CREATE TABLE ${sql.table(table)} (id int PRIMARY KEY, note text NOT NULL)`.execute(database.db);
});
afterAll(async () => {
  await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(database.db);
  await database.close();
});

const insert = (id: number, note: string | null) => sql`INSERT INTO ${sql.table(table)} (id, note) VALUES (${id}, ${note})`;
const count = async (id: number) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE id = ${id}`.execute(database.db)).rows[0]!.n);

describe('pipelined statements', () => {
  it('run in order: a later statement in the transaction sees what a pipelined one wrote', async () => {
    const seen = await database.db.transaction().execute(async (tx) => {
      await pipelined(tx, insert(1, 'first').compile(tx));
      await pipelined(tx, sql`UPDATE ${sql.table(table)} SET note = 'second' WHERE id = 1`.compile(tx));
      return (await sql<{ note: string }>`SELECT note FROM ${sql.table(table)} WHERE id = ${1}`.execute(tx)).rows[0]?.note;
    });
    expect(seen).toBe('second');
    expect(await count(1)).toBe(1);
  });

  it('make the commit fail with their own error when one fails, and nothing of the transaction is kept', async () => {
    const run = database.db.transaction().execute(async (tx) => {
      await insert(2, 'kept only if all succeeds').execute(tx);
      // Violates NOT NULL; with PostgreSQL the error arrives only at COMMIT.
      await pipelined(tx, insert(3, null).compile(tx));
      return 'done';
    });
    await expect(run).rejects.toMatchObject({ code: '23502' });
    expect(await count(2)).toBe(0);
    expect(await count(3)).toBe(0);
  });

  it('report the cause when a later statement is refused because the transaction had failed', async () => {
    const run = database.db.transaction().execute(async (tx) => {
      await pipelined(tx, insert(4, null).compile(tx));
      await sql`SELECT 1`.execute(tx);
    });
    await expect(run).rejects.toMatchObject({ code: '23502' });
    expect(await count(4)).toBe(0);
  });

  it('outside a transaction are simply executed', async () => {
    await pipelined(database.db, insert(5, 'alone').compile(database.db));
    expect(await count(5)).toBe(1);
    await expect(pipelined(database.db, insert(5, 'again').compile(database.db))).rejects.toMatchObject({ code: '23505' });
  });

  it('leave the connection clean for the next transaction after a failure', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(
        database.db.transaction().execute(async (tx) => {
          await pipelined(tx, insert(10 + i, null).compile(tx));
        }),
      ).rejects.toMatchObject({ code: '23502' });
      await database.db.transaction().execute(async (tx) => {
        await pipelined(tx, insert(20 + i, 'ok').compile(tx));
      });
      expect(await count(20 + i)).toBe(1);
    }
  });
});

describe('deferred statements', () => {
  const noteOf = (id: number) => sql<{ note: string }>`SELECT note FROM ${sql.table(table)} WHERE id = ${id}`;

  it('give each its own rows when several are awaited together, in order with what was sent before them', async () => {
    const [a, b, c] = await database.db.transaction().execute(async (tx) => {
      await pipelined(tx, insert(40, 'forty').compile(tx));
      return Promise.all([
        deferred(tx, noteOf(40).compile(tx)),
        deferred(tx, sql<{ n: number }>`SELECT 2 AS n`.compile(tx)),
        deferred(tx, noteOf(41).compile(tx)),
      ]);
    });
    expect(a).toEqual([{ note: 'forty' }]);
    expect(b).toEqual([{ n: 2 }]);
    expect(c).toEqual([]);
    expect(await count(40)).toBe(1);
  });

  it('reject with their own error, and the transaction keeps nothing', async () => {
    let after: Promise<unknown> = Promise.resolve();
    const run = database.db.transaction().execute(async (tx) => {
      await insert(42, 'kept only if all succeeds').execute(tx);
      const bad = deferred(tx, insert(43, null).compile(tx));
      after = deferred(tx, noteOf(42).compile(tx));
      return Promise.all([bad, after]);
    });
    await expect(run).rejects.toMatchObject({ code: '23502' });
    // The statement after it was refused too; on PostgreSQL, where they were in flight together, it names the cause.
    if (database.kind === 'postgres') await expect(after).rejects.toMatchObject({ code: '23502' });
    else await expect(after).rejects.toBeTruthy();
    expect(await count(42)).toBe(0);
    expect(await count(43)).toBe(0);
  });

  it('outside a transaction are simply executed', async () => {
    await pipelined(database.db, insert(44, 'alone').compile(database.db));
    expect(await deferred(database.db, noteOf(44).compile(database.db))).toEqual([{ note: 'alone' }]);
  });

  it('are prepared once whatever their token: many runs of one statement on one connection work', async () => {
    for (let i = 0; i < 30; i++) {
      const rows = await database.db.transaction().execute((tx) => deferred(tx, sql<{ n: number }>`SELECT ${i}::int AS n`.compile(tx)));
      expect(rows).toEqual([{ n: i }]);
    }
  });
});

describe('statements planned per run', () => {
  // Skipped on PGlite: it prepares nothing by name.
  it.skipIf(process.env.DATABASE_URL === undefined)(
    'are never kept as a prepared statement, while others are (skipped on PGlite: it prepares nothing by name)',
    async () => {
      const kept = await database.db.transaction().execute(async (tx) => {
        await tx.executeQuery(CompiledQuery.raw(`SELECT $1::int AS kept_${process.pid}`, [1]));
        await tx.executeQuery(CompiledQuery.raw(`${PLANNED_PER_RUN}SELECT $1::int AS per_run_${process.pid}`, [2]));
        return (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(tx)).rows.map((r) => r.statement);
      });
      expect(kept.some((t) => t.includes(`kept_${process.pid}`))).toBe(true);
      expect(kept.some((t) => t.includes(`per_run_${process.pid}`))).toBe(false);
    },
  );
});

describe('statements after commit', () => {
  it('run once the transaction has committed, and see what it wrote', async () => {
    await database.db.transaction().execute(async (tx) => {
      await insert(50, 'committed').execute(tx);
      await afterCommit(
        tx,
        sql`INSERT INTO ${sql.table(table)} (id, note) SELECT 51, note || ' then after' FROM ${sql.table(table)} WHERE id = 50`.compile(tx),
      );
    });
    await vi.waitFor(async () => expect(await count(51)).toBe(1), { timeout: 2000, interval: 20 });
    const note = (await sql<{ note: string }>`SELECT note FROM ${sql.table(table)} WHERE id = 51`.execute(database.db)).rows[0]?.note;
    expect(note).toBe('committed then after');
  });

  it('never run when the transaction rolls back', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await insert(52, 'rolled back').execute(tx);
        await afterCommit(tx, insert(53, 'must not exist').compile(tx));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      database.db.transaction().execute(async (tx) => {
        await afterCommit(tx, insert(54, 'must not exist').compile(tx));
        await pipelined(tx, insert(55, null).compile(tx));
      }),
    ).rejects.toMatchObject({ code: '23502' });
    // A later statement on the same pool has run after anything they could have queued.
    await new Promise((r) => setTimeout(r, 200));
    expect(await count(52)).toBe(0);
    expect(await count(53)).toBe(0);
    expect(await count(54)).toBe(0);
  });

  it('deliver every NOTIFY of a transaction once it committed, and none of one that rolled back', async () => {
    const channel = `probe_${process.pid}_${Date.now()}`;
    const got: string[] = [];
    const stop = await database.listen(channel, (p) => got.push(p));
    try {
      await database.db.transaction().execute(async (tx) => {
        await afterCommit(tx, sql`SELECT pg_notify(${channel}, ${'one'})`.compile(tx));
        await afterCommit(tx, sql`SELECT pg_notify(${channel}, ${'two'}) WHERE EXISTS (SELECT 1 WHERE ${1}::int = 1)`.compile(tx));
        await afterCommit(tx, sql`SELECT pg_notify(${channel}, ${'never'}) WHERE EXISTS (SELECT 1 WHERE ${1}::int = 2)`.compile(tx));
      });
      await expect(
        database.db.transaction().execute(async (tx) => {
          await afterCommit(tx, sql`SELECT pg_notify(${channel}, ${'rolled back'})`.compile(tx));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await vi.waitFor(() => expect(got.sort()).toEqual(['one', 'two']), { timeout: 2000, interval: 20 });
      await new Promise((r) => setTimeout(r, 200));
      expect(got.sort()).toEqual(['one', 'two']);
    } finally {
      await stop();
    }
  });

  it('combine NOTIFYs into one statement with their parameters renumbered, and leave other statements alone', () => {
    const out = combineNotifies([
      { text: 'SELECT pg_notify($1, $2)', values: ['a', 'x'] },
      { text: 'INSERT INTO t VALUES ($1)', values: [1] },
      { text: 'SELECT pg_notify($1, $2) WHERE EXISTS (SELECT 1 FROM j WHERE k = $3)', values: ['b', 'y', 'z'] },
    ]);
    expect(out).toEqual([
      { text: 'INSERT INTO t VALUES ($1)', values: [1] },
      { text: 'SELECT (SELECT pg_notify($1, $2)), (SELECT pg_notify($3, $4) WHERE EXISTS (SELECT 1 FROM j WHERE k = $5))', values: ['a', 'x', 'b', 'y', 'z'] },
    ]);
    expect(combineNotifies([{ text: 'SELECT pg_notify($1, $2)', values: ['a', 'x'] }])).toHaveLength(1);
  });

  it('run in a transaction that sent nothing else, and outside a transaction at once', async () => {
    await database.db.transaction().execute((tx) => afterCommit(tx, insert(56, 'alone').compile(tx)));
    await vi.waitFor(async () => expect(await count(56)).toBe(1), { timeout: 2000, interval: 20 });
    await afterCommit(database.db, insert(57, 'no transaction').compile(database.db));
    expect(await count(57)).toBe(1);
  });
});

describe('transactions', () => {
  it('run every statement in one transaction, the first one included', async () => {
    const ids = await database.db.transaction().execute(async (tx) => {
      const a = (await sql<{ x: string }>`SELECT txid_current()::text AS x`.execute(tx)).rows[0]!.x;
      const b = (await sql<{ x: string }>`SELECT txid_current()::text AS x`.execute(tx)).rows[0]!.x;
      return [a, b];
    });
    expect(ids[0]).toBe(ids[1]);
  });

  it('roll back what ran when the work throws', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await insert(30, 'rolled back').execute(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count(30)).toBe(0);
  });

  it('may run no statement at all', async () => {
    await expect(database.db.transaction().execute(async () => 'nothing')).resolves.toBe('nothing');
    expect(await count(1)).toBe(1);
  });

  it('are never joined by a statement from outside: it neither sees their writes nor is rolled back with them', async () => {
    // On PGlite (one connection) the outside statements wait for the transaction to end (Kysely's
    // PGlite dialect, decisions.md 4); on PostgreSQL they run on another connection.
    let outside: Promise<[number, unknown]> | undefined;
    await expect(
      database.db.transaction().execute(async (tx) => {
        await insert(31, 'uncommitted').execute(tx);
        outside = Promise.all([count(31), insert(32, 'outside').execute(database.db)]);
        await new Promise((r) => setTimeout(r, 100));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [seen] = await outside!;
    expect(seen).toBe(0);
    expect(await count(31)).toBe(0);
    expect(await count(32)).toBe(1);
  });
});

describe('timestamptz parsing', () => {
  const general = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (v: string) => Date;
  const fast = timestamptzParser(general) as (v: string) => Date;
  it.each([
    '2026-11-22 06:40:26.123456+00',
    '2026-11-22 06:40:26+00',
    '2026-03-29 01:59:59.9+01',
    '2026-10-25 02:30:00.5+02',
    '1999-12-31 23:59:59.999999-05',
    '2026-01-01 00:00:00+05:30',
    '2026-01-01 00:00:00.000001-03:30',
  ])('reads %s as node-postgres does', (v) => {
    expect(fast(v).toISOString()).toBe(general(v).toISOString());
  });
  it.each(['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '2026-01-01 00:00:00+00:00:12'])(
    'leaves %s to the general parser',
    (v) => {
      expect(String(fast(v))).toBe(String(general(v)));
    },
  );
  it('agrees with the server on a value it wrote', async () => {
    const r = await sql<{ t: Date; s: string }>`SELECT ts AS t, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS s
      FROM (SELECT '2026-03-29 00:59:59.987654+00'::timestamptz AS ts) x`.execute(database.db);
    expect(r.rows[0]!.t.toISOString()).toBe(r.rows[0]!.s);
  });
});

describe('the private node-postgres field the fast path relies on (docs/db-fast-path.md)', () => {
  const require = createRequire(import.meta.url);
  const GONE =
    'node-postgres no longer has client.connection.stream (a private field): BEGIN and pipelined statements lose their shared write. ' +
    'Find the socket in the new version and update clientSocket() in platform/pg-connection.ts, or keep pg at the pinned version.';

  it('pins pg to one exact version, the one installed', () => {
    const serverPackage = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    const pinned = serverPackage.dependencies.pg;
    expect(pinned, 'server/package.json must pin pg exactly (no ^ or ~): pg-connection.ts reads a private field').toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('pg')), '..', 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pinned);
  });

  it('finds the socket of a client: client.connection.stream, which can cork and uncork', () => {
    const socket = clientSocket(new pg.Client());
    expect(socket, GONE).toBeDefined();
    expect(socket, GONE).toBeInstanceOf(net.Socket);
  });

  // Skipped on PGlite (the default test database): it has no socket and no node-postgres client;
  // this runs in CI's PostgreSQL pass.
  it.runIf(process.env.DATABASE_URL)('is the socket a connected client writes its statements to, held back while corked', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, pipeline: true } as pg.PoolConfig);
    const client = await pool.connect();
    try {
      const socket = clientSocket(client) as net.Socket | undefined;
      expect(socket, GONE).toBeInstanceOf(net.Socket);
      expect(socket!.remotePort ?? socket!.remoteAddress, 'a connected socket').toBeDefined();
      socket!.cork();
      const answer = client.query<{ n: number }>('SELECT 41 + 1 AS n');
      // The statement was written to this socket and waits in its buffer until uncorked.
      expect(socket!.writableLength).toBeGreaterThan(0);
      socket!.uncork();
      expect((await answer).rows).toEqual([{ n: 42 }]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
