/**
 * What the statistics page shows, as plain data: one table per metric (rows of category,
 * measure, this period, the period before, change) and the chart drawn from the same rows.
 * The tables, the charts' written numbers and the CSV export all come from here, so the export
 * is exactly what is shown, with counts under 5 written "<5" (core's suppressSmall).
 */
import { SMALL_COUNT, suppressSmall, type MetricResult, type MetricRow, type Statistics } from '@helsedialog/core';
import type { MessageKey } from '../i18n/nb.ts';
import { formatNumber } from '../lib/format.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The measure each metric's chart draws (the table shows them all). */
export const HEADLINE: Record<MetricResult['id'], string> = {
  contacts: 'active',
  messages: 'messages',
  answerTimes: 'medianHours',
  overdue: 'answeredLate',
  readWithin: 'share3d',
  fees: 'recorded',
  appointments: 'booked',
  forms: 'answered',
};

/** Shares computed from two counts of the same row: name → [numerator, denominator]. */
const DERIVED: Partial<Record<MetricResult['id'], Record<string, [string, string]>>> = {
  answerTimes: { withinPromiseShare: ['withinPromise', 'withPromise'] },
  readWithin: { share1d: ['read1d', 'sent'], share3d: ['read3d', 'sent'], share7d: ['read7d', 'sent'] },
};
/** Values that are read from fewer than 5 answers are not shown (an answer time of one or two threads). */
const BASIS: Partial<Record<string, string>> = { medianHours: 'answered', p90Hours: 'answered' };

export interface Cell {
  /** The number as written (tables, CSV, chart labels). */
  text: string;
  /** The number the chart draws; null when it is not shown (suppressed or too few). */
  plot: number | null;
}
export interface ViewRow {
  category: string;
  measure: string;
  measureKey: string;
  current: Cell;
  previous: Cell;
  change: string;
}
export interface MetricView {
  id: MetricResult['id'];
  title: string;
  help: string;
  rows: ViewRow[];
  headline: string;
}

function fmtNumber(n: number, locale: string, digits = 0): string {
  return formatNumber(n, locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function cell(metric: MetricResult['id'], name: string, type: 'count' | 'hours' | 'share', row: MetricRow | undefined, t: T, locale: string): Cell {
  const v = row?.values ?? {};
  if (type === 'count') {
    const n = v[name] ?? 0;
    return { text: suppressSmall(n), plot: n > 0 && n < SMALL_COUNT ? null : n };
  }
  if (type === 'share') {
    const [num, den] = DERIVED[metric]![name]!;
    const d = v[den] ?? 0;
    if (d < SMALL_COUNT) return { text: t('statistics.tooFew'), plot: null };
    const share = Math.round(((v[num] ?? 0) / d) * 1000) / 10;
    return { text: `${fmtNumber(share, locale, 1)} %`, plot: share };
  }
  const basis = BASIS[name];
  const h = v[name];
  if (h === null || h === undefined || (basis && (v[basis] ?? 0) < SMALL_COUNT)) return { text: t('statistics.tooFew'), plot: null };
  return { text: t('statistics.hours', { hours: fmtNumber(h, locale, 1) }), plot: Math.round(h * 10) / 10 };
}

function change(a: Cell, b: Cell, locale: string): string {
  if (a.plot === null || b.plot === null) return '';
  const d = Math.round((a.plot - b.plot) * 10) / 10;
  return d === 0 ? '0' : `${d > 0 ? '+' : '−'}${fmtNumber(Math.abs(d), locale, Number.isInteger(d) ? 0 : 1)}`;
}

/** The label of a row's dimensions: unit, service kind, direction. */
function categoryOf(dims: Record<string, string>, s: Statistics, t: T): string {
  const parts: string[] = [];
  if ('unit' in dims && (s.units.length > 1 || dims.unit === 'all'))
    parts.push(dims.unit === 'all' ? t('statistics.allUnits') : (s.units.find((u) => u.id === dims.unit)?.name ?? dims.unit!));
  if (dims.kind) parts.push(t(`dialog.kind.${dims.kind}` as MessageKey));
  if (dims.direction) parts.push(t(`statistics.direction.${dims.direction}` as MessageKey));
  return parts.join(' · ') || s.scope.name;
}

/** Counts summed over the units, for an organisation: one more row "All units" (answer times bring their own). */
function withTotals(m: MetricResult, s: Statistics): MetricResult {
  if (s.units.length < 2 || m.id === 'answerTimes' || m.dims.length !== 1) return m;
  const total = (rows: MetricRow[]): MetricRow => ({
    dims: { unit: 'all' },
    values: Object.fromEntries(m.values.map((v) => [v.name, rows.reduce((sum, r) => sum + (r.values[v.name] ?? 0), 0)])),
  });
  return { ...m, current: [...m.current, total(m.current)], previous: [...m.previous, total(m.previous)] };
}

export function buildView(s: Statistics, t: T, locale: string): MetricView[] {
  return s.metrics.map((raw) => {
    const m = withTotals(raw, s);
    const key = (r: MetricRow) => m.dims.map((d) => r.dims[d]).join('|');
    const prev = new Map(m.previous.map((r) => [key(r), r]));
    const cur = new Map(m.current.map((r) => [key(r), r]));
    const keys = [...new Set([...m.current.map(key), ...m.previous.map(key)])];
    const measures = [...m.values, ...Object.keys(DERIVED[m.id] ?? {}).map((name) => ({ name, type: 'share' as const }))];
    const rows: ViewRow[] = [];
    for (const k of keys) {
      const c = cur.get(k);
      const p = prev.get(k);
      const category = categoryOf((c ?? p)!.dims, s, t);
      for (const v of measures) {
        const a = cell(m.id, v.name, v.type, c, t, locale);
        const b = cell(m.id, v.name, v.type, p, t, locale);
        rows.push({
          category,
          measure: t(`statistics.${m.id}.${v.name}` as MessageKey),
          measureKey: v.name,
          current: a,
          previous: b,
          change: change(a, b, locale),
        });
      }
    }
    return {
      id: m.id,
      title: t(`statistics.${m.id}.title` as MessageKey),
      help: t(`statistics.${m.id}.help` as MessageKey),
      rows,
      headline: HEADLINE[m.id],
    };
  });
}

function csvField(s: string): string {
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of exactly the tables shown: one line per table row, with the statistic's title first. */
export function toCsv(views: MetricView[], periodLabel: string, previousLabel: string, t: T): string {
  const head = [t('statistics.col.metric'), t('statistics.col.category'), t('statistics.col.measure'), periodLabel, previousLabel, t('statistics.col.change')];
  const lines = [head.map(csvField).join(',')];
  for (const v of views)
    for (const r of v.rows) lines.push([v.title, r.category, r.measure, r.current.text, r.previous.text, r.change].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
