/**
 * Staff routes of the dialog rules (docs/dialog-rules.md): a unit's topics (administrators
 * change them), out-of-office periods with their cover, the unit's escalation settings, and the
 * signed-in staff member's in-app notices.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AbsenceSchema,
  AbsencesSchema,
  EscalationSettingsSchema,
  NewAbsenceSchema,
  StaffNoticesSchema,
  TopicInputSchema,
  UnitTopicSchema,
  UnitTopicsSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { requireMembership, requireUnitAdmin, staffActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { createTopic, unitTopics, updateTopic } from './topics.service.ts';
import { addAbsence, endAbsence, unitAbsences } from './absences.service.ts';
import { escalationSettings } from './escalation.ts';
import { now as clockNow } from '../../platform/clock.ts';

const errors = problemResponses;
const UnitParam = IdParam('unitId');

/** Registers the dialog-rules routes. */
export async function dialogRulesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dialog rules'];

  r.get(
    '/api/staff/units/:unitId/topics',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'The unit’s topics per service, active and inactive', params: UnitParam, response: { 200: UnitTopicsSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      return { items: await unitTopics(ctx.db, request.params.unitId) };
    },
  );

  r.post(
    '/api/staff/units/:unitId/topics',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Add a topic: texts (bokmål required), guidance shown when chosen, routing to a role pool (unit administrators)',
        params: UnitParam,
        body: TopicInputSchema,
        response: { 201: UnitTopicSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      requireUnitAdmin(a, request.params.unitId);
      reply.code(201);
      return createTopic(ctx.db, request.params.unitId, request.body, a.staffId);
    },
  );

  r.put(
    '/api/staff/units/:unitId/topics/:topicId',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Change a topic, or make it inactive (unit administrators; threads keep their topic)',
        params: UnitParam.extend({ topicId: z.uuid() }),
        body: TopicInputSchema,
        response: { 200: UnitTopicSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireUnitAdmin(a, request.params.unitId);
      return updateTopic(ctx.db, request.params.unitId, request.params.topicId, request.body, a.staffId);
    },
  );

  r.get(
    '/api/staff/units/:unitId/absences',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'Current and coming absences in the unit, with their cover', params: UnitParam, response: { 200: AbsencesSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      return { items: await unitAbsences(ctx.db, request.params.unitId) };
    },
  );

  r.post(
    '/api/staff/units/:unitId/absences',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Register an absence and its cover (one’s own; a unit administrator also a colleague’s)',
        description: 'While it lasts, threads addressed or assigned to the absent person go to the cover, and the citizen gets an automatic reply.',
        params: UnitParam,
        body: NewAbsenceSchema,
        response: { 201: AbsenceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      reply.code(201);
      return addAbsence(ctx.db, a, m, request.params.unitId, request.body);
    },
  );

  r.post(
    '/api/staff/units/:unitId/absences/:absenceId/end',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'End an absence now (one that has not begun is withdrawn)',
        params: UnitParam.extend({ absenceId: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const m = requireMembership(a, request.params.unitId);
      await endAbsence(ctx.db, a, m, request.params.unitId, request.params.absenceId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/staff/units/:unitId/escalation',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'What the unit does when a thread passes its promised answer date', params: UnitParam, response: { 200: EscalationSettingsSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireMembership(a, request.params.unitId);
      const s = await escalationSettings(ctx.db, request.params.unitId);
      return { secondStep: s.second_step, leaderStaffId: s.leader_staff_id, rolePool: s.role_pool, secondAfterDays: s.second_after_days };
    },
  );

  r.put(
    '/api/staff/units/:unitId/escalation',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Set the unit’s escalation: step 2 to the leader or a role pool, after how many working days (unit administrators)',
        params: UnitParam,
        body: EscalationSettingsSchema,
        response: { 200: EscalationSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      requireUnitAdmin(a, request.params.unitId);
      const b = request.body;
      if (b.secondStep === 'leader') {
        const member = await ctx.db
          .selectFrom('staff_memberships')
          .select('staff_id')
          .where('unit_id', '=', request.params.unitId)
          .where('staff_id', '=', b.leaderStaffId!)
          .executeTakeFirst();
        if (!member) throw new AppError('VALIDATION_FAILED', 'The leader must work in this unit. Choose a colleague from the list.');
      }
      const row = {
        second_step: b.secondStep,
        leader_staff_id: b.secondStep === 'leader' ? b.leaderStaffId : null,
        role_pool: b.secondStep === 'role' ? b.rolePool : null,
        second_after_days: b.secondAfterDays,
        updated_at: clockNow(),
        updated_by: a.staffId,
      };
      await ctx.db
        .insertInto('unit_escalation_settings')
        .values({ unit_id: request.params.unitId, ...row })
        .onConflict((oc) => oc.column('unit_id').doUpdateSet(row))
        .execute();
      return { secondStep: row.second_step, leaderStaffId: row.leader_staff_id, rolePool: row.role_pool, secondAfterDays: row.second_after_days };
    },
  );

  r.get(
    '/api/staff/notices',
    {
      config: access('staff', 'none', 'see'),
      schema: {
        tags,
        summary: 'My in-app notices (escalations, threads routed to me as cover, threads a colleague assigned to me), newest first',
        querystring: z.object({ unread: z.enum(['true', 'false']).optional() }),
        response: { 200: StaffNoticesSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      let q = ctx.db
        .selectFrom('staff_notices as n')
        .leftJoin('threads as t', 't.id', 'n.thread_id')
        .leftJoin('staff as b', 'b.id', 'n.by_staff_id')
        .select(['n.id', 'n.kind', 'n.unit_id', 'n.thread_id', 'n.created_at', 'n.read_at', 't.topic', 'n.by_staff_id', 'b.given_name', 'b.family_name'])
        .where('n.staff_id', '=', a.staffId);
      if (request.query.unread === 'true') q = q.where('n.read_at', 'is', null);
      const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(50).execute();
      // Only notices of units the person still works in.
      return {
        items: rows
          .filter((n) => a.memberships.has(n.unit_id))
          .map((n) => ({
            id: n.id,
            kind: n.kind,
            unitId: n.unit_id,
            by: n.by_staff_id ? { id: n.by_staff_id, name: `${n.given_name ?? ''} ${n.family_name ?? ''}`.trim() } : null,
            threadId: n.thread_id,
            topic: n.topic,
            createdAt: n.created_at.toISOString(),
            readAt: n.read_at?.toISOString() ?? null,
          })),
      };
    },
  );

  r.post(
    '/api/staff/notices/:noticeId/read',
    {
      config: access('staff', 'none', 'act'),
      schema: { tags, summary: 'Mark one of my notices read', params: IdParam('noticeId'), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const res = await ctx.db
        .updateTable('staff_notices')
        .set({ read_at: clockNow() })
        .where('id', '=', request.params.noticeId)
        .where('staff_id', '=', a.staffId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound('The notice');
      return reply.code(204).send(null);
    },
  );
}
