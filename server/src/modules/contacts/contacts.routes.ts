/** Citizen-facing health contact routes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ContactListSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { contactsForCitizen } from './contacts.service.ts';
import { citizenActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';

/** Registers GET /api/citizen/contacts. */
export async function contactRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/citizen/contacts',
    {
      config: access('citizen', 'contact', 'see'),
      schema: {
        tags: ['citizen'],
        summary: "The signed-in citizen's health contacts, active and previous",
        response: { 200: ContactListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'contacts');
      return { items: await contactsForCitizen(ctx.db, a.subjectId) };
    },
  );
}
