/** Request and response schemas shared by the server (validation, OpenAPI) and the web (forms, types). */
import { z } from 'zod';
import { LANGUAGES } from './constants.ts';

export const UnitKindSchema = z.enum(['gp_office', 'hospital_department', 'home_care', 'other']);
export const StaffRoleSchema = z.enum(['doctor', 'nurse', 'secretary', 'coordinator']);
export const ContactSourceSchema = z.enum(['gp_list', 'care_right', 'municipal_service', 'manual']);

export const ContactSchema = z.object({
  id: z.string(),
  unit: z.object({ id: z.string(), name: z.string(), kind: UnitKindSchema, organisationName: z.string() }),
  source: ContactSourceSchema,
  status: z.enum(['active', 'previous']),
  startedAt: z.string(),
  endsAt: z.string().nullable(),
  gp: z.object({ name: z.string() }).nullable(),
});
export const ContactListSchema = z.object({ items: z.array(ContactSchema) });
export type Contact = z.infer<typeof ContactSchema>;

export const StaffUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: UnitKindSchema,
  organisationName: z.string(),
  role: StaffRoleSchema,
  isAdmin: z.boolean(),
});
export const StaffUnitListSchema = z.object({ items: z.array(StaffUnitSchema) });
export type StaffUnit = z.infer<typeof StaffUnitSchema>;

export const MeSchema = z.object({
  kind: z.enum(['citizen', 'staff']),
  csrfToken: z.string(),
  person: z.object({ id: z.string(), name: z.string() }),
  sessionExpiresAt: z.string(),
  /** Whom a citizen acts for, when not themself. */
  actingFor: z.object({ id: z.string(), name: z.string(), relation: z.enum(['self', 'parent', 'poa']) }).nullable(),
  /** The language the signed-in person chose (stored on the server); null: not chosen yet. */
  language: z.enum(LANGUAGES).nullable(),
});
export type Me = z.infer<typeof MeSchema>;

/** PUT /api/me/language: the signed-in person's language for the UI, notifications and system texts. */
export const LanguageChoiceSchema = z.object({ language: z.enum(LANGUAGES) });
export type LanguageChoice = z.infer<typeof LanguageChoiceSchema>;
