/** Table types of the campaigns module (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type CampaignState = 'draft' | 'running' | 'paused' | 'done' | 'cancelled';
export type CampaignSource = 'waitlist' | 'service' | 'list';
export type RecipientState = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface CampaignTemplatesTable {
  id: Generated<string>;
  unit_id: string;
  name: string;
  topic: string;
  body: string;
  question: string | null;
  choices: Json<string[]>;
  created_at: Generated<Date>;
}
export interface CampaignsTable {
  id: Generated<string>;
  unit_id: string;
  template_id: string | null;
  name: string;
  kind: string;
  topic: string;
  body: string;
  question: string | null;
  choices: Json<string[]>;
  source: CampaignSource;
  state: Generated<CampaignState>;
  reminder_days: number;
  paper_after_days: number;
  created_by_staff_id: string;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  runs: Generated<number>;
}
export interface CampaignRecipientsTable {
  id: Generated<string>;
  campaign_id: string;
  citizen_id: string;
  contact_id: string;
  ordinal: number;
  digital: boolean;
  state: Generated<RecipientState>;
  reason: string | null;
  thread_id: string | null;
  message_id: string | null;
  sent_at: NullableTimestamp;
  answer: 'choice' | 'text' | null;
  answer_choice: string | null;
  answer_text: string | null;
  answered_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  paper_printed_at: NullableTimestamp;
}
export interface UnitUnreadRulesTable {
  unit_id: string;
  kind: 'message' | 'letter';
  days: number;
  to_paper: boolean;
  updated_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    campaign_templates: CampaignTemplatesTable;
    campaigns: CampaignsTable;
    campaign_recipients: CampaignRecipientsTable;
    unit_unread_rules: UnitUnreadRulesTable;
  }
}
