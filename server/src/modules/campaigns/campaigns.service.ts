/**
 * Dialog to many (utsendelse): a unit sends one message — from a template, with an optional
 * question and answer choices — to many patients. Each patient's message is a normal thread
 * (`insertUnitThread`, the same path as a single staff-started thread: audit, notification,
 * journal to the EPJ). Sending is a durable job (campaigns.jobs.ts); this module holds the rules:
 * who may send (access/policy.ts), who the recipients are, the states, and the results.
 */
import { z } from 'zod';
import {
  isValidNationalId,
  SENDABLE_LINE,
  syntheticNationalId,
  type Campaign,
  type CampaignProgress,
  type CampaignRecipient,
  type MessageDelivery,
  type NewCampaign,
  type RecipientLine,
} from '@helsedialog/core';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { defineQueue, enqueue, type DbOrTx } from '../../platform/jobs.ts';
import { decideStaff } from '../../access/policy.ts';
import { requireMembership, type Membership, type StaffActor } from '../../access/actors.ts';
import { unitMayStart } from '@helsedialog/core';
import { unitServices } from '../dialog/catalogue.service.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import './campaigns.tables.ts';
import type { CampaignsTable } from './campaigns.tables.ts';
import { paperList, threadDelivery } from './paper.ts';
import { insertWaitlistEntry } from '../appointments/appointments.repository.ts';
import type { Selectable } from 'kysely';
import { now as clockNow, nowMs } from '../../platform/clock.ts';
import {
  activeContactIdsOfUnit,
  activeContactsOfUnit,
  allNationalIds,
  campaignsOfUnit,
  cancelPendingRecipients,
  findCampaign,
  insertCampaign,
  insertPersonWithContact,
  insertRecipients,
  insertTemplate,
  markRecipientsPrinted,
  messageTextAndTime,
  personsWithUnitContact,
  questionOfThread,
  recipientCitizenIds,
  recipientOfThread,
  recipientRows,
  setRecipientAnswer,
  shiftCampaignBack,
  staffName,
  templateOfUnitExists,
  templatesOfUnit,
  threadUnit,
  unansweredSentRecipients,
  updateCampaign,
  type RecipientRow,
} from './campaigns.repository.ts';

type Tx = Transaction<DB>;
/** Sends the next batch of a campaign. */
export const SEND_QUEUE = defineQueue('campaign.send', z.object({ campaignId: z.guid() }));
/** Reminds a campaign's recipients who have not answered (or read) after its days. */
export const REMINDER_QUEUE = defineQueue('campaign.reminder', z.object({ campaignId: z.guid() }));

/** The membership that lets a staff member see (or, with `send`, send) a unit's campaigns; 404 / 403 otherwise. */
export function campaignMember(a: StaffActor, unitId: string, send = false): Membership {
  const d = decideStaff(a, unitId, { campaign: send });
  if (!d.allowed) throw d.status === 404 ? notFound('The unit') : new AppError('FORBIDDEN', d.message);
  return d.membership!;
}

/** The campaign of one of the actor's units, or 404. */
export async function campaignOf(db: DbOrTx, a: StaffActor, campaignId: string, send = false, lock = false) {
  const c = await findCampaign(db, campaignId, lock);
  if (!c || !a.memberships.has(c.unit_id)) throw notFound('The campaign');
  return { c, m: campaignMember(a, c.unit_id, send) };
}

