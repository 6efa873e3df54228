/**
 * Journaling: subscribes the outbox to domain events, the staff routes (status per message,
 * resend, the unit's dead letters) and, outside production, the development EPJ.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EndpointViewSchema, JournalStatusSchema, JournalViewSchema, ThreadJournalSchema, UnitJournalSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { registerDevEpj } from './dev-epj.ts';
import { EndpointBodySchema, getEndpoint, putEndpoint } from './journal.endpoint.ts';
import { letterJournal, resendItem, threadJournal, unitJournal } from './journal.service.ts';
import { access } from '../../access/route-access.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
/** ?status=rejected,dead (comma-separated, or repeated). */
const StatusListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
  .pipe(z.array(JournalStatusSchema).min(1, 'Give at least one status.'));

/** Registers journaling: event subscription, staff routes, the development EPJ outside production. */
export async function journalRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['journal'];

  r.get(
    '/api/staff/threads/:threadId/journal',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Journal status of each message of a thread: waiting, documented, rejected (with the EPJ’s reason), dead',
        params: IdParam('threadId'),
        response: { 200: ThreadJournalSchema, ...errors },
      },
    },
    async (request) => threadJournal(ctx, await staffActor(ctx, request), request.params.threadId),
  );

  r.get(
    '/api/staff/letters/:letterId/journal',
    {
      config: access('staff', 'letter', 'see'),
      schema: {
        tags,
        summary: 'Journal status of a patient letter: waiting, documented, rejected (with the EPJ’s reason), dead; null if not journaled',
        params: IdParam('letterId'),
        response: { 200: z.object({ letterId: z.string(), journal: JournalViewSchema.nullable() }), ...errors },
      },
    },
    async (request) => letterJournal(ctx, await staffActor(ctx, request), request.params.letterId),
  );

  r.get(
    '/api/staff/units/:unitId/epj-endpoint',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The unit’s EPJ endpoint (any member; secrets are never returned, only whether one is set)',
        params: IdParam('unitId'),
        response: { 200: EndpointViewSchema, ...errors },
      },
    },
    async (request) => getEndpoint(ctx, await staffActor(ctx, request), request.params.unitId),
  );

  r.put(
    '/api/staff/units/:unitId/epj-endpoint',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Create or change the unit’s EPJ endpoint (unit administrators; audited)',
        description:
          'protocol fhir|kith, transport http|amqp (FHIR over http only), url matching the transport, queue for amqp, OAuth2 client credentials for FHIR (clientSecret write-only: omit it to keep the stored one). A broker URL read back with its password as *** keeps the stored password.',
        params: IdParam('unitId'),
        body: EndpointBodySchema,
        response: { 200: EndpointViewSchema, ...errors },
      },
    },
    async (request) => putEndpoint(ctx, await staffActor(ctx, request), request.params.unitId, request.body),
  );

  r.post(
    '/api/staff/journal/:itemId/resend',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Send a rejected or dead-lettered item to the EPJ again (audited)',
        params: IdParam('itemId'),
        response: { 200: JournalViewSchema, ...errors },
      },
    },
    async (request) => resendItem(ctx, await staffActor(ctx, request), request.params.itemId),
  );

  r.get(
    '/api/staff/units/:unitId/journal',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary:
          'Journal items of a unit by status (unit administrators): by default the rejected and dead items of every kind, with reason and attempts; and how many wait',
        params: IdParam('unitId'),
        querystring: z.object({ status: StatusListSchema.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: UnitJournalSchema, ...errors },
      },
    },
    async (request) => unitJournal(ctx, await staffActor(ctx, request), request.params.unitId, request.query.status, request.query.limit),
  );

  if (ctx.config.nodeEnv !== 'production') await registerDevEpj(app, ctx.db);
}
