/**
 * Which threads a citizen actor sees. Oneself and a power-of-attorney holder see all.
 * A parent of a child under 12 sees all but what a clinician hid from parents. A parent of
 * a youth (12–15) sees only threads they started themselves in a contact where dialog was
 * granted to them — never the youth's own conversations.
 */
import type { DbOrTx } from '../platform/jobs.ts';
import { AppError } from '../platform/errors.ts';
import { hiddenFromParents } from '../modules/representation/representation.service.ts';
import type { CitizenActor } from './actors.ts';

type ThreadRef = { id: string; contact_id: string; created_by_person_id?: string | null };

/** May the actor see this thread? */
export async function threadVisible(db: DbOrTx, a: CitizenActor, t: ThreadRef): Promise<boolean> {
  if (a.dialogContacts && !a.dialogContacts.has(t.contact_id)) return false;
  if (!a.parentView) return true;
  if (a.subjectAge >= 12) {
    const createdBy =
      t.created_by_person_id ?? (await db.selectFrom('threads').select('created_by_person_id').where('id', '=', t.id).executeTakeFirst())?.created_by_person_id;
    if (createdBy !== a.userId) return false;
  }
  return !(await hiddenFromParents(db, 'thread', t.id));
}

/**
 * The threads of a list the actor may see, with one query for hidden items (not one per thread).
 */
export async function visibleThreads<T extends ThreadRef>(db: DbOrTx, a: CitizenActor, threads: T[]): Promise<T[]> {
  if (!a.parentView || threads.length === 0) return a.dialogContacts ? threads.filter((t) => a.dialogContacts!.has(t.contact_id)) : threads;
  const hidden = new Set(
    (
      await db
        .selectFrom('hidden_from_parents')
        .select('object_id')
        .where('object_type', '=', 'thread')
        .where(
          'object_id',
          'in',
          threads.map((t) => t.id),
        )
        .execute()
    ).map((r) => r.object_id),
  );
  return threads.filter(
    (t) => (!a.dialogContacts || a.dialogContacts.has(t.contact_id)) && (a.subjectAge < 12 || t.created_by_person_id === a.userId) && !hidden.has(t.id),
  );
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
