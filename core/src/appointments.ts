/** Appointments (timeavtaler): request bodies both the server and the web forms validate, and response shapes. */
import { z } from 'zod';
import { APPOINTMENT_SERVICES, APPOINTMENT_TYPES } from './constants.ts';

export { APPOINTMENT_SERVICES, APPOINTMENT_TYPES };
export const AppointmentTypeSchema = z.enum(APPOINTMENT_TYPES);
export type AppointmentType = z.infer<typeof AppointmentTypeSchema>;
export const AppointmentStatusSchema = z.enum(['booked', 'cancelled', 'completed', 'not_attended']);

/** An appointment's status as FHIR R4 Appointment.status says it (one mapping for the FHIR API and the journal). */
export function fhirAppointmentStatus(status: z.infer<typeof AppointmentStatusSchema>): 'booked' | 'cancelled' | 'fulfilled' | 'noshow' {
  switch (status) {
    case 'cancelled':
      return 'cancelled';
    case 'completed':
      return 'fulfilled';
    case 'not_attended':
      return 'noshow';
    case 'booked':
      return 'booked';
  }
}

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD.');
const TimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:MM (00:00–23:59).');
const ShortText = (max: number, label: string) => z.string().trim().max(max, `${label} is too long: at most ${max} characters.`);

/** The citizen books a free slot. */
export const BookSlotSchema = z.object({
  reason: z.string().trim().min(1, 'Write briefly what the appointment is about.').max(200, 'The reason is too long: at most 200 characters.'),
  note: ShortText(500, 'The note').optional(),
});
export type BookSlot = z.infer<typeof BookSlotSchema>;

export const PartOfDaySchema = z.enum(['morning', 'midday', 'afternoon', 'any']);
export const PreferredTimeSchema = z.object({ date: DateSchema, partOfDay: PartOfDaySchema });

/** The citizen asks for an appointment (timeønske) in free text with preferred times. */
export const AppointmentRequestInputSchema = z.object({
  text: z.string().trim().min(1, 'Write what you need an appointment for.').max(1000, 'The text is too long: at most 1000 characters.'),
  preferredTimes: z.array(PreferredTimeSchema).max(5, 'Give at most 5 preferred times.').default([]),
});
export type AppointmentRequestInput = z.infer<typeof AppointmentRequestInputSchema>;

export const CancelAppointmentSchema = z.object({ reason: ShortText(300, 'The reason').optional() });

/** Start a dialog from an appointment: confirm, ask, ask to move, ask to end. */
export const AppointmentDialogIntentSchema = z.enum(['confirm', 'question', 'move', 'end']);
export const AppointmentDialogSchema = z.object({
  intent: AppointmentDialogIntentSchema,
  text: z.string().trim().min(1, 'The message is empty. Write what you want to say.').max(5000, 'The message is too long: at most 5000 characters.'),
});

export const WaitlistJoinSchema = z.object({
  contactId: z.uuid(),
  /** The appointment the citizen wants moved earlier (optional). */
  appointmentId: z.uuid().optional(),
});

/** Staff publish chosen slots of a timebook (Oslo local dates and times). */
export const PublishSlotsSchema = z.object({
  slots: z
    .array(z.object({ date: DateSchema, time: TimeSchema }))
    .min(1, 'Choose at least one time.')
    .max(200),
  slotMinutes: z.number().int().min(5).max(480),
  type: AppointmentTypeSchema.optional(),
});

/** Staff publish a recurring pattern, e.g. Tue and Thu 08:00–10:00 in 15-minute slots. */
export const PublishPatternSchema = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'Choose at least one weekday.').max(7),
    startTime: TimeSchema,
    endTime: TimeSchema,
    slotMinutes: z.number().int().min(5).max(480),
    fromDate: DateSchema,
    untilDate: DateSchema,
    type: AppointmentTypeSchema.optional(),
  })
  .refine((p) => p.startTime < p.endTime, { message: 'The end time must be after the start time.', path: ['endTime'] })
  .refine((p) => p.fromDate <= p.untilDate, { message: 'The last date must be on or after the first date.', path: ['untilDate'] });

