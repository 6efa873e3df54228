/**
 * Questionnaire and QuestionnaireResponse for EPJ systems, scoped to the client's units.
 * A Questionnaire is one version of a form in a unit's library (id = the version's id; url and
 * version as imported; status retired once the form is retired). A QuestionnaireResponse is a
 * submitted response (drafts are the patient's own until submitted): questionnaire is the
 * canonical url|version answered, subject and source the patient, author the person who filled
 * it in (the patient, or a RelatedPerson acting for them). Responses are personal data: every
 * read and search is written to the patient's access log by the router (read-audit.ts).
 */
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import type { FhirContext, ResourceMapper, SearchInput } from '../router.ts';
import { dateParam, direction, isUuid, one, ref, refId, token } from './common.ts';
import { relatedPersonId } from './related-person.ts';
import '../../modules/forms/forms.tables.ts';

const NONE = '00000000-0000-0000-0000-000000000000';
export const FORM_RESPONSE_SYSTEM = 'https://helsedialog.no/fhir/NamingSystem/form-response';

function versions(ctx: FhirContext) {
  return ctx.app.db
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select(['v.id', 'v.version', 'v.questionnaire', 'v.created_at', 'f.url', 'f.title', 'f.unit_id'])
    // A version retired with its form stays retired when the url is imported again (a new start).
    .select((eb) => eb.fn.coalesce('v.retired_at', 'f.retired_at').as('retired_at'))
    .where('f.unit_id', 'in', ctx.auth.unitIds);
}
type VersionRow = Awaited<ReturnType<ReturnType<typeof versions>['executeTakeFirstOrThrow']>>;

/**
 * The elements of R4 Questionnaire served from an imported one (and of its items). The narrative
 * (`text`), contained resources other than value sets and anything not R4 are not passed on, whatever an import stored
 * before the import check ran the R4 validator (questionnaire.ts importable).
 */
const QUESTIONNAIRE_ELEMENTS = [
  'language', 'extension', 'modifierExtension', 'identifier', 'name', 'title', 'derivedFrom', 'experimental', 'subjectType', 'date',
  'publisher', 'contact', 'description', 'jurisdiction', 'purpose', 'copyright', 'approvalDate', 'lastReviewDate', 'effectivePeriod', 'code',
  '_title', '_description',
] as const;
const ITEM_ELEMENTS = [
  'id', 'extension', 'modifierExtension', 'linkId', 'definition', 'code', 'prefix', 'text', 'type', 'enableWhen', 'enableBehavior', 'required',
  'repeats', 'readOnly', 'maxLength', 'answerValueSet', 'answerOption', 'initial',
  // The extensions of primitive elements (e.g. rendering-markdown on a question's text).
  '_text', '_prefix',
] as const;

function pick<T extends object>(o: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as Partial<T>;
}

function servedItems(items: QuestionnaireItem[] | undefined): { item?: QuestionnaireItem[] } {
  if (!Array.isArray(items) || !items.length) return {};
  return { item: items.map((i) => ({ ...(pick(i, ITEM_ELEMENTS) as QuestionnaireItem), ...servedItems(i.item) })) };
}

function questionnaire(v: VersionRow): Questionnaire {
  return {
    ...pick(v.questionnaire, QUESTIONNAIRE_ELEMENTS),
    ...servedItems(v.questionnaire.item),
    // The value sets a choice item names by "#id" (the only contained resources an import keeps).
    ...(Array.isArray(v.questionnaire.contained) && v.questionnaire.contained.some((r) => r.resourceType === 'ValueSet')
      ? { contained: v.questionnaire.contained.filter((r) => r.resourceType === 'ValueSet') }
      : {}),
    resourceType: 'Questionnaire',
    id: v.id,
    meta: { lastUpdated: (v.retired_at ?? v.created_at).toISOString() },
    url: v.url,
    version: v.version,
    status: v.retired_at ? 'retired' : 'active',
    useContext: [
      { code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'venue' }, valueReference: ref('Organization', v.unit_id) },
    ],
  };
}

