/**
 * The unit side of dialog: team inbox, open (audited), reply, answer and close, internal
 * notes, assign, reclassify, close, decide renewals, start threads with the unit's patients.
 */
import { answerRule, osloDate, unitMayStart, type ThreadDetail } from '@helsedialog/core';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app.ts';
import type { DB, DialogKind } from '../../platform/db-types.ts';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { pipelined } from '../../platform/pg-connection.ts';
import { addWorkingDays } from '../../platform/working-days.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { storeAttachments } from '../attachments/attachments.service.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { requireMembership, type Membership, type StaffActor } from '../../access/actors.ts';
import type { UploadedFile } from '../attachments/upload.ts';
import type { EventBus } from '../../platform/events.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { addStaffNotices } from './notices.ts';
import { unitServices } from './catalogue.service.ts';
import { once, requestHash, type Stored } from '../../platform/idempotency.ts';
import { threadDetail } from './thread-detail.ts';
import { billingLineInsert, conversionProposalText, decideFee } from '../fees/fees.service.ts';
import { recipientLanguage } from '../../i18n/index.ts';
import { routeToCover } from './cover.ts';
import {
  attachmentWithThread,
  decideRenewalItem,
  findThread,
  hasPendingRenewalItem,
  hasUnreadFor,
  insertFirstMessage,
  insertMessage,
  insertNote,
  insertUnitStartedThread,
  lockThread,
  markRead,
  proposeConversion,
  renewalItems,
  setInProgressPipelined,
  unitContactsMatching,
  updateThread,
  type ThreadRow,
} from './threads.repository.ts';
import { staffInUnit } from '../representation/representation.repository.ts';
import { contactOfUnit } from '../contacts/contacts.repository.ts';
import type { PatientQuery } from '../contacts/patient-search.ts';

type Tx = Transaction<DB>;

/** Loads and (optionally) locks a thread of one of the actor's units, or 404. */
async function unitThread(tx: Tx, a: StaffActor, threadId: string, lock = true): Promise<{ t: ThreadRow; m: Membership }> {
  const t = lock ? await lockThread(tx, threadId) : await findThread(tx, threadId);
  if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
  return { t, m: requireMembership(a, t.unit_id) };
}

/** Opens a thread: audit entry, citizen's messages marked read, status in progress. */
export async function openStaffThread(ctx: AppContext, a: StaffActor, threadId: string): Promise<ThreadDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    // Opening a thread with nothing unread that is already being handled changes nothing but the
    // audit log: no row lock and no update. (Every message from the citizen counts in unit_unread;
    // one that arrives between the two reads sends the open down the locked path to mark it.)
    const seen = await unitThread(tx, a, threadId, false);
    let audited = false;
    if (seen.t.unit_unread === 0 && seen.t.status !== 'new') {
      await auditStaff(tx, a, seen.m, seen.t, 'thread.read', 'thread', seen.t.id);
      audited = true;
      const detail = await threadDetail(tx, seen.t, 'unit', ctx.config.feeSchedule);
      if (!hasUnreadFor('unit', detail.messages)) return detail;
    }
    const { t, m } = await unitThread(tx, a, threadId);
    // The read receipt, the status change, the audit entry and the reads of the thread leave in
    // two writes (deferred and pipelined statements, pg-connection.ts).
    const read = markRead(tx, t.id, { side: 'unit', staffId: a.staffId });
    if (t.status === 'new') await setInProgressPipelined(tx, t.id);
    if (!audited) await auditStaff(tx, a, m, t, 'thread.read', 'thread', t.id);
    // The row is locked, so the thread is as read plus the two changes made here (no second read).
    const [changed, detail] = await Promise.all([
      read,
      threadDetail(tx, { ...t, status: t.status === 'new' ? 'in_progress' : t.status }, 'unit', ctx.config.feeSchedule),
    ]);
    if (changed || t.status === 'new')
      await ctx.events.publish(tx, { type: 'message.read', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'unit' });
    return { ...detail, unread: 0 };
  });
}

