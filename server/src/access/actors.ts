/**
 * Who is acting. A citizen actor has the signed-in person (user) and the person acted for
 * (subject) — the same person unless a representation was chosen. A staff actor has their
 * memberships, so every unit-scoped request can check the exact unit.
 */
import type { DbOrTx } from '../platform/jobs.ts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import type { StaffRole } from '../platform/db-types.ts';
import { notFound, AppError } from '../platform/errors.ts';
import { AREAS, representationOf, type Area, type Representation } from '../modules/representation/representation.service.ts';
import { now } from '../platform/clock.ts';
import { ageOn, todayInOslo } from '../platform/time.ts';
import { decideKind, enforce, isObjectKind, ownAccessAllowed, RULES, underOwnAccessAge } from './policy.ts';

const ALL_AREAS = new Set<Area>(AREAS);

export interface CitizenActor {
  kind: 'citizen';
  userId: string;
  userName: string;
  subjectId: string;
  subjectName: string;
  /** True when the user acts for someone else. */
  representing: boolean;
  relation: Representation['relation'];
  areas: ReadonlySet<Area>;
  /** Contacts where dialog is allowed; null means all. */
  dialogContacts: ReadonlySet<string> | null;
  /** Parent rules apply: items hidden from parents are left out. */
  parentView: boolean;
  subjectAge: number;
}

const AREA_NB: Record<Area, string> = { contacts: 'health contacts', dialog: 'messages', appointments: 'appointments', documents: 'letters and documents' };

export interface Membership {
  unitId: string;
  unitName: string;
  unitKind: string;
  role: StaffRole;
  isAdmin: boolean;
}

export interface StaffActor {
  kind: 'staff';
  staffId: string;
  name: string;
  memberships: Map<string, Membership>;
}

const resolved = new WeakMap<FastifyRequest, Promise<CitizenActor>>();

/**
 * Resolves the citizen actor of a request: the session's person, acting for the chosen
 * person, re-checked now (once per request). The rule of the object the route declares
 * (`config.access`, route-access.ts) is applied here, so no route can leave it out; with
 * `area`, a representation that does not cover that area is refused as well.
 */
export async function citizenActor(ctx: AppContext, request: FastifyRequest, area?: Area): Promise<CitizenActor> {
  let p = resolved.get(request);
  if (!p) {
    p = resolveCitizen(ctx, request);
    resolved.set(request, p);
  }
  const a = await p;
  const declared = request.routeOptions?.config?.access;
  if (declared?.caller === 'citizen' && isObjectKind(declared.object))
    enforce(decideKind(a, declared.object, declared.action), undefined, RULES[declared.object].area);
  if (area && !a.areas.has(area)) throw new AppError('REPRESENTATION_AREA', `You cannot see or use ${AREA_NB[area]} for ${a.subjectName}.`, { area });
  return a;
}

async function resolveCitizen(ctx: AppContext, request: FastifyRequest): Promise<CitizenActor> {
  const s = await ctx.requireCitizen(request);
  const subjectId = s.actingForId ?? s.personId;
  // Acting as oneself needs no lookup beyond the session's own row.
  const rep =
    subjectId === s.personId && s.citizen
      ? ({
          subjectId,
          subjectName: s.citizen.name,
          subjectAge: ageOn(s.citizen.birthDate, todayInOslo(now())),
          relation: 'self',
          areas: ALL_AREAS,
          dialogContacts: null,
          parentView: false,
          until: null,
        } satisfies Representation)
      : await representationOf(ctx.db, s.personId, subjectId);
  if (!rep) {
    // The representation ended (revoked, expired, the child came of age): back to acting as oneself.
    await ctx.db.updateTable('sessions').set({ acting_for_id: null }).where('id_hash', '=', s.idHash).execute();
    throw new AppError('REPRESENTATION_ENDED', 'You no longer have access to act for this person. You now act for yourself.');
  }
  // Children under 12 have no own access (a session from before the rule, or a clock change).
  if (rep.relation === 'self' && !ownAccessAllowed(rep.subjectAge)) throw underOwnAccessAge();
  const user = subjectId === s.personId ? rep : s.citizen ? { subjectName: s.citizen.name } : await representationOf(ctx.db, s.personId, s.personId);
  return {
    kind: 'citizen',
    userId: s.personId,
    userName: user?.subjectName ?? '',
    subjectId,
    subjectName: rep.subjectName,
    representing: subjectId !== s.personId,
    relation: rep.relation,
    areas: rep.areas,
    dialogContacts: rep.dialogContacts,
    parentView: rep.parentView,
    subjectAge: rep.subjectAge,
  };
}

