/** Kysely table types. Kept by hand next to the migrations; column names as in SQL. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type UnitKind = 'gp_office' | 'hospital_department' | 'home_care' | 'other';
export type StaffRole = 'doctor' | 'nurse' | 'secretary' | 'coordinator';
export type ContactSource = 'gp_list' | 'care_right' | 'municipal_service' | 'manual';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  org_number: string | null;
  /** The organisation above (a region over a trust); null at the top. */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  level: Generated<'region' | 'trust' | 'organisation'>;
  created_at: Generated<Date>;
}
/** Leaders over an organisation: they see the statistics of every unit below it. */
export interface OrganisationLeadersTable {
  staff_id: string;
  organisation_id: string;
  created_at: Generated<Date>;
}
export interface UnitsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  kind: UnitKind;
  her_id: string | null;
  created_at: Generated<Date>;
}
export interface PersonsTable {
  id: Generated<string>;
  national_id: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  address_key: string | null;
  confidential_address: Generated<boolean>;
  phone: string | null;
  email: string | null;
  /** nb, nn, se or en; NULL: not chosen (bokmål). */
  preferred_language: string | null;
  created_at: Generated<Date>;
}
export interface StaffTable {
  id: Generated<string>;
  hpr_number: string;
  national_id: string | null;
  given_name: string;
  family_name: string;
  title: string;
  /** nb, nn, se or en; NULL: not chosen (bokmål). */
  preferred_language: string | null;
  created_at: Generated<Date>;
}
export interface StaffMembershipsTable {
  staff_id: string;
  unit_id: string;
  role: StaffRole;
  is_admin: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface HealthContactsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  source: ContactSource;
  gp_staff_id: string | null;
  started_at: Timestamp;
  ends_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface ParentalResponsibilitiesTable {
  parent_id: string;
  child_id: string;
  created_at: Generated<Date>;
}
export interface PowersOfAttorneyTable {
  id: Generated<string>;
  grantor_id: string;
  holder_id: string;
  areas: string[];
  valid_from: Timestamp;
  valid_until: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  created_at: Generated<Date>;
}
export interface SessionsTable {
  id_hash: string;
  kind: 'citizen' | 'staff';
  person_id: string | null;
  staff_id: string | null;
  acr: string | null;
  csrf_token: string;
  acting_for_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: NullableTimestamp;
}
export interface LoginAttemptsTable {
  id: string;
  kind: 'citizen' | 'staff';
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
  created_at: Timestamp;
}
export interface JobsTable {
  id: Generated<number>;
  queue: string;
  payload: Json<Record<string, unknown>>;
  idempotency_key: string | null;
  state: Generated<'ready' | 'running' | 'done' | 'dead'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Timestamp;
  locked_at: NullableTimestamp;
  locked_by: string | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

/** All tables. Modules add theirs by extending this interface (see DialogTables). */
export interface DB extends DialogTables {
  organisations: OrganisationsTable;
  organisation_leaders: OrganisationLeadersTable;
  units: UnitsTable;
  persons: PersonsTable;
  staff: StaffTable;
  staff_memberships: StaffMembershipsTable;
  health_contacts: HealthContactsTable;
  parental_responsibilities: ParentalResponsibilitiesTable;
  powers_of_attorney: PowersOfAttorneyTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  jobs: JobsTable;
}

// ---- Dialog ----
export type DialogKind = 'ekontakt' | 'ekonsultasjon' | 'fornyresept' | 'journalkopi' | 'standarddialog';
export type ThreadStatus = 'new' | 'in_progress' | 'answered' | 'closed';
export type Initiator = 'citizen' | 'unit' | 'both';

export interface UnitServicesTable {
  unit_id: string;
  service: string;
  enabled: boolean;
  initiator: Initiator;
  answer_days: number | null;
  intro_text: string | null;
  /** The service's texts in other languages: { nn: { intro }, se: …, en: … }; bokmål is intro_text. */
  texts: Json<Record<string, { intro?: string | null; topics?: string[] }>>;
  settings: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: string | null;
}
export interface StaffServiceSettingsTable {
  staff_id: string;
  unit_id: string;
  service: string;
  enabled: boolean;
  updated_at: Timestamp;
}
export interface ThreadsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  kind: DialogKind;
  topic: string;
  status: ThreadStatus;
  started_by: 'citizen' | 'unit';
  addressed_staff_id: string | null;
  assigned_staff_id: string | null;
  due_at: NullableTimestamp;
  replies_allowed: Generated<boolean>;
  answered_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  conversion_kind: 'ekonsultasjon' | null;
  conversion_state: 'pending' | 'accepted' | 'declined' | null;
  conversion_at: NullableTimestamp;
  collect_method: string | null;
  citizen_unread: Generated<number>;
  unit_unread: Generated<number>;
  created_at: Timestamp;
  last_message_at: Timestamp;
  /** The seq of the thread's last message (the next one gets this + 1). */
  last_seq: Generated<number>;
  /**
   * The thread's search words (tsvector: topic, patient's name, every message's text; migration
   * 20261211T0900). Kept by triggers and by insertMessage; read only by the inbox searches.
   */
  search_tsv: Generated<string>;
}
export interface MessagesTable {
  id: Generated<string>;
  thread_id: string;
  citizen_id: string;
  unit_id: string;
  seq: number;
  author_kind: 'citizen' | 'staff' | 'system';
  author_person_id: string | null;
  on_behalf_of_id: string | null;
  author_staff_id: string | null;
  text: string;
  important: Generated<boolean>;
  created_at: Timestamp;
  delivered_at: Timestamp;
  read_at: NullableTimestamp;
  read_by_staff_id: string | null;
  read_by_person_id: string | null;
  /** The thread's service kind when the message was written; set by a trigger (statistics). */
  kind: Generated<string | null>;
}
export interface AttachmentsTable {
  id: Generated<string>;
  message_id: string;
  thread_id: string;
  citizen_id: string;
  filename: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  data: Buffer;
  created_at: Generated<Date>;
}
export interface ThreadNotesTable {
  id: Generated<string>;
  thread_id: string;
  unit_id: string;
  staff_id: string;
  text: string;
  created_at: Generated<Date>;
}
export interface PrescriptionsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  medication: string;
  strength: string | null;
  dosage: string | null;
  prescribed_at: Timestamp;
  active: Generated<boolean>;
  external_id: string | null;
  created_at: Generated<Date>;
}
export interface RenewalItemsTable {
  id: Generated<string>;
  thread_id: string;
  prescription_id: string;
  medication: string;
  decision: Generated<'pending' | 'renewed' | 'declined'>;
  reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
}
export interface BillingLinesTable {
  id: Generated<string>;
  thread_id: string;
  citizen_id: string;
  unit_id: string;
  staff_id: string | null;
  code: string;
  amount_nok: ColumnType<string, string | number, string | number>;
  /** Set when the patient paid nothing: 'under_16' or 'frikort' (core/src/fees.ts). */
  exempt_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The consultation date (Europe/Oslo) the fee was decided on. */
  consultation_date: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}
