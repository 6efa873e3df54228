/**
 * Oslo wall-clock time: the one module that turns instants into Norwegian dates and clock times
 * and back. Every age, birthday, deadline, quiet hour and slot in the domain is counted on the
 * clock in Europe/Oslo: UTC+1 in winter (CET), UTC+2 in summer (CEST), the change at 01:00 UTC
 * on the last Sundays of March (02:00 → 03:00: that hour does not exist) and October
 * (03:00 → 02:00: that hour happens twice). Dates are "YYYY-MM-DD", times "HH:MM".
 */

import { OSLO, addDays, ageOn, isoWeekday, osloDate } from '@helsedialog/core';
import { now } from './clock.ts';

// The zone name, ages, the Oslo date and calendar-day arithmetic live in core (shared with the
// web); the rest of Oslo wall-clock time is here.
export { OSLO, addDays, ageOn, isoWeekday, osloDate };

// Creating an Intl.DateTimeFormat is costly; one instance serves every call.
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface OsloParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The date, time and weekday on the clock in Oslo at an instant. */
export function osloParts(at: Date): OsloParts {
  const p: Record<string, string> = {};
  for (const x of partsFormat.formatToParts(at)) p[x.type] = x.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
  };
}

// Formatting is costly too, and the date in Oslo can only change on a whole minute (its UTC
// offsets are whole hours): the last minute's answer is kept.
let lastMinute = NaN;
let lastDate = '';

/** The calendar date (YYYY-MM-DD) in Oslo at an instant. */
export function todayInOslo(at: Date = now()): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = osloDate(at);
    lastMinute = minute;
  }
  return lastDate;
}

/** Oslo's offset from UTC in minutes (60 in winter, 120 in summer) at an instant. */
export function osloOffsetMinutes(at: Date): number {
  const p = osloParts(at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant when Oslo's clock shows a wall time, given as the milliseconds `Date.UTC` gives
 * for its fields (seconds and milliseconds included). Null when that time does not exist (the
 * spring gap); when it happens twice (the autumn hour), its first (summer-time) instant.
 */
export function osloWallTimeToInstant(wall: number): Date | null {
  for (const offset of [120, 60]) {
    const at = new Date(wall - offset * 60_000);
    if (osloOffsetMinutes(at) === offset) return at;
  }
  return null;
}

/**
 * The instant of an Oslo date and time ("HH:MM"), or null when that time does not exist (the
 * spring gap) or the date or time is not a real one. A doubled autumn time gives its first
 * (summer-time) occurrence.
 */
export function osloLocalToInstant(date: string, time: string): Date | null {
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) return null;
  const at = osloWallTimeToInstant(wall);
  if (!at) return null;
  const p = osloParts(at);
  return p.date === date && p.time === time ? at : null;
}

/** 00:00 in Oslo on a calendar date, as an instant (midnight always exists in Oslo). */
export function startOfDayInOslo(date: string): Date {
  const at = osloLocalToInstant(date, '00:00');
  if (!at) throw new RangeError(`Not a calendar date: ${date}`);
  return at;
}

/** 23:59:59.999 in Oslo on a calendar date, as an instant. */
export function endOfDayInOslo(date: string): Date {
  // The clocks change at 01:00 UTC, so the offset at noon holds until midnight. (One formatting
  // per call: this runs for every due date of every send.)
  const noon = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== date) throw new RangeError(`Not a calendar date: ${date}`);
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - osloOffsetMinutes(noon) * 60_000);
}

