/** Calendar days in Europe/Oslo for the staff calendar: today, adding days, the Monday of a week, and a day's first instant. */
import { OSLO, osloDate } from '@helsedialog/core';

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: OSLO, timeZoneName: 'longOffset' });

/** Today's date in Oslo (YYYY-MM-DD). */
export function todayOslo(): string {
  return osloDate(new Date());
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the ISO week of a date. */
export function mondayOf(date: string): string {
  const wd = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((wd + 6) % 7));
}

/** 00:00 Oslo time on a date, as an instant (the clocks change at 01:00 UTC, after every Oslo midnight, so the offset an hour before UTC midnight holds). */
export function osloDayStart(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const name = offsetFormat.formatToParts(new Date(utcMidnight - 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 60;
  return new Date(utcMidnight - minutes * 60_000);
}
