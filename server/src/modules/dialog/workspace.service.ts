/**
 * The clinician workspace (docs/inbox.md): the combined inbox of several units, counts per unit,
 * saved filters, quick-reply templates, the patient context beside a thread and presence. Every
 * unit-scoped step asks the policy (decideStaff); every read of a citizen's data is written by the
 * one access-log writer in the same transaction.
 */
import {
  SAVED_FILTER_KEYS,
  SAVED_FILTERS_MAX,
  unknownPlaceholders,
  type InboxCounts,
  type PatientContext,
  type PresenceState,
  type ReplyTemplate,
  type SavedFilter,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decideStaff, enforce } from '../../access/policy.ts';
import type { Membership, StaffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { representationOf } from '../representation/representation.service.ts';
import { findThread, unitOverdue, unitUnread } from './threads.repository.ts';
import {
  contextPerson,
  countSavedFilters,
  deleteReplyTemplate,
  deleteSavedFilterOf,
  findReplyTemplate,
  gpOfContact,
  insertReplyTemplate,
  insertSavedFilter,
  lettersOfPatient,
  otherCitizenAuthors,
  otherThreadsOfPatient,
  personNameOf,
  prescriptionsWithLastRenewal,
  replyTemplatesFor,
  savedFiltersOf,
  upcomingAppointmentsOfPatient,
} from './workspace.repository.ts';
import { parentIdsOf, poaHolderIdsOf } from '../representation/representation.repository.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** The membership through which the actor sees a unit (the policy's decision), or the policy's refusal. */
export function unitMembership(a: StaffActor, unitId: string, opts: { admin?: boolean } = {}): Membership {
  const d = decideStaff(a, unitId, opts);
  enforce(d, 'The unit');
  return d.membership!;
}

/**
 * The units of a combined inbox: those asked for (each one the caller must be a member of, else
 * 404 as for one unit), or all of the caller's units.
 */
export function combinedUnits(a: StaffActor, asked: string[] | undefined): string[] {
  if (!asked?.length) return [...a.memberships.keys()];
  const ids = [...new Set(asked)];
  for (const id of ids) unitMembership(a, id);
  return ids;
}

/** Per unit of the caller: threads with unread messages and overdue ones, each capped (two indexed, bounded counts per unit). */
export async function inboxCounts(ctx: AppContext, a: StaffActor): Promise<InboxCounts> {
  const items = await Promise.all(
    [...a.memberships.values()].map(async (m) => {
      const [u, o] = await Promise.all([unitUnread(ctx.db, m.unitId), unitOverdue(ctx.db, m.unitId)]);
      return { unitId: m.unitId, unitName: m.unitName, unread: u.unread, unreadCapped: u.capped, overdue: o.overdue, overdueCapped: o.capped };
    }),
  );
  return { items: items.sort((x, y) => x.unitName.localeCompare(y.unitName, 'nb')) };
}

// ---- Saved filters (the caller's own) ----

/** Checks a saved filter's query string: only the inbox's own keys, each at most once. */
function checkFilterQuery(query: string): string {
  const p = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const seen = new Set<string>();
  for (const k of p.keys()) {
    if (!(SAVED_FILTER_KEYS as readonly string[]).includes(k))
      throw new AppError('VALIDATION_FAILED', `A saved filter cannot hold "${k}". Save the inbox's own filters only.`);
    if (seen.has(k)) throw new AppError('VALIDATION_FAILED', `A saved filter names "${k}" twice.`);
    seen.add(k);
  }
  return p.toString();
}

function filterDto(r: { id: string; name: string; query: string; created_at: Date }): SavedFilter {
  return { id: r.id, name: r.name, query: r.query, createdAt: r.created_at.toISOString() };
}

export async function listSavedFilters(ctx: AppContext, a: StaffActor): Promise<SavedFilter[]> {
  const rows = await savedFiltersOf(ctx.db, a.staffId, SAVED_FILTERS_MAX);
  return rows.map(filterDto);
}

export async function saveFilter(ctx: AppContext, a: StaffActor, input: { name: string; query: string }): Promise<SavedFilter> {
  const query = checkFilterQuery(input.query);
  return ctx.db.transaction().execute(async (tx) => {
    // One person's filters are written one at a time (the count and the insert).
    if ((await countSavedFilters(tx, a.staffId)) >= SAVED_FILTERS_MAX)
      throw new AppError('SAVED_FILTERS_FULL', `You can save at most ${SAVED_FILTERS_MAX} filters. Delete one you do not use first.`);
    return filterDto(await insertSavedFilter(tx, { staff_id: a.staffId, name: input.name, query }));
  });
}

export async function deleteSavedFilter(ctx: AppContext, a: StaffActor, id: string): Promise<void> {
  if (!(await deleteSavedFilterOf(ctx.db, a.staffId, id))) throw notFound('The saved filter');
}

// ---- Quick-reply templates ----

/** The unit's templates and the caller's personal ones in the unit, by title. */
export async function listTemplates(ctx: AppContext, a: StaffActor, unitId: string): Promise<ReplyTemplate[]> {
  const m = unitMembership(a, unitId);
  const rows = await replyTemplatesFor(ctx.db, unitId, a.staffId);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    text: r.text,
    scope: r.staff_id ? 'personal' : 'unit',
    mine: r.staff_id ? r.staff_id === a.staffId : m.isAdmin,
  }));
}

