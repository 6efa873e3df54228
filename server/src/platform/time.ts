/** Dates in Europe/Oslo, where every age and birthday in the domain is counted. */

export const OSLO = 'Europe/Oslo';

// Creating an Intl.DateTimeFormat is costly; one instance serves every call.
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit' });

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: OSLO, hour: '2-digit', hourCycle: 'h23' });

/** The hour of the day (0–23) in Oslo at an instant. */
export function hourInOslo(at: Date): number {
  return Number(hourFormat.format(at));
}

// Formatting is costly too, and the date in Oslo can only change on a whole minute (its UTC
// offsets are whole hours): the last minute's answer is kept.
let lastMinute = NaN;
let lastDate = '';

/** The calendar date (YYYY-MM-DD) in Oslo at an instant. */
export function todayInOslo(at: Date = new Date()): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = dateFormat.format(at);
    lastMinute = minute;
  }
  return lastDate;
}

/** Whole years of age on a calendar date; a 29 February birthday counts on 1 March in common years. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}
