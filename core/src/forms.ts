/**
 * Digital forms (FHIR Questionnaire): what the form library, sent forms and responses look like
 * to the server and the web app. The Questionnaire itself is checked on the server
 * (server/src/modules/forms/questionnaire.ts); here it is any JSON object typed as R4's Questionnaire.
 */
import type { Questionnaire, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { z } from 'zod';
import { MessageTextSchema, TopicSchema } from './dialog.ts';

/** The states of a form sent to a patient, as staff and the patient see them. */
export const FORM_STATUSES = ['sent', 'opened', 'draft', 'submitted', 'overdue'] as const;
export const FormStatusSchema = z.enum(FORM_STATUSES);
export type FormStatus = z.infer<typeof FormStatusSchema>;

/** Channels a triage form can recommend for an e-konsultasjon. */
export const TRIAGE_CHANNELS = ['written', 'phone', 'video', 'in_person'] as const;
export const TriageChannelSchema = z.enum(TRIAGE_CHANNELS);
export type TriageChannel = z.infer<typeof TriageChannelSchema>;

/** The triage rules, in order (server/src/modules/forms/triage.ts; the web names each in the reader's language). */
export const TRIAGE_RULE_IDS = ['urgent', 'exam', 'new-and-short', 'preference', 'default'] as const;
export const TriageRuleIdSchema = z.enum(TRIAGE_RULE_IDS);
export type TriageRuleId = z.infer<typeof TriageRuleIdSchema>;

/** Services a unit can put a form in front of (filled before the message goes). */
export const FORM_SERVICES = ['ekontakt', 'ekonsultasjon', 'standarddialog'] as const;
export const FormServiceSchema = z.enum(FORM_SERVICES);

/**
 * A FHIR R4 Questionnaire as the server sends it: one the server checked on import. On the wire
 * (and in the OpenAPI description) any JSON object; its static type is R4's (@medplum/fhirtypes,
 * types only: nothing of it reaches the web bundle).
 */
const QuestionnaireJson = z.record(z.string(), z.unknown()) as unknown as z.ZodType<Questionnaire>;
/** QuestionnaireResponse.item as the server stored it (checked against the form): R4's type, any JSON list on the wire. */
const ResponseItemsJson = z.array(z.unknown()) as unknown as z.ZodType<QuestionnaireResponseItem[]>;
export const MAX_MESSAGE = 2000;

/** POST /api/staff/units/:unitId/forms: import a Questionnaire (a new form, or a new version of one with the same url). */
export const ImportFormSchema = z.object({
  questionnaire: z.unknown(),
  /** A triage form recommends a channel (docs/forms.md); general forms do not. */
  purpose: z.enum(['general', 'triage']).default('general'),
});
export type ImportForm = z.input<typeof ImportFormSchema>;

export const FormVersionSchema = z.object({ id: z.string(), seq: z.number(), version: z.string(), createdAt: z.string() });
export const FormSummarySchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  purpose: z.enum(['general', 'triage']),
  retiredAt: z.string().nullable(),
  latest: FormVersionSchema,
  versions: z.number(),
});
export type FormSummary = z.infer<typeof FormSummarySchema>;
export const FormListSchema = z.object({ items: z.array(FormSummarySchema) });
export type FormList = z.infer<typeof FormListSchema>;
export const FormDetailSchema = FormSummarySchema.extend({
  versionList: z.array(FormVersionSchema.extend({ questionnaire: QuestionnaireJson })),
  usedBy: z.array(FormServiceSchema),
});
export type FormDetail = z.infer<typeof FormDetailSchema>;

/** POST /api/staff/units/:unitId/form-requests: send a form to a patient of the unit. */
export const SendFormSchema = z.object({
  contactId: z.uuid({ message: 'must be the id of a health contact' }),
  formId: z.uuid({ message: 'must be the id of a form in the library' }),
  /** The last day to answer (Norwegian date); the form is overdue after 23:59 that day. */
  dueDate: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }).nullable().default(null),
  message: z.string().trim().max(MAX_MESSAGE, `must be at most ${MAX_MESSAGE} characters`).nullable().default(null),
  appointmentId: z.uuid().nullable().default(null),
});
export type SendForm = z.input<typeof SendFormSchema>;

