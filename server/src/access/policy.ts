/**
 * THE access policy: who may see or act on which citizen object, for whom, and why.
 * Every path asks here — routes (through their declared `config.access`), services, list
 * queries (through `visibleTo`, a Kysely expression), the live-event stream, notifications and
 * the access log. docs/access-policy.md carries the same table in prose.
 *
 * Who acts for whom (`CitizenActor`, resolved per request from the session in actors.ts; the
 * representation itself is evaluated in representation.service.ts):
 *  - self: the person themselves. Own login from 12 (children under 12 have no own access);
 *    a youth of 12–15 writes only to units that offer dialog to young people;
 *  - parent of a child under 12 (parental responsibility, same address): everything except
 *    items a clinician hid from parents;
 *  - parent of a youth 12–15: contacts and appointments (minus hidden items); dialog only in
 *    contacts where a clinician granted it, and only threads the parent started — never the
 *    youth's own conversations; no letters, documents, forms or access log;
 *  - power-of-attorney holder: the areas given, between its dates, until revoked;
 *  - flexible-dialog grant: dialog in the granted contact for its period.
 * Ages count on the calendar date in Europe/Oslo.
 *
 * Staff act for a unit: they may see and act on objects of units they are members of;
 * administering a unit needs the unit-administrator flag.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTx } from '../platform/jobs.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { representationOf, type Area, type Representation } from '../modules/representation/representation.service.ts';
import type { DomainEvent } from '../platform/events.ts';
import { unhandled } from '../platform/event-types.ts';
import type { CitizenActor, Membership, StaffActor } from './actors.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { StaffRole } from '../platform/db-types.ts';
import '../modules/forms/forms.tables.ts';

/** The kinds of citizen objects the policy decides about. */
export const OBJECT_KINDS = [
  'person',
  'contact',
  'thread',
  'message',
  'attachment',
  'appointment',
  'appointment_request',
  'slot',
  'waitlist_entry',
  'offer',
  'letter',
  'document',
  'form',
  'tool',
  'task',
  'access_log',
  'live_event',
  'power_of_attorney',
  'representation',
  'notification_settings',
  'record',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];
/**
 * see: know that the object exists and its metadata; open: its content (a record item's text,
 * values and PDF — the same as see for every kind without a metadata-only view); act: change it.
 */
export type Action = 'see' | 'open' | 'act';

/** The kinds an item can be hidden from parents as (hidden_from_parents.object_type). */
export const HIDEABLE = ['thread', 'appointment', 'letter', 'record'] as const;
export type HideableKind = (typeof HIDEABLE)[number];

/** Names a client may use when hiding an item, mapped to what is stored and checked. */
export const HIDE_ALIASES: Record<string, HideableKind> = { thread: 'thread', appointment: 'appointment', letter: 'letter', document: 'letter', record: 'record' };

interface Rule {
  /** The representation area the object belongs to; null: not an area of representation. */
  area: Area | null;
  /** Stored as this kind in hidden_from_parents; null: cannot be hidden. */
  hideAs: HideableKind | null;
  /** A parent of a 12–15-year-old sees only objects they created themselves (never the youth's own). */
  parentOfYouthOwnOnly: boolean;
  /**
   * A parent of a 12–15-year-old, who lacks the rule's area, may still see that items exist
   * (metadata: kind, date, unit — never title or content) where the item's unit chooses so
   * (record_unit_settings.parents_of_youth_metadata; `visibleTo` applies the unit's choice).
   */
  parentOfYouthMetadata?: boolean;
  /** Only the person themselves (no representative), at this age or older. */
  selfOnlyFromAge?: number;
  /** Who decides: a citizen object, or nothing to decide beyond a session (e.g. the own session). */
  note: string;
}

/**
 * THE TABLE. One row per object kind. A representative needs the row's area; parents of a child
 * under 16 do not see hidden items; a parent of a youth sees only threads they started.
 */
