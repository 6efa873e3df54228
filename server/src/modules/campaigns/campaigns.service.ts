/**
 * Dialog to many (utsendelse): a unit sends one message — from a template, with an optional
 * question and answer choices — to many patients. Each patient's message is a normal thread
 * (`insertUnitThread`, the same path as a single staff-started thread: audit, notification,
 * journal to the EPJ). Sending is a durable job (campaigns.jobs.ts); this module holds the rules:
 * who may send (access/policy.ts), who the recipients are, the states, and the results.
 */
import { z } from 'zod';
import { isValidNationalId, SENDABLE_LINE, type Campaign, type CampaignProgress, type CampaignRecipient, type NewCampaign, type RecipientLine } from '@helsedialog/core';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { defineQueue, enqueue, type DbOrTx } from '../../platform/jobs.ts';
import { decideStaff } from '../../access/policy.ts';
import type { Membership, StaffActor } from '../../access/actors.ts';
import { unitMayStart } from '@helsedialog/core';
import { unitServices } from '../dialog/catalogue.service.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import './campaigns.tables.ts';
import type { CampaignsTable } from './campaigns.tables.ts';
import type { Selectable } from 'kysely';
import { now as clockNow } from '../../platform/clock.ts';

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
  let q = db.selectFrom('campaigns').selectAll().where('id', '=', campaignId);
  if (lock) q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c || !a.memberships.has(c.unit_id)) throw notFound('The campaign');
  return { c, m: campaignMember(a, c.unit_id, send) };
}

const ACTIVE_CONTACT = sql<boolean>`hc.started_at <= now() AND hc.ended_at IS NULL AND (hc.ends_at IS NULL OR hc.ends_at > now())`;

