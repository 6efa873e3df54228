/**
 * The citizen side of dialog: start threads of each kind, reply, read, answer a proposed
 * reclassification. Patient identity is the actor's subject: from the session and the
 * chosen representation, never from the request.
 */
import type { DialogMessage, MessageSent, NewCitizenThread, ThreadDetail } from '@helsedialog/core';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app.ts';
import type { DB } from '../../platform/db-types.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { addWorkingDays } from '../../platform/working-days.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import type { CitizenActor } from '../../access/actors.ts';
import type { UploadedFile } from '../attachments/upload.ts';
import { contactOfCitizen, requireCitizenService, unitServices } from './catalogue.service.ts';
import { once, requestHash, type Stored } from '../../platform/idempotency.ts';
import { threadSummary } from './dto.ts';
import { threadDetail } from './thread-detail.ts';
import {
  answerConversionOf,
  archiveForViewer,
  attachmentById,
  findThread,
  hasUnreadFor,
  insertCitizenThread,
  insertFirstMessage,
  insertMessage,
  insertRenewalItems,
  lockThread,
  markRead,
  renewablePrescriptions,
  threadForVisibility,
  unarchiveForViewer,
} from './threads.repository.ts';
// Read-only queries the citizen routes use, from the repository through the service.
export { activePrescriptions, isArchived, staffName } from './threads.repository.ts';
import { storeAttachments } from '../attachments/attachments.service.ts';
import { auditRepresentative } from '../audit/access-log.writer.ts';
import { requireDialogInContact, threadVisible } from '../../access/visibility.ts';
import { activeFlexibleDialog, flexibleDialogOpen } from '../representation/representation.service.ts';
import { decideFee } from '../fees/fees.service.ts';
import { requireTopic } from './topics.service.ts';
import { contactServiceHasForm } from '../forms/forms.repository.ts';
import { routeToCover } from './cover.ts';
import type { UnitTopic } from '@helsedialog/core';
import { serverText, staffLanguage } from '../../i18n/index.ts';
import { now as clockNow } from '../../platform/clock.ts';

type Tx = Transaction<DB>;

const FIXED_TEXT = {
  journalkopi: { topic: 'Kopi av journal', text: 'Jeg ber om kopi av journalen min.' },
  fornyresept: { topic: 'Fornyelse av resept' },
} as const;

const COLLECT_NB: Record<string, string> = { e_resept_pharmacy: 'e-resept på apotek', pickup_at_office: 'hentes på legekontoret', mail: 'sendes i posten' };

/** The idempotency-key scope of a citizen acting for a subject (forms' message-with-a-form shares it). */
export function scope(a: CitizenActor): string {
  return `citizen:${a.userId}:${a.subjectId}`;
}

/** Starts a thread through one of the citizen's health contacts (its own transaction, idempotent with `key`). */
export async function startCitizenThread(
  ctx: AppContext,
  a: CitizenActor,
  contactId: string,
  input: NewCitizenThread,
  files: UploadedFile[],
  key: string | undefined,
): Promise<Stored<ThreadDetail>> {
  if (files.length && (input.kind === 'journalkopi' || input.kind === 'fornyresept'))
    throw new AppError('VALIDATION_FAILED', 'Attachments cannot be sent with this kind of request.');
  const hash = requestHash({ op: 'start', contactId, input, files: files.map((f) => f.sha256) });
  return once(ctx.db, scope(a), key, hash, async (tx) => {
    // A unit that puts a form in front of the service gets the message with the form's answers
    // (forms module: POST .../service-forms/:service), never without them.
    if ((input.kind === 'ekontakt' || input.kind === 'ekonsultasjon' || input.kind === 'standarddialog') && (await contactServiceHasForm(tx, contactId, input.kind)))
      throw new AppError('FORM_REQUIRED', 'This service asks you to fill in a form before the message is sent. Fill in the form and send the message with it.');
    return { status: 201, body: await startCitizenThreadInTx(ctx, tx, a, contactId, input, files) };
  });
}