/** Judges a pasted list of national ids line by line: malformed, unknown, no active contact with the unit, not digital. */
export async function checkNationalIds(db: DbOrTx, unitId: string, lines: string[]): Promise<Array<RecipientLine & { citizenId: string | null; contactId: string | null }>> {
  const cleaned = lines.map((l) => l.replace(/[\s.-]/g, ''));
  const valid = [...new Set(cleaned.filter((l) => isValidNationalId(l)))];
  const rows = await personsWithUnitContact(db, unitId, valid);
  const byId = new Map(rows.map((r) => [r.national_id, r]));
  const seen = new Set<string>();
  return lines.map((input, i) => {
    const id = cleaned[i]!;
    const base = { line: i + 1, input, name: null, citizenId: null, contactId: null };
    if (!isValidNationalId(id)) return { ...base, status: 'malformed' as const };
    if (seen.has(id)) return { ...base, status: 'duplicate' as const };
    seen.add(id);
    const p = byId.get(id);
    if (!p) return { ...base, status: 'unknown' as const };
    // A name only for a person with a contact with the unit (the unit may know them).
    if (!p.contact_id) return { ...base, status: 'no_contact' as const };
    const name = `${p.given_name} ${p.family_name}`;
    return { ...base, name, citizenId: p.id, contactId: p.contact_id, status: p.phone || p.email ? ('ok' as const) : ('not_digital' as const) };
  });
}

interface Resolved {
  citizenId: string;
  contactId: string;
  digital: boolean;
}

/** The recipients of a new campaign, each once, in a stable order. */
async function resolveRecipients(tx: Tx, unitId: string, source: NewCampaign['source']): Promise<Resolved[]> {
  if (source.type === 'list') {
    const lines = await checkNationalIds(tx, unitId, source.nationalIds.filter((l) => l.trim() !== ''));
    const bad = lines.filter((l) => !SENDABLE_LINE.has(l.status) && l.status !== 'duplicate');
    if (bad.length)
      throw new AppError(
        'CAMPAIGN_RECIPIENTS_INVALID',
        `${bad.length} of the national identity numbers cannot be sent to (malformed, unknown, or without an active health contact with the unit). Correct or remove those lines.`,
        { lines: bad.map(({ line, input, status }) => ({ line, input, status })) },
      );
    return lines.filter((l) => SENDABLE_LINE.has(l.status)).map((l) => ({ citizenId: l.citizenId!, contactId: l.contactId!, digital: l.status === 'ok' }));
  }
  const rows = await activeContactsOfUnit(tx, unitId, {
    contactSource: source.type === 'service' ? source.contactSource : undefined,
    waitlist: source.type === 'waitlist' ? { timebookId: source.timebookId } : undefined,
  });
  return rows.map((r) => ({ citizenId: r.citizen_id, contactId: r.contact_id, digital: r.digital }));
}

/** Checks the message itself: text present, a question has 2–6 distinct choices, choices need a question. */
function checkMessage(input: { topic: string; body: string; question?: string | null | undefined; choices: string[] }): void {
  if (!input.body.trim() || !input.topic.trim())
    throw new AppError('CAMPAIGN_TEXT_MISSING', 'The message has no text. Write a topic and the text the patients will read.');
  const question = input.question?.trim() || null;
  if (!question && input.choices.length) throw new AppError('VALIDATION_FAILED', 'Answer choices need a question: write the question or remove the choices.');
  if (question && (input.choices.length < 2 || new Set(input.choices.map((c) => c.toLowerCase())).size !== input.choices.length))
    throw new AppError('VALIDATION_FAILED', 'A question needs at least two different answer choices (for example Ja and Nei).');
}

/** Creates a unit's template. */
export async function createTemplate(db: Db, a: StaffActor, unitId: string, input: { name: string; topic: string; body: string; question?: string | null | undefined; choices: string[] }) {
  campaignMember(a, unitId, true);
  checkMessage(input);
  return insertTemplate(db, { unit_id: unitId, name: input.name, topic: input.topic, body: input.body, question: input.question?.trim() || null, choices: input.choices });
}

/** The unit's templates, newest first (at most 200). */
export async function listTemplates(db: Db, a: StaffActor, unitId: string) {
  campaignMember(a, unitId);
  return templatesOfUnit(db, unitId);
}

/**
 * Judges a pasted list for a staff member who may send from the unit; the names of the unit's own
 * patients that the answer shows are written to their access logs.
 */
