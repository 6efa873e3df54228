/** Staff appointment routes: timebooks, slots and patterns, appointments, requests, visits, unit settings. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerRequestSchema,
  AppointmentRequestSchema,
  AppointmentSchema,
  AppointmentSettingsSchema,
  AppointmentTypeSchema,
  CancelAppointmentSchema,
  ChangeAppointmentSchema,
  NewTimebookSchema,
  OfferSlotsSchema,
  PublishPatternSchema,
  PublishSlotsSchema,
  ScheduleSchema,
  StaffAppointmentSchema,
  TimebookSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import {
  assignForRequest,
  cancelByUnit,
  changeAppointment,
  completeAppointment,
  markNotAttended,
  contactAppointments,
  createAppointment,
  createTimebook,
  declineRequest,
  getSettings,
  listTimebooks,
  offerForRequest,
  publishPattern,
  publishSlots,
  putSettings,
  timebookSchedule,
  unitAppointments,
  unitRequests,
  withdrawSlot,
} from './staff-appointments.service.ts';
import { access } from '../../access/route-access.ts';
import { nowMs } from '../../platform/clock.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const Period = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional(), type: AppointmentTypeSchema.optional() });
const Published = z.object({ created: z.number(), skipped: z.number(), notInOslo: z.number().optional(), reason: z.string().optional() });
const Items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });

/** The period of a query: from today 00:00 UTC-ish to two weeks ahead by default. */
function period(q: { from?: Date | undefined; to?: Date | undefined }): { from: Date; to: Date } {
  const from = q.from ?? new Date(nowMs() - 86_400_000);
  const to = q.to ?? new Date(from.getTime() + 15 * 86_400_000);
  return { from, to };
}