/**
 * The unit writes in a thread the caller has locked and checked (staff in the app, or an EPJ
 * through the FHIR API). Whether the message is *the answer* is core's answerRule (the reply
 * box's choice, by default what the sender's role can give): the answer sets the thread answered
 * (or closed), assigns it when unassigned, and in an e-konsultasjon records the fee once, as core's
 * consultationFee decides it on the consultation date (exempt lines too). Any other message keeps
 * the thread waiting for the unit (its deadline still applies) and costs nothing. Either way the
 * read receipt for what the citizen wrote and the message.created event (`source: 'epj'` when the
 * EPJ wrote it, so it is not journaled back) go with it. `audit` writes the caller's audit entry;
 * it and the receipt, the thread's new state and the fee line leave in one write
 * (pg-connection.ts). Returns the message and the thread as it now is (the row is locked, so as
 * read plus the changes made here: no second read).
 */
export async function answerAsUnit(
  ctx: Pick<AppContext, 'events' | 'config'>,
  tx: Tx,
  t: ThreadRow,
  input: {
    staffId: string;
    /** The sender's role in the thread's unit. */
    role: string;
    asAnswer?: boolean | undefined;
    text: string;
    close?: boolean;
    important?: boolean;
    files?: UploadedFile[];
    source?: 'epj';
    audit: () => Promise<void>;
  },
): Promise<{ message: { id: string; createdAt: Date }; thread: ThreadRow }> {
  const rule = answerRule({ kind: t.kind, role: input.role, asAnswer: input.asAnswer });
  if ('error' in rule)
    throw new AppError(
      'NOT_CLINICIAN_ANSWER',
      'Only a doctor can answer an e-konsultasjon. Send your message without marking it as the answer; the conversation stays open for the doctor.',
    );
  const answer = rule.answer;
  if (input.close && !answer && t.kind === 'ekonsultasjon' && !t.answered_at)
    throw new AppError('CANNOT_CLOSE_UNANSWERED', 'An e-konsultasjon must be answered by a doctor before it is closed.');
  const now = clockNow();
  // The fee is decided before the write (birth date and frikort on the consultation date).
  const fee = answer && t.kind === 'ekonsultasjon' ? await decideFee(tx, ctx.config.feeSchedule, { citizenId: t.citizen_id, kind: t.kind, at: now }) : null;
  const status: ThreadRow['status'] = input.close ? 'closed' : answer ? 'answered' : t.status === 'answered' ? 'answered' : 'in_progress';
  // The message and the thread's new state, in one statement.
  const msg = await insertMessage(
    tx,
    t,
    {
      citizenId: t.citizen_id,
      unitId: t.unit_id,
      authorKind: 'staff',
      authorStaffId: input.staffId,
      text: input.text,
      important: input.important ?? false,
    },
    {
      status,
      unread: 'citizen',
      answered: answer,
      ...(answer ? { assignIfNone: input.staffId } : {}),
      ...(input.close ? { closedBy: input.staffId } : {}),
    },
  );
  await storeAttachments(tx, input.files ?? [], { messageId: msg.id, threadId: t.id, citizenId: t.citizen_id });
  // Writing in the thread means the unit has read what the citizen wrote.
  const read = markRead(tx, t.id, { side: 'unit', staffId: input.staffId });
  if (fee && fee.kind !== 'none') {
    const line = billingLineInsert(tx, fee, {
      threadId: t.id,
      citizenId: t.citizen_id,
      unitId: t.unit_id,
      staffId: input.staffId,
      consultationDate: osloDate(now),
    });
    await pipelined(tx, line.compile());
  }
  await input.audit();
  await read;
  await ctx.events.publish(tx, {
    type: 'message.created',
    citizenId: t.citizen_id,
    unitId: t.unit_id,
    threadId: t.id,
    messageId: msg.id,
    by: 'unit',
    important: input.important ?? false,
    ...(input.source ? { source: input.source } : {}),
  });
  const thread: ThreadRow = {
    ...t,
    status,
    answered_at: answer ? (t.answered_at ?? msg.createdAt) : t.answered_at,
    closed_at: input.close ? msg.createdAt : t.closed_at,
    replies_allowed: input.close ? false : t.replies_allowed,
    assigned_staff_id: answer ? (t.assigned_staff_id ?? input.staffId) : t.assigned_staff_id,
    citizen_unread: t.citizen_unread + 1,
    unit_unread: 0,
    last_message_at: msg.createdAt,
  };
  return { message: msg, thread };
}

