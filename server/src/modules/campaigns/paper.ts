/**
 * Delivery that is never silent (docs/notifications.md#delivery-states): per message, what staff
 * see (stored, notified with channel and time, read); the unit's "Ikke lest" list of items unread
 * after the unit's number of days per kind (message, letter); and the paper list — campaign
 * recipients who are not digital or have not read after the campaign's days, and unread items
 * of the kinds the unit sends on paper — with a printable PDF batch (platform/pdf.ts).
 */
import { PdfWriter } from '../../platform/pdf.ts';
import { sql } from 'kysely';
import { DEFAULT_UNREAD_DAYS, type MessageDelivery, type UnreadRule } from '@helsedialog/core';
import type { DbOrTx } from '../../platform/jobs.ts';
import { todayInOslo } from '../../platform/time.ts';
import './campaigns.tables.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

const DAY = 86_400_000;

/** The unit's rules per kind (defaults where the unit set none). */
export async function unreadRules(db: DbOrTx, unitId: string): Promise<UnreadRule[]> {
  const rows = await db.selectFrom('unit_unread_rules').selectAll().where('unit_id', '=', unitId).execute();
  return (['message', 'letter'] as const).map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    return { kind, days: r?.days ?? DEFAULT_UNREAD_DAYS, toPaper: r?.to_paper ?? false };
  });
}

export async function saveUnreadRules(db: DbOrTx, unitId: string, rules: UnreadRule[]): Promise<void> {
  for (const r of rules)
    await db
      .insertInto('unit_unread_rules')
      .values({ unit_id: unitId, kind: r.kind, days: r.days, to_paper: r.toPaper })
      .onConflict((oc) => oc.columns(['unit_id', 'kind']).doUpdateSet({ days: r.days, to_paper: r.toPaper, updated_at: clockNow() }))
      .execute();
}

/** The delivery of a thread's unit messages: stored, the notices (channel, state, time), read. */
export async function threadDelivery(db: DbOrTx, threadId: string): Promise<MessageDelivery[]> {
  const msgs = await db
    .selectFrom('messages as m')
    .innerJoin('persons as p', 'p.id', 'm.citizen_id')
    .select(['m.id', 'm.created_at', 'm.read_at', 'p.phone', 'p.email'])
    .where('m.thread_id', '=', threadId)
    .where('m.author_kind', '=', 'staff')
    .orderBy('m.seq')
    .execute();
  if (!msgs.length) return [];
  const notices = await db
    .selectFrom('notifications')
    .select(['idempotency_key', 'channel', 'state', 'sent_at', 'reason', 'created_at'])
    .where('idempotency_key', 'like', 'message.created:%')
    .where(sql<string>`split_part(idempotency_key, ':', 2)`, 'in', msgs.map((m) => m.id))
    .execute();
  return msgs.map((m) => {
    const mine = notices.filter((n) => n.idempotency_key.startsWith(`message.created:${m.id}:`));
    const sent = mine.some((n) => n.state === 'sent');
    const noAddress = !m.phone && !m.email;
    const allBad = mine.length > 0 && mine.every((n) => n.state === 'failed' || n.state === 'skipped');
    return {
      messageId: m.id,
      storedAt: m.created_at.toISOString(),
      notices: mine.map((n) => ({ channel: n.channel, state: n.state, at: (n.sent_at ?? n.created_at).toISOString(), reason: n.reason })),
      readAt: m.read_at?.toISOString() ?? null,
      state: m.read_at ? 'read' : sent ? 'notified' : allBad || (noAddress && !mine.length) ? 'not_notified' : 'stored',
    };
  });
}

export interface UnreadItem {
  kind: 'message' | 'letter';
  id: string;
  threadId: string | null;
  citizenId: string;
  name: string;
  birthDate: string;
  title: string;
  sentAt: string;
  days: number;
  toPaper: boolean;
}