export const NewTimebookSchema = z.object({
  kind: z.enum(['clinician', 'resource']),
  staffId: z.uuid().optional(),
  name: z.string().trim().min(1, 'Give the timebook a name.').max(120),
  defaultType: AppointmentTypeSchema.default('in_person'),
  location: ShortText(200, 'The place').optional(),
  directions: ShortText(500, 'The directions').optional(),
});

/** Staff create an appointment (or assign one for a request): a published slot or a free time. */
export const StaffAppointmentSchema = z
  .object({
    contactId: z.uuid().optional(),
    timebookId: z.uuid().optional(),
    slotId: z.uuid().optional(),
    date: DateSchema.optional(),
    time: TimeSchema.optional(),
    durationMinutes: z.number().int().min(5).max(480).default(20),
    type: AppointmentTypeSchema.optional(),
    title: ShortText(120, 'The title').optional(),
    location: ShortText(200, 'The place').optional(),
    directions: ShortText(500, 'The directions').optional(),
    videoUrl: z.url({ protocol: /^https$/, message: 'The video link must be an https address.' }).optional(),
    note: ShortText(500, 'The note').optional(),
  })
  .refine((v) => v.slotId || (v.date && v.time), { message: 'Choose a published slot, or give a date and a time.', path: ['slotId'] });
export type StaffAppointmentInput = z.infer<typeof StaffAppointmentSchema>;

/** Staff change the time or details of an appointment. */
export const ChangeAppointmentSchema = z.object({
  /** Move to another timebook of the same unit (the same clinician's other book, another clinician's, a resource). */
  timebookId: z.uuid().optional(),
  date: DateSchema.optional(),
  time: TimeSchema.optional(),
  durationMinutes: z.number().int().min(5).max(480).optional(),
  type: AppointmentTypeSchema.optional(),
  location: ShortText(200, 'The place').nullable().optional(),
  directions: ShortText(500, 'The directions').nullable().optional(),
  videoUrl: z
    .url({ protocol: /^https$/, message: 'The video link must be an https address.' })
    .nullable()
    .optional(),
});

export const OfferSlotsSchema = z.object({
  slotIds: z.array(z.uuid()).min(1, 'Choose at least one slot to offer.').max(5),
  text: ShortText(1000, 'The text').optional(),
  hoursToAnswer: z.number().int().min(1).max(168).default(48),
});
export const AnswerRequestSchema = z.object({ text: ShortText(1000, 'The text').min(1, 'Write an answer.') });

/** A unit's appointment services and rules (administrators). */
export const AppointmentSettingsSchema = z.object({
  timebestilling: z.boolean(),
  timeonske: z.boolean(),
  timevisning: z.boolean(),
  avbestilling: z.boolean(),
  cutoffHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14),
  dropInUrl: z.url({ protocol: /^https$/, message: 'The video link must be an https address.' }).nullable(),
});
export type AppointmentSettings = z.infer<typeof AppointmentSettingsSchema>;

// ---- Response shapes ----

