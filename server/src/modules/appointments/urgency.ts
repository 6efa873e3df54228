/**
 * Which appointment notices are urgent — sent at once, also in quiet hours (22–08 Oslo) — and when
 * an offer's answer window runs. One rule, used by every path that raises an appointment event
 * (web, FHIR, waitlist, jobs); docs/appointments.md "Urgent notices".
 *
 * - A notice about an appointment (assigned, changed, cancelled by the unit) is urgent when the
 *   appointment — its old or its new time — starts before noon Oslo time the next day: same-day
 *   and next-morning changes. Held until 08:00 they would arrive after the fact.
 * - An offer of a time (waitlist or answer to a request) is urgent when it would expire before
 *   its notice left quiet hours. Otherwise its answer window starts when the notice is sent
 *   (08:00 in quiet hours), not when the offer was made.
 */
import { addDays, osloLocalToInstant, osloParts } from '../../platform/time.ts';
import { quietHoursEnd } from '../notify/quiet-hours.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** Noon Oslo time on the day after `now`. */
function noonTomorrow(now: Date): Date {
  // 12:00 always exists on the clock in Oslo (the changes happen at 02:00 and 03:00).
  return osloLocalToInstant(addDays(osloParts(now).date, 1), '12:00')!;
}

/** True when a notice about an appointment at these times (old and new) must not wait for the morning. */
export function appointmentNoticeUrgent(startsAt: Iterable<Date | null | undefined>, now = clockNow()): boolean {
  const limit = noonTomorrow(now).getTime();
  for (const s of startsAt) if (s && s.getTime() > now.getTime() && s.getTime() < limit) return true;
  return false;
}

/**
 * When an offer made at `now` expires and whether its notice is urgent. The answer window of
 * `hours` starts when the notice is sent; it never runs past `latest` (e.g. 30 minutes before the
 * slot). An offer whose window would close before quiet hours end is sent at once instead.
 */
export function offerWindow(now: Date, hours: number, latest: Date | null = null): { expiresAt: Date; urgent: boolean } {
  const cap = (t: number) => new Date(latest ? Math.min(t, latest.getTime()) : t);
  const quietUntil = quietHoursEnd(now);
  if (quietUntil) {
    const fromMorning = cap(quietUntil.getTime() + hours * 3_600_000);
    if (fromMorning.getTime() > quietUntil.getTime()) return { expiresAt: fromMorning, urgent: false };
    return { expiresAt: cap(now.getTime() + hours * 3_600_000), urgent: true };
  }
  return { expiresAt: cap(now.getTime() + hours * 3_600_000), urgent: false };
}
