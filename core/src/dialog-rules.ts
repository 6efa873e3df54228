/**
 * Dialog rules shared by server and web: a unit's topics (texts per language, guidance, routing
 * to a role pool), out-of-office cover, escalation settings and a thread's escalations, staff
 * notices. docs/dialog-rules.md describes the rules.
 */
import { z } from 'zod';
import { ServiceSchema } from './dialog.ts';
import { StaffRoleSchema } from './schemas.ts';

export const TOPIC_LANGUAGES = ['nb', 'nn', 'en', 'se'] as const;
export type TopicLanguage = (typeof TOPIC_LANGUAGES)[number];

const TopicTextSchema = z.object({
  label: z.string().trim().min(1, 'Write the topic’s name.').max(120, 'The topic’s name is too long: at most 120 characters.'),
  guidance: z.string().trim().max(500, 'The guidance is too long: at most 500 characters.').nullable(),
});
/** A topic's texts: bokmål required, other languages optional (shown when present, else bokmål). */
export const TopicTextsSchema = z.object({
  nb: TopicTextSchema,
  nn: TopicTextSchema.optional(),
  en: TopicTextSchema.optional(),
  se: TopicTextSchema.optional(),
});
export type TopicTexts = z.infer<typeof TopicTextsSchema>;

/** The text of a topic in a language, falling back to bokmål. */
export function topicText(texts: TopicTexts, lang: string): { label: string; guidance: string | null } {
  return (TOPIC_LANGUAGES as readonly string[]).includes(lang) ? (texts[lang as TopicLanguage] ?? texts.nb) : texts.nb;
}

/** Create or change a topic (unit administrators). */
export const TopicInputSchema = z.object({
  service: ServiceSchema,
  texts: TopicTextsSchema,
  /** The role pool a thread on this topic is addressed to (null: the unit as usual). */
  rolePool: StaffRoleSchema.nullable(),
  position: z.number().int().min(0).max(1000).default(0),
  active: z.boolean().default(true),
});
export type TopicInput = z.infer<typeof TopicInputSchema>;

export const UnitTopicSchema = z.object({
  id: z.string(),
  service: ServiceSchema,
  texts: TopicTextsSchema,
  rolePool: StaffRoleSchema.nullable(),
  position: z.number(),
  active: z.boolean(),
});
export type UnitTopic = z.infer<typeof UnitTopicSchema>;
export const UnitTopicsSchema = z.object({ items: z.array(UnitTopicSchema) });

/** A topic as the citizen sees it when writing. */
export const OfferedTopicSchema = z.object({ id: z.string(), texts: TopicTextsSchema });
export type OfferedTopic = z.infer<typeof OfferedTopicSchema>;

/** An absence with its cover (out-of-office). */
export const NewAbsenceSchema = z
  .object({
    /** Whose absence: left out for one's own. A unit administrator may set a colleague's. */
    staffId: z.uuid().optional(),
    coverStaffId: z.uuid(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .refine((v) => new Date(v.endsAt).getTime() > new Date(v.startsAt).getTime(), { message: 'The absence must end after it starts.', path: ['endsAt'] });
export type NewAbsence = z.infer<typeof NewAbsenceSchema>;

export const AbsenceSchema = z.object({
  id: z.string(),
  staff: z.object({ id: z.string(), name: z.string() }),
  cover: z.object({ id: z.string(), name: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Now within the period. */
  current: z.boolean(),
});
export type Absence = z.infer<typeof AbsenceSchema>;
export const AbsencesSchema = z.object({ items: z.array(AbsenceSchema) });

/** What a unit does when a thread passes its promised answer date. */
export const EscalationSettingsSchema = z
  .object({
    /** Step 2, after `secondAfterDays` working days more: the unit's leader, a role pool, or nothing. */
    secondStep: z.enum(['none', 'leader', 'role']),
    leaderStaffId: z.uuid().nullable(),
    rolePool: StaffRoleSchema.nullable(),
    secondAfterDays: z.number().int().min(0).max(30),
  })
  .refine((v) => v.secondStep !== 'leader' || v.leaderStaffId, { message: 'Choose the leader.', path: ['leaderStaffId'] })
  .refine((v) => v.secondStep !== 'role' || v.rolePool, { message: 'Choose the role.', path: ['rolePool'] });
export type EscalationSettings = z.infer<typeof EscalationSettingsSchema>;

/** One escalation of a thread, as staff see it on the thread. */
export const ThreadEscalationSchema = z.object({
  step: z.number(),
  promisedAt: z.string(),
  escalatedAt: z.string(),
  toStaff: z.object({ id: z.string(), name: z.string() }).nullable(),
  toRole: z.string().nullable(),
});
export type ThreadEscalation = z.infer<typeof ThreadEscalationSchema>;

/** An in-app notice to a staff member. */
export const StaffNoticeSchema = z.object({
  id: z.string(),
  /** escalation: a promised answer date passed; cover: routed to me for an absent colleague; assigned: a colleague gave it to me. */
  kind: z.enum(['escalation', 'cover', 'assigned']),
  unitId: z.string(),
  /** Who caused it (the colleague who assigned it); null for the system's notices. */
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  threadId: z.string().nullable(),
  topic: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type StaffNotice = z.infer<typeof StaffNoticeSchema>;
export const StaffNoticesSchema = z.object({ items: z.array(StaffNoticeSchema) });