/** Items of the unit unread after the unit's days, oldest first (keyset by time and id; partial indexes). */
export async function unreadItems(db: DbOrTx, unitId: string, opts: { limit: number; kind?: 'message' | 'letter' | undefined; before?: { at: Date; id: string } | undefined; onlyPaper?: boolean }): Promise<UnreadItem[]> {
  const rules = await unreadRules(db, unitId);
  const now = nowMs();
  const out: UnreadItem[] = [];
  for (const rule of rules) {
    if (opts.kind && opts.kind !== rule.kind) continue;
    if (opts.onlyPaper && !rule.toPaper) continue;
    const cutoff = new Date(now - rule.days * DAY);
    if (rule.kind === 'message') {
      let q = db
        .selectFrom('messages as m')
        .innerJoin('threads as t', 't.id', 'm.thread_id')
        .innerJoin('persons as p', 'p.id', 'm.citizen_id')
        .select(['m.id', 'm.thread_id', 'm.citizen_id', 'm.created_at as at', 't.topic as title', 'p.given_name', 'p.family_name', 'p.birth_date'])
        .where('m.unit_id', '=', unitId)
        .where('m.author_kind', '=', 'staff')
        .where('m.read_at', 'is', null)
        .where('m.created_at', '<=', cutoff);
      if (opts.before) q = q.where(sql<boolean>`(m.created_at, m.id) > (${opts.before.at}, ${opts.before.id}::uuid)`);
      const rows = await q.orderBy('m.created_at').orderBy('m.id').limit(opts.limit).execute();
      for (const r of rows)
        out.push({ kind: 'message', id: r.id, threadId: r.thread_id, citizenId: r.citizen_id, name: `${r.given_name} ${r.family_name}`, birthDate: r.birth_date, title: r.title, sentAt: r.at.toISOString(), days: Math.floor((now - r.at.getTime()) / DAY), toPaper: rule.toPaper });
    } else {
      let q = db
        .selectFrom('letters as l')
        .innerJoin('persons as p', 'p.id', 'l.citizen_id')
        .select(['l.id', 'l.citizen_id', 'l.sent_at as at', 'l.title', 'p.given_name', 'p.family_name', 'p.birth_date'])
        .where('l.unit_id', '=', unitId)
        .where('l.read_at', 'is', null)
        .where('l.sent_at', '<=', cutoff);
      if (opts.before) q = q.where(sql<boolean>`(l.sent_at, l.id) > (${opts.before.at}, ${opts.before.id}::uuid)`);
      const rows = await q.orderBy('l.sent_at').orderBy('l.id').limit(opts.limit).execute();
      for (const r of rows)
        out.push({ kind: 'letter', id: r.id, threadId: null, citizenId: r.citizen_id, name: `${r.given_name} ${r.family_name}`, birthDate: r.birth_date, title: r.title, sentAt: r.at.toISOString(), days: Math.floor((now - r.at.getTime()) / DAY), toPaper: rule.toPaper });
    }
  }
  return out.sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id)).slice(0, opts.limit);
}

/** How many items of the unit are unread past the unit's days (the badge), counted up to `cap`. */
export async function unreadCount(db: DbOrTx, unitId: string, cap = 100): Promise<number> {
  return (await unreadItems(db, unitId, { limit: cap })).length;
}

export interface PaperItem {
  source: 'campaign' | 'message' | 'letter';
  id: string;
  campaignId: string | null;
  citizenId: string;
  name: string;
  birthDate: string;
  title: string;
  body: string | null;
  question: string | null;
  choices: string[];
  reason: 'not_digital' | 'unread';
  sentAt: string | null;
  printedAt: string | null;
}

