/**
 * The patient answers an appointment — confirm attendance, ask to change, ask for video or phone
 * instead, say it is no longer needed — and checks in on arrival. What the unit takes is set per
 * unit and appointment type (answers) and per unit (check-in); the window of check-in is one rule
 * (`checkInWindow`, appointments.dto.ts). Each answer is journaled (appointment.answered goes
 * through the journal module like every appointment change) and reaches staff live; an answer
 * that asks for something waits, flagged, until staff mark it handled (docs/appointments.md).
 */
import type { Appointment, AppointmentAnswer } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { auditRepresentative } from '../audit/access-log.writer.ts';
import { findAppointment, updateAppointment } from './appointments.repository.ts';
import { answerChoices, answerNeedsAction, checkInOpen, checkInWindow } from './appointments.dto.ts';
import { ownAppointment, toCitizen } from './appointments.service.ts';
import { osloLabelNb } from './recurrence.ts';
import { now as clockNow } from '../../platform/clock.ts';

const ANSWER_EN: Record<AppointmentAnswer, string> = {
  confirm: 'confirming attendance',
  change: 'asking to change the time',
  video: 'asking for video instead',
  phone: 'asking for phone instead',
  not_needed: 'saying the appointment is no longer needed',
};

/** The patient's answer to an appointment; the latest answer replaces an earlier one (each is journaled). */
export async function answerAppointment(ctx: AppContext, a: CitizenActor, id: string, answer: AppointmentAnswer, text: string | undefined): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, rights } = await ownAppointment(tx, a, id, true);
    if (r.status !== 'booked' || r.starts_at <= clockNow())
      throw new AppError('APPOINTMENT_NOT_ACTIVE', 'This appointment is cancelled, carried out or has started, so it can no longer be answered here.');
    if (!answerChoices(r, rights.answers[r.type]).includes(answer))
      throw new AppError('SERVICE_OFF', `${r.unit_name} does not take this answer (${ANSWER_EN[answer]}) online for this appointment. Contact them directly.`);
    const now = clockNow();
    await updateAppointment(tx, r.id, {
      answer,
      answer_text: text?.trim() || null,
      answered_at: now,
      answered_by_person_id: a.userId,
      // A confirmation asks nothing of staff; anything else waits until they handle it.
      answer_handled_at: answerNeedsAction(answer) ? null : now,
      answer_handled_by: null,
      updated_at: now,
    });
    await auditRepresentative(tx, a, `appointment.answer.${answer}`, 'appointment', r.id, { id: r.unit_id, name: r.unit_name });
    await ctx.events.publish(tx, { type: 'appointment.answered', citizenId: r.citizen_id, unitId: r.unit_id, appointmentId: r.id, answer, by: 'citizen' });
    return toCitizen((await findAppointment(tx, r.id))!, rights);
  });
}

/** The patient checks in on arrival (the unit's setting; on the day, in the window). Staff see it live. */
export async function checkIn(ctx: AppContext, a: CitizenActor, id: string): Promise<Appointment> {
  return ctx.db.transaction().execute(async (tx) => {
    const { r, rights } = await ownAppointment(tx, a, id, true);
    if (!rights.checkIn) throw new AppError('SERVICE_OFF', `${r.unit_name} does not take check-in online. Tell the reception that you have arrived.`);
    if (r.checked_in_at) return toCitizen(r, rights);
    if (!checkInOpen(r)) {
      const w = checkInWindow(r);
      throw new AppError(
        'CHECK_IN_NOT_OPEN',
        !w || r.status !== 'booked'
          ? 'This appointment cannot be checked in online. Tell the reception that you have arrived.'
          : clockNow() < w.opensAt
            ? `Check-in opens ${osloLabelNb(w.opensAt)} (Norwegian time), on the day of the appointment. Check in when you have arrived.`
            : 'The appointment is over, so check-in is closed. Contact the unit if you need a new time.',
        w ? { opensAt: w.opensAt.toISOString() } : undefined,
      );
    }
    await updateAppointment(tx, r.id, { checked_in_at: clockNow(), updated_at: clockNow() });
    await auditRepresentative(tx, a, 'appointment.check_in', 'appointment', r.id, { id: r.unit_id, name: r.unit_name });
    await ctx.events.publish(tx, { type: 'appointment.checked_in', citizenId: r.citizen_id, unitId: r.unit_id, appointmentId: r.id, by: 'citizen' });
    return toCitizen((await findAppointment(tx, r.id))!, rights);
  });
}
