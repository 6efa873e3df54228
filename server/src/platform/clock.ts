/**
 * The current time, in one place, so tests can put the whole in-process server at an exact
 * instant (a second before midnight on a birthday). Production never sets it. Every "now" of the
 * server reads it (ESLint forbids `new Date()` and `Date.now()` elsewhere in server/src); the
 * exceptions are elapsed times (performance.now()) and the few times that must follow the
 * machine's or the database's own clock, each marked where it is (docs/decisions.md 94).
 */
import { sql, type RawBuilder } from 'kysely';

let offsetMs = 0;
let fixed: Date | undefined;

/** Now, as the app sees it. */
export function now(): Date {
  return fixed ? new Date(fixed) : new Date(Date.now() + offsetMs);
}

/** Now as epoch milliseconds (`now().getTime()`). */
export function nowMs(): number {
  return fixed ? fixed.getTime() : Date.now() + offsetMs;
}

/** Tests only: fix the clock at an instant (undefined to release it). */
export function setClock(at: Date | undefined): void {
  fixed = at;
}

/** Tests only: move the clock by an offset. */
export function shiftClock(ms: number): void {
  offsetMs = ms;
}

/**
 * The cut-off of a sweep of shared rows past their time-to-live (login attempts, expired FHIR
 * tokens), as SQL: `ttlMs` before the earlier of this process's clock and the database's. The
 * rows are every server process's; a process whose clock runs ahead (a skewed machine, or a test
 * that set its clock days ahead while other test files share the database) must not delete
 * another's row still in use. Checks of one's own row at use keep reading `now()`.
 */
export function sweepCutoff(ttlMs: number): RawBuilder<Date> {
  return sql<Date>`(least(now(), ${now()}::timestamptz) - ${ttlMs} * interval '1 millisecond')`;
}
