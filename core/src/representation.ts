/**
 * Response shapes of the representation API: whom a citizen acts for, powers of attorney, the
 * access log (logginnsyn), and a health contact's parents, relatives and grants as clinicians see them.
 */
import { z } from 'zod';

/** What a representation covers. */
export const REPRESENTATION_AREAS = ['contacts', 'dialog', 'appointments', 'documents'] as const;
export type RepresentationArea = (typeof REPRESENTATION_AREAS)[number];

/** One object kind's answer from the server's access policy: may the user see it for this person, and if not, why (a problem code). */
export const CapabilitySchema = z.object({ see: z.boolean(), code: z.string().nullable(), reason: z.string().nullable() });
export type Capability = z.infer<typeof CapabilitySchema>;

/** One person the signed-in citizen may act for (themself first). */
export const RepresentationSchema = z.object({
  personId: z.string(),
  name: z.string(),
  age: z.number(),
  relation: z.enum(['self', 'parent', 'poa']),
  areas: z.array(z.enum(REPRESENTATION_AREAS)),
  /** When the access ends by itself; null when open-ended. */
  until: z.string().nullable(),
  /** What this representation lets the user see, per object kind, with the reason when not (access/policy.ts). */
  capabilities: z.record(z.string(), CapabilitySchema),
});
export type RepresentationItem = z.infer<typeof RepresentationSchema>;
export type Relation = RepresentationItem['relation'];

/** GET /api/citizen/representations: the person acted for now (the user's own id when acting as oneself), and everyone they may act for. */
export const RepresentationListSchema = z.object({ actingFor: z.string(), items: z.array(RepresentationSchema) });
export type RepresentationList = z.infer<typeof RepresentationListSchema>;

/** The areas a power of attorney can cover ('all' covers every one). */
export const POA_AREAS = ['dialog', 'appointments', 'documents', 'all'] as const;
export type PoaArea = (typeof POA_AREAS)[number];

export const PowerOfAttorneySchema = z.object({
  id: z.string(),
  grantor: z.object({ id: z.string(), name: z.string() }),
  holder: z.object({ id: z.string(), name: z.string() }),
  areas: z.array(z.enum(POA_AREAS)),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
export type PowerOfAttorney = z.infer<typeof PowerOfAttorneySchema>;

/** GET /api/citizen/powers-of-attorney: those given and those received. */
export const PowerOfAttorneyListSchema = z.object({ given: z.array(PowerOfAttorneySchema), received: z.array(PowerOfAttorneySchema) });
export type PowerOfAttorneyList = z.infer<typeof PowerOfAttorneyListSchema>;

/** One line of the citizen's access log. */
export const AccessLogEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['staff', 'citizen', 'representative', 'system', 'epj']), name: z.string(), role: z.string().nullable() }),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string(),
  objectType: z.string(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/** GET /api/citizen/access-log: a page, newest first. */
export const AccessLogPageSchema = z.object({ items: z.array(AccessLogEntrySchema), nextCursor: z.string().nullable() });
export type AccessLogPage = z.infer<typeof AccessLogPageSchema>;

/** GET /api/staff/contacts/{id}/parents: the patient's parents with parental responsibility. */
export const ParentListSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
export type ParentList = z.infer<typeof ParentListSchema>;

/** The answer to a clinician's grant, revocation or hiding: the grant's id and when it ends. */
export const GrantResultSchema = z.object({ id: z.string(), validUntil: z.string().nullable() });
export type GrantResult = z.infer<typeof GrantResultSchema>;

/** A parent-dialog or flexible-dialog grant in a health contact. */
export const ContactGrantSchema = z.object({
  id: z.string(),
  kind: z.enum(['parent_dialog', 'flexible_dialog']),
  person: z.object({ id: z.string(), name: z.string() }),
  /** The role a flexible dialog is addressed to (null when addressed to a person, and for parent dialog). */
  addressedRole: z.string().nullable(),
  validUntil: z.string(),
  active: z.boolean(),
});
export type ContactGrant = z.infer<typeof ContactGrantSchema>;
export type GrantKind = ContactGrant['kind'];

/** GET /api/staff/contacts/{id}: one health contact of the unit (staff of the unit only). */
export const ContactDetailSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  citizenId: z.string(),
  name: z.string(),
  birthDate: z.string(),
  age: z.number(),
  status: z.enum(['active', 'previous']),
  /** Parents with parental responsibility, and holders of a power of attorney from the patient. */
  relatives: z.array(z.object({ id: z.string(), name: z.string(), relation: z.enum(['parent', 'poa']) })),
  grants: z.array(ContactGrantSchema),
});
export type ContactDetail = z.infer<typeof ContactDetailSchema>;
