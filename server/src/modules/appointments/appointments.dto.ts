/** Maps appointment rows to the API shapes of core/appointments.ts, and the rules that decide what a side may see. */
import type { Appointment, AppointmentAnswer, AppointmentRequest, Slot } from '@helsedialog/core';
import { osloParts, startOfDayInOslo } from '../../platform/time.ts';
import type { AppointmentRow, RequestRow, SlotRow } from './appointments.repository.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** Check-in on arrival opens this long before the start… */
export const CHECK_IN_OPENS_BEFORE_MS = 60 * 60_000;

/**
 * THE check-in window (one rule; docs/appointments.md "Check-in"): an in-person appointment that
 * is booked can be checked in from 60 minutes before its start — never before 00:00 Oslo time on
 * its day — until it ends.
 */
export function checkInWindow(a: { starts_at: Date; ends_at: Date; type: string }): { opensAt: Date; closesAt: Date } | null {
  if (a.type !== 'in_person') return null;
  const early = new Date(a.starts_at.getTime() - CHECK_IN_OPENS_BEFORE_MS);
  // Opening the evening before would be "on the day" only in UTC: keep it to the Oslo day of the start.
  const sameDay = osloParts(early).date === osloParts(a.starts_at).date;
  const opensAt = sameDay ? early : startOfDayInOslo(osloParts(a.starts_at).date);
  return { opensAt, closesAt: a.ends_at };
}

/** True while the patient may check in (booked, not yet checked in, in the window). */
export function checkInOpen(a: { starts_at: Date; ends_at: Date; type: string; status: string; checked_in_at: Date | null }, now = clockNow()): boolean {
  const w = checkInWindow(a);
  return !!w && a.status === 'booked' && !a.checked_in_at && now >= w.opensAt && now < w.closesAt;
}

/** The answers a citizen may give to a booked, upcoming appointment, from the unit's options for its type. */
export function answerChoices(
  a: { type: string; status: string; starts_at: Date },
  o: { confirm: boolean; change: boolean; channel: boolean; notNeeded: boolean } | undefined,
  now = clockNow(),
): AppointmentAnswer[] {
  if (!o || a.status !== 'booked' || a.starts_at <= now) return [];
  const out: AppointmentAnswer[] = [];
  if (o.confirm) out.push('confirm');
  if (o.change) out.push('change');
  if (o.channel && a.type !== 'video') out.push('video');
  if (o.channel && a.type !== 'phone') out.push('phone');
  if (o.notNeeded) out.push('not_needed');
  return out;
}

/** An answer that asks staff for something (all but a plain confirmation). */
export function answerNeedsAction(kind: string | null): boolean {
  return !!kind && kind !== 'confirm';
}

function answerDto(r: AppointmentRow): Appointment['answer'] {
  return r.answer && r.answered_at
    ? { kind: r.answer, text: r.answer_text, at: r.answered_at.toISOString(), handledAt: r.answer_handled_at?.toISOString() ?? null }
    : null;
}

/** The join link of a video appointment is handed out from this long before the start… */
export const VIDEO_OPENS_BEFORE_MS = 15 * 60_000;
/** …until this long after the end. */
export const VIDEO_CLOSES_AFTER_MS = 60 * 60_000;

/** A visit can be marked carried out from its start time on, not before. */
export function mayComplete(a: { starts_at: Date }, now = clockNow()): boolean {
  return now.getTime() >= a.starts_at.getTime();
}

/** True while the video link of an appointment may be shown. */
export function videoOpen(a: { starts_at: Date; ends_at: Date }, now = clockNow()): boolean {
  return now.getTime() >= a.starts_at.getTime() - VIDEO_OPENS_BEFORE_MS && now.getTime() <= a.ends_at.getTime() + VIDEO_CLOSES_AFTER_MS;
}

/** What the citizen may do through the contact of an appointment. */
export interface CitizenRights {
  cancel: boolean;
  cutoffHours: number;
  dialog: boolean;
  /** The unit's answer options for the appointment's type (undefined: none). */
  answers?: { confirm: boolean; change: boolean; channel: boolean; notNeeded: boolean } | undefined;
  /** The unit takes check-in on arrival. */
  checkIn?: boolean;
}

