/**
 * THE METRICS REGISTRY of the statistics (docs/statistics.md defines each exactly). One metric is
 * one entry: its dimensions, its values, and one SQL query that counts both the asked period and
 * the one before it in a single pass over a covering index (decisions.md 52). Adding a metric is
 * one more entry here, one more id
 * in core's METRIC_IDS and its texts in the web catalogue; the page, the table, the CSV and the
 * API follow from it.
 *
 * Counts only: no row ever names a person or carries text; dimensions are units, service kinds
 * and directions.
 */
import { sql, type RawBuilder } from 'kysely';
import { AWAITING_ANSWER, type MetricId, type MetricRow } from '@helsedialog/core';
import type { DbOrTx } from '../../platform/jobs.ts';
import { startOfDayInOslo } from '../../platform/time.ts';

export interface MetricQuery {
  unitIds: string[];
  /** Start of the previous period (inclusive). */
  from: Date;
  /** Start of the asked period: the end of the previous one. */
  split: Date;
  /** End of the asked period (exclusive). */
  to: Date;
  now: Date;
  /** The same bounds as Oslo calendar days (YYYY-MM-DD). */
  days: { from: string; split: string; to: string };
  /** Every Oslo day before this one is in the daily rollup of messages (rollup.ts); undefined: none is. */
  rolledUpBefore: string | undefined;
}

/**
 * Where the daily rollup ends for this query: its days [days.from, rollupTo) are summed from
 * stats_message_days, the messages from `directFrom` on are counted one by one (decision 90).
 */
function rollupSplit(q: MetricQuery): { rollupTo: string; directFrom: Date } {
  const r = q.rolledUpBefore;
  if (!r || r <= q.days.from) return { rollupTo: q.days.from, directFrom: q.from };
  if (r >= q.days.to) return { rollupTo: q.days.to, directFrom: q.to };
  return { rollupTo: r, directFrom: startOfDayInOslo(r) };
}

export interface ValueDef {
  name: string;
  type: 'count' | 'hours' | 'share';
}

export interface MetricDef {
  id: MetricId;
  dims: string[];
  values: ValueDef[];
  /** Rows of both periods, each tagged with which one it belongs to. */
  compute(db: DbOrTx, q: MetricQuery): Promise<{ current: MetricRow[]; previous: MetricRow[] }>;
}

type Row = Record<string, unknown> & { cur: boolean };

const count = (name: string): ValueDef => ({ name, type: 'count' });

function units(q: MetricQuery): RawBuilder<unknown> {
  return sql`(${sql.join(q.unitIds)})`;
}

/** Splits query rows into the two periods and into dimensions and values. */
function split(rows: Row[], dims: string[], values: ValueDef[]): { current: MetricRow[]; previous: MetricRow[] } {
  const out = { current: [] as MetricRow[], previous: [] as MetricRow[] };
  for (const r of rows) {
    const row: MetricRow = {
      dims: Object.fromEntries(dims.map((d) => [d, String(r[d] ?? 'all')])),
      values: Object.fromEntries(values.map((v) => [v.name, r[v.name] === null || r[v.name] === undefined ? null : Number(r[v.name])])),
    };
    (r.cur ? out.current : out.previous).push(row);
  }
  return out;
}

/** For metrics counted per unit with one row per unit and period: every unit in both periods, zeros included. */
function perUnit(def: Omit<MetricDef, 'compute' | 'dims'> & { query: (q: MetricQuery) => RawBuilder<Row> }): MetricDef {
  const dims = ['unit'];
  return {
    ...def,
    dims,
    async compute(db, q) {
      if (!q.unitIds.length) return { current: [], previous: [] };
      const rows = (await def.query(q).execute(db)).rows;
      const have = new Set(rows.map((r) => `${String(r.unit)}|${r.cur}`));
      for (const unit of q.unitIds)
        for (const cur of [true, false])
          if (!have.has(`${unit}|${cur}`)) rows.push({ unit, cur, ...Object.fromEntries(def.values.map((v) => [v.name, v.type === 'count' ? 0 : null])) });
      rows.sort((a, b) => q.unitIds.indexOf(String(a.unit)) - q.unitIds.indexOf(String(b.unit)));
      return split(rows, dims, def.values);
    },
  };
}

const awaiting = sql.join([...AWAITING_ANSWER]);

