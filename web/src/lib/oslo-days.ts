/**
 * Calendar days in Europe/Oslo: today, the day of an instant, adding days, the Monday of a week,
 * and a day's first instant (over core's osloDate and addDays). How they are shown to people: lib/format.ts.
 */
import { addDays, isoWeekday, OSLO, osloDate } from '@helsedialog/core/constants';

// Calendar-day arithmetic is core's (shared with the server).
export { addDays };

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: OSLO, timeZoneName: 'longOffset' });

/** Today's date in Oslo (YYYY-MM-DD). */
export function todayOslo(): string {
  return osloDate(new Date());
}

/** The Oslo calendar date (YYYY-MM-DD) of an instant, e.g. an appointment's start. */
export function osloDayOf(instant: string | Date): string {
  return osloDate(new Date(instant));
}

/** The Monday of the ISO week of a date. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** 00:00 Oslo time on a date, as an instant (the clocks change at 01:00 UTC, after every Oslo midnight, so the offset an hour before UTC midnight holds). */
export function osloDayStart(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const name = offsetFormat.formatToParts(new Date(utcMidnight - 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 60;
  return new Date(utcMidnight - minutes * 60_000);
}
