/**
 * RelatedPerson: a representative (a parent, or someone with power of attorney) who wrote a
 * message for a citizen (Communication.sender) or filled in a form for them (QuestionnaireResponse.author). The id joins the two person ids (hex, 64
 * characters), so it names the relation, not only the person; a client sees a RelatedPerson only
 * where the representative has written or submitted a form for the citizen at one of its units.
 */
import type { FhirContext, ResourceMapper } from '../router.ts';
import type { RelatedPerson } from '@medplum/fhirtypes';
import { isUuid, one, ref, refId } from './common.ts';

const hex = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The RelatedPerson id of a representative writing for a citizen. */
export function relatedPersonId(representativeId: string, citizenId: string): string {
  return `${hex(representativeId)}${hex(citizenId)}`;
}

function parse(id: string): { representativeId: string; citizenId: string } | undefined {
  if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
  const r = { representativeId: uuid(id.slice(0, 32)), citizenId: uuid(id.slice(32)) };
  return isUuid(r.representativeId) && isUuid(r.citizenId) ? r : undefined;
}

/**
 * Representatives who wrote at the client's units, or submitted a form for the citizen there
 * (QuestionnaireResponse.author), with the citizen they acted for.
 */
function relations(ctx: FhirContext) {
  const wrote = ctx.app.db
    .selectFrom('messages as m')
    .select(['m.author_person_id as representative_id', 'm.citizen_id'])
    .where('m.unit_id', 'in', ctx.auth.unitIds)
    .where('m.author_kind', '=', 'citizen')
    .whereRef('m.author_person_id', '<>', 'm.citizen_id');
  const filled = ctx.app.db
    .selectFrom('form_responses as fr')
    .select(['fr.submitted_by_person_id as representative_id', 'fr.citizen_id'])
    .where('fr.unit_id', 'in', ctx.auth.unitIds)
    .where('fr.status', '=', 'completed')
    .whereRef('fr.submitted_by_person_id', '<>', 'fr.citizen_id');
  return ctx.app.db
    .selectFrom(wrote.union(filled).as('rel'))
    .innerJoin('persons as p', 'p.id', 'rel.representative_id')
    .select(['rel.representative_id', 'rel.citizen_id', 'p.given_name', 'p.family_name']);
}

function relatedPerson(r: { representative_id: string | null; citizen_id: string; given_name: string; family_name: string }): RelatedPerson {
  return {
    resourceType: 'RelatedPerson',
    id: relatedPersonId(r.representative_id!, r.citizen_id),
    active: true,
    patient: ref('Patient', r.citizen_id),
    relationship: [{ text: 'Representant' }],
    name: [{ given: [r.given_name], family: r.family_name, text: `${r.given_name} ${r.family_name}` }],
  };
}

/** RelatedPerson: read and search (by patient) the representatives who wrote or filled in forms for a citizen. */
export const RelatedPersonMapper: ResourceMapper<RelatedPerson> = {
  type: 'RelatedPerson',
  searchParams: { patient: 'reference' },
  async read(ctx, id) {
    const p = parse(id);
    if (!p || !ctx.auth.unitIds.length) return undefined;
    const r = await relations(ctx).where('rel.representative_id', '=', p.representativeId).where('rel.citizen_id', '=', p.citizenId).executeTakeFirst();
    return r && relatedPerson(r);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = relations(ctx);
    const patient = one(input, 'patient');
    if (patient) {
      const c = refId(patient, 'Patient') ?? patient;
      q = q.where('rel.citizen_id', '=', isUuid(c) ? c : '00000000-0000-0000-0000-000000000000');
    }
    const id = one(input, '_id');
    if (id) {
      const p = parse(id);
      q = p
        ? q.where('rel.representative_id', '=', p.representativeId).where('rel.citizen_id', '=', p.citizenId)
        : q.where('rel.citizen_id', '=', '00000000-0000-0000-0000-000000000000');
    }
    const rows = await q.orderBy('rel.citizen_id').orderBy('rel.representative_id').execute();
    return { resources: rows.slice(input.offset, input.offset + input.count).map(relatedPerson), total: rows.length };
  },
};
