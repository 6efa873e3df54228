/**
 * The population-register integration: sets who has parental responsibility for whom, and
 * people's registered address and confidential-address flag. Authenticated with a bearer key
 * (INTEGRATION_API_KEY); off when no key is configured.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isValidNationalId } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { access } from '../../access/route-access.ts';
import { applyPopulationPerson } from './population.service.ts';

const Nid = z.string().refine(isValidNationalId, 'is not a valid national identity number');
const Body = z.object({
  person: Nid,
  addressKey: z.string().max(100).nullable().optional(),
  confidentialAddress: z.boolean().optional(),
  /** The complete list of children the person has parental responsibility for. */
  children: z.array(Nid).max(30).optional(),
});

/** The integration's bearer key (run before validation by platform/route-auth.ts, and by the handler). */
export function checkIntegrationKey(ctx: AppContext, request: FastifyRequest): void {
  const key = ctx.config.integrationApiKey;
  if (!key) throw new AppError('UNAVAILABLE', 'The population-register integration is not configured (set INTEGRATION_API_KEY).');
  const h = request.headers.authorization ?? '';
  const given = h.startsWith('Bearer ') ? h.slice(7) : '';
  // Failed keys are limited per address (before the key is compared), like logins.
  const addr = `integration:${request.ip}`;
  const wait = ctx.secretFailures.retryAfter(addr);
  if (wait) throw new AppError('RATE_LIMITED', `Too many wrong integration keys from this address. Wait ${wait} seconds and try again.`, { retryAfterSeconds: wait });
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(key).digest();
  if (!given || !timingSafeEqual(a, b)) {
    ctx.secretFailures.fail(addr);
    throw new AppError('UNAUTHENTICATED', 'A valid integration key is required (Authorization: Bearer <key>).');
  }
}

/** Registers PUT /api/integration/population/person. */
export async function populationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put(
    '/api/integration/population/person',
    {
      config: access('epj', 'person', 'act'),
      schema: {
        tags: ['integration'],
        summary: 'Population register: a person’s address, confidential flag and children',
        body: Body,
        response: {
          200: z.object({ person: z.string(), children: z.number() }),
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request) => {
      checkIntegrationKey(ctx, request);
      return applyPopulationPerson(ctx.db, request.body);
    },
  );
}
