/**
 * Access-log entries for what an EPJ system reads through the FHIR API: every resource about a
 * citizen (Patient, EpisodeOfCare, Communication, Appointment, MedicationStatement, …) that leaves
 * in a read or a search is written to that citizen's access log — one entry per citizen and unit
 * per request, and one per item for the record's items (documents, referrals, results) — and
 * committed before the answer goes out, so nothing is read unlogged. A record item's and a form
 * response's citizen and unit are its stored row's (STORED_SUBJECTS), not read back from the
 * resource, so every read is logged for the citizen and the unit it belongs to.
 */
import type { Resource } from './outcomes.ts';
import type { FhirContext } from './router.ts';
import { auditEpjAll, isUuid } from './resources/common.ts';
import { RECORD_LOG_OBJECT_TYPES } from '../access/policy.ts';

const RECORD_TYPES: ReadonlySet<string> = new Set(RECORD_LOG_OBJECT_TYPES);

const PATIENT = /^Patient\/([0-9a-f-]{36})$/i;
const ORGANIZATION = /^Organization\/([0-9a-f-]{36})$/i;

function refOf(v: unknown): string | undefined {
  return v && typeof v === 'object' && typeof (v as { reference?: unknown }).reference === 'string' ? (v as { reference: string }).reference : undefined;
}

/** The citizen a resource is about, and its unit where the resource names one. */
export function subjectOf(resource: Resource): { citizenId: string; unitId: string | null } | undefined {
  let citizenId: string | undefined;
  if (resource.resourceType === 'Patient' && typeof resource.id === 'string') citizenId = resource.id;
  // The same elements across resource types, read by name (each may be absent or of another shape).
  const r = resource as unknown as Record<string, unknown>;
  const refs = [r.subject, r.patient, ...(Array.isArray(r.participant) ? r.participant.map((p) => (p as { actor?: unknown }).actor) : [])];
  for (const v of refs) citizenId ??= PATIENT.exec(refOf(v) ?? '')?.[1]?.toLowerCase();
  if (!citizenId) return undefined;
  const orgs = [
    ...(Array.isArray(r.recipient) ? r.recipient : []),
    r.sender,
    r.informationSource,
    r.managingOrganization,
    r.custodian,
    ...(Array.isArray(r.performer) ? r.performer : []),
  ];
  let unitId: string | null = null;
  for (const v of orgs) unitId ??= ORGANIZATION.exec(refOf(v) ?? '')?.[1]?.toLowerCase() ?? null;
  return { citizenId, unitId };
}

type Subjects = Map<string, { citizenId: string; unitId: string }>;

/**
 * The types whose citizen and unit are read from their stored rows (by id; the resources were
 * just read from them): a record item's references are in whatever form the EPJ wrote, and a
 * QuestionnaireResponse names no organisation at all (its unit would be unknown to a client
 * with several units).
 */
type SubjectRows = (ctx: FhirContext, ids: string[]) => Promise<Array<{ id: string; citizen_id: string; unit_id: string }>>;
const recordItems: SubjectRows = (ctx, ids) => ctx.app.db.selectFrom('record_items').select(['id', 'citizen_id', 'unit_id']).where('id', 'in', ids).execute();
const formResponses: SubjectRows = (ctx, ids) => ctx.app.db.selectFrom('form_responses').select(['id', 'citizen_id', 'unit_id']).where('id', 'in', ids).execute();
const STORED_SUBJECTS: Readonly<Record<string, SubjectRows>> = {
  DocumentReference: recordItems,
  ServiceRequest: recordItems,
  DiagnosticReport: recordItems,
  QuestionnaireResponse: formResponses,
};

async function storedSubjects(ctx: FhirContext, type: string, resources: Resource[]): Promise<Subjects | undefined> {
  const lookup = STORED_SUBJECTS[type];
  if (!lookup) return undefined;
  const ids = resources.map((r) => r.id).filter((id): id is string => typeof id === 'string' && isUuid(id));
  const rows = ids.length ? await lookup(ctx, ids) : [];
  return new Map(rows.map((row) => [row.id, { citizenId: row.citizen_id, unitId: row.unit_id }]));
}

/** Writes the access-log entries for resources an EPJ client is about to receive. */
export async function auditFhirRead(ctx: FhirContext, interaction: 'read' | 'search', type: string, resources: Resource[]): Promise<void> {
  const items = await storedSubjects(ctx, type, resources);
  const entries = new Map<string, { citizenId: string; unitId: string | null; objectId: string | null }>();
  for (const r of resources) {
    const s = items ? items.get(String(r.id)) : subjectOf(r);
    if (!s) continue;
    // A resource that names no unit belongs to the client's unit when it has only one.
    const unitId = s.unitId ?? (ctx.auth.unitIds.length === 1 ? ctx.auth.unitIds[0]! : null);
    // A record item is logged by its id in a search too: its entry shows the citizen only from the
    // item's release (decision 110), so a search that found a held result must not say so at once.
    const itemId = (interaction === 'read' || RECORD_TYPES.has(type)) && typeof r.id === 'string' ? r.id : null;
    const key = `${s.citizenId}|${unitId ?? ''}|${RECORD_TYPES.has(type) ? (itemId ?? '') : ''}`;
    if (!entries.has(key)) entries.set(key, { citizenId: s.citizenId, unitId, objectId: itemId });
  }
  if (!entries.size) return;
  await ctx.app.db.transaction().execute(async (tx) => {
    const unitIds = [...new Set([...entries.values()].map((e) => e.unitId).filter((u): u is string => !!u))];
    const names = new Map(
      unitIds.length ? (await tx.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.name]) : [],
    );
    // One call for every citizen (decision 103): the chains are locked in the writer's one global
    // order and the entries written in one statement.
    await auditEpjAll(
      tx,
      ctx,
      [...entries.values()].map((e) => ({
        citizenId: e.citizenId,
        unitId: e.unitId,
        unitName: e.unitId ? (names.get(e.unitId) ?? null) : null,
        action: interaction === 'read' ? 'epj.read' : 'epj.search',
        objectType: type,
        objectId: e.objectId,
      })),
    );
  });
}
