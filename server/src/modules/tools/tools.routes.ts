/**
 * Tool routes: the catalogue (read by staff, kept by catalogue administrators), a clinician
 * sending a tool to a patient, what a unit sent; the citizen opening a tool and marking it done.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NewToolSchema, SendToolSchema, ToolAssignmentListSchema, ToolAssignmentSchema, ToolSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { checkKey } from '../../platform/idempotency.ts';
import { access } from '../../access/route-access.ts';
import { createTool, listCatalogue, openAssignment, retireTool, sendTool, setAssignmentDone, unitAssignments, updateTool } from './tools.service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const CatalogueSchema = z.object({ items: z.array(ToolSchema), canEdit: z.boolean() });

/** Registers the tool routes. */
export async function toolRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staffTags = ['staff tools'];
  const tags = ['citizen tools'];

  r.get(
    '/api/staff/tools',
    {
      config: access('staff', 'tool', 'see'),
      schema: {
        tags: staffTags,
        summary: 'The tool catalogue (active tools; with retired=true also retired ones, for catalogue administrators)',
        querystring: z.object({ retired: z.enum(['true', 'false']).default('false') }),
        response: { 200: CatalogueSchema, ...errors },
      },
    },
    async (request) => listCatalogue(ctx, await staffActor(ctx, request), { includeRetired: request.query.retired === 'true' }),
  );

  r.post(
    '/api/staff/tools',
    {
      config: access('staff', 'tool', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Add a tool to the catalogue (catalogue administrators)',
        body: NewToolSchema,
        response: { 201: ToolSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createTool(ctx, await staffActor(ctx, request), request.body)),
  );

  r.put(
    '/api/staff/tools/:toolId',
    {
      config: access('staff', 'tool', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Correct a tool in the catalogue (catalogue administrators)',
        params: IdParam('toolId'),
        body: NewToolSchema,
        response: { 200: ToolSchema, ...errors },
      },
    },
    async (request) => updateTool(ctx, await staffActor(ctx, request), request.params.toolId, request.body),
  );

  r.post(
    '/api/staff/tools/:toolId/retire',
    {
      config: access('staff', 'tool', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Retire a tool: it can no longer be sent; what was sent stays (catalogue administrators)',
        params: IdParam('toolId'),
        response: { 200: ToolSchema, ...errors },
      },
    },
    async (request) => retireTool(ctx, await staffActor(ctx, request), request.params.toolId),
  );

  r.post(
    '/api/staff/units/:unitId/tool-assignments',
    {
      config: access('staff', 'tool', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Send a patient a tool with a short note and an optional deadline (clinicians; Idempotency-Key makes retries safe)',
        description: 'Raises tool.sent: the patient (and those who act for them, where the policy allows) get a neutral notice of a new task.',
        params: IdParam('unitId'),
        body: SendToolSchema,
        response: { 200: ToolAssignmentSchema, 201: ToolAssignmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const res = await sendTool(ctx, a, request.params.unitId, request.body, checkKey(request.headers['idempotency-key']));
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.get(
    '/api/staff/units/:unitId/tool-assignments',
    {
      config: access('staff', 'tool', 'see'),
      schema: {
        tags: staffTags,
        summary: 'Tools the unit sent, newest first, with opened and done (for one patient with contactId: written to the access log)',
        params: IdParam('unitId'),
        querystring: z.object({ contactId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: ToolAssignmentListSchema, ...errors },
      },
    },
    async (request) =>
      unitAssignments(ctx, await staffActor(ctx, request), request.params.unitId, { contactId: request.query.contactId, limit: request.query.limit }),
  );

  r.get(
    '/api/citizen/tool-assignments/:assignmentId',
    {
      config: access('citizen', 'tool', 'see'),
      schema: {
        tags,
        summary: 'Open a tool sent to me (or to the person I act for); the unit sees that it was opened',
        params: IdParam('assignmentId'),
        response: { 200: ToolAssignmentSchema, ...errors },
      },
    },
    async (request) => openAssignment(ctx, await citizenActor(ctx, request), request.params.assignmentId),
  );

  r.put(
    '/api/citizen/tool-assignments/:assignmentId/done',
    {
      config: access('citizen', 'tool', 'act'),
      schema: {
        tags,
        summary: 'Mark a tool done (done: true) or not done (done: false); done tasks move to the history',
        params: IdParam('assignmentId'),
        body: z.object({ done: z.boolean() }),
        response: { 200: ToolAssignmentSchema, ...errors },
      },
    },
    async (request) => setAssignmentDone(ctx, await citizenActor(ctx, request), request.params.assignmentId, request.body.done),
  );
}
