/** Routes of issue 17: the staff calendar, free/busy, absence blocks, answers, waitlist, settings; the patient's answers and check-in. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerAppointmentSchema,
  AnswerSettingsSchema,
  AppointmentSchema,
  CalendarSchema,
  CalendarSlotSchema,
  FreeBusySchema,
  NewBlockSchema,
  OpenAnswersSchema,
  StaffWaitlistPageSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import { access } from '../../access/route-access.ts';
import { answerAppointment, checkIn } from './answers.service.ts';
import {
  addBlock,
  freeBusy,
  getAnswerSettings,
  markAnswerHandled,
  openAnswers,
  putAnswerSettings,
  removeBlock,
  unitCalendar,
  unitWaitlist,
} from './calendar.service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
/** A period and, optionally, the timebooks (comma-separated ids; none: all of the unit's). */
const CalendarQuery = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  timebooks: z
    .string()
    .optional()
    .transform((s, c) => {
      const ids = s ? s.split(',').filter(Boolean) : [];
      if (ids.some((id) => !z.uuid().safeParse(id).success)) {
        c.addIssue({ code: 'custom', message: 'timebooks must be comma-separated timebook ids.' });
        return z.NEVER;
      }
      return ids;
    }),
});
const Cursor = z.string().max(200).optional();

/** Registers the calendar, answer, check-in and waitlist routes. */
export async function calendarRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff appointments'];
  const UnitParam = IdParam('unitId');
  const AppointmentParam = IdParam('appointmentId');

  r.get(
    '/api/staff/units/:unitId/calendar',
    {
      config: access('staff', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'Day or week of the unit’s timebooks: slots, appointments, home visits, absence blocks (at most 9 days; access-logged)',
        params: UnitParam,
        querystring: CalendarQuery,
        response: { 200: CalendarSchema, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return unitCalendar(ctx, await staffActor(ctx, request), request.params.unitId, q.from, q.to, q.timebooks);
    },
  );

  r.get(
    '/api/staff/units/:unitId/free-busy',
    {
      config: access('staff', 'slot', 'see'),
      schema: {
        tags,
        summary: 'Free and busy times of the unit’s timebooks, for assigning or offering (no patient data)',
        params: UnitParam,
        querystring: CalendarQuery,
        response: { 200: FreeBusySchema, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return freeBusy(ctx, await staffActor(ctx, request), request.params.unitId, q.from, q.to, q.timebooks);
    },
  );

  r.post(
    '/api/staff/timebooks/:timebookId/blocks',
    {
      config: access('staff', 'slot', 'act'),
      schema: {
        tags,
        summary: 'Block a time for absence (open slots in it are withdrawn; 409 TIME_CONFLICT when booked)',
        params: IdParam('timebookId'),
        body: NewBlockSchema,
        response: { 201: CalendarSlotSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await addBlock(ctx, await staffActor(ctx, request), request.params.timebookId, request.body)),
  );

  r.post(
    '/api/staff/blocks/:blockId/remove',
    {
      config: access('staff', 'slot', 'act'),
      schema: { tags, summary: 'Remove an absence block', params: IdParam('blockId'), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await removeBlock(ctx, await staffActor(ctx, request), request.params.blockId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/staff/units/:unitId/appointment-answers',
    {
      config: access('staff', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'Patients’ answers waiting for staff (ask to change, video/phone instead, no longer needed), oldest first (access-logged)',
        params: UnitParam,
        // limit=0: only the count (the inbox's signal; no patient is named, so nothing is access-logged).
        querystring: z.object({ after: Cursor, limit: z.coerce.number().int().min(0).max(100).default(50) }),
        response: { 200: OpenAnswersSchema, ...errors },
      },
    },
    async (request) => openAnswers(ctx, await staffActor(ctx, request), request.params.unitId, request.query.after, request.query.limit),
  );

  r.post(
    '/api/staff/appointments/:appointmentId/answer-handled',
    {
      config: access('staff', 'appointment', 'act'),
      schema: { tags, summary: 'Mark a patient’s answer as handled', params: AppointmentParam, response: { 200: AppointmentSchema, ...errors } },
    },
    async (request) => markAnswerHandled(ctx, await staffActor(ctx, request), request.params.appointmentId),
  );

  r.get(
    '/api/staff/units/:unitId/waitlist',
    {
      config: access('staff', 'waitlist_entry', 'see'),
      schema: {
        tags,
        summary: 'Who waits for an earlier time, in which timebook, and the offers they got (newest first, keyset-paged; access-logged)',
        params: UnitParam,
        querystring: z.object({ status: z.enum(['active', 'all']).default('active'), after: Cursor, limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: StaffWaitlistPageSchema, ...errors },
      },
    },
    async (request) =>
      unitWaitlist(ctx, await staffActor(ctx, request), request.params.unitId, {
        status: request.query.status,
        after: request.query.after,
        limit: request.query.limit,
      }),
  );

  r.get(
    '/api/staff/units/:unitId/answer-settings',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Which answers the unit takes per appointment type, and check-in',
        params: UnitParam,
        response: { 200: AnswerSettingsSchema, ...errors },
      },
    },
    async (request) => getAnswerSettings(ctx, await staffActor(ctx, request), request.params.unitId),
  );

  r.put(
    '/api/staff/units/:unitId/answer-settings',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Set the answers the unit takes and check-in (unit administrators)',
        params: UnitParam,
        body: AnswerSettingsSchema,
        response: { 200: AnswerSettingsSchema, ...errors },
      },
    },
    async (request) => putAnswerSettings(ctx, await staffActor(ctx, request), request.params.unitId, request.body),
  );

  const ctags = ['citizen appointments'];
  r.post(
    '/api/citizen/appointments/:appointmentId/answer',
    {
      config: access('citizen', 'appointment', 'act'),
      schema: {
        tags: ctags,
        summary: 'Answer an appointment: confirm, ask to change, ask for video or phone instead, or no longer needed',
        params: AppointmentParam,
        body: AnswerAppointmentSchema,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) =>
      answerAppointment(ctx, await citizenActor(ctx, request), request.params.appointmentId, request.body.answer, request.body.text),
  );

  r.post(
    '/api/citizen/appointments/:appointmentId/check-in',
    {
      config: access('citizen', 'appointment', 'act'),
      schema: {
        tags: ctags,
        summary: 'Check in on arrival (the unit’s setting; on the day, from an hour before; 409 CHECK_IN_NOT_OPEN otherwise)',
        params: AppointmentParam,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => checkIn(ctx, await citizenActor(ctx, request), request.params.appointmentId),
  );
}
