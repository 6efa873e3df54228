/** Table types of the representation module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ParentDialogGrantsTable {
  id: Generated<string>;
  child_id: string;
  parent_id: string;
  contact_id: string;
  granted_by: string;
  reason: string | null;
  valid_from: Timestamp;
  valid_until: Timestamp;
  revoked_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface HiddenFromParentsTable {
  object_type: string;
  object_id: string;
  citizen_id: string;
  /** The staff member who hid it; null when the record system did (hidden_by_epj). */
  hidden_by: string | null;
  /** The FHIR client that hid a record item it shares (security label hidden-from-parents), else null. */
  hidden_by_epj: string | null;
  created_at: Generated<Date>;
}
export interface FlexibleDialogsTable {
  id: Generated<string>;
  contact_id: string;
  unit_id: string;
  citizen_id: string;
  person_id: string;
  addressed_role: string | null;
  addressed_staff_id: string | null;
  granted_by: string;
  valid_from: Timestamp;
  valid_until: Timestamp;
  revoked_at: NullableTimestamp;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    parent_dialog_grants: ParentDialogGrantsTable;
    hidden_from_parents: HiddenFromParentsTable;
    flexible_dialogs: FlexibleDialogsTable;
  }
  interface UnitsTable {
    youth_dialog: Generated<boolean>;
  }
  interface ThreadsTable {
    created_by_person_id: string | null;
    addressed_role: string | null;
    /** The flexible dialog the thread was started through (it ends with it). */
    flexible_dialog_id: ColumnType<string | null, string | null | undefined, string | null>;
  }
}
