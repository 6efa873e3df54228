/** Table types of the letters module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export interface LettersTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  sent_by: string | null;
  kind: 'template' | 'pdf';
  template: 'appointment_notice' | 'waiting_list' | 'general' | null;
  fields: Json<Record<string, string>>;
  title: string;
  body: string | null;
  pdf_filename: string | null;
  pdf_data: Buffer | null;
  pdf_size: number | null;
  pdf_sha256: string | null;
  important: Generated<boolean>;
  sent_at: Timestamp;
  read_at: NullableTimestamp;
  read_by_person_id: string | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    letters: LettersTable;
  }
}