/** Questionnaire: read and search (url, version, status, title) the forms of the client's units. */
export const QuestionnaireMapper: ResourceMapper<Questionnaire> = {
  type: 'Questionnaire',
  searchParams: { url: 'token', version: 'token', status: 'token', title: 'string' },
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const v = await versions(ctx).where('v.id', '=', id).executeTakeFirst();
    return v && questionnaire(v);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = versions(ctx);
    const url = one(input, 'url');
    if (url) q = q.where('f.url', '=', url);
    const version = one(input, 'version');
    if (version) q = q.where('v.version', '=', version);
    const status = one(input, 'status');
    if (status)
      q =
        status === 'retired'
          ? q.where((eb) => eb.or([eb('v.retired_at', 'is not', null), eb('f.retired_at', 'is not', null)]))
          : status === 'active'
            ? q.where('v.retired_at', 'is', null).where('f.retired_at', 'is', null)
            : q.where('v.id', '=', NONE);
    const title = one(input, 'title');
    if (title) q = q.where('f.title', 'ilike', `%${title.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const id = one(input, '_id');
    if (id) q = q.where('v.id', '=', isUuid(id) ? id : NONE);
    const total = Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const rows = await q.orderBy('v.created_at', 'desc').orderBy('v.id').limit(input.count).offset(input.offset).execute();
    return { resources: rows.map(questionnaire), total };
  },
};

function responses(ctx: FhirContext) {
  return ctx.app.db
    .selectFrom('form_responses as r')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select([
      'r.id',
      'r.citizen_id',
      'r.unit_id',
      'r.items',
      'r.submitted_at',
      'r.submitted_by_person_id',
      'r.thread_id',
      'r.request_id',
      'v.version',
      'v.id as version_id',
      'f.url',
    ])
    .where('r.unit_id', 'in', ctx.auth.unitIds)
    .where('r.status', '=', 'completed');
}
type ResponseRow = Awaited<ReturnType<ReturnType<typeof responses>['executeTakeFirstOrThrow']>>;

/** The answers with each file's url pointing at its Binary (served below, same scoping, audited). */
function withBinaryUrls(items: QuestionnaireResponseItem[], base: string): QuestionnaireResponseItem[] {
  return JSON.parse(JSON.stringify(items), (key, value: unknown) =>
    key === 'valueAttachment' && value && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string'
      ? { ...value, url: (value as { url: string }).url.replace(/^urn:uuid:([0-9a-f-]{36})$/, `${base}/Binary/$1`) }
      : value,
  ) as QuestionnaireResponseItem[];
}

function questionnaireResponse(base: string, r: ResponseRow): QuestionnaireResponse {
  const patient = ref('Patient', r.citizen_id);
  const byRepresentative = r.submitted_by_person_id && r.submitted_by_person_id !== r.citizen_id;
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    meta: { lastUpdated: r.submitted_at!.toISOString() },
    identifier: { system: FORM_RESPONSE_SYSTEM, value: r.id },
    questionnaire: `${r.url}|${r.version}`,
    status: 'completed',
    subject: patient,
    authored: r.submitted_at!.toISOString(),
    author: byRepresentative ? { reference: `RelatedPerson/${relatedPersonId(r.submitted_by_person_id!, r.citizen_id)}`, display: 'Representant' } : patient,
    source: patient,
    item: withBinaryUrls(r.items, base),
  };
}

function dateFilter<T extends ReturnType<typeof responses>>(q: T, input: SearchInput): T {
  for (const v of input.params.get('authored') ?? []) for (const { op, at } of dateParam(v)) q = q.where('r.submitted_at', op, at) as T;
  return q;
}

/** QuestionnaireResponse: read and search (patient, status, authored, questionnaire) submitted responses. */
export const QuestionnaireResponseMapper: ResourceMapper<QuestionnaireResponse> = {
  type: 'QuestionnaireResponse',
  searchParams: { patient: 'reference', subject: 'reference', status: 'token', authored: 'date', questionnaire: 'reference', identifier: 'token' },
  sorts: ['authored'],
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const r = await responses(ctx).where('r.id', '=', id).executeTakeFirst();
    return r && questionnaireResponse(ctx.base, r);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = responses(ctx);
    const p = one(input, 'patient') ?? one(input, 'subject');
    if (p) {
      const id = refId(p, 'Patient') ?? p;
      q = q.where('r.citizen_id', '=', isUuid(id) ? id : NONE);
    }
    const status = one(input, 'status');
    // Only submitted responses leave: any other status matches nothing.
    if (status && status !== 'completed') q = q.where('r.id', '=', NONE);
    const qn = one(input, 'questionnaire');
    if (qn) {
      // A reference to one of our Questionnaires (Questionnaire/<id>, relative or under this
      // server's base), or else the canonical url answered (any version, or url|version). Canonical
      // urls often contain "/Questionnaire/" themselves, so only our own base makes a reference.
      const [url, version] = qn.split('|');
      const local = qn.startsWith('Questionnaire/') || qn.startsWith(`${ctx.base}/Questionnaire/`);
      const vid = local ? refId(qn, 'Questionnaire') : undefined;
      if (local) q = q.where('v.id', '=', vid && isUuid(vid) ? vid : NONE);
      else {
        q = q.where('f.url', '=', url!);
        if (version) q = q.where('v.version', '=', version);
      }
    }
    const ident = one(input, 'identifier');
    if (ident) {
      const t = token(ident);
      q = q.where('r.id', '=', isUuid(t.value) && (!t.system || t.system === FORM_RESPONSE_SYSTEM) ? t.value : NONE);
    }
    const id = one(input, '_id');
    if (id) q = q.where('r.id', '=', isUuid(id) ? id : NONE);
    q = dateFilter(q, input);
    const total = Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const rows = await q
      .orderBy('r.submitted_at', direction(input, 'authored', 'desc'))
      .orderBy('r.id')
      .limit(input.count)
      .offset(input.offset)
      .execute();
    return { resources: rows.map((r) => questionnaireResponse(ctx.base, r)), total };
  },
};
