/** Dialog: services, message kinds, and the request bodies both the server and web forms validate. */
import { z } from 'zod';
import {
  ATTACHMENT_TYPES,
  AWAITING_ANSWER,
  DIALOG_KINDS,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_TEXT,
  MAX_TOPIC,
  SERVICES,
  THREAD_STATUSES,
  awaitsAnswer,
  unitMayStart,
} from './constants.ts';

export { ATTACHMENT_TYPES, AWAITING_ANSWER, DIALOG_KINDS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_TEXT, MAX_TOPIC, SERVICES, awaitsAnswer, unitMayStart };

export const ServiceSchema = z.enum(SERVICES);
export type Service = z.infer<typeof ServiceSchema>;

export const DialogKindSchema = z.enum(DIALOG_KINDS);
export type DialogKind = z.infer<typeof DialogKindSchema>;

export const ThreadStatusSchema = z.enum(THREAD_STATUSES);
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;
export const InitiatorSchema = z.enum(['citizen', 'unit', 'both']);
/** Message text: trimmed, not empty, not longer than MAX_TEXT. */
export const MessageTextSchema = z
  .string()
  .transform((s) => s.replace(/\r\n/g, '\n').trim())
  .pipe(z.string().min(1, 'The message is empty. Write what you want to say.').max(MAX_TEXT, `The message is too long: at most ${MAX_TEXT} characters.`));

export const TopicSchema = z.string().trim().min(1, 'Choose or write a topic.').max(MAX_TOPIC, `The topic is too long: at most ${MAX_TOPIC} characters.`);

/** How a renewed prescription is collected. */
export const CollectMethodSchema = z.enum(['e_resept_pharmacy', 'pickup_at_office', 'mail']);

/**
 * A citizen starts a thread (fields of the multipart form or JSON body). `topicId`: one of the
 * unit's topics for the service (its guidance was shown; it may route to a role pool); the topic
 * then is the topic's own label.
 */
export const NewCitizenThreadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ekontakt'), topic: TopicSchema, topicId: z.uuid().optional(), text: MessageTextSchema }),
  z.object({ kind: z.literal('ekonsultasjon'), topic: TopicSchema, topicId: z.uuid().optional(), text: MessageTextSchema }),
  z.object({ kind: z.literal('standarddialog'), topic: TopicSchema, topicId: z.uuid().optional(), text: MessageTextSchema }),
  z.object({
    kind: z.literal('fornyresept'),
    prescriptionIds: z.array(z.uuid()).min(1, 'Choose at least one prescription to renew.').max(20),
    collectMethod: CollectMethodSchema,
    text: z.string().trim().max(1000, 'The note is too long: at most 1000 characters.').optional(),
  }),
  z.object({ kind: z.literal('journalkopi') }).strict(),
]);
export type NewCitizenThread = z.infer<typeof NewCitizenThreadSchema>;

export const ReplySchema = z.object({ text: MessageTextSchema });

/** Staff start a thread with a citizen of the unit. */
export const NewStaffThreadSchema = z.object({
  contactId: z.uuid(),
  kind: DialogKindSchema.exclude(['journalkopi', 'fornyresept']),
  topic: TopicSchema,
  text: MessageTextSchema,
  important: z.boolean().optional(),
});

export const StaffReplySchema = z.object({
  text: MessageTextSchema,
  /** Answer and close: no further replies. */
  close: z.boolean().optional(),
  important: z.boolean().optional(),
  /**
   * Send as *the answer* (core's answerRule): sets the thread answered and, in an e-konsultasjon,
   * records the fee. Left out: the answer when the role can give it (a doctor), else a message
   * that keeps the thread open. Only roles that can give an e-konsultasjon may answer one.
   */
  asAnswer: z.boolean().optional(),
  /**
   * The thread's version (ThreadSummary.version) the writer saw. When the thread has had a message
   * since, the reply is refused with 409 THREAD_CHANGED, so the writer can read it first.
   */
  expectedVersion: z.number().int().min(0).optional(),
});

export const NoteSchema = z.object({ text: MessageTextSchema });

/** One action on many threads of a unit at once (the inbox's bulk actions). */
export const BulkThreadsSchema = z
  .object({
    action: z.enum(['assign', 'close', 'mark_read']),
    threadIds: z.array(z.uuid()).min(1, 'Choose at least one conversation.').max(100, 'At most 100 conversations at a time.'),
    /** assign: the colleague, or null to unassign. */
    staffId: z.uuid().nullable().optional(),
  })
  .refine((v) => v.action !== 'assign' || v.staffId !== undefined, { message: 'Choose whom to assign the conversations to.', path: ['staffId'] });
export const BulkResultSchema = z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), code: z.string().optional() })) });
export type BulkResult = z.infer<typeof BulkResultSchema>;
export const AssignSchema = z.object({ staffId: z.uuid().nullable() });
export const ReclassifySchema = z.object({ kind: DialogKindSchema.exclude(['journalkopi', 'fornyresept']) });
export const CloseSchema = z.object({ forbidReplies: z.boolean().default(true) });
export const ConversionAnswerSchema = z.object({ accept: z.boolean() });
export const RenewalDecisionSchema = z.object({
  decisions: z
    .array(z.object({ itemId: z.uuid(), decision: z.enum(['renewed', 'declined']), reason: z.string().trim().max(300).optional() }))
    .min(1, 'Decide at least one item.'),
  text: MessageTextSchema.optional(),
});

/** A unit's intro text in the other languages (bokmål is `introText`); null or absent: shown in bokmål, marked so. */
export const IntroTextsSchema = z.object({
  nn: z.string().trim().max(1000).nullable().optional(),
  se: z.string().trim().max(1000).nullable().optional(),
  en: z.string().trim().max(1000).nullable().optional(),
});
export type IntroTexts = z.infer<typeof IntroTextsSchema>;

export const ServiceSettingsSchema = z.object({
  enabled: z.boolean(),
  initiator: InitiatorSchema,
  answerDays: z.number().int().min(0).max(60).nullable(),
  introText: z.string().trim().max(1000).nullable(),
  /** The intro text in nynorsk, Sami and English; absent: left as it was. */
  introTexts: IntroTextsSchema.optional(),
  topics: z.array(z.string().trim().min(1).max(MAX_TOPIC)).max(30),
  declineReasons: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
});
export type ServiceSettings = z.infer<typeof ServiceSettingsSchema>;
export const MyServiceSchema = z.object({ enabled: z.boolean() });

/** Standard reasons to decline a renewal, when the unit has not set its own. */
export const DEFAULT_DECLINE_REASONS = [
  'Du må komme til kontroll før resepten kan fornyes.',
  'Legemiddelet er ikke lenger aktuelt.',
  'Resepten er allerede gyldig.',
  'Dette må vurderes i en konsultasjon.',
];
