/** Staff-facing routes about the staff member themself. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { StaffUnitListSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { access } from '../../access/route-access.ts';
import { unitsOfStaff } from './staff.service.ts';

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
      return { items: await unitsOfStaff(ctx.db, s.staffId) };
    },
  );
}
