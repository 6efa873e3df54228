/**
 * Idempotency-Key for sends: the first request with a key commits its answer with the work;
 * a retry with the same key and the same body gets that answer back and creates nothing;
 * the same key with a different body is refused (422). Concurrent retries wait on the
 * primary key of the first one's row and then read its answer.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import { AppError } from '../../platform/errors.ts';
import { deferred, pipelined } from '../../platform/pg-connection.ts';

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
 * Runs `work` once per (scope, key) inside the transaction. Without a key it just runs.
 * `scope` must name the acting person so keys of different people never meet. `prefetch` (e.g.
 * locking the row the work is about) is sent in the same write as the key's claim and its
 * result handed to `work`, so the claim costs no round trip of its own.
 */
export async function once<T, P = undefined>(
  tx: Transaction<DB>,
  scope: string,
  key: string | undefined,
  hash: string,
  work: (prefetched: P) => Promise<{ status: number; body: T }>,
  prefetch?: () => Promise<P>,
): Promise<Stored<T>> {
  if (!key) return { ...(await work((prefetch ? await prefetch() : undefined) as P)), replayed: false };
  const [claimed, prefetched] = await Promise.all([
    deferred(
      tx,
      tx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: hash, status: 0, response: JSON.stringify(null) })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .compile(),
    ),
    prefetch?.(),
  ]);
  if (!claimed.length) {
    const row = await tx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (row.request_hash !== hash)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request. Use a new key for a new message.');
    return { status: row.status, body: row.response as T, replayed: true };
  }
  const result = await work(prefetched as P);
  await pipelined(
    tx,
    tx
      .updateTable('idempotency_keys')
      .set({ status: result.status, response: JSON.stringify(result.body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .compile(),
  );
  return { ...result, replayed: false };
}