export const RULES: Record<ObjectKind, Rule> = {
  person: { area: null, hideAs: null, parentOfYouthOwnOnly: false, note: 'whom one may act for: everyone with a current representation' },
  contact: { area: 'contacts', hideAs: null, parentOfYouthOwnOnly: false, note: 'health contacts (GP, hospital, ...)' },
  thread: { area: 'dialog', hideAs: 'thread', parentOfYouthOwnOnly: true, note: 'conversations; dialog contacts narrowed by grants' },
  message: { area: 'dialog', hideAs: 'thread', parentOfYouthOwnOnly: true, note: 'as its thread' },
  attachment: { area: 'dialog', hideAs: 'thread', parentOfYouthOwnOnly: true, note: 'as its thread (letter attachments: as the letter)' },
  appointment: { area: 'appointments', hideAs: 'appointment', parentOfYouthOwnOnly: false, note: 'appointments, their .ics, video link, cancel' },
  appointment_request: { area: 'appointments', hideAs: null, parentOfYouthOwnOnly: false, note: 'requests for a time (timeønske)' },
  slot: { area: 'appointments', hideAs: null, parentOfYouthOwnOnly: false, note: 'free slots offered through a contact; booking' },
  waitlist_entry: { area: 'appointments', hideAs: null, parentOfYouthOwnOnly: false, note: 'waitlist places' },
  offer: { area: 'appointments', hideAs: null, parentOfYouthOwnOnly: false, note: 'offers of an earlier time' },
  letter: { area: 'documents', hideAs: 'letter', parentOfYouthOwnOnly: false, note: 'patient letters and their PDFs' },
  document: { area: 'documents', hideAs: 'letter', parentOfYouthOwnOnly: false, note: 'documents are letters (the same object)' },
  form: {
    area: 'documents',
    hideAs: null,
    parentOfYouthOwnOnly: false,
    note: 'forms sent to the patient: see, fill, save a draft and submit (area documents; never a parent of 12–15). Answers given with a message travel with its thread',
  },
  tool: { area: 'documents', hideAs: null, parentOfYouthOwnOnly: false, note: 'digital tools a clinician sent the patient (area documents, as forms)' },
  task: {
    area: null,
    hideAs: null,
    parentOfYouthOwnOnly: false,
    note: 'the to-do list: each task is shown only as its own kind (form, tool, appointment) allows',
  },
  access_log: {
    area: 'documents',
    hideAs: null,
    parentOfYouthOwnOnly: false,
    note: 'the access log; entries about hidden items and about hiding are left out for parents',
  },
  live_event: { area: null, hideAs: null, parentOfYouthOwnOnly: false, note: 'decided per event as the object it is about' },
  power_of_attorney: { area: null, hideAs: null, parentOfYouthOwnOnly: false, selfOnlyFromAge: 16, note: 'give and revoke powers of attorney' },
  representation: { area: null, hideAs: null, parentOfYouthOwnOnly: false, note: 'choose whom to act for' },
  notification_settings: { area: null, hideAs: null, parentOfYouthOwnOnly: false, selfOnlyFromAge: 12, note: 'one\u2019s own contact details and notices' },
  record: {
    area: 'documents',
    hideAs: 'record',
    parentOfYouthOwnOnly: false,
    parentOfYouthMetadata: true,
    note: 'record documents, referrals and test results shared by the EPJ; only released and not withdrawn',
  },
};

/** Own login (ID-porten) is open from this age; below it, parents act for the child. */
export const OWN_LOGIN_FROM_AGE = 12;

/** May a person of this age log in and act for themselves? */
export function ownAccessAllowed(age: number): boolean {
  return age >= OWN_LOGIN_FROM_AGE;
}

/** The refusal for a child under 12 logging in themselves (shown on the login error page). */
export function underOwnAccessAge(): AppError {
  return new AppError(
    'LOGIN_UNDER_OWN_ACCESS_AGE',
    `Children under ${OWN_LOGIN_FROM_AGE} cannot log in themselves. A parent can see and use the child's health services by logging in and choosing the child.`,
  );
}

export function isObjectKind(x: string): x is ObjectKind {
  return (OBJECT_KINDS as readonly string[]).includes(x);
}

/** Why a decision was made: a stable code, the HTTP status to answer with, a human message. */
export type Decision =
  | { allowed: true; reason: 'SELF' | 'PARENT' | 'PARENT_OF_YOUTH' | 'POWER_OF_ATTORNEY' | 'FLEXIBLE_DIALOG' | 'UNIT_MEMBER' }
  | { allowed: false; reason: DenyReason; status: 403 | 404; message: string };