/** Staff reply; `asAnswer` sends it as the answer (answerAsUnit); `close` also closes (no further replies). */
export async function staffReply(
  ctx: AppContext,
  a: StaffActor,
  threadId: string,
  input: { text: string; close?: boolean | undefined; important?: boolean | undefined; asAnswer?: boolean | undefined; expectedVersion?: number | undefined },
  files: UploadedFile[],
  key: string | undefined,
): Promise<Stored<ThreadDetail>> {
  const hash = requestHash({ op: 'staff-reply', threadId, input, files: files.map((f) => f.sha256) });
  return once<ThreadDetail, Awaited<ReturnType<typeof unitThread>>>(
    ctx.db,
    `staff:${a.staffId}`,
    key,
    hash,
    async (tx, locked) => {
      const { t, m } = locked;
      if (!t.replies_allowed) throw new AppError('THREAD_CLOSED', 'This conversation is closed and takes no more replies.');
      // Optimistic check (the row is locked): someone wrote in the thread since the writer read it.
      if (input.expectedVersion !== undefined && t.last_seq !== input.expectedVersion)
        throw new AppError(
          'THREAD_CHANGED',
          'The conversation has a new message since you opened it. Read it first, then send your reply again if it still fits.',
          { version: t.last_seq },
        );
      if (t.conversion_state === 'pending')
        throw new AppError('CONVERSION_PENDING', 'The citizen has not yet accepted the e-konsultasjon and its fee. Wait for the answer before replying.');
      const { thread } = await answerAsUnit(ctx, tx, t, {
        staffId: a.staffId,
        role: m.role,
        asAnswer: input.asAnswer,
        text: input.text,
        close: input.close ?? false,
        important: input.important ?? false,
        files,
        audit: () => auditStaff(tx, a, m, t, input.close ? 'message.send_and_close' : 'message.send', 'thread', t.id),
      });
      return { status: 201, body: await threadDetail(tx, thread, 'unit', ctx.config.feeSchedule) };
    },
    // Locked in the same write as the key's lookup.
    (tx) => unitThread(tx, a, threadId),
  );
}

/** Staff start a thread with a patient of the unit (where the service allows the unit to start). */
export async function startStaffThread(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: { contactId: string; kind: DialogKind; topic: string; text: string; important?: boolean },
  files: UploadedFile[],
  key: string | undefined,
): Promise<Stored<ThreadDetail>> {
  const m = requireMembership(a, unitId);
  const hash = requestHash({ op: 'staff-start', unitId, input, files: files.map((f) => f.sha256) });
  return once(ctx.db, `staff:${a.staffId}`, key, hash, async (tx) => {
    const c = await contactOfUnit(tx, input.contactId, unitId);
    if (!c) throw notFound('The health contact');
    const { threadId } = await insertUnitThread(tx, ctx.events, a, m, c, input, files);
    return { status: 201, body: await threadDetail(tx, (await findThread(tx, threadId))!, 'unit', ctx.config.feeSchedule) };
  });
}

/**
 * The one way a unit starts a thread with a patient (a single message, or each recipient of a
 * campaign): the contact must be active and the service open for unit-started messages; the thread
 * and its first message are stored, the staff member's access is audited, and `message.created` is
 * published in the same transaction (notification, journal to the EPJ).
 */
