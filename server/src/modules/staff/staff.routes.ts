/** Staff-facing routes about the staff member themself. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { StaffUnitListSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { access } from '../../access/route-access.ts';

/** Registers GET /api/staff/units. */
export async function staffRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/staff/units',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags: ['staff'],
        summary: 'The units the signed-in staff member works in',
        response: { 200: StaffUnitListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const s = await ctx.requireStaff(request);
      const rows = await ctx.db
        .selectFrom('staff_memberships as m')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
        .select(['u.id', 'u.name', 'u.kind', 'o.name as organisation_name', 'm.role', 'm.is_admin'])
        .where('m.staff_id', '=', s.staffId)
        .orderBy('u.name')
        .execute();
      return { items: rows.map((u) => ({ id: u.id, name: u.name, kind: u.kind, organisationName: u.organisation_name, role: u.role, isAdmin: u.is_admin })) };
    },
  );
}
