/** Choosing whom to act for: oneself, a child, or someone who gave a power of attorney. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RepresentationListSchema, RepresentationSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { chooseActingFor, listRepresentations, type Representation } from './representation.service.ts';
import { access } from '../../access/route-access.ts';
import { actorFor, capabilities } from '../../access/policy.ts';

const errors = problemResponses;

function dto(userId: string, r: Representation) {
  return {
    personId: r.subjectId,
    name: r.subjectName,
    age: r.subjectAge,
    relation: r.relation,
    areas: [...r.areas],
    until: r.until?.toISOString() ?? null,
    capabilities: capabilities(actorFor(userId, r)),
  };
}

/** Registers the representation routes. */
export async function representationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['representation'];

  r.get(
    '/api/citizen/representations',
    {
      config: access('citizen', 'none', 'see'),
      schema: { tags, summary: 'Whom I can act for: myself, my children, those who gave me a power of attorney', response: { 200: RepresentationListSchema, ...errors } },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      const items = await listRepresentations(ctx.db, s.personId);
      const actingFor = s.actingForId && items.some((i) => i.subjectId === s.actingForId) ? s.actingForId : s.personId;
      return { actingFor, items: items.map((i) => dto(s.personId, i)) };
    },
  );

  r.put(
    '/api/citizen/acting-for',
    {
      config: access('citizen', 'none', 'act'),
      schema: {
        tags,
        summary: 'Choose whom to act for; every later request acts for that person',
        body: z.object({ personId: z.uuid() }),
        response: { 200: RepresentationSchema, ...errors },
      },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      const rep = await chooseActingFor(ctx.db, s, request.body.personId);
      return dto(s.personId, rep);
    },
  );
}
