/**
 * Dates as people read them, in Norwegian time whatever the browser's zone:
 * health contacts and appointments belong to Norwegian services.
 */
const TIME_ZONE = 'Europe/Oslo';

/** Formats an ISO 8601 date or timestamp as a long date, e.g. "3. mars 2025"; returns the input if unparseable. */
export function formatDate(iso: string, locale: string): string {
  // A bare date (YYYY-MM-DD) is a calendar day, not an instant: format it in UTC so it never shifts a day.
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeZone: dateOnly ? 'UTC' : TIME_ZONE,
  }).format(date);
}
