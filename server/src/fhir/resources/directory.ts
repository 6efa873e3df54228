/**
 * The directory of the caller's units, read-only: Organization (each unit, partOf its legal
 * organisation, and the organisation itself), Practitioner (staff of the units), PractitionerRole
 * (a membership) and HealthcareService (a unit's services from unit_services).
 */
import type { HealthcareService, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { Resource } from '../outcomes.ts';
import type { FhirContext, ResourceMapper, SearchInput, SearchResult } from '../router.ts';
import { derivedId, isUuid, one, ref, refId, SYSTEM, token } from './common.ts';

/** Pages an in-memory list (the directory of a client's units is small). */
function page<T extends Resource>(all: T[], input: SearchInput): SearchResult<T> {
  return { resources: all.slice(input.offset, input.offset + input.count), total: all.length };
}

async function unitRows(ctx: FhirContext) {
  if (!ctx.auth.unitIds.length) return [];
  return ctx.app.db
    .selectFrom('units as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.name', 'u.kind', 'u.her_id', 'o.id as org_id', 'o.name as org_name', 'o.org_number'])
    .where('u.id', 'in', ctx.auth.unitIds)
    .orderBy('u.name')
    .execute();
}

async function organizations(ctx: FhirContext): Promise<Organization[]> {
  const units = await unitRows(ctx);
  const out: Organization[] = [];
  const orgs = new Map<string, Organization>();
  for (const u of units) {
    out.push({
      resourceType: 'Organization',
      id: u.id,
      active: true,
      ...(u.her_id ? { identifier: [{ system: SYSTEM.her, value: u.her_id }] } : {}),
      type: [{ coding: [{ system: 'https://helsedialog.no/fhir/CodeSystem/unit-kind', code: u.kind }] }],
      name: u.name,
      partOf: ref('Organization', u.org_id, u.org_name),
    });
    orgs.set(u.org_id, {
      resourceType: 'Organization',
      id: u.org_id,
      active: true,
      ...(u.org_number ? { identifier: [{ system: SYSTEM.orgNumber, value: u.org_number }] } : {}),
      name: u.org_name,
    });
  }
  return [...out, ...orgs.values()];
}

function byIdentifier<T extends Organization | Practitioner>(all: T[], input: SearchInput): T[] {
  const id = one(input, '_id');
  const ident = one(input, 'identifier');
  const name = one(input, 'name')?.toLowerCase();
  return all.filter((r) => {
    if (id && r.id !== id) return false;
    if (
      name &&
      !(r.resourceType === 'Organization' ? (r.name ?? '') : JSON.stringify(r.name ?? []))
        .toLowerCase()
        .includes(name)
    )
      return false;
    if (ident) {
      const t = token(ident);
      const ids = r.identifier ?? [];
      if (!ids.some((i) => i.value === t.value && (!t.system || i.system === t.system))) return false;
    }
    return true;
  });
}

/** Organization: the caller's units and their organisations. */
export const OrganizationMapper: ResourceMapper<Organization> = {
  type: 'Organization',
  searchParams: { identifier: 'token', name: 'string' },
  read: async (ctx, id) => (await organizations(ctx)).find((o) => o.id === id),
  search: async (ctx, input) => page(byIdentifier(await organizations(ctx), input), input),
};

async function memberships(ctx: FhirContext) {
  if (!ctx.auth.unitIds.length) return [];
  return ctx.app.db
    .selectFrom('staff_memberships as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id', 's.hpr_number', 's.given_name', 's.family_name', 's.title', 'm.unit_id', 'm.role'])
    .where('m.unit_id', 'in', ctx.auth.unitIds)
    .orderBy('s.family_name')
    .orderBy('s.id')
    .execute();
}

async function practitioners(ctx: FhirContext): Promise<Practitioner[]> {
  const seen = new Map<string, Practitioner>();
  for (const s of await memberships(ctx)) {
    if (seen.has(s.id)) continue;
    seen.set(s.id, {
      resourceType: 'Practitioner',
      id: s.id,
      active: true,
      identifier: [{ system: SYSTEM.hpr, value: s.hpr_number }],
      name: [{ family: s.family_name, given: [s.given_name], text: `${s.given_name} ${s.family_name}`, prefix: [s.title] }],
    });
  }
  return [...seen.values()];
}