/**
 * Starts a thread inside the caller's transaction, so that the caller's own writes (e.g. linking the
 * thread on an appointment) commit or roll back together with it. No idempotency key handling.
 */
export async function startCitizenThreadInTx(
  ctx: AppContext,
  tx: Tx,
  a: CitizenActor,
  contactId: string,
  input: NewCitizenThread,
  files: UploadedFile[],
): Promise<ThreadDetail> {
  if (files.length && (input.kind === 'journalkopi' || input.kind === 'fornyresept'))
    throw new AppError('VALIDATION_FAILED', 'Attachments cannot be sent with this kind of request.');
  const contact = await contactOfCitizen(tx, a.subjectId, contactId);
  await requireDialogInContact(tx, a, contact);
  const flex = input.kind === 'standarddialog' && contact.status === 'active' ? await activeFlexibleDialog(tx, a.userId, contact.id) : undefined;
  const svc = flex
    ? { answerDays: (await unitServices(tx, contact.unit_id)).find((x) => x.service === 'standarddialog')?.answerDays ?? 5 }
    : await requireCitizenService(tx, contact, input.kind);
  const now = clockNow();
  let topic: string;
  let text: string;
  let prescriptions: { id: string; medication: string; strength: string | null }[] = [];
  let chosen: UnitTopic | undefined;
  if (input.kind === 'journalkopi') ({ topic, text } = FIXED_TEXT.journalkopi);
  else if (input.kind === 'fornyresept') {
    const ids = [...new Set(input.prescriptionIds)];
    prescriptions = await renewablePrescriptions(tx, ids, a.subjectId, contact.unit_id);
    if (prescriptions.length !== ids.length)
      throw new AppError(
        'VALIDATION_FAILED',
        'One or more of the chosen prescriptions cannot be renewed here. Choose from the list of your current prescriptions.',
      );
    topic = FIXED_TEXT.fornyresept.topic;
    const list = prescriptions.map((p) => `- ${p.medication}${p.strength ? ` ${p.strength}` : ''}`).join('\n');
    text = `Jeg ber om fornyelse av:\n${list}\nLevering: ${COLLECT_NB[input.collectMethod]}.${input.text ? `\n\n${input.text}` : ''}`;
  } else {
    // A topic of the unit's: its own name, and it may route the thread to a role pool.
    chosen = input.topicId ? await requireTopic(tx, contact.unit_id, input.kind, input.topicId) : undefined;
    topic = chosen ? chosen.texts.nb.label : input.topic;
    text = input.text;
  }
  const thread = await insertCitizenThread(tx, {
    citizen_id: a.subjectId,
    unit_id: contact.unit_id,
    contact_id: contact.id,
    kind: input.kind,
    topic,
    status: 'new',
    started_by: 'citizen',
    addressed_staff_id: flex?.addressed_staff_id ?? contact.gp_staff_id,
    // A flexible dialog lands with its addressee: assigned to the person it names (a role's
    // pool sees it through addressed_role).
    assigned_staff_id: flex?.addressed_staff_id ?? null,
    flexible_dialog_id: flex?.id ?? null,
    addressed_role: flex?.addressed_role ?? chosen?.rolePool ?? null,
    topic_id: chosen?.id ?? null,
    created_by_person_id: a.userId,
    due_at: svc.answerDays === null ? null : addWorkingDays(now, svc.answerDays),
    collect_method: input.kind === 'fornyresept' ? input.collectMethod : null,
    unit_unread: 1,
    created_at: now,
    last_message_at: now,
    last_seq: 1,
  });
  const msg = await insertFirstMessage(tx, thread.id, {
    citizenId: a.subjectId,
    unitId: contact.unit_id,
    authorKind: 'citizen',
    authorPersonId: a.userId,
    onBehalfOfId: a.subjectId,
    text,
  });
  if (prescriptions.length)
    await insertRenewalItems(
      tx,
      thread.id,
      prescriptions.map((p) => ({ prescriptionId: p.id, medication: `${p.medication}${p.strength ? ` ${p.strength}` : ''}` })),
    );
  await storeAttachments(tx, files, { messageId: msg.id, threadId: thread.id, citizenId: a.subjectId });
  // Addressed or assigned to someone away: to their cover, with an automatic reply (cover.ts).
  await routeToCover(tx, ctx.events, { ...thread, unit_id: contact.unit_id, citizen_id: a.subjectId, status: 'new', last_seq: 1 });
  await auditRepresentative(tx, a, 'thread.create', 'thread', thread.id, { id: contact.unit_id, name: contact.unit_name });
  await ctx.events.publish(tx, {
    type: 'message.created',
    citizenId: a.subjectId,
    unitId: contact.unit_id,
    threadId: thread.id,
    messageId: msg.id,
    by: 'citizen',
    kind: input.kind,
  });
  const row = await findThread(tx, thread.id);
  return threadDetail(tx, row!, 'citizen', ctx.config.feeSchedule, a);
}