export async function checkRecipients(db: Db, a: StaffActor, unitId: string, nationalIds: string[]): Promise<RecipientLine[]> {
  const m = campaignMember(a, unitId, true);
  const lines = await checkNationalIds(db, unitId, nationalIds);
  // Names of the unit's own patients were shown: written to their access logs.
  const seen = lines.filter((l) => l.citizenId).map((l) => l.citizenId!);
  if (seen.length) await db.transaction().execute((tx) => auditStaff(tx, a, m, seen, 'campaign.recipient_check', 'unit', unitId));
  return lines.map(({ line, input, status, name }) => ({ line, input, status, name }));
}

/** A page of the unit's campaigns, newest first, with their counts (keyset paged by creation time). */
export async function listCampaigns(db: Db, a: StaffActor, unitId: string, before: Date | undefined, limit: number): Promise<{ items: Campaign[]; nextBefore: string | null }> {
  campaignMember(a, unitId);
  const rows = await campaignsOfUnit(db, unitId, before, limit);
  const page = rows.slice(0, limit);
  const items = [];
  for (const c of page) items.push(await campaignDto(db, c));
  return { items, nextBefore: rows.length > page.length ? page.at(-1)!.created_at.toISOString() : null };
}

/** Creates a campaign as a draft with its recipients resolved and stored (nothing is sent yet). */
export async function createCampaign(db: Db, a: StaffActor, unitId: string, input: NewCampaign): Promise<string> {
  const m = campaignMember(a, unitId, true);
  checkMessage(input);
  return db.transaction().execute(async (tx) => {
    if (input.templateId && !(await templateOfUnitExists(tx, input.templateId, unitId))) throw notFound('The template');
    const svc = (await unitServices(tx, unitId)).find((s) => s.service === input.kind);
    if (!unitMayStart(svc)) throw new AppError('SERVICE_OFF', 'The unit has not switched on this service for messages started by the unit. Choose another kind of message or switch it on.');
    const recipients = await resolveRecipients(tx, unitId, input.source);
    if (recipients.length === 0)
      throw new AppError('CAMPAIGN_NO_RECIPIENTS', 'The recipient list is empty: no patient with an active health contact with the unit matches. Choose other recipients.');
    const id = await insertCampaign(tx, {
      unit_id: unitId,
      template_id: input.templateId ?? null,
      name: input.name,
      kind: input.kind,
      topic: input.topic.trim(),
      body: input.body,
      question: input.question?.trim() || null,
      choices: input.question?.trim() ? input.choices : [],
      source: input.source.type,
      reminder_days: input.reminderDays,
      paper_after_days: input.paperAfterDays,
      created_by_staff_id: a.staffId,
    });
    await insertRecipients(tx, id, recipients);
    // Choosing the patients reads who they are: written to each one's access log.
    await auditStaff(tx, a, m, recipients.map((r) => r.citizenId), 'campaign.recipient_add', 'campaign', id);
    return id;
  });
}

/**
 * Starts (or resumes) sending. A second start of a running or finished campaign changes nothing
 * and answers its state (idempotent); a cancelled one cannot start.
 */
export async function startCampaign(db: Db, a: StaffActor, campaignId: string, resume = false): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { c } = await campaignOf(tx, a, campaignId, true, true);
    if (c.state === 'cancelled') throw new AppError('CAMPAIGN_STATE', 'The campaign was cancelled and cannot be started. Make a new one.');
    if (c.state === 'running' || c.state === 'done') return;
    if (c.state === 'paused' && !resume) throw new AppError('CAMPAIGN_STATE', 'The campaign is paused: resume it to go on sending.');
    if (c.state === 'draft' && resume) throw new AppError('CAMPAIGN_STATE', 'The campaign has not been started yet.');
    const runs = c.runs + 1;
    const startedAt = c.started_at ?? clockNow();
    await updateCampaign(tx, c.id, { state: 'running', runs, started_at: startedAt });
    await enqueue(tx, SEND_QUEUE, { campaignId: c.id }, { idempotencyKey: `${SEND_QUEUE.name}:${c.id}:run:${runs}` });
    if (runs === 1)
      await enqueue(tx, REMINDER_QUEUE, { campaignId: c.id }, { idempotencyKey: `${REMINDER_QUEUE.name}:${c.id}`, runAt: new Date(startedAt.getTime() + c.reminder_days * 86_400_000) });
  });
}