export const ScoreSchema = z.object({ linkId: z.string(), text: z.string(), value: z.union([z.number(), z.string(), z.boolean()]).nullable() });
export type Score = z.infer<typeof ScoreSchema>;
/** A triage form's recommended channel: the rule that decided it by id (`ruleId`) and in English (`rule`). */
export const RecommendationSchema = z.object({ channel: TriageChannelSchema, ruleId: TriageRuleIdSchema, rule: z.string() });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const FormRequestSummarySchema = z.object({
  id: z.string(),
  formId: z.string(),
  title: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  status: FormStatusSchema,
  dueAt: z.string().nullable(),
  sentAt: z.string(),
  openedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  retired: z.boolean(),
});
export type FormRequestSummary = z.infer<typeof FormRequestSummarySchema>;

export const StaffFormRequestSchema = FormRequestSummarySchema.extend({
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }),
});
export const StaffFormRequestListSchema = z.object({ items: z.array(StaffFormRequestSchema), next: z.string().nullable() });
export type StaffFormRequestList = z.infer<typeof StaffFormRequestListSchema>;

export const ResponseLineSchema = z.object({
  depth: z.number(),
  kind: z.enum(['heading', 'qa']),
  text: z.string(),
  answer: z.string().optional(),
  /** Stored files the answer names (attachment questions), for a download link. */
  files: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
});
export type ResponseLine = z.infer<typeof ResponseLineSchema>;

export const FormResponseSchema = z.object({
  id: z.string(),
  /** The answers as a person reads them (question, answer), in the order of the form. */
  lines: z.array(ResponseLineSchema),
  status: z.enum(['in-progress', 'completed']),
  /** QuestionnaireResponse.item as saved. */
  item: ResponseItemsJson,
  scores: z.array(ScoreSchema),
  recommendation: RecommendationSchema.nullable(),
  submittedAt: z.string().nullable(),
  /** Who filled it in, when not the patient (a parent, a power-of-attorney holder). */
  submittedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type FormResponse = z.infer<typeof FormResponseSchema>;

/** One sent form with its questionnaire (the exact version) and response. */
export const FormRequestDetailSchema = FormRequestSummarySchema.extend({
  message: z.string().nullable(),
  sentBy: z.string().nullable(),
  appointment: z.object({ id: z.string(), title: z.string(), startsAt: z.string() }).nullable(),
  version: z.object({ id: z.string(), seq: z.number(), version: z.string() }),
  questionnaire: QuestionnaireJson,
  response: FormResponseSchema.nullable(),
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }).optional(),
});
export type FormRequestDetail = z.infer<typeof FormRequestDetailSchema>;

export const CitizenFormListSchema = z.object({ open: z.array(FormRequestSummarySchema), done: z.array(FormRequestSummarySchema) });
export type CitizenFormList = z.infer<typeof CitizenFormListSchema>;

/** PUT .../draft and POST .../submit: the answers (QuestionnaireResponse.item). */
export const AnswersSchema = z.object({ item: z.array(z.unknown()).max(2000) });
export type Answers = z.infer<typeof AnswersSchema>;

/** A service's form as the citizen fills it before writing (null: the service has none). */
export const ServiceFormSchema = z.object({
  form: z.object({ id: z.string(), versionId: z.string(), title: z.string(), purpose: z.enum(['general', 'triage']), questionnaire: QuestionnaireJson }).nullable(),
});
export type ServiceForm = z.infer<typeof ServiceFormSchema>;

/**
 * A message through a service with its form filled in (JSON, or the `payload` field of a
 * multipart request whose `files` are the message's attachments): the message as for any new
 * conversation, and the answers to the form version the citizen filled in.
 */
export const ServiceMessageSchema = z.object({
  topic: TopicSchema,
  topicId: z.uuid().optional(),
  text: MessageTextSchema,
  versionId: z.uuid(),
  item: AnswersSchema.shape.item,
});
export type ServiceMessage = z.infer<typeof ServiceMessageSchema>;

/** PUT /api/staff/units/:unitId/service-forms/:service */
export const SetServiceFormSchema = z.object({ formId: z.uuid().nullable() });

/** The structured answers on top of a thread that began with a form. */
export const ThreadFormSchema = z.object({
  response: z
    .object({
      id: z.string(),
      title: z.string(),
      version: z.string(),
      lines: z.array(ResponseLineSchema),
      scores: z.array(ScoreSchema),
      recommendation: RecommendationSchema.nullable(),
      submittedAt: z.string(),
    })
    .nullable(),
});
export type ThreadForm = z.infer<typeof ThreadFormSchema>;
