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
import type { Transaction } from 'kysely';
import {
  outOfRange,
  RECORD_CATEGORIES,
  type AnalysisHistory,
  type AwaitingRelease,
  type Comparator,
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
import { metadataOnly } from '../../access/policy.ts';
import { auditRepresentative, auditRepresentativeEach, auditStaff, auditStaffEach } from '../audit/access-log.writer.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { startCitizenThreadInTx } from '../dialog/citizen-dialog.service.ts';
import { announceRelease } from './records.store.ts';
import type { RecordCategory, ReleaseMode } from './records.tables.ts';
import {
  analysisRows,
  awaitingReleasePage,
  binarySize,
  contactForItem,
  countUnreadItems,
  enabledServicesOf,
  findVisibleItem,
  itemDetails,
  itemPdf,
  linkItemThread,
  lockItem,
  markItemRead,
  observationsOf,
  openContactWith,
  recordUnitSettings,
  referralEventsOf,
  releasePolicyRows,
  setItemReleased,
  upsertRecordUnitSettings,
  upsertReleasePolicy,
  visibleItemsPage,
  type ItemRow,
} from './records.repository.ts';

type Tx = Transaction<DB>;

/** When the item became visible: the clinician's (or automatic) release, or its automatic time. */
function releasedAt(r: { released_at: Date | null; auto_release_at: Date | null }): Date {
  const times = [r.released_at, r.auto_release_at].filter((d): d is Date => !!d && d <= clockNow());
  return times.sort((x, y) => x.getTime() - y.getTime())[0] ?? r.released_at ?? r.auto_release_at ?? clockNow();
}

/** An item in a list; the metadata view (decision 50) shows its kind, date and unit, nothing more. */
function summary(r: ItemRow, meta: boolean): RecordSummary {
  return {
    id: r.id,
    kind: r.kind,
    category: meta ? null : r.category,
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
  const rows = await visibleItemsPage(ctx.db, a, kind, c, limit);
  const unread = await countUnreadItems(ctx.db, a, kind);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const meta = metadataOnly(a, 'record');
  return {
    items: page.map((r) => summary(r, meta)),
    unread,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.effective_at, id: last.id }) : null,
  };
}

