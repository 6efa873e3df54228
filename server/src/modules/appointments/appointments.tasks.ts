/**
 * The appointments module's task source for the patient's to-do list (oppgaver): confirmations
 * due and check-ins available today. The list (modules/tasks/tasks.ts) merges the sources. Respects the access policy: only appointments the actor
 * may see (`visibleTo`, in SQL — a representative without the appointments area gets nothing,
 * a parent does not see items hidden from parents) and that the unit lets the citizen see.
 */
import type { TaskItem } from '@helsedialog/core';
import type { TaskSource } from '../tasks/tasks.ts';
import { decideKind } from '../../access/policy.ts';
import { startOfDayInOslo, todayInOslo, addDays } from '../../platform/time.ts';
import { appointmentRows } from './appointments.repository.ts';
import { answerChoices, checkInWindow } from './appointments.dto.ts';
import { contactById, contactRights, type ContactRights } from './appointments.rules.ts';
import { REMINDER_HOURS_BEFORE } from './reminders.ts';
import { now as clockNow } from '../../platform/clock.ts';


/** How far ahead confirmations are listed (they are asked from the reminder on; listed a little earlier). */
const CONFIRM_AHEAD_DAYS = 14;

/**
 * Confirmations: booked, upcoming appointments (within CONFIRM_AHEAD_DAYS) whose unit takes a
 * confirmation for their type; done once the patient confirmed (doneAt). Due REMINDER_HOURS_BEFORE
 * the start (when the reminder asks). Check-ins: today's in-person appointments of units that take
 * check-in, from when the window opens (checkInWindow) until the appointment ends; done when
 * checked in.
 */
export const appointmentTasks: TaskSource = async (db, actor) => {
  if (!decideKind(actor, 'appointment').allowed) return [];
  const now = clockNow();
  const today = todayInOslo(now);
  const rows = (
    await appointmentRows(db, {
      citizenId: actor.subjectId,
      visibleTo: actor,
      from: startOfDayInOslo(today),
      to: new Date(now.getTime() + CONFIRM_AHEAD_DAYS * 86_400_000),
      limit: 200,
    })
  ).filter((r) => r.status === 'booked');
  const rights = new Map<string, ContactRights | undefined>();
  for (const id of new Set(rows.map((r) => r.contact_id))) {
    const c = await contactById(db, id);
    rights.set(id, c ? await contactRights(db, c) : undefined);
  }
  const tomorrow = startOfDayInOslo(addDays(today, 1));
  const out: TaskItem[] = [];
  for (const r of rows) {
    const rr = rights.get(r.contact_id);
    if (!rr?.view) continue;
    const base = { unitId: r.unit_id, unitName: r.unit_name, href: `/citizen/appointments/${r.id}` };
    const options = rr.answers[r.type];
    if (options?.confirm && r.starts_at > now && (r.answer === 'confirm' || answerChoices(r, options, now).includes('confirm')))
      out.push({
        ...base,
        kind: 'appointment-confirmation',
        id: `appointment-confirmation:${r.id}`,
        title: r.title,
        dueAt: new Date(Math.max(now.getTime(), r.starts_at.getTime() - REMINDER_HOURS_BEFORE * 3_600_000)).toISOString(),
        doneAt: r.answer === 'confirm' && r.answered_at ? r.answered_at.toISOString() : null,
      });
    const w = checkInWindow(r);
    if (rr.checkIn && w && r.starts_at < tomorrow && now >= w.opensAt && now < w.closesAt)
      out.push({
        ...base,
        kind: 'check-in',
        id: `check-in:${r.id}`,
        title: r.title,
        dueAt: r.starts_at.toISOString(),
        doneAt: r.checked_in_at?.toISOString() ?? null,
      });
  }
  return out.sort((x, y) => (x.dueAt ?? '').localeCompare(y.dueAt ?? ''));
};
