/** Table types of the journal module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export type JournalProtocol = 'fhir' | 'kith';
/** http; amqp = AMQP 0-9-1 (amqplib, a broker of our own); amqp1 = AMQP 1.0 with the national bus's conventions. */
export type JournalTransport = 'http' | 'amqp' | 'amqp1';
export type JournalStatus = 'waiting' | 'sending' | 'documented' | 'rejected' | 'dead';

/** OAuth2 client credentials for a FHIR EPJ (token endpoint, client id and secret, optional scope). */
export interface EpjAuth {
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}
/** Addressing of KITH messages: our own HER-id and the receiver's, when the unit's is not used. */
export interface EpjSettings {
  senderName?: string;
  senderHerId?: string;
  receiverHerId?: string;
}

/** The receipt of the EPJ, normalised from AppRec or a FHIR response. */
export interface JournalReceipt {
  status: 'ok' | 'rejected' | 'partial';
  errors: { code: string; text: string }[];
  receivedAt: string;
  /** The EPJ's own id of the documented item, when it says (FHIR Location). */
  epjId?: string;
}

export interface EpjEndpointsTable {
  unit_id: string;
  protocol: JournalProtocol;
  transport: Generated<JournalTransport>;
  url: string;
  queue: string | null;
  reply_queue: string | null;
  auth: Json<EpjAuth>;
  settings: Json<EpjSettings>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface JournalItemsTable {
  id: Generated<string>;
  unit_id: string;
  citizen_id: string;
  thread_id: string | null;
  order_key: string;
  seq: number;
  object_type: string;
  object_id: string;
  event_type: string;
  dedupe_key: string;
  protocol: JournalProtocol;
  status: Generated<JournalStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: NullableTimestamp;
  last_error: string | null;
  receipt: NullableJson<JournalReceipt>;
  /** The object's state at the event (appointments), so each item tells its own event. */
  snapshot: NullableJson<AppointmentSnapshot>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  documented_at: NullableTimestamp;
}

/** An appointment as it was at a journaled event (dates as ISO strings). */
export interface AppointmentSnapshot {
  title: string;
  type: 'in_person' | 'video' | 'phone' | 'home_visit';
  status: 'booked' | 'cancelled' | 'completed' | 'not_attended';
  startsAt: string;
  endsAt: string;
  location: string | null;
  cancelledBy: 'citizen' | 'unit' | null;
  cancelReason: string | null;
  /** The patient's answer at an appointment.answered event (absent in items from before answers). */
  answer?: 'confirm' | 'change' | 'video' | 'phone' | 'not_needed' | null;
  answerText?: string | null;
  /** The timebook the appointment is in (absent in items from before moves between timebooks). */
  timebook?: string | null;
  /** When the patient checked in on arrival (absent in items from before check-in was journaled). */
  checkedInAt?: string | null;
}
export interface DevEpjInboxTable {
  id: Generated<number>;
  stable_id: string;
  protocol: string;
  transport: Generated<string>;
  message_type: string | null;
  conversation: string | null;
  patient: string | null;
  answer: string;
  body: string;
  received_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    epj_endpoints: EpjEndpointsTable;
    journal_items: JournalItemsTable;
    dev_epj_inbox: DevEpjInboxTable;
  }
}
