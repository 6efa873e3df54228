/**
 * Who is acting. A citizen actor has the signed-in person (user) and the person acted for
 * (subject) — the same person unless a representation was chosen. A staff actor has their
 * memberships, so every unit-scoped request can check the exact unit.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app.ts';
import type { StaffRole } from '../../platform/db-types.ts';
import { notFound, AppError } from '../../platform/errors.ts';

export interface CitizenActor {
  kind: 'citizen';
  userId: string;
  userName: string;
  subjectId: string;
  subjectName: string;
  /** True when the user acts for someone else. */
  representing: boolean;
}

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

/** Resolves the citizen actor of a request (session + chosen representation). */
export async function citizenActor(ctx: AppContext, request: FastifyRequest): Promise<CitizenActor> {
  const s = await ctx.requireCitizen(request);
  const resolver = ctx.representation;
  if (resolver) return resolver(request, s);
  const p = await ctx.db.selectFrom('persons').select(['given_name', 'family_name']).where('id', '=', s.personId).executeTakeFirstOrThrow();
  const name = `${p.given_name} ${p.family_name}`;
  return { kind: 'citizen', userId: s.personId, userName: name, subjectId: s.personId, subjectName: name, representing: false };
}

/** Resolves the staff actor of a request with all memberships. */
export async function staffActor(ctx: AppContext, request: FastifyRequest): Promise<StaffActor> {
  const s = await ctx.requireStaff(request);
  const rows = await ctx.db
    .selectFrom('staff')
    .leftJoin('staff_memberships as m', 'm.staff_id', 'staff.id')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select(['staff.given_name', 'staff.family_name', 'm.unit_id', 'm.role', 'm.is_admin', 'u.name as unit_name', 'u.kind as unit_kind'])
    .where('staff.id', '=', s.staffId)
    .execute();
  const first = rows[0];
  if (!first) throw new AppError('UNAUTHENTICATED', 'You are not logged in. Log in to continue.');
  const memberships = new Map<string, Membership>();
  for (const r of rows) {
    if (r.unit_id && r.role) memberships.set(r.unit_id, { unitId: r.unit_id, unitName: r.unit_name ?? '', unitKind: r.unit_kind ?? '', role: r.role, isAdmin: !!r.is_admin });
  }
  return { kind: 'staff', staffId: s.staffId, name: `${first.given_name} ${first.family_name}`, memberships };
}

/** The membership of a staff actor in a unit, or a 404 that reveals nothing. */
export function requireMembership(actor: StaffActor, unitId: string): Membership {
  const m = actor.memberships.get(unitId);
  if (!m) throw notFound('The unit');
  return m;
}

/** Like requireMembership, and the member must be a unit administrator. */
export function requireUnitAdmin(actor: StaffActor, unitId: string): Membership {
  const m = requireMembership(actor, unitId);
  if (!m.isAdmin) throw new AppError('NOT_UNIT_ADMIN', 'Only a unit administrator can change the services of the unit.');
  return m;
}
