/**
 * Quiet hours: a non-urgent SMS is not sent between 22:00 and 08:00 Oslo time; it waits until
 * 08:00. Wall-clock times are turned into instants through the Europe/Oslo time zone, so the
 * morning after a daylight-saving change is still 08:00 on the clock (06:00 or 07:00 UTC).
 */
import { addDays, osloLocalToInstant, osloParts } from '../../platform/time.ts';

export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 8;
const QUIET_UNTIL = `${String(QUIET_UNTIL_HOUR).padStart(2, '0')}:00`;

/** Null outside quiet hours; inside them, the instant they end (08:00 Oslo, the same or the next morning). */
export function quietHoursEnd(at: Date): Date | null {
  const c = osloParts(at);
  if (c.hour >= QUIET_UNTIL_HOUR && c.hour < QUIET_FROM_HOUR) return null;
  // 08:00 always exists on the clock in Oslo (the changes happen at 02:00 and 03:00).
  return osloLocalToInstant(c.hour >= QUIET_FROM_HOUR ? addDays(c.date, 1) : c.date, QUIET_UNTIL)!;
}
