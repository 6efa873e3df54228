/** Staff dialog routes: team inbox, threads, replies, notes, assignment, renewals, attachments. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignSchema,
  CloseSchema,
  DialogKindSchema,
  NewStaffThreadSchema,
  NoteSchema,
  ReclassifySchema,
  RenewalDecisionSchema,
  StaffReplySchema,
  ThreadDetailSchema,
  ThreadPageSchema,
  ThreadStatusSchema,
  UnreadSchema,
  BulkResultSchema,
  BulkThreadsSchema,
  UnitMembersSchema,
  UnitPatientsSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { requireMembership, staffActor } from '../../access/actors.ts';
import { readMessageRequest } from '../attachments/upload.ts';
import { threadSummary } from './dto.ts';
import { IdParam, parseBody, sendDownload } from '../../platform/route-helpers.ts';
import { checkKey } from '../../platform/idempotency.ts';
import {
  addNote,
  assign,
  bulkThreads,
  closeThread,
  decideRenewal,
  findUnitPatients,
  openStaffThread,
  reclassify,
  staffAttachment,
  staffReply,
  startStaffThread,
} from './staff-dialog.service.ts';
import { parsePatientQuery, PatientQuery } from '../contacts/patient-search.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { inboxCursor, listUnitThreads, unitMembers, unitUnread, type InboxFilter, type InboxRow } from './threads.repository.ts';
import { access } from '../../access/route-access.ts';
import { undocumentedThreads } from '../journal/journal.repository.ts';
import { conversationFilename, conversationPdf, PdfQuery } from './conversation-pdf.ts';
import { now } from '../../platform/clock.ts';

const errors = problemResponses;
export const InboxQuery = z.object({
  status: z.union([ThreadStatusSchema, z.literal('open')]).optional(),
  kind: DialogKindSchema.optional(),
  /** One of the unit's topics (threads started with it). */
  topic: z.uuid().optional(),
  assigned: z.union([z.literal('me'), z.literal('unassigned'), z.uuid()]).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  unread: z.enum(['true', 'false']).optional(),
  /** Search: words in the topic, message text or patient's name, or an 11-digit national identity number. */
  q: z.string().trim().max(100, 'The search is too long: at most 100 characters.').optional(),
  /** `deadline`: waiting for the unit, overdue first, then by promised answer date. */
  sort: z.enum(['activity', 'deadline']).default('activity'),
  /** Per-GP-list view: threads of patients on this GP's list. */
  gp: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The repository's filter from the inbox's query string. */
export function inboxFilter(q: z.infer<typeof InboxQuery>): InboxFilter {
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.assigned ? { assigned: q.assigned } : {}),
    overdue: q.overdue === 'true',
    unread: q.unread === 'true',
    sort: q.sort,
    ...(q.q ? { q: q.q } : {}),
    ...(q.topic ? { topicId: q.topic } : {}),
    ...(q.gp ? { gp: q.gp } : {}),
  };
}

