/**
 * The SQL of campaigns (dialog to many): templates, campaigns, their recipients and answers
 * (Kysely). Takes a database or a transaction; the service opens transactions and holds the
 * rules. The paper list and unread flags keep their queries in paper.ts, the sending job in
 * campaigns.jobs.ts.
 */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { ContactSource } from '../../platform/db-types.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import './campaigns.tables.ts';
import type { CampaignsTable } from './campaigns.tables.ts';

// ---- Templates ----

/** A unit's templates, newest first (at most 200). */
export async function templatesOfUnit(db: DbOrTx, unitId: string) {
  return db.selectFrom('campaign_templates').selectAll().where('unit_id', '=', unitId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
}

/** Stores a template (choices as a JSON array) and returns it. */
export async function insertTemplate(
  db: DbOrTx,
  v: { unit_id: string; name: string; topic: string; body: string; question: string | null; choices: string[] },
) {
  return db
    .insertInto('campaign_templates')
    .values({ ...v, choices: JSON.stringify(v.choices) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether the template exists and belongs to the unit. */
export async function templateOfUnitExists(db: DbOrTx, templateId: string, unitId: string): Promise<boolean> {
  return !!(await db.selectFrom('campaign_templates').select('id').where('id', '=', templateId).where('unit_id', '=', unitId).executeTakeFirst());
}

// ---- Campaigns ----

/** One campaign (optionally locked FOR UPDATE), or undefined. */
export async function findCampaign(db: DbOrTx, id: string, lock = false) {
  let q = db.selectFrom('campaigns').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * A page of a unit's campaigns, newest first (created_at, then id), created before `before` when
 * given. Fetches `limit + 1` rows so the caller knows whether there is a next page.
 */
export async function campaignsOfUnit(db: DbOrTx, unitId: string, before: Date | undefined, limit: number) {
  let q = db.selectFrom('campaigns').selectAll().where('unit_id', '=', unitId);
  if (before) q = q.where('created_at', '<', before);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Stores a new campaign (a draft) and returns its id. `choices` is stored as a JSON array. */
export async function insertCampaign(db: DbOrTx, v: Omit<Insertable<CampaignsTable>, 'choices'> & { choices: string[] }): Promise<string> {
  const c = await db
    .insertInto('campaigns')
    .values({ ...v, choices: JSON.stringify(v.choices) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return c.id;
}

/** Changes a campaign's state and times (the caller holds its row lock). */
export async function updateCampaign(
  db: DbOrTx,
  id: string,
  set: Pick<Updateable<CampaignsTable>, 'state' | 'runs' | 'started_at' | 'finished_at'>,
): Promise<void> {
  await db.updateTable('campaigns').set(set).where('id', '=', id).execute();
}

/** The name of the staff member who made a campaign, or undefined. */
export async function staffName(db: DbOrTx, staffId: string) {
  return db.selectFrom('staff').select(['given_name', 'family_name']).where('id', '=', staffId).executeTakeFirst();
}

// ---- Recipients ----

/** A health contact with the unit that is active now (alias `hc`). */
const ACTIVE_CONTACT = sql<boolean>`hc.started_at <= now() AND hc.ended_at IS NULL AND (hc.ends_at IS NULL OR hc.ends_at > now())`;

/**
 * The persons with these national ids, each with the lowest id of their active health contacts
 * with the unit (`contact_id`, null when they have none).
 */
export async function personsWithUnitContact(db: DbOrTx, unitId: string, nationalIds: string[]) {
  if (nationalIds.length === 0) return [];
  return db
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
    .where('p.national_id', 'in', nationalIds)
    .execute();
}

/**
 * Every citizen with an active health contact with the unit, once, ordered by citizen id: the
 * lowest contact id and whether they are digital (a phone or an e-mail address). Narrowed to one
 * contact source, or to those on the unit's waiting list (waiting or offered; of one timebook
 * when given).
 */
export async function activeContactsOfUnit(
  db: DbOrTx,
  unitId: string,
  f: { contactSource?: ContactSource | undefined; waitlist?: { timebookId?: string | undefined } | undefined },
) {
  let q = db
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.citizen_id', sql<string>`min(hc.id::text)`.as('contact_id'), sql<boolean>`bool_or(p.phone IS NOT NULL OR p.email IS NOT NULL)`.as('digital')])
    .where('hc.unit_id', '=', unitId)
    .where(ACTIVE_CONTACT)
    .groupBy('hc.citizen_id')
    .orderBy('hc.citizen_id');
  if (f.contactSource) q = q.where('hc.source', '=', f.contactSource);
  const waitlist = f.waitlist;
  if (waitlist) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('waitlist_entries as w')
          .select('w.id')
          .whereRef('w.citizen_id', '=', 'hc.citizen_id')
          .where('w.unit_id', '=', unitId)
          .where('w.status', 'in', ['waiting', 'offered'])
          .$if(!!waitlist.timebookId, (w) => w.where('w.timebook_id', '=', waitlist.timebookId!)),
      ),
    );
  }
  return q.execute();
}

/** Stores a campaign's recipients in order (ordinal 1, 2, …), 500 rows a statement. */
export async function insertRecipients(
  db: DbOrTx,
  campaignId: string,
  recipients: Array<{ citizenId: string; contactId: string; digital: boolean }>,
): Promise<void> {
  for (let i = 0; i < recipients.length; i += 500) {
    await db
      .insertInto('campaign_recipients')
      .values(
        recipients
          .slice(i, i + 500)
          .map((r, j) => ({ campaign_id: campaignId, citizen_id: r.citizenId, contact_id: r.contactId, ordinal: i + j + 1, digital: r.digital })),
      )
      .execute();
  }
}

/** Cancels the recipients of a campaign not yet sent to. */
export async function cancelPendingRecipients(db: DbOrTx, campaignId: string): Promise<void> {
  await db
    .updateTable('campaign_recipients')
    .set({ state: 'cancelled', reason: 'cancelled before sending' })
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'pending')
    .execute();
}

/** The citizens a campaign was addressed to (for the access log of an export). */
export async function recipientCitizenIds(db: DbOrTx, campaignId: string): Promise<string[]> {
  return (await db.selectFrom('campaign_recipients').select('citizen_id').where('campaign_id', '=', campaignId).execute()).map((x) => x.citizen_id);
}

/** Marks campaign recipients printed on paper (those not printed before). */
export async function markRecipientsPrinted(db: DbOrTx, recipientIds: string[], at: Date): Promise<void> {
  if (recipientIds.length === 0) return;
  await db.updateTable('campaign_recipients').set({ paper_printed_at: at }).where('id', 'in', recipientIds).where('paper_printed_at', 'is', null).execute();
}

/**
 * Each recipient of a campaign with its delivery, by ordinal: the message's notices (by the key
 * prefix `message.created:<messageId>:…`, indexed by the message id), the read time and the
 * answer. One query.
 */
export async function recipientRows(db: DbOrTx, campaignId: string) {
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
    ])
    .orderBy('r.ordinal')
    .execute();
}
export type RecipientRow = Awaited<ReturnType<typeof recipientRows>>[number];

// ---- Answers ----

/** The recipient whose campaign thread this is, with the campaign's choices, or undefined. */
export async function recipientOfThread(db: DbOrTx, threadId: string) {
  return db
    .selectFrom('campaign_recipients as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .select(['r.id', 'r.answer', 'c.choices'])
    .where('r.thread_id', '=', threadId)
    .executeTakeFirst();
}

/** A message's text and time, or undefined. */
export async function messageTextAndTime(db: DbOrTx, messageId: string) {
  return db.selectFrom('messages').select(['text', 'created_at']).where('id', '=', messageId).executeTakeFirst();
}

/** Records a recipient's answer: one of the choices, or free text (a choice given before stays). */
export async function setRecipientAnswer(
  db: DbOrTx,
  recipientId: string,
  a: { answer: 'choice'; answer_choice: string; answered_at: Date } | { answer: 'choice' | 'text'; answer_text: string; answered_at: Date },
): Promise<void> {
  await db.updateTable('campaign_recipients').set(a).where('id', '=', recipientId).execute();
}

/** The question and choices of a campaign thread, with the recipient's chosen answer, or undefined. */
export async function questionOfThread(db: DbOrTx, threadId: string) {
  return db
    .selectFrom('campaign_recipients as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .select(['c.question', 'c.choices', 'r.answer_choice'])
    .where('r.thread_id', '=', threadId)
    .executeTakeFirst();
}

/** A thread's id and unit, or undefined (for the unit's delivery view). */
export async function threadUnit(db: DbOrTx, threadId: string) {
  return db.selectFrom('threads').select(['id', 'unit_id']).where('id', '=', threadId).executeTakeFirst();
}

// ---- Test support (only the test-only routes call these) ----

/** The unit's active health contacts (ended_at not set, ends_at not passed), without persons. */
export async function activeContactIdsOfUnit(db: DbOrTx, unitId: string, now: Date) {
  return db
    .selectFrom('health_contacts')
    .select(['id', 'citizen_id'])
    .where('unit_id', '=', unitId)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .execute();
}

/** Every national id in the person table. */
export async function allNationalIds(db: DbOrTx): Promise<string[]> {
  return (await db.selectFrom('persons').select('national_id').execute()).map((p) => p.national_id);
}

/** Stores a synthetic person with a care-right health contact with the unit since `startedAt`; returns both ids. */
export async function insertPersonWithContact(
  db: DbOrTx,
  p: { national_id: string; given_name: string; family_name: string; birth_date: string; phone: string | null },
  unitId: string,
  startedAt: Date,
): Promise<{ personId: string; contactId: string }> {
  const person = await db
    .insertInto('persons')
    .values({ ...p, address_key: null, email: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const c = await db
    .insertInto('health_contacts')
    .values({ citizen_id: person.id, unit_id: unitId, source: 'care_right', gp_staff_id: null, started_at: startedAt, ends_at: null, ended_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { personId: person.id, contactId: c.id };
}

/** Up to `count` recipients a campaign was sent to who have not answered, by ordinal. */
export async function unansweredSentRecipients(db: DbOrTx, campaignId: string, count: number) {
  return db
    .selectFrom('campaign_recipients')
    .select(['citizen_id', 'thread_id'])
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'sent')
    .where('answer', 'is', null)
    .orderBy('ordinal')
    .limit(count)
    .execute();
}

/** Moves a campaign `secs` seconds into the past: its start, its recipients' sent times, their messages and its ready reminder jobs. */
export async function shiftCampaignBack(db: DbOrTx, campaignId: string, secs: number, reminderQueue: string): Promise<void> {
  const id = campaignId;
  await sql`UPDATE campaigns SET started_at = started_at - make_interval(secs => ${secs}) WHERE id = ${id} AND started_at IS NOT NULL`.execute(db);
  await sql`UPDATE campaign_recipients SET sent_at = sent_at - make_interval(secs => ${secs}) WHERE campaign_id = ${id} AND sent_at IS NOT NULL`.execute(db);
  await sql`UPDATE messages SET created_at = created_at - make_interval(secs => ${secs}) WHERE id IN (SELECT message_id FROM campaign_recipients WHERE campaign_id = ${id})`.execute(
    db,
  );
  await sql`UPDATE jobs SET run_at = run_at - make_interval(secs => ${secs}) WHERE state = 'ready' AND queue = ${reminderQueue} AND payload->>'campaignId' = ${id}`.execute(
    db,
  );
}
