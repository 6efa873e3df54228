/**
 * One error type for the whole app, answered as RFC 9457 problem+json with a stable code
 * and a message a person can act on. Unknown errors are logged and answered 500 without internals.
 */

/** Stable error codes, grouped by the HTTP status they answer with. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  LOGIN_FAILED: 400,
  LOGIN_STATE_MISMATCH: 400,
  LOGIN_NONCE_MISMATCH: 400,
  LOGIN_CODE_INVALID: 400,
  LOGIN_ACR_TOO_LOW: 400,
  LOGIN_ATTEMPT_EXPIRED: 400,
  LOGIN_UNKNOWN_PERSON: 400,
  LOGIN_CANCELLED: 400,
  LOGIN_UNDER_OWN_ACCESS_AGE: 403,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_OFF: 403,
  CONTACT_INACTIVE: 409,
  THREAD_CLOSED: 409,
  CONVERSION_PENDING: 409,
  CANNOT_CLOSE_UNANSWERED: 409,
  NOT_CLINICIAN_ANSWER: 403,
  TOO_MANY_ATTACHMENTS: 400,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  ATTACHMENT_MALWARE: 422,
  NOT_UNIT_ADMIN: 403,
  REPRESENTATION_ENDED: 403,
  FLEXIBLE_DIALOG_ENDED: 409,
  REPRESENTATION_AREA: 403,
  SELF_ONLY: 403,
  TOO_YOUNG: 403,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  SLOT_TAKEN: 409,
  TIME_CONFLICT: 409,
  SLOT_IN_PAST: 409,
  CANCEL_TOO_LATE: 409,
  APPOINTMENT_NOT_ACTIVE: 409,
  NOT_STARTED: 409,
  VIDEO_NOT_OPEN: 409,
  CHECK_IN_NOT_OPEN: 409,
  OFFER_NOT_OPEN: 409,
  TIME_NOT_IN_OSLO: 400,
  CONTACT_DETAILS_MISSING: 409,
  LETTER_NOT_PDF: 415,
  NOT_CATALOGUE_ADMIN: 403,
  TOOL_RETIRED: 409,
  TOOL_AGE_LIMIT: 422,
  TOOL_NAME_TAKEN: 409,
  RECORD_NOT_RELEASABLE: 409,
  RECORD_NOT_DIGITAL: 409,
  STATISTICS_PERIOD_INVALID: 400,
  STATISTICS_PERIOD_IN_FUTURE: 400,
  TOPIC_UNKNOWN: 422,
  ABSENCE_OVERLAP: 409,
  COVER_NOT_COLLEAGUE: 400,
  CAMPAIGN_NO_RECIPIENTS: 422,
  CAMPAIGN_RECIPIENTS_INVALID: 422,
  CAMPAIGN_TEXT_MISSING: 422,
  CAMPAIGN_STATE: 409,
  QUESTIONNAIRE_INVALID: 422,
  FORM_RESPONSE_INVALID: 422,
  FORM_ALREADY_SUBMITTED: 409,
  FORM_RETIRED: 409,
  FORM_REQUIRED: 409,
  FORM_CHANGED: 409,
  FORM_DEADLINE_PASSED: 409,
  FORM_APPOINTMENT_NOT_UPCOMING: 409,
  FORM_TAKES_NO_FILES: 409,
  FORM_ATTACHMENT_LIMIT: 409,
  FORM_OVERDUE: 409,
  THREAD_CHANGED: 409,
  SAVED_FILTERS_FULL: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the user can act on; `code` is stable, `message` is the human text. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}

/** The problem+json body for an AppError. */
export function problemBody(err: AppError, instance?: string) {
  return {
    type: `https://helsedialog.no/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: err.code,
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(err.details ?? {}),
  };
}

/** Shorthand for a 404 that reveals nothing about whether the thing exists. */
export function notFound(what = 'The resource'): AppError {
  return new AppError('NOT_FOUND', `${what} was not found, or you do not have access to it.`);
}

// ---- A write refused because two bookings would overlap ----

const overlapLabel = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const overlapTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A timestamptz as PostgreSQL prints it in an error detail ("2026-12-08 13:00:00+01"), as a Date. */
function pgInstant(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The exclusion constraints that keep a timebook, and a clinician, free of overlapping bookings
 * (migration 20261207T1300) refuse a write with SQLSTATE 23P01. Every path — web, FHIR, jobs —
 * gets the same answer from here: 409 TIME_CONFLICT naming the time it clashes with (in
 * Norwegian time) and, as `conflict`, that time's start and end.
 */
export function overlapConflict(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '23P01') return undefined;
  const { detail, constraint } = err as { detail?: unknown; constraint?: unknown };
  const existing = typeof detail === 'string' ? /conflicts with existing key .*\["?([^",]+)"?,\s*"?([^")\]]+)"?[)\]]/.exec(detail) : null;
  const start = existing ? pgInstant(existing[1]!) : null;
  const end = existing ? pgInstant(existing[2]!) : null;
  return timeConflict(typeof constraint === 'string' && constraint.includes('clinician') ? 'clinician' : 'timebook', start && end ? { start, end } : null);
}

/** 409 TIME_CONFLICT: the timebook (or the clinician) already has the given time, which overlaps the one asked for. */
export function timeConflict(whose: 'timebook' | 'clinician', existing: { start: Date; end: Date } | null): AppError {
  const who = whose === 'clinician' ? 'The clinician is already booked' : 'The timebook already has a time';
  if (!existing) return new AppError('TIME_CONFLICT', `${who} that overlaps this one. Choose a time that does not overlap.`);
  return new AppError(
    'TIME_CONFLICT',
    `${who} at ${overlapLabel.format(existing.start)}–${overlapTime.format(existing.end)} (Norwegian time), which overlaps this one. Choose a time that does not overlap.`,
    { conflict: { startsAt: existing.start.toISOString(), endsAt: existing.end.toISOString() } },
  );
}