export async function insertUnitThread(
  tx: Tx,
  events: EventBus,
  a: StaffActor,
  m: Membership,
  c: { id: string; citizen_id: string; started_at: Date; ends_at: Date | null; ended_at: Date | null },
  input: { kind: DialogKind; topic: string; text: string; important?: boolean | undefined },
  files: UploadedFile[],
): Promise<{ threadId: string; messageId: string }> {
  const unitId = m.unitId;
  if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) !== 'active')
    throw new AppError('CONTACT_INACTIVE', 'The health contact with this patient has ended.');
  const svc = (await unitServices(tx, unitId)).find((s) => s.service === input.kind);
  if (!unitMayStart(svc)) throw new AppError('SERVICE_OFF', 'The unit has not switched on this service for messages started by the unit.');
  const now = clockNow();
  const threadId = await insertUnitStartedThread(
    tx,
    { citizen_id: c.citizen_id, unit_id: unitId, contact_id: c.id, kind: input.kind, topic: input.topic, assigned_staff_id: a.staffId },
    now,
  );
  const msg = await insertFirstMessage(tx, threadId, {
    citizenId: c.citizen_id,
    unitId,
    authorKind: 'staff',
    authorStaffId: a.staffId,
    text: input.text,
    important: input.important ?? false,
  });
  await storeAttachments(tx, files, { messageId: msg.id, threadId, citizenId: c.citizen_id });
  await auditStaff(tx, a, m, { citizen_id: c.citizen_id, unit_id: unitId }, 'thread.create', 'thread', threadId);
  await events.publish(tx, {
    type: 'message.created',
    citizenId: c.citizen_id,
    unitId,
    threadId,
    messageId: msg.id,
    by: 'unit',
    important: input.important ?? false,
  });
  return { threadId, messageId: msg.id };
}

/** Runs a staff change on a locked thread and returns the new detail. */
async function change(
  ctx: AppContext,
  a: StaffActor,
  threadId: string,
  action: string,
  fn: (tx: Tx, t: ThreadRow, m: Membership) => Promise<void>,
): Promise<ThreadDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    const { t, m } = await unitThread(tx, a, threadId);
    await fn(tx, t, m);
    await auditStaff(tx, a, m, t, action, 'thread', t.id);
    await ctx.events.publish(tx, { type: 'thread.updated', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'unit' });
    return threadDetail(tx, (await findThread(tx, t.id))!, 'unit', ctx.config.feeSchedule);
  });
}

/** Marks what the citizen wrote in a thread read, without opening it (bulk "mark read"); audited. */
export async function markThreadRead(ctx: AppContext, a: StaffActor, threadId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const { t, m } = await unitThread(tx, a, threadId);
    const changed = await markRead(tx, t.id, { side: 'unit', staffId: a.staffId });
    if (t.status === 'new') await updateThread(tx, t.id, { status: 'in_progress' });
    await auditStaff(tx, a, m, t, 'thread.mark_read', 'thread', t.id);
    if (changed || t.status === 'new')
      await ctx.events.publish(tx, { type: 'message.read', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'unit' });
  });
}

/**
 * One action on many threads of a unit (assign, close, mark read). Each thread goes through the
 * same function and checks as a single one (its own transaction and audit entry), so one that
 * cannot (an unanswered e-konsultasjon cannot be closed) is reported with its code and the rest
 * still done. A thread of another unit is reported not found.
 */
export async function bulkThreads(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: { action: 'assign' | 'close' | 'mark_read'; threadIds: string[]; staffId?: string | null | undefined },
): Promise<{ id: string; ok: boolean; code?: string }[]> {
  requireMembership(a, unitId);
  const results: { id: string; ok: boolean; code?: string }[] = [];
  for (const id of [...new Set(input.threadIds)]) {
    try {
      const t = await findThread(ctx.db, id);
      if (!t || t.unit_id !== unitId) throw notFound('The conversation');
      if (input.action === 'assign') await assign(ctx, a, id, input.staffId ?? null);
      else if (input.action === 'close') await closeThread(ctx, a, id, false);
      else await markThreadRead(ctx, a, id);
      results.push({ id, ok: true });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, code: err.code });
    }
  }
  return results;
}

