/**
 * Routes of the clinician workspace (docs/inbox.md): the combined inbox of all one's units,
 * counts per unit, saved filters, quick-reply templates, the patient context beside a thread,
 * presence in a thread.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  InboxCountsSchema,
  PatientContextSchema,
  PresenceSchema,
  ReplyTemplateInputSchema,
  ReplyTemplateListSchema,
  ReplyTemplateSchema,
  SavedFilterInputSchema,
  SavedFilterListSchema,
  SavedFilterSchema,
  ThreadPageSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses as errors } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { inboxFilter, inboxPage, InboxQuery } from './staff-dialog.routes.ts';
import { listCombinedThreads } from './threads.repository.ts';
import { decodeCursor } from '../../platform/cursor.ts';
import {
  addTemplate,
  announcePresence,
  combinedUnits,
  deleteSavedFilter,
  deleteTemplate,
  inboxCounts,
  listSavedFilters,
  listTemplates,
  patientContext,
  saveFilter,
} from './workspace.service.ts';

const CombinedQuery = InboxQuery.extend({
  /** Comma-separated unit ids (each one of the caller's); left out: all of the caller's units. */
  units: z
    .string()
    .max(2000)
    .optional()
    .transform((s, c) => {
      if (!s) return undefined;
      const ids = s.split(',').filter(Boolean);
      if (ids.some((id) => !z.uuid().safeParse(id).success)) {
        c.addIssue({ code: 'custom', message: 'units must be unit ids separated by commas.' });
        return z.NEVER;
      }
      return ids;
    }),
});

/** Registers the workspace routes. */
export async function workspaceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff workspace'];

  r.get(
    '/api/staff/inbox',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Combined inbox of all the caller’s units (or those named): the same filters, search and order as one unit’s, keyset paged',
        querystring: CombinedQuery,
        response: { 200: ThreadPageSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const q = request.query;
      const units = combinedUnits(a, q.units);
      const rows = await listCombinedThreads(ctx.db, units, a.staffId, inboxFilter(q), decodeCursor(q.cursor), q.limit + 1);
      return inboxPage(ctx, rows, q.limit, q.sort);
    },
  );

  r.get(
    '/api/staff/inbox/counts',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Per unit of the caller: conversations with unread messages and overdue ones (each counted up to 100)',
        response: { 200: InboxCountsSchema, ...errors },
      },
    },
    async (request) => inboxCounts(ctx, await staffActor(ctx, request)),
  );

  r.get(
    '/api/staff/saved-filters',
    {
      config: access('staff', 'none', 'see'),
      schema: { tags, summary: 'The caller’s saved inbox filters', response: { 200: SavedFilterListSchema, ...errors } },
    },
    async (request) => ({ items: await listSavedFilters(ctx, await staffActor(ctx, request)) }),
  );

  r.post(
    '/api/staff/saved-filters',
    {
      config: access('staff', 'none', 'act'),
      schema: { tags, summary: 'Save the inbox’s current filters under a name', body: SavedFilterInputSchema, response: { 201: SavedFilterSchema, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await saveFilter(ctx, await staffActor(ctx, request), request.body)),
  );

  r.delete(
    '/api/staff/saved-filters/:filterId',
    {
      config: access('staff', 'none', 'act'),
      schema: { tags, summary: 'Delete one of the caller’s saved filters', params: IdParam('filterId'), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await deleteSavedFilter(ctx, await staffActor(ctx, request), request.params.filterId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/staff/units/:unitId/reply-templates',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Quick replies: the unit’s templates and the caller’s own',
        params: IdParam('unitId'),
        response: { 200: ReplyTemplateListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listTemplates(ctx, await staffActor(ctx, request), request.params.unitId) }),
  );

  r.post(
    '/api/staff/units/:unitId/reply-templates',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Add a quick reply: for the unit (unit administrators) or personal; placeholders {fornavn} and {enhet}',
        params: IdParam('unitId'),
        body: ReplyTemplateInputSchema,
        response: { 201: ReplyTemplateSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await addTemplate(ctx, await staffActor(ctx, request), request.params.unitId, request.body)),
  );

  r.delete(
    '/api/staff/units/:unitId/reply-templates/:templateId',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Delete a quick reply (one’s own, or the unit’s as its administrator)',
        params: IdParam('unitId').extend(IdParam('templateId').shape),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteTemplate(ctx, await staffActor(ctx, request), request.params.unitId, request.params.templateId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/staff/threads/:threadId/context',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'The patient beside a thread: other threads, upcoming appointments, letters, prescriptions, representatives (writes an access-log entry)',
        params: IdParam('threadId'),
        response: { 200: PatientContextSchema, ...errors },
      },
    },
    async (request) => patientContext(ctx, await staffActor(ctx, request), request.params.threadId),
  );

  r.post(
    '/api/staff/threads/:threadId/presence',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Tell colleagues in the unit that you have the thread open, are writing, or left (a live event; nothing stored)',
        params: IdParam('threadId'),
        body: PresenceSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await announcePresence(ctx, await staffActor(ctx, request), request.params.threadId, request.body.state);
      return reply.code(204).send(null);
    },
  );
}
