/**
 * Reminders before an appointment that ask the patient to confirm. When an appointment is
 * booked, assigned or moved, a notify.reminder job is planned (in the transaction of the work)
 * for REMINDER_HOURS_BEFORE its start; the notify module's reminder job sends it only if it still
 * asks something (notify.jobs.ts remindAppointment). A move plans a new reminder with a new key;
 * the old one finds the time changed and sends nothing.
 */
import type { EventBus } from '../../platform/events.ts';
import { enqueue } from '../../platform/jobs.ts';
import { REMINDER_QUEUE, type ReminderPayload } from '../notify/notify.plan.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** How long before the start the reminder goes out. */
export const REMINDER_HOURS_BEFORE = 48;

/** When the reminder of an appointment starting at `startsAt` is due, or null when that has passed. */
export function reminderDue(startsAt: Date, now = clockNow()): Date | null {
  const at = new Date(startsAt.getTime() - REMINDER_HOURS_BEFORE * 3_600_000);
  return at > now ? at : null;
}

/** Plans the reminder of every booked, assigned or moved appointment. */
export function subscribeAppointmentReminders(events: EventBus): void {
  events.subscribe(async (tx, e) => {
    if (e.type !== 'appointment.booked' && e.type !== 'appointment.assigned' && e.type !== 'appointment.changed') return;
    const a = await tx.selectFrom('appointments').select(['id', 'citizen_id', 'status', 'starts_at']).where('id', '=', e.appointmentId).executeTakeFirst();
    if (!a || a.status !== 'booked') return;
    const runAt = reminderDue(a.starts_at);
    if (!runAt) return;
    const payload: ReminderPayload = { objectType: 'appointment', objectId: a.id, citizenId: a.citizen_id, startsAt: a.starts_at.toISOString() };
    await enqueue(tx, REMINDER_QUEUE, payload, { idempotencyKey: `reminder:appointment:${a.id}:${payload.startsAt}`, runAt });
  });
}
