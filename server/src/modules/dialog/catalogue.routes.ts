/** Unit administrators switch services; doctors switch their own list; everyone in the unit can read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MyServiceSchema, ServiceSchema, ServiceSettingsSchema, UnitServicesSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { requireMembership, requireUnitAdmin, staffActor } from '../../access/actors.ts';
import { catalogueView, setMyService, setUnitService } from './catalogue.service.ts';
import { access } from '../../access/route-access.ts';

const errors = problemResponses;
const Params = z.object({ unitId: z.uuid(), service: ServiceSchema });

/** Registers the service catalogue routes. */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service catalogue'];

  r.get(
    '/api/staff/units/:unitId/services',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'The unit’s services, on and off', params: z.object({ unitId: z.uuid() }), response: { 200: UnitServicesSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      return catalogueView(ctx.db, request.params.unitId, a.staffId, m.role === 'doctor' && m.unitKind === 'gp_office', m.isAdmin);
    },
  );

  r.put(
    '/api/staff/units/:unitId/services/:service',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Switch a service and set its terms (unit administrators)',
        params: Params,
        body: ServiceSettingsSchema,
        response: { 200: UnitServicesSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const m = requireUnitAdmin(a, request.params.unitId);
      await setUnitService(ctx.db, request.params.unitId, request.params.service, request.body, a.staffId);
      return catalogueView(ctx.db, request.params.unitId, a.staffId, m.role === 'doctor' && m.unitKind === 'gp_office', m.isAdmin);
    },
  );

  r.put(
    '/api/staff/units/:unitId/my-services/:service',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'A GP switches a service for their own list',
        params: Params,
        body: MyServiceSchema,
        response: { 200: UnitServicesSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      if (m.role !== 'doctor' || m.unitKind !== 'gp_office') throw new AppError('FORBIDDEN', 'Only a GP can switch services for their own patient list.');
      await setMyService(ctx.db, a.staffId, request.params.unitId, request.params.service, request.body.enabled);
      return catalogueView(ctx.db, request.params.unitId, a.staffId, true, m.isAdmin);
    },
  );
}
