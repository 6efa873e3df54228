/** All SQL of threads and messages. */
import { randomUUID } from 'node:crypto';
import { AWAITING_ANSWER, UNIT_UNREAD_CAP } from '@helsedialog/core';
import { sql, type Insertable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { DB, DialogKind, ThreadsTable, ThreadStatus } from '../../platform/db-types.ts';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { deferred, pipelined } from '../../platform/pg-connection.ts';
import { compiledTemplate, template, templates } from '../../platform/query-template.ts';
// The columns other modules add to threads (created_by_person_id, addressed_role).
import type {} from '../representation/representation.tables.ts';
import type {} from './dialog-rules.tables.ts';
import { visibleTo } from '../../access/policy.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { escapeLike, type PatientQuery } from '../contacts/patient-search.ts';
import type { Cursor } from '../../platform/cursor.ts';

const threadColumns = [
  't.id',
  't.citizen_id',
  't.unit_id',
  't.contact_id',
  't.kind',
  't.topic',
  't.status',
  't.started_by',
  't.addressed_staff_id',
  't.assigned_staff_id',
  't.due_at',
  't.replies_allowed',
  't.answered_at',
  't.closed_at',
  't.conversion_kind',
  't.conversion_state',
  't.collect_method',
  't.citizen_unread',
  't.unit_unread',
  't.created_at',
  't.last_message_at',
  't.created_by_person_id',
  't.last_seq',
  't.flexible_dialog_id',
  't.addressed_role',
  't.topic_id',
  'u.name as unit_name',
] as const;

function threadQuery(db: Pick<DbOrTx, 'selectFrom'>) {
  return db.selectFrom('threads as t').innerJoin('units as u', 'u.id', 't.unit_id').select(threadColumns);
}
export type ThreadRow = Awaited<ReturnType<ReturnType<typeof threadQuery>['executeTakeFirstOrThrow']>>;

// The hot reads below are query templates: built once, then run with new values (query-template.ts).
const threadById = template((db, a: { id: string }) => threadQuery(db).where('t.id', '=', a.id));

/** One thread with its unit name. */
export async function findThread(db: DbOrTx, id: string): Promise<ThreadRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await threadById(db, { id }))[0];
}

const lockedThreadById = template((db, a: { id: string }) =>
  threadQuery(db)
    .leftJoin('health_contacts as hc', 'hc.id', 't.contact_id')
    .select(['hc.citizen_id as contact_citizen_id', 'hc.started_at as contact_started_at', 'hc.ends_at as contact_ends_at', 'hc.ended_at as contact_ended_at'])
    .where('t.id', '=', a.id)
    .forUpdate('t'),
);

/** Locks a thread row for the rest of the transaction and returns it with its health contact's dates (one round trip). */
export async function lockThread(tx: Transaction<DB>, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await lockedThreadById(tx, { id }))[0];
}

/**
 * A word search over a thread: every word (Norwegian full-text, stemmed) is in its topic, its
 * patient's name or the text of one of its messages — the thread's stored search words
 * (`threads.search_tsv`, migration 20261211T0900), so the search reads no message and no person
 * and stays within the threads the query is bounded to (a unit's, a citizen's).
 */
function searchMatches(words: string) {
  return sql<SqlBool>`t.search_tsv @@ plainto_tsquery('norwegian', ${words})`;
}

/** Archived by this viewer since the thread's last message (an archived thread is back once a newer message arrives). */
function archivedBy(viewerId: string) {
  return sql<boolean>`EXISTS (SELECT 1 FROM thread_archives ar WHERE ar.person_id = ${viewerId} AND ar.thread_id = t.id AND ar.archived_at >= t.last_message_at)`;
}
function notArchived(viewerId: string) {
  return sql<SqlBool>`NOT ${archivedBy(viewerId)}`;
}

const citizenThreads = templates((db, a: { citizenId: string; viewerId: string; limit: number; at?: Date; id?: string }, paged: boolean) => {
  let q = threadQuery(db).where('t.citizen_id', '=', a.citizenId).where(notArchived(a.viewerId));
  if (paged) q = q.where((eb) => eb.or([eb('t.last_message_at', '<', a.at!), eb.and([eb('t.last_message_at', '=', a.at!), eb('t.id', '<', a.id!)])]));
  return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(a.limit);
});

