/**
 * Quiet hours: a non-urgent SMS is not sent between 22:00 and 08:00 Oslo time; it waits until
 * 08:00. Wall-clock times are turned into instants through the Europe/Oslo time zone, so the
 * morning after a daylight-saving change is still 08:00 on the clock (06:00 or 07:00 UTC).
 */
import { OSLO } from '../../platform/time.ts';

export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 8;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Year, month, day, hour and minute on the clock in Oslo at an instant. */
export function osloClock(at: Date): { y: number; m: number; d: number; h: number; min: number } {
  const p: Record<string, number> = {};
  for (const x of parts.formatToParts(at)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute! };
}

/** The instant when the clock in Oslo shows hour:minute on a date (month 1–12; days may overflow). */
export function osloInstant(y: number, m: number, d: number, hour: number, minute = 0): Date {
  const wanted = Date.UTC(y, m - 1, d, hour, minute);
  let t = wanted;
  // Two corrections settle the UTC offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const c = osloClock(new Date(t));
    t += wanted - Date.UTC(c.y, c.m - 1, c.d, c.h, c.min);
  }
  return new Date(t);
}

/** Null outside quiet hours; inside them, the instant they end (08:00 Oslo, the same or the next morning). */
export function quietHoursEnd(at: Date): Date | null {
  const c = osloClock(at);
  if (c.h >= QUIET_UNTIL_HOUR && c.h < QUIET_FROM_HOUR) return null;
  return osloInstant(c.y, c.m, c.h >= QUIET_FROM_HOUR ? c.d + 1 : c.d, QUIET_UNTIL_HOUR);
}
