/** Table types of the notify module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ChannelChoice = 'sms' | 'email' | 'both';
export type Channel = 'sms' | 'email';

export interface NotificationSettingsTable {
  person_id: string;
  channel: ChannelChoice;
  reminders: boolean;
  visits: boolean;
  updated_at: Timestamp;
}
export interface NotificationsTable {
  id: Generated<string>;
  idempotency_key: string;
  person_id: string;
  citizen_id: string;
  kind: string;
  channel: Channel;
  state: 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: Generated<number>;
  provider_id: string | null;
  reason: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}
export interface DevMailboxTable {
  id: Generated<number>;
  channel: Channel;
  to_address: string;
  subject: string | null;
  body: string;
  reference: string;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    notification_settings: NotificationSettingsTable;
    notifications: NotificationsTable;
    dev_mailbox: DevMailboxTable;
  }
}
