/**
 * The patient's record as the citizen and the unit see it (issue 21; docs/records.md).
 * Citizen side: lists per kind (documents, results, referrals) with unread marks and keyset
 * paging, one item (marks it read), its PDF, the history of one analysis, and "ask about this".
 * What the citizen side sees is decided in SQL by THE access policy (`visibleTo(a, 'record')`:
 * the subject's items, released and not withdrawn, not hidden from parents, and — for a parent
 * of a youth — metadata only where the unit chose it). Unit side: items awaiting release, the
 * clinician's release with a short explanation, and the unit's release policy. Every view by staff
 * or a representative is written to the citizen's access log by the one writer.
 */
import { sql, type Transaction } from 'kysely';
import {
  outOfRange,
  RECORD_CATEGORIES,
  type AnalysisHistory,
  type AwaitingRelease,
  type Observation,
  type RecordDetail,
  type RecordKind,
  type RecordList,
  type RecordSummary,
  type ReleasePolicy,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import type { DB } from '../../platform/db-types.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { requireMembership, requireUnitAdmin, type CitizenActor, type StaffActor } from '../../access/actors.ts';
import { metadataOnly, recordColumns, visibleTo } from '../../access/policy.ts';
import { auditRepresentative, auditStaff } from '../audit/access-log.writer.ts';
import { decodeCursor, encodeCursor } from '../dialog/threads.repository.ts';
import { startCitizenThreadInTx } from '../dialog/citizen-dialog.service.ts';
import { announceRelease } from './records.store.ts';
import type { RecordCategory, ReleaseMode } from './records.tables.ts';

type Tx = Transaction<DB>;

/** The SQL of "this observation is out of its range or flagged abnormal" (core's outOfRange, same rule). */
const OUT_OF_RANGE = sql<boolean>`(o.value_num < o.ref_low or o.value_num > o.ref_high or upper(coalesce(o.interpretation, '')) in ('L', 'LL', 'LU', 'H', 'HH', 'HU', 'A', 'AA'))`;

function itemsQuery(db: DbOrTx, a: CitizenActor) {
  return db
    .selectFrom('record_items as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('record_reads as rr', (j) => j.onRef('rr.item_id', '=', 'r.id').on('rr.person_id', '=', a.userId))
    .select([
      'r.id',
      'r.kind',
      'r.category',
      'r.title',
      'r.unit_id',
      'u.name as unit_name',
      'r.citizen_id',
      'r.effective_at',
      'r.released_at',
      'r.auto_release_at',
      'r.available_digitally',
      'r.referral_status',
      'rr.read_at',
    ])
    .select(sql<number>`(select count(*) from record_observations o where o.item_id = r.id and ${OUT_OF_RANGE})::int`.as('out_of_range'))
    .where(visibleTo(a, 'record', recordColumns('r')));
}
type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['executeTakeFirstOrThrow']>>;

/** When the item became visible: the clinician's (or automatic) release, or its automatic time. */
function releasedAt(r: { released_at: Date | null; auto_release_at: Date | null }): Date {
  const times = [r.released_at, r.auto_release_at].filter((d): d is Date => !!d && d <= clockNow());
  return times.sort((x, y) => x.getTime() - y.getTime())[0] ?? r.released_at ?? r.auto_release_at ?? clockNow();
}

function summary(r: ItemRow, meta: boolean): RecordSummary {
  return {
    id: r.id,
    kind: r.kind,
    category: r.category,
    title: meta ? null : r.title,
    unit: { id: r.unit_id, name: r.unit_name },
    effectiveAt: r.effective_at.toISOString(),
    releasedAt: releasedAt(r).toISOString(),
    unread: !r.read_at,
    metadataOnly: meta,
    availableDigitally: r.available_digitally,
    referralStatus: meta ? null : r.referral_status,
    outOfRange: meta ? 0 : r.out_of_range,
  };
}

/** The citizen's items of one kind, newest first, keyset paged on (effective_at, id). */
export async function citizenRecords(ctx: AppContext, a: CitizenActor, kind: RecordKind, limit: number, cursor: string | undefined): Promise<RecordList> {
  const c = decodeCursor(cursor);
  let q = itemsQuery(ctx.db, a).where('r.kind', '=', kind);
  if (c) q = q.where((eb) => eb.or([eb('r.effective_at', '<', c.at), eb.and([eb('r.effective_at', '=', c.at), eb('r.id', '<', c.id)])]));
  const rows = await q.orderBy('r.effective_at', 'desc').orderBy('r.id', 'desc').limit(limit + 1).execute();
  const unread = await ctx.db
    .selectFrom('record_items as r')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.kind', '=', kind)
    .where(visibleTo(a, 'record', recordColumns('r')))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('record_reads as rr').select('rr.item_id').whereRef('rr.item_id', '=', 'r.id').where('rr.person_id', '=', a.userId))),
    )
    .executeTakeFirst();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const meta = metadataOnly(a, 'record');
  return {
    items: page.map((r) => summary(r, meta)),
    unread: Number(unread?.n ?? 0),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.effective_at, id: last.id }) : null,
  };
}