/** A citizen's threads not archived by the viewer, newest activity first, keyset-paged. */
export async function listCitizenThreads(db: Db, citizenId: string, viewerId: string, cursor: Cursor | undefined, limit: number): Promise<ThreadRow[]> {
  return cursor
    ? citizenThreads(db, true, { citizenId, viewerId, limit, at: cursor.at, id: cursor.id })
    : citizenThreads(db, false, { citizenId, viewerId, limit });
}

/**
 * The citizen side's other views, filtered in SQL by the access policy: `archived` (what the
 * viewer archived and nothing newer arrived in) or a search (`q`: words in the topic, the
 * patient's name or any message text, searchMatches; archived threads included), newest activity first, keyset-paged.
 */
export async function searchCitizenThreads(
  db: Db,
  a: CitizenActor,
  f: { view: 'archived' | 'search'; q?: string },
  cursor: Cursor | undefined,
  limit: number,
): Promise<Array<ThreadRow & { archived: boolean }>> {
  let q = threadQuery(db)
    .select(archivedBy(a.userId).as('archived'))
    .where(visibleTo(a, 'thread', { id: 't.id', citizenId: 't.citizen_id', contactId: 't.contact_id', createdBy: 't.created_by_person_id' }));
  if (f.view === 'archived') q = q.where(archivedBy(a.userId));
  else {
    q = q.where(searchMatches(f.q ?? ''));
  }
  if (cursor)
    q = q.where((eb) => eb.or([eb('t.last_message_at', '<', cursor.at), eb.and([eb('t.last_message_at', '=', cursor.at), eb('t.id', '<', cursor.id)])]));
  return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
}

/**
 * The threads a representative may see, filtered in SQL by the access policy (hidden items, a
 * youth's own threads, granted contacts), newest activity first, keyset-paged over what is shown.
 */
export async function listVisibleThreads(
  db: Db,
  a: CitizenActor,
  cursor: Cursor | undefined,
  limit: number,
  opts: { hideArchived?: boolean } = {},
): Promise<ThreadRow[]> {
  let q = threadQuery(db).where(
    visibleTo(a, 'thread', { id: 't.id', citizenId: 't.citizen_id', contactId: 't.contact_id', createdBy: 't.created_by_person_id' }),
  );
  if (opts.hideArchived) q = q.where(notArchived(a.userId));
  if (cursor)
    q = q.where((eb) => eb.or([eb('t.last_message_at', '<', cursor.at), eb.and([eb('t.last_message_at', '=', cursor.at), eb('t.id', '<', cursor.id)])]));
  return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
}

export interface InboxFilter {
  status?: ThreadStatus | 'open';
  kind?: DialogKind;
  /** Threads started with this unit topic. */
  topicId?: string;
  assigned?: 'me' | 'unassigned' | string;
  overdue?: boolean;
  unread?: boolean;
  /**
   * Words to find (full-text, Norwegian; every word, each in the topic, the patient's name or
   * any message's text: searchMatches); 11 digits find the patient by national identity number.
   */
  q?: string;
  /**
   * `activity` (default): newest activity first. `deadline`: only threads waiting for the unit,
   * overdue first and then by promised answer date (those without one last).
   */
  sort?: 'activity' | 'deadline';
  /** Per-GP-list view: only threads of patients on this GP's list (the thread's health contact names the GP). */
  gp?: string;
}

/** A thread without a promised answer date sorts after every real one in the deadline view. */
const NO_DEADLINE = new Date('9999-12-31T00:00:00Z');
const deadlineKey = sql<Date>`coalesce(t.due_at, '9999-12-31T00:00:00Z'::timestamptz)`;

interface InboxArgs {
  unitId: string;
  kind?: string;
  topicId?: string;
  assigned?: string;
  now?: Date;
  at?: Date;
  id?: string;
  q?: string;
  nationalId?: string;
  gp?: string;
}
interface InboxShape {
  /** Free-text search (`q`), or a national identity number. */
  search: 'text' | 'national_id' | null;
  sort: 'activity' | 'deadline';
  /** The status filter is part of the shape too (a literal, so a partial index on status can serve it). */
  status: ThreadStatus | 'open' | null;
  kind: boolean;
  topic: boolean;
  assigned: 'is' | 'unassigned' | null;
  overdue: boolean;
  unread: boolean;
  /** Per-GP-list view (health_contacts_unit_gp_idx). */
  gp: boolean;
  paged: boolean;
  /**
   * How many rows the statement fetches: one of PAGE_FETCH, a literal of the SQL. With LIMIT as a
   * parameter PostgreSQL's reusable plan assumes a tenth of the unit's threads are wanted, and it
   * plans the statement anew on every run instead. A few sizes (not every page size a client may
   * ask for) keep the number of statements, and of templates in the process, small.
   */
  limit: number;
}

