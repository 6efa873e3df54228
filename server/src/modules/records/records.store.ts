/**
 * Storing what an EPJ shares (issue 21): one record item per DocumentReference, ServiceRequest
 * (referral) or DiagnosticReport (result), with every version kept (record_item_versions), a
 * referral's full status history (referral_events) and a result's observations. The unit's release
 * policy is applied when an item is registered: released at once, released automatically after N
 * days (a durable job at that time, and the same rule at query time), only by a clinician, or
 * never. A released item raises `record.released` once, which notifies (neutrally) through the
 * notify module.
 */
import { z } from 'zod';
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { MAX_ATTACHMENT_BYTES, type Comparator } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import type { DB } from '../../platform/db-types.ts';
import { defineQueue, enqueue, type DbOrTx, type JobHandler } from '../../platform/jobs.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events.ts';
import { scanUpload, sniffType } from '../attachments/upload.ts';
import type { RecordCategory, RecordKind, RecordResource, ReferralStatus, ReleaseMode } from './records.tables.ts';
import './records.tables.ts';

type Tx = Transaction<DB>;
type Publisher = Pick<EventBus, 'publish'>;

export const RELEASE_QUEUE = defineQueue('records.release', z.object({ recordId: z.guid() }));
export const CATEGORIES: readonly RecordCategory[] = ['document', 'referral', 'lab', 'radiology', 'pathology'];
export const RELEASE_MODES: readonly ReleaseMode[] = ['automatic', 'manual_then_automatic', 'manual', 'never'];
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['received', 'assessed', 'right_granted', 'waiting', 'appointment_given', 'completed', 'forwarded'];

/** The release policy of a unit for a category; without a row, automatic. */
export async function releasePolicyOf(db: DbOrTx, unitId: string, category: RecordCategory): Promise<{ mode: ReleaseMode; autoAfterDays: number | null }> {
  const row = await db
    .selectFrom('record_release_policies')
    .select(['mode', 'auto_after_days'])
    .where('unit_id', '=', unitId)
    .where('category', '=', category)
    .executeTakeFirst();
  return row ? { mode: row.mode, autoAfterDays: row.auto_after_days } : { mode: 'automatic', autoAfterDays: null };
}

/** Why content was refused: the FHIR layer turns it into an OperationOutcome. */
export class ContentRefused extends Error {}

/**
 * Checks a PDF an EPJ sends as attachments are checked: size, type by its first bytes (never by
 * the declared type alone), and the malware scanner when one is configured.
 */
