/**
 * Dialog helpers on top of the access policy (policy.ts decides; nothing is decided here):
 * whether a citizen actor may see one thread, and whether they may write in a contact.
 * Lists of threads filter in SQL with the policy's `visibleTo` (threads.repository.ts).
 */
import type { DbOrTx } from '../platform/jobs.ts';
import { AppError } from '../platform/errors.ts';
import type { CitizenActor } from './actors.ts';
import { decide, isHidden } from './policy.ts';

type ThreadRef = { id: string; citizen_id?: string; contact_id: string; created_by_person_id?: string | null };

/** May the actor see this thread? (The policy's thread rule; the hidden flag is read only when parent rules apply.) */
export async function threadVisible(db: DbOrTx, a: CitizenActor, t: ThreadRef): Promise<boolean> {
  let createdBy = t.created_by_person_id;
  let citizenId = t.citizen_id;
  if (createdBy === undefined || citizenId === undefined) {
    const row = await db.selectFrom('threads').select(['citizen_id', 'created_by_person_id']).where('id', '=', t.id).executeTakeFirst();
    if (!row) return false;
    createdBy = row.created_by_person_id;
    citizenId = row.citizen_id;
  }
  const hidden = a.parentView ? await isHidden(db, 'thread', t.id) : false;
  return decide(a, 'thread', 'see', { citizenId, contactId: t.contact_id, createdByPersonId: createdBy, hidden }).allowed;
}

/** Refuses dialog in a contact the actor may not write in. */
export async function requireDialogInContact(db: DbOrTx, a: CitizenActor, contact: { id: string; unit_id: string; unit_name: string }): Promise<void> {
  if (a.dialogContacts && !a.dialogContacts.has(contact.id)) {
    throw new AppError('REPRESENTATION_AREA', `You cannot send messages for ${a.subjectName} to ${contact.unit_name}.`, { area: 'dialog' });
  }
  if (a.relation === 'self' && a.subjectAge >= 12 && a.subjectAge < 16) {
    const u = await db.selectFrom('units').select('youth_dialog').where('id', '=', contact.unit_id).executeTakeFirst();
    if (!u?.youth_dialog)
      throw new AppError('SERVICE_OFF', `${contact.unit_name} does not offer messages to young people under 16 themselves. Ask a parent or contact the unit.`);
  }
}
