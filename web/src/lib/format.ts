/**
 * The one place the web formats dates, times, numbers, amounts and file sizes for people to read.
 *
 * - Times are always shown on the Norwegian clock (Europe/Oslo), whatever the browser's zone:
 *   health contacts, appointments and letters belong to Norwegian services.
 * - A bare date (YYYY-MM-DD: a birth date, a due date, a period's first day) is a calendar day,
 *   not an instant: it is formatted as written and never shifts a day.
 * - `locale` is the I18n context's `locale` (useI18n()), which `formatLocaleOf` in
 *   i18n/languages.ts chose for the UI language: nb-NO, nn-NO, se-NO or en-GB, or bokmål's
 *   where the runtime has no data for nynorsk or Sami (Chromium).
 * - A value that is not a date is shown as it came (never "Invalid Date", never a thrown RangeError).
 *
 * Calendar arithmetic in Oslo (today, adding days, a day's first instant) is in lib/oslo-days.ts.
 */
import { OSLO } from '@helsedialog/core/constants';

/** A timestamp (ISO 8601 string, epoch milliseconds or Date) or a bare date (YYYY-MM-DD). */
export type DateValue = string | number | Date;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** One formatter per locale and options: creating an Intl formatter is costly (pages format hundreds of rows). */
function cached<O, F>(create: (locale: string, options: O) => F): (locale: string, options: O) => F {
  const made = new Map<string, F>();
  return (locale, options) => {
    const key = `${locale}|${JSON.stringify(options)}`;
    let format = made.get(key);
    if (!format) {
      format = create(locale, options);
      made.set(key, format);
    }
    return format;
  };
}

const dateFormat = cached((locale, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options));
const numberFormat = cached((locale, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options));

/** Formats a value with date options in Oslo time (a bare date as the calendar day it names). */
function formatIn(value: DateValue, locale: string, options: Intl.DateTimeFormatOptions): string {
  const dateOnly = typeof value === 'string' && DATE_ONLY.test(value);
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return dateFormat(locale, { ...options, timeZone: dateOnly ? 'UTC' : OSLO }).format(date);
}

/** A date: "3. mars 2025" (long, the default), "3. mars 2025" / "3 Mar 2025" (medium), "03.03.2025" (short). */
export function formatDate(value: DateValue, locale: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  return formatIn(value, locale, { dateStyle: style });
}

/** A date with its weekday: "onsdag 25. november 2026". */
export function formatWeekdayDate(value: DateValue, locale: string): string {
  return formatIn(value, locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** A month of a year: "desember 2026" (e.g. a statistics period starting on a bare date). */
export function formatMonth(value: DateValue, locale: string): string {
  return formatIn(value, locale, { month: 'long', year: 'numeric' });
}

/** A time of day on the 24-hour clock: "09:00". */
export function formatTime(value: DateValue, locale: string): string {
  return formatIn(value, locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A date and a time: "3. mars 2025, 14:05" (medium, the default) or "3. mars 2025 kl. 14:05" (long). */
export function formatDateTime(value: DateValue, locale: string, style: 'long' | 'medium' = 'medium'): string {
  return formatIn(value, locale, { dateStyle: style, timeStyle: 'short' });
}

/** Day, short month and time, without the year: "11. des., 08:00" (the ends of a block over several days). */
export function formatDayMonthTime(value: DateValue, locale: string): string {
  return formatIn(value, locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * A number as the language writes it: "1 234,5" in Norwegian, "1,234.5" in English. At most three
 * decimals unless `digits` says otherwise (fixed digits where both bounds are given).
 */
export function formatNumber(
  n: number,
  locale: string,
  digits: Pick<Intl.NumberFormatOptions, 'minimumFractionDigits' | 'maximumFractionDigits'> = {},
): string {
  return numberFormat(locale, digits).format(n);
}

/** A file size: "12 kB" (whole kilobytes, at least 1), "1,2 MB" from one megabyte (1024 × 1024 bytes). */
export function formatSize(bytes: number, locale: string): string {
  const kb = bytes / 1024;
  if (kb < 1024) return `${formatNumber(Math.max(1, kb), locale, { maximumFractionDigits: 0 })} kB`;
  return `${formatNumber(kb / 1024, locale, { maximumFractionDigits: 1 })} MB`;
}

/** An amount in kroner with øre: "kr 167,00" in Norwegian, "NOK 167.00" in English; the input if not a number. */
export function formatNok(amount: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  return numberFormat(locale, { style: 'currency', currency: 'NOK' }).format(n);
}

/** A fee in short form: "kr 167" in Norwegian, "NOK 167" in English; øre only when there are any ("kr 167,50"). */
export function formatFee(amount: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  const digits = Number.isInteger(n) ? 0 : 2;
  const num = formatNumber(n, locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  // A no-break space keeps the currency and the amount on one line.
  return /^(nb|nn|no)\b/.test(locale) ? `kr\u00a0${num}` : `NOK\u00a0${num}`;
}