export async function checkPdf(ctx: AppContext, data: Buffer, declaredType: string | undefined, what: string): Promise<Buffer> {
  if (declaredType !== 'application/pdf') throw new ContentRefused(`${what}: contentType must be application/pdf (only PDF documents are shared here).`);
  if (data.length === 0) throw new ContentRefused(`${what} is empty.`);
  if (data.length > MAX_ATTACHMENT_BYTES) throw new ContentRefused(`${what} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
  if (sniffType(data) !== 'application/pdf') throw new ContentRefused(`${what} is not a PDF: its content does not start as a PDF file does.`);
  await scanUpload(ctx.malwareScanner, what, data);
  return data;
}

/** Stores checked PDF bytes for a unit. */
export async function insertBinary(tx: DbOrTx, unitId: string, data: Buffer): Promise<string> {
  const row = await tx
    .insertInto('record_binaries')
    .values({ unit_id: unitId, content_type: 'application/pdf', data, size_bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The PDF an item points to already belongs to another item: the FHIR layer refuses the write. */
export class BinaryBound extends Error {}

/**
 * Binds a PDF to the item that points to it (decision 113): the first item it is attached to
 * becomes its item, and the item's patient its patient, for good — a later version of the item
 * pointing to another PDF leaves the binding, so the access log and the EPJ's Binary read still
 * find the item and the patient of the replaced one. One statement: of two writes attaching the
 * same free PDF at once, the second finds it bound (its row lock, then the re-checked condition).
 */
async function bindBinary(tx: Tx, binaryId: string, itemId: string, citizenId: string): Promise<void> {
  const bound = await tx
    .updateTable('record_binaries')
    .set({ item_id: itemId, citizen_id: citizenId })
    .where('id', '=', binaryId)
    .where((eb) => eb.or([eb('item_id', 'is', null), eb('item_id', '=', itemId)]))
    .returning('id')
    .executeTakeFirst();
  if (!bound) throw new BinaryBound(`Binary/${binaryId} is the PDF of another record item; share this one's PDF as its own Binary (or as data).`);
}

export interface ObservationInput {
  code: string;
  codeSystem: string | null;
  display: string;
  valueNum: number | null;
  comparator: Comparator | null;
  valueText: string | null;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  refText: string | null;
  interpretation: string | null;
  effectiveAt: Date;
}

export interface ReferralInput {
  status: ReferralStatus;
  occurredAt: Date;
  careStartBy: string | null;
  forwardedTo: string | null;
}

/** What an item is, whatever FHIR resource it came as. */
export interface ItemInput {
  citizenId: string;
  unitId: string;
  kind: RecordKind;
  category: RecordCategory;
  title: string;
  effectiveAt: Date;
  withdrawn: boolean;
  availableDigitally: boolean;
  binaryId: string | null;
  conclusion: string | null;
  /** The FHIR resource as it will be read back (id and meta set here). */
  resource: RecordResource;
  observations?: ObservationInput[];
  referral?: ReferralInput;
  /**
   * The EPJ's security label `hidden-from-parents` on this version (HIDDEN_FROM_PARENTS): present,
   * the item is hidden from parents before anyone can see or be told of it; absent on a later
   * version, the EPJ's hiding is lifted (a clinician's own hiding stays).
   */
  epjHiding?: { hidden: boolean; clientId: string };
}

/** The security label an EPJ puts on a record resource to hide it from the patient's parents. */
export const HIDDEN_FROM_PARENTS = { system: 'https://helsedialog.no/fhir/CodeSystem/access', code: 'hidden-from-parents' } as const;

/** Keeps the EPJ's hiding of an item from parents as its current version says. */
async function syncEpjHiding(tx: Tx, itemId: string, citizenId: string, h: ItemInput['epjHiding']): Promise<void> {
  if (!h) return;
  if (h.hidden)
    await tx
      .insertInto('hidden_from_parents')
      .values({ object_type: 'record', object_id: itemId, citizen_id: citizenId, hidden_by: null, hidden_by_epj: h.clientId })
      .onConflict((oc) => oc.columns(['object_type', 'object_id']).doNothing())
      .execute();
  else
    await tx
      .deleteFrom('hidden_from_parents')
      .where('object_type', '=', 'record')
      .where('object_id', '=', itemId)
      .where('hidden_by_epj', 'is not', null)
      .execute();
}

const DAY = 86_400_000;

function withMeta(resource: RecordResource, id: string, version: number, at: Date): RecordResource {
  // The EPJ's own meta (its security labels) is kept; version and time are ours.
  return { ...resource, id, meta: { ...resource.meta, versionId: String(version), lastUpdated: at.toISOString() } };
}

async function insertObservations(tx: Tx, itemId: string, citizenId: string, obs: ObservationInput[]): Promise<void> {
  if (!obs.length) return;
  await tx
    .insertInto('record_observations')
    .values(
      obs.map((o, i) => ({
        item_id: itemId,
        citizen_id: citizenId,
        position: i,
        code: o.code,
        code_system: o.codeSystem,
        display: o.display,
        value_num: o.valueNum,
        comparator: o.comparator,
        value_text: o.valueText,
        unit: o.unit,
        ref_low: o.refLow,
        ref_high: o.refHigh,
        ref_text: o.refText,
        interpretation: o.interpretation,
        effective_at: o.effectiveAt,
      })),
    )
    .execute();
}

async function appendReferralEvent(tx: Tx, itemId: string, r: ReferralInput): Promise<void> {
  const last = await tx.selectFrom('referral_events').select(['seq']).where('item_id', '=', itemId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  await tx
    .insertInto('referral_events')
    .values({ item_id: itemId, seq: (last?.seq ?? 0) + 1, status: r.status, occurred_at: r.occurredAt, care_start_by: r.careStartBy, forwarded_to: r.forwardedTo })
    .execute();
}

/** Publishes `record.released` once for an item that became visible. */
export async function announceRelease(tx: Tx, events: Publisher, item: { id: string; citizen_id: string; unit_id: string; notified_at: Date | null }): Promise<void> {
  if (item.notified_at) return;
  await tx.updateTable('record_items').set({ notified_at: clockNow() }).where('id', '=', item.id).execute();
  await events.publish(tx, { type: 'record.released', citizenId: item.citizen_id, unitId: item.unit_id, recordId: item.id, by: 'unit' });
}

/** Registers a new item under the unit's release policy. */
export async function createItem(tx: Tx, events: Publisher, input: ItemInput): Promise<{ id: string; resource: RecordResource }> {
  const at = clockNow();
  const policy = await releasePolicyOf(tx, input.unitId, input.category);
  // An item shared already withdrawn (entered in error) is never released: nobody was to see it.
  const releasedAt = policy.mode === 'automatic' && !input.withdrawn ? at : null;
  const autoAt = policy.mode === 'manual_then_automatic' && !input.withdrawn ? new Date(at.getTime() + (policy.autoAfterDays ?? 1) * DAY) : null;
  const row = await tx
    .insertInto('record_items')
    .values({
      citizen_id: input.citizenId,
      unit_id: input.unitId,
      kind: input.kind,
      category: input.category,
      title: input.title,
      effective_at: input.effectiveAt,
      status: input.withdrawn ? 'entered_in_error' : 'current',
      available_digitally: input.availableDigitally,
      binary_id: input.binaryId,
      conclusion: input.conclusion,
      resource: '{}',
      release_mode: policy.mode,
      released_at: releasedAt,
      auto_release_at: autoAt,
      referral_status: input.referral?.status ?? null,
      care_start_by: input.referral?.careStartBy ?? null,
      forwarded_to: input.referral?.forwardedTo ?? null,
      registered_at: at,
      updated_at: at,
    })
    .returning(['id', 'citizen_id', 'unit_id', 'notified_at'])
    .executeTakeFirstOrThrow();
  const resource = withMeta(input.resource, row.id, 1, at);
  await tx.updateTable('record_items').set({ resource: JSON.stringify(resource) }).where('id', '=', row.id).execute();
  await tx.insertInto('record_item_versions').values({ item_id: row.id, version: 1, status: input.withdrawn ? 'entered_in_error' : 'current', resource: JSON.stringify(resource) }).execute();
  if (input.binaryId) await bindBinary(tx, input.binaryId, row.id, input.citizenId);
  await insertObservations(tx, row.id, input.citizenId, input.observations ?? []);
  if (input.referral) await appendReferralEvent(tx, row.id, input.referral);
  // Hidden before it is announced: a parent is never told of an item hidden from them.
  await syncEpjHiding(tx, row.id, input.citizenId, input.epjHiding);
  if (releasedAt && !input.withdrawn) await announceRelease(tx, events, row);
  if (autoAt) await enqueue(tx, RELEASE_QUEUE, { recordId: row.id }, { idempotencyKey: `${RELEASE_QUEUE.name}:${row.id}`, runAt: autoAt });
  return { id: row.id, resource };
}

/** The current row of an item of one of the units, locked for a change. */
export async function lockItem(tx: Tx, id: string, unitIds: readonly string[]) {
  if (!unitIds.length) return undefined;
  return tx.selectFrom('record_items').selectAll().where('id', '=', id).where('unit_id', 'in', [...unitIds]).forUpdate().executeTakeFirst();
}

/**
 * A corrected version replaces the shown one (the earlier ones are kept in record_item_versions);
 * entered-in-error withdraws the item from the citizen and keeps it. A referral's status change
 * is appended to its history. Release and its notice stay as they were.
 */
export async function updateItem(
  tx: Tx,
  current: NonNullable<Awaited<ReturnType<typeof lockItem>>>,
  input: Omit<ItemInput, 'citizenId' | 'unitId'>,
): Promise<RecordResource> {
  const at = clockNow();
  const version = current.version + 1;
  const resource = withMeta(input.resource, current.id, version, at);
  const status = input.withdrawn ? 'entered_in_error' : 'current';
  await tx
    .updateTable('record_items')
    .set({
      title: input.title,
      category: input.category,
      effective_at: input.effectiveAt,
      status,
      version,
      available_digitally: input.availableDigitally,
      binary_id: input.binaryId,
      conclusion: input.conclusion,
      resource: JSON.stringify(resource),
      referral_status: input.referral?.status ?? current.referral_status,
      // The date care must start by stays with the referral through its later statuses.
      care_start_by: input.referral?.careStartBy ?? current.care_start_by,
      forwarded_to: input.referral ? input.referral.forwardedTo : current.forwarded_to,
      // Withdrawn before its automatic release: it never becomes released (nor does its trace in
      // the access log show, decision 110). Once released — by hand or by its time — it stays so.
      ...(status === 'entered_in_error' && !current.released_at && current.auto_release_at && current.auto_release_at > at ? { auto_release_at: null } : {}),
      updated_at: at,
    })
    .where('id', '=', current.id)
    .execute();
  await tx.insertInto('record_item_versions').values({ item_id: current.id, version, status, resource: JSON.stringify(resource) }).execute();
  if (input.binaryId) await bindBinary(tx, input.binaryId, current.id, current.citizen_id);
  await syncEpjHiding(tx, current.id, current.citizen_id, input.epjHiding);
  if (input.observations) {
    await tx.deleteFrom('record_observations').where('item_id', '=', current.id).execute();
    await insertObservations(tx, current.id, current.citizen_id, input.observations);
  }
  const r = input.referral;
  if (
    r &&
    !input.withdrawn &&
    (r.status !== current.referral_status || (r.careStartBy !== null && r.careStartBy !== current.care_start_by) || r.forwardedTo !== current.forwarded_to)
  )
    await appendReferralEvent(tx, current.id, r);
  return resource;
}

/**
 * The durable job of "manual, then automatic after N days": at its time, an item nobody released
 * becomes released (the query-time rule already shows it from that instant) and is announced.
 */
export function releaseJobHandler(events: Publisher): JobHandler {
  return async ({ db, payload }) => {
    await db.transaction().execute(async (tx) => {
      const item = await tx.selectFrom('record_items').selectAll().where('id', '=', String(payload.recordId)).forUpdate().executeTakeFirst();
      if (!item || item.status !== 'current' || !item.auto_release_at) return;
      if (item.auto_release_at.getTime() > clockNow().getTime() + 1000) throw new Error('automatic release not yet due; retrying later');
      if (!item.released_at) await tx.updateTable('record_items').set({ released_at: item.auto_release_at }).where('id', '=', item.id).execute();
      await announceRelease(tx, events, item);
    });
  };
}
