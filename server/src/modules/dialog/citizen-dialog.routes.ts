/** Citizen dialog routes: services per contact, threads, messages, attachments. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConversionAnswerSchema,
  MessageSentSchema,
  NewCitizenThreadSchema,
  OfferedServicesSchema,
  PrescriptionListSchema,
  ReplySchema,
  ThreadDetailSchema,
  ThreadPageSchema,
  UnreadSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { citizenActor } from '../../access/actors.ts';
import { readMessageRequest } from '../attachments/upload.ts';
import { contactOfCitizen, servicesOnOffer } from './catalogue.service.ts';
import {
  activePrescriptions,
  answerConversion,
  archiveThread,
  citizenAttachment,
  citizenReply,
  isArchived,
  openCitizenThread,
  staffName,
  startCitizenThread,
} from './citizen-dialog.service.ts';
import { threadSummary } from './dto.ts';
import { IdParam, parseBody, sendDownload } from '../../platform/route-helpers.ts';
import { checkKey } from '../../platform/idempotency.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { citizenUnread, listCitizenThreads, listVisibleThreads, searchCitizenThreads } from './threads.repository.ts';
import { access } from '../../access/route-access.ts';
import { decideFee } from '../fees/fees.service.ts';
import { activeFlexibleDialog } from '../representation/representation.service.ts';
import { conversationFilename, conversationPdf, PdfQuery } from './conversation-pdf.ts';
import { now } from '../../platform/clock.ts';

const errors = problemResponses;
const PageQuery = z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
const CitizenListQuery = PageQuery.extend({
  view: z.enum(['inbox', 'archived']).default('inbox'),
  q: z.string().trim().max(100, 'The search is too long: at most 100 characters.').optional(),
});
const sendDoc =
  'JSON body, or multipart/form-data with a `payload` field holding the JSON and up to 5 files (PDF, JPEG, PNG; 10 MB each). An `Idempotency-Key` header makes retries safe.';

/** Registers the citizen dialog routes. */
export async function citizenDialogRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['citizen dialog'];

  r.get(
    '/api/citizen/contacts/:contactId/services',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'The services on offer through one health contact',
        params: IdParam('contactId'),
        response: { 200: OfferedServicesSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const c = await contactOfCitizen(ctx.db, a.subjectId, request.params.contactId);
      const mayWrite = c.status === 'active' && (!a.dialogContacts || a.dialogContacts.has(c.id));
      const items = mayWrite ? await servicesOnOffer(ctx.db, c.unit_id, c.gp_staff_id) : [];
      // A flexible dialog granted to the signed-in person is a way to write for its period,
      // whether or not the unit offers standard dialog to everyone (citizen-dialog.service.ts).
      const flex = mayWrite ? await activeFlexibleDialog(ctx.db, a.userId, c.id) : undefined;
      const addressee = flex?.addressed_staff_id ? await staffName(ctx.db, flex.addressed_staff_id) : undefined;
      const flexible = flex
        ? {
            until: new Date(flex.valid_until).toISOString(),
            addressedTo: addressee ? `${addressee.given_name} ${addressee.family_name}` : null,
            addressedRole: flex.addressed_role,
          }
        : null;
      // What an e-konsultasjon would cost the person acted for, today (shown before sending).
      const fee = items.some((s) => s.service === 'ekonsultasjon')
        ? await decideFee(ctx.db, ctx.config.feeSchedule, { citizenId: a.subjectId, kind: 'ekonsultasjon', at: now() })
        : ({ kind: 'none' } as const);
      const offered = items.map((s) => ({
        service: s.service,
        canStart: s.initiator !== 'unit',
        answerDays: s.answerDays,
        introText: s.introText,
        introTexts: s.introTexts,
        topics: s.topics,
        topicItems: s.topicItems.map((t) => ({ id: t.id, texts: t.texts })),
        fee: s.service === 'ekonsultasjon' ? fee : ({ kind: 'none' } as const),
        flexible: s.service === 'standarddialog' ? flexible : null,
      }));
      if (flexible && !offered.some((s) => s.service === 'standarddialog'))
        offered.unshift({
          service: 'standarddialog',
          canStart: true,
          answerDays: null,
          introText: null,
          introTexts: {},
          topics: [],
          topicItems: [],
          fee: { kind: 'none' },
          flexible,
        });
      return {
        contactId: c.id,
        unit: { id: c.unit_id, name: c.unit_name },
        active: c.status === 'active',
        items: offered,
      };
    },
  );

  r.get(
    '/api/citizen/contacts/:contactId/prescriptions',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Current prescriptions that can be asked renewed',
        params: IdParam('contactId'),
        response: { 200: PrescriptionListSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const c = await contactOfCitizen(ctx.db, a.subjectId, request.params.contactId);
      const rows = await activePrescriptions(ctx.db, a.subjectId, c.unit_id);
      return {
        items: rows.map((p) => ({ id: p.id, medication: p.medication, strength: p.strength, dosage: p.dosage, prescribedAt: p.prescribed_at.toISOString() })),
      };
    },
  );

  r.get(
    '/api/citizen/threads',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'My conversations, newest first (keyset paged); the archive; or a search',
        description:
          'Without `view` and `q`: the conversations the signed-in person has not archived (an archived one is back once a newer message arrives). `view=archived`: the archived ones. `q`: words (Norwegian full-text), each in the topic, the patient’s name or a message, archived ones included. Always only what the chosen representation may see.',
        querystring: CitizenListQuery,
        response: { 200: ThreadPageSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const { limit, q, view } = request.query;
      // A representative's list is filtered in SQL by the access policy (nothing fetched and dropped).
      const cursor = decodeCursor(request.query.cursor);
      const rows =
        q || view === 'archived'
          ? await searchCitizenThreads(ctx.db, a, q ? { view: 'search', q } : { view: 'archived' }, cursor, limit + 1)
          : a.parentView || a.dialogContacts
            ? await listVisibleThreads(ctx.db, a, cursor, limit + 1, { hideArchived: true })
            : await listCitizenThreads(ctx.db, a.subjectId, a.userId, cursor, limit + 1);
      const read = rows.slice(0, limit);
      const last = read.at(-1);
      return {
        items: read.map((t) => ({ ...threadSummary(t, 'citizen'), ...('archived' in t ? { archived: Boolean(t.archived) } : {}) })),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.last_message_at, id: last.id }) : null,
      };
    },
  );

  r.get(
    '/api/citizen/unread',
    {
      config: access('citizen', 'thread', 'see'),
      schema: { tags, summary: 'How many of my conversations have unread messages', response: { 200: UnreadSchema, ...errors } },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      if (a.parentView || a.dialogContacts) {
        // Counted over what this parent may see, so the count reveals nothing hidden.
        const rows = await listVisibleThreads(ctx.db, a, undefined, 500);
        return { unread: rows.filter((t) => t.citizen_unread > 0).length, capped: false };
      }
      return { unread: await citizenUnread(ctx.db, a.subjectId), capped: false };
    },
  );

  r.post(
    '/api/citizen/contacts/:contactId/threads',
    {
      config: access('citizen', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Start a conversation (e-kontakt, e-konsultasjon, forny resept, journalkopi, standard dialog)',
        description: sendDoc,
        params: IdParam('contactId'),
        response: { 200: ThreadDetailSchema, 201: ThreadDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const key = checkKey(request.headers['idempotency-key']);
      const { body, files } = await readMessageRequest(request, ctx.malwareScanner);
      const input = parseBody(NewCitizenThreadSchema, body);
      const res = await startCitizenThread(ctx, a, request.params.contactId, input, files, key);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.get(
    '/api/citizen/threads/:threadId',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'One conversation; marks the unit’s messages read',
        params: IdParam('threadId'),
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const detail = await openCitizenThread(ctx, a, request.params.threadId);
      return { ...detail, archived: await isArchived(ctx.db, a.userId, detail.id) };
    },
  );

  r.get(
    '/api/citizen/threads/:threadId/pdf',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'One conversation as a PDF to print or keep (as opening it: marks the unit’s messages read)',
        params: IdParam('threadId'),
        querystring: PdfQuery,
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const detail = await openCitizenThread(ctx, a, request.params.threadId);
      const data = await conversationPdf(detail, request.query.lang ?? 'nb', now());
      return sendDownload(reply, { filename: conversationFilename(detail), content_type: 'application/pdf', data });
    },
  );

  for (const archived of [true, false])
    r.route({
      method: archived ? 'PUT' : 'DELETE',
      url: '/api/citizen/threads/:threadId/archive',
      config: access('citizen', 'thread', 'act'),
      schema: {
        tags,
        summary: archived
          ? 'Archive a conversation: hidden from my list (never deleted) until a newer message arrives'
          : 'Move an archived conversation back to my list',
        params: IdParam('threadId'),
        response: { 204: z.null(), ...errors },
      },
      handler: async (request, reply) => {
        const a = await citizenActor(ctx, request, 'dialog');
        await archiveThread(ctx, a, (request.params as { threadId: string }).threadId, archived);
        return reply.code(204).send(null);
      },
    });

  r.post(
    '/api/citizen/threads/:threadId/messages',
    {
      config: access('citizen', 'message', 'act'),
      schema: {
        tags,
        summary: 'Reply in a conversation',
        description: `${sendDoc} Answers with the new message and the conversation as it now stands, without its earlier messages.`,
        params: IdParam('threadId'),
        response: { 200: MessageSentSchema, 201: MessageSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const key = checkKey(request.headers['idempotency-key']);
      const { body, files } = await readMessageRequest(request, ctx.malwareScanner);
      const input = parseBody(ReplySchema, body);
      const res = await citizenReply(ctx, a, request.params.threadId, input.text, files, key);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.post(
    '/api/citizen/threads/:threadId/conversion',
    {
      config: access('citizen', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Accept or decline turning an e-kontakt into an e-konsultasjon (fee applies)',
        params: IdParam('threadId'),
        body: ConversionAnswerSchema,
        response: { 200: ThreadDetailSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      return answerConversion(ctx, a, request.params.threadId, request.body.accept);
    },
  );

  r.get(
    '/api/citizen/attachments/:attachmentId',
    {
      config: access('citizen', 'attachment', 'see'),
      schema: { tags, summary: 'Download an attachment of one of my conversations', params: IdParam('attachmentId') },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'dialog');
      const f = await citizenAttachment(ctx.db, a, request.params.attachmentId);
      return sendDownload(reply, f);
    },
  );
}
