/**
 * Constants and small pure rules shared by server and web, without zod: the web imports them
 * through `@helsedialog/core/constants` where it needs no schema, so a page that only needs a
 * list of kinds or a size limit does not pull zod into its chunk. The zod modules re-export them.
 */
export * from './fnr.ts';
export * from './oslo.ts';

/** Languages of the UI, notifications and system texts: bokmål (default), nynorsk, Northern Sami, English. */
export const LANGUAGES = ['nb', 'nn', 'se', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nb';
/** Narrows an unknown value to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Services a unit can switch on (the catalogue). */
export const SERVICES = [
  'ekontakt',
  'ekonsultasjon',
  'fornyresept',
  'journalkopi',
  'standarddialog',
  'timebestilling',
  'timeonske',
  'avbestilling',
  'timevisning',
  'video',
  'skjema',
] as const;

/** The services that are message threads. */
export const DIALOG_KINDS = ['ekontakt', 'ekonsultasjon', 'fornyresept', 'journalkopi', 'standarddialog'] as const;

export const THREAD_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;
/** The statuses in which the unit still owes an answer: only then does a thread's deadline apply (overdue, "Svarfrist"). */
export const AWAITING_ANSWER = ['new', 'in_progress'] as const satisfies readonly (typeof THREAD_STATUSES)[number][];
/** Whether the unit still owes an answer in a thread with this status. */
export function awaitsAnswer(status: string): boolean {
  return (AWAITING_ANSWER as readonly string[]).includes(status);
}
/** Whether the unit itself may start a thread of a service as the unit has set it (on, and not citizen-only). */
export function unitMayStart(s: { enabled: boolean; initiator: string } | undefined): boolean {
  return !!s && s.enabled && s.initiator !== 'citizen';
}

export const MAX_TEXT = 5000;
export const MAX_TOPIC = 120;
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const APPOINTMENT_TYPES = ['in_person', 'video', 'phone', 'home_visit'] as const;
/** The appointment services of the catalogue. */
export const APPOINTMENT_SERVICES = ['timebestilling', 'timeonske', 'timevisning', 'avbestilling'] as const;

export const NOTIFICATION_CHANNELS = ['sms', 'email', 'both'] as const;
/** The kinds of notice the platform sends (server: notify.content.ts; web: the operators' list of undelivered ones). */
export const NOTICE_KINDS = [
  'message',
  'letter',
  'appointment.assigned',
  'appointment.changed',
  'appointment.cancelled',
  'appointment.offered',
  'appointment.request_declined',
  'visit.completed',
  'reminder.letter',
  'reminder.message',
  'task',
  'document',
  'reminder.appointment',
  'form',
  'reminder.form',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A unit's unread count stops here (`capped`: there are more). */
export const UNIT_UNREAD_CAP = 100;

/** A presence not renewed for this long is gone (clients renew every PRESENCE_RENEW_MS). */
export const PRESENCE_TTL_MS = 45_000;
export const PRESENCE_RENEW_MS = 20_000;