function observationOf(o: {
  code: string;
  display: string;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  ref_low: number | null;
  ref_high: number | null;
  ref_text: string | null;
  interpretation: string | null;
  effective_at: Date;
}): Observation {
  const base = {
    code: o.code,
    display: o.display,
    valueNum: o.value_num,
    valueText: o.value_text,
    unit: o.unit,
    refLow: o.ref_low,
    refHigh: o.ref_high,
    refText: o.ref_text,
    interpretation: o.interpretation,
    effectiveAt: o.effective_at.toISOString(),
  };
  return { ...base, outOfRange: outOfRange(base) };
}

/** One visible item (full view), or 404. */
async function visibleItem(db: DbOrTx, a: CitizenActor, id: string): Promise<ItemRow> {
  const row = await itemsQuery(db, a).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The item');
  return row;
}

/** The citizen opens an item: marked read for the user; a representative's view is access-logged. */
export async function openCitizenRecord(ctx: AppContext, a: CitizenActor, id: string): Promise<RecordDetail> {
  const r = await visibleItem(ctx.db, a, id);
  const full = await ctx.db
    .selectFrom('record_items')
    .select(['conclusion', 'release_note', 'version', 'binary_id', 'care_start_by', 'forwarded_to'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const [obs, events, size, contact] = await Promise.all([
    ctx.db.selectFrom('record_observations as o').selectAll().where('o.item_id', '=', id).orderBy('o.position').execute(),
    ctx.db.selectFrom('referral_events').selectAll().where('item_id', '=', id).orderBy('seq').execute(),
    full.binary_id ? ctx.db.selectFrom('record_binaries').select('size_bytes').where('id', '=', full.binary_id).executeTakeFirst() : undefined,
    ctx.db
      .selectFrom('health_contacts')
      .select('id')
      .where('citizen_id', '=', r.citizen_id)
      .where('unit_id', '=', r.unit_id)
      .orderBy(sql`ended_at is null`, 'desc')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('record_reads').values({ item_id: id, person_id: a.userId }).onConflict((oc) => oc.columns(['item_id', 'person_id']).doNothing()).execute();
    await auditRepresentative(tx, a, 'record.read', 'record', id, { id: r.unit_id, name: r.unit_name });
  });
  return {
    ...summary(r, false),
    unread: false,
    conclusion: full.conclusion,
    releaseNote: full.release_note,
    version: full.version,
    pdf: size ? { sizeBytes: size.size_bytes } : null,
    observations: obs.map(observationOf),
    timeline: events.map((e) => ({ status: e.status, occurredAt: e.occurred_at.toISOString(), careStartBy: e.care_start_by, forwardedTo: e.forwarded_to })),
    careStartBy: full.care_start_by,
    forwardedTo: full.forwarded_to,
    contactId: contact?.id ?? null,
  };
}

/** The PDF of a visible item; a representative's download is access-logged. */
export async function citizenRecordPdf(ctx: AppContext, a: CitizenActor, id: string): Promise<{ filename: string; content_type: string; data: Buffer }> {
  const r = await visibleItem(ctx.db, a, id);
  const b = await ctx.db
    .selectFrom('record_items as i')
    .innerJoin('record_binaries as b', 'b.id', 'i.binary_id')
    .select(['b.data', 'b.content_type'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!b) throw new AppError('RECORD_NOT_DIGITAL', 'This item has no PDF: it is not available digitally. Ask the unit for a copy.');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('record_reads').values({ item_id: id, person_id: a.userId }).onConflict((oc) => oc.columns(['item_id', 'person_id']).doNothing()).execute();
    await auditRepresentative(tx, a, 'record.pdf.read', 'record', id, { id: r.unit_id, name: r.unit_name });
  });
  const name = r.title.replace(/[^\p{L}\p{N} ._-]/gu, '').trim().slice(0, 80) || 'dokument';
  return { filename: `${name}.pdf`, content_type: 'application/pdf', data: Buffer.from(b.data) };
}

/** Every visible value of one analysis for the subject, oldest first (for the chart and table). */
export async function analysisHistory(ctx: AppContext, a: CitizenActor, code: string): Promise<AnalysisHistory> {
  const rows = await ctx.db
    .selectFrom('record_observations as o')
    .innerJoin('record_items as r', 'r.id', 'o.item_id')
    .selectAll('o')
    .where('o.citizen_id', '=', a.subjectId)
    .where('o.code', '=', code)
    .where(visibleTo(a, 'record', recordColumns('r')))
    .orderBy('o.effective_at')
    .limit(500)
    .execute();
  if (!rows.length) throw notFound('The analysis');
  if (a.representing)
    await ctx.db.transaction().execute((tx) => auditRepresentative(tx, a, 'record.history.read', 'record', rows[rows.length - 1]!.item_id, null));
  const last = rows[rows.length - 1]!;
  return { code, display: last.display, unit: last.unit, points: rows.map((o) => ({ ...observationOf(o), recordId: o.item_id })) };
}

/**
 * "Ask about this": a new thread to the item's unit (standard dialog where offered, else
 * e-kontakt), the item named in the topic and the text, and linked to the item.
 */
export async function askAboutRecord(ctx: AppContext, a: CitizenActor, id: string, text: string): Promise<{ threadId: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await visibleItem(tx, a, id);
    const contact = await tx
      .selectFrom('health_contacts')
      .select('id')
      .where('citizen_id', '=', r.citizen_id)
      .where('unit_id', '=', r.unit_id)
      .where('ended_at', 'is', null)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!contact) throw new AppError('CONTACT_INACTIVE', 'Your health contact with this unit has ended, so you cannot write to it here.');
    const topic = `Spørsmål om: ${r.title}`.slice(0, 120);
    const date = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeZone: 'Europe/Oslo' }).format(r.effective_at);
    const body = `${text}\n\nGjelder: ${r.title} (${date}).`;
    const offered = await tx.selectFrom('unit_services').select(['service']).where('unit_id', '=', r.unit_id).where('enabled', '=', true).execute();
    const kind = offered.some((s) => s.service === 'standarddialog') ? 'standarddialog' : 'ekontakt';
    const thread = await startCitizenThreadInTx(ctx, tx, a, contact.id, { kind, topic, text: body }, []);
    await tx.insertInto('record_thread_links').values({ thread_id: thread.id, item_id: r.id }).execute();
    return { threadId: thread.id };
  });
}

