/**
 * When the database cannot answer: which errors mean "unavailable" (a dropped or refused
 * connection, a server shutting down, a timeout that fired), and one log line per outage.
 *
 * Such an error is never the request's fault and never a bug: the request is answered
 * 503 UNAVAILABLE with Retry-After (platform/http.ts), without a stack trace, and the outage
 * is logged once when it starts and once when the database answers again, not once per request.
 */
import { sql } from 'kysely';
import type { Db } from './db.ts';

/** One round trip to the database (SELECT 1); throws when it cannot answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Seconds a client is asked to wait before trying again while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** SQLSTATEs that mean the database (not the statement) failed, or a configured timeout fired. */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast or immediate stop
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
  '55P03', // lock_not_available: lock_timeout
  '53300', // too_many_connections
  '53100', // disk_full
  '58030', // io_error
]);

/** Node and node-postgres errors of a lost or refused connection, or a client-side timeout. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/** The cause chain's own-property `code`/`message`, at most a few levels deep. */
function* chain(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let e = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** True when an error means the database is unavailable (or too slow), not that the request was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNO.has(code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** A short, safe description of such an error for the log (no SQL, no parameters). */
export function describeUnavailable(err: unknown): { code: string | undefined; message: string } {
  const first: { code?: unknown } | undefined = [...chain(err)].find((e) => typeof e.code === 'string');
  return {
    code: typeof first?.code === 'string' ? first.code : undefined,
    message: String((err as { message?: unknown })?.message ?? err).slice(0, 200),
  };
}

type LogFn = (obj: Record<string, unknown>, msg: string) => void;
export interface AvailabilityLogger {
  warn: LogFn;
  info: LogFn;
}

const stderrLogger: AvailabilityLogger = {
  warn: (obj, msg) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`),
  info: (obj, msg) => process.stderr.write(`${JSON.stringify({ level: 'info', msg, ...obj })}\n`),
};

/**
 * Whether the database is in an outage, as seen by this process. `failed` is told every
 * unavailable error and logs only the first of an outage; `recovered` (a new connection was
 * opened, or a statement succeeded after a failure) logs the end of it.
 */
export class DatabaseAvailability {
  #down: { since: number; failures: number } | undefined;
  logger: AvailabilityLogger = stderrLogger;

  get down(): boolean {
    return this.#down !== undefined;
  }

  /** Records an unavailable error; true when it started an outage (and was logged). */
  failed(err: unknown, where: string): boolean {
    if (this.#down) {
      this.#down.failures++;
      return false;
    }
    this.#down = { since: performance.now(), failures: 1 };
    this.logger.warn({ database: { state: 'unavailable', where, ...describeUnavailable(err) } }, 'database unavailable; answering 503 until it is back');
    return true;
  }

  /** The database answered again; logs the end of an outage once. */
  recovered(): void {
    const d = this.#down;
    if (!d) return;
    this.#down = undefined;
    this.logger.info({ database: { state: 'available', outageMs: Math.round(performance.now() - d.since), failedRequests: d.failures } }, 'database available again');
  }
}
