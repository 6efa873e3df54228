/** Statistics for unit administrators and leaders over organisations (docs/statistics.md). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StatisticsSchema, StatisticsScopesSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { statisticsScopes } from '../../access/policy.ts';
import { access } from '../../access/route-access.ts';
import { now } from '../../platform/clock.ts';
import { statisticsFor } from './statistics.service.ts';

const tags = ['statistics'];
/** The period: a month `2026-11` or an ISO week `2026-W47` (checked in the service, with its own error codes). */
const Query = z.object({ period: z.string().min(1).max(20) });

/** Registers the statistics routes. */
export async function statisticsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/staff/statistics/scopes',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The units and organisations whose statistics the staff member may see',
        response: { 200: StatisticsScopesSchema, ...problemResponses },
      },
    },
    async (request) => ({ items: await statisticsScopes(ctx.db, await staffActor(ctx, request)) }),
  );

  r.get(
    '/api/staff/statistics/units/:unitId',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Statistics of one unit for a month or ISO week, with the period before (unit administrators, leaders above)',
        params: z.object({ unitId: z.uuid() }),
        querystring: Query,
        response: { 200: StatisticsSchema, ...problemResponses },
      },
    },
    async (request) => statisticsFor(ctx.db, await staffActor(ctx, request), { kind: 'unit', id: request.params.unitId }, request.query.period, now(), ctx.readDb),
  );

  r.get(
    '/api/staff/statistics/organisations/:organisationId',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Statistics of every unit below an organisation for a month or ISO week, with the period before (leaders)',
        params: z.object({ organisationId: z.uuid() }),
        querystring: Query,
        response: { 200: StatisticsSchema, ...problemResponses },
      },
    },
    async (request) =>
      statisticsFor(ctx.db, await staffActor(ctx, request), { kind: 'organisation', id: request.params.organisationId }, request.query.period, now(), ctx.readDb),
  );
}
