/**
 * Limits failed attempts at a secret (the FHIR token endpoint's client secret, the population
 * register's integration key), per key, in a fixed window: once a key has `max` failures in the
 * window, further attempts are refused with 429 before the secret is even compared, so guessing
 * gains nothing. Successful attempts do not count (a busy EPJ is never slowed). Like the login
 * limit (@fastify/rate-limit's local store) it is per process.
 */
export class FailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { count: number; resetAt: number }>();

  constructor(opts: { max: number; windowMs?: number; now?: () => number }) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs ?? 60_000;
    // A window is elapsed time (monotonic), not a time of day the test clock could move.
    this.#now = opts.now ?? (() => performance.now());
  }

  /** Seconds until the first of the keys may try again, or 0 when none is blocked. */
  retryAfter(...keys: string[]): number {
    const now = this.#now();
    let wait = 0;
    for (const k of keys) {
      const e = this.#entries.get(k);
      if (e && e.resetAt > now && e.count >= this.#max) wait = Math.max(wait, Math.ceil((e.resetAt - now) / 1000));
    }
    return wait;
  }

  /** Counts a failed attempt against every key. */
  fail(...keys: string[]): void {
    const now = this.#now();
    if (this.#entries.size > 50_000) for (const [k, e] of this.#entries) if (e.resetAt <= now) this.#entries.delete(k);
    for (const k of keys) {
      const e = this.#entries.get(k);
      if (!e || e.resetAt <= now) this.#entries.set(k, { count: 1, resetAt: now + this.#windowMs });
      else e.count++;
    }
  }
}
