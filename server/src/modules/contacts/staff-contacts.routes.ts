/**
 * Staff register and end health contacts: a granted right to health care (specialist care),
 * municipal service, or manually. GP-list contacts come from the list register (or the API).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isValidNationalId } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { endContact, registerContact } from './staff-contacts.service.ts';
import { access } from '../../access/route-access.ts';

const errors = problemResponses;
const CreateSchema = z.object({
  nationalId: z.string().trim().refine(isValidNationalId, 'is not a valid national identity number'),
  source: z.enum(['care_right', 'municipal_service', 'manual', 'gp_list']),
  endsOn: z.iso.date().nullable().optional(),
  gpStaffId: z.uuid().nullable().optional(),
});
const ContactOut = z.object({
  id: z.string(),
  citizenId: z.string(),
  name: z.string(),
  source: z.string(),
  status: z.enum(['active', 'previous']),
  startedAt: z.string(),
  endsAt: z.string().nullable(),
});

/** Registers POST /api/staff/units/:unitId/contacts and POST /api/staff/contacts/:contactId/end. */
export async function staffContactRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['health contacts (staff)'];

  r.post(
    '/api/staff/units/:unitId/contacts',
    {
      config: access('staff', 'contact', 'act'),
      schema: {
        tags,
        summary: 'Register a health contact for a citizen',
        params: z.object({ unitId: z.uuid() }),
        body: CreateSchema,
        response: { 201: ContactOut, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      return reply.code(201).send(await registerContact(ctx.db, a, request.params.unitId, request.body));
    },
  );

  r.post(
    '/api/staff/contacts/:contactId/end',
    {
      config: access('staff', 'contact', 'act'),
      schema: { tags, summary: 'End a health contact now', params: z.object({ contactId: z.uuid() }), response: { 200: ContactOut, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return endContact(ctx.db, a, request.params.contactId);
    },
  );
}