export const AppointmentSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: AppointmentTypeSchema,
  status: AppointmentStatusSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  unit: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  contactId: z.string(),
  resource: z.boolean(),
  clinician: z.string().nullable(),
  location: z.string().nullable(),
  directions: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  source: z.string(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.enum(['citizen', 'unit']).nullable(),
  completedAt: z.string().nullable(),
  threadId: z.string().nullable(),
  /** Video: the join link, only from 15 minutes before the start. */
  videoUrl: z.string().nullable(),
  videoOpensAt: z.string().nullable(),
  canCancel: z.boolean(),
  cancelDeadline: z.string().nullable(),
  canStartDialog: z.boolean(),
  /** Staff: the visit may be marked carried out (from its start time on). */
  canComplete: z.boolean().optional(),
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }).optional(),
  /** The patient's latest answer (confirm, ask to change, video/phone instead, no longer needed). */
  answer: z
    .object({
      kind: z.enum(['confirm', 'change', 'video', 'phone', 'not_needed']),
      text: z.string().nullable(),
      at: z.string(),
      /** Staff: an answer that asks for something waits until staff mark it handled. */
      handledAt: z.string().nullable(),
    })
    .nullable()
    .optional(),
  /** Citizen: the answers the unit takes for this appointment now. */
  answerOptions: z.array(z.enum(['confirm', 'change', 'video', 'phone', 'not_needed'])).optional(),
  /** When the patient checked in on arrival. */
  checkedInAt: z.string().nullable().optional(),
  /** Citizen: check-in is open now (the unit takes it, today, within the window). */
  canCheckIn: z.boolean().optional(),
  /** Citizen: when check-in opens (null when the unit does not take it for this appointment). */
  checkInOpensAt: z.string().nullable().optional(),
  /** Staff: the timebook the appointment is in (null: in none, e.g. a planned home visit). */
  timebookId: z.string().nullable().optional(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

// ---- The patient's answers, check-in, calendar, waitlist (issue 17) ----

export const APPOINTMENT_ANSWERS = ['confirm', 'change', 'video', 'phone', 'not_needed'] as const;
export const AppointmentAnswerSchema = z.enum(APPOINTMENT_ANSWERS);
export type AppointmentAnswer = z.infer<typeof AppointmentAnswerSchema>;

/** The patient answers an appointment. */
export const AnswerAppointmentSchema = z.object({
  answer: AppointmentAnswerSchema,
  text: ShortText(500, 'The comment').optional(),
});

/** Which answers a unit takes for one appointment type. */
export const AnswerOptionSchema = z.object({ confirm: z.boolean(), change: z.boolean(), channel: z.boolean(), notNeeded: z.boolean() });
/** A unit's answer options per appointment type, and check-in (administrators). */
export const AnswerSettingsSchema = z.object({
  types: z.object({ in_person: AnswerOptionSchema, video: AnswerOptionSchema, phone: AnswerOptionSchema, home_visit: AnswerOptionSchema }),
  checkIn: z.boolean(),
});
export type AnswerSettings = z.infer<typeof AnswerSettingsSchema>;

/** The longest absence block, in days (a block is one continuous time: nights and weekends in it are blocked too). */
export const BLOCK_MAX_DAYS = 62;

/** Staff block a time in a timebook (absence), Oslo time: from `date` `startTime` to `endDate` (default: the same day) `endTime`. */
export const NewBlockSchema = z
  .object({
    date: DateSchema,
    startTime: TimeSchema,
    /** The last day of a block over several days (a holiday, a course); absent for one day. */
    endDate: DateSchema.optional(),
    endTime: TimeSchema,
    reason: ShortText(120, 'The reason').min(1, 'Write why the time is blocked (e.g. "Kurs").'),
  })
  .refine((b) => `${b.endDate ?? b.date}T${b.endTime}` > `${b.date}T${b.startTime}`, { message: 'The end must be after the start.', path: ['endTime'] })
  .refine((b) => !b.endDate || Date.parse(b.endDate) - Date.parse(b.date) <= (BLOCK_MAX_DAYS - 1) * 86_400_000, {
    message: `A block can span at most ${BLOCK_MAX_DAYS} days; block a longer absence in parts.`,
    path: ['endDate'],
  });

/** A slot or block in the calendar. */
export const CalendarSlotSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  type: AppointmentTypeSchema,
  status: z.enum(['open', 'offered', 'booked', 'blocked']),
  /** An absence block: why. */
  blockReason: z.string().nullable(),
});
export type CalendarSlot = z.infer<typeof CalendarSlotSchema>;

/** Day or week of one or more timebooks. */
export const CalendarSchema = z.object({
  from: z.string(),
  to: z.string(),
  timebooks: z.array(
    z.object({
      timebook: z.object({ id: z.string(), name: z.string(), kind: z.enum(['clinician', 'resource']), staffId: z.string().nullable() }),
      slots: z.array(CalendarSlotSchema),
      appointments: z.array(AppointmentSchema),
    }),
  ),
  /** Appointments of the unit in the period that are in no timebook (e.g. planned home visits). */
  unassigned: z.array(AppointmentSchema),
});
export type Calendar = z.infer<typeof CalendarSchema>;

/** Free and busy times of timebooks (no patient data): for assigning or offering a time. */
export const FreeBusySchema = z.object({
  timebooks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      busy: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), kind: z.enum(['booked', 'offered', 'blocked']) })),
      free: z.array(z.object({ slotId: z.string(), startsAt: z.string(), endsAt: z.string() })),
    }),
  ),
});
export type FreeBusy = z.infer<typeof FreeBusySchema>;

