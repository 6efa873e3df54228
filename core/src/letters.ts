/**
 * Patient letters (pasientbrev): plain-language templates with fields filled in by the unit,
 * or a PDF. The text of a template letter is rendered here, so the clinician's preview and
 * the stored letter are the same words.
 */
import { z } from 'zod';

export const LETTER_TEMPLATES = ['appointment_notice', 'waiting_list', 'general'] as const;
export const LetterTemplateSchema = z.enum(LETTER_TEMPLATES);
export type LetterTemplate = z.infer<typeof LetterTemplateSchema>;

export const MAX_LETTER_TEXT = 8000;
export const MAX_LETTER_PDF_BYTES = 10 * 1024 * 1024;

const Phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[+0-9 ()-]*$/, 'may only hold digits, spaces, +, ( ) and -');

export const AppointmentNoticeFieldsSchema = z.object({
  date: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time (HH:MM)'),
  place: z.string().trim().min(1, 'is required').max(200),
  bring: z.string().trim().max(1000).optional(),
  contactPhone: Phone.optional(),
});
export const WaitingListFieldsSchema = z.object({
  expected: z.string().trim().min(1, 'is required').max(200),
  contactPhone: Phone.optional(),
});
export const GeneralLetterFieldsSchema = z.object({
  title: z.string().trim().min(1, 'is required').max(120),
  text: z.string().trim().min(1, 'is required').max(MAX_LETTER_TEXT),
});
export type AppointmentNoticeFields = z.infer<typeof AppointmentNoticeFieldsSchema>;
export type WaitingListFields = z.infer<typeof WaitingListFieldsSchema>;
export type GeneralLetterFields = z.infer<typeof GeneralLetterFieldsSchema>;

const common = {
  /** The health contact (the patient of the unit) the letter goes to. */
  contactId: z.uuid({ message: 'must be the id of a health contact' }),
  /** Important letters are reminded once when still unread after the configured days. */
  important: z.boolean().default(true),
  /** For a child: hide the letter from parents (object_type 'letter' in hidden_from_parents). */
  hideFromParents: z.boolean().default(false),
};

/** POST /api/staff/units/:unitId/letters with JSON: a template letter. */
export const NewTemplateLetterSchema = z.discriminatedUnion('template', [
  z.object({ template: z.literal('appointment_notice'), fields: AppointmentNoticeFieldsSchema, ...common }),
  z.object({ template: z.literal('waiting_list'), fields: WaitingListFieldsSchema, ...common }),
  z.object({ template: z.literal('general'), fields: GeneralLetterFieldsSchema, ...common }),
]);
export type NewTemplateLetter = z.input<typeof NewTemplateLetterSchema>;

/** The `payload` field of a multipart PDF letter (with one PDF file). */
export const NewPdfLetterSchema = z.object({ title: z.string().trim().min(1, 'is required').max(120), ...common });
export type NewPdfLetter = z.input<typeof NewPdfLetterSchema>;

export const LetterSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['template', 'pdf']),
  template: LetterTemplateSchema.nullable(),
  unit: z.object({ id: z.string(), name: z.string() }),
  sentAt: z.string(),
  readAt: z.string().nullable(),
  important: z.boolean(),
});
export type LetterSummary = z.infer<typeof LetterSummarySchema>;

export const LetterListSchema = z.object({ items: z.array(LetterSummarySchema), unread: z.number() });
export type LetterList = z.infer<typeof LetterListSchema>;

export const LetterDetailSchema = LetterSummarySchema.extend({
  body: z.string().nullable(),
  pdf: z.object({ filename: z.string(), sizeBytes: z.number() }).nullable(),
  sentBy: z.string().nullable(),
});
export type LetterDetail = z.infer<typeof LetterDetailSchema>;

const LetterCitizenSchema = z.object({ id: z.string(), name: z.string(), birthDate: z.string() });
export const StaffLetterSummarySchema = LetterSummarySchema.extend({ citizen: LetterCitizenSchema });
export type StaffLetterSummary = z.infer<typeof StaffLetterSummarySchema>;
export const StaffLetterListSchema = z.object({ items: z.array(StaffLetterSummarySchema) });
export type StaffLetterList = z.infer<typeof StaffLetterListSchema>;
export const StaffLetterSchema = LetterDetailSchema.extend({ citizen: LetterCitizenSchema, readByRepresentative: z.boolean(), hiddenFromParents: z.boolean() });
export type StaffLetter = z.infer<typeof StaffLetterSchema>;

/** A date (YYYY-MM-DD) in plain Norwegian: "tirsdag 3. mars 2026". */
export function formatLetterDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('nb-NO', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** The title and text of a template letter, in plain Norwegian (bokmål). */
export function renderLetter(
  input:
    | { template: 'appointment_notice'; fields: AppointmentNoticeFields }
    | { template: 'waiting_list'; fields: WaitingListFields }
    | { template: 'general'; fields: GeneralLetterFields },
  unitName: string,
): { title: string; body: string } {
  const sign = `Med vennlig hilsen\n${unitName}`;
  switch (input.template) {
    case 'appointment_notice': {
      const f = input.fields;
      const lines = [
        'Hei!',
        `Du har fått time hos ${unitName}.`,
        `Når: ${formatLetterDate(f.date)} klokken ${f.time}\nHvor: ${f.place}`,
        ...(f.bring ? [`Ta med: ${f.bring}`] : []),
        `Kan du ikke komme? Gi beskjed så snart du kan, så kan noen andre få timen${f.contactPhone ? `. Ring oss på ${f.contactPhone}, eller send oss en melding her` : '. Send oss en melding her'}.`,
        sign,
      ];
      return { title: 'Innkalling til time', body: lines.join('\n\n') };
    }
    case 'waiting_list': {
      const f = input.fields;
      const lines = [
        'Hei!',
        `Vi har fått henvisningen din. Du står nå på venteliste hos ${unitName}.`,
        `Du kan regne med å få time ${f.expected}. Vi sender deg et nytt brev eller en melding når timen er satt opp.`,
        `Blir helsen din dårligere mens du venter, eller vil du ikke lenger ha time? Gi oss beskjed${f.contactPhone ? ` på telefon ${f.contactPhone}, eller send oss en melding her` : ' ved å sende oss en melding her'}.`,
        sign,
      ];
      return { title: 'Du står på venteliste', body: lines.join('\n\n') };
    }
    case 'general':
      return { title: input.fields.title, body: `${input.fields.text}\n\n${sign}` };
  }
}
