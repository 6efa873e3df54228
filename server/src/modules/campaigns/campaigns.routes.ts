/** Campaign (dialog to many), paper list, unread flags and per-message delivery routes (docs/campaigns.md). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CampaignAnswerSchema,
  CampaignRecipientSchema,
  CampaignSchema,
  CampaignTemplateInputSchema,
  CampaignTemplateSchema,
  PaperItemSchema,
  UnreadItemSchema,
  MessageDeliverySchema,
  NewCampaignSchema,
  RecipientCheckSchema,
  RecipientLineSchema,
  UnreadRuleSchema,
  MessageSentSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { checkKey } from '../../platform/idempotency.ts';
import { access } from '../../access/route-access.ts';
import { citizenActor, requireMembership, requireUnitAdmin, staffActor } from '../../access/actors.ts';
import { actorFor, decideOn, enforce } from '../../access/policy.ts';
import { representationOf } from '../representation/representation.service.ts';
import { citizenReply } from '../dialog/citizen-dialog.service.ts';
import {
  advanceCampaignForTest,
  campaignDto,
  campaignOf,
  campaignRecipients,
  cancelCampaign,
  checkRecipients,
  createCampaign,
  createTemplate,
  exportRecipients,
  listCampaigns,
  listTemplates,
  pauseCampaign,
  printPaperList,
  resultCsv,
  seedWaitlistForTest,
  staffThreadDelivery,
  startCampaign,
  threadQuestion,
  unansweredRecipientsForTest,
} from './campaigns.service.ts';
import { paperList, paperPdf, saveUnreadRules, unreadCount, unreadItems, unreadRules } from './paper.ts';
import './campaigns.tables.ts';

const errors = problemResponses;
const UnitParam = IdParam('unitId');
const CampaignParam = IdParam('campaignId');
const template = (t: { id: string; name: string; topic: string; body: string; question: string | null; choices: string[] }) => ({
  id: t.id,
  name: t.name,
  topic: t.topic,
  body: t.body,
  question: t.question,
  choices: t.choices,
});

/** Registers the campaign routes. */
export async function campaignRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];

  r.get(
    '/api/staff/units/:unitId/campaign-templates',
    { config: access('staff', 'unit', 'see'), schema: { tags, summary: 'The unit’s message templates for campaigns', params: UnitParam, response: { 200: z.object({ items: z.array(CampaignTemplateSchema) }), ...errors } } },
    async (request) => {
      const rows = await listTemplates(ctx.db, await staffActor(ctx, request), request.params.unitId);
      return { items: rows.map(template) };
    },
  );

  r.post(
    '/api/staff/units/:unitId/campaign-templates',
    {
      config: access('staff', 'unit', 'act'),
      schema: { tags, summary: 'Add a message template (text required; a question needs 2–6 choices)', params: UnitParam, body: CampaignTemplateInputSchema, response: { 201: CampaignTemplateSchema, ...errors } },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const t = await createTemplate(ctx.db, a, request.params.unitId, request.body);
      return reply.code(201).send(template(t));
    },
  );

  r.post(
    '/api/staff/units/:unitId/campaigns/recipient-check',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Check a pasted list of national ids line by line: malformed, unknown, no active contact with the unit, not digital',
        params: UnitParam,
        body: RecipientCheckSchema,
        response: { 200: z.object({ lines: z.array(RecipientLineSchema) }), ...errors },
      },
    },
    async (request) => {
      return { lines: await checkRecipients(ctx.db, await staffActor(ctx, request), request.params.unitId, request.body.nationalIds) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/campaigns',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The unit’s campaigns, newest first, with their counts (keyset paged)',
        params: UnitParam,
        querystring: z.object({ before: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.object({ items: z.array(CampaignSchema), nextBefore: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const before = request.query.before ? new Date(request.query.before) : undefined;
      return listCampaigns(ctx.db, a, request.params.unitId, before, request.query.limit);
    },
  );

  r.post(
    '/api/staff/units/:unitId/campaigns',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Create a campaign (a draft with its recipients; nothing is sent until it is started)',
        params: UnitParam,
        body: NewCampaignSchema,
        response: { 201: CampaignSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const id = await createCampaign(ctx.db, a, request.params.unitId, request.body);
      const { c } = await campaignOf(ctx.db, a, id);
      return reply.code(201).send(await campaignDto(ctx.db, c));
    },
  );

  r.get(
    '/api/staff/campaigns/:campaignId',
    { config: access('staff', 'unit', 'see'), schema: { tags, summary: 'A campaign with its progress (counts only)', params: CampaignParam, response: { 200: CampaignSchema, ...errors } } },
    async (request) => {
      const { c } = await campaignOf(ctx.db, await staffActor(ctx, request), request.params.campaignId);
      return campaignDto(ctx.db, c);
    },
  );

  for (const [action, summary] of [
    ['start', 'Start sending (a second start changes nothing: idempotent)'],
    ['pause', 'Pause sending before the next recipient'],
    ['resume', 'Resume a paused campaign'],
    ['cancel', 'Cancel: recipients not yet sent to are not sent to'],
  ] as const) {
    r.post(
      `/api/staff/campaigns/:campaignId/${action}`,
      { config: access('staff', 'unit', 'act'), schema: { tags, summary, params: CampaignParam, response: { 200: CampaignSchema, ...errors } } },
      async (request) => {
        const a = await staffActor(ctx, request);
        const id = request.params.campaignId;
        if (action === 'start' || action === 'resume') await startCampaign(ctx.db, a, id, action === 'resume');
        else if (action === 'pause') await pauseCampaign(ctx.db, a, id);
        else await cancelCampaign(ctx.db, a, id);
        const { c } = await campaignOf(ctx.db, a, id);
        return campaignDto(ctx.db, c);
      },
    );
  }

  r.get(
    '/api/staff/campaigns/:campaignId/recipients',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'The result table: each recipient’s delivery, read and answer (staff only)', params: CampaignParam, response: { 200: z.object({ items: z.array(CampaignRecipientSchema) }), ...errors } },
    },
    async (request) => {
      const { c } = await campaignOf(ctx.db, await staffActor(ctx, request), request.params.campaignId);
      return { items: await campaignRecipients(ctx.db, c) };
    },
  );

  r.get(
    '/api/staff/campaigns/:campaignId/results.csv',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'The result table as CSV (written to each recipient’s access log)', params: CampaignParam, response: { 200: z.string(), ...errors } },
    },
    async (request, reply) => {
      const { c, rows } = await exportRecipients(ctx.db, await staffActor(ctx, request), request.params.campaignId);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="utsendelse-${c.id.slice(0, 8)}.csv"`)
        .header('Cache-Control', 'private, no-store')
        .send(resultCsv(rows));
    },
  );

  r.get(
    '/api/staff/units/:unitId/paper',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The paper list: campaign recipients not digital or unread after N days, and unread items the unit sends on paper',
        params: UnitParam,
        querystring: z.object({ campaignId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(PaperItemSchema) }), ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      const items = await paperList(ctx.db, request.params.unitId, { campaignId: request.query.campaignId });
      return { items: items.map(({ body: _b, question: _q, choices: _c, ...rest }) => rest) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/paper.pdf',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The paper list as a printable PDF batch, one letter a page (marks them printed; written to each patient’s access log)',
        params: UnitParam,
        querystring: z.object({ campaignId: z.uuid().optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const { unitName, items, now } = await printPaperList(ctx.db, await staffActor(ctx, request), request.params.unitId, request.query.campaignId);
      const pdf = await paperPdf(unitName, items, now);
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="papirbrev-${now.toISOString().slice(0, 10)}.pdf"`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );

  r.get(
    '/api/staff/units/:unitId/not-read',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Items the unit sent that are unread after the unit’s days per kind, oldest first (keyset paged)',
        params: UnitParam,
        querystring: z.object({
          kind: z.enum(['message', 'letter']).optional(),
          afterAt: z.iso.datetime({ offset: true }).optional(),
          afterId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: { 200: z.object({ items: z.array(UnreadItemSchema), rules: z.array(UnreadRuleSchema) }), ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      const q = request.query;
      const before = q.afterAt && q.afterId ? { at: new Date(q.afterAt), id: q.afterId } : undefined;
      return { items: await unreadItems(ctx.db, request.params.unitId, { limit: q.limit, kind: q.kind, before }), rules: await unreadRules(ctx.db, request.params.unitId) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/not-read/count',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'How many items are unread past the unit’s days (the badge; counted up to 100)', params: UnitParam, response: { 200: z.object({ count: z.number().int() }), ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      return { count: await unreadCount(ctx.db, request.params.unitId) };
    },
  );

  r.put(
    '/api/staff/units/:unitId/unread-rules',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Set after how many days an unread message or letter is flagged, and whether it goes to the paper list (unit administrators)',
        params: UnitParam,
        body: z.object({ rules: z.array(UnreadRuleSchema).min(1).max(2) }),
        response: { 200: z.object({ rules: z.array(UnreadRuleSchema) }), ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireUnitAdmin(a, request.params.unitId);
      await saveUnreadRules(ctx.db, request.params.unitId, request.body.rules);
      return { rules: await unreadRules(ctx.db, request.params.unitId) };
    },
  );

  r.get(
    '/api/staff/threads/:threadId/delivery',
    {
      config: access('staff', 'thread', 'see'),
      schema: {
        tags,
        summary: 'Per message of the unit: stored, notified (channel, time; only once a gateway accepted it), read',
        params: IdParam('threadId'),
        response: { 200: z.object({ items: z.array(MessageDeliverySchema) }), ...errors },
      },
    },
    async (request) => {
      return { items: await staffThreadDelivery(ctx.db, await staffActor(ctx, request), request.params.threadId) };
    },
  );

  r.get(
    '/api/citizen/threads/:threadId/question',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'The question of a message sent to many, with its answer choices (null when the conversation has none)',
        params: IdParam('threadId'),
        response: { 200: z.object({ question: z.string(), choices: z.array(z.string()), answer: z.string().nullable() }).nullable(), ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'dialog');
      enforce(await decideOn(ctx.db, a, 'thread', 'see', request.params.threadId), 'The conversation', 'dialog');
      // Most conversations ask nothing: that is an answer (null), not an error the page must catch.
      return (await threadQuestion(ctx.db, request.params.threadId)) ?? null;
    },
  );

  r.post(
    '/api/citizen/threads/:threadId/answer',
    {
      config: access('citizen', 'message', 'act'),
      schema: {
        tags,
        summary: 'Answer the question with one of its choices (sent as a reply in the conversation)',
        params: IdParam('threadId'),
        body: CampaignAnswerSchema,
        response: { 200: MessageSentSchema, 201: MessageSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'dialog');
      enforce(await decideOn(ctx.db, a, 'thread', 'see', request.params.threadId), 'The conversation', 'dialog');
      const q = await threadQuestion(ctx.db, request.params.threadId);
      if (!q) throw notFound('The question');
      const choice = q.choices.find((c) => c.toLowerCase() === request.body.choice.toLowerCase());
      if (!choice) throw new AppError('VALIDATION_FAILED', `Choose one of the answers: ${q.choices.join(', ')}.`);
      const res = await citizenReply(ctx, a, request.params.threadId, choice, [], checkKey(request.headers['idempotency-key']));
      return reply.code(res.replayed ? 200 : res.status).send(res.body);
    },
  );

  if (ctx.config.nodeEnv === 'test') {
    // Tests only (browser journey): put `count` synthetic patients (every tenth without phone or
    // e-mail) and the unit's existing active patients on the unit's waiting list.
    r.post(
      '/api/test/campaigns/waitlist',
      { config: access('public', 'none', 'act'), schema: { hide: true, body: z.object({ unitId: z.uuid(), count: z.number().int().min(0).max(2000) }) } },
      async (request) => {
        await seedWaitlistForTest(ctx.db, request.body.unitId, request.body.count);
        return { ok: true };
      },
    );
    // Tests only: `count` recipients answer through the citizen's own reply path (as themselves).
    r.post(
      '/api/test/campaigns/:campaignId/answers',
      { config: access('public', 'none', 'act'), schema: { hide: true, params: CampaignParam, body: z.object({ count: z.number().int().min(1).max(500), choice: z.string() }) } },
      async (request) => {
        const rows = await unansweredRecipientsForTest(ctx.db, request.params.campaignId, request.body.count);
        for (const row of rows) {
          const rep = await representationOf(ctx.db, row.citizen_id, row.citizen_id);
          if (!rep || !row.thread_id) continue;
          await citizenReply(ctx, { ...actorFor(row.citizen_id, rep), userName: rep.subjectName }, row.thread_id, request.body.choice, [], undefined);
        }
        return { answered: rows.length };
      },
    );
    // Tests only: move a campaign N days into the past (sent times, its messages, its reminder jobs).
    r.post(
      '/api/test/campaigns/:campaignId/advance',
      { config: access('public', 'none', 'act'), schema: { hide: true, params: CampaignParam, body: z.object({ days: z.number().min(0).max(365) }) } },
      async (request) => {
        await advanceCampaignForTest(ctx.db, request.params.campaignId, request.body.days);
        return { ok: true };
      },
    );
  }
}
