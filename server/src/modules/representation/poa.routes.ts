/**
 * Powers of attorney (fullmakt), managed by the people themselves: a citizen of 16 or more
 * gives one to a person of 18 or more, for chosen areas or all, with an optional end date;
 * either side ends it at once. People with a confidential address can neither give nor get one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isValidNationalId, POA_AREAS, PowerOfAttorneyListSchema, PowerOfAttorneySchema } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { access } from '../../access/route-access.ts';
import { givePowerOfAttorney, listPowersOfAttorney, revokePowerOfAttorney } from './poa.service.ts';

const AreaSchema = z.enum(POA_AREAS);
const CreateSchema = z.object({
  holderNationalId: z.string().trim().refine(isValidNationalId, 'is not a valid national identity number'),
  areas: z.array(AreaSchema).min(1, 'Choose at least one area, or all.'),
  validUntil: z.iso.date().nullable().optional(),
});
const errors = problemResponses;

/** Registers the power-of-attorney routes. */
export async function poaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['representation'];

  r.get(
    '/api/citizen/powers-of-attorney',
    {
      config: access('citizen', 'none', 'see'),
      schema: { tags, summary: 'Powers of attorney I have given and received', response: { 200: PowerOfAttorneyListSchema, ...errors } },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      return listPowersOfAttorney(ctx.db, s.personId);
    },
  );

  r.post(
    '/api/citizen/powers-of-attorney',
    {
      config: access('citizen', 'power_of_attorney', 'act'),
      schema: { tags, summary: 'Give a power of attorney (always as oneself)', body: CreateSchema, response: { 201: PowerOfAttorneySchema, ...errors } },
    },
    async (request, reply) => {
      const s = await ctx.requireCitizen(request);
      return reply.code(201).send(await givePowerOfAttorney(ctx.db, s, request.body));
    },
  );

  r.post(
    '/api/citizen/powers-of-attorney/:id/revoke',
    {
      config: access('citizen', 'none', 'act'),
      schema: { tags, summary: 'End a power of attorney at once (either side)', params: z.object({ id: z.uuid() }), response: { 200: PowerOfAttorneySchema, ...errors } },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      return revokePowerOfAttorney(ctx.db, s.personId, request.params.id);
    },
  );
}