export type DenyReason =
  | 'NOT_THE_SUBJECTS'
  | 'REPRESENTATION_AREA'
  | 'HIDDEN_FROM_PARENTS'
  | 'YOUTHS_OWN'
  | 'CONTACT_NOT_GRANTED'
  | 'SELF_ONLY'
  | 'TOO_YOUNG'
  | 'NOT_UNIT_MEMBER'
  | 'NOT_UNIT_ADMIN'
  | 'NOT_CAMPAIGN_SENDER';

const AREA_TEXT: Record<Area, string> = { contacts: 'health contacts', dialog: 'messages', appointments: 'appointments', documents: 'letters and documents' };

/** The facts about one object the rules look at. */
export interface ObjectFacts {
  citizenId: string;
  contactId?: string | null;
  createdByPersonId?: string | null;
  hidden?: boolean;
}

function allow(a: CitizenActor): Decision {
  if (!a.representing) return { allowed: true, reason: 'SELF' };
  if (a.relation === 'parent') return { allowed: true, reason: a.subjectAge < 12 ? 'PARENT' : 'PARENT_OF_YOUTH' };
  return { allowed: true, reason: a.relation === 'poa' ? 'POWER_OF_ATTORNEY' : 'FLEXIBLE_DIALOG' };
}

/** Does the actor's representation cover the kind at all (before looking at one object)? */
export function decideKind(a: CitizenActor, kind: ObjectKind, action: Action = 'see'): Decision {
  const rule = RULES[kind];
  if (rule.parentOfYouthMetadata && rule.area && !a.areas.has(rule.area) && isParentOfYouth(a)) {
    if (action === 'see') return allow(a);
    return {
      allowed: false,
      reason: 'REPRESENTATION_AREA',
      status: 403,
      message: `${a.subjectName} is 12 or older: parents of young people may see that such items exist, but not what they say.`,
    };
  }
  if (rule.selfOnlyFromAge !== undefined) {
    if (a.representing) return { allowed: false, reason: 'SELF_ONLY', status: 403, message: `Only ${a.subjectName} can do this themselves.` };
    if (a.subjectAge < rule.selfOnlyFromAge)
      return { allowed: false, reason: 'TOO_YOUNG', status: 403, message: `You must be ${rule.selfOnlyFromAge} or older to do this.` };
  }
  if (rule.area && !a.areas.has(rule.area)) {
    const why =
      a.relation === 'parent' && a.subjectAge >= 12
        ? rule.area === 'dialog'
          ? `${a.subjectName} is 12 or older: parents see messages of a young person only where a clinician has given them access.`
          : `${a.subjectName} is 12 or older: parents of young people do not see their ${AREA_TEXT[rule.area]}.`
        : `You cannot see or use ${AREA_TEXT[rule.area]} for ${a.subjectName}.`;
    return { allowed: false, reason: 'REPRESENTATION_AREA', status: 403, message: why };
  }
  if (kind === 'access_log' && a.relation === 'parent' && a.subjectAge >= 12)
    return { allowed: false, reason: 'REPRESENTATION_AREA', status: 403, message: 'The access log of a young person is theirs alone.' };
  return allow(a);
}

/** A parent acting for a youth of 12–15. */
export function isParentOfYouth(a: CitizenActor): boolean {
  return a.representing && a.relation === 'parent' && a.subjectAge >= 12 && a.subjectAge < 16;
}

/** Only metadata of this kind for this actor (a parent of a youth, for kinds with a metadata view)? */
export function metadataOnly(a: CitizenActor, kind: ObjectKind): boolean {
  const rule = RULES[kind];
  return !!rule.parentOfYouthMetadata && !!rule.area && !a.areas.has(rule.area) && isParentOfYouth(a);
}

