/**
 * The clinician workspace (docs/inbox.md): quick-reply templates and their placeholders, saved
 * inbox filters, the combined inbox's counts, the patient context beside a thread, presence.
 */
import { z } from 'zod';
import { DialogKindSchema, ThreadStatusSchema } from './dialog.ts';

/** The placeholders a quick-reply template may hold, and what each becomes when inserted. */
export const TEMPLATE_PLACEHOLDERS = ['fornavn', 'enhet'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}\s]{1,30})\}/g;

/** The placeholders in a text that are not one of TEMPLATE_PLACEHOLDERS (a template with any is refused). */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** A template's text with its placeholders filled: {fornavn} the patient's first name, {enhet} the unit's name. */
export function fillTemplate(text: string, values: Record<TemplatePlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as TemplatePlaceholder] : whole,
  );
}

export const ReplyTemplateInputSchema = z.object({
  title: z.string().trim().min(1, 'Give the template a short title.').max(80, 'The title is too long: at most 80 characters.'),
  text: z.string().trim().min(1, 'Write the text of the template.').max(4000, 'The text is too long: at most 4000 characters.'),
  /** `unit`: for everyone in the unit (unit administrators only); `personal`: only for oneself. */
  scope: z.enum(['unit', 'personal']),
});
export const ReplyTemplateSchema = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  scope: z.enum(['unit', 'personal']),
  /** May the caller delete it (their own personal one, or a unit one when they administer the unit). */
  mine: z.boolean(),
});
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;
export const ReplyTemplateListSchema = z.object({ items: z.array(ReplyTemplateSchema) });

/** The inbox's query keys a saved filter may hold (the same as the inbox's query string). */
export const SAVED_FILTER_KEYS = ['status', 'kind', 'assigned', 'overdue', 'unread', 'q', 'sort', 'gp', 'units', 'topic'] as const;
export const SavedFilterInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the filter a name.').max(60, 'The name is too long: at most 60 characters.'),
  /** The inbox's query string, e.g. `status=open&sort=deadline&assigned=me`. */
  query: z.string().max(500, 'The filter is too long.'),
});
export const SavedFilterSchema = z.object({ id: z.string(), name: z.string(), query: z.string(), createdAt: z.string() });
export type SavedFilter = z.infer<typeof SavedFilterSchema>;
export const SavedFilterListSchema = z.object({ items: z.array(SavedFilterSchema) });
/** At most this many saved filters per person. */
export const SAVED_FILTERS_MAX = 30;

/** Per unit of the caller: threads with unread messages and overdue threads, each counted up to UNIT_UNREAD_CAP. */
export const InboxCountsSchema = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      unread: z.number(),
      unreadCapped: z.boolean(),
      overdue: z.number(),
      overdueCapped: z.boolean(),
    }),
  ),
});
export type InboxCounts = z.infer<typeof InboxCountsSchema>;

/** What a clinician sees beside a thread about its patient, in the thread's unit. */
export const PatientContextSchema = z.object({
  patient: z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), birthDate: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  gp: z.string().nullable(),
  threads: z.array(z.object({ id: z.string(), topic: z.string(), kind: DialogKindSchema, status: ThreadStatusSchema, lastMessageAt: z.string() })),
  appointments: z.array(z.object({ id: z.string(), title: z.string(), startsAt: z.string(), type: z.string() })),
  letters: z.array(z.object({ id: z.string(), title: z.string(), sentAt: z.string() })),
  prescriptions: z.array(
    z.object({
      id: z.string(),
      medication: z.string(),
      strength: z.string().nullable(),
      prescribedAt: z.string(),
      /** The latest renewal request of it: its decision and when it was asked. */
      lastRenewal: z.object({ decision: z.enum(['pending', 'renewed', 'declined']), threadId: z.string() }).nullable(),
    }),
  ),
  /** Who may write on the patient's behalf, and who has in this unit. */
  representatives: z.array(
    z.object({ name: z.string(), relation: z.enum(['parent', 'poa']), areas: z.array(z.string()), until: z.string().nullable(), wroteHere: z.boolean() }),
  ),
});
export type PatientContext = z.infer<typeof PatientContextSchema>;

/** Presence in a thread: open on someone's screen, someone writing, or gone. */
export const PresenceSchema = z.object({ state: z.enum(['viewing', 'writing', 'left']) });
export type PresenceState = z.infer<typeof PresenceSchema>['state'];
export { PRESENCE_TTL_MS, PRESENCE_RENEW_MS } from './constants.ts';
