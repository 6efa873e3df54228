/**
 * Out-of-office cover (decision 71): THE rule for where a thread lands while the person it is
 * addressed or assigned to is away. Every path that assigns or routes a thread asks here — a
 * citizen's new thread (also through a flexible dialog), a citizen's reply, a staff member's
 * (re)assignment; the FHIR API assigns nothing. When the person the thread would land with
 * (its assignee, else its addressee) has an absence covering the moment, the thread is assigned
 * to the cover (following a cover who is away too, a few steps, never in a circle), the citizen
 * gets a system message naming the cover and the promised answer date, and the cover an in-app
 * notice.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events.ts';
import { addStaffNotices } from './notices.ts';
import { OSLO } from '../../platform/time.ts';
import { insertMessage } from './threads.repository.ts';

/** How many covers in a row are followed (A away → B away → C). */
const MAX_HOPS = 3;

export interface Cover {
  /** The absent person the thread would have landed with. */
  absentId: string;
  absentName: string;
  /** Their absence ends (the first absent person's). */
  until: Date;
  coverId: string;
  coverName: string;
}

/** Whom a thread for `staffId` in a unit goes to at `at`: undefined when they are not away (or no cover is found). */
export async function coverFor(db: DbOrTx, unitId: string, staffId: string, at: Date = clockNow()): Promise<Cover | undefined> {
  const seen = new Set([staffId]);
  let current = staffId;
  let first: { until: Date } | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const a = await db
      .selectFrom('staff_absences')
      .select(['cover_staff_id', 'ends_at'])
      .where('staff_id', '=', current)
      .where('unit_id', '=', unitId)
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!a) break;
    first ??= { until: a.ends_at };
    if (seen.has(a.cover_staff_id)) break;
    seen.add(a.cover_staff_id);
    current = a.cover_staff_id;
  }
  if (!first || current === staffId) return undefined;
  const names = await db.selectFrom('staff').select(['id', 'given_name', 'family_name', 'title']).where('id', 'in', [staffId, current]).execute();
  const name = (id: string) => {
    const s = names.find((n) => n.id === id);
    return s ? `${s.given_name} ${s.family_name}` : '';
  };
  return { absentId: staffId, absentName: name(staffId), until: first.until, coverId: current, coverName: name(current) };
}

const dateNb = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeNb = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

/** The automatic reply to the citizen (bokmål, as the unit's other system messages). */
export function coverReplyNb(c: Cover, dueAt: Date | null): string {
  const answer = dueAt ? ` Du kan vente svar innen ${dateNb.format(dueAt)}.` : '';
  return `Automatisk svar: ${c.absentName} er borte til ${dateTimeNb.format(c.until)}. ${c.coverName} tar seg av henvendelsen din i mellomtiden.${answer}`;
}

/**
 * Applies the cover rule to a thread the caller has locked (or just created) in `tx`: when the
 * person it lands with is away, assigns it to the cover, writes the automatic reply and the
 * cover's notice. Returns the cover, or undefined when nothing changed.
 */
export async function routeToCover(
  tx: Transaction<DB>,
  events: Pick<EventBus, 'publish'>,
  t: {
    id: string;
    unit_id: string;
    citizen_id: string;
    status: 'new' | 'in_progress' | 'answered' | 'closed';
    addressed_staff_id: string | null;
    assigned_staff_id: string | null;
    due_at: Date | null;
    last_seq: number;
  },
  at: Date = clockNow(),
): Promise<Cover | undefined> {
  const landsWith = t.assigned_staff_id ?? t.addressed_staff_id;
  if (!landsWith) return undefined;
  const c = await coverFor(tx, t.unit_id, landsWith, at);
  if (!c) return undefined;
  await tx.updateTable('threads').set({ assigned_staff_id: c.coverId }).where('id', '=', t.id).execute();
  t.assigned_staff_id = c.coverId;
  await insertMessage(tx, t, { citizenId: t.citizen_id, unitId: t.unit_id, authorKind: 'system', text: coverReplyNb(c, t.due_at) }, { status: t.status, unread: 'citizen' });
  await addStaffNotices(tx, events, { kind: 'cover', to: [c.coverId], unitId: t.unit_id, threadId: t.id, citizenId: t.citizen_id, at });
  return c;
}