/** Registers the staff appointment routes. */
export async function staffAppointmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff appointments'];
  const UnitParam = IdParam('unitId');
  const TimebookParam = IdParam('timebookId');
  const AppointmentParam = IdParam('appointmentId');
  const RequestParam = IdParam('requestId');

  r.get(
    '/api/staff/units/:unitId/timebooks',
    {
      config: access('staff', 'unit', 'see'),
      schema: { tags, summary: 'Timebooks of a unit (clinicians and resources)', params: UnitParam, response: { 200: Items(TimebookSchema), ...errors } },
    },
    async (request) => ({
      items: await listTimebooks(ctx, await staffActor(ctx, request), request.params.unitId),
    }),
  );

  r.post(
    '/api/staff/units/:unitId/timebooks',
    {
      config: access('staff', 'unit', 'act'),
      schema: { tags, summary: 'Create a timebook', params: UnitParam, body: NewTimebookSchema, response: { 201: TimebookSchema, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await createTimebook(ctx, await staffActor(ctx, request), request.params.unitId, request.body)),
  );

  r.get(
    '/api/staff/timebooks/:timebookId/schedule',
    {
      config: access('staff', 'slot', 'see'),
      schema: {
        tags,
        summary: 'Slots and appointments of a timebook in a period (access-logged)',
        params: TimebookParam,
        querystring: Period,
        response: { 200: ScheduleSchema, ...errors },
      },
    },
    async (request) => {
      const { from, to } = period(request.query);
      return timebookSchedule(ctx, await staffActor(ctx, request), request.params.timebookId, from, to);
    },
  );

  r.post(
    '/api/staff/timebooks/:timebookId/slots',
    {
      config: access('staff', 'slot', 'act'),
      schema: {
        tags,
        summary: 'Publish chosen slots for online booking (Oslo time)',
        params: TimebookParam,
        body: PublishSlotsSchema,
        response: { 201: Published, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await publishSlots(ctx, await staffActor(ctx, request), request.params.timebookId, request.body)),
  );

  r.post(
    '/api/staff/timebooks/:timebookId/patterns',
    {
      config: access('staff', 'slot', 'act'),
      schema: {
        tags,
        summary: 'Publish a recurring pattern, e.g. Tue and Thu 08:00–10:00 in 15-minute slots',
        params: TimebookParam,
        body: PublishPatternSchema,
        response: { 201: Published, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await publishPattern(ctx, await staffActor(ctx, request), request.params.timebookId, request.body)),
  );

  r.post(
    '/api/staff/slots/:slotId/withdraw',
    {
      config: access('staff', 'slot', 'act'),
      schema: { tags, summary: 'Withdraw an unbooked slot', params: IdParam('slotId'), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await withdrawSlot(ctx, await staffActor(ctx, request), request.params.slotId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/staff/units/:unitId/appointments',
    {
      config: access('staff', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'Appointments of the unit in a period, e.g. the day’s home visits (access-logged)',
        params: UnitParam,
        querystring: Period,
        response: { 200: Items(AppointmentSchema), ...errors },
      },
    },
    async (request) => {
      const { from, to } = period(request.query);
      return { items: await unitAppointments(ctx, await staffActor(ctx, request), request.params.unitId, from, to, request.query.type) };
    },
  );

  r.get(
    '/api/staff/units/:unitId/contacts/:contactId/appointments',
    {
      config: access('staff', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'One patient’s appointments with the unit (access-logged)',
        params: z.object({ unitId: z.uuid(), contactId: z.uuid() }),
        response: { 200: Items(AppointmentSchema), ...errors },
      },
    },
    async (request) => ({ items: await contactAppointments(ctx, await staffActor(ctx, request), request.params.unitId, request.params.contactId) }),
  );

  r.post(
    '/api/staff/units/:unitId/appointments',
    {
      config: access('staff', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Send an appointment to a patient (raises appointment.assigned)',
        params: UnitParam,
        body: StaffAppointmentSchema,
        response: { 201: AppointmentSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createAppointment(ctx, await staffActor(ctx, request), request.params.unitId, request.body)),
  );

  r.post(
    '/api/staff/appointments/:appointmentId/change',
    {
      config: access('staff', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Change time, type or place (raises appointment.changed)',
        params: AppointmentParam,
        body: ChangeAppointmentSchema,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => changeAppointment(ctx, await staffActor(ctx, request), request.params.appointmentId, request.body),
  );

  r.post(
    '/api/staff/appointments/:appointmentId/cancel',
    {
      config: access('staff', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Cancel an appointment (raises appointment.cancelled)',
        params: AppointmentParam,
        body: CancelAppointmentSchema,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => cancelByUnit(ctx, await staffActor(ctx, request), request.params.appointmentId, request.body.reason),
  );

  r.post(
    '/api/staff/appointments/:appointmentId/complete',
    {
      config: access('staff', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Mark carried out (a home visit raises visit.completed)',
        params: AppointmentParam,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => completeAppointment(ctx, await staffActor(ctx, request), request.params.appointmentId),
  );

  r.post(
    '/api/staff/appointments/:appointmentId/not-attended',
    {
      config: access('staff', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Mark that the patient did not attend (ikke møtt), from the start time on; journaled, counted by the statistics',
        params: AppointmentParam,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => markNotAttended(ctx, await staffActor(ctx, request), request.params.appointmentId),
  );

  r.get(
    '/api/staff/units/:unitId/appointment-requests',
    {
      config: access('staff', 'appointment_request', 'see'),
      schema: {
        tags,
        summary: 'Appointment requests of the unit (access-logged)',
        params: UnitParam,
        querystring: z.object({ status: z.enum(['open', 'answered', 'all']).default('open') }),
        response: { 200: Items(AppointmentRequestSchema), ...errors },
      },
    },
    async (request) => {
      const s = request.query.status;
      const status =
        s === 'open' ? ['open', 'offered'] : s === 'answered' ? ['assigned', 'declined'] : ['open', 'offered', 'assigned', 'declined', 'withdrawn'];
      return { items: await unitRequests(ctx, await staffActor(ctx, request), request.params.unitId, status) };
    },
  );

  r.post(
    '/api/staff/appointment-requests/:requestId/assign',
    {
      config: access('staff', 'appointment_request', 'act'),
      schema: {
        tags,
        summary: 'Answer a request by assigning a time',
        params: RequestParam,
        body: StaffAppointmentSchema,
        response: { 201: AppointmentSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await assignForRequest(ctx, await staffActor(ctx, request), request.params.requestId, request.body)),
  );

  r.post(
    '/api/staff/appointment-requests/:requestId/offer',
    {
      config: access('staff', 'appointment_request', 'act'),
      schema: {
        tags,
        summary: 'Answer a request by offering published slots',
        params: RequestParam,
        body: OfferSlotsSchema,
        response: { 200: AppointmentRequestSchema, ...errors },
      },
    },
    async (request) => offerForRequest(ctx, await staffActor(ctx, request), request.params.requestId, request.body),
  );

  r.post(
    '/api/staff/appointment-requests/:requestId/decline',
    {
      config: access('staff', 'appointment_request', 'act'),
      schema: {
        tags,
        summary: 'Decline a request with an answer',
        params: RequestParam,
        body: AnswerRequestSchema,
        response: { 200: AppointmentRequestSchema, ...errors },
      },
    },
    async (request) => declineRequest(ctx, await staffActor(ctx, request), request.params.requestId, request.body.text),
  );

  r.get(
    '/api/staff/units/:unitId/appointment-settings',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'The unit’s appointment services, cancellation cut-off and drop-in video link',
        params: UnitParam,
        response: { 200: AppointmentSettingsSchema, ...errors },
      },
    },
    async (request) => getSettings(ctx, await staffActor(ctx, request), request.params.unitId),
  );

  r.put(
    '/api/staff/units/:unitId/appointment-settings',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Switch the unit’s appointment services (unit administrators)',
        params: UnitParam,
        body: AppointmentSettingsSchema,
        response: { 200: AppointmentSettingsSchema, ...errors },
      },
    },
    async (request) => putSettings(ctx, await staffActor(ctx, request), request.params.unitId, request.body),
  );
}