/** Adds an internal note the citizen never sees. */
export function addNote(ctx: AppContext, a: StaffActor, threadId: string, text: string): Promise<ThreadDetail> {
  return change(ctx, a, threadId, 'note.create', async (tx, t) => {
    await insertNote(tx, { thread_id: t.id, unit_id: t.unit_id, staff_id: a.staffId, text });
  });
}

/** Assigns the thread to a member of the same unit, or unassigns it. */
export function assign(ctx: AppContext, a: StaffActor, threadId: string, staffId: string | null): Promise<ThreadDetail> {
  return change(ctx, a, threadId, 'thread.assign', async (tx, t) => {
    if (staffId) {
      if (!(await staffInUnit(tx, staffId, t.unit_id)))
        throw new AppError('VALIDATION_FAILED', 'That person does not work in this unit. Choose a colleague from the unit.');
      // A notice for the colleague it was given to (notices.ts: the row and a nudge to their workspace).
      if (staffId !== a.staffId && staffId !== t.assigned_staff_id)
        await addStaffNotices(tx, ctx.events, {
          kind: 'assigned',
          to: [staffId],
          unitId: t.unit_id,
          threadId: t.id,
          citizenId: t.citizen_id,
          byStaffId: a.staffId,
          at: clockNow(),
        });
    }
    const status = t.status === 'new' && staffId ? ('in_progress' as const) : t.status;
    await updateThread(tx, t.id, { assigned_staff_id: staffId, status });
    // Assigned to someone who is away: to their cover, with an automatic reply (cover.ts).
    if (staffId) await routeToCover(tx, ctx.events, { ...t, status, assigned_staff_id: staffId });
  });
}

/**
 * Changes the kind. An e-kontakt turned into an e-konsultasjon waits for the citizen to accept
 * the fee; other changes take effect at once.
 */
export function reclassify(ctx: AppContext, a: StaffActor, threadId: string, kind: 'ekontakt' | 'ekonsultasjon' | 'standarddialog'): Promise<ThreadDetail> {
  return change(ctx, a, threadId, 'thread.reclassify', async (tx, t) => {
    if (t.kind === kind) throw new AppError('VALIDATION_FAILED', 'The conversation already has that kind.');
    if (t.kind === 'fornyresept' || t.kind === 'journalkopi') throw new AppError('CONFLICT', 'Renewal and record-copy requests keep their kind.');
    if (t.status === 'closed' && !t.replies_allowed) throw new AppError('THREAD_CLOSED', 'A closed conversation cannot be changed.');
    const now = clockNow();
    if (kind === 'ekonsultasjon' && t.kind === 'ekontakt') {
      if (t.conversion_state === 'pending') throw new AppError('CONVERSION_PENDING', 'The citizen has not answered the last proposal yet.');
      await proposeConversion(tx, t.id, now);
      const fee = await decideFee(tx, ctx.config.feeSchedule, { citizenId: t.citizen_id, kind: 'ekonsultasjon', at: now });
      await insertMessage(tx, t, {
        citizenId: t.citizen_id,
        unitId: t.unit_id,
        authorKind: 'system',
        // Written for the citizen, so in the citizen's language (their stored choice; bokmål by default).
        text: conversionProposalText(await recipientLanguage(tx, t.citizen_id), fee),
      });
      return;
    }
    const days = (await unitServices(tx, t.unit_id)).find((s) => s.service === kind)?.answerDays ?? null;
    await updateThread(tx, t.id, { kind, due_at: days === null ? null : addWorkingDays(t.created_at, days), conversion_kind: null, conversion_state: null });
  });
}

