/**
 * The patient's record shared by the EPJ (issue 21; docs/records.md):
 *  - DocumentReference: a record document, its PDF as base64 `content.attachment.data` or a `url`
 *    to a Binary created first; an attachment with neither is a document that is "not available
 *    digitally" (listed, with how to ask for a copy);
 *  - ServiceRequest: a referral to the unit, its status in the extension `referral-status`
 *    (received, assessed, right_granted + `referral-care-start-by`, waiting, appointment_given,
 *    completed, forwarded + `referral-forwarded-to`), every change kept as history;
 *  - DiagnosticReport: a result — laboratory values as contained Observations (each with a unit
 *    and reference range), or a radiology/pathology report as `presentedForm` (PDF) and `conclusion`;
 *  - Binary (create): a PDF for a later DocumentReference or report.
 * Create (POST), update (PUT/PATCH: the corrected version replaces the shown one, every version is
 * kept) and entered-in-error (withdrawn from the citizen, kept). Bad input is an OperationOutcome
 * and nothing is stored: the whole write is one transaction, and every check runs before it.
 */
import type {
  Attachment,
  Binary,
  CodeableConcept,
  DiagnosticReport,
  DocumentReference,
  Extension,
  Observation,
  Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { badRequest, FhirError, notFound, unprocessable, versionMismatch } from '../outcomes.ts';
import type { FhirContext, ResourceMapper, SearchInput } from '../router.ts';
import { auditEpj, instant, isUuid, localRefId, onlyUnit, one, refId, requireUnit } from './common.ts';
import {
  checkPdf,
  BinaryBound,
  ContentRefused,
  createItem,
  HIDDEN_FROM_PARENTS,
  insertBinary,
  lockItem,
  REFERRAL_STATUSES,
  updateItem,
  type ItemInput,
  type ObservationInput,
  type ReferralInput,
} from '../../modules/records/records.store.ts';
import type { RecordCategory, RecordKind, RecordResource, ReferralStatus } from '../../modules/records/records.tables.ts';
import type { Transaction } from 'kysely';
import { COMPARATORS, type Comparator } from '@helsedialog/core';
import type { DB } from '../../platform/db-types.ts';
import { now } from '../../platform/clock.ts';

export const RECORD_EXT = {
  referralStatus: 'https://helsedialog.no/fhir/StructureDefinition/referral-status',
  careStartBy: 'https://helsedialog.no/fhir/StructureDefinition/referral-care-start-by',
  forwardedTo: 'https://helsedialog.no/fhir/StructureDefinition/referral-forwarded-to',
  statusDate: 'https://helsedialog.no/fhir/StructureDefinition/referral-status-date',
} as const;

type Tx = Transaction<DB>;
const DAY_MS = 86_400_000;

/** What a mapper has checked before the transaction: everything but the PDF bytes' storage. */
interface Prepared {
  item: Omit<ItemInput, 'binaryId'>;
  /** New PDF bytes to store in the transaction (base64 content), or an existing Binary. */
  pdf: { data: Buffer } | { binaryId: string } | null;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function conceptText(c: CodeableConcept | undefined): string | undefined {
  return text(c?.text) ?? text(c?.coding?.[0]?.display) ?? text(c?.coding?.[0]?.code);
}

function ext(r: RecordResource, url: string): Extension | undefined {
  return r.extension?.find((e) => e.url === url);
}

/** The patient and unit of a write: the unit must be the client's, and the patient known to it. */
async function subjectAndUnit(ctx: FhirContext, body: RecordResource, orgRef: Reference | undefined, orgField: string): Promise<{ citizenId: string; unitId: string }> {
  const citizenId = refId(body.subject, 'Patient');
  if (!citizenId) throw badRequest('subject must reference the Patient.');
  const org = refId(orgRef, 'Organization');
  const unitId = org ? requireUnit(ctx, org, orgField) : onlyUnit(ctx, orgField);
  const known = isUuid(citizenId)
    ? await ctx.app.db.selectFrom('health_contacts').select('id').where('citizen_id', '=', citizenId).where('unit_id', '=', unitId).executeTakeFirst()
    : undefined;
  if (!known) throw unprocessable(`Patient/${citizenId} is not known to the unit: the patient has no health contact with it.`, 'not-found');
  return { citizenId, unitId };
}

/** Where an attachment goes: the item's unit, and the item itself when it exists (an update). */
interface Target {
  unitId: string;
  itemId: string | undefined;
}

/**
 * Reads an attachment: base64 PDF data (checked), a url to an existing Binary of the item's unit
 * that no other item has (decision 113: a PDF belongs to the first item it was attached to), or
 * nothing.
 */
async function attachment(ctx: FhirContext, a: Attachment | undefined, where: string, target: Target): Promise<Prepared['pdf']> {
  if (!a || (a.data === undefined && a.url === undefined)) return null;
  if (a.data !== undefined && a.url !== undefined) throw badRequest(`${where}: give either data or url, not both.`);
  if (a.url !== undefined) {
    const id = refId(a.url, 'Binary');
    if (!id) throw badRequest(`${where}.url must point to a Binary (Binary/<id>).`);
    const b = isUuid(id)
      ? await ctx.app.db.selectFrom('record_binaries').select(['id', 'unit_id', 'item_id']).where('id', '=', id).where('unit_id', 'in', ctx.auth.unitIds).executeTakeFirst()
      : undefined;
    if (!b) throw unprocessable(`${where}.url points to Binary/${id}, which does not exist here. Create the Binary first.`, 'not-found');
    if (b.unit_id !== target.unitId) throw unprocessable(`${where}.url points to Binary/${id}, which was created for another unit than this item's.`);
    if (b.item_id && b.item_id !== target.itemId)
      throw unprocessable(`${where}.url points to Binary/${id}, the PDF of another record item. Each item has its own PDF: create a new Binary (or send the data).`);
    return { binaryId: b.id };
  }
  const data = Buffer.from(a.data!, 'base64');
  try {
    return { data: await checkPdf(ctx.app, data, a.contentType, where) };
  } catch (err) {
    if (err instanceof ContentRefused) throw new FhirError(400, 'invalid', err.message);
    throw err;
  }
}

/** The attachment as stored and read back: bytes live in Binary, referenced by url. */
function storedAttachment(a: Attachment, binaryId: string | null): Attachment {
  const { data: _data, url: _url, ...rest } = a;
  return binaryId ? { ...rest, contentType: 'application/pdf', url: `Binary/${binaryId}` } : rest;
}

async function prepareDocument(ctx: FhirContext, body: DocumentReference, itemId?: string): Promise<Prepared> {
  const { citizenId, unitId } = await subjectAndUnit(ctx, body, body.custodian, 'custodian');
  const status = body.status;
  const title = text(body.description) ?? conceptText(body.type);
  if (!title) throw badRequest('A document needs a title: description or type.text.');
  const content = body.content;
  if (!content.length) throw badRequest('content is required (an attachment with the PDF, a Binary url, or neither for a document not available digitally).');
  if (content.length > 1) throw badRequest('Share one PDF per DocumentReference.');
  const pdf = await attachment(ctx, content[0]!.attachment, 'DocumentReference.content[0].attachment', { unitId, itemId });
  return {
    pdf,
    item: {
      citizenId,
      unitId,
      kind: 'document',
      category: 'document',
      title,
      effectiveAt: body.date ? instant(body.date, 'date') : now(),
      withdrawn: status === 'entered-in-error',
      availableDigitally: pdf !== null,
      conclusion: null,
      resource: body,
    },
  };
}

function referral(body: ServiceRequest): ReferralInput {
  const status = ext(body, RECORD_EXT.referralStatus)?.valueCode ?? 'received';
  if (!(REFERRAL_STATUSES as readonly string[]).includes(status))
    throw badRequest(`The referral-status extension must be one of ${REFERRAL_STATUSES.join(', ')}.`);
  const careStartBy = ext(body, RECORD_EXT.careStartBy)?.valueDate ?? null;
  const fw = ext(body, RECORD_EXT.forwardedTo);
  const forwardedTo = text(fw?.valueString) ?? text(fw?.valueReference?.display) ?? null;
  if (status === 'right_granted' && !careStartBy)
    throw badRequest('A referral with right to care (right_granted) needs the date care must start by (extension referral-care-start-by, valueDate).');
  if (status === 'forwarded' && !forwardedTo)
    throw badRequest('A forwarded referral needs the unit it went to (extension referral-forwarded-to, valueString or valueReference.display).');
  const when = ext(body, RECORD_EXT.statusDate)?.valueDateTime;
  const occurredAt = when ? instant(when, 'referral-status-date') : now();
  // A change that has not happened yet would stand first in the timeline for days; a clock a little ahead is tolerated.
  if (occurredAt.getTime() > now().getTime() + DAY_MS)
    throw unprocessable(`The referral-status-date (${when}) is more than a day ahead: give the time the status changed, not a planned one.`);
  return {
    status: status as ReferralStatus,
    occurredAt,
    careStartBy,
    forwardedTo: status === 'forwarded' ? forwardedTo : null,
  };
}

async function prepareReferral(ctx: FhirContext, body: ServiceRequest): Promise<Prepared> {
  const performer = body.performer?.[0];
  const { citizenId, unitId } = await subjectAndUnit(ctx, body, performer, 'performer');
  const r = referral(body);
  return {
    pdf: null,
    item: {
      citizenId,
      unitId,
      kind: 'referral',
      category: 'referral',
      title: conceptText(body.code) ?? 'Henvisning',
      effectiveAt: body.authoredOn ? instant(body.authoredOn, 'authoredOn') : now(),
      withdrawn: body.status === 'entered-in-error',
      availableDigitally: true,
      conclusion: null,
      resource: body,
      referral: r,
    },
  };
}

const CATEGORY: Record<string, RecordCategory> = { LAB: 'lab', RAD: 'radiology', PAT: 'pathology', SP: 'pathology', CP: 'pathology' };

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** One contained Observation as a result row; a quantity without a unit is refused. */
function observation(o: Observation, i: number, dflt: Date): ObservationInput {
  const coding = o.code.coding?.[0];
  const display = conceptText(o.code);
  const code = text(coding?.code) ?? display;
  if (!code || !display) throw badRequest(`Observation ${i + 1} needs a code (coding or text) naming the analysis.`);
  const q = o.valueQuantity;
  let valueNum: number | null = null;
  let comparator: Comparator | null = null;
  let unit: string | null = null;
  let valueText: string | null = null;
  if (q) {
    valueNum = num(q.value);
    if (valueNum === null) throw badRequest(`Observation ${i + 1} (${display}): valueQuantity needs a value.`);
    unit = text(q.unit) ?? text(q.code) ?? null;
    if (!unit) throw badRequest(`Observation ${i + 1} (${display}): the value has no unit (valueQuantity.unit). A result without its unit cannot be shown.`);
    if (q.comparator !== undefined) {
      if (!(COMPARATORS as readonly string[]).includes(q.comparator))
        throw badRequest(`Observation ${i + 1} (${display}): valueQuantity.comparator must be one of ${COMPARATORS.join(', ')}.`);
      comparator = q.comparator as Comparator;
    }
  } else {
    valueText = text(o.valueString) ?? conceptText(o.valueCodeableConcept) ?? null;
    if (!valueText) throw badRequest(`Observation ${i + 1} (${display}) has no value (valueQuantity with a unit, valueString or valueCodeableConcept).`);
  }
  const range = o.referenceRange?.[0];
  const rangeUnit = text(range?.low?.unit);
  if (rangeUnit && unit && rangeUnit !== unit) throw badRequest(`Observation ${i + 1} (${display}): the reference range is in ${rangeUnit}, the value in ${unit}.`);
  return {
    code,
    codeSystem: text(coding?.system) ?? null,
    display,
    valueNum,
    comparator,
    valueText,
    unit,
    refLow: num(range?.low?.value),
    refHigh: num(range?.high?.value),
    refText: text(range?.text) ?? null,
    interpretation: text(o.interpretation?.[0]?.coding?.[0]?.code) ?? null,
    effectiveAt: o.effectiveDateTime ? instant(o.effectiveDateTime, `Observation ${i + 1} effectiveDateTime`) : dflt,
  };
}

async function prepareReport(ctx: FhirContext, body: DiagnosticReport, itemId?: string): Promise<Prepared> {
  // The unit among the performers (an outside lab may stand beside it, in any order).
  const performer = body.performer?.find((p) => localRefId(p, 'Organization'));
  const { citizenId, unitId } = await subjectAndUnit(ctx, body, performer, 'performer');
  const codes = (body.category ?? []).flatMap((c) => c.coding ?? []).map((c) => c.code ?? '');
  const category = codes.map((c) => CATEGORY[c]).find(Boolean);
  if (!category) throw badRequest('category must say the kind of result: LAB, RAD or PAT (http://terminology.hl7.org/CodeSystem/v2-0074).');
  const title = conceptText(body.code);
  if (!title) throw badRequest('code must name the report (code.text or coding.display).');
  const effectiveAt = body.effectiveDateTime ? instant(body.effectiveDateTime, 'effectiveDateTime') : body.issued ? instant(body.issued, 'issued') : now();
  const contained = new Map((body.contained ?? []).map((r) => [`#${String(r.id)}`, r]));
  const observations: ObservationInput[] = [];
  for (const [i, ref] of (body.result ?? []).entries()) {
    const o = ref.reference ? contained.get(ref.reference) : undefined;
    if (!o || o.resourceType !== 'Observation')
      throw badRequest(`result[${i}] must reference a contained Observation (#id); send the Observations inside the DiagnosticReport.`);
    observations.push(observation(o, i, effectiveAt));
  }
  const forms = body.presentedForm;
  if ((forms?.length ?? 0) > 1) throw badRequest('Share one PDF (presentedForm) per DiagnosticReport.');
  const pdf = await attachment(ctx, forms?.[0], 'DiagnosticReport.presentedForm[0]', { unitId, itemId });
  const conclusion = text(body.conclusion) ?? null;
  if (!observations.length && !pdf && !conclusion) throw badRequest('A result needs observations (result), a report (presentedForm) or a conclusion.');
  const status = body.status;
  return {
    pdf,
    item: {
      citizenId,
      unitId,
      kind: 'result',
      category,
      title,
      effectiveAt,
      withdrawn: status === 'entered-in-error' || status === 'cancelled',
      availableDigitally: true,
      conclusion,
      resource: body,
      observations,
    },
  };
}

/** The EPJ's hiding of the item from the patient's parents: the security label on this version. */
function epjHiding(ctx: FhirContext, body: RecordResource): ItemInput['epjHiding'] {
  const hidden = (body.meta?.security ?? []).some((c) => c.system === HIDDEN_FROM_PARENTS.system && c.code === HIDDEN_FROM_PARENTS.code);
  return { hidden, clientId: ctx.auth.clientId };
}

/** The resource as stored: attachment bytes replaced by a url to their Binary. */
function storedResource(p: Prepared, binaryId: string | null): RecordResource {
  const r = { ...p.item.resource };
  if (r.resourceType === 'DocumentReference') {
    const c = r.content[0]!;
    r.content = [{ ...c, attachment: storedAttachment(c.attachment, binaryId) }];
  }
  if (r.resourceType === 'DiagnosticReport' && r.presentedForm?.length) r.presentedForm = [storedAttachment(r.presentedForm[0]!, binaryId)];
  return r;
}

async function binaryOf(tx: Tx, unitId: string, pdf: Prepared['pdf']): Promise<string | null> {
  if (!pdf) return null;
  return 'binaryId' in pdf ? pdf.binaryId : insertBinary(tx, unitId, pdf.data);
}

/** A write's transaction; a PDF another item took meanwhile (decision 113) is an OperationOutcome. */
async function inTransaction<R>(ctx: FhirContext, work: (tx: Tx) => Promise<R>): Promise<R> {
  try {
    return await ctx.app.db.transaction().execute(work);
  } catch (err) {
    if (err instanceof BinaryBound) throw unprocessable(err.message);
    throw err;
  }
}

function recordMapper<T extends RecordResource>(
  type: T['resourceType'],
  kind: RecordKind,
  prepare: (ctx: FhirContext, body: T, itemId?: string) => Promise<Prepared>,
): ResourceMapper<T> {
  const read = async (ctx: FhirContext, id: string): Promise<T | undefined> => {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const row = await ctx.app.db
      .selectFrom('record_items')
      .select('resource')
      .where('id', '=', id)
      .where('kind', '=', kind)
      .where('unit_id', 'in', ctx.auth.unitIds)
      .executeTakeFirst();
    return row?.resource as T | undefined;
  };
  return {
    type,
    searchParams: { patient: 'reference', subject: 'reference' },
    sorts: ['date'],
    read,
    // Every version is kept (record_item_versions): vread, with the same scoping as read.
    async vread(ctx, id, versionId) {
      if (!isUuid(id) || !/^[1-9]\d{0,8}$/.test(versionId) || !ctx.auth.unitIds.length) return undefined;
      const row = await ctx.app.db
        .selectFrom('record_item_versions as v')
        .innerJoin('record_items as i', 'i.id', 'v.item_id')
        .select('v.resource')
        .where('i.id', '=', id)
        .where('i.kind', '=', kind)
        .where('i.unit_id', 'in', ctx.auth.unitIds)
        .where('v.version', '=', Number(versionId))
        .executeTakeFirst();
      return row?.resource as T | undefined;
    },
    async search(ctx: FhirContext, input: SearchInput) {
      if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
      const none = '00000000-0000-0000-0000-000000000000';
      let q = ctx.app.db.selectFrom('record_items').where('kind', '=', kind).where('unit_id', 'in', ctx.auth.unitIds);
      // `patient` and `subject` name the same element; given both, both apply (a contradiction finds nothing).
      for (const name of ['patient', 'subject'] as const) {
        const p = one(input, name);
        if (!p) continue;
        const pid = refId(p, 'Patient') ?? p;
        q = q.where('citizen_id', '=', isUuid(pid) ? pid : none);
      }
      const id = one(input, '_id');
      if (id) q = q.where('id', '=', isUuid(id) ? id : none);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
      const desc = input.sort.find((s) => s.key === 'date')?.desc ?? true;
      const rows = await q
        .select('resource')
        .orderBy('effective_at', desc ? 'desc' : 'asc')
        .orderBy('id')
        .limit(input.count)
        .offset(input.offset)
        .execute();
      return { resources: rows.map((r) => r.resource as T), total };
    },
    async create(ctx, body) {
      const p = await prepare(ctx, body);
      return inTransaction(ctx, async (tx) => {
        const binaryId = await binaryOf(tx, p.item.unitId, p.pdf);
        const created = await createItem(tx, ctx.app.events, { ...p.item, binaryId, resource: storedResource(p, binaryId), epjHiding: epjHiding(ctx, body) });
        await auditEpj(tx, ctx, { citizenId: p.item.citizenId, unitId: p.item.unitId, action: 'record.create', objectType: type, objectId: created.id });
        return created.resource as T;
      });
    },
    async update(ctx, id, body, ifMatch) {
      const p = await prepare(ctx, body, isUuid(id) ? id : undefined);
      return inTransaction(ctx, async (tx) => {
        const current = isUuid(id) ? await lockItem(tx, id, ctx.auth.unitIds) : undefined;
        if (!current || current.kind !== kind) throw notFound(type, id);
        // An update of a version another update replaced meanwhile (If-Match, or the one a PATCH was applied to).
        if (ifMatch !== undefined && String(current.version) !== ifMatch) throw versionMismatch(type, id, String(current.version), ifMatch);
        if (current.citizen_id !== p.item.citizenId || current.unit_id !== p.item.unitId)
          throw unprocessable('subject and unit cannot change; mark this one entered-in-error and share a new one.');
        // entered-in-error is final in FHIR (decision 114): the item stays withdrawn, never released.
        if (current.status === 'entered_in_error' && !p.item.withdrawn)
          throw unprocessable(`${type}/${id} is entered-in-error, which is final: it cannot become current again. Share the valid one as a new ${type}.`);
        const binaryId = await binaryOf(tx, current.unit_id, p.pdf);
        const resource = await updateItem(tx, current, { ...p.item, binaryId, resource: storedResource(p, binaryId), epjHiding: epjHiding(ctx, body) });
        await auditEpj(tx, ctx, {
          citizenId: current.citizen_id,
          unitId: current.unit_id,
          action: p.item.withdrawn ? 'record.withdraw' : 'record.update',
          objectType: type,
          objectId: current.id,
        });
        return resource as T;
      });
    },
  };
}

export const DocumentReferenceMapper = recordMapper<DocumentReference>('DocumentReference', 'document', prepareDocument);
export const ServiceRequestMapper = recordMapper<ServiceRequest>('ServiceRequest', 'referral', prepareReferral);
export const DiagnosticReportMapper = recordMapper<DiagnosticReport>('DiagnosticReport', 'result', prepareReport);

/** Binary create: a PDF (checked like an attachment) for a DocumentReference or report to point to. */
export async function createRecordBinary(ctx: FhirContext, body: Binary): Promise<Binary> {
  const unitId = onlyUnitOrSecurityContext(ctx, body);
  if (body.data === undefined) throw badRequest('A Binary needs data (base64).');
  let data: Buffer;
  try {
    data = await checkPdf(ctx.app, Buffer.from(body.data, 'base64'), body.contentType, 'The Binary');
  } catch (err) {
    if (err instanceof ContentRefused) throw new FhirError(400, 'invalid', err.message);
    throw err;
  }
  const id = await ctx.app.db.transaction().execute(async (tx) => {
    const binaryId = await insertBinary(tx, unitId, data);
    await auditEpj(tx, ctx, { citizenId: null, unitId, action: 'record.binary.create', objectType: 'Binary', objectId: binaryId });
    return binaryId;
  });
  return { resourceType: 'Binary', id, contentType: 'application/pdf', meta: { versionId: '1' } };
}

/** The unit of a new Binary: the client's only unit, or `securityContext` Organization/<unit>. */
function onlyUnitOrSecurityContext(ctx: FhirContext, body: Binary): string {
  const org = refId(body.securityContext, 'Organization');
  return org ? requireUnit(ctx, org, 'securityContext') : onlyUnit(ctx, 'securityContext (Organization/<unit>)');
}

/**
 * A shared record PDF as a Binary (the client's units only), with the item it belongs to and its
 * patient — by its binding (decision 113), so a PDF the EPJ has since replaced still has both; read
 * is access-logged by the caller.
 */
export async function readRecordBinary(ctx: FhirContext, id: string) {
  return ctx.app.db
    .selectFrom('record_binaries as b')
    .leftJoin('record_items as r', 'r.id', 'b.item_id')
    .select(['b.id', 'b.unit_id', 'b.content_type', 'b.data', 'b.citizen_id', 'r.id as item_id', 'r.kind'])
    .where('b.id', '=', id)
    .where('b.unit_id', 'in', ctx.auth.unitIds)
    .executeTakeFirst();
}
