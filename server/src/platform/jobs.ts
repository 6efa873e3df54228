/**
 * Durable jobs in the same database as the work that causes them. A job is inserted in the
 * caller's transaction, so it exists exactly when the work committed. Workers claim jobs with
 * FOR UPDATE SKIP LOCKED, retry failures with exponential backoff and dead-letter after
 * max_attempts. Handlers must be idempotent: a crash after the side effect and before
 * `done` runs the handler again.
 * (pg-boss and graphile-worker need features or connection handling PGlite lacks; this is
 * a small table queue with its own tests.)
 * The queue runs on the database's clock: a job is due when `run_at <= now()` in SQL, and its
 * default run_at, heartbeat, backoff and stale cutoff are SQL now() too, so a test that moves the
 * app clock (platform/clock.ts) does not stop jobs from running. A caller's explicit runAt (a
 * reminder's time) is app time.
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from './db.ts';
import type { DB } from './db-types.ts';
import { afterCommit } from './pg-connection.ts';
import { isDatabaseUnavailable } from './db-availability.ts';
import type { z } from 'zod';

export type DbOrTx = Db | Transaction<DB>;

/** A job payload: a JSON object. */
type Payload = Record<string, unknown>;

/**
 * A queue and the schema of its jobs' payload (zod). Jobs are enqueued and handled only through
 * their queue, so a payload is checked when it is written (a programming error fails the work
 * that wrote it) and again when it is read (a row from an older version that no longer fits is
 * dead at once with the reason, instead of failing in the middle of its handler).
 */
export interface Queue<S extends z.ZodType<Payload> = z.ZodType<Payload>> {
  readonly name: string;
  readonly payload: S;
}

/** Defines a queue: its name (the `jobs.queue` column) and its payload's schema. */
export function defineQueue<S extends z.ZodType<Payload>>(name: string, payload: S): Queue<S> {
  return { name, payload };
}

/** What a handler gets: `payload` as its queue's schema gives it. */
export interface JobContext<P = Payload> {
  id: number;
  queue: string;
  attempt: number;
  payload: P;
  db: Db;
  log: FastifyBaseLogger;
}

export type JobHandler<P = Payload> = (job: JobContext<P>) => Promise<void>;

/** Thrown for a stored payload that does not fit its queue's schema: the job is dead at once. */
class MalformedPayload extends Error {}

/** Work kept somewhere other than the jobs table (the journal outbox): does one piece, false when none was due. */
export type WorkSource = () => Promise<boolean>;

export interface EnqueueOptions {
  /** Same key, same job: a second enqueue with it is a no-op. */
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

const NOTIFY_CHANNEL = 'helsedialog_jobs';

/** The statement that adds a job (nothing when its idempotency key existed). */
function enqueueSql(queue: string, payload: Record<string, unknown>, opts: EnqueueOptions) {
  const maxColumn = opts.maxAttempts ? sql`, max_attempts` : sql``;
  const maxValue = opts.maxAttempts ? sql`, ${opts.maxAttempts}` : sql``;
  return sql<{ id: number }>`INSERT INTO jobs (queue, payload, idempotency_key, run_at${maxColumn})
      VALUES (${queue}, ${JSON.stringify(payload)}::jsonb, ${opts.idempotencyKey ?? null}, ${opts.runAt ?? sql`now()`}${maxValue})
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id`;
}

/**
 * Wakes the workers listening for a queue, once the transaction that added its job has committed
 * (pg-connection.ts, afterCommit: a NOTIFY inside the transaction would make every notifying
 * commit in the database wait for the one before). Workers also poll, so a lost wake-up only
 * delays a job by up to a second. `onlyIf` (a query) limits the wake-up to when it finds a row.
 */
export async function wakeWorkers(db: DbOrTx, queue: string, onlyIf?: RawBuilder<unknown>): Promise<void> {
  const statement = onlyIf ? sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${queue}) WHERE EXISTS (${onlyIf})` : sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${queue})`;
  await afterCommit(db, statement.compile(db));
}

