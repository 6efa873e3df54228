/**
 * The notifier's "now", for quiet hours and reminder times. It is the real time, except in
 * tests (NODE_ENV=test), which may pin it to move through a night or a daylight-saving change.
 */
let pinned: Date | null = null;

/** The time the notifier works with. */
export function notifyNow(): Date {
  return pinned ? new Date(pinned) : new Date();
}

/** Pins the notifier's clock (tests only); null returns to the real time. */
export function setNotifyClock(at: Date | null): void {
  pinned = at ? new Date(at) : null;
}
