/**
 * Oslo wall-clock time, Norwegian public holidays and working days. The holidays and working
 * days are checked against an independent oracle, the date-holidays package (its Norwegian
 * calendar, type "public"), over several decades — Easter-dependent days included.
 */
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  endOfDayInOslo,
  isoWeekday,
  osloLocalToInstant,
  osloOffsetMinutes,
  osloParts,
  osloWallTimeToInstant,
  startOfDayInOslo,
  todayInOslo,
} from './time.ts';
import { addWorkingDays, easterSunday, holidays, isWorkingDay } from './working-days.ts';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2040;
const norway = new Holidays('NO');
const oracleCache = new Map<number, Map<string, string>>();
/** The oracle's public holidays of a year: date → name. */
function oracle(year: number): Map<string, string> {
  let m = oracleCache.get(year);
  if (!m) {
    m = new Map(
      norway
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name]),
    );
    oracleCache.set(year, m);
  }
  return m;
}
const oracleWorkingDay = (date: string) => isoWeekday(date) <= 5 && !oracle(Number(date.slice(0, 4))).has(date);

describe('Norwegian public holidays (date-holidays as the oracle)', () => {
  it(`has every public holiday of ${FIRST_YEAR}–${LAST_YEAR}; the oracle's others are Sundays (1. påskedag, 1. pinsedag)`, () => {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const ours = holidays(year);
      const theirs = oracle(year);
      for (const date of ours) expect(theirs.has(date), `${date} is not a public holiday`).toBe(true);
      for (const [date, name] of theirs) if (!ours.has(date)) expect(isoWeekday(date), `${name} ${date} missing`).toBe(7);
    }
  });

  it('finds Easter Sunday as the oracle does, 1980–2080', () => {
    for (let year = 1980; year <= 2080; year++) {
      const e = easterSunday(year);
      expect(oracle(year).get(e), `Easter ${year}`).toBe('Første påskedag');
    }
  });

  it('knows some Easters by heart (earliest, latest, recent)', () => {
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    // Easter 2026: Skjærtorsdag, Langfredag, 2. påskedag; Kristi himmelfart 39 days, 2. pinsedag 50 days after.
    for (const d of ['2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25']) expect(isWorkingDay(d)).toBe(false);
  });

  it(`calls the same days working days as the oracle, every day ${FIRST_YEAR}–${LAST_YEAR}`, () => {
    let days = 0;
    for (let date = `${FIRST_YEAR}-01-01`; date <= `${LAST_YEAR}-12-31`; date = addDays(date, 1)) {
      if (isWorkingDay(date) !== oracleWorkingDay(date)) expect.fail(`${date}: ours ${isWorkingDay(date)}, oracle ${oracleWorkingDay(date)}`);
      days++;
    }
    expect(days).toBe(14_976);
  });
});

describe('working days', () => {
  /** The oracle's answer: the n-th working day after the Oslo date of `from` (n = 0: that day or the next working day). */
  function expected(from: Date, n: number): string {
    let date = todayInOslo(from);
    while (!oracleWorkingDay(date)) date = addDays(date, 1);
    for (let left = n; left > 0; ) {
      date = addDays(date, 1);
      if (oracleWorkingDay(date)) left--;
    }
    return date;
  }

  it('ends a promised answer time on the oracle’s n-th working day, at 23:59:59.999 Oslo, across years', () => {
    for (let year = 2024; year <= 2032; year++) {
      // Days around Easter, Ascension, Whitsun, 1 and 17 May, Christmas and New Year, at three times of day.
      const easter = easterSunday(year);
      const starts = [-8, -4, -3, -2, -1, 0, 1, 36, 38, 39, 47, 49, 50].map((d) => addDays(easter, d));
      starts.push(`${year}-04-30`, `${year}-05-16`, `${year}-12-22`, `${year}-12-24`, `${year}-12-31`);
      for (const date of starts)
        for (const time of ['00:05', '12:00', '23:55'])
          for (const n of [0, 1, 2, 3, 5, 10]) {
            const from = osloLocalToInstant(date, time)!;
            const due = addWorkingDays(from, n);
            const want = expected(from, n);
            expect(osloParts(due), `${date} ${time} + ${n}`).toMatchObject({ date: want, time: '23:59' });
            expect(due.getTime()).toBe(endOfDayInOslo(want).getTime());
          }
    }
  });

  it('counts from the date in Oslo, not in UTC', () => {
    // Saturday 00:30 in Oslo is still Friday in UTC: the count starts on Monday, not Friday.
    const from = new Date('2026-01-09T23:30:00Z');
    expect(todayInOslo(from)).toBe('2026-01-10');
    expect(addWorkingDays(from, 0).toISOString()).toBe('2026-01-12T22:59:59.999Z');
    // Wednesday before Easter 2026 + 1 working day: Thursday–Monday are holidays and a weekend.
    expect(addWorkingDays(new Date('2026-04-01T08:00:00Z'), 1).toISOString()).toBe('2026-04-07T21:59:59.999Z');
  });
});

describe('Oslo wall-clock time', () => {
  it('knows the offset in winter and summer', () => {
    expect(osloOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(osloOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
    // The changes happen at 01:00 UTC on the last Sundays of March and October.
    expect(osloOffsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(osloOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(osloOffsetMinutes(new Date('2026-10-25T00:59:59Z'))).toBe(120);
    expect(osloOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('turns a wall time into an instant: none in the spring gap, the first of the doubled autumn hour', () => {
    expect(osloLocalToInstant('2026-07-01', '08:00')?.toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(osloLocalToInstant('2027-01-01', '08:00')?.toISOString()).toBe('2027-01-01T07:00:00.000Z');
    expect(osloLocalToInstant('2026-03-29', '02:30')).toBeNull();
    expect(osloLocalToInstant('2026-03-29', '03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(osloLocalToInstant('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(osloLocalToInstant('2026-02-30', '10:00')).toBeNull();
    expect(osloLocalToInstant('2026-02-10', '24:30')).toBeNull();
    expect(osloWallTimeToInstant(Date.UTC(2012, 1, 17, 9, 30, 47, 250))?.toISOString()).toBe('2012-02-17T08:30:47.250Z');
    expect(osloWallTimeToInstant(Date.UTC(2026, 2, 29, 2, 15))).toBeNull();
  });

  it('starts and ends days on the Oslo clock, also on the days the clocks change', () => {
    expect(startOfDayInOslo('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfDayInOslo('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(startOfDayInOslo('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(endOfDayInOslo('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(() => endOfDayInOslo('2026-13-01')).toThrow(RangeError);
  });

  it('reads date, time and weekday on the Oslo clock', () => {
    expect(osloParts(new Date('2026-12-31T23:30:00Z'))).toEqual({
      date: '2027-01-01',
      time: '00:30',
      weekday: 5,
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
    });
  });
});