/** Pauses a running campaign: the job stops before its next recipient. */
export async function pauseCampaign(db: Db, a: StaffActor, campaignId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { c } = await campaignOf(tx, a, campaignId, true, true);
    if (c.state === 'paused') return;
    if (c.state !== 'running') throw new AppError('CAMPAIGN_STATE', 'Only a campaign that is sending can be paused.');
    await updateCampaign(tx, c.id, { state: 'paused' });
  });
}

/** Cancels a campaign: recipients not yet sent to are cancelled; what was sent stays sent. */
export async function cancelCampaign(db: Db, a: StaffActor, campaignId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { c } = await campaignOf(tx, a, campaignId, true, true);
    if (c.state === 'cancelled') return;
    if (c.state === 'done') throw new AppError('CAMPAIGN_STATE', 'The campaign has finished sending; there is nothing left to cancel.');
    await updateCampaign(tx, c.id, { state: 'cancelled', finished_at: clockNow() });
    await cancelPendingRecipients(tx, c.id);
  });
}

/** A recipient as staff see it: "sent" (notified) only once a gateway accepted the notice. */
export function toRecipient(r: RecipientRow, paperAfterDays: number, now: Date): CampaignRecipient {
  const notified = !!r.notified_at;
  const delivery =
    r.state === 'pending'
      ? 'queued'
      : r.state === 'cancelled'
        ? 'cancelled'
        : r.state === 'failed'
          ? 'failed'
          : notified
            ? 'notified'
            : !r.digital || (r.all && r.bad === r.all)
              ? 'not_notified'
              : 'stored';
  const unreadTooLong = r.state === 'sent' && !r.read_at && !!r.sent_at && now.getTime() - r.sent_at.getTime() >= paperAfterDays * 86_400_000;
  return {
    id: r.id,
    ordinal: r.ordinal,
    name: `${r.given_name} ${r.family_name}`,
    birthDate: r.birth_date,
    threadId: r.thread_id,
    delivery,
    reason: r.reason ?? (delivery === 'not_notified' ? (r.digital ? (r.notice_reason ?? 'notice not delivered') : 'no mobile number or e-mail address') : null),
    notifiedAt: r.notified_at ? new Date(r.notified_at).toISOString() : null,
    channels: (r.channels ?? []).filter((c): c is 'sms' | 'email' => c === 'sms' || c === 'email'),
    readAt: r.read_at ? r.read_at.toISOString() : null,
    answer: r.answer ?? 'none',
    answerChoice: r.answer_choice,
    answerText: r.answer_text,
    remindedAt: r.reminded_at ? r.reminded_at.toISOString() : null,
    paper: r.state !== 'sent' ? null : !r.digital ? 'not_digital' : unreadTooLong && !r.answer ? 'unread' : null,
  };
}

/** All recipients of a campaign (staff only; the caller audits). */
export async function campaignRecipients(db: DbOrTx, c: Selectable<CampaignsTable>, now = clockNow()): Promise<CampaignRecipient[]> {
  const rows = await recipientRows(db, c.id);
  return rows.map((r) => toRecipient(r, c.paper_after_days, now));
}

