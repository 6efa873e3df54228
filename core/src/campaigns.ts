/**
 * Dialog to many (utsendelse): one message from a unit to many patients, with an optional
 * question and answer choices, sent as one normal thread per patient (docs/campaigns.md). The
 * shapes both the server and the web use.
 */
import { z } from 'zod';
import { MAX_TEXT, MAX_TOPIC } from './dialog.ts';

export const MAX_CAMPAIGN_LIST = 5000;
export const MAX_CHOICES = 6;
export const MAX_CHOICE_LENGTH = 60;

/** How a national id pasted into a recipient list was judged, line by line. */
export const RECIPIENT_LINE_STATUSES = ['ok', 'not_digital', 'malformed', 'unknown', 'no_contact', 'duplicate'] as const;
export type RecipientLineStatus = (typeof RECIPIENT_LINE_STATUSES)[number];
/** Lines that can be sent to (not digital: on the paper list). */
export const SENDABLE_LINE: ReadonlySet<RecipientLineStatus> = new Set(['ok', 'not_digital']);

export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'done', 'cancelled'] as const;
export type CampaignStateName = (typeof CAMPAIGN_STATES)[number];
export const CONTACT_SOURCES = ['gp_list', 'care_right', 'municipal_service', 'manual'] as const;

/** The recipients: a waiting list, active contacts (with a given service), or a pasted list of national ids. */
export const CampaignSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('waitlist'), timebookId: z.uuid().optional() }),
  z.object({ type: z.literal('service'), contactSource: z.enum(CONTACT_SOURCES).optional() }),
  z.object({ type: z.literal('list'), nationalIds: z.array(z.string().max(40)).max(MAX_CAMPAIGN_LIST) }),
]);
export type CampaignSource = z.infer<typeof CampaignSourceSchema>;

/** The message: text may be empty here so the server answers CAMPAIGN_TEXT_MISSING, not a generic validation error. */
const MessageFields = {
  topic: z.string().trim().max(MAX_TOPIC),
  body: z.string().max(MAX_TEXT),
  question: z.string().trim().max(300).nullable().optional(),
  choices: z.array(z.string().trim().min(1).max(MAX_CHOICE_LENGTH)).max(MAX_CHOICES).default([]),
};

export const CampaignTemplateInputSchema = z.object({ name: z.string().trim().min(1).max(100), ...MessageFields });
export type CampaignTemplateInput = z.infer<typeof CampaignTemplateInputSchema>;

export const NewCampaignSchema = z.object({
  name: z.string().trim().min(1).max(100),
  templateId: z.uuid().nullable().optional(),
  kind: z.enum(['ekontakt', 'standarddialog']),
  ...MessageFields,
  source: CampaignSourceSchema,
  reminderDays: z.number().int().min(1).max(60).default(7),
  paperAfterDays: z.number().int().min(1).max(60).default(14),
});
export type NewCampaign = z.infer<typeof NewCampaignSchema>;

export const RecipientCheckSchema = z.object({ nationalIds: z.array(z.string().max(40)).max(MAX_CAMPAIGN_LIST) });
export const RecipientLineSchema = z.object({
  line: z.number().int(),
  input: z.string(),
  status: z.enum(RECIPIENT_LINE_STATUSES),
  name: z.string().nullable(),
});
export type RecipientLine = z.infer<typeof RecipientLineSchema>;

export const CampaignProgressSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  /** Stored and journaled, notification not yet accepted by a gateway. */
  stored: z.number().int(),
  /** Stored and the notification accepted by the SMS gateway or SMTP server: "sent" to staff. */
  notified: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  read: z.number().int(),
  answered: z.number().int(),
  paper: z.number().int(),
});
export type CampaignProgress = z.infer<typeof CampaignProgressSchema>;

