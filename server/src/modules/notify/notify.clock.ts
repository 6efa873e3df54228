import { now } from '../../platform/clock.ts';

/**
 * The notifier's "now", for quiet hours and reminder times: the server's clock (platform/clock.ts),
 * except in tests (NODE_ENV=test), which may pin the notifier alone to move it through a night or
 * a daylight-saving change while the rest of the server and the database keep the real time.
 */
let pinned: Date | null = null;

/** The time the notifier works with. */
export function notifyNow(): Date {
  return pinned ? new Date(pinned) : now();
}

/** Pins the notifier's clock (tests only); null returns to the server's clock. */
export function setNotifyClock(at: Date | null): void {
  pinned = at ? new Date(at) : null;
}
