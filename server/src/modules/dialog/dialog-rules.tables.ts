/** Table types of the dialog rules (topics, absences, escalation, staff notices, archives), merged into DB. */
import type { ColumnType, Generated } from 'kysely';
import type { StaffRole } from '../../platform/db-types.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** A topic's texts per language; nb is required (other languages are added later). */
export type TopicTexts = { nb: { label: string; guidance: string | null } } & Partial<Record<'nn' | 'en' | 'se', { label: string; guidance: string | null }>>;

export interface UnitTopicsTable {
  id: Generated<string>;
  unit_id: string;
  service: string;
  texts: Json<TopicTexts>;
  role_pool: StaffRole | null;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  updated_by: string | null;
}
export interface StaffAbsencesTable {
  id: Generated<string>;
  unit_id: string;
  staff_id: string;
  cover_staff_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string;
  created_at: Generated<Date>;
}
export interface UnitEscalationSettingsTable {
  unit_id: string;
  second_step: 'none' | 'leader' | 'role';
  leader_staff_id: string | null;
  role_pool: StaffRole | null;
  second_after_days: number;
  updated_at: Timestamp;
  updated_by: string | null;
}
export interface ThreadEscalationsTable {
  id: Generated<string>;
  thread_id: string;
  unit_id: string;
  step: number;
  promised_at: Timestamp;
  to_staff_id: string | null;
  to_role: string | null;
  escalated_at: Timestamp;
}
export interface StaffNoticesTable {
  id: Generated<string>;
  staff_id: string;
  unit_id: string;
  thread_id: string | null;
  kind: 'escalation' | 'cover' | 'assigned';
  /** Who caused it (the colleague who assigned the thread); null for the system's notices. */
  by_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}
export interface ThreadArchivesTable {
  thread_id: string;
  person_id: string;
  archived_at: Timestamp;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    unit_topics: UnitTopicsTable;
    staff_absences: StaffAbsencesTable;
    unit_escalation_settings: UnitEscalationSettingsTable;
    thread_escalations: ThreadEscalationsTable;
    staff_notices: StaffNoticesTable;
    thread_archives: ThreadArchivesTable;
  }
  interface ThreadsTable {
    /** The unit topic the citizen chose (null: own words, or a thread started otherwise). */
    topic_id: ColumnType<string | null, string | null | undefined, string | null>;
  }
}
