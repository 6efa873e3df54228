/** Tables of the statistics' daily rollup (migration 20261209T1201_statistics_rollup; rollup.ts). */
import type { ColumnType } from 'kysely';

/** Messages per unit, day (Oslo), service kind and direction, with how many were read within 1, 3 and 7 days. */
export interface StatsMessageDaysTable {
  unit_id: string;
  /** A calendar day, YYYY-MM-DD (DATE is read as its text). */
  day: string;
  kind: string | null;
  direction: 'from_patients' | 'to_patients';
  messages: number;
  read1d: number;
  read3d: number;
  read7d: number;
}

/** Per rollup: every day before `complete_before` is in it. */
export interface StatsRollupsTable {
  name: string;
  complete_before: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    stats_message_days: StatsMessageDaysTable;
    stats_rollups: StatsRollupsTable;
  }
}