/** One template per combination of filters and page size (query-template.ts). */
const unitThreads = templates(
  (db, a: InboxArgs, v: InboxShape) => {
    let q = db
      .selectFrom('threads as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .innerJoin('persons as p', 'p.id', 't.citizen_id')
      .leftJoin('staff as a', 'a.id', 't.assigned_staff_id')
      .select(threadColumns)
      .select(['p.given_name', 'p.family_name', 'p.birth_date', 'a.given_name as a_given', 'a.family_name as a_family'])
      .where('t.unit_id', '=', a.unitId);
    if (v.status === 'open') q = q.where('t.status', '<>', 'closed');
    else if (v.status) q = q.where('t.status', '=', v.status);
    if (v.kind) q = q.where('t.kind', '=', a.kind as DialogKind);
    if (v.topic) q = q.where('t.topic_id', '=', a.topicId!);
    if (v.assigned === 'is') q = q.where('t.assigned_staff_id', '=', a.assigned!);
    else if (v.assigned === 'unassigned') q = q.where('t.assigned_staff_id', 'is', null);
    if (v.overdue) q = q.where('t.status', 'in', [...AWAITING_ANSWER]).where('t.due_at', '<', a.now!);
    if (v.unread) q = q.where('t.unit_unread', '>', 0);
    if (v.gp)
      q = q.where('t.contact_id', 'in', (eb) =>
        eb.selectFrom('health_contacts as gl').select('gl.id').where('gl.unit_id', '=', a.unitId).where('gl.gp_staff_id', '=', a.gp!),
      );
    if (v.search === 'national_id') q = q.where('p.national_id', '=', a.nationalId!);
    else if (v.search === 'text') q = q.where(searchMatches(a.q!));
    if (v.sort === 'deadline') {
      // Waiting for the unit only; keyset on (deadline, id), served by threads_unit_deadline_idx.
      q = q.where('t.status', 'in', [...AWAITING_ANSWER]);
      if (v.paged) q = q.where((eb) => eb.or([eb(deadlineKey, '>', a.at!), eb.and([eb(deadlineKey, '=', a.at!), eb('t.id', '>', a.id!)])]));
      return q.orderBy(deadlineKey, 'asc').orderBy('t.id', 'asc').limit(v.limit);
    }
    if (v.paged) q = q.where((eb) => eb.or([eb('t.last_message_at', '<', a.at!), eb.and([eb('t.last_message_at', '=', a.at!), eb('t.id', '<', a.id!)])]));
    return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(v.limit);
    // A word search is planned for its word (decision 104): a word in all of a unit's threads is
    // found by walking the inbox's order, a rare one through the search index.
  },
  { plannedPerRun: (v) => v.search === 'text' },
);

/** The keyset position of a row in the inbox's order (its cursor). */
export function inboxCursor(t: { last_message_at: Date; due_at: Date | null; id: string }, sort: InboxFilter['sort']): Cursor {
  return sort === 'deadline' ? { at: t.due_at ?? NO_DEADLINE, id: t.id } : { at: t.last_message_at, id: t.id };
}

/** The row counts the inbox statement fetches; a request's `limit` is rounded up to one of them. */
const PAGE_FETCH = [11, 21, 51, 101];

/** A unit's team inbox: filters, newest activity first, keyset-paged, with citizen and assignee names (at most `limit` rows). */
export async function listUnitThreads(db: Db, unitId: string, staffId: string, f: InboxFilter, cursor: Cursor | undefined, limit: number) {
  const query = f.q?.trim() ?? '';
  const nationalId = /^\d{11}$/.test(query) ? query : undefined;
  const shape: InboxShape = {
    search: nationalId ? 'national_id' : query ? 'text' : null,
    sort: f.sort ?? 'activity',
    status: f.status ?? null,
    kind: !!f.kind,
    topic: !!f.topicId,
    assigned: f.assigned === 'unassigned' ? 'unassigned' : f.assigned ? 'is' : null,
    overdue: !!f.overdue,
    unread: !!f.unread,
    gp: !!f.gp,
    paged: !!cursor,
    limit: PAGE_FETCH.find((n) => n >= limit) ?? limit,
  };
  const args: InboxArgs = { unitId };
  if (f.kind) args.kind = f.kind;
  if (f.topicId) args.topicId = f.topicId;
  if (shape.assigned === 'is') args.assigned = f.assigned === 'me' ? staffId : f.assigned;
  if (f.overdue) args.now = clockNow();
  if (f.gp) args.gp = f.gp;
  if (shape.search === 'national_id') args.nationalId = nationalId!;
  else if (shape.search === 'text') args.q = query;
  if (cursor) Object.assign(args, { at: cursor.at, id: cursor.id });
  const rows = await unitThreads(db, shape, args);
  return rows.length > limit ? rows.slice(0, limit) : rows;
}

export type InboxRow = Awaited<ReturnType<typeof listUnitThreads>>[number];

/** The order of two inbox rows in a view (the keys of inboxCursor, then the id). */
export function inboxOrder(sort: InboxFilter['sort']): (x: InboxRow, y: InboxRow) => number {
  return (x, y) => {
    const cx = inboxCursor(x, sort);
    const cy = inboxCursor(y, sort);
    const d = cx.at.getTime() - cy.at.getTime();
    if (sort === 'deadline') return d !== 0 ? d : cx.id < cy.id ? -1 : cx.id > cy.id ? 1 : 0;
    return d !== 0 ? -d : cx.id < cy.id ? 1 : cx.id > cy.id ? -1 : 0;
  };
}

/**
 * The combined inbox of several units (a person who works in more than one): each unit's page
 * after the same cursor, through the same per-unit statement and index as one unit's inbox, merged
 * in the view's order. The first `limit` rows of the merge are the first `limit` of all the units
 * together, and the cursor (keys shared by every unit) pages on across them. One statement per
 * unit asked for (a person's memberships are few), run side by side.
 */
export async function listCombinedThreads(db: Db, unitIds: readonly string[], staffId: string, f: InboxFilter, cursor: Cursor | undefined, limit: number) {
  const pages = await Promise.all(unitIds.map((u) => listUnitThreads(db, u, staffId, f, cursor, limit)));
  return pages.flat().sort(inboxOrder(f.sort)).slice(0, limit);
}

/**
 * Messages of a thread in order, with author names and attachment metadata, in one query.
 * Deferred (pg-connection.ts): in a transaction it leaves with the statements after it.
 */
export async function messagesOfThread(db: DbOrTx, threadId: string) {
  return deferred(db, messagesByThread(db, { threadId }));
}

const messagesByThread = compiledTemplate((db, a: { threadId: string }) =>
  db
    .selectFrom('messages as m')
    .leftJoin('persons as ap', 'ap.id', 'm.author_person_id')
    .leftJoin('persons as ob', 'ob.id', 'm.on_behalf_of_id')
    .leftJoin('staff as s', 's.id', 'm.author_staff_id')
    .select([
      'm.id',
      'm.seq',
      'm.author_kind',
      'm.author_person_id',
      'm.on_behalf_of_id',
      'm.author_staff_id',
      'm.text',
      'm.important',
      'm.created_at',
      'm.delivered_at',
      'm.read_at',
      'ap.given_name as ap_given',
      'ap.family_name as ap_family',
      'ob.given_name as ob_given',
      'ob.family_name as ob_family',
      's.given_name as s_given',
      's.family_name as s_family',
      's.title as s_title',
      // Attachment metadata (never the bytes) folded into the same round trip.
      sql<
        AttachmentMeta[]
      >`coalesce((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'content_type', a.content_type, 'size_bytes', a.size_bytes) ORDER BY a.created_at) FROM attachments a WHERE a.message_id = m.id), '[]'::json)`.as(
        'attachments',
      ),
    ])
    .where('m.thread_id', '=', a.threadId)
    .orderBy('m.seq'),
);

/** Attachment metadata as listed with a message. */
export interface AttachmentMeta {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

/** Who wrote a message, and what. */
export interface NewMessage {
  citizenId: string;
  unitId: string;
  authorKind: 'citizen' | 'staff' | 'system';
  authorPersonId?: string | null;
  onBehalfOfId?: string | null;
  authorStaffId?: string | null;
  text: string;
  important?: boolean;
}

/** What a message changes on its thread besides its number, written by the message's own statement. */
export interface ThreadTouch {
  status: ThreadStatus;
  /** Whose unread count goes up by one (the side that did not write). */
  unread: 'unit' | 'citizen';
  /** A closed thread is open again (the citizen wrote). */
  reopen?: boolean;
  /** A new promised answer date. */
  dueAt?: Date;
  /** The unit answered: answered_at set unless it was. */
  answered?: boolean;
  /** The thread assigned to this staff member unless it was assigned. */
  assignIfNone?: string;
  /** Closed by this staff member to further replies. */
  closedBy?: string;
}

/**
 * Appends a message with the next sequence number: `thread` is the row the caller has locked,
 * whose `last_seq` this advances (so a second message in the same transaction gets the number
 * after). The message and the thread's update (`last_seq`, and `touch`: status, unread count,
 * last activity, …) are one statement, so the thread row gets one new version per message. The
 * id and the number are made here, so nothing waits for the insert: it is pipelined
 * (pg-connection.ts) and leaves in one write with the statements after it — with the COMMIT,
 * when nothing else is awaited; a failure fails the transaction's COMMIT. A reader of the thread
 * later in the same transaction sees the message.
 */
export async function insertMessage(
  tx: Transaction<DB>,
  thread: { id: string; last_seq: number },
  m: NewMessage,
  touch?: ThreadTouch,
): Promise<{ id: string; createdAt: Date; seq: number }> {
  const id = randomUUID();
  const now = clockNow();
  const seq = thread.last_seq + 1;
  thread.last_seq = seq;
  // The message's words join the thread's search words in the same statement (searchMatches).
  const sets = [sql`last_seq = ${seq}`, sql`search_tsv = search_tsv || search_lexemes(${m.text})`];
  if (touch) {
    sets.push(sql`status = ${touch.status}`, sql`last_message_at = ${now}`);
    sets.push(touch.unread === 'citizen' ? sql`citizen_unread = citizen_unread + 1` : sql`unit_unread = unit_unread + 1`);
    if (touch.reopen) sets.push(sql`closed_at = NULL`);
    if (touch.dueAt) sets.push(sql`due_at = ${touch.dueAt}`);
    if (touch.answered) sets.push(sql`answered_at = coalesce(answered_at, ${now})`);
    if (touch.assignIfNone) sets.push(sql`assigned_staff_id = coalesce(assigned_staff_id, ${touch.assignIfNone})`);
    if (touch.closedBy) sets.push(sql`closed_at = ${now}`, sql`closed_by = ${touch.closedBy}`, sql`replies_allowed = false`);
  }
  await pipelined(tx, sql`WITH m AS (${messageInsert(id, thread.id, seq, m, now)}) UPDATE threads SET ${sql.join(sets)} WHERE id = ${thread.id}`.compile(tx));
  return { id, createdAt: now, seq };
}

/**
 * The first message of a thread the caller has just inserted with `last_seq: 1`: the message's
 * insert and its words added to the new thread's search words, one statement (pipelined, as
 * `insertMessage`).
 */
export async function insertFirstMessage(tx: Transaction<DB>, threadId: string, m: NewMessage): Promise<{ id: string; createdAt: Date; seq: number }> {
  const id = randomUUID();
  const now = clockNow();
  await pipelined(
    tx,
    sql`WITH m AS (${messageInsert(id, threadId, 1, m, now)}) UPDATE threads SET search_tsv = search_tsv || search_lexemes(${m.text}) WHERE id = ${threadId}`.compile(
      tx,
    ),
  );
  return { id, createdAt: now, seq: 1 };
}

function messageInsert(id: string, threadId: string, seq: number, m: NewMessage, now: Date) {
  return sql`INSERT INTO messages
      (id, thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, author_staff_id, text, important, created_at, delivered_at)
    VALUES (${id}, ${threadId}, ${m.citizenId}, ${m.unitId}, ${seq}, ${m.authorKind},
      ${m.authorPersonId ?? null}, ${m.onBehalfOfId ?? null}, ${m.authorStaffId ?? null}, ${m.text}, ${m.important ?? false}, ${now}, ${now})`;
}

/** Whose messages each side marks read when it reads a thread (a system message is read by the citizen). */
export const READ_FROM = { citizen: ['staff', 'system'], unit: ['citizen'] } as const;

/** Whether a thread as shown to a side holds a message that side has not read yet. */
export function hasUnreadFor(side: 'citizen' | 'unit', messages: ReadonlyArray<{ author: { kind: string }; readAt: string | null }>): boolean {
  const from: readonly string[] = READ_FROM[side];
  return messages.some((m) => m.readAt === null && from.includes(m.author.kind));
}

/**
 * Marks the other side's unread messages read and sets the side's unread counter to 0 (also when
 * it counted a message this side does not mark, such as the system message of a citizen's answer
 * to a proposed e-konsultasjon). Returns whether anything changed. Call it with the thread row
 * locked. Like `deferred`, its promise is handled from the start: callers start it, send other
 * statements, and await it later; if the transaction fails meanwhile (a dropped connection), the
 * caller gets the error from what it awaits, never an unhandled rejection.
 */
export function markRead(
  tx: Transaction<DB>,
  threadId: string,
  reader: { side: 'citizen'; personId: string } | { side: 'unit'; staffId: string },
): Promise<boolean> {
  const from = [...READ_FROM[reader.side]];
  const readBy = reader.side === 'citizen' ? sql`read_by_person_id = ${reader.personId}` : sql`read_by_staff_id = ${reader.staffId}`;
  const counter = reader.side === 'citizen' ? sql`citizen_unread` : sql`unit_unread`;
  // The messages and the thread's unread counter in one statement, deferred: it leaves in one
  // write with the statements after it (pg-connection.ts).
  const changed = deferred(
    tx,
    sql<{ changed: boolean }>`WITH r AS (
      UPDATE messages SET read_at = ${clockNow()}, ${readBy}
      WHERE thread_id = ${threadId} AND author_kind = ANY(${from}::text[]) AND read_at IS NULL RETURNING 1
    ), c AS (
      UPDATE threads SET ${counter} = 0 WHERE id = ${threadId} AND ${counter} > 0 RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM r) OR EXISTS (SELECT 1 FROM c) AS changed`.compile(tx),
  ).then((rows) => !!rows[0]?.changed);
  changed.catch(() => undefined);
  return changed;
}

const unreadOfCitizen = template((db, a: { citizenId: string }) =>
  db
    .selectFrom('threads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('citizen_id', '=', a.citizenId)
    .where('citizen_unread', '>', 0),
);
/** Counts at most one past the cap: a unit's count costs the same however many are unread. */
const unreadOfUnit = template((db, a: { unitId: string }) =>
  db
    .selectFrom((sub) =>
      sub
        .selectFrom('threads')
        .select('id')
        .where('unit_id', '=', a.unitId)
        .where('unit_unread', '>', 0)
        .limit(UNIT_UNREAD_CAP + 1)
        .as('x'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n')),
);

/** Total unread threads for a citizen. */
export async function citizenUnread(db: Db, citizenId: string): Promise<number> {
  return Number((await unreadOfCitizen(db, { citizenId }))[0]?.n ?? 0);
}

/** Threads of a unit with unread messages, counted up to UNIT_UNREAD_CAP. */
export async function unitUnread(db: Db, unitId: string): Promise<{ unread: number; capped: boolean }> {
  const n = Number((await unreadOfUnit(db, { unitId }))[0]?.n ?? 0);
  return { unread: Math.min(n, UNIT_UNREAD_CAP), capped: n > UNIT_UNREAD_CAP };
}

/** Counts at most one past the cap, through threads_unit_due_idx (waiting for the unit, by deadline). */
const overdueOfUnit = template((db, a: { unitId: string; now: Date }) =>
  db
    .selectFrom((sub) =>
      sub
        .selectFrom('threads')
        .select('id')
        .where('unit_id', '=', a.unitId)
        .where('status', 'in', [...AWAITING_ANSWER])
        .where('due_at', '<', a.now)
        .limit(UNIT_UNREAD_CAP + 1)
        .as('x'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n')),
);

/** Threads of a unit past their promised answer date, counted up to UNIT_UNREAD_CAP (the same cap as unread). */
export async function unitOverdue(db: Db, unitId: string, now = clockNow()): Promise<{ overdue: number; capped: boolean }> {
  const n = Number((await overdueOfUnit(db, { unitId, now }))[0]?.n ?? 0);
  return { overdue: Math.min(n, UNIT_UNREAD_CAP), capped: n > UNIT_UNREAD_CAP };
}

/** The colleagues in a unit, by family name (for assignment). */
export async function unitMembers(db: DbOrTx, unitId: string) {
  return db
    .selectFrom('staff_memberships as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id', 's.given_name', 's.family_name', 's.title', 'm.role'])
    .where('m.unit_id', '=', unitId)
    .orderBy('s.family_name')
    .execute();
}

/**
 * Up to 20 health contacts of a unit whose patient has the national id, or whose given or family
 * name every word starts (LIKE wildcards in the words are escaped: "%" finds a "%", not everyone).
 */
export async function unitContactsMatching(db: DbOrTx, unitId: string, q: PatientQuery) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.id', 'hc.citizen_id', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'p.given_name', 'p.family_name', 'p.birth_date'])
    .where('hc.unit_id', '=', unitId)
    .where((eb) => {
      if (q.kind === 'nationalId') return eb('p.national_id', '=', q.nationalId);
      // Every word must start the given or the family name: "kari demo" finds Kari Demodatter.
      return eb.and(q.words.map((w) => eb.or([eb('p.given_name', 'ilike', `${escapeLike(w)}%`), eb('p.family_name', 'ilike', `${escapeLike(w)}%`)])));
    })
    .orderBy('p.family_name')
    .limit(20)
    .execute();
}

/** An attachment with its thread's citizen and unit. */
export async function attachmentWithThread(db: DbOrTx, attachmentId: string) {
  return db
    .selectFrom('attachments as at')
    .innerJoin('threads as t', 't.id', 'at.thread_id')
    .select(['at.id', 'at.filename', 'at.content_type', 'at.data', 't.citizen_id', 't.unit_id'])
    .where('at.id', '=', attachmentId)
    .executeTakeFirst();
}

// ---- The unit's changes to a thread (staff-dialog.service.ts) ----

/**
 * Sets a new thread in progress when the unit opens it, pipelined (pg-connection.ts): it leaves
 * with the statements after it. Call it with the thread row locked.
 */
export async function setInProgressPipelined(tx: Transaction<DB>, threadId: string): Promise<void> {
  await pipelined(tx, tx.updateTable('threads').set({ status: 'in_progress' }).where('id', '=', threadId).compile());
}

/** Changes a thread's own columns (status, assignment, kind and deadline, closing). Call it with the thread row locked. */
export async function updateThread(
  db: DbOrTx,
  threadId: string,
  set: Pick<
    Updateable<ThreadsTable>,
    'status' | 'assigned_staff_id' | 'kind' | 'due_at' | 'conversion_kind' | 'conversion_state' | 'closed_at' | 'closed_by' | 'replies_allowed'
  >,
): Promise<void> {
  await db.updateTable('threads').set(set).where('id', '=', threadId).execute();
}

/**
 * Proposes turning an e-kontakt into an e-konsultasjon: the conversion waits for the citizen
 * (pending since `at`), who gets one more unread item (the proposal message the caller adds).
 */
export async function proposeConversion(db: DbOrTx, threadId: string, at: Date): Promise<void> {
  await db
    .updateTable('threads')
    .set((eb) => ({
      conversion_kind: 'ekonsultasjon',
      conversion_state: 'pending',
      conversion_at: at,
      citizen_unread: eb('citizen_unread', '+', 1),
      last_message_at: at,
    }))
    .where('id', '=', threadId)
    .execute();
}

/** Stores a thread the unit starts (answered, assigned to the starter, one unread message for the citizen) and returns its id. */
export async function insertUnitStartedThread(
  db: DbOrTx,
  v: Pick<Insertable<ThreadsTable>, 'citizen_id' | 'unit_id' | 'contact_id' | 'kind' | 'topic' | 'assigned_staff_id'>,
  at: Date,
): Promise<string> {
  const thread = await db
    .insertInto('threads')
    .values({
      ...v,
      status: 'answered',
      started_by: 'unit',
      citizen_unread: 1,
      created_at: at,
      last_message_at: at,
      answered_at: at,
      last_seq: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return thread.id;
}

/** Stores an internal note on a thread (never shown to the citizen). */
export async function insertNote(db: DbOrTx, v: { thread_id: string; unit_id: string; staff_id: string; text: string }): Promise<void> {
  await db.insertInto('thread_notes').values(v).execute();
}

/** The prescriptions of a renewal request (all columns). */
export async function renewalItems(db: DbOrTx, threadId: string) {
  return db.selectFrom('renewal_items').selectAll().where('thread_id', '=', threadId).execute();
}

/** Whether a renewal request still has a prescription not decided. */
export async function hasPendingRenewalItem(db: DbOrTx, threadId: string): Promise<boolean> {
  return !!(await db.selectFrom('renewal_items').select('id').where('thread_id', '=', threadId).where('decision', '=', 'pending').executeTakeFirst());
}

/** Records the decision on one prescription of a renewal request. */
export async function decideRenewalItem(
  db: DbOrTx,
  itemId: string,
  d: { decision: 'renewed' | 'declined'; reason: string | null; decided_by: string; decided_at: Date },
): Promise<void> {
  await db.updateTable('renewal_items').set(d).where('id', '=', itemId).execute();
}

// ---- The citizen's side (citizen-dialog.service.ts) ----

/** The citizen's active prescriptions from the unit among `ids` (the ones a renewal request may name). */
export async function renewablePrescriptions(db: DbOrTx, ids: string[], citizenId: string, unitId: string) {
  return db
    .selectFrom('prescriptions')
    .select(['id', 'medication', 'strength'])
    .where('id', 'in', ids)
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('active', '=', true)
    .execute();
}

/** Stores a thread a citizen starts; returns its id, addressee, assignee and deadline. */
export async function insertCitizenThread(db: DbOrTx, v: Insertable<ThreadsTable>) {
  return db.insertInto('threads').values(v).returning(['id', 'addressed_staff_id', 'assigned_staff_id', 'due_at']).executeTakeFirstOrThrow();
}

/** Stores the prescriptions a renewal request names (one row each, its medication with its strength). */
export async function insertRenewalItems(db: DbOrTx, threadId: string, items: Array<{ prescriptionId: string; medication: string }>): Promise<void> {
  await db
    .insertInto('renewal_items')
    .values(items.map((p) => ({ thread_id: threadId, prescription_id: p.prescriptionId, medication: p.medication })))
    .execute();
}

/**
 * The citizen's answer to a proposed e-konsultasjon: accepted (the thread becomes one, with a new
 * deadline) or declined; either way the thread is in progress with one more unread item for the
 * unit (the system message the caller adds). Call it with the thread row locked.
 */
export async function answerConversionOf(
  db: DbOrTx,
  threadId: string,
  at: Date,
  answer: { accept: true; dueAt: Date | null } | { accept: false },
): Promise<void> {
  if (answer.accept)
    await db
      .updateTable('threads')
      .set((eb) => ({
        kind: 'ekonsultasjon',
        conversion_state: 'accepted',
        conversion_at: at,
        status: 'in_progress',
        due_at: answer.dueAt,
        unit_unread: eb('unit_unread', '+', 1),
        last_message_at: at,
      }))
      .where('id', '=', threadId)
      .execute();
  else
    await db
      .updateTable('threads')
      .set((eb) => ({
        conversion_state: 'declined',
        conversion_at: at,
        status: 'in_progress',
        unit_unread: eb('unit_unread', '+', 1),
        last_message_at: at,
      }))
      .where('id', '=', threadId)
      .execute();
}

/** Whether the viewer archived a thread and nothing newer arrived since. */
export async function isArchived(db: DbOrTx, viewerId: string, threadId: string): Promise<boolean> {
  const r = await db
    .selectFrom('thread_archives as ar')
    .innerJoin('threads as t', 't.id', 'ar.thread_id')
    .select('ar.thread_id')
    .where('ar.person_id', '=', viewerId)
    .where('ar.thread_id', '=', threadId)
    .whereRef('ar.archived_at', '>=', 't.last_message_at')
    .executeTakeFirst();
  return !!r;
}

/** Archives a thread for one viewer (now; again if archived before). */
export async function archiveForViewer(db: DbOrTx, threadId: string, personId: string): Promise<void> {
  await db
    .insertInto('thread_archives')
    .values({ thread_id: threadId, person_id: personId, archived_at: clockNow() })
    .onConflict((oc) => oc.columns(['person_id', 'thread_id']).doUpdateSet({ archived_at: clockNow() }))
    .execute();
}

/** Moves a thread back to one viewer's list. */
export async function unarchiveForViewer(db: DbOrTx, threadId: string, personId: string): Promise<void> {
  await db.deleteFrom('thread_archives').where('thread_id', '=', threadId).where('person_id', '=', personId).execute();
}

/** A staff member's name (undefined when unknown). */
export async function staffName(db: DbOrTx, staffId: string) {
  return db.selectFrom('staff').select(['given_name', 'family_name']).where('id', '=', staffId).executeTakeFirst();
}

/** A citizen's active prescriptions from one unit, by medication. */
export async function activePrescriptions(db: DbOrTx, citizenId: string, unitId: string) {
  return db
    .selectFrom('prescriptions')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('active', '=', true)
    .orderBy('medication')
    .execute();
}

/** An attachment with the bytes, its citizen and thread, or undefined. */
export async function attachmentById(db: DbOrTx, attachmentId: string) {
  return db.selectFrom('attachments').select(['filename', 'content_type', 'data', 'citizen_id', 'thread_id']).where('id', '=', attachmentId).executeTakeFirst();
}

/** What deciding a parent's view of a thread needs: its contact and who started it. */
export async function threadForVisibility(db: DbOrTx, threadId: string) {
  return db.selectFrom('threads').select(['id', 'contact_id', 'created_by_person_id']).where('id', '=', threadId).executeTakeFirstOrThrow();
}
