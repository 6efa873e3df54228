/** Response shapes of the dialog API. */
import { z } from 'zod';
import { UNIT_UNREAD_CAP } from './constants.ts';

export { UNIT_UNREAD_CAP };
import { DialogKindSchema, IntroTextsSchema, ServiceSchema, ThreadStatusSchema, InitiatorSchema } from './dialog.ts';
import { FeeDecisionSchema, FeeExemptReasonSchema } from './fees.ts';
import { OfferedTopicSchema, ThreadEscalationSchema } from './dialog-rules.ts';
import { RecordKindSchema } from './records.ts';

export const AttachmentMetaSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() });

export const MessageSchema = z.object({
  id: z.string(),
  seq: z.number(),
  author: z.object({
    kind: z.enum(['citizen', 'staff', 'system']),
    name: z.string(),
    onBehalfOf: z.string().nullable(),
    role: z.string().nullable(),
  }),
  /** True when the message was written by the side that is reading it. */
  mine: z.boolean(),
  text: z.string(),
  important: z.boolean(),
  createdAt: z.string(),
  deliveredAt: z.string(),
  readAt: z.string().nullable(),
  attachments: z.array(AttachmentMetaSchema),
});
export type DialogMessage = z.infer<typeof MessageSchema>;

export const ThreadSummarySchema = z.object({
  id: z.string(),
  kind: DialogKindSchema,
  topic: z.string(),
  status: ThreadStatusSchema,
  startedBy: z.enum(['citizen', 'unit']),
  unit: z.object({ id: z.string(), name: z.string() }),
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }).optional(),
  assignedTo: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  /** Staff side: the role pool a thread is addressed to (a flexible dialog or a topic addressed to a role). */
  addressedRole: z.string().nullable().optional(),
  /** The unit topic the thread was started with (null: own words or started otherwise). */
  topicId: z.string().nullable().optional(),
  /** Citizen side: the viewer archived the thread (it is back in the list once a newer message arrives). */
  archived: z.boolean().optional(),
  /** Staff side: the thread's version (its last message number); a reply may name it (StaffReplySchema.expectedVersion). */
  version: z.number().optional(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  unread: z.number(),
  repliesAllowed: z.boolean(),
  conversion: z.object({ kind: z.literal('ekonsultasjon'), state: z.enum(['pending', 'accepted', 'declined']) }).nullable(),
  /** Staff inbox: messages of the thread not yet in the record — on their way, or rejected/dead (null: all documented or none journaled). */
  journal: z.enum(['pending', 'problem']).nullable().optional(),
});
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;

export const ThreadPageSchema = z.object({ items: z.array(ThreadSummarySchema), nextCursor: z.string().nullable() });
export type ThreadPage = z.infer<typeof ThreadPageSchema>;

/** GET /api/staff/units/{id}/members: colleagues in the unit (for assignment). */
export const UnitMembersSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), title: z.string() })) });
export type UnitMember = z.infer<typeof UnitMembersSchema>['items'][number];

/** GET /api/staff/units/{id}/patients: the unit's patients found by name or national id. */
export const UnitPatientsSchema = z.object({
  items: z.array(z.object({ contactId: z.string(), citizenId: z.string(), name: z.string(), birthDate: z.string(), status: z.enum(['active', 'previous']) })),
});
export type PatientHit = z.infer<typeof UnitPatientsSchema>['items'][number];

export const RenewalSchema = z.object({
  collectMethod: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      medication: z.string(),
      decision: z.enum(['pending', 'renewed', 'declined']),
      reason: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  declineReasons: z.array(z.string()).optional(),
});