// ---------------------------------------------------------------- unit side

const RELEASERS = new Set(['doctor', 'nurse', 'coordinator']);

/** Items of the unit nobody on the citizen's side sees yet (manual release), oldest first. */
export async function awaitingRelease(ctx: AppContext, s: StaffActor, unitId: string, limit: number, cursor: string | undefined): Promise<AwaitingRelease> {
  const m = requireMembership(s, unitId);
  const c = decodeCursor(cursor);
  const at = clockNow();
  let q = ctx.db
    .selectFrom('record_items as r')
    .innerJoin('persons as p', 'p.id', 'r.citizen_id')
    .select([
      'r.id',
      'r.kind',
      'r.category',
      'r.title',
      'r.citizen_id',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'r.registered_at',
      'r.effective_at',
      'r.release_mode',
      'r.auto_release_at',
    ])
    .where('r.unit_id', '=', unitId)
    .where('r.released_at', 'is', null)
    .where('r.status', '=', 'current')
    // "Never" items are not waiting for anyone: they cannot be released.
    .where('r.release_mode', '!=', 'never')
    .where((eb) => eb.or([eb('r.auto_release_at', 'is', null), eb('r.auto_release_at', '>', at)]));
  if (c) q = q.where((eb) => eb.or([eb('r.registered_at', '>', c.at), eb.and([eb('r.registered_at', '=', c.at), eb('r.id', '>', c.id)])]));
  const rows = await q.orderBy('r.registered_at').orderBy('r.id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  if (page.length) await ctx.db.transaction().execute((tx) => auditStaff(tx, s, m, page.map((r) => r.citizen_id), 'record.list_awaiting', 'record', null));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      category: r.category,
      title: r.title,
      citizen: { id: r.citizen_id, name: `${r.given_name} ${r.family_name}`, birthDate: r.birth_date },
      registeredAt: r.registered_at.toISOString(),
      effectiveAt: r.effective_at.toISOString(),
      releaseMode: r.release_mode,
      autoReleaseAt: r.auto_release_at ? r.auto_release_at.toISOString() : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.registered_at, id: last.id }) : null,
  };
}

