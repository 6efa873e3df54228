/**
 * Working days in Norway: Monday–Friday except public holidays (helligdager), counted in
 * Europe/Oslo. The promised answer time of a service is a number of working days.
 */
import { addDays, endOfDayInOslo, isoWeekday, todayInOslo } from './time.ts';

// Oslo wall-clock time lives in time.ts; re-exported for this module's callers.
export { endOfDayInOslo } from './time.ts';

/** Easter Sunday (Gregorian, Anonymous algorithm) as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, Set<string>>();
/** Norwegian public holidays of a year. */
export function holidays(year: number): Set<string> {
  let set = cache.get(year);
  if (!set) {
    const easter = easterSunday(year);
    set = new Set([
      `${year}-01-01`,
      `${year}-05-01`,
      `${year}-05-17`,
      `${year}-12-25`,
      `${year}-12-26`,
      addDays(easter, -3), // Skjærtorsdag
      addDays(easter, -2), // Langfredag
      addDays(easter, 1), // 2. påskedag
      addDays(easter, 39), // Kristi himmelfartsdag
      addDays(easter, 50), // 2. pinsedag
    ]);
    cache.set(year, set);
  }
  return set;
}

/** True for a Norwegian working day. */
export function isWorkingDay(date: string): boolean {
  return isoWeekday(date) <= 5 && !holidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The end (23:59:59 Oslo time) of the n-th working day after the day of `from`.
 * n = 0 means the end of today (or of the next working day if today is not one).
 */
export function addWorkingDays(from: Date, n: number): Date {
  let date = todayInOslo(from);
  let left = n;
  while (!isWorkingDay(date)) date = addDays(date, 1);
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  return endOfDayInOslo(date);
}
