/**
 * The current time, in one place, so tests can put the whole in-process server at an exact
 * instant (a second before midnight on a birthday). Production never sets it. Every "now" of the
 * server reads it (ESLint forbids `new Date()` and `Date.now()` elsewhere in server/src); the
 * exceptions are elapsed times (performance.now()) and the few times that must follow the
 * machine's or the database's own clock, each marked where it is (docs/decisions.md 94).
 */
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