export const METRICS: MetricDef[] = [
  {
    id: 'contacts',
    dims: ['unit'],
    values: [count('created'), count('active')],
    async compute(db, q) {
      if (!q.unitIds.length) return { current: [], previous: [] };
      // One index-only pass over the units' contacts: four counts per unit, split into the two periods here.
      const rows = await sql<{ unit: string; cc: number; ca: number; pc: number; pa: number }>`
        select unit_id as unit,
          count(*) filter (where started_at >= ${q.split}) as cc,
          count(*) filter (where coalesce(least(ended_at, ends_at), 'infinity') > ${q.split}) as ca,
          count(*) filter (where started_at >= ${q.from} and started_at < ${q.split}) as pc,
          count(*) filter (where started_at < ${q.split} and coalesce(least(ended_at, ends_at), 'infinity') > ${q.from}) as pa
        from health_contacts
        where unit_id in ${units(q)} and started_at < ${q.to}
        group by unit_id`.execute(db);
      const by = new Map(rows.rows.map((r) => [r.unit, r]));
      const out = { current: [] as MetricRow[], previous: [] as MetricRow[] };
      for (const unit of q.unitIds) {
        const r = by.get(unit);
        out.current.push({ dims: { unit }, values: { created: Number(r?.cc ?? 0), active: Number(r?.ca ?? 0) } });
        out.previous.push({ dims: { unit }, values: { created: Number(r?.pc ?? 0), active: Number(r?.pa ?? 0) } });
      }
      return out;
    },
  },
  {
    id: 'messages',
    dims: ['unit', 'kind', 'direction'],
    values: [count('messages')],
    async compute(db, q) {
      if (!q.unitIds.length) return { current: [], previous: [] };
      // Whole days from the daily rollup, the rest (the last days) counted from the messages.
      const { rollupTo, directFrom } = rollupSplit(q);
      const rows = await sql<Row>`
        select unit, kind, direction, cur, sum(n) as messages from (
          select unit_id as unit, kind, direction, day >= ${q.days.split}::date as cur, messages as n
          from stats_message_days
          where unit_id in ${units(q)} and day >= ${q.days.from}::date and day < ${rollupTo}::date
          union all
          select unit_id, kind, case author_kind when 'citizen' then 'from_patients' else 'to_patients' end,
            created_at >= ${q.split}, 1
          from messages
          where unit_id in ${units(q)} and created_at >= ${directFrom} and created_at < ${q.to} and author_kind in ('citizen', 'staff')
        ) t
        group by 1, 2, 3, 4
        order by 1, 2, 3`.execute(db);
      return split(rows.rows, this.dims, this.values);
    },
  },
  {
    id: 'answerTimes',
    dims: ['unit'],
    values: [
      count('threads'),
      count('answered'),
      { name: 'medianHours', type: 'hours' },
      { name: 'p90Hours', type: 'hours' },
      count('withinPromise'),
      count('withPromise'),
    ],
    async compute(db, q) {
      if (!q.unitIds.length) return { current: [], previous: [] };
      // Per unit, and for all units together (a median is not the sum of medians): grouping sets.
      const rows = await sql<Row>`
        select unit_id as unit, cur, count(*) as threads, count(answered_at) as answered,
          percentile_cont(0.5) within group (order by hours) as "medianHours",
          percentile_cont(0.9) within group (order by hours) as "p90Hours",
          count(*) filter (where due_at is not null and answered_at <= due_at) as "withinPromise",
          count(*) filter (where due_at is not null and answered_at is not null) as "withPromise"
        from (
          select unit_id, created_at >= ${q.split} as cur, answered_at, due_at, extract(epoch from answered_at - created_at)::float8 / 3600 as hours
          from threads
          where unit_id in ${units(q)} and created_at >= ${q.from} and created_at < ${q.to} and started_by = 'citizen'
        ) t
        group by grouping sets ((unit_id, cur), (cur))
        order by unit_id nulls last`.execute(db);
      // One unit: its own row is the total.
      return split(q.unitIds.length === 1 ? rows.rows.filter((r) => r.unit !== null) : rows.rows, this.dims, this.values);
    },
  },
  perUnit({
    id: 'overdue',
    values: [count('withDeadline'), count('answeredLate'), count('stillOverdue')],
    // The deadline is the thread's due_at (set from the unit's promised answer time in working
    // days when it was written); "still overdue" uses core's AWAITING_ANSWER statuses.
    query: (q) => sql<Row>`
      select unit_id as unit, created_at >= ${q.split} as cur,
        count(*) filter (where due_at is not null) as "withDeadline",
        count(*) filter (where answered_at > due_at) as "answeredLate",
        count(*) filter (where answered_at is null and status in (${awaiting}) and due_at < ${q.now}) as "stillOverdue"
      from threads
      where unit_id in ${units(q)} and created_at >= ${q.from} and created_at < ${q.to}
      group by 1, 2`,
  }),
  perUnit({
    id: 'readWithin',
    values: [count('sent'), count('read1d'), count('read3d'), count('read7d')],
    // Whole days from the daily rollup, the rest (the last days) counted from the messages.
    query: (q) => {
      const { rollupTo, directFrom } = rollupSplit(q);
      return sql<Row>`
        select unit, cur, sum(sent) as sent, sum(r1) as "read1d", sum(r3) as "read3d", sum(r7) as "read7d" from (
          select unit_id as unit, day >= ${q.days.split}::date as cur, messages as sent, read1d as r1, read3d as r3, read7d as r7
          from stats_message_days
          where unit_id in ${units(q)} and direction = 'to_patients' and day >= ${q.days.from}::date and day < ${rollupTo}::date
          union all
          select unit_id, created_at >= ${q.split}, 1,
            (read_at <= created_at + interval '1 day')::int, (read_at <= created_at + interval '3 days')::int,
            (read_at <= created_at + interval '7 days')::int
          from messages
          where unit_id in ${units(q)} and created_at >= ${directFrom} and created_at < ${q.to} and author_kind = 'staff'
        ) t
        group by 1, 2`;
    },
  }),
  perUnit({
    id: 'fees',
    values: [count('recorded'), count('paying'), count('exemptUnder16'), count('exemptFrikort')],
    query: (q) => sql<Row>`
      select unit_id as unit, created_at >= ${q.split} as cur, count(*) as recorded,
        count(*) filter (where exempt_reason is null) as paying,
        count(*) filter (where exempt_reason = 'under_16') as "exemptUnder16",
        count(*) filter (where exempt_reason = 'frikort') as "exemptFrikort"
      from billing_lines
      where unit_id in ${units(q)} and created_at >= ${q.from} and created_at < ${q.to}
      group by 1, 2`,
  }),
  perUnit({
    id: 'appointments',
    values: [count('booked'), count('bookedByPatients'), count('cancelled'), count('cancelledByPatients'), count('completed'), count('notAttended')],
    // Four index ranges (created, cancelled, completed, not attended), each counted by unit and period.
    query: (q) => sql<Row>`
      with created as (
        select unit_id, created_at >= ${q.split} as cur, count(*) as booked, count(*) filter (where source = 'citizen_booking') as by_patients
        from appointments where unit_id in ${units(q)} and created_at >= ${q.from} and created_at < ${q.to} group by 1, 2
      ), cancelled as (
        select unit_id, cancelled_at >= ${q.split} as cur, count(*) as cancelled, count(*) filter (where cancelled_by = 'citizen') as by_patients
        from appointments where unit_id in ${units(q)} and cancelled_at >= ${q.from} and cancelled_at < ${q.to} group by 1, 2
      ), completed as (
        select unit_id, completed_at >= ${q.split} as cur, count(*) as completed
        from appointments where unit_id in ${units(q)} and completed_at >= ${q.from} and completed_at < ${q.to} group by 1, 2
      ), not_attended as (
        select unit_id, not_attended_at >= ${q.split} as cur, count(*) as not_attended
        from appointments where unit_id in ${units(q)} and not_attended_at >= ${q.from} and not_attended_at < ${q.to} group by 1, 2
      ), keys as (
        select unit_id, cur from created union select unit_id, cur from cancelled union select unit_id, cur from completed
        union select unit_id, cur from not_attended
      )
      select k.unit_id as unit, k.cur, coalesce(a.booked, 0) as booked, coalesce(a.by_patients, 0) as "bookedByPatients",
        coalesce(c.cancelled, 0) as cancelled, coalesce(c.by_patients, 0) as "cancelledByPatients", coalesce(d.completed, 0) as completed,
        coalesce(n.not_attended, 0) as "notAttended"
      from keys k
      left join created a on a.unit_id = k.unit_id and a.cur = k.cur
      left join cancelled c on c.unit_id = k.unit_id and c.cur = k.cur
      left join completed d on d.unit_id = k.unit_id and d.cur = k.cur
      left join not_attended n on n.unit_id = k.unit_id and n.cur = k.cur`,
  }),
  perUnit({
    id: 'forms',
    values: [count('sent'), count('answered'), count('withMessage')],
    // Two index ranges: forms sent in the period (form_requests_unit_idx) and responses submitted
    // in the period (form_responses_unit_idx): answers to a sent form, and forms filled in front
    // of a service that went with a message (no request).
    query: (q) => sql<Row>`
      with sent as (
        select unit_id, created_at >= ${q.split} as cur, count(*) as sent
        from form_requests where unit_id in ${units(q)} and created_at >= ${q.from} and created_at < ${q.to} group by 1, 2
      ), answered as (
        select unit_id, submitted_at >= ${q.split} as cur, count(request_id) as answered, count(*) filter (where request_id is null) as with_message
        from form_responses
        where unit_id in ${units(q)} and status = 'completed' and submitted_at >= ${q.from} and submitted_at < ${q.to} group by 1, 2
      ), keys as (select unit_id, cur from sent union select unit_id, cur from answered)
      select k.unit_id as unit, k.cur, coalesce(s.sent, 0) as sent, coalesce(a.answered, 0) as answered, coalesce(a.with_message, 0) as "withMessage"
      from keys k
      left join sent s on s.unit_id = k.unit_id and s.cur = k.cur
      left join answered a on a.unit_id = k.unit_id and a.cur = k.cur`,
  }),
];
