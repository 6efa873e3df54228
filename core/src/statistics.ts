/**
 * Statistics for unit administrators and leaders (docs/statistics.md): the periods they are
 * asked for (a calendar month or an ISO week, in Europe/Oslo), the metrics' ids and the answer's
 * shape. Counts only — never a person, never health content.
 */
import { z } from 'zod';

/** The metrics in the order the page shows them; docs/statistics.md defines each exactly. */
export const METRIC_IDS = ['contacts', 'messages', 'answerTimes', 'overdue', 'readWithin', 'fees', 'appointments', 'forms'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Counts under this are shown as "<5" in tables and exports (small-count suppression). */
export const SMALL_COUNT = 5;

/** A count as shown to a person: 1–4 become "<5" (0 stays 0: nothing happened). */
export function suppressSmall(n: number): string {
  return n > 0 && n < SMALL_COUNT ? `<${SMALL_COUNT}` : String(n);
}

export type PeriodKind = 'month' | 'week';
export interface Period {
  kind: PeriodKind;
  /** As asked for and shown: `2026-11` or `2026-W47`. */
  label: string;
  /** First Oslo calendar day (YYYY-MM-DD), inclusive. */
  from: string;
  /** First Oslo calendar day after the period (exclusive). */
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}
/** Monday of ISO week 1 of an ISO year (the week holding 4 January). */
function week1Monday(year: number): Date {
  const jan4 = utc(year, 1, 4);
  const wd = (jan4.getUTCDay() + 6) % 7; // Monday 0
  return new Date(jan4.getTime() - wd * 86_400_000);
}
function isoWeekOf(date: Date): { year: number; week: number } {
  const wd = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - wd) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - week1Monday(year).getTime()) / (7 * 86_400_000)) + 1;
  return { year, week };
}
function weekLabel(year: number, week: number): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Parses `2026-11` (a month) or `2026-W47` (an ISO week); undefined when it is neither. */
export function parsePeriod(label: string): Period | undefined {
  const m = MONTH.exec(label);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (y < 2000 || y > 2100) return undefined;
    return { kind: 'month', label, from: day(utc(y, mo, 1)), to: day(utc(y, mo + 1, 1)) };
  }
  const w = WEEK.exec(label);
  if (w) {
    const y = Number(w[1]);
    const wk = Number(w[2]);
    if (y < 2000 || y > 2100) return undefined;
    const monday = new Date(week1Monday(y).getTime() + (wk - 1) * 7 * 86_400_000);
    // Week 53 exists only in years whose 53rd Monday still belongs to the same ISO year.
    if (isoWeekOf(monday).year !== y) return undefined;
    return { kind: 'week', label, from: day(monday), to: day(new Date(monday.getTime() + 7 * 86_400_000)) };
  }
  return undefined;
}

/** The period just before (the previous month or ISO week), for comparison. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'month') {
    const [y, m] = p.from.split('-').map(Number) as [number, number];
    const prev = utc(y, m - 1, 1);
    return parsePeriod(`${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`)!;
  }
  const monday = new Date(`${p.from}T00:00:00Z`);
  const prev = isoWeekOf(new Date(monday.getTime() - 7 * 86_400_000));
  return parsePeriod(weekLabel(prev.year, prev.week))!;
}

/** The month or ISO week holding an Oslo calendar day (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, osloDay: string): Period {
  if (kind === 'month') return parsePeriod(osloDay.slice(0, 7))!;
  const w = isoWeekOf(new Date(`${osloDay}T00:00:00Z`));
  return parsePeriod(weekLabel(w.year, w.week))!;
}

export const PeriodLabelSchema = z.string().refine((s) => parsePeriod(s) !== undefined, {
  message: 'The period must be a month (YYYY-MM, e.g. 2026-11) or an ISO week (YYYY-Www, e.g. 2026-W47) between 2000 and 2100.',
});

/** `unit:<uuid>` or `organisation:<uuid>`. */
export const ScopeSchema = z.string().regex(/^(unit|organisation):[0-9a-f-]{36}$/i, 'The scope must be unit:<id> or organisation:<id>.');

export const StatisticsQuerySchema = z.object({ scope: ScopeSchema, period: PeriodLabelSchema });

/** One row of a metric: its dimensions (unit, kind, direction …) and its values (counts, hours). */
export const MetricRowSchema = z.object({
  dims: z.record(z.string(), z.string()),
  values: z.record(z.string(), z.number().nullable()),
});
export type MetricRow = z.infer<typeof MetricRowSchema>;

export const MetricResultSchema = z.object({
  id: z.enum(METRIC_IDS),
  /** Dimension names in table order, e.g. ['unit', 'kind', 'direction']. */
  dims: z.array(z.string()),
  /** Value names in table order; `count`-like values are suppressed under 5 in exports. */
  values: z.array(z.object({ name: z.string(), type: z.enum(['count', 'hours', 'share']) })),
  current: z.array(MetricRowSchema),
  previous: z.array(MetricRowSchema),
});
export type MetricResult = z.infer<typeof MetricResultSchema>;

const PeriodSchema = z.object({ kind: z.enum(['month', 'week']), label: z.string(), from: z.string(), to: z.string() });

export const StatisticsSchema = z.object({
  scope: z.object({ kind: z.enum(['unit', 'organisation']), id: z.string(), name: z.string() }),
  /** The units counted, for naming the `unit` dimension. */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  period: PeriodSchema,
  previous: PeriodSchema,
  metrics: z.array(MetricResultSchema),
  /** How long the database took, in milliseconds (reported, not a promise). */
  ms: z.number(),
});
export type Statistics = z.infer<typeof StatisticsSchema>;

export const StatisticsScopesSchema = z.object({
  items: z.array(
    z.object({
      scope: z.string(),
      kind: z.enum(['unit', 'organisation']),
      name: z.string(),
      /** Why the caller may see it: administrator of the unit, or leader of an organisation above. */
      via: z.enum(['unit_admin', 'leader']),
    }),
  ),
});
export type StatisticsScopes = z.infer<typeof StatisticsScopesSchema>;
