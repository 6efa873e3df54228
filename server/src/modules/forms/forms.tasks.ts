/**
 * The forms' part of the patient's to-do list ("Oppgaver"): every form sent to the subject that
 * the acting person may see (the access policy's 'form' rule, as a SQL condition), open ones
 * with their deadline, submitted ones with when. Registered in modules/tasks/tasks.ts.
 */
import type { TaskSource } from '../tasks/tasks.ts';
import { visibleTo } from '../../access/policy.ts';
import './forms.tables.ts';


/** How many open forms one call returns at most. */
export const FORM_TASK_LIMIT = 100;
/** How many finished forms the history shows (the last 50 per kind, as docs/tools-and-tasks.md says; tools the same). */
export const FORM_TASK_HISTORY = 50;

/**
 * Forms to fill (not submitted, neither form nor version retired; deadline first, none last) and forms done (newest
 * first). Two indexed queries (form_requests_citizen_open_idx, form_requests_citizen_idx).
 */
export const formTasks: TaskSource = async (db, actor) => {
  const base = db
    .selectFrom('form_requests as r')
    .innerJoin('forms as f', 'f.id', 'r.form_id')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'f.title', 'r.unit_id', 'u.name as unit_name', 'r.due_at', 'r.submitted_at'])
    .where(visibleTo(actor, 'form', { id: 'r.id', citizenId: 'r.citizen_id' }));
  const open = await base
    .where('r.submitted_at', 'is', null)
    .where('f.retired_at', 'is', null)
    .where('v.retired_at', 'is', null)
    .orderBy('r.due_at', (ob) => ob.asc().nullsLast())
    .orderBy('r.id')
    .limit(FORM_TASK_LIMIT)
    .execute();
  const done = await base.where('r.submitted_at', 'is not', null).orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(FORM_TASK_HISTORY).execute();
  return [...open, ...done].map((r) => ({
    kind: 'form' as const,
    id: r.id,
    title: r.title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    dueAt: r.due_at ? r.due_at.toISOString() : null,
    doneAt: r.submitted_at ? r.submitted_at.toISOString() : null,
    href: `/skjema/${r.id}`,
  }));
};
