/**
 * Statistics for a unit or an organisation (docs/statistics.md): who may see which scope is
 * decided by the access policy (`statisticsScope`); the period is a month or an ISO week in
 * Europe/Oslo; every metric of the registry (metrics.ts) counts the period and the one before.
 */
import { parsePeriod, previousPeriod, type Period, type Statistics } from '@helsedialog/core';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import { startOfDayInOslo, todayInOslo } from '../../platform/time.ts';
import { statisticsScope, type StatisticsScope } from '../../access/policy.ts';
import type { StaffActor } from '../../access/actors.ts';
import { METRICS } from './metrics.ts';
import { rolledUpBefore } from './rollup.ts';

/** The asked period, refused with a stable code when it is malformed or has not begun. */
export function periodFrom(label: string, now: Date): Period {
  const p = parsePeriod(label);
  if (!p)
    throw new AppError(
      'STATISTICS_PERIOD_INVALID',
      `"${label.slice(0, 20)}" is not a period. Give a month as YYYY-MM (e.g. 2026-11) or an ISO week as YYYY-Www (e.g. 2026-W47), between 2000 and 2100.`,
    );
  if (p.from > todayInOslo(now))
    throw new AppError('STATISTICS_PERIOD_IN_FUTURE', `The period ${p.label} has not begun yet. Choose the current or an earlier period.`);
  return p;
}

/**
 * Counts every metric for the scope over the period and the one before it. Who may see the scope
 * is decided on `db` (the primary: a leader removed a moment ago sees nothing); the counts are
 * read from `readDb` (READ_DATABASE_URL's standby when set; counts may lag it by a moment).
 */
export async function statisticsFor(db: DbOrTx, actor: StaffActor, scope: StatisticsScope, label: string, now: Date, readDb: DbOrTx = db): Promise<Statistics> {
  const period = periodFrom(label, now);
  const previous = previousPeriod(period);
  const { name, units } = await statisticsScope(db, actor, scope);
  const q = {
    unitIds: units.map((u) => u.id),
    from: startOfDayInOslo(previous.from),
    split: startOfDayInOslo(period.from),
    to: startOfDayInOslo(period.to),
    now,
    days: { from: previous.from, split: period.from, to: period.to },
    rolledUpBefore: await rolledUpBefore(readDb),
  };
  const t0 = performance.now();
  // Independent queries: on PostgreSQL they run side by side on the pool; PGlite runs them in turn.
  const results = await Promise.all(METRICS.map(async (m) => ({ id: m.id, dims: m.dims, values: m.values, ...(await m.compute(readDb, q)) })));
  return {
    scope: { kind: scope.kind, id: scope.id, name },
    units,
    period,
    previous,
    metrics: results,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}