/** May the actor see (or act on) this object? Objects the actor may not know about are 404. */
export function decide(a: CitizenActor, kind: ObjectKind, action: Action, o: ObjectFacts): Decision {
  const hidden404 = (reason: DenyReason): Decision => ({ allowed: false, reason, status: 404, message: 'The item was not found.' });
  if (o.citizenId !== a.subjectId) return hidden404('NOT_THE_SUBJECTS');
  const k = decideKind(a, kind, action);
  if (!k.allowed) return k;
  const rule = RULES[kind];
  if (rule.area === 'dialog' && a.dialogContacts && o.contactId && !a.dialogContacts.has(o.contactId)) return hidden404('CONTACT_NOT_GRANTED');
  if (a.parentView && rule.hideAs && o.hidden) return hidden404('HIDDEN_FROM_PARENTS');
  if (a.parentView && a.subjectAge >= 12 && rule.parentOfYouthOwnOnly && o.createdByPersonId !== a.userId) return hidden404('YOUTHS_OWN');
  return k;
}

/** Throws the decision's refusal as an AppError (404s name the object). */
export function enforce(d: Decision, what = 'The item', area?: Area | null): void {
  if (d.allowed) return;
  if (d.status === 404) throw notFound(what);
  if (d.reason === 'SELF_ONLY' || d.reason === 'TOO_YOUNG') throw new AppError(d.reason, d.message, { reason: d.reason });
  if (d.reason === 'NOT_UNIT_ADMIN') throw new AppError('NOT_UNIT_ADMIN', d.message);
  throw new AppError('REPRESENTATION_AREA', d.message, { reason: d.reason, ...(area ? { area } : {}) });
}

/**
 * Is this object hidden from parents? (One indexed lookup; only asked when parent rules apply.)
 * `objectId` is the id of the hideable object itself (a thread for its messages and attachments).
 */
export async function isHidden(db: DbOrTx, kind: ObjectKind, objectId: string): Promise<boolean> {
  const as = RULES[kind].hideAs;
  if (!as) return false;
  const row = await db.selectFrom('hidden_from_parents').select('object_id').where('object_type', '=', as).where('object_id', '=', objectId).executeTakeFirst();
  return !!row;
}

/**
 * Checks one object against the policy, loading the hidden flag only when it matters;
 * throws 404/403 as the policy says.
 */
export async function check(db: DbOrTx, a: CitizenActor, kind: ObjectKind, action: Action, o: ObjectFacts & { id: string }, what?: string): Promise<void> {
  const hidden = o.hidden ?? (a.parentView && RULES[kind].hideAs && o.citizenId === a.subjectId ? await isHidden(db, kind, o.id) : false);
  enforce(decide(a, kind, action, { ...o, hidden }), what, RULES[kind].area);
}