/** Adds a template: a unit one needs the unit's administrator flag (the policy's admin decision). */
export async function addTemplate(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: { title: string; text: string; scope: 'unit' | 'personal' },
): Promise<ReplyTemplate> {
  const m = unitMembership(a, unitId, { admin: input.scope === 'unit' });
  const unknown = unknownPlaceholders(input.text);
  if (unknown.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}. Use {fornavn} (the patient's first name) or {enhet} (the unit).`,
    );
  const row = await insertReplyTemplate(ctx.db, {
    unit_id: unitId,
    staff_id: input.scope === 'personal' ? a.staffId : null,
    title: input.title,
    text: input.text,
    created_by: a.staffId,
  });
  return { id: row.id, title: row.title, text: row.text, scope: input.scope, mine: input.scope === 'personal' || m.isAdmin };
}

/** Deletes a template: one's own personal one, or a unit one as the unit's administrator. Others' personal ones are not found. */
export async function deleteTemplate(ctx: AppContext, a: StaffActor, unitId: string, id: string): Promise<void> {
  unitMembership(a, unitId);
  const t = await findReplyTemplate(ctx.db, unitId, id);
  if (!t || (t.staff_id && t.staff_id !== a.staffId)) throw notFound('The template');
  if (!t.staff_id) unitMembership(a, unitId, { admin: true });
  await deleteReplyTemplate(ctx.db, id);
}

// ---- Patient context ----

const CONTEXT_ROWS = 10;

/**
 * What the unit knows about a thread's patient, beside the thread: their other threads, upcoming
 * appointments, letters and prescriptions in the thread's unit (with the latest renewal of each),
 * and who may write on their behalf (parents, holders of a power of attorney; as the
 * representation rules decide it today) and whether they have in this unit. One access-log
 * entry, in the same transaction as the reads.
 */
export async function patientContext(ctx: AppContext, a: StaffActor, threadId: string): Promise<PatientContext> {
  return ctx.db.transaction().execute(async (tx) => {
    const t = await findThread(tx, threadId);
    if (!t || !decideStaff(a, t.unit_id).allowed) throw notFound('The conversation');
    const m = unitMembership(a, t.unit_id);
    await auditStaff(tx, a, m, t, 'patient.context', 'thread', t.id);
    const now = clockNow();
    const person = await contextPerson(tx, t.citizen_id);
    const gp = await gpOfContact(tx, t.contact_id);
    const threads = await otherThreadsOfPatient(tx, t.citizen_id, t.unit_id, t.id, CONTEXT_ROWS);
    const appointments = await upcomingAppointmentsOfPatient(tx, t.citizen_id, t.unit_id, now, CONTEXT_ROWS);
    const letters = await lettersOfPatient(tx, t.citizen_id, t.unit_id, CONTEXT_ROWS);
    const prescriptions = await prescriptionsWithLastRenewal(tx, t.citizen_id, t.unit_id, CONTEXT_ROWS * 3);
    // Who may act for the patient: the candidates, each decided by the representation rules as of now.
    const parents = await parentIdsOf(tx, t.citizen_id);
    const holders = await poaHolderIdsOf(tx, t.citizen_id);
    const wrote = new Set(await otherCitizenAuthors(tx, t.citizen_id, t.unit_id));
    const representatives: PatientContext['representatives'] = [];
    for (const id of new Set([...parents, ...holders].map((p) => p.id))) {
      const rep = await representationOf(tx, id, t.citizen_id, now);
      if (!rep || (rep.relation !== 'parent' && rep.relation !== 'poa')) continue;
      const who = await personNameOf(tx, id);
      representatives.push({
        name: `${who.given_name} ${who.family_name}`,
        relation: rep.relation,
        areas: [...rep.areas].sort(),
        until: rep.until?.toISOString() ?? null,
        wroteHere: wrote.has(id),
      });
    }
    return {
      patient: { id: person.id, givenName: person.given_name, familyName: person.family_name, birthDate: person.birth_date },
      unit: { id: t.unit_id, name: t.unit_name },
      gp: gp ? `${gp.given_name} ${gp.family_name}` : null,
      threads: threads.map((r) => ({ id: r.id, topic: r.topic, kind: r.kind, status: r.status, lastMessageAt: r.last_message_at.toISOString() })),
      appointments: appointments.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at.toISOString(), type: r.type })),
      letters: letters.map((r) => ({ id: r.id, title: r.title, sentAt: r.sent_at.toISOString() })),
      prescriptions: prescriptions.map((r) => ({
        id: r.id,
        medication: r.medication,
        strength: r.strength,
        prescribedAt: r.prescribed_at.toISOString(),
        lastRenewal: r.last_renewal ?? null,
      })),
      representatives: representatives.sort((x, y) => x.name.localeCompare(y.name, 'nb')),
    };
  });
}

// ---- Presence ----

/**
 * Tells the unit's staff that the caller has the thread open, is writing in it, or left it: a
 * staff-only live event (never a citizen's stream: policy isStaffOnlyEvent), nothing stored.
 */
export async function announcePresence(ctx: AppContext, a: StaffActor, threadId: string, state: PresenceState): Promise<void> {
  const t = await findThread(ctx.db, threadId);
  if (!t || !decideStaff(a, t.unit_id).allowed) throw notFound('The conversation');
  await ctx.db
    .transaction()
    .execute((tx) =>
      ctx.events.publish(tx, { type: 'staff.presence', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'unit', staffId: a.staffId, state }),
    );
}