export interface FeeExemptionsTable {
  id: Generated<string>;
  citizen_id: string;
  kind: 'frikort';
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string, string, string>;
  created_at: Generated<Date>;
}
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  response: Json<unknown>;
  created_at: Generated<Date>;
}
export interface AuditEventsTable {
  id: Generated<number>;
  at: Timestamp;
  citizen_id: string | null;
  actor_kind: 'staff' | 'citizen' | 'representative' | 'system' | 'epj';
  actor_staff_id: string | null;
  actor_person_id: string | null;
  actor_name: string;
  actor_role: string | null;
  unit_id: string | null;
  unit_name: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  reason: string | null;
  prev_hash: string | null;
  hash: string;
}

/** Per access-log chain ('' = the system chain): the newest entry that retention removed. */
export interface AuditAnchorsTable {
  chain: string;
  anchor_id: ColumnType<number, number | bigint, number | bigint>;
  anchor_hash: string;
  archived_entries: ColumnType<number, number | bigint, number | bigint>;
  archived_at: Timestamp;
}

/** Dialog tables. */
export interface DialogTables {
  unit_services: UnitServicesTable;
  staff_service_settings: StaffServiceSettingsTable;
  threads: ThreadsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  thread_notes: ThreadNotesTable;
  prescriptions: PrescriptionsTable;
  renewal_items: RenewalItemsTable;
  billing_lines: BillingLinesTable;
  fee_exemptions: FeeExemptionsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_events: AuditEventsTable;
  audit_anchors: AuditAnchorsTable;
}