function all(conds: Expression<SqlBool>[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
}

/** Column references of a listed table for `visibleTo`. */
export interface Columns {
  id: string;
  citizenId: string;
  contactId?: string;
  createdBy?: string;
  /**
   * Record items (kind 'record'): the columns of release and withdrawal, and the unit (whose
   * choice decides a parent's metadata view). Required for that kind.
   */
  record?: { unitId: string; status: string; releasedAt: string; autoReleaseAt: string };
}

/** The columns of record_items under an alias, for `visibleTo(a, 'record', recordColumns('r'))`. */
export function recordColumns(alias: string): Columns {
  return {
    id: `${alias}.id`,
    citizenId: `${alias}.citizen_id`,
    record: { unitId: `${alias}.unit_id`, status: `${alias}.status`, releasedAt: `${alias}.released_at`, autoReleaseAt: `${alias}.auto_release_at` },
  };
}

/**
 * The release rule of a record item, as SQL: not withdrawn (entered in error), and released —
 * by a clinician or automatically at registration (released_at), or by the unit's
 * "manual, then automatic after N days" rule once its time has come (auto_release_at), evaluated
 * at `now` so a late background job never delays it. Nobody on the citizen's side ever sees an
 * item before this holds.
 */
export function recordReleased(c: NonNullable<Columns['record']>, at: Date): Expression<SqlBool> {
  const ref = (col: string) => sql.ref(col);
  return sql<SqlBool>`(${ref(c.status)} = 'current' and (${ref(c.releasedAt)} <= ${at} or ${ref(c.autoReleaseAt)} <= ${at}))`;
}

/**
 * The same policy as a SQL condition for lists: rows of `kind` the actor may see. Use as
 * `.where(visibleTo(actor, 'appointment', { id: 'a.id', citizenId: 'a.citizen_id' }))`.
 */
export function visibleTo(a: CitizenActor, kind: ObjectKind, c: Columns): Expression<SqlBool> {
  const ref = (col: string) => sql.ref(col);
  const conds: Expression<SqlBool>[] = [sql<SqlBool>`${ref(c.citizenId)} = ${a.subjectId}`];
  if (!decideKind(a, kind).allowed) return sql<SqlBool>`false`;
  const rule = RULES[kind];
  if (kind === 'record') {
    if (!c.record) throw new Error('visibleTo(record) needs the record columns');
    conds.push(recordReleased(c.record, clockNow()));
    if (metadataOnly(a, kind))
      conds.push(sql<SqlBool>`${ref(c.record.unitId)} in (select s.unit_id from record_unit_settings s where s.parents_of_youth_metadata)`);
  }
  if (rule.area === 'dialog' && a.dialogContacts && c.contactId) {
    const ids = [...a.dialogContacts];
    conds.push(ids.length ? sql<SqlBool>`${ref(c.contactId)} in (${sql.join(ids)})` : sql<SqlBool>`false`);
  }
  if (a.parentView && rule.hideAs)
    conds.push(sql<SqlBool>`not exists (select 1 from hidden_from_parents hfp where hfp.object_type = ${rule.hideAs} and hfp.object_id = ${ref(c.id)})`);
  if (a.parentView && a.subjectAge >= 12 && rule.parentOfYouthOwnOnly && c.createdBy) conds.push(sql<SqlBool>`${ref(c.createdBy)} = ${a.userId}`);
  return all(conds);
}

/** Access-log actions that would tell a parent that something was hidden from them. */
const HIDING_ACTIONS = ['item.hide_from_parents', 'item.show_to_parents'];

/** The object types of access-log entries about a record item (its own, the EPJ's FHIR types, its PDF). */
export const RECORD_LOG_OBJECT_TYPES = ['record', 'DocumentReference', 'ServiceRequest', 'DiagnosticReport', 'Binary'] as const;

/**
 * The access-log entries (audit_events) the actor may see: the subject's, minus every entry
 * about a record item that has not been released (decision 110: the EPJ's sharing and reads, a
 * clinician's look at what awaits release — shown once the item is released, never for an item
 * the unit never releases), and — when parent rules apply — the hiding itself and every entry
 * about an item hidden from parents (or an attachment of a hidden thread, or a hidden record
 * item's PDF). Nothing in the log may reveal that something was held back or hidden.
 */
export function visibleLogEntries(a: CitizenActor, c: { citizenId: string; objectId: string; objectType: string; action: string }): Expression<SqlBool> {
  if (!decideKind(a, 'access_log').allowed) return sql<SqlBool>`false`;
  const obj = sql.ref(c.objectId);
  const conds: Expression<SqlBool>[] = [sql<SqlBool>`${sql.ref(c.citizenId)} = ${a.subjectId}`];
  // A record item (by its id, or the id of a PDF it has or had: the Binary's binding to its item,
  // decision 113) is logged from the moment the EPJ shares it; the entries stay out of the
  // citizen's view until it is released (the release rule of `visibleTo`).
  const released = sql<SqlBool>`(coalesce(ri.released_at <= ${clockNow()}, false) or coalesce(ri.auto_release_at <= ${clockNow()}, false))`;
  // The entry's object id is text: as a uuid (or null) it finds the item by its key or its PDF's index.
  const objUuid = sql`(case when ${obj} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${obj}::uuid end)`;
  conds.push(
    sql<SqlBool>`(${sql.ref(c.objectType)} not in (${sql.join(RECORD_LOG_OBJECT_TYPES)}) or not exists (select 1 from record_items ri
      where ri.id = coalesce((select b.item_id from record_binaries b where b.id = ${objUuid}), ${objUuid}) and ri.citizen_id = ${a.subjectId} and not ${released}))`,
  );
  if (a.parentView) {
    conds.push(sql<SqlBool>`${sql.ref(c.action)} not in (${sql.join(HIDING_ACTIONS)})`);
    conds.push(
      sql<SqlBool>`not exists (select 1 from hidden_from_parents hfp where hfp.citizen_id = ${a.subjectId} and (hfp.object_id::text = ${obj}
        or exists (select 1 from attachments att where att.thread_id = hfp.object_id and att.id::text = ${obj})
        or exists (select 1 from record_binaries b where hfp.object_type = 'record' and b.item_id = hfp.object_id and b.id::text = ${obj})))`,
    );
  }
  return all(conds);
}

/**
 * Staff roles that may compose and send a message to many patients of their unit (a campaign,
 * docs/campaigns.md); unit administrators always may. Every staff member of the unit may see its
 * campaigns and their results.
 */
export const CAMPAIGN_SENDER_ROLES: readonly StaffRole[] = ['doctor', 'nurse', 'coordinator'];

/** Staff: the membership that lets a staff member see or act on an object of a unit, or 404. */
export function decideStaff(a: StaffActor, unitId: string, opts: { admin?: boolean; campaign?: boolean } = {}): Decision & { membership?: Membership } {
  const m = a.memberships.get(unitId);
  if (!m) return { allowed: false, reason: 'NOT_UNIT_MEMBER', status: 404, message: 'The unit was not found.' };
  if (opts.admin && !m.isAdmin)
    return { allowed: false, reason: 'NOT_UNIT_ADMIN', status: 403, message: 'Only a unit administrator can change the services of the unit.' };
  if (opts.campaign && !m.isAdmin && !CAMPAIGN_SENDER_ROLES.includes(m.role))
    return {
      allowed: false,
      reason: 'NOT_CAMPAIGN_SENDER',
      status: 403,
      message: 'Only a clinician of the unit (doctor, nurse, coordinator) or a unit administrator can send a message to many patients.',
    };
  return { allowed: true, reason: 'UNIT_MEMBER', membership: m };
}

/** What a representation lets the user do, per kind — for pages that must not offer dead ends. */
export function capabilities(a: CitizenActor): Record<ObjectKind, { see: boolean; code: string | null; reason: string | null }> {
  const out = {} as Record<ObjectKind, { see: boolean; code: string | null; reason: string | null }>;
  for (const k of OBJECT_KINDS) {
    const d = decideKind(a, k);
    out[k] = d.allowed ? { see: true, code: null, reason: null } : { see: false, code: d.reason, reason: d.message };
  }
  return out;
}

/** A citizen actor for a person and a representation evaluated outside a request (events, notices). */
export function actorFor(userId: string, rep: Representation): CitizenActor {
  return {
    kind: 'citizen',
    userId,
    userName: '',
    subjectId: rep.subjectId,
    subjectName: rep.subjectName,
    representing: rep.subjectId !== userId,
    relation: rep.relation,
    areas: rep.areas,
    dialogContacts: rep.dialogContacts,
    parentView: rep.parentView,
    subjectAge: rep.subjectAge,
  };
}

/** Loads what the rules look at for one object, or undefined when it does not exist. */
export async function objectFacts(db: DbOrTx, kind: ObjectKind, id: string): Promise<(ObjectFacts & { id: string }) | undefined> {
  switch (kind) {
    case 'thread':
    case 'message': {
      const t = await db.selectFrom('threads').select(['id', 'citizen_id', 'contact_id', 'created_by_person_id']).where('id', '=', id).executeTakeFirst();
      return t && { id: t.id, citizenId: t.citizen_id, contactId: t.contact_id, createdByPersonId: t.created_by_person_id };
    }
    case 'appointment': {
      const r = await db.selectFrom('appointments').select(['id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id };
    }
    case 'appointment_request': {
      const r = await db.selectFrom('appointment_requests').select(['id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id };
    }
    case 'letter':
    case 'document': {
      const r = await db.selectFrom('letters').select(['id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id };
    }
    case 'tool': {
      const r = await db.selectFrom('tool_assignments').select(['id', 'citizen_id', 'contact_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id, contactId: r.contact_id };
    }
    case 'record': {
      const r = await db.selectFrom('record_items').select(['id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id };
    }
    case 'form': {
      const r = await db.selectFrom('form_requests').select(['id', 'citizen_id']).where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, citizenId: r.citizen_id };
    }
    case 'attachment':
    case 'slot':
    case 'waitlist_entry':
    case 'offer':
    case 'task':
    case 'contact':
    case 'person':
    case 'access_log':
    case 'live_event':
    case 'power_of_attorney':
    case 'representation':
    case 'notification_settings':
      // Not loaded here: their routes check them where they are read.
      return undefined;
  }
}

/** Like `check`, without throwing: the decision for one object, loading its facts. */
export async function decideOn(db: DbOrTx, a: CitizenActor, kind: ObjectKind, action: Action, id: string): Promise<Decision> {
  if (kind === 'record') {
    // Release, withdrawal and the unit's metadata choice live in SQL: ask the same predicate as lists.
    const row = await db.selectFrom('record_items as r').select('r.id').where('r.id', '=', id).where(visibleTo(a, 'record', recordColumns('r'))).executeTakeFirst();
    return row ? decideKind(a, 'record', action) : { allowed: false, reason: 'NOT_THE_SUBJECTS', status: 404, message: 'The item was not found.' };
  }
  const o = await objectFacts(db, kind, id);
  if (!o) return { allowed: false, reason: 'NOT_THE_SUBJECTS', status: 404, message: 'The item was not found.' };
  const hidden = a.parentView && RULES[kind].hideAs && o.citizenId === a.subjectId ? await isHidden(db, kind, o.id) : false;
  return decide(a, kind, action, { ...o, hidden });
}

/** The object a domain event is about, as the policy names it (null: an event of no object, told only to the citizen). */
export function eventObject(e: DomainEvent): { kind: ObjectKind; id: string | null } | null {
  switch (e.type) {
    case 'message.created':
    case 'message.read':
    case 'thread.updated':
    case 'staff.presence':
    case 'staff.notice':
      return { kind: 'thread', id: e.threadId };
    case 'form.submitted':
      return 'threadId' in e ? { kind: 'thread', id: e.threadId } : { kind: 'form', id: e.formRequestId };
    case 'form.sent':
    case 'form.reminded':
      return { kind: 'form', id: e.formRequestId };
    case 'letter.sent':
    case 'letter.read':
      return { kind: 'letter', id: e.letterId };
    case 'record.released':
      return { kind: 'record', id: e.recordId };
    case 'appointment.booked':
    case 'appointment.assigned':
    case 'appointment.changed':
    case 'appointment.cancelled':
    case 'appointment.answered':
    case 'appointment.checked_in':
    case 'appointment.answer_handled':
    case 'appointment.completed':
    case 'visit.completed':
    case 'appointment.not_attended':
      return { kind: 'appointment', id: e.appointmentId };
    case 'appointment.requested':
    case 'appointment.request_declined':
      return { kind: 'appointment_request', id: e.requestId };
    case 'appointment.offered':
      // A freed slot offered from the waitlist is judged as appointments in general.
      return 'requestId' in e ? { kind: 'appointment_request', id: e.requestId } : { kind: 'appointment', id: null };
    case 'slot.blocked':
    case 'slot.unblocked':
      return { kind: 'appointment', id: null };
    case 'tool.sent':
      return null;
    default:
      return unhandled(e);
  }
}

/**
 * Events about the unit's own work (`staff.*`: who has a thread open or is writing, a thread
 * assigned to a colleague) reach only the unit's staff, never a citizen or a representative.
 */
export function isStaffOnlyEvent(e: DomainEvent): e is Extract<DomainEvent, { type: `staff.${string}` }> {
  return e.type.startsWith('staff.');
}

/**
 * May a person (the user of a live stream, the recipient of a notice) be told about this
 * event of a citizen, by their representation now? 'ended' when they no longer act for the
 * citizen at all (a stream then ends). Events of unknown kinds reach only the citizen.
 */
export async function mayKnowEvent(db: DbOrTx, userId: string, e: DomainEvent, now?: Date): Promise<'yes' | 'no' | 'ended'> {
  if (isStaffOnlyEvent(e)) return 'no';
  const rep = await representationOf(db, userId, e.citizenId, now);
  if (!rep) return 'ended';
  const a = actorFor(userId, rep);
  const obj = eventObject(e);
  if (!obj) return a.representing ? 'no' : 'yes';
  const d = obj.id ? await decideOn(db, a, obj.kind, 'see', obj.id) : decideKind(a, obj.kind);
  return d.allowed ? 'yes' : 'no';
}

/** A statistics scope: one unit, or an organisation with everything below it. */
export interface StatisticsScope {
  kind: 'unit' | 'organisation';
  id: string;
}

/** The organisations a staff member leads and every organisation below them, at any depth (SQL). */
function ledOrganisations(staffId: string) {
  return sql<{ id: string }>`with recursive led(id) as (
      select organisation_id from organisation_leaders where staff_id = ${staffId}
      union
      select o.id from organisations o join led on o.parent_id = led.id
    ) select id from led`;
}

/**
 * Statistics (counts only, docs/statistics.md): an administrator of a unit sees the unit's
 * statistics; a leader of an organisation (organisation_leaders) sees those of every
 * organisation and unit below it, at any depth (a region over its trusts over their
 * departments). A unit member without the administrator flag is refused 403 NOT_UNIT_ADMIN;
 * anything else is 404, revealing nothing. Returns the scope's name and the units it counts.
 */
export async function statisticsScope(db: DbOrTx, a: StaffActor, scope: StatisticsScope): Promise<{ name: string; units: { id: string; name: string }[] }> {
  const led = new Set((await ledOrganisations(a.staffId).execute(db)).rows.map((r) => r.id));
  if (scope.kind === 'unit') {
    const unit = await db.selectFrom('units').select(['id', 'name', 'organisation_id']).where('id', '=', scope.id).executeTakeFirst();
    if (!unit) throw notFound('The unit');
    if (led.has(unit.organisation_id)) return { name: unit.name, units: [{ id: unit.id, name: unit.name }] };
    const d = decideStaff(a, unit.id, { admin: true });
    if (!d.allowed && d.reason === 'NOT_UNIT_ADMIN')
      throw new AppError('NOT_UNIT_ADMIN', 'Only an administrator of the unit, or a leader over it, can see its statistics.');
    enforce(d, 'The unit');
    return { name: unit.name, units: [{ id: unit.id, name: unit.name }] };
  }
  if (!led.has(scope.id)) throw notFound('The organisation');
  const org = await db.selectFrom('organisations').select('name').where('id', '=', scope.id).executeTakeFirstOrThrow();
  const units = await sql<{ id: string; name: string }>`with recursive below(id) as (
      select ${scope.id}::uuid union select o.id from organisations o join below on o.parent_id = below.id
    ) select u.id, u.name from units u join below on u.organisation_id = below.id order by u.name, u.id`.execute(db);
  return { name: org.name, units: units.rows };
}

/** Every statistics scope a staff member may choose: units they administer, organisations they lead and all below them. */
export async function statisticsScopes(
  db: DbOrTx,
  a: StaffActor,
): Promise<{ scope: string; kind: 'unit' | 'organisation'; name: string; via: 'unit_admin' | 'leader' }[]> {
  const led = (await ledOrganisations(a.staffId).execute(db)).rows.map((r) => r.id);
  const orgs = led.length ? await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', led).orderBy('name').execute() : [];
  const ledUnits = led.length ? await db.selectFrom('units').select(['id', 'name']).where('organisation_id', 'in', led).orderBy('name').execute() : [];
  const out: { scope: string; kind: 'unit' | 'organisation'; name: string; via: 'unit_admin' | 'leader' }[] = [];
  for (const o of orgs) out.push({ scope: `organisation:${o.id}`, kind: 'organisation', name: o.name, via: 'leader' });
  const seen = new Set<string>();
  for (const u of ledUnits) {
    seen.add(u.id);
    out.push({ scope: `unit:${u.id}`, kind: 'unit', name: u.name, via: 'leader' });
  }
  for (const m of [...a.memberships.values()].sort((x, y) => x.unitName.localeCompare(y.unitName)))
    if (m.isAdmin && !seen.has(m.unitId)) out.push({ scope: `unit:${m.unitId}`, kind: 'unit', name: m.unitName, via: 'unit_admin' });
  return out;
}