/** The unit's paper list: campaign recipients to reach on paper, and unread items of kinds the unit sends on paper. */
export async function paperList(db: DbOrTx, unitId: string, opts: { campaignId?: string | undefined; limit?: number } = {}): Promise<PaperItem[]> {
  const limit = opts.limit ?? 1000;
  const rows = await db
    .selectFrom('campaign_recipients as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .select(['r.id', 'r.campaign_id', 'r.citizen_id', 'r.digital', 'r.sent_at', 'r.paper_printed_at', 'c.topic', 'c.body', 'c.question', 'c.choices', 'p.given_name', 'p.family_name', 'p.birth_date'])
    .where('c.unit_id', '=', unitId)
    .$if(!!opts.campaignId, (q) => q.where('c.id', '=', opts.campaignId!))
    .where('r.state', '=', 'sent')
    .where((eb) =>
      eb.or([
        eb('r.digital', '=', false),
        eb.and([eb('r.answer', 'is', null), eb('m.read_at', 'is', null), eb(sql<Date>`r.sent_at + c.paper_after_days * interval '1 day'`, '<=', sql<Date>`now()`)]),
      ]),
    )
    .orderBy('r.sent_at')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  const items: PaperItem[] = rows.map((r) => ({
    source: 'campaign',
    id: r.id,
    campaignId: r.campaign_id,
    citizenId: r.citizen_id,
    name: `${r.given_name} ${r.family_name}`,
    birthDate: r.birth_date,
    title: r.topic,
    body: r.body,
    question: r.question,
    choices: r.choices,
    reason: r.digital ? 'unread' : 'not_digital',
    sentAt: r.sent_at?.toISOString() ?? null,
    printedAt: r.paper_printed_at?.toISOString() ?? null,
  }));
  if (opts.campaignId) return items;
  const unread = await unreadItems(db, unitId, { limit, onlyPaper: true });
  // A campaign message already on the list as its recipient is not listed twice.
  const campaignMessages = new Set(
    (await db.selectFrom('campaign_recipients as r').innerJoin('campaigns as c', 'c.id', 'r.campaign_id').select('r.message_id').where('c.unit_id', '=', unitId).where('r.message_id', 'in', unread.filter((u) => u.kind === 'message').map((u) => u.id).concat(['00000000-0000-0000-0000-000000000000'])).execute()).map((x) => x.message_id),
  );
  const texts = new Map<string, string>();
  const msgIds = unread.filter((u) => u.kind === 'message' && !campaignMessages.has(u.id)).map((u) => u.id);
  if (msgIds.length) for (const m of await db.selectFrom('messages').select(['id', 'text']).where('id', 'in', msgIds).execute()) texts.set(m.id, m.text);
  const letIds = unread.filter((u) => u.kind === 'letter').map((u) => u.id);
  if (letIds.length) for (const l of await db.selectFrom('letters').select(['id', 'body']).where('id', 'in', letIds).execute()) texts.set(l.id, l.body ?? '');
  for (const u of unread) {
    if (u.kind === 'message' && campaignMessages.has(u.id)) continue;
    items.push({ source: u.kind, id: u.id, campaignId: null, citizenId: u.citizenId, name: u.name, birthDate: u.birthDate, title: u.title, body: texts.get(u.id) ?? null, question: null, choices: [], reason: 'unread', sentAt: u.sentAt, printedAt: null });
  }
  return items.slice(0, limit);
}

/** One printable page per item: the unit, the patient, the message, the question with boxes to tick (platform/pdf.ts). */
export async function paperPdf(unitName: string, items: PaperItem[], printedAt: Date): Promise<Buffer> {
  const pdf = await PdfWriter.create({ title: `Brev fra ${unitName}`, author: unitName });
  const norwegian = (day: string) => day.split('-').reverse().join('.');
  for (const it of items) {
    pdf.newPage();
    pdf.text(unitName, { bold: true, size: 14 });
    pdf.space(6);
    pdf.text(`Til: ${it.name} (født ${norwegian(it.birthDate)})`);
    pdf.text(`Dato: ${norwegian(todayInOslo(printedAt))}`);
    pdf.space(11);
    pdf.text(it.title, { bold: true, size: 12 });
    pdf.space(6);
    pdf.text(it.body ?? '');
    if (it.question) {
      pdf.space(11);
      pdf.text(it.question, { bold: true });
      for (const c of it.choices) pdf.text(`[  ]  ${c}`);
      pdf.space(6);
      pdf.text('Kryss av og send svaret tilbake til oss, eller ring oss.');
    }
    pdf.space(11);
    pdf.text('Du får dette brevet på papir fordi meldingen ikke er lest digitalt. Du kan også lese og svare på helsedialog.', { size: 9, muted: true });
  }
  if (!items.length) pdf.text('Ingen brev å skrive ut.');
  return pdf.bytes();
}
