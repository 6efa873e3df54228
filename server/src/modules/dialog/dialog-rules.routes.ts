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
import { createTopic, unitTopics, updateTopic } from './topics.service.ts';
import { addAbsence, endAbsence, unitAbsences } from './absences.service.ts';
import { escalationSettings, setEscalationSettings } from './escalation.ts';
import { markNoticeRead, myNotices } from './notices.ts';

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
      return setEscalationSettings(ctx.db, a.staffId, request.params.unitId, request.body);
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
      return { items: await myNotices(ctx.db, a, request.query.unread === 'true') };
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
      await markNoticeRead(ctx.db, a.staffId, request.params.noticeId);
      return reply.code(204).send(null);
    },
  );
}
