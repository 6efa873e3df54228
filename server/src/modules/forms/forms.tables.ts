/** Table types of the forms module (merged into DB). */
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes';
import type { ColumnType, Generated } from 'kysely';
import type { Questionnaire } from './questionnaire.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface FormsTable {
  id: Generated<string>;
  unit_id: string;
  url: string;
  title: string;
  purpose: Generated<'general' | 'triage'>;
  retired_at: NullableTimestamp;
  retired_by: string | null;
  created_at: Generated<Date>;
}

export interface FormVersionsTable {
  id: Generated<string>;
  form_id: string;
  seq: number;
  version: string;
  /** The Questionnaire as imported (it passed questionnaireProblems). */
  questionnaire: Json<Questionnaire>;
  imported_by: string | null;
  created_at: Generated<Date>;
  /**
   * When the form was retired with this version (migration 20261213T1000): its requests stay
   * closed though the form's url is imported again (which clears `forms.retired_at`).
   */
  retired_at: NullableTimestamp;
}

export interface FormRequestsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  form_id: string;
  version_id: string;
  sent_by: string | null;
  message: string | null;
  appointment_id: string | null;
  due_at: NullableTimestamp;
  opened_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  submitted_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface Score {
  linkId: string;
  text: string;
  value: number | string | boolean | null;
}

export interface Recommendation {
  channel: 'written' | 'phone' | 'video' | 'in_person';
  /** The rule that decided (triage.ts TRIAGE_RULES); absent in responses stored before it was kept. */
  ruleId?: 'urgent' | 'exam' | 'new-and-short' | 'preference' | 'default';
  rule: string;
}

export interface FormResponsesTable {
  id: Generated<string>;
  request_id: string | null;
  version_id: string;
  citizen_id: string;
  unit_id: string;
  thread_id: string | null;
  status: 'in-progress' | 'completed';
  /** QuestionnaireResponse.item, as checked by checkResponse. */
  items: Json<QuestionnaireResponseItem[]>;
  scores: Json<Score[]>;
  recommendation: NullableJson<Recommendation>;
  author_person_id: string;
  submitted_by_person_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
}

export interface ServiceFormsTable {
  unit_id: string;
  service: 'ekontakt' | 'ekonsultasjon' | 'standarddialog';
  form_id: string;
  created_at: Generated<Date>;
}

/**
 * A file attached to a form's answers (migrations 20261209T1000, 20261210T0800): uploaded for a
 * sent form (`request_id`) and, once a submitted response names it, tied to that response
 * (`response_id`); a service's form has no request, its files only the response.
 */
export interface FormAttachmentsTable {
  id: Generated<string>;
  request_id: string | null;
  response_id: string | null;
  citizen_id: string;
  uploaded_by_person_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    forms: FormsTable;
    form_versions: FormVersionsTable;
    form_requests: FormRequestsTable;
    form_responses: FormResponsesTable;
    service_forms: ServiceFormsTable;
    form_attachments: FormAttachmentsTable;
  }
}
