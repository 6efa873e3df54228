/** Table types of the tools module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ToolsTable {
  id: Generated<string>;
  name: string;
  purpose: string;
  publisher: string;
  kind: 'web' | 'app';
  url: string;
  min_age: number | null;
  max_age: number | null;
  quality_assured: Generated<boolean>;
  retired_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ToolAssignmentsTable {
  id: Generated<string>;
  tool_id: string;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  sent_by: string;
  note: string | null;
  due_at: NullableTimestamp;
  sent_at: Timestamp;
  opened_at: NullableTimestamp;
  done_at: NullableTimestamp;
  done_by_person_id: string | null;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    tools: ToolsTable;
    tool_assignments: ToolAssignmentsTable;
  }
  interface StaffTable {
    /** Keeps the national tool catalogue (migration 20261208T1702). */
    catalogue_admin: Generated<boolean>;
  }
}