/** The counts of a campaign (no person-level data). */
export async function campaignProgress(db: DbOrTx, c: Selectable<CampaignsTable>): Promise<{ progress: CampaignProgress; failures: Array<{ reason: string; count: number }> }> {
  const rs = await campaignRecipients(db, c);
  const count = (f: (r: CampaignRecipient) => boolean) => rs.filter(f).length;
  const reasons = new Map<string, number>();
  for (const r of rs) if (r.delivery === 'failed' || r.delivery === 'not_notified') reasons.set(r.reason ?? '', (reasons.get(r.reason ?? '') ?? 0) + 1);
  return {
    progress: {
      total: rs.length,
      pending: count((r) => r.delivery === 'queued'),
      stored: count((r) => r.delivery === 'stored'),
      notified: count((r) => r.delivery === 'notified'),
      failed: count((r) => r.delivery === 'failed' || r.delivery === 'not_notified'),
      cancelled: count((r) => r.delivery === 'cancelled'),
      read: count((r) => !!r.readAt),
      answered: count((r) => r.answer !== 'none'),
      paper: count((r) => r.paper !== null),
    },
    failures: [...reasons].map(([reason, n]) => ({ reason, count: n })).sort((x, y) => y.count - x.count),
  };
}

/** A campaign as the API shows it. */
export async function campaignDto(db: DbOrTx, c: Selectable<CampaignsTable>): Promise<Campaign> {
  const creator = await staffName(db, c.created_by_staff_id);
  const { progress, failures } = await campaignProgress(db, c);
  return {
    id: c.id,
    unitId: c.unit_id,
    name: c.name,
    kind: c.kind,
    topic: c.topic,
    body: c.body,
    question: c.question,
    choices: c.choices,
    source: c.source,
    state: c.state,
    reminderDays: c.reminder_days,
    paperAfterDays: c.paper_after_days,
    createdBy: creator ? `${creator.given_name} ${creator.family_name}` : '',
    createdAt: c.created_at.toISOString(),
    startedAt: c.started_at?.toISOString() ?? null,
    finishedAt: c.finished_at?.toISOString() ?? null,
    progress,
    failures,
  };
}

