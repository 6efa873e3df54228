/** Kysely table types of the appointments module, merged into the app's DB interface. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type AppointmentType = 'in_person' | 'video' | 'phone' | 'home_visit';
export type SlotStatus = 'open' | 'offered' | 'booked' | 'withdrawn' | 'blocked';
/** The patient's answer to an appointment. */
export type AppointmentAnswer = 'confirm' | 'change' | 'video' | 'phone' | 'not_needed';
export type AppointmentStatus = 'booked' | 'cancelled' | 'completed' | 'not_attended';

export interface TimebooksTable {
  id: Generated<string>;
  unit_id: string;
  kind: 'clinician' | 'resource';
  staff_id: string | null;
  name: string;
  default_type: Generated<AppointmentType>;
  location: string | null;
  directions: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface SlotPatternsTable {
  id: Generated<string>;
  timebook_id: string;
  unit_id: string;
  weekdays: number[];
  start_time: string;
  end_time: string;
  slot_minutes: number;
  from_date: string;
  until_date: string;
  type: AppointmentType;
  created_by: string | null;
  created_at: Generated<Date>;
}
export interface SlotsTable {
  id: Generated<string>;
  timebook_id: string;
  unit_id: string;
  pattern_id: string | null;
  /** The timebook's clinician, set by a trigger (for the no-overlap-per-clinician constraint). */
  staff_id: Generated<string | null>;
  /** Made to hold an appointment at a free time: withdrawn, not published, when freed. */
  holds_appointment: Generated<boolean>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  type: AppointmentType;
  status: Generated<SlotStatus>;
  /** An absence block (status 'blocked'): why, for staff. */
  block_reason: Generated<string | null>;
  created_by: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface AppointmentRequestsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  requested_by: string;
  text: string;
  preferred_times: Json<{ date: string; partOfDay: string }[]>;
  status: Generated<'open' | 'offered' | 'assigned' | 'declined' | 'withdrawn'>;
  answer_text: string | null;
  answered_by: string | null;
  answered_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface AppointmentsTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  timebook_id: string | null;
  slot_id: string | null;
  staff_id: string | null;
  request_id: string | null;
  title: string;
  type: AppointmentType;
  starts_at: Timestamp;
  ends_at: Timestamp;
  location: string | null;
  directions: string | null;
  video_url: string | null;
  reason: string | null;
  note: string | null;
  status: Generated<AppointmentStatus>;
  source: 'citizen_booking' | 'unit' | 'request' | 'waitlist';
  booked_by_person_id: string | null;
  created_by_staff_id: string | null;
  cancelled_at: NullableTimestamp;
  cancelled_by: 'citizen' | 'unit' | null;
  cancel_reason: string | null;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  /** Did not attend (ikke møtt): marked by staff from the start time on (migration 20261209T1200). */
  not_attended_at: NullableTimestamp;
  not_attended_by: string | null;
  thread_id: string | null;
  answer: Generated<AppointmentAnswer | null>;
  answer_text: Generated<string | null>;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  answered_by_person_id: Generated<string | null>;
  /** Staff have acted on an answer that asks for something (null: waiting). */
  answer_handled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  answer_handled_by: Generated<string | null>;
  checked_in_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface AppointmentAnswerOptionsTable {
  unit_id: string;
  appointment_type: AppointmentType;
  confirm: Generated<boolean>;
  change: Generated<boolean>;
  channel: Generated<boolean>;
  not_needed: Generated<boolean>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}
export interface AppointmentUnitOptionsTable {
  unit_id: string;
  check_in: Generated<boolean>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}
export interface WaitlistEntriesTable {
  id: Generated<string>;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  timebook_id: string | null;
  appointment_id: string | null;
  status: Generated<'waiting' | 'offered' | 'fulfilled' | 'withdrawn'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SlotOffersTable {
  id: Generated<string>;
  slot_id: string;
  citizen_id: string;
  unit_id: string;
  contact_id: string;
  source: 'waitlist' | 'request';
  waitlist_id: string | null;
  request_id: string | null;
  status: Generated<'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn'>;
  expires_at: Timestamp;
  answered_at: NullableTimestamp;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    timebooks: TimebooksTable;
    slot_patterns: SlotPatternsTable;
    slots: SlotsTable;
    appointment_requests: AppointmentRequestsTable;
    appointments: AppointmentsTable;
    waitlist_entries: WaitlistEntriesTable;
    slot_offers: SlotOffersTable;
    appointment_answer_options: AppointmentAnswerOptionsTable;
    appointment_unit_options: AppointmentUnitOptionsTable;
  }
}