/** An appointment as the citizen sees it: the video link only within its window, cancelling within the unit's rules. */
export function citizenAppointment(r: AppointmentRow, rights: CitizenRights, now = clockNow()): Appointment {
  const deadline = new Date(r.starts_at.getTime() - rights.cutoffHours * 3_600_000);
  const active = r.status === 'booked';
  return {
    ...common(r),
    videoUrl: r.type === 'video' && active && videoOpen(r, now) ? r.video_url : null,
    videoOpensAt: r.type === 'video' ? new Date(r.starts_at.getTime() - VIDEO_OPENS_BEFORE_MS).toISOString() : null,
    canCancel: active && rights.cancel && now < deadline,
    cancelDeadline: rights.cancel ? deadline.toISOString() : null,
    canStartDialog: active && rights.dialog && r.ends_at > now,
    answer: answerDto(r),
    answerOptions: answerChoices(r, rights.answers, now),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    canCheckIn: !!rights.checkIn && checkInOpen(r, now),
    checkInOpensAt: rights.checkIn && active ? (checkInWindow(r)?.opensAt.toISOString() ?? null) : null,
  };
}

/** An appointment as staff see it, with the citizen. */
export function staffAppointment(r: AppointmentRow, now = clockNow()): Appointment {
  return {
    ...common(r),
    // The clinician joins in the same window as the patient (from 15 minutes before).
    videoUrl: r.type === 'video' && r.status === 'booked' && videoOpen(r, now) ? r.video_url : null,
    canComplete: r.status === 'booked' && mayComplete(r, now),
    videoOpensAt: r.type === 'video' ? new Date(r.starts_at.getTime() - VIDEO_OPENS_BEFORE_MS).toISOString() : null,
    canCancel: r.status === 'booked',
    cancelDeadline: null,
    canStartDialog: false,
    citizen: { id: r.citizen_id, name: `${r.p_given} ${r.p_family}`, birthDate: r.p_birth },
    answer: answerDto(r),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    timebookId: r.timebook_id,
  };
}

function common(r: AppointmentRow) {
  return {
    id: r.id,
    title: r.title,
    type: r.type,
    status: r.status,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    unit: { id: r.unit_id, name: r.unit_name, kind: r.unit_kind },
    contactId: r.contact_id,
    resource: r.timebook_kind === 'resource',
    clinician: r.timebook_kind === 'resource' || !r.s_given ? null : `${r.s_given} ${r.s_family}`,
    location: r.location,
    directions: r.directions,
    reason: r.reason,
    note: r.note,
    source: r.source,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    cancelledBy: r.cancelled_by,
    completedAt: r.completed_at?.toISOString() ?? null,
    threadId: r.thread_id,
  };
}

/** A slot with its timebook. */
export function slotDto(s: Pick<SlotRow, 'id' | 'starts_at' | 'ends_at' | 'type' | 'status' | 'timebook_id' | 'timebook_name' | 'timebook_kind'>): Slot {
  return {
    id: s.id,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    type: s.type,
    // An absence block is not bookable: outside the calendar it reads as a withdrawn time.
    status: s.status === 'blocked' ? 'withdrawn' : s.status,
    timebook: { id: s.timebook_id, name: s.timebook_name, kind: s.timebook_kind },
  };
}

/** A request; staff also see who sent it. */
export function requestDto(r: RequestRow, side: 'citizen' | 'unit'): AppointmentRequest {
  return {
    id: r.id,
    unit: { id: r.unit_id, name: r.unit_name },
    contactId: r.contact_id,
    text: r.text,
    preferredTimes: r.preferred_times as AppointmentRequest['preferredTimes'],
    status: r.status,
    answerText: r.answer_text,
    answeredAt: r.answered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    appointmentId: r.appointment_id ?? null,
    ...(side === 'unit' ? { citizen: { id: r.citizen_id, name: `${r.p_given} ${r.p_family}`, birthDate: r.p_birth }, gpStaffId: r.gp_staff_id } : {}),
  };
}

/** The default title of an appointment: what it is ("Blodprøve på laboratoriet"), not only where. */
export function defaultTitle(timebook: { kind: 'clinician' | 'resource'; name: string } | undefined, clinicianName: string | null, type: string): string {
  if (timebook?.kind === 'resource') return timebook.name;
  if (type === 'home_visit') return 'Hjemmebesøk';
  const how = type === 'video' ? 'Videotime' : type === 'phone' ? 'Telefontime' : 'Time';
  return clinicianName ? `${how} hos ${clinicianName}` : how;
}
