/**
 * Recurring slot patterns. Slots are published in local time
 * ("Tue and Thu 08:00-10:00") and stored as instants (timestamptz). Across the daylight-saving
 * changes a local time can be missing (02:00-02:59 on the last Sunday of March) or happen twice
 * (02:00-02:59 on the last Sunday of October): a missing time yields no slot, a doubled time the
 * first (summer-time) instant.
 */
import { addDays, isoWeekday, osloLocalToInstant, osloParts } from '../../platform/time.ts';

// Oslo wall-clock time lives in platform/time.ts; re-exported for this module's callers.
export { addDays, isoWeekday, osloLocalToInstant, osloParts, type OsloParts } from '../../platform/time.ts';

/** Minutes after midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** "HH:MM" of minutes after midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
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
