/**
 * The patient's to-do list (Oppgaver): everything the patient is asked to do — tools sent by a
 * clinician, forms to fill, appointments to confirm or check in to — from one registry of
 * sources. Each source answers for its own kind under the access policy (a representative sees a
 * task only where the policy lets them see its kind), so the list never shows what the item's
 * own page would refuse. Overdue first, then by deadline (core's compareTasks); done ones are the
 * history.
 */
import { compareTasks, type TaskItem, type TaskList } from '@helsedialog/core';
import type { CitizenActor } from '../../access/actors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now } from '../../platform/clock.ts';
import { toolTasks } from '../tools/tools.service.ts';
import { formTasks } from '../forms/forms.tasks.ts';
import { appointmentTasks } from '../appointments/appointments.tasks.ts';

/** A source of tasks: the open ones and the latest done ones for the actor's subject. */
export type TaskSource = (db: DbOrTx, actor: CitizenActor) => Promise<TaskItem[]>;

/** Every source of tasks. A module that asks the patient to do something adds its source here. */
export const TASK_SOURCES: readonly TaskSource[] = [formTasks, toolTasks, appointmentTasks];

/** The to-do list of the actor's subject. */
export async function listTasks(db: DbOrTx, actor: CitizenActor, at: Date = now()): Promise<TaskList> {
  const all = (await Promise.all(TASK_SOURCES.map((source) => source(db, actor)))).flat();
  const open = all.filter((t) => t.doneAt === null).sort((a, b) => compareTasks(a, b, at));
  const done = all.filter((t) => t.doneAt !== null).sort((a, b) => Date.parse(b.doneAt!) - Date.parse(a.doneAt!));
  const overdue = open.filter((t) => t.dueAt !== null && Date.parse(t.dueAt) < at.getTime()).length;
  return { open, done, overdue };
}