/** Judges a pasted list of national ids line by line: malformed, unknown, no active contact with the unit, not digital. */
export async function checkNationalIds(db: DbOrTx, unitId: string, lines: string[]): Promise<Array<RecipientLine & { citizenId: string | null; contactId: string | null }>> {
  const cleaned = lines.map((l) => l.replace(/[\s.-]/g, ''));
  const valid = [...new Set(cleaned.filter((l) => isValidNationalId(l)))];
  const rows = valid.length
    ? await db
        .selectFrom('persons as p')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('health_contacts as hc')
              .select(['hc.citizen_id', sql<string>`min(hc.id::text)`.as('contact_id')])
              .where('hc.unit_id', '=', unitId)
              .where(ACTIVE_CONTACT)
              .groupBy('hc.citizen_id')
              .as('c'),
          (j) => j.onRef('c.citizen_id', '=', 'p.id'),
        )
        .select(['p.id', 'p.national_id', 'p.given_name', 'p.family_name', 'p.phone', 'p.email', 'c.contact_id'])
        .where('p.national_id', 'in', valid)
        .execute()
    : [];
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
  let q = tx
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.citizen_id', sql<string>`min(hc.id::text)`.as('contact_id'), sql<boolean>`bool_or(p.phone IS NOT NULL OR p.email IS NOT NULL)`.as('digital')])
    .where('hc.unit_id', '=', unitId)
    .where(ACTIVE_CONTACT)
    .groupBy('hc.citizen_id')
    .orderBy('hc.citizen_id');
  if (source.type === 'service' && source.contactSource) q = q.where('hc.source', '=', source.contactSource);
  if (source.type === 'waitlist') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('waitlist_entries as w')
          .select('w.id')
          .whereRef('w.citizen_id', '=', 'hc.citizen_id')
          .where('w.unit_id', '=', unitId)
          .where('w.status', 'in', ['waiting', 'offered'])
          .$if(!!source.timebookId, (w) => w.where('w.timebook_id', '=', source.timebookId!)),
      ),
    );
  }
  const rows = await q.execute();
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
  return db
    .insertInto('campaign_templates')
    .values({ unit_id: unitId, name: input.name, topic: input.topic, body: input.body, question: input.question?.trim() || null, choices: JSON.stringify(input.choices) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Creates a campaign as a draft with its recipients resolved and stored (nothing is sent yet). */
export async function createCampaign(db: Db, a: StaffActor, unitId: string, input: NewCampaign): Promise<string> {
  const m = campaignMember(a, unitId, true);
  checkMessage(input);
  return db.transaction().execute(async (tx) => {
    if (input.templateId) {
      const t = await tx.selectFrom('campaign_templates').select('id').where('id', '=', input.templateId).where('unit_id', '=', unitId).executeTakeFirst();
      if (!t) throw notFound('The template');
    }
    const svc = (await unitServices(tx, unitId)).find((s) => s.service === input.kind);
    if (!unitMayStart(svc)) throw new AppError('SERVICE_OFF', 'The unit has not switched on this service for messages started by the unit. Choose another kind of message or switch it on.');
    const recipients = await resolveRecipients(tx, unitId, input.source);
    if (recipients.length === 0)
      throw new AppError('CAMPAIGN_NO_RECIPIENTS', 'The recipient list is empty: no patient with an active health contact with the unit matches. Choose other recipients.');
    const c = await tx
      .insertInto('campaigns')
      .values({
        unit_id: unitId,
        template_id: input.templateId ?? null,
        name: input.name,
        kind: input.kind,
        topic: input.topic.trim(),
        body: input.body,
        question: input.question?.trim() || null,
        choices: JSON.stringify(input.question?.trim() ? input.choices : []),
        source: input.source.type,
        reminder_days: input.reminderDays,
        paper_after_days: input.paperAfterDays,
        created_by_staff_id: a.staffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < recipients.length; i += 500) {
      await tx
        .insertInto('campaign_recipients')
        .values(recipients.slice(i, i + 500).map((r, j) => ({ campaign_id: c.id, citizen_id: r.citizenId, contact_id: r.contactId, ordinal: i + j + 1, digital: r.digital })))
        .execute();
    }
    // Choosing the patients reads who they are: written to each one's access log.
    await auditStaff(tx, a, m, recipients.map((r) => r.citizenId), 'campaign.recipient_add', 'campaign', c.id);
    return c.id;
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
    await tx.updateTable('campaigns').set({ state: 'running', runs, started_at: startedAt }).where('id', '=', c.id).execute();
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
    await tx.updateTable('campaigns').set({ state: 'paused' }).where('id', '=', c.id).execute();
  });
}

/** Cancels a campaign: recipients not yet sent to are cancelled; what was sent stays sent. */
export async function cancelCampaign(db: Db, a: StaffActor, campaignId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { c } = await campaignOf(tx, a, campaignId, true, true);
    if (c.state === 'cancelled') return;
    if (c.state === 'done') throw new AppError('CAMPAIGN_STATE', 'The campaign has finished sending; there is nothing left to cancel.');
    await tx.updateTable('campaigns').set({ state: 'cancelled', finished_at: clockNow() }).where('id', '=', c.id).execute();
    await tx.updateTable('campaign_recipients').set({ state: 'cancelled', reason: 'cancelled before sending' }).where('campaign_id', '=', c.id).where('state', '=', 'pending').execute();
  });
}

/**
 * Each recipient with its delivery: the message's notices (by the key prefix
 * `message.created:<messageId>:…`, indexed by the message id), the read time and the answer. One query.
 */
function recipientRows(db: DbOrTx, campaignId: string) {
  return db
    .selectFrom('campaign_recipients as r')
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('notifications as n')
          .innerJoin('campaign_recipients as r2', (j) =>
            j.on(sql<boolean>`n.idempotency_key LIKE 'message.created:%' AND split_part(n.idempotency_key, ':', 2) = r2.message_id::text`),
          )
          .where('r2.campaign_id', '=', campaignId)
          .select([
            'r2.id as rid',
            sql<string[]>`array_agg(DISTINCT n.channel) FILTER (WHERE n.state = 'sent')`.as('channels'),
            sql<Date | null>`min(n.sent_at) FILTER (WHERE n.state = 'sent')`.as('notified_at'),
            sql<number>`count(*) FILTER (WHERE n.state IN ('failed', 'skipped'))::int`.as('bad'),
            sql<number>`count(*)::int`.as('all'),
            sql<string | null>`max(n.reason)`.as('notice_reason'),
          ])
          .groupBy('r2.id')
          .as('nt'),
      (j) => j.onRef('nt.rid', '=', 'r.id'),
    )
    .where('r.campaign_id', '=', campaignId)
    .select([
      'r.id',
      'r.ordinal',
      'r.state',
      'r.reason',
      'r.digital',
      'r.thread_id',
      'r.sent_at',
      'r.answer',
      'r.answer_choice',
      'r.answer_text',
      'r.reminded_at',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'm.read_at',
      'nt.channels',
      'nt.notified_at',
      'nt.bad',
      'nt.all',
      'nt.notice_reason',
    ]);
}
type RecipientRow = Awaited<ReturnType<ReturnType<typeof recipientRows>['execute']>>[number];

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
  const rows = await recipientRows(db, c.id).orderBy('r.ordinal').execute();
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
  const creator = await db.selectFrom('staff').select(['given_name', 'family_name']).where('id', '=', c.created_by_staff_id).executeTakeFirst();
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
  const r = await tx
    .selectFrom('campaign_recipients as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .select(['r.id', 'r.answer', 'c.choices'])
    .where('r.thread_id', '=', threadId)
    .executeTakeFirst();
  if (!r) return;
  const msg = await tx.selectFrom('messages').select(['text', 'created_at']).where('id', '=', messageId).executeTakeFirst();
  if (!msg) return;
  const choice = r.choices.find((c) => c.toLowerCase() === msg.text.trim().toLowerCase());
  if (choice) await tx.updateTable('campaign_recipients').set({ answer: 'choice', answer_choice: choice, answered_at: msg.created_at }).where('id', '=', r.id).execute();
  else
    await tx
      .updateTable('campaign_recipients')
      .set({ answer: r.answer ?? 'text', answer_text: msg.text.slice(0, 2000), answered_at: msg.created_at })
      .where('id', '=', r.id)
      .execute();
}

/** The question of a campaign thread, for the citizen's choice buttons (undefined: not a campaign thread, or no question). */
export async function threadQuestion(db: DbOrTx, threadId: string) {
  const r = await db
    .selectFrom('campaign_recipients as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .select(['c.question', 'c.choices', 'r.answer_choice'])
    .where('r.thread_id', '=', threadId)
    .executeTakeFirst();
  if (!r?.question) return undefined;
  return { question: r.question, choices: r.choices, answer: r.answer_choice };
}
