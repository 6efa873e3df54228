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
  created_at: Generated<Date>;
}
export interface StaffTable {
  id: Generated<string>;
  hpr_number: string;
  national_id: string | null;
  given_name: string;
  family_name: string;
  title: string;
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

/** All tables. */
export interface DB {
  organisations: OrganisationsTable;
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