/** Closes a thread; an e-konsultasjon must be answered first, and a renewal fully decided. */
export function closeThread(ctx: AppContext, a: StaffActor, threadId: string, forbidReplies: boolean): Promise<ThreadDetail> {
  return change(ctx, a, threadId, 'thread.close', async (tx, t) => {
    if (t.kind === 'ekonsultasjon' && !t.answered_at)
      throw new AppError('CANNOT_CLOSE_UNANSWERED', 'An e-konsultasjon must be answered before it is closed. Write an answer and choose "answer and close".');
    if (t.kind === 'fornyresept') {
      if (await hasPendingRenewalItem(tx, t.id))
        throw new AppError('CANNOT_CLOSE_UNANSWERED', 'Decide every prescription in the renewal request before closing it.');
    }
    await updateThread(tx, t.id, { status: 'closed', closed_at: clockNow(), closed_by: a.staffId, replies_allowed: !forbidReplies });
  });
}

/** Decides renewal items one by one (renewed, or declined with a reason) and tells the citizen. */
export function decideRenewal(
  ctx: AppContext,
  a: StaffActor,
  threadId: string,
  input: { decisions: { itemId: string; decision: 'renewed' | 'declined'; reason?: string | undefined }[]; text?: string | undefined },
): Promise<ThreadDetail> {
  return change(ctx, a, threadId, 'renewal.decide', async (tx, t) => {
    if (t.kind !== 'fornyresept') throw new AppError('CONFLICT', 'Only renewal requests have prescriptions to decide.');
    const items = await renewalItems(tx, t.id);
    const byId = new Map(items.map((i) => [i.id, i]));
    const now = clockNow();
    const lines: string[] = [];
    for (const d of input.decisions) {
      const item = byId.get(d.itemId);
      if (!item) throw new AppError('VALIDATION_FAILED', 'A decided item is not part of this renewal request.');
      if (d.decision === 'declined' && !d.reason) throw new AppError('VALIDATION_FAILED', `Give a reason for declining ${item.medication}.`);
      await decideRenewalItem(tx, item.id, {
        decision: d.decision,
        reason: d.decision === 'declined' ? d.reason! : null,
        decided_by: a.staffId,
        decided_at: now,
      });
      lines.push(d.decision === 'renewed' ? `Fornyet: ${item.medication}` : `Ikke fornyet: ${item.medication} — ${d.reason}`);
    }
    const text = `${lines.join('\n')}${input.text ? `\n\n${input.text}` : ''}`;
    const left = await hasPendingRenewalItem(tx, t.id);
    // The message and the thread answered (or still in progress while items are left), in one statement.
    const msg = await insertMessage(
      tx,
      t,
      { citizenId: t.citizen_id, unitId: t.unit_id, authorKind: 'staff', authorStaffId: a.staffId, text },
      { status: left ? 'in_progress' : 'answered', unread: 'citizen', answered: true },
    );
    await markRead(tx, t.id, { side: 'unit', staffId: a.staffId });
    await ctx.events.publish(tx, {
      type: 'message.created',
      citizenId: t.citizen_id,
      unitId: t.unit_id,
      threadId: t.id,
      messageId: msg.id,
      by: 'unit',
      important: false,
    });
  });
}

/** Finds patients of a unit by name or national id (to start a conversation). */
export async function findUnitPatients(db: DbOrTx, unitId: string, q: PatientQuery) {
  const rows = await unitContactsMatching(db, unitId, q);
  const now = clockNow();
  return rows.map((c) => ({
    contactId: c.id,
    citizenId: c.citizen_id,
    name: `${c.given_name} ${c.family_name}`,
    birthDate: c.birth_date,
    status: contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }, now),
  }));
}

/** An attachment of a thread in one of the actor's units, for download; the read is written to the access log. */
export async function staffAttachment(db: Db, a: StaffActor, attachmentId: string) {
  return db.transaction().execute(async (tx) => {
    const f = await attachmentWithThread(tx, attachmentId);
    if (!f || !a.memberships.has(f.unit_id)) throw notFound('The attachment');
    await auditStaff(tx, a, requireMembership(a, f.unit_id), f, 'attachment.read', 'attachment', f.id);
    return f;
  });
}