/** CSV of a campaign's result table (one row per recipient); the caller audits the export. */
export function resultCsv(rows: CampaignRecipient[]): string {
  const cell = (v: string | null) => {
    const s = v ?? '';
    // Quote everything; a leading =, +, - or @ would be a formula in a spreadsheet.
    return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  };
  const head = ['nr', 'navn', 'fødselsdato', 'levering', 'varslet', 'kanal', 'lest', 'svar', 'valg', 'fritekst', 'påminnet', 'papir'];
  const lines = rows.map((r) =>
    [String(r.ordinal), r.name, r.birthDate, r.delivery, r.notifiedAt, r.channels.join('+'), r.readAt, r.answer, r.answerChoice, r.answerText, r.remindedAt, r.paper].map(cell).join(','),
  );
  return `\ufeff${[head.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}

/**
 * Records a citizen's message in a campaign thread as the recipient's answer: one of the choices
 * (the text is exactly a choice — the buttons send that), otherwise free text. Runs inside the
 * message's transaction (a domain-event subscriber), so the answer exists exactly when the message does.
 */
export async function recordAnswer(tx: Tx, threadId: string, messageId: string): Promise<void> {
  const r = await recipientOfThread(tx, threadId);
  if (!r) return;
  const msg = await messageTextAndTime(tx, messageId);
  if (!msg) return;
  const choice = r.choices.find((c) => c.toLowerCase() === msg.text.trim().toLowerCase());
  if (choice) await setRecipientAnswer(tx, r.id, { answer: 'choice', answer_choice: choice, answered_at: msg.created_at });
  else await setRecipientAnswer(tx, r.id, { answer: r.answer ?? 'text', answer_text: msg.text.slice(0, 2000), answered_at: msg.created_at });
}

/** The question of a campaign thread, for the citizen's choice buttons (undefined: not a campaign thread, or no question). */
export async function threadQuestion(db: DbOrTx, threadId: string) {
  const r = await questionOfThread(db, threadId);
  if (!r?.question) return undefined;
  return { question: r.question, choices: r.choices, answer: r.answer_choice };
}

/** The result table of a campaign for export; the export is written to each recipient's access log. */
export async function exportRecipients(db: Db, a: StaffActor, campaignId: string): Promise<{ c: Selectable<CampaignsTable>; rows: CampaignRecipient[] }> {
  const { c, m } = await campaignOf(db, a, campaignId);
  const rows = await db.transaction().execute(async (tx) => {
    const rs = await campaignRecipients(tx, c);
    await auditStaff(tx, a, m, await recipientCitizenIds(tx, c.id), 'campaign.results_export', 'campaign', c.id);
    return rs;
  });
  return { c, rows };
}

/**
 * The paper list taken for printing: written to each patient's access log, and its campaign
 * recipients marked printed, in one transaction. Returns the items, the unit's name and the time.
 */
export async function printPaperList(db: Db, a: StaffActor, unitId: string, campaignId: string | undefined) {
  const m = requireMembership(a, unitId);
  const now = clockNow();
  const items = await db.transaction().execute(async (tx) => {
    const list = await paperList(tx, unitId, { campaignId });
    if (list.length) await auditStaff(tx, a, m, list.map((i) => i.citizenId), 'paper.print', 'unit', unitId);
    await markRecipientsPrinted(tx, list.filter((i) => i.source === 'campaign').map((i) => i.id), now);
    return list;
  });
  return { unitName: m.unitName, items, now };
}

/** The delivery of the unit's messages in a thread of one of the actor's units, or 404. */
export async function staffThreadDelivery(db: Db, a: StaffActor, threadId: string): Promise<MessageDelivery[]> {
  const t = await threadUnit(db, threadId);
  if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
  return threadDelivery(db, t.id);
}

// ---- Test support: only the test-only routes (/api/test/campaigns/…) call these ----

/**
 * Puts the unit's active patients and `count` new synthetic patients (every tenth without phone
 * or e-mail) on the unit's waiting list, in one transaction.
 */
export async function seedWaitlistForTest(db: Db, unitId: string, count: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const existing = await activeContactIdsOfUnit(tx, unitId, clockNow());
    for (const c of existing) await insertWaitlistEntry(tx, { citizen_id: c.citizen_id, unit_id: unitId, contact_id: c.id, timebook_id: null, appointment_id: null });
    const taken = new Set(await allNationalIds(tx));
    for (let i = 0, n = 0; n < count; i++) {
      const birth = `19${String(40 + (i % 50)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const nationalId = syntheticNationalId(birth, 100 + Math.floor(i / 600) * 7);
      if (taken.has(nationalId)) continue;
      taken.add(nationalId);
      const person = { national_id: nationalId, given_name: `Vente${n + 1}`, family_name: 'Listesen', birth_date: birth, phone: n % 10 === 9 ? null : `+4798${String(n).padStart(6, '0')}` };
      const { personId, contactId } = await insertPersonWithContact(tx, person, unitId, new Date(nowMs() - 86_400_000));
      await insertWaitlistEntry(tx, { citizen_id: personId, unit_id: unitId, contact_id: contactId, timebook_id: null, appointment_id: null });
      n++;
    }
  });
}

/** Up to `count` recipients the campaign was sent to who have not answered, by ordinal. */
export async function unansweredRecipientsForTest(db: Db, campaignId: string, count: number) {
  return unansweredSentRecipients(db, campaignId, count);
}

/** Moves a campaign `days` into the past: its start, its sent times, its messages and its waiting reminder jobs. */
export async function advanceCampaignForTest(db: Db, campaignId: string, days: number): Promise<void> {
  const secs = Math.round(days * 86_400_000) / 1000;
  await db.transaction().execute((tx) => shiftCampaignBack(tx, campaignId, secs, REMINDER_QUEUE.name));
}
