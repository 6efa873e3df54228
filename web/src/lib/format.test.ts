import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatLocaleOf, LANGUAGES } from '../i18n/languages.ts';
import {
  formatDate,
  formatDateTime,
  formatDayMonthTime,
  formatFee,
  formatMonth,
  formatNok,
  formatNumber,
  formatSize,
  formatTime,
  formatWeekdayDate,
} from './format.ts';

const nb = 'nb-NO';
const en = 'en-GB';

// The host's own zone must not matter: run these as a machine far from Oslo would (UTC+14).
beforeAll(() => {
  vi.stubEnv('TZ', 'Pacific/Kiritimati');
  expect(new Date('2026-12-07T12:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('dates and times on the Oslo clock', () => {
  it('follows Oslo across the spring change (02:00 CET → 03:00 CEST, last Sunday of March)', () => {
    expect(formatTime('2026-03-29T00:30:00Z', nb)).toBe('01:30'); // UTC+1
    expect(formatTime('2026-03-29T01:30:00Z', nb)).toBe('03:30'); // UTC+2: 02:30 never happens
    expect(formatDateTime('2026-03-29T01:30:00Z', nb)).toBe('29. mars 2026, 03:30');
  });

  it('follows Oslo across the autumn change (03:00 CEST → 02:00 CET, last Sunday of October)', () => {
    expect(formatTime('2026-10-25T00:30:00Z', nb)).toBe('02:30'); // UTC+2
    expect(formatTime('2026-10-25T01:30:00Z', nb)).toBe('02:30'); // UTC+1: 02:30 twice
    expect(formatTime('2026-10-25T02:30:00Z', en)).toBe('03:30');
  });

  it('gives the Oslo calendar day of an instant late in the UTC evening', () => {
    expect(formatDate('2026-06-30T22:30:00Z', nb)).toBe('1. juli 2026'); // 00:30 CEST
    expect(formatDate('2026-12-31T23:30:00Z', nb)).toBe('1. januar 2027'); // 00:30 CET
    expect(formatDate('2026-06-30T21:30:00Z', nb)).toBe('30. juni 2026');
    expect(formatWeekdayDate('2026-11-24T23:15:00Z', nb)).toBe('onsdag 25. november 2026');
    expect(formatDayMonthTime('2026-12-10T23:00:00Z', nb)).toBe('11. des., 00:00');
  });

  it('keeps a bare date (YYYY-MM-DD) on the day it names, in every style', () => {
    expect(formatDate('2018-12-29', nb)).toBe('29. desember 2018');
    expect(formatDate('2027-02-01', nb, 'medium')).toBe('1. feb. 2027');
    expect(formatDate('2027-01-01', nb, 'short')).toBe('01.01.2027');
    expect(formatMonth('2026-12-01', nb)).toBe('desember 2026');
    expect(formatMonth('2026-12-01', en)).toBe('December 2026');
    // A birth date on the spring change day (no midnight shift either way).
    expect(formatDate('1998-03-29', en)).toBe('29 March 1998');
  });

  it('formats epoch milliseconds and Date objects like ISO strings', () => {
    const at = Date.parse('2026-12-07T08:05:00Z');
    expect(formatDate(at, nb, 'short')).toBe('07.12.2026');
    expect(formatDateTime(new Date(at), nb, 'long')).toBe('7. desember 2026 kl. 09:05');
  });

  it('shows a value that is no date as it came instead of "Invalid Date"', () => {
    expect(formatDate('not a date', nb)).toBe('not a date');
    expect(formatDateTime('', nb)).toBe('');
    expect(formatTime('2026-13-40T00:00:00Z', nb)).toBe('2026-13-40T00:00:00Z');
  });
});

describe('each UI language', () => {
  const at = '2026-03-03T13:05:00Z';
  // The locales I18nProvider hands the pages (formatLocaleOf); Node has full ICU data, Sami included.
  const expected = {
    nb: ['7. desember 2026', '3. mars 2026, 14:05', 'onsdag 25. november 2026'],
    nn: ['7. desember 2026', '3. mars 2026, 14:05', 'onsdag 25. november 2026'],
    se: ['2026 juovlamánnu 7', '2026 njuk 3 14:05', '2026 skábmamánnu 25, gaskavahkku'],
    en: ['7 December 2026', '3 Mar 2026, 14:05', 'Wednesday, 25 November 2026'],
  } as const;
  for (const language of LANGUAGES) {
    it(`formats dates in ${language}`, () => {
      const locale = formatLocaleOf(language);
      expect([formatDate('2026-12-07', locale), formatDateTime(at, locale), formatWeekdayDate('2026-11-25T08:00:00Z', locale)]).toEqual(expected[language]);
      expect(formatTime(at, locale)).toBe('14:05');
    });
  }

  it("formats in bokmål where the runtime has no data for the language's own locale (Chromium and Sami)", () => {
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockReturnValue([]);
    try {
      expect(formatLocaleOf('se')).toBe('nb-NO');
      expect(formatDate('2026-12-07', formatLocaleOf('se'))).toBe('7. desember 2026');
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('numbers, amounts and file sizes', () => {
  it('writes numbers as the language does', () => {
    expect(formatNumber(1234.5678, nb)).toBe('1\u00a0234,568');
    expect(formatNumber(1234.5678, en)).toBe('1,234.568');
    expect(formatNumber(12.5, nb, { minimumFractionDigits: 1, maximumFractionDigits: 1 })).toBe('12,5');
    expect(formatNumber(12, nb, { minimumFractionDigits: 1, maximumFractionDigits: 1 })).toBe('12,0');
  });

  it('gives file sizes in whole kB (at least 1) below a megabyte, then MB with one decimal', () => {
    expect(formatSize(0, nb)).toBe('1 kB');
    expect(formatSize(300, nb)).toBe('1 kB');
    expect(formatSize(1536, nb)).toBe('2 kB');
    expect(formatSize(1000 * 1024, nb)).toBe('1\u00a0000 kB');
    expect(formatSize(1024 * 1024, nb)).toBe('1 MB');
    expect(formatSize(1.5 * 1024 * 1024, nb)).toBe('1,5 MB');
    expect(formatSize(1.5 * 1024 * 1024, en)).toBe('1.5 MB');
  });

  it('writes kroner with øre, and a fee short, with a no-break space', () => {
    expect(formatNok('167', nb)).toBe('167,00\u00a0kr');
    expect(formatNok('167', en)).toBe('NOK\u00a0167.00');
    expect(formatNok('not', nb)).toBe('not');
    expect(formatFee('167', nb)).toBe('kr\u00a0167');
    expect(formatFee('167.5', 'nn-NO')).toBe('kr\u00a0167,50');
    expect(formatFee('167', en)).toBe('NOK\u00a0167');
  });
});