/** A waitlist place as staff see it, with the offers it got and how they were answered. */
export const StaffWaitlistEntrySchema = z.object({
  id: z.string(),
  status: z.enum(['waiting', 'offered', 'fulfilled', 'withdrawn']),
  createdAt: z.string(),
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }),
  timebook: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The appointment the patient wants moved earlier, if any. */
  appointment: z.object({ id: z.string(), startsAt: z.string() }).nullable(),
  offers: z.array(
    z.object({
      id: z.string(),
      slotStartsAt: z.string(),
      status: z.enum(['open', 'accepted', 'declined', 'expired', 'withdrawn']),
      createdAt: z.string(),
      expiresAt: z.string(),
      answeredAt: z.string().nullable(),
    }),
  ),
});
export type StaffWaitlistEntry = z.infer<typeof StaffWaitlistEntrySchema>;
export const StaffWaitlistPageSchema = z.object({ items: z.array(StaffWaitlistEntrySchema), next: z.string().nullable() });
export type StaffWaitlistPage = z.infer<typeof StaffWaitlistPageSchema>;

/** Patients' answers that wait for staff (the unit's flag; counted in the inbox). */
export const OpenAnswersSchema = z.object({ count: z.number(), items: z.array(AppointmentSchema), next: z.string().nullable() });
export type OpenAnswers = z.infer<typeof OpenAnswersSchema>;

export const AppointmentRequestSchema = z.object({
  id: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  contactId: z.string(),
  text: z.string(),
  preferredTimes: z.array(PreferredTimeSchema),
  status: z.enum(['open', 'offered', 'assigned', 'declined', 'withdrawn']),
  answerText: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
  appointmentId: z.string().nullable(),
  citizen: z.object({ id: z.string(), name: z.string(), birthDate: z.string() }).optional(),
  /** Staff: the patient's own GP at the unit (the default timebook when assigning), if any. */
  gpStaffId: z.string().nullable().optional(),
});
export type AppointmentRequest = z.infer<typeof AppointmentRequestSchema>;

export const SlotSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  type: AppointmentTypeSchema,
  status: z.enum(['open', 'offered', 'booked', 'withdrawn']),
  timebook: z.object({ id: z.string(), name: z.string(), kind: z.enum(['clinician', 'resource']) }),
});
export type Slot = z.infer<typeof SlotSchema>;

export const OfferSchema = z.object({
  id: z.string(),
  slot: SlotSchema,
  unit: z.object({ id: z.string(), name: z.string() }),
  source: z.enum(['waitlist', 'request']),
  expiresAt: z.string(),
});
export type Offer = z.infer<typeof OfferSchema>;

export const WaitlistEntrySchema = z.object({
  id: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  appointmentId: z.string().nullable(),
  status: z.enum(['waiting', 'offered', 'fulfilled', 'withdrawn']),
  createdAt: z.string(),
});

export const CitizenAppointmentsSchema = z.object({
  upcoming: z.array(AppointmentSchema),
  past: z.array(AppointmentSchema),
  requests: z.array(AppointmentRequestSchema),
  offers: z.array(OfferSchema),
  waitlist: z.array(WaitlistEntrySchema),
});
export type CitizenAppointments = z.infer<typeof CitizenAppointmentsSchema>;

/** What the citizen can do about appointments through one health contact. */
export const ContactAppointmentServicesSchema = z.object({
  contactId: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  booking: z.boolean(),
  request: z.boolean(),
  view: z.boolean(),
  cancel: z.boolean(),
  cutoffHours: z.number(),
  dropInUrl: z.string().nullable(),
});
export type ContactAppointmentServices = z.infer<typeof ContactAppointmentServicesSchema>;

export const TimebookSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  kind: z.enum(['clinician', 'resource']),
  name: z.string(),
  staffId: z.string().nullable(),
  defaultType: AppointmentTypeSchema,
  location: z.string().nullable(),
  directions: z.string().nullable(),
});
export type Timebook = z.infer<typeof TimebookSchema>;

export const ScheduleSchema = z.object({
  timebook: TimebookSchema,
  slots: z.array(SlotSchema),
  appointments: z.array(AppointmentSchema),
});
export type Schedule = z.infer<typeof ScheduleSchema>;