/** One page of an inbox (a unit's or the combined one) from `limit + 1` rows: summaries, journal state, next cursor. */
export async function inboxPage(ctx: AppContext, rows: InboxRow[], limit: number, sort: InboxFilter['sort']) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const undocumented = await undocumentedThreads(
    ctx.db,
    page.map((t) => t.id),
  );
  return {
    items: page.map((t) => ({
      ...threadSummary(t, 'unit'),
      journal: undocumented.get(t.id) ?? null,
      citizen: { id: t.citizen_id, name: `${t.given_name} ${t.family_name}`, birthDate: t.birth_date },
      assignedTo: t.assigned_staff_id ? { id: t.assigned_staff_id, name: `${t.a_given} ${t.a_family}` } : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(inboxCursor(last, sort)) : null,
  };
}

/** Registers the staff dialog routes. */
export async function staffDialogRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff dialog'];
  const UnitParam = IdParam('unitId');
  const ThreadParam = IdParam('threadId');

  r.get(
    '/api/staff/units/:unitId/threads',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Team inbox of a unit: filters, search, newest first or by deadline, keyset paged',
        params: UnitParam,
        querystring: InboxQuery,
        response: { 200: ThreadPageSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      const q = request.query;
      const rows = await listUnitThreads(ctx.db, request.params.unitId, a.staffId, inboxFilter(q), decodeCursor(q.cursor), q.limit + 1);
      return inboxPage(ctx, rows, q.limit, q.sort);
    },
  );

  r.post(
    '/api/staff/units/:unitId/threads/bulk',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Assign, close or mark read many conversations of the unit; each reported ok or with its problem code',
        params: UnitParam,
        response: { 200: BulkResultSchema, ...errors },
      },
    },
    async (request) => {
      // Authentication first, then the body (BulkThreadsSchema).
      const a = await staffActor(ctx, request);
      return { results: await bulkThreads(ctx, a, request.params.unitId, parseBody(BulkThreadsSchema, request.body)) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/unread',
    {
      config: access('staff', 'thread', 'see'),
      schema: { tags, summary: 'How many threads of the unit have unread messages', params: UnitParam, response: { 200: UnreadSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      return unitUnread(ctx.db, request.params.unitId);
    },
  );

  r.get(
    '/api/staff/units/:unitId/members',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'Colleagues in the unit (for assignment)', params: UnitParam, response: { 200: UnitMembersSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      const rows = await unitMembers(ctx.db, request.params.unitId);
      return { items: rows.map((s) => ({ id: s.id, name: `${s.given_name} ${s.family_name}`, role: s.role, title: s.title })) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/patients',
    {
      config: access('staff', 'person', 'see'),
      schema: {
        tags,
        summary: 'Find a patient of the unit by name or national id (to start a conversation)',
        params: UnitParam,
        querystring: z.object({ q: PatientQuery }),
        response: { 200: UnitPatientsSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      return { items: await findUnitPatients(ctx.db, request.params.unitId, parsePatientQuery(request.query.q)) };
    },
  );

  r.post(
    '/api/staff/units/:unitId/threads',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Start a conversation with a patient of the unit',
        params: UnitParam,
        response: { 200: ThreadDetailSchema, 201: ThreadDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const key = checkKey(request.headers['idempotency-key']);
      const { body, files } = await readMessageRequest(request, ctx.malwareScanner);
      const input = parseBody(NewStaffThreadSchema, body);
      const res = await startStaffThread(ctx, a, request.params.unitId, input, files, key);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.get(
    '/api/staff/threads/:threadId',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Open a conversation (writes an access-log entry, marks the citizen’s messages read)',
        params: ThreadParam,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => {
      return openStaffThread(ctx, await staffActor(ctx, request), request.params.threadId);
    },
  );

  r.get(
    '/api/staff/threads/:threadId/pdf',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'One conversation as a PDF to print (as opening it: an access-log entry; internal notes left out)',
        params: ThreadParam,
        querystring: PdfQuery,
      },
    },
    async (request, reply) => {
      const detail = await openStaffThread(ctx, await staffActor(ctx, request), request.params.threadId);
      const data = await conversationPdf(detail, request.query.lang ?? 'nb', now());
      return sendDownload(reply, { filename: conversationFilename(detail), content_type: 'application/pdf', data });
    },
  );

  r.post(
    '/api/staff/threads/:threadId/messages',
    {
      config: access('staff', 'message', 'act'),
      schema: { tags, summary: 'Reply, or answer and close', params: ThreadParam, response: { 200: ThreadDetailSchema, 201: ThreadDetailSchema, ...errors } },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const key = checkKey(request.headers['idempotency-key']);
      const { body, files } = await readMessageRequest(request, ctx.malwareScanner);
      const input = parseBody(StaffReplySchema, body);
      const res = await staffReply(ctx, a, request.params.threadId, input, files, key);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.post(
    '/api/staff/threads/:threadId/notes',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Add an internal note (never shown to the citizen)',
        params: ThreadParam,
        body: NoteSchema,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => addNote(ctx, await staffActor(ctx, request), request.params.threadId, request.body.text),
  );

  r.post(
    '/api/staff/threads/:threadId/assign',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Assign to self or a colleague (null: unassign)',
        params: ThreadParam,
        body: AssignSchema,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => assign(ctx, await staffActor(ctx, request), request.params.threadId, request.body.staffId),
  );

  r.post(
    '/api/staff/threads/:threadId/reclassify',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Change the kind (e-kontakt → e-konsultasjon asks the citizen to accept the fee)',
        params: ThreadParam,
        body: ReclassifySchema,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => reclassify(ctx, await staffActor(ctx, request), request.params.threadId, request.body.kind),
  );

  r.post(
    '/api/staff/threads/:threadId/close',
    {
      config: access('staff', 'thread', 'act'),
      schema: { tags, summary: 'Close a conversation', params: ThreadParam, body: CloseSchema, response: { 200: ThreadDetailSchema, ...errors } },
    },
    async (request) => closeThread(ctx, await staffActor(ctx, request), request.params.threadId, request.body.forbidReplies),
  );

  r.post(
    '/api/staff/threads/:threadId/renewal',
    {
      config: access('staff', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Decide renewal items: renewed, or declined with a reason',
        params: ThreadParam,
        body: RenewalDecisionSchema,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => decideRenewal(ctx, await staffActor(ctx, request), request.params.threadId, request.body),
  );

  r.get(
    '/api/staff/attachments/:attachmentId',
    {
      config: access('staff', 'attachment', 'see'),
      schema: { tags, summary: 'Download an attachment (writes an access-log entry)', params: IdParam('attachmentId') },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const file = await staffAttachment(ctx.db, a, request.params.attachmentId);
      return sendDownload(reply, file);
    },
  );
}
