/** Campaign (dialog to many), paper list, unread flags and per-message delivery routes (docs/campaigns.md). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
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
  syntheticNationalId,
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
import { auditStaff } from '../audit/access-log.writer.ts';
import { citizenReply } from '../dialog/citizen-dialog.service.ts';
import {
  campaignDto,
  campaignMember,
  campaignOf,
  campaignRecipients,
  cancelCampaign,
  checkNationalIds,
  createCampaign,
  createTemplate,
  pauseCampaign,
  REMINDER_QUEUE,
  resultCsv,
  startCampaign,
  threadQuestion,
} from './campaigns.service.ts';
import { paperList, paperPdf, saveUnreadRules, threadDelivery, unreadCount, unreadItems, unreadRules } from './paper.ts';
import './campaigns.tables.ts';
import { now as clockNow, nowMs } from '../../platform/clock.ts';

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
      const a = await staffActor(ctx, request);
      campaignMember(a, request.params.unitId);
      const rows = await ctx.db.selectFrom('campaign_templates').selectAll().where('unit_id', '=', request.params.unitId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
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
      const a = await staffActor(ctx, request);
      const m = campaignMember(a, request.params.unitId, true);
      const lines = await checkNationalIds(ctx.db, request.params.unitId, request.body.nationalIds);
      // Names of the unit's own patients were shown: written to their access logs.
      const seen = lines.filter((l) => l.citizenId).map((l) => l.citizenId!);
      if (seen.length) await ctx.db.transaction().execute((tx) => auditStaff(tx, a, m, seen, 'campaign.recipient_check', 'unit', request.params.unitId));
      return { lines: lines.map(({ line, input, status, name }) => ({ line, input, status, name })) };
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
      campaignMember(a, request.params.unitId);
      let q = ctx.db.selectFrom('campaigns').selectAll().where('unit_id', '=', request.params.unitId);
      if (request.query.before) q = q.where('created_at', '<', new Date(request.query.before));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(request.query.limit + 1).execute();
      const page = rows.slice(0, request.query.limit);
      const items = [];
      for (const c of page) items.push(await campaignDto(ctx.db, c));
      return { items, nextBefore: rows.length > page.length ? page.at(-1)!.created_at.toISOString() : null };
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
      const a = await staffActor(ctx, request);
      const { c, m } = await campaignOf(ctx.db, a, request.params.campaignId);
      const rows = await ctx.db.transaction().execute(async (tx) => {
        const rs = await campaignRecipients(tx, c);
        const citizens = await tx.selectFrom('campaign_recipients').select('citizen_id').where('campaign_id', '=', c.id).execute();
        await auditStaff(tx, a, m, citizens.map((x) => x.citizen_id), 'campaign.results_export', 'campaign', c.id);
        return rs;
      });
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
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      const now = clockNow();
      const items = await ctx.db.transaction().execute(async (tx) => {
        const list = await paperList(tx, request.params.unitId, { campaignId: request.query.campaignId });
        if (list.length) await auditStaff(tx, a, m, list.map((i) => i.citizenId), 'paper.print', 'unit', request.params.unitId);
        const ids = list.filter((i) => i.source === 'campaign').map((i) => i.id);
        if (ids.length) await tx.updateTable('campaign_recipients').set({ paper_printed_at: now }).where('id', 'in', ids).where('paper_printed_at', 'is', null).execute();
        return list;
      });
      const pdf = await paperPdf(m.unitName, items, now);
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
      const a = await staffActor(ctx, request);
      const t = await ctx.db.selectFrom('threads').select(['id', 'unit_id']).where('id', '=', request.params.threadId).executeTakeFirst();
      if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
      return { items: await threadDelivery(ctx.db, t.id) };
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
        const { unitId, count } = request.body;
        await ctx.db.transaction().execute(async (tx) => {
          const existing = await tx
            .selectFrom('health_contacts')
            .select(['id', 'citizen_id'])
            .where('unit_id', '=', unitId)
            .where('ended_at', 'is', null)
            .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', clockNow())]))
            .execute();
          for (const c of existing) await tx.insertInto('waitlist_entries').values({ citizen_id: c.citizen_id, unit_id: unitId, contact_id: c.id }).execute();
          const taken = new Set((await tx.selectFrom('persons').select('national_id').execute()).map((p) => p.national_id));
          for (let i = 0, n = 0; n < count; i++) {
            const birth = `19${String(40 + (i % 50)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
            const nationalId = syntheticNationalId(birth, 100 + Math.floor(i / 600) * 7);
            if (taken.has(nationalId)) continue;
            taken.add(nationalId);
            const p = await tx
              .insertInto('persons')
              .values({ national_id: nationalId, given_name: `Vente${n + 1}`, family_name: 'Listesen', birth_date: birth, address_key: null, phone: n % 10 === 9 ? null : `+4798${String(n).padStart(6, '0')}`, email: null })
              .returning('id')
              .executeTakeFirstOrThrow();
            const c = await tx.insertInto('health_contacts').values({ citizen_id: p.id, unit_id: unitId, source: 'care_right', gp_staff_id: null, started_at: new Date(nowMs() - 86_400_000), ends_at: null, ended_at: null }).returning('id').executeTakeFirstOrThrow();
            await tx.insertInto('waitlist_entries').values({ citizen_id: p.id, unit_id: unitId, contact_id: c.id }).execute();
            n++;
          }
        });
        return { ok: true };
      },
    );
    // Tests only: `count` recipients answer through the citizen's own reply path (as themselves).
    r.post(
      '/api/test/campaigns/:campaignId/answers',
      { config: access('public', 'none', 'act'), schema: { hide: true, params: CampaignParam, body: z.object({ count: z.number().int().min(1).max(500), choice: z.string() }) } },
      async (request) => {
        const rows = await ctx.db
          .selectFrom('campaign_recipients')
          .select(['citizen_id', 'thread_id'])
          .where('campaign_id', '=', request.params.campaignId)
          .where('state', '=', 'sent')
          .where('answer', 'is', null)
          .orderBy('ordinal')
          .limit(request.body.count)
          .execute();
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
        const ms = Math.round(request.body.days * 86_400_000);
        const id = request.params.campaignId;
        const secs = ms / 1000;
        await ctx.db.transaction().execute(async (tx) => {
          await sql`UPDATE campaigns SET started_at = started_at - make_interval(secs => ${secs}) WHERE id = ${id} AND started_at IS NOT NULL`.execute(tx);
          await sql`UPDATE campaign_recipients SET sent_at = sent_at - make_interval(secs => ${secs}) WHERE campaign_id = ${id} AND sent_at IS NOT NULL`.execute(tx);
          await sql`UPDATE messages SET created_at = created_at - make_interval(secs => ${secs}) WHERE id IN (SELECT message_id FROM campaign_recipients WHERE campaign_id = ${id})`.execute(tx);
          await sql`UPDATE jobs SET run_at = run_at - make_interval(secs => ${secs}) WHERE state = 'ready' AND queue = ${REMINDER_QUEUE.name} AND payload->>'campaignId' = ${id}`.execute(tx);
        });
        return { ok: true };
      },
    );
  }
}
