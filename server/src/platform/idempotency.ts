/**
 * Idempotency-Key for sends: the first request with a key commits its answer with the work;
 * a retry with the same key and the same body gets that answer back and creates nothing;
 * the same key with a different body is refused (422). Concurrent retries wait on the
 * primary key of the first one's row and then read its answer.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from './db.ts';
import type { DB } from './db-types.ts';
import { AppError } from './errors.ts';
import { deferred, pipelined } from './pg-connection.ts';
import { compiledTemplate } from './query-template.ts';

export interface Stored<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Hash of a request body (and attachment hashes) for comparing retries. */
export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Checks the key syntax: 1–200 visible ASCII characters. */
export function checkKey(key: string | string[] | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key))
    throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header must be 1–200 visible ASCII characters.');
  return key;
}

/**
 * Runs `work` once per (scope, key) in a transaction of its own. Without a key it just runs.
 * `scope` must name the acting person so keys of different people never meet.
 *
 * The key is looked up first — in the same write as `prefetch` (e.g. locking the row the work is
 * about), so it costs no round trip of its own — and a stored answer is replayed without working.
 * Otherwise the answer is stored with the work at its end, in one insert that leaves with the
 * COMMIT (pipelined, pg-connection.ts). Two requests with one key at once both get to work; the
 * second's transaction fails (on the key's primary key, or on the state the first left, e.g. a
 * closed thread) and is rolled back, and it then answers with what the first stored.
 */
export async function once<T, P = undefined>(
  db: Db,
  scope: string,
  key: string | undefined,
  hash: string,
  work: (tx: Transaction<DB>, prefetched: P) => Promise<{ status: number; body: T }>,
  prefetch?: (tx: Transaction<DB>) => Promise<P>,
): Promise<Stored<T>> {
  if (!key) return db.transaction().execute(async (tx) => ({ ...(await work(tx, (prefetch ? await prefetch(tx) : undefined) as P)), replayed: false }));
  try {
    return await db.transaction().execute(async (tx) => {
      const [stored, prefetched] = await Promise.all([deferred(tx, storedAnswer(tx, { scope, key })), prefetch?.(tx)]);
      if (stored[0]) return replay<T>(stored[0], hash);
      const result = await work(tx, prefetched as P);
      await pipelined(tx, storeAnswer(tx, { scope, key, hash, status: result.status, response: JSON.stringify(result.body) }));
      return { ...result, replayed: false };
    });
  } catch (err) {
    // A request with the same key committed while this one worked: its answer is the answer.
    const row = await db
      .executeQuery(storedAnswer(db, { scope, key }))
      .then((r) => r.rows)
      .catch(() => []);
    if (row[0]) return replay<T>(row[0], hash);
    throw err;
  }
}

const storedAnswer = compiledTemplate((db, a: { scope: string; key: string }) =>
  db.selectFrom('idempotency_keys').select(['request_hash', 'status', 'response']).where('scope', '=', a.scope).where('key', '=', a.key),
);

const storeAnswer = compiledTemplate((db, a: { scope: string; key: string; hash: string; status: number; response: string }) =>
  db.insertInto('idempotency_keys').values({ scope: a.scope, key: a.key, request_hash: a.hash, status: a.status, response: a.response }),
);

function replay<T>(row: { request_hash: string; status: number; response: unknown }, hash: string): Stored<T> {
  if (row.request_hash !== hash)
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request. Use a new key for a new message.');
  return { status: row.status, body: row.response as T, replayed: true };
}
