/** Dates in Europe/Oslo, where every age and birthday in the domain is counted. */

import { OSLO, ageOn, osloDate } from '@helsedialog/core';

export { OSLO, ageOn };

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
    lastDate = osloDate(at);
    lastMinute = minute;
  }
  return lastDate;
}