/** Loads a thread of the subject or answers 404. */
async function ownThread(_ctx: AppContext, tx: Parameters<typeof lockThread>[0], a: CitizenActor, threadId: string, lock: boolean) {
  const t = lock ? await lockThread(tx, threadId) : await findThread(tx, threadId);
  return visibleOrNotFound(tx, a, t);
}

/** A thread the subject may see, or 404. */
async function visibleOrNotFound<T extends NonNullable<Awaited<ReturnType<typeof findThread>>>>(db: DbOrTx, a: CitizenActor, t: T | undefined): Promise<T> {
  if (!t || t.citizen_id !== a.subjectId) throw notFound('The conversation');
  if (!(await threadVisible(db, a, t))) throw notFound('The conversation');
  return t;
}

/** Opens a thread: marks the unit's messages read (a read receipt for the unit). */
export async function openCitizenThread(ctx: AppContext, a: CitizenActor, threadId: string): Promise<ThreadDetail> {
  // Most opens are of a conversation with nothing new for the citizen, read by the citizen
  // themselves: no receipt, no audit entry, so nothing is written and the reads need no
  // transaction. (Every message from the unit counts in citizen_unread; one that arrives between
  // the two reads sends the open down the locked path below to mark it read.)
  const seen = await visibleOrNotFound(ctx.db, a, await findThread(ctx.db, threadId));
  if (seen.citizen_unread === 0 && !a.representing) {
    const detail = await threadDetail(ctx.db, seen, 'citizen', ctx.config.feeSchedule, a);
    if (!hasUnreadFor('citizen', detail.messages)) return detail;
  }
  return ctx.db.transaction().execute(async (tx) => {
    const t = await ownThread(ctx, tx, a, threadId, true);
    // The read receipt, the audit entry and the reads of the thread leave together (deferred and
    // pipelined statements, pg-connection.ts); the thread's messages are read after the receipt.
    const read = markRead(tx, t.id, { side: 'citizen', personId: a.userId });
    await auditRepresentative(tx, a, 'thread.read', 'thread', t.id, { id: t.unit_id, name: t.unit_name });
    const [changed, detail] = await Promise.all([read, threadDetail(tx, t, 'citizen', ctx.config.feeSchedule, a)]);
    if (changed) await ctx.events.publish(tx, { type: 'message.read', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, by: 'citizen' });
    // The row is locked, so the thread is as read plus the counter reset here (no second read).
    return { ...detail, unread: 0 };
  });
}