/**
 * Adds a job in the given transaction (or on its own), its payload checked against the queue's
 * schema. Returns false if the idempotency key existed.
 */
export async function enqueue<S extends z.ZodType<Payload>>(db: DbOrTx, queue: Queue<S>, payload: z.input<S>, opts: EnqueueOptions = {}): Promise<boolean> {
  const checked = queue.payload.safeParse(payload);
  if (!checked.success) throw new Error(`${queue.name}: the job's payload does not fit its schema: ${checked.error.message.slice(0, 300)}`);
  const res = await enqueueSql(queue.name, checked.data, opts).execute(db);
  if (res.rows.length > 0) await wakeWorkers(db, queue.name);
  return res.rows.length > 0;
}

/** Backoff before retry n (1-based): 2^n seconds, capped at 10 minutes, with ±20 % jitter. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  const raw = Math.min(baseMs * 2 ** attempt, 600_000);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/** How a queue's failures are retried. */
export interface HandlerOptions {
  /**
   * Retry with (capped) backoff until the job is this old, then dead — instead of dead after
   * max_attempts. For work that may be late but must not be lost to an outage of a few minutes
   * (notifications). A handler ends it sooner by not throwing (e.g. when the work is no longer useful).
   */
  retryForMs?: number;
}

export interface WorkerOptions {
  pollMs?: number;
  /**
   * How often a started worker marks the jobs it is running as alive (`locked_at = now()`), and
   * how often it looks for the claims of workers that stopped doing so.
   */
  heartbeatMs?: number;
  /**
   * A running job whose heartbeat is older than this is taken to be from a killed worker and
   * made ready again (several missed heartbeats, so a busy event loop is not taken for a death).
   */
  staleAfterMs?: number;
  backoffBaseMs?: number;
  concurrency?: number;
}