/** Resolves the staff actor of a request with all memberships. */
export async function staffActor(ctx: AppContext, request: FastifyRequest): Promise<StaffActor> {
  const s = await ctx.requireStaff(request);
  // Name and memberships come with the session row (one round trip for both).
  if (!s.staff) throw new AppError('UNAUTHENTICATED', 'You are not logged in. Log in to continue.');
  const memberships = new Map<string, Membership>();
  for (const m of s.staff.memberships) memberships.set(m.unitId, { ...m, role: m.role as Membership['role'] });
  return { kind: 'staff', staffId: s.staffId, name: s.staff.name, memberships };
}

/** The membership of a staff actor in a unit, or a 404 that reveals nothing. */
export function requireMembership(actor: StaffActor, unitId: string): Membership {
  const m = actor.memberships.get(unitId);
  if (!m) throw notFound('The unit');
  return m;
}

/**
 * Who may register or end a citizen's health contact with a unit (which opens or closes the unit's
 * access to the citizen): a clinician of the unit (doctor, nurse, coordinator) or a unit
 * administrator; not a secretary without administrator rights (issue 15; docs/security.md).
 */
export const CONTACT_REGISTRAR_ROLES: readonly StaffRole[] = ['doctor', 'nurse', 'coordinator'];

/** Like requireMembership, and the member may register health contacts (CONTACT_REGISTRAR_ROLES or unit admin). */
export function requireContactRegistrar(actor: StaffActor, unitId: string): Membership {
  const m = requireMembership(actor, unitId);
  if (!m.isAdmin && !CONTACT_REGISTRAR_ROLES.includes(m.role))
    throw new AppError('FORBIDDEN', 'Only a clinician of the unit (doctor, nurse, coordinator) or a unit administrator can register or end a health contact.');
  return m;
}

/**
 * Who may send a patient a digital tool: a clinician of the unit (the roles that register health
 * contacts: doctor, nurse, coordinator) — the choice of a tool is a clinical one, not a secretary's.
 */
export function requireToolSender(actor: StaffActor, unitId: string): Membership {
  const m = requireMembership(actor, unitId);
  if (!CONTACT_REGISTRAR_ROLES.includes(m.role))
    throw new AppError('FORBIDDEN', 'Only a clinician of the unit (doctor, nurse, coordinator) can send a patient a digital tool.');
  return m;
}

/** Is this staff member a catalogue administrator (keeps the national tool catalogue)? */
export async function isCatalogueAdmin(db: DbOrTx, actor: StaffActor): Promise<boolean> {
  const r = await db.selectFrom('staff').select('catalogue_admin').where('id', '=', actor.staffId).executeTakeFirst();
  return r?.catalogue_admin === true;
}

/** Refuses anyone but a catalogue administrator. */
export async function requireCatalogueAdmin(db: DbOrTx, actor: StaffActor): Promise<void> {
  if (!(await isCatalogueAdmin(db, actor))) throw new AppError('NOT_CATALOGUE_ADMIN', 'Only a catalogue administrator can change the tool catalogue.');
}

/** Like requireMembership, and the member must be a unit administrator. */
export function requireUnitAdmin(actor: StaffActor, unitId: string): Membership {
  const m = requireMembership(actor, unitId);
  if (!m.isAdmin) throw new AppError('NOT_UNIT_ADMIN', 'Only an administrator of the unit can do this.');
  return m;
}