/** The citizen replies in a thread. */
export async function citizenReply(
  ctx: AppContext,
  a: CitizenActor,
  threadId: string,
  text: string,
  files: UploadedFile[],
  key: string | undefined,
): Promise<Stored<MessageSent>> {
  const hash = requestHash({ op: 'reply', threadId, text, files: files.map((f) => f.sha256) });
  return once<MessageSent, Awaited<ReturnType<typeof lockThread>>>(
    ctx.db,
    scope(a),
    key,
    hash,
    async (tx, t) => {
      if (!t || t.citizen_id !== a.subjectId || !(await threadVisible(tx, a, t))) throw notFound('The conversation');
      if (t.kind === 'journalkopi')
        throw new AppError('THREAD_CLOSED', 'A request for a copy of the record takes no replies. Start a new message if you need to write.');
      if (!t.replies_allowed)
        throw new AppError('THREAD_CLOSED', 'This conversation is closed and takes no more replies. Start a new message if you need to write.');
      if (t.conversion_state === 'pending')
        throw new AppError('CONVERSION_PENDING', 'Answer whether you accept the e-konsultasjon (with fee) before you write more.');
      if (t.contact_citizen_id !== a.subjectId || !t.contact_started_at) throw notFound('The health contact');
      if (t.flexible_dialog_id && !(await flexibleDialogOpen(tx, t.flexible_dialog_id)))
        throw new AppError('FLEXIBLE_DIALOG_ENDED', `The flexible dialog with ${t.unit_name} has ended, so this conversation takes no more messages.`);
      if (contactStatus({ startedAt: t.contact_started_at, endsAt: t.contact_ends_at, endedAt: t.contact_ended_at }) !== 'active')
        throw new AppError('CONTACT_INACTIVE', `Your health contact with ${t.unit_name} has ended, so you cannot write to them here.`);
      const status = t.status === 'new' ? 'new' : 'in_progress';
      // A new question after the unit answered: the service's promised answer time starts again
      // (otherwise the follow-up would show as overdue in the team inbox at once).
      let dueAt: Date | undefined;
      if (t.status === 'answered') {
        const days = (await unitServices(tx, t.unit_id)).find((x) => x.service === t.kind)?.answerDays;
        if (days !== null && days !== undefined) dueAt = addWorkingDays(clockNow(), days);
      }
      // The message and the thread's status, unread count, last activity (and due date) in one statement.
      const msg = await insertMessage(
        tx,
        t,
        { citizenId: t.citizen_id, unitId: t.unit_id, authorKind: 'citizen', authorPersonId: a.userId, onBehalfOfId: a.subjectId, text },
        { status, unread: 'unit', reopen: true, ...(dueAt ? { dueAt } : {}) },
      );
      const attachments = await storeAttachments(tx, files, { messageId: msg.id, threadId: t.id, citizenId: t.citizen_id });
      // The thread's person is away: it goes to the cover, with an automatic reply (cover.ts).
      const cover = await routeToCover(tx, ctx.events, { ...t, status, due_at: dueAt ?? t.due_at });
      await auditRepresentative(tx, a, 'message.send', 'thread', t.id, { id: t.unit_id, name: t.unit_name });
      await ctx.events.publish(tx, { type: 'message.created', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, messageId: msg.id, by: 'citizen' });
      // The answer is the new message and the thread as it now stands: the row is locked, so it
      // is as read plus the update above. Nothing is read back (the client holds the earlier messages).
      const updated = {
        ...t,
        status,
        closed_at: null,
        unit_unread: t.unit_unread + 1,
        citizen_unread: t.citizen_unread + (cover ? 1 : 0),
        assigned_staff_id: cover ? cover.coverId : t.assigned_staff_id,
        last_message_at: msg.createdAt,
        due_at: dueAt ?? t.due_at,
      } as const;
      const createdAt = msg.createdAt.toISOString();
      const message: DialogMessage = {
        id: msg.id,
        seq: msg.seq,
        author: { kind: 'citizen', name: a.userName, onBehalfOf: a.representing ? a.subjectName : null, role: null },
        mine: true,
        text,
        important: false,
        createdAt,
        deliveredAt: createdAt,
        readAt: null,
        attachments,
      };
      // A new message brings an archived conversation back to the list (isArchived compares with the last message).
      return { status: 201, body: { thread: { ...threadSummary(updated, 'citizen'), contactId: t.contact_id, archived: false }, message } };
    },
    // Locked with its health contact's dates (no separate contact lookup), in the same write as the key's lookup.
    (tx) => lockThread(tx, threadId),
  );
}

