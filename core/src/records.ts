/**
 * The patient's record shared by the EPJ (issue 21): documents, referrals and test results as
 * the citizen and the unit see them. docs/records.md.
 */
import { z } from 'zod';

export const RECORD_KINDS = ['document', 'result', 'referral'] as const;
export const RecordKindSchema = z.enum(RECORD_KINDS);
export type RecordKind = z.infer<typeof RecordKindSchema>;

export const RECORD_CATEGORIES = ['document', 'referral', 'lab', 'radiology', 'pathology'] as const;
export const RecordCategorySchema = z.enum(RECORD_CATEGORIES);
export type RecordCategory = z.infer<typeof RecordCategorySchema>;

export const RELEASE_MODES = ['automatic', 'manual_then_automatic', 'manual', 'never'] as const;
export const ReleaseModeSchema = z.enum(RELEASE_MODES);
export type ReleaseMode = z.infer<typeof ReleaseModeSchema>;

export const REFERRAL_STATUSES = ['received', 'assessed', 'right_granted', 'waiting', 'appointment_given', 'completed', 'forwarded'] as const;
export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

/**
 * A value's comparator (FHIR Quantity.comparator): the true value is below, at most, at least or
 * above the number given — "<5 mg/L" is a value under the laboratory's limit, not 5.
 */
export const COMPARATORS = ['<', '<=', '>=', '>'] as const;
export const ComparatorSchema = z.enum(COMPARATORS);
export type Comparator = z.infer<typeof ComparatorSchema>;

/**
 * A value outside its reference range (or flagged abnormal by the laboratory)? A value with a
 * comparator is marked only when it is certainly outside: "<3" is low below a range from 3, but
 * "<10" may be anywhere under 10, and "<x" is never certainly high (nor ">x" low).
 */
export function outOfRange(o: {
  valueNum: number | null;
  comparator: Comparator | null;
  refLow: number | null;
  refHigh: number | null;
  interpretation: string | null;
}): 'low' | 'high' | 'abnormal' | null {
  const v = o.valueNum;
  const c = o.comparator;
  if (v !== null && o.refLow !== null && ((c === null || c === '<=') ? v < o.refLow : c === '<' && v <= o.refLow)) return 'low';
  if (v !== null && o.refHigh !== null && ((c === null || c === '>=') ? v > o.refHigh : c === '>' && v >= o.refHigh)) return 'high';
  const i = (o.interpretation ?? '').toUpperCase();
  if (i === 'L' || i === 'LL' || i === 'LU') return 'low';
  if (i === 'H' || i === 'HH' || i === 'HU') return 'high';
  if (i === 'A' || i === 'AA') return 'abnormal';
  return null;
}

/**
 * One item in a list. `metadataOnly`: a parent of a 12–15-year-old where the unit chose to show
 * that items exist — kind, date and unit only: no title and no category (null; a pathology
 * report is "a test result" there), no content.
 */
export const RecordSummarySchema = z.object({
  id: z.string(),
  kind: RecordKindSchema,
  category: RecordCategorySchema.nullable(),
  title: z.string().nullable(),
  unit: z.object({ id: z.string(), name: z.string() }),
  effectiveAt: z.string(),
  releasedAt: z.string(),
  unread: z.boolean(),
  metadataOnly: z.boolean(),
  availableDigitally: z.boolean(),
  referralStatus: ReferralStatusSchema.nullable(),
  outOfRange: z.number(),
});
export type RecordSummary = z.infer<typeof RecordSummarySchema>;

export const RecordListSchema = z.object({ items: z.array(RecordSummarySchema), unread: z.number(), nextCursor: z.string().nullable() });
export type RecordList = z.infer<typeof RecordListSchema>;

export const ObservationSchema = z.object({
  code: z.string(),
  display: z.string(),
  valueNum: z.number().nullable(),
  /** `<`, `<=`, `>=`, `>` before the number ("<5"), or null for the value itself. */
  comparator: ComparatorSchema.nullable(),
  valueText: z.string().nullable(),
  unit: z.string().nullable(),
  refLow: z.number().nullable(),
  refHigh: z.number().nullable(),
  refText: z.string().nullable(),
  interpretation: z.string().nullable(),
  outOfRange: z.enum(['low', 'high', 'abnormal']).nullable(),
  effectiveAt: z.string(),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const ReferralEventSchema = z.object({
  status: ReferralStatusSchema,
  occurredAt: z.string(),
  careStartBy: z.string().nullable(),
  forwardedTo: z.string().nullable(),
});
export type ReferralEvent = z.infer<typeof ReferralEventSchema>;

export const RecordDetailSchema = RecordSummarySchema.extend({
  category: RecordCategorySchema,
  conclusion: z.string().nullable(),
  releaseNote: z.string().nullable(),
  version: z.number(),
  pdf: z.object({ sizeBytes: z.number() }).nullable(),
  observations: z.array(ObservationSchema),
  timeline: z.array(ReferralEventSchema),
  careStartBy: z.string().nullable(),
  forwardedTo: z.string().nullable(),
  /** The health contact with the unit, for "ask about this" and for asking for a copy. */
  contactId: z.string().nullable(),
});
export type RecordDetail = z.infer<typeof RecordDetailSchema>;

export const AnalysisHistorySchema = z.object({
  code: z.string(),
  display: z.string(),
  unit: z.string().nullable(),
  points: z.array(ObservationSchema.extend({ recordId: z.string() })),
});
export type AnalysisHistory = z.infer<typeof AnalysisHistorySchema>;

export const AwaitingReleaseSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: RecordKindSchema,
      category: RecordCategorySchema,
      title: z.string(),
      citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }),
      registeredAt: z.string(),
      effectiveAt: z.string(),
      releaseMode: ReleaseModeSchema,
      autoReleaseAt: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type AwaitingRelease = z.infer<typeof AwaitingReleaseSchema>;

export const ReleaseInputSchema = z.object({ note: z.string().trim().max(500).optional() });

export const ReleasePolicySchema = z.object({
  parentsOfYouthMetadata: z.boolean(),
  categories: z.array(z.object({ category: RecordCategorySchema, mode: ReleaseModeSchema, autoAfterDays: z.number().int().min(1).max(365).nullable() })),
});
export type ReleasePolicy = z.infer<typeof ReleasePolicySchema>;