/** Runs handlers for the queues it knows until stopped. */
export class Worker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  readonly #database: Database;
  readonly #log: FastifyBaseLogger;
  readonly #handlers = new Map<string, { queue: Queue; handler: JobHandler }>();
  readonly #policies = new Map<string, HandlerOptions>();
  readonly #sources: WorkSource[] = [];
  readonly #opts: Required<WorkerOptions>;
  #running = false;
  #wake: (() => void) | undefined;
  #loops: Promise<void>[] = [];
  #unlisten: (() => Promise<void>) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #schedules: Array<{ intervalMs: number; tick: () => Promise<unknown> }> = [];
  #timers: NodeJS.Timeout[] = [];
  /** Jobs this worker is running now. */
  #inHand = 0;

  constructor(database: Database, log: FastifyBaseLogger, opts: WorkerOptions = {}) {
    this.#database = database;
    this.#log = log;
    this.#opts = { pollMs: 1000, heartbeatMs: 10_000, staleAfterMs: 45_000, backoffBaseMs: 1000, concurrency: 2, ...opts };
  }

  /** The queues this worker has handlers for. */
  queues(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Registers the handler of a queue; it gets the payload as the queue's schema parses it. */
  handle<S extends z.ZodType<Payload>>(queue: Queue<S>, handler: JobHandler<z.output<S>>, opts: HandlerOptions = {}): this {
    this.#handlers.set(queue.name, { queue, handler: handler as JobHandler });
    this.#policies.set(queue.name, opts);
    return this;
  }

  /**
   * Registers a source of work that keeps its own schedule: the loop asks it after each job it
   * looks for, on the same poll interval and the same wake-ups (wakeWorkers).
   */
  source(source: WorkSource): this {
    this.#sources.push(source);
    return this;
  }

  /**
   * Runs `tick` when the worker starts and then every `intervalMs` while it runs (for schedules
   * that enqueue jobs with an idempotency key per period, so several workers add each one once).
   * Its failure is logged and it is tried again next time.
   */
  every(intervalMs: number, tick: () => Promise<unknown>): this {
    this.#schedules.push({ intervalMs, tick });
    return this;
  }

  /** Asks each source for one piece of work; true when one did some. */
  async runSources(): Promise<boolean> {
    let ran = false;
    for (const source of this.#sources) if (await source()) ran = true;
    return ran;
  }

  /** Starts polling (and listening for new jobs). */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#unlisten = await this.#database.listen(NOTIFY_CHANNEL, () => this.#wake?.()).catch(() => undefined);
    this.#heartbeat = setInterval(() => {
      this.beat().catch(() => undefined);
    }, this.#opts.heartbeatMs);
    this.#heartbeat.unref();
    for (const s of this.#schedules) {
      const run = () => {
        s.tick().catch((err: unknown) => {
          if (isDatabaseUnavailable(err)) this.#database.availability.failed(err, 'schedule');
          else this.#log.error({ err: { message: (err as Error).message } }, 'schedule failed');
        });
      };
      run();
      const t = setInterval(run, s.intervalMs);
      t.unref();
      this.#timers.push(t);
    }
    for (let i = 0; i < this.#opts.concurrency; i++) this.#loops.push(this.#loop());
  }

  /** Stops after the jobs in hand finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await Promise.all(this.#loops);
    clearInterval(this.#heartbeat);
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#loops = [];
    await this.#unlisten?.();
  }

  /** Runs jobs and the sources' work until none is due; returns how many rounds did some. For tests and the CLI. */
  async drain(): Promise<number> {
    let n = 0;
    for (;;) {
      const job = await this.runOne();
      const other = await this.runSources();
      if (!job && !other) return n;
      n++;
    }
  }

  async #loop(): Promise<void> {
    let lastStaleCheck = -Infinity;
    while (this.#running) {
      try {
        if (performance.now() - lastStaleCheck > this.#opts.heartbeatMs) {
          lastStaleCheck = performance.now();
          await this.releaseStale();
        }
        // Jobs and the other sources take turns, so neither starves the other.
        const job = await this.runOne();
        const other = await this.runSources();
        if (job || other) continue;
      } catch (err) {
        // The database being away is one outage, logged once (db-availability.ts), not an error a second.
        if (isDatabaseUnavailable(err)) this.#database.availability.failed(err, 'jobs');
        else this.#log.error({ err: { message: (err as Error).message } }, 'job loop error');
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#opts.pollMs);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Marks the jobs this worker is running as alive (its heartbeat). */
  async beat(): Promise<void> {
    if (this.#inHand === 0) return;
    await this.#database.db.updateTable('jobs').set({ locked_at: sql`now()` }).where('state', '=', 'running').where('locked_by', '=', this.id).execute();
  }

  /** Makes the jobs of workers whose heartbeat stopped (killed, frozen) ready again. */
  async releaseStale(): Promise<number> {
    const res = await this.#database.db
      .updateTable('jobs')
      .set({ state: 'ready', locked_at: null, locked_by: null, last_error: 'worker stopped while running the job' })
      .where('state', '=', 'running')
      .where('locked_at', '<', sql<Date>`now() - make_interval(secs => ${this.#opts.staleAfterMs / 1000}::float8)`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Claims one due job of a known queue and runs it. Returns false when none was due. */
  async runOne(): Promise<boolean> {
    const queues = [...this.#handlers.keys()];
    if (queues.length === 0) return false;
    const db = this.#database.db;
    const claimed = await sql<{ id: number; queue: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; created_at: Date }>`
      UPDATE jobs SET state = 'running', locked_at = now(), locked_by = ${this.id}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM jobs
        WHERE state = 'ready' AND queue = ANY(${queues}::text[]) AND run_at <= now()
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, queue, payload, attempts, max_attempts, created_at`.execute(db);
    const job = claimed.rows[0];
    if (!job) return false;
    const registered = this.#handlers.get(job.queue);
    this.#inHand++;
    try {
      if (!registered) throw new Error(`no handler for queue ${job.queue}`);
      const parsed = registered.queue.payload.safeParse(job.payload);
      if (!parsed.success) throw new MalformedPayload(`${job.queue}: malformed payload: ${parsed.error.message.slice(0, 300)}`);
      await registered.handler({ id: job.id, queue: job.queue, attempt: job.attempts, payload: parsed.data, db, log: this.#log });
      await db.updateTable('jobs').set({ state: 'done', finished_at: sql`now()`, locked_at: null, last_error: null }).where('id', '=', job.id).execute();
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const retryFor = this.#policies.get(job.queue)?.retryForMs;
      const dead =
        err instanceof MalformedPayload ||
        // eslint-disable-next-line no-restricted-syntax -- the queue's times are the database's (created_at defaults to now() there), not the app clock
        (retryFor !== undefined ? Date.now() - new Date(job.created_at).getTime() >= retryFor : job.attempts >= job.max_attempts);
      await db
        .updateTable('jobs')
        .set({
          state: dead ? 'dead' : 'ready',
          locked_at: null,
          locked_by: null,
          last_error: message,
          run_at: sql<Date>`now() + make_interval(secs => ${backoffMs(job.attempts, this.#opts.backoffBaseMs) / 1000}::float8)`,
          ...(dead ? { finished_at: sql<Date>`now()` } : {}),
        })
        .where('id', '=', job.id)
        .execute();
      this.#log.warn({ job: { id: job.id, queue: job.queue, attempt: job.attempts, dead } }, 'job failed');
    } finally {
      this.#inHand--;
    }
    return true;
  }
}

/** Counts past this are reported as this: a backlog is visible, and counting it stays cheap. */
export const COUNT_CAP = 10_000;

/**
 * Jobs by state (each counted up to COUNT_CAP) and the age of the oldest ready job. Every part
 * reads a partial index; the oldest ready job is found per queue (a skip scan over
 * jobs_ready_idx), so a backlog of millions costs a few index probes.
 */
export async function jobStats(db: Db): Promise<{ ready: number; running: number; dead: number; oldestReadySeconds: number }> {
  const r = await sql<{ ready: number; running: number; dead: number; oldest: Date | null }>`
    WITH RECURSIVE q(queue) AS (
      (SELECT queue FROM jobs WHERE state = 'ready' ORDER BY queue LIMIT 1)
      UNION ALL
      SELECT (SELECT j.queue FROM jobs j WHERE j.state = 'ready' AND j.queue > q.queue ORDER BY j.queue LIMIT 1) FROM q WHERE q.queue IS NOT NULL
    )
    SELECT
      (SELECT count(*) FROM (SELECT 1 FROM jobs WHERE state = 'ready' LIMIT ${COUNT_CAP}) x)::int AS ready,
      (SELECT count(*) FROM (SELECT 1 FROM jobs WHERE state = 'running' LIMIT ${COUNT_CAP}) x)::int AS running,
      (SELECT count(*) FROM (SELECT 1 FROM jobs WHERE state = 'dead' LIMIT ${COUNT_CAP}) x)::int AS dead,
      (SELECT min((SELECT j.run_at FROM jobs j WHERE j.state = 'ready' AND j.queue = q.queue ORDER BY j.run_at LIMIT 1)) FROM q WHERE q.queue IS NOT NULL) AS oldest`.execute(
    db,
  );
  const row = r.rows[0];
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return {
    ready: row?.ready ?? 0,
    running: row?.running ?? 0,
    dead: row?.dead ?? 0,
    // eslint-disable-next-line no-restricted-syntax -- run_at is on the database's clock (the claim compares it with SQL now()), not the app clock
    oldestReadySeconds: oldest === undefined ? 0 : Math.max(0, Math.round((Date.now() - oldest) / 1000)),
  };
}
