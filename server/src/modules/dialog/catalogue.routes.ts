/** Unit administrators switch services; doctors switch their own list; everyone in the unit can read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MyServiceSchema, ServiceSchema, ServiceSettingsSchema, UnitServicesSchema, SERVICES } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { requireMembership, requireUnitAdmin, staffActor } from '../../access/actors.ts';
import { setMyService, setUnitService, staffSwitches, unitServices } from './catalogue.service.ts';
import { access } from '../../access/route-access.ts';

const errors = problemResponses;
const Params = z.object({ unitId: z.uuid(), service: ServiceSchema });

/** Registers the service catalogue routes. */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service catalogue'];

  async function view(unitId: string, staffId: string, isGpDoctor: boolean, isAdmin = false) {
    const rows = new Map((await unitServices(ctx.db, unitId)).map((s) => [s.service, s]));
    const mine = isGpDoctor ? await staffSwitches(ctx.db, staffId, unitId) : new Map<string, boolean>();
    // An administrator sees each GP's own switches beside the unit's setting.
    const overrides = isAdmin
      ? await ctx.db
          .selectFrom('staff_service_settings as o')
          .innerJoin('staff as s', 's.id', 'o.staff_id')
          .innerJoin('staff_memberships as m', (j) => j.onRef('m.staff_id', '=', 'o.staff_id').onRef('m.unit_id', '=', 'o.unit_id'))
          .select(['o.service', 'o.staff_id', 'o.enabled', 's.given_name', 's.family_name'])
          .where('o.unit_id', '=', unitId)
          .orderBy('s.family_name')
          .orderBy('s.given_name')
          .execute()
      : [];
    return {
      items: SERVICES.map((service) => {
        const s = rows.get(service);
        return {
          service,
          enabled: s?.enabled ?? false,
          initiator: s?.initiator ?? 'citizen',
          answerDays: s?.answerDays ?? null,
          introText: s?.introText ?? null,
          introTexts: s?.introTexts ?? {},
          topics: s?.topics ?? [],
          declineReasons: s?.declineReasons ?? [],
          mine: isGpDoctor ? (mine.get(service) ?? null) : null,
          ...(isAdmin
            ? {
                overrides: overrides
                  .filter((o) => o.service === service)
                  .map((o) => ({ staffId: o.staff_id, name: `${o.given_name} ${o.family_name}`, enabled: o.enabled })),
              }
            : {}),
        };
      }),
    };
  }

  r.get(
    '/api/staff/units/:unitId/services',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'The unit’s services, on and off', params: z.object({ unitId: z.uuid() }), response: { 200: UnitServicesSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      return view(request.params.unitId, a.staffId, m.role === 'doctor' && m.unitKind === 'gp_office', m.isAdmin);
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
      return view(request.params.unitId, a.staffId, m.role === 'doctor' && m.unitKind === 'gp_office', m.isAdmin);
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
      return view(request.params.unitId, a.staffId, true, m.isAdmin);
    },
  );
}