/** Practitioner: staff of the caller's units (search by HPR identifier). */
export const PractitionerMapper: ResourceMapper<Practitioner> = {
  type: 'Practitioner',
  searchParams: { identifier: 'token', name: 'string' },
  read: async (ctx, id) => (isUuid(id) ? (await practitioners(ctx)).find((p) => p.id === id) : undefined),
  search: async (ctx, input) => {
    const name = one(input, 'name')?.toLowerCase();
    const all = byIdentifier(await practitioners(ctx), { ...input, params: new Map([...input.params].filter(([k]) => k !== 'name')) });
    return page(name ? all.filter((p) => JSON.stringify(p.name).toLowerCase().includes(name)) : all, input);
  },
};

/** The id of the PractitionerRole of a clinician in a unit (a membership has no id of its own). */
export function practitionerRoleId(staffId: string, unitId: string): string {
  return derivedId('role', staffId, unitId);
}

/** The clinician and unit of a PractitionerRole of the caller's units, or undefined. */
export async function membershipOfRole(ctx: FhirContext, id: string): Promise<{ staffId: string; unitId: string } | undefined> {
  const m = (await memberships(ctx)).find((r) => practitionerRoleId(r.id, r.unit_id) === id);
  return m && { staffId: m.id, unitId: m.unit_id };
}

async function roles(ctx: FhirContext): Promise<PractitionerRole[]> {
  return (await memberships(ctx)).map((m): PractitionerRole => ({
    resourceType: 'PractitionerRole',
    id: practitionerRoleId(m.id, m.unit_id),
    active: true,
    practitioner: ref('Practitioner', m.id, `${m.given_name} ${m.family_name}`),
    organization: ref('Organization', m.unit_id),
    code: [{ coding: [{ system: 'https://helsedialog.no/fhir/CodeSystem/staff-role', code: m.role }], text: m.title }],
  }));
}

/** PractitionerRole: who works where, in which role. */
export const PractitionerRoleMapper: ResourceMapper<PractitionerRole> = {
  type: 'PractitionerRole',
  searchParams: { practitioner: 'reference', organization: 'reference' },
  read: async (ctx, id) => (await roles(ctx)).find((r) => r.id === id),
  search: async (ctx, input) => {
    const p = one(input, 'practitioner');
    const o = one(input, 'organization');
    const id = one(input, '_id');
    const all = (await roles(ctx)).filter(
      (r) =>
        (!id || r.id === id) &&
        (!p || refId(r.practitioner, 'Practitioner') === (refId(p, 'Practitioner') ?? p)) &&
        (!o || refId(r.organization, 'Organization') === (refId(o, 'Organization') ?? o)),
    );
    return page(all, input);
  },
};

async function services(ctx: FhirContext): Promise<HealthcareService[]> {
  if (!ctx.auth.unitIds.length) return [];
  const rows = await ctx.app.db
    .selectFrom('unit_services')
    .selectAll()
    .where('unit_id', 'in', ctx.auth.unitIds)
    .orderBy('unit_id')
    .orderBy('service')
    .execute();
  return rows.map((s): HealthcareService => ({
    resourceType: 'HealthcareService',
    id: derivedId('service', s.unit_id, s.service),
    active: s.enabled,
    providedBy: ref('Organization', s.unit_id),
    type: [{ coding: [{ system: SYSTEM.service, code: s.service }] }],
    name: s.service,
    ...(s.intro_text ? { comment: s.intro_text } : {}),
    ...(s.answer_days !== null
      ? { extension: [{ url: 'https://helsedialog.no/fhir/StructureDefinition/answer-working-days', valueInteger: s.answer_days }] }
      : {}),
  }));
}

/** The unit (Organization id) that provides a HealthcareService of the caller's units, or undefined. */
export async function unitOfHealthcareService(ctx: FhirContext, id: string): Promise<string | undefined> {
  const s = (await services(ctx)).find((r) => r.id === id);
  return s ? refId(s.providedBy, 'Organization') : undefined;
}

/** HealthcareService: each unit's services (on or off) from the service catalogue. */
export const HealthcareServiceMapper: ResourceMapper<HealthcareService> = {
  type: 'HealthcareService',
  searchParams: { organization: 'reference', active: 'token', 'service-type': 'token' },
  read: async (ctx, id) => (await services(ctx)).find((s) => s.id === id),
  search: async (ctx, input) => {
    const o = one(input, 'organization');
    const active = one(input, 'active');
    const type = one(input, 'service-type');
    const id = one(input, '_id');
    const all = (await services(ctx)).filter(
      (s) =>
        (!id || s.id === id) &&
        (!o || refId(s.providedBy, 'Organization') === (refId(o, 'Organization') ?? o)) &&
        (!active || String(s.active) === active) &&
        (!type || JSON.stringify(s.type).includes(`"code":"${token(type).value}"`)),
    );
    return page(all, input);
  },
};
