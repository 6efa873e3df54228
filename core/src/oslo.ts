/**
 * Dates in Europe/Oslo, where every age, birthday and consultation date in the domain is counted.
 * The one place for it: the server (platform/time.ts) and the web re-export these.
 */

export const OSLO = 'Europe/Oslo';

// Creating an Intl.DateTimeFormat is costly; one instance serves every call.
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Oslo at an instant. */
export function osloDate(at: Date): string {
  return dateFormat.format(at);
}

/** Whole years of age on a calendar date; a 29 February birthday counts on 1 March in common years. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** Adds days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date (YYYY-MM-DD). */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