/** The citizen accepts or declines turning an e-kontakt into an e-konsultasjon (with fee). */
export async function answerConversion(ctx: AppContext, a: CitizenActor, threadId: string, accept: boolean): Promise<ThreadDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    const t = await ownThread(ctx, tx, a, threadId, true);
    if (t.conversion_state !== 'pending') throw new AppError('CONFLICT', 'There is no proposal to answer in this conversation.');
    const now = clockNow();
    if (accept) {
      const days = (await unitServices(tx, t.unit_id)).find((s) => s.service === 'ekonsultasjon')?.answerDays ?? null;
      await answerConversionOf(tx, t.id, now, { accept: true, dueAt: days === null ? null : addWorkingDays(now, days) });
    } else {
      await answerConversionOf(tx, t.id, now, { accept: false });
    }
    const fee = accept ? await decideFee(tx, ctx.config.feeSchedule, { citizenId: t.citizen_id, kind: 'ekonsultasjon', at: now }) : null;
    // Written for the unit: in the language of the staff member the thread is assigned to, else bokmål.
    const lang = await staffLanguage(tx, t.assigned_staff_id);
    const text = accept
      ? serverText(lang, 'system.conversion.accepted', {
          fee: serverText(lang, fee?.kind === 'charged' ? 'system.conversion.acceptedCharged' : 'system.conversion.acceptedExempt'),
        })
      : serverText(lang, 'system.conversion.declined');
    const msg = await insertMessage(tx, t, { citizenId: t.citizen_id, unitId: t.unit_id, authorKind: 'system', text });
    await auditRepresentative(tx, a, accept ? 'conversion.accept' : 'conversion.decline', 'thread', t.id, { id: t.unit_id, name: t.unit_name });
    await ctx.events.publish(tx, { type: 'message.created', citizenId: t.citizen_id, unitId: t.unit_id, threadId: t.id, messageId: msg.id, by: 'citizen' });
    // The citizen has seen this system message: they caused it.
    await markRead(tx, t.id, { side: 'citizen', personId: a.userId });
    return threadDetail(tx, (await findThread(tx, t.id))!, 'citizen', ctx.config.feeSchedule, a);
  });
}

/**
 * Archives a thread for the signed-in person (hidden from their list, never deleted; back in the
 * list when a newer message arrives), or moves it back. Per viewer: a parent archiving their
 * child's thread hides it only from the parent's own list. A representative's change is in the
 * access log.
 */
export async function archiveThread(ctx: AppContext, a: CitizenActor, threadId: string, archived: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const t = await visibleOrNotFound(tx, a, await findThread(tx, threadId));
    if (archived) await archiveForViewer(tx, t.id, a.userId);
    else await unarchiveForViewer(tx, t.id, a.userId);
    await auditRepresentative(tx, a, archived ? 'thread.archive' : 'thread.unarchive', 'thread', t.id, { id: t.unit_id, name: t.unit_name });
  });
}

/** An attachment of one of the actor's conversations they may see, for download; 404 otherwise. */
export async function citizenAttachment(db: DbOrTx, a: CitizenActor, attachmentId: string) {
  const f = await attachmentById(db, attachmentId);
  if (!f || f.citizen_id !== a.subjectId) throw notFound('The attachment');
  if (a.parentView) {
    const t = await threadForVisibility(db, f.thread_id);
    if (!(await threadVisible(db, a, t))) throw notFound('The attachment');
  }
  return f;
}
