/**
 * Oslo wall-clock time and recurring slot patterns. Slots are published in local time
 * ("Tue and Thu 08:00-10:00") and stored as instants (timestamptz). Across the daylight-saving
 * changes a local time can be missing (02:00-02:59 on the last Sunday of March) or happen twice
 * (02:00-02:59 on the last Sunday of October): a missing time yields no slot, a doubled time the
 * first (summer-time) instant.
 */
import { OSLO } from '../../platform/time.ts';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

export interface OsloParts {
  date: string;
  time: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The Oslo calendar date, HH:MM and weekday of an instant. */
export function osloParts(at: Date): OsloParts {
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(at)) p[x.type] = x.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday: WEEKDAYS[p.weekday ?? ''] ?? 0 };
}

/** Minutes after midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** "HH:MM" of minutes after midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant of an Oslo wall-clock time, or null when that time does not exist (the spring
 * gap). Oslo is UTC+2 in summer and UTC+1 in winter; try summer first so a doubled autumn time
 * gives its first occurrence.
 */
export function osloLocalToInstant(date: string, time: string): Date | null {
  const base = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(base)) return null;
  for (const offsetHours of [2, 1]) {
    const at = new Date(base - offsetHours * 3_600_000);
    const p = osloParts(at);
    if (p.date === date && p.time === time) return at;
  }
  return null;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface Pattern {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  fromDate: string;
  untilDate: string;
}

/** How many slot starts of a pattern do not exist in Oslo time (the hour skipped when summer time starts). */
export function missingInOslo(p: Pattern): number {
  let n = 0;
  const days = new Set(p.weekdays);
  const start = minutesOf(p.startTime);
  const end = minutesOf(p.endTime);
  for (let date = p.fromDate; date <= p.untilDate; date = addDays(date, 1)) {
    if (!days.has(isoWeekday(date))) continue;
    for (let m = start; m + p.slotMinutes <= end; m += p.slotMinutes) if (!osloLocalToInstant(date, timeOf(m))) n++;
  }
  return n;
}

/** The slots of a pattern as instants: every slot start from startTime while start + length ≤ endTime, in Oslo time. */
export function expandPattern(p: Pattern): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  const days = new Set(p.weekdays);
  const start = minutesOf(p.startTime);
  const end = minutesOf(p.endTime);
  for (let date = p.fromDate; date <= p.untilDate; date = addDays(date, 1)) {
    if (!days.has(isoWeekday(date))) continue;
    for (let m = start; m + p.slotMinutes <= end; m += p.slotMinutes) {
      const startsAt = osloLocalToInstant(date, timeOf(m));
      if (!startsAt) continue; // does not exist today (spring forward)
      out.push({ startsAt, endsAt: new Date(startsAt.getTime() + p.slotMinutes * 60_000) });
    }
  }
  return out;
}

/** "12. mars kl. 10:00" in Norwegian, Oslo time (used in dialog topics and texts). */
export function osloLabelNb(at: Date): string {
  const months = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];
  const p = osloParts(at);
  const [, m, d] = p.date.split('-').map(Number) as [number, number, number];
  return `${d}. ${months[m - 1]} kl. ${p.time}`;
}
