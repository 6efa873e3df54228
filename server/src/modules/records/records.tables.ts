/** Table types of the records module (merged into DB). */
import type { DiagnosticReport, DocumentReference, ServiceRequest } from '@medplum/fhirtypes';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type RecordKind = 'document' | 'result' | 'referral';
export type RecordCategory = 'document' | 'referral' | 'lab' | 'radiology' | 'pathology';
export type ReleaseMode = 'automatic' | 'manual_then_automatic' | 'manual' | 'never';
import type { Comparator, ReferralStatus } from '@helsedialog/core';
export type { ReferralStatus };

export interface RecordUnitSettingsTable {
  unit_id: string;
  parents_of_youth_metadata: Generated<boolean>;
  updated_at: Generated<Date>;
}
export interface RecordReleasePoliciesTable {
  unit_id: string;
  category: RecordCategory;
  mode: ReleaseMode;
  auto_after_days: number | null;
  updated_at: Generated<Date>;
}
export interface RecordBinariesTable {
  id: Generated<string>;
  unit_id: string;
  content_type: string;
  data: Buffer;
  size_bytes: number;
  sha256: string;
  created_at: Generated<Date>;
  /** The item the PDF was first attached to, and its patient: set once, never changed (decision 113). */
  item_id: string | null;
  citizen_id: string | null;
}
export interface RecordItemsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  kind: RecordKind;
  category: RecordCategory;
  title: string;
  effective_at: Timestamp;
  status: Generated<'current' | 'entered_in_error'>;
  version: Generated<number>;
  available_digitally: Generated<boolean>;
  binary_id: string | null;
  conclusion: string | null;
  resource: Json<RecordResource>;
  release_mode: ReleaseMode;
  released_at: NullableTimestamp;
  auto_release_at: NullableTimestamp;
  released_by: string | null;
  release_note: string | null;
  notified_at: NullableTimestamp;
  referral_status: ReferralStatus | null;
  care_start_by: string | null;
  forwarded_to: string | null;
  registered_at: Timestamp;
  updated_at: Timestamp;
}
/** The FHIR resource a record item came as (stored as written, attachment bytes moved to a Binary). */
export type RecordResource = DocumentReference | ServiceRequest | DiagnosticReport;

export interface RecordItemVersionsTable {
  item_id: string;
  version: number;
  status: string;
  resource: Json<RecordResource>;
  recorded_at: Generated<Date>;
}
export interface ReferralEventsTable {
  item_id: string;
  seq: number;
  status: ReferralStatus;
  occurred_at: Timestamp;
  care_start_by: string | null;
  forwarded_to: string | null;
  recorded_at: Generated<Date>;
}
export interface RecordObservationsTable {
  id: Generated<string>;
  item_id: string;
  citizen_id: string;
  position: number;
  code: string;
  code_system: string | null;
  display: string;
  value_num: number | null;
  /** FHIR Quantity.comparator of the value: `<`, `<=`, `>=`, `>`, or null. */
  comparator: Comparator | null;
  value_text: string | null;
  unit: string | null;
  ref_low: number | null;
  ref_high: number | null;
  ref_text: string | null;
  interpretation: string | null;
  effective_at: Timestamp;
}
export interface RecordReadsTable {
  item_id: string;
  person_id: string;
  read_at: Generated<Date>;
}

export interface RecordThreadLinksTable {
  thread_id: string;
  item_id: string;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    record_thread_links: RecordThreadLinksTable;
    record_unit_settings: RecordUnitSettingsTable;
    record_release_policies: RecordReleasePoliciesTable;
    record_binaries: RecordBinariesTable;
    record_items: RecordItemsTable;
    record_item_versions: RecordItemVersionsTable;
    referral_events: ReferralEventsTable;
    record_observations: RecordObservationsTable;
    record_reads: RecordReadsTable;
  }
}