export const ThreadDetailSchema = ThreadSummarySchema.extend({
  /** The health contact the thread belongs to. */
  contactId: z.string(),
  messages: z.array(MessageSchema),
  renewal: RenewalSchema.nullable(),
  notes: z.array(z.object({ id: z.string(), author: z.string(), text: z.string(), createdAt: z.string() })).optional(),
  /** Staff side: the recorded fee line (exemptReason set when the patient paid nothing). */
  billing: z.object({ code: z.string(), amountNok: z.string(), exemptReason: FeeExemptReasonSchema.nullable(), createdAt: z.string() }).nullable().optional(),
  /** The e-konsultasjon fee (core's consultationFee): as recorded once answered, else as it stands today; null for other kinds. */
  fee: FeeDecisionSchema.nullable(),
  /** A thread started through a flexible dialog: when the dialog ends (or ended), and whether it has. */
  flexible: z.object({ until: z.string(), ended: z.boolean() }).nullable().optional(),
  /** Staff side: a clinician hid this thread from the patient's parents. */
  hiddenFromParents: z.boolean().optional(),
  /** Staff side: every escalation of the thread's promised answer date (dueAt), oldest first. */
  escalations: z.array(ThreadEscalationSchema).optional(),
  /** A thread started with "ask about this" (issue 21): the record item it is about, while the item is not withdrawn. */
  about: z.object({ recordId: z.string(), kind: RecordKindSchema, title: z.string() }).nullable().optional(),

});
export type ThreadDetail = z.infer<typeof ThreadDetailSchema>;

/**
 * The answer to a reply in a conversation: the new message and the conversation as it now stands,
 * without its earlier messages (the client has them; GET the thread for all of it).
 */
export const MessageSentSchema = z.object({ thread: ThreadSummarySchema.extend({ contactId: z.string() }), message: MessageSchema });
export type MessageSent = z.infer<typeof MessageSentSchema>;

export const OfferedServiceSchema = z.object({
  service: ServiceSchema,
  canStart: z.boolean(),
  answerDays: z.number().nullable(),
  introText: z.string().nullable(),
  /** The intro text per language; the web falls back to introText (bokmål), marked as such. */
  introTexts: IntroTextsSchema,
  topics: z.array(z.string()),
  /** The topics with their texts per language and guidance (send the chosen one's id as topicId). */
  topicItems: z.array(OfferedTopicSchema).optional(),
  /** What this service costs the patient acted for, today (core's consultationFee). */
  fee: FeeDecisionSchema,
  /**
   * A flexible dialog granted to the signed-in person in this contact: usable until `until`,
   * addressed to `addressedTo` (a person's name, or a role), whatever the unit's catalogue says.
   */
  flexible: z.object({ until: z.string(), addressedTo: z.string().nullable(), addressedRole: z.string().nullable() }).nullable().optional(),
});
export const OfferedServicesSchema = z.object({
  contactId: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  active: z.boolean(),
  items: z.array(OfferedServiceSchema),
});

export const UnitServiceSchema = z.object({
  service: ServiceSchema,
  enabled: z.boolean(),
  initiator: InitiatorSchema,
  answerDays: z.number().nullable(),
  introText: z.string().nullable(),
  introTexts: IntroTextsSchema,
  topics: z.array(z.string()),
  declineReasons: z.array(z.string()),
  /** For a doctor in a GP office: their own switch for their list (null: follows the unit). */
  mine: z.boolean().nullable(),
  /** For a unit administrator: each GP's own switch for their list, where one is set. */
  overrides: z.array(z.object({ staffId: z.string(), name: z.string(), enabled: z.boolean() })).optional(),
});
export const UnitServicesSchema = z.object({ items: z.array(UnitServiceSchema) });

export const PrescriptionListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), medication: z.string(), strength: z.string().nullable(), dosage: z.string().nullable(), prescribedAt: z.string() }),
  ),
});

/** How many conversations have unread messages; a unit's count stops at UNIT_UNREAD_CAP (`capped`: there are more). */
export const UnreadSchema = z.object({ unread: z.number(), capped: z.boolean() });
export type Unread = z.infer<typeof UnreadSchema>;
