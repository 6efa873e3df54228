/**
 * Record routes (issue 21): the citizen's documents, referrals and results; the unit's items
 * awaiting release, the release itself and the release policy. The EPJ writes through FHIR
 * (fhir/resources/records.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalysisHistorySchema,
  AwaitingReleaseSchema,
  MessageTextSchema,
  RecordDetailSchema,
  RecordKindSchema,
  RecordListSchema,
  ReleaseInputSchema,
  ReleasePolicySchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import {
  analysisHistory,
  askAboutRecord,
  awaitingRelease,
  citizenRecordPdf,
  citizenRecords,
  openCitizenRecord,
  releaseRecord,
  setUnitReleasePolicy,
  unitReleasePolicy,
} from './records.service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const ListQuery = z.object({
  kind: RecordKindSchema,
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(200).optional() });
const PdfQuery = z.object({ disposition: z.enum(['inline', 'attachment']).default('attachment') });

/** Sends a PDF: inline in a same-origin frame of the viewer page, or as a download. */
function sendPdf(
  reply: import('fastify').FastifyReply,
  file: { filename: string; content_type: string; data: Buffer },
  disposition: 'inline' | 'attachment',
) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('X-Content-Type-Options', 'nosniff')
    // Shown only inside our own pages (the viewer's <iframe>), never framed elsewhere; the PDF
    // may load nothing. (No CSP sandbox: Chromium's PDF viewer refuses to run in one.)
    .header('X-Frame-Options', 'SAMEORIGIN')
    .header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'")
    .header('Cache-Control', 'private, no-store')
    .send(file.data);
}

/** Registers the record routes. */
export async function recordRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['citizen records'];
  const staffTags = ['staff records'];

  r.get(
    '/api/citizen/records',
    {
      config: access('citizen', 'record', 'see'),
      schema: {
        tags,
        summary: 'My documents, results or referrals (kind), newest first, released only; keyset paged',
        querystring: ListQuery,
        response: { 200: RecordListSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request);
      return citizenRecords(ctx, a, request.query.kind, request.query.limit, request.query.cursor);
    },
  );

  r.get(
    '/api/citizen/records/analyses/:code',
    {
      config: access('citizen', 'record', 'open'),
      schema: {
        tags,
        summary: 'Every released value of one analysis (by its code), oldest first',
        params: z.object({ code: z.string().min(1).max(100) }),
        response: { 200: AnalysisHistorySchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request);
      return analysisHistory(ctx, a, request.params.code);
    },
  );

  r.get(
    '/api/citizen/records/:recordId',
    {
      config: access('citizen', 'record', 'open'),
      schema: {
        tags,
        summary: 'One document, result or referral (marks it read; a representative’s view is access-logged)',
        params: IdParam('recordId'),
        response: { 200: RecordDetailSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request);
      return openCitizenRecord(ctx, a, request.params.recordId);
    },
  );

  r.get(
    '/api/citizen/records/:recordId/pdf',
    {
      config: access('citizen', 'record', 'open'),
      schema: {
        tags,
        summary: 'The PDF of a document or report: inline (for the viewer) or as a download',
        params: IdParam('recordId'),
        querystring: PdfQuery,
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request);
      return sendPdf(reply, await citizenRecordPdf(ctx, a, request.params.recordId), request.query.disposition);
    },
  );

  r.post(
    '/api/citizen/records/:recordId/ask',
    {
      config: access('citizen', 'record', 'act'),
      schema: {
        tags,
        summary: 'Ask the unit about this item: starts a thread that names and links it',
        params: IdParam('recordId'),
        body: z.object({ text: MessageTextSchema }),
        response: { 201: z.object({ threadId: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      // The dialog rules (area, contacts, youth) are the thread's own, applied when it starts.
      const a = await citizenActor(ctx, request);
      return reply.code(201).send(await askAboutRecord(ctx, a, request.params.recordId, request.body.text));
    },
  );

  r.get(
    '/api/staff/units/:unitId/records/awaiting-release',
    {
      config: access('staff', 'record', 'see'),
      schema: {
        tags: staffTags,
        summary: 'Items of the unit waiting for a clinician’s release, oldest first (access-logged)',
        params: IdParam('unitId'),
        querystring: PageQuery,
        response: { 200: AwaitingReleaseSchema, ...errors },
      },
    },
    async (request) => {
      const s = await staffActor(ctx, request);
      return awaitingRelease(ctx, s, request.params.unitId, request.query.limit, request.query.cursor);
    },
  );

  r.post(
    '/api/staff/records/:recordId/release',
    {
      config: access('staff', 'record', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Release an item to the patient, with an optional short explanation (notifies neutrally)',
        params: IdParam('recordId'),
        body: ReleaseInputSchema,
        response: { 200: z.object({ id: z.string(), releasedAt: z.string() }), ...errors },
      },
    },
    async (request) => {
      const s = await staffActor(ctx, request);
      return releaseRecord(ctx, s, request.params.recordId, request.body.note);
    },
  );

  r.get(
    '/api/staff/units/:unitId/records/policy',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags: staffTags, summary: 'The unit’s release policy per kind of result', params: IdParam('unitId'), response: { 200: ReleasePolicySchema, ...errors } },
    },
    async (request) => {
      const s = await staffActor(ctx, request);
      return unitReleasePolicy(ctx, s, request.params.unitId);
    },
  );

  r.put(
    '/api/staff/units/:unitId/records/policy',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Set the release policy (unit administrators); applies to items registered from now on',
        params: IdParam('unitId'),
        body: ReleasePolicySchema,
        response: { 200: ReleasePolicySchema, ...errors },
      },
    },
    async (request) => {
      const s = await staffActor(ctx, request);
      return setUnitReleasePolicy(ctx, s, request.params.unitId, request.body);
    },
  );
}