function observationOf(o: {
  code: string;
  display: string;
  value_num: number | null;
  comparator: Comparator | null;
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
    comparator: o.comparator,
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
  const row = await findVisibleItem(db, a, id);
  if (!row) throw notFound('The item');
  return row;
}

/** The citizen opens an item: marked read for the user; a representative's view is access-logged. */
export async function openCitizenRecord(ctx: AppContext, a: CitizenActor, id: string): Promise<RecordDetail> {
  const r = await visibleItem(ctx.db, a, id);
  const full = await itemDetails(ctx.db, id);
  const [obs, events, size, contact] = await Promise.all([
    observationsOf(ctx.db, id),
    referralEventsOf(ctx.db, id),
    full.binary_id ? binarySize(ctx.db, full.binary_id) : undefined,
    contactForItem(ctx.db, r.citizen_id, r.unit_id),
  ]);
  await ctx.db.transaction().execute(async (tx) => {
    await markItemRead(tx, id, a.userId);
    await auditRepresentative(tx, a, 'record.read', 'record', id, { id: r.unit_id, name: r.unit_name });
  });
  return {
    ...summary(r, false),
    category: r.category,
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
  const b = await itemPdf(ctx.db, id);
  if (!b) throw new AppError('RECORD_NOT_DIGITAL', 'This item has no PDF: it is not available digitally. Ask the unit for a copy.');
  await ctx.db.transaction().execute(async (tx) => {
    await markItemRead(tx, id, a.userId);
    await auditRepresentative(tx, a, 'record.pdf.read', 'record', id, { id: r.unit_id, name: r.unit_name });
  });
  const name = r.title.replace(/[^\p{L}\p{N} ._-]/gu, '').trim().slice(0, 80) || 'dokument';
  return { filename: `${name}.pdf`, content_type: 'application/pdf', data: Buffer.from(b.data) };
}

/**
 * The visible values of one analysis for the subject (the newest 500), oldest first, for the chart
 * and table. A representative's view is logged once per item shown, each with its unit (so each
 * entry follows its item: hidden from a parent's view of the log with it, decision 110).
 */
export async function analysisHistory(ctx: AppContext, a: CitizenActor, code: string): Promise<AnalysisHistory> {
  const rows = await analysisRows(ctx.db, a, code);
  if (!rows.length) throw notFound('The analysis');
  if (a.representing) {
    const items = new Map(rows.map((o) => [o.item_id, { id: o.item_id, unit: { id: o.unit_id, name: o.unit_name } }]));
    await ctx.db.transaction().execute((tx) => auditRepresentativeEach(tx, a, 'record.history.read', 'record', [...items.values()]));
  }
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
    const contact = await openContactWith(tx, r.citizen_id, r.unit_id);
    if (!contact) throw new AppError('CONTACT_INACTIVE', 'Your health contact with this unit has ended, so you cannot write to it here.');
    const topic = `Spørsmål om: ${r.title}`.slice(0, 120);
    const date = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeZone: 'Europe/Oslo' }).format(r.effective_at);
    const body = `${text}\n\nGjelder: ${r.title} (${date}).`;
    const offered = await enabledServicesOf(tx, r.unit_id);
    const kind = offered.some((s) => s.service === 'standarddialog') ? 'standarddialog' : 'ekontakt';
    const thread = await startCitizenThreadInTx(ctx, tx, a, contact.id, { kind, topic, text: body }, []);
    await linkItemThread(tx, thread.id, r.id);
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
  const rows = await awaitingReleasePage(ctx.db, unitId, at, c, limit);
  const page = rows.slice(0, limit);
  // One entry per listed item (its id): the citizen's log shows it once the item is released.
  if (page.length) await ctx.db.transaction().execute((tx) => auditStaffEach(tx, s, m, page, 'record.list_awaiting', 'record'));
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
    const item = await lockItem(tx, id);
    if (!item || !s.memberships.has(item.unit_id)) throw notFound('The item');
    const m = requireMembership(s, item.unit_id);
    if (!RELEASERS.has(m.role)) throw new AppError('FORBIDDEN', 'Only a clinician of the unit (doctor, nurse, coordinator) can release results and documents to the patient.');
    if (item.status !== 'current') throw new AppError('RECORD_NOT_RELEASABLE', 'This item was withdrawn (entered in error) and cannot be released.');
    if (item.release_mode === 'never') throw new AppError('RECORD_NOT_RELEASABLE', 'The unit never releases this kind of result to patients.');
    if (item.released_at) throw new AppError('RECORD_NOT_RELEASABLE', 'This item is already released.');
    const at = clockNow();
    await setItemReleased(tx, id, { released_at: at, released_by: s.staffId, release_note: note?.trim() ? note.trim() : null });
    await auditStaff(tx, s, m, { citizen_id: item.citizen_id }, 'record.release', 'record', id);
    await announceRelease(tx, ctx.events, item);
    return { id, releasedAt: at.toISOString() };
  });
}

/** The unit's release policy per category and its choice for parents of young people. */
export async function unitReleasePolicy(ctx: AppContext, s: StaffActor, unitId: string): Promise<ReleasePolicy> {
  requireMembership(s, unitId);
  const [rows, settings] = await Promise.all([releasePolicyRows(ctx.db, unitId), recordUnitSettings(ctx.db, unitId)]);
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
    await upsertRecordUnitSettings(tx, unitId, p.parentsOfYouthMetadata);
    for (const c of p.categories) await upsertReleasePolicy(tx, unitId, c.category as RecordCategory, c.mode as ReleaseMode, c.autoAfterDays);
  });
  return unitReleasePolicy(ctx, s, unitId);
}