/** A clinician releases an item, with an optional short explanation for the citizen. */
export async function releaseRecord(ctx: AppContext, s: StaffActor, id: string, note: string | undefined): Promise<{ id: string; releasedAt: string }> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const item = await tx.selectFrom('record_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!item || !s.memberships.has(item.unit_id)) throw notFound('The item');
    const m = requireMembership(s, item.unit_id);
    if (!RELEASERS.has(m.role)) throw new AppError('FORBIDDEN', 'Only a clinician of the unit (doctor, nurse, coordinator) can release results and documents to the patient.');
    if (item.status !== 'current') throw new AppError('RECORD_NOT_RELEASABLE', 'This item was withdrawn (entered in error) and cannot be released.');
    if (item.release_mode === 'never') throw new AppError('RECORD_NOT_RELEASABLE', 'The unit never releases this kind of result to patients.');
    if (item.released_at) throw new AppError('RECORD_NOT_RELEASABLE', 'This item is already released.');
    const at = clockNow();
    await tx
      .updateTable('record_items')
      .set({ released_at: at, released_by: s.staffId, release_note: note?.trim() ? note.trim() : null })
      .where('id', '=', id)
      .execute();
    await auditStaff(tx, s, m, { citizen_id: item.citizen_id }, 'record.release', 'record', id);
    await announceRelease(tx, ctx.events, item);
    return { id, releasedAt: at.toISOString() };
  });
}

/** The unit's release policy per category and its choice for parents of young people. */
export async function unitReleasePolicy(ctx: AppContext, s: StaffActor, unitId: string): Promise<ReleasePolicy> {
  requireMembership(s, unitId);
  const [rows, settings] = await Promise.all([
    ctx.db.selectFrom('record_release_policies').selectAll().where('unit_id', '=', unitId).execute(),
    ctx.db.selectFrom('record_unit_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst(),
  ]);
  const by = new Map(rows.map((r) => [r.category, r]));
  return {
    parentsOfYouthMetadata: settings?.parents_of_youth_metadata ?? false,
    categories: RECORD_CATEGORIES.map((c) => ({ category: c, mode: by.get(c)?.mode ?? 'automatic', autoAfterDays: by.get(c)?.auto_after_days ?? null })),
  };
}

/** A unit administrator sets the release policy (applies to items registered from now on). */
export async function setUnitReleasePolicy(ctx: AppContext, s: StaffActor, unitId: string, p: ReleasePolicy): Promise<ReleasePolicy> {
  requireUnitAdmin(s, unitId);
  for (const c of p.categories)
    if ((c.mode === 'manual_then_automatic') !== (c.autoAfterDays !== null))
      throw new AppError('VALIDATION_FAILED', 'Give the number of days exactly for "manual, then automatic after N days".');
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('record_unit_settings')
      .values({ unit_id: unitId, parents_of_youth_metadata: p.parentsOfYouthMetadata })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet({ parents_of_youth_metadata: p.parentsOfYouthMetadata, updated_at: clockNow() }))
      .execute();
    for (const c of p.categories) {
      const v = { mode: c.mode as ReleaseMode, auto_after_days: c.autoAfterDays, updated_at: clockNow() };
      await tx
        .insertInto('record_release_policies')
        .values({ unit_id: unitId, category: c.category as RecordCategory, ...v })
        .onConflict((oc) => oc.columns(['unit_id', 'category']).doUpdateSet(v))
        .execute();
    }
  });
  return unitReleasePolicy(ctx, s, unitId);
}
