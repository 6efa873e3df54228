/** The citizen's access log (logginnsyn): who looked at or changed their data, and what representatives did. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AccessLogPageSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { citizenAccessLog } from './audit.service.ts';

/** Registers GET /api/citizen/access-log. */
export async function accessLogRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/citizen/access-log',
    {
      config: access('citizen', 'access_log', 'see'),
      schema: {
        tags: ['access log'],
        summary: 'Who accessed my data, newest first (keyset paged)',
        querystring: z.object({ cursor: z.string().regex(/^\d{1,15}$/).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: AccessLogPageSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      // The policy (access_log row, declared above) refuses parents of young people; its SQL
      // filter leaves out what is hidden from parents.
      const a = await citizenActor(ctx, request);
      const { cursor, limit } = request.query;
      return citizenAccessLog(ctx.db, a, cursor, limit);
    },
  );
}