export const CampaignSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  kind: z.string(),
  topic: z.string(),
  body: z.string(),
  question: z.string().nullable(),
  choices: z.array(z.string()),
  source: z.enum(['waitlist', 'service', 'list']),
  state: z.enum(CAMPAIGN_STATES),
  reminderDays: z.number().int(),
  paperAfterDays: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: CampaignProgressSchema,
  failures: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});
export type Campaign = z.infer<typeof CampaignSchema>;

/** A recipient's delivery, as staff see it: never "sent" before the gateway accepted the notice. */
export const DELIVERY_STATES = ['queued', 'stored', 'notified', 'not_notified', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const ANSWER_KINDS = ['choice', 'text', 'none'] as const;

export const CampaignRecipientSchema = z.object({
  id: z.string(),
  ordinal: z.number().int(),
  name: z.string(),
  birthDate: z.string(),
  threadId: z.string().nullable(),
  delivery: z.enum(DELIVERY_STATES),
  reason: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  channels: z.array(z.enum(['sms', 'email'])),
  readAt: z.string().nullable(),
  answer: z.enum(ANSWER_KINDS),
  answerChoice: z.string().nullable(),
  answerText: z.string().nullable(),
  remindedAt: z.string().nullable(),
  paper: z.enum(['not_digital', 'unread']).nullable(),
});
export type CampaignRecipient = z.infer<typeof CampaignRecipientSchema>;

/** The citizen's answer in a campaign thread: one of the choices (buttons). */
export const CampaignAnswerSchema = z.object({ choice: z.string().trim().min(1).max(MAX_CHOICE_LENGTH) });

/** Per message, what staff see: stored (sent), notified (channel, time), read. */
export const MessageDeliverySchema = z.object({
  messageId: z.string(),
  storedAt: z.string(),
  notices: z.array(z.object({ channel: z.enum(['sms', 'email']), state: z.enum(['sending', 'sent', 'failed', 'skipped']), at: z.string().nullable(), reason: z.string().nullable() })),
  readAt: z.string().nullable(),
  state: z.enum(['stored', 'notified', 'not_notified', 'read']),
});
export type MessageDelivery = z.infer<typeof MessageDeliverySchema>;

/** The unit's rule for unread items, per kind. */
export const UNREAD_KINDS = ['message', 'letter'] as const;
export const UnreadRuleSchema = z.object({ kind: z.enum(UNREAD_KINDS), days: z.number().int().min(1).max(60), toPaper: z.boolean() });
export type UnreadRule = z.infer<typeof UnreadRuleSchema>;
export const DEFAULT_UNREAD_DAYS = 7;

/** A message template of the unit (GET/POST /api/staff/units/{id}/campaign-templates). */
export const CampaignTemplateSchema = z.object({ id: z.string(), name: z.string(), topic: z.string(), body: z.string(), question: z.string().nullable(), choices: z.array(z.string()) });
export type CampaignTemplate = z.infer<typeof CampaignTemplateSchema>;

/** One line of the unit's paper list: a recipient to reach on paper (not digital, or unread too long). */
export const PaperItemSchema = z.object({
  source: z.enum(['campaign', 'message', 'letter']),
  id: z.string(),
  campaignId: z.string().nullable(),
  citizenId: z.string(),
  name: z.string(),
  birthDate: z.string(),
  title: z.string(),
  reason: z.enum(['not_digital', 'unread']),
  sentAt: z.string().nullable(),
  printedAt: z.string().nullable(),
});
export type PaperItem = z.infer<typeof PaperItemSchema>;

/** A message or letter the citizen has not read within the unit's days (the not-read list). */
export const UnreadItemSchema = z.object({
  kind: z.enum(['message', 'letter']),
  id: z.string(),
  threadId: z.string().nullable(),
  citizenId: z.string(),
  name: z.string(),
  birthDate: z.string(),
  title: z.string(),
  sentAt: z.string(),
  days: z.number().int(),
  toPaper: z.boolean(),
});
export type UnreadItem = z.infer<typeof UnreadItemSchema>;
