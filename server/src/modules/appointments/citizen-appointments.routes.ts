/** Citizen appointment routes: overview, detail, booking, requests, cancelling, waitlist, offers, video, .ics, dialog. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppointmentDialogSchema,
  AppointmentRequestInputSchema,
  AppointmentRequestSchema,
  AppointmentSchema,
  BookSlotSchema,
  CancelAppointmentSchema,
  CitizenAppointmentsSchema,
  ContactAppointmentServicesSchema,
  SlotSchema,
  WaitlistEntrySchema,
  WaitlistJoinSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';
import {
  appointmentIcs,
  bookSlot,
  cancelByCitizen,
  citizenAppointmentDetail,
  citizenOverview,
  contactAppointmentServices,
  joinWaitlist,
  leaveWaitlist,
  openSlotsForContact,
  sendRequest,
  startAppointmentDialog,
  videoLink,
} from './appointments.service.ts';
import { acceptOffer, declineOffer } from './waitlist.service.ts';
import { access } from '../../access/route-access.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const Period = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });

/** Registers the citizen appointment routes. */
export async function citizenAppointmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['citizen appointments'];
  const AppointmentParam = IdParam('appointmentId');

  r.get(
    '/api/citizen/appointments',
    {
      config: access('citizen', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'My appointments with every health contact (upcoming, past), requests, offers and waitlist places',
        response: { 200: CitizenAppointmentsSchema, ...errors },
      },
    },
    async (request) => citizenOverview(ctx, await citizenActor(ctx, request)),
  );

  r.get(
    '/api/citizen/appointments/:appointmentId',
    {
      config: access('citizen', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'One appointment (the video link only from 15 minutes before)',
        params: AppointmentParam,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => citizenAppointmentDetail(ctx, await citizenActor(ctx, request), request.params.appointmentId),
  );

  r.get(
    '/api/citizen/appointments/:appointmentId/video',
    {
      config: access('citizen', 'appointment', 'see'),
      schema: {
        tags,
        summary: 'The join link of a video appointment; 409 VIDEO_NOT_OPEN before 15 minutes ahead',
        params: AppointmentParam,
        response: { 200: z.object({ url: z.string() }), ...errors },
      },
    },
    async (request) => videoLink(ctx, await citizenActor(ctx, request), request.params.appointmentId),
  );

  r.get(
    '/api/citizen/appointments/:appointmentId/ics',
    { config: access('citizen', 'appointment', 'see'), schema: { tags, summary: 'The appointment as an iCalendar (.ics) file', params: AppointmentParam } },
    async (request, reply) => {
      const text = await appointmentIcs(ctx, await citizenActor(ctx, request), request.params.appointmentId);
      return reply
        .header('Content-Type', 'text/calendar; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="time-${request.params.appointmentId.slice(0, 8)}.ics"`)
        .header('Cache-Control', 'private, no-store')
        .send(text);
    },
  );

  r.post(
    '/api/citizen/appointments/:appointmentId/cancel',
    {
      config: access('citizen', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Cancel an appointment (within the unit’s cut-off)',
        params: AppointmentParam,
        body: CancelAppointmentSchema,
        response: { 200: AppointmentSchema, ...errors },
      },
    },
    async (request) => cancelByCitizen(ctx, await citizenActor(ctx, request), request.params.appointmentId, request.body.reason),
  );

  r.post(
    '/api/citizen/appointments/:appointmentId/dialog',
    {
      config: access('citizen', 'appointment', 'act'),
      schema: {
        tags,
        summary: 'Start a conversation about an appointment (confirm, ask, ask to move, ask to end)',
        params: AppointmentParam,
        body: AppointmentDialogSchema,
        response: { 201: z.object({ threadId: z.string(), topic: z.string() }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await startAppointmentDialog(ctx, await citizenActor(ctx, request), request.params.appointmentId, request.body.intent, request.body.text)),
  );

  r.get(
    '/api/citizen/contacts/:contactId/appointment-services',
    {
      config: access('citizen', 'slot', 'see'),
      schema: {
        tags,
        summary: 'What I can do about appointments through a contact',
        params: IdParam('contactId'),
        response: { 200: ContactAppointmentServicesSchema, ...errors },
      },
    },
    async (request) => contactAppointmentServices(ctx, await citizenActor(ctx, request), request.params.contactId),
  );

  r.get(
    '/api/citizen/contacts/:contactId/slots',
    {
      config: access('citizen', 'slot', 'see'),
      schema: {
        tags,
        summary: 'Free slots I can book through a contact',
        params: IdParam('contactId'),
        querystring: Period,
        response: { 200: z.object({ items: z.array(SlotSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await openSlotsForContact(ctx, await citizenActor(ctx, request), request.params.contactId, request.query.from, request.query.to),
    }),
  );

  r.post(
    '/api/citizen/slots/:slotId/book',
    {
      config: access('citizen', 'slot', 'act'),
      schema: {
        tags,
        summary: 'Book a free slot (409 SLOT_TAKEN when someone was first)',
        params: IdParam('slotId'),
        body: BookSlotSchema,
        response: { 201: AppointmentSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await bookSlot(ctx, await citizenActor(ctx, request), request.params.slotId, request.body)),
  );

  r.post(
    '/api/citizen/contacts/:contactId/appointment-requests',
    {
      config: access('citizen', 'appointment_request', 'act'),
      schema: {
        tags,
        summary: 'Ask for an appointment (timeønske) with free text and preferred times',
        params: IdParam('contactId'),
        body: AppointmentRequestInputSchema,
        response: { 201: AppointmentRequestSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await sendRequest(ctx, await citizenActor(ctx, request), request.params.contactId, request.body)),
  );

  r.post(
    '/api/citizen/waitlist',
    {
      config: access('citizen', 'waitlist_entry', 'act'),
      schema: {
        tags,
        summary: 'Ask to be offered an earlier time when one is freed',
        body: WaitlistJoinSchema,
        response: { 201: WaitlistEntrySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await joinWaitlist(ctx, await citizenActor(ctx, request), request.body.contactId, request.body.appointmentId)),
  );

  r.post(
    '/api/citizen/waitlist/:entryId/leave',
    {
      config: access('citizen', 'waitlist_entry', 'act'),
      schema: { tags, summary: 'Leave the waitlist', params: IdParam('entryId'), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await leaveWaitlist(ctx, await citizenActor(ctx, request), request.params.entryId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/citizen/offers/:offerId/accept',
    {
      config: access('citizen', 'offer', 'act'),
      schema: { tags, summary: 'Take an offered time', params: IdParam('offerId'), response: { 200: AppointmentSchema, ...errors } },
    },
    async (request) => acceptOffer(ctx.db, ctx.events, await citizenActor(ctx, request), request.params.offerId),
  );

  r.post(
    '/api/citizen/offers/:offerId/decline',
    {
      config: access('citizen', 'offer', 'act'),
      schema: {
        tags,
        summary: 'Say no to an offered time (it goes to the next person waiting)',
        params: IdParam('offerId'),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await declineOffer(ctx.db, ctx.events, await citizenActor(ctx, request), request.params.offerId);
      return reply.code(204).send(null);
    },
  );
}
