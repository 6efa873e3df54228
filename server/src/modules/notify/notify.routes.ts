/**
 * Notification routes: the signed-in person's own settings; the development mailbox
 * (NODE_ENV is not production); and in tests (NODE_ENV=test) a way to move the clock.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeadNotificationSchema, DeadNotificationsSchema, DevMailboxSchema, NotificationSettingsSchema, UpdateNotificationSettingsSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { setNotifyClock } from './notify.clock.ts';
import { REMINDER_QUEUE, SEND_QUEUE } from './notify.plan.ts';
import { devMailboxList, getSettings, updateSettings } from './notify.service.ts';
import { moveReadyJobsBack } from './notify.repository.ts';
import { access } from '../../access/route-access.ts';
import { deadNotifications, resendNotification } from './notify.dead.ts';
import { staffActor } from '../../access/actors.ts';
import { IdParam } from '../../platform/route-helpers.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema };

/** Registers the notification routes. */
export async function notifyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/api/citizen/notification-settings',
    {
      config: access('citizen', 'none', 'see'),
      schema: {
        tags,
        summary: 'My own notification settings (the signed-in person, also when acting for someone)',
        response: { 200: NotificationSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      return getSettings(ctx.db, s.personId);
    },
  );

  r.put(
    '/api/citizen/notification-settings',
    {
      config: access('citizen', 'none', 'act'),
      schema: {
        tags,
        summary: 'Choose SMS, e-mail or both, and turn optional notices on or off',
        description:
          'Messages from health personnel, new, changed and cancelled appointments and letters are always notified. Reminders and home-visit notices can be turned off.',
        body: UpdateNotificationSettingsSchema,
        response: { 200: NotificationSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      return updateSettings(ctx.db, s.personId, request.body);
    },
  );

  r.get(
    '/api/staff/units/:unitId/notifications/dead',
    {
      config: access('staff', 'unit', 'see'),
      schema: {
        tags,
        summary: 'Notifications from the unit that could not be delivered within NOTIFY_RETRY_HOURS (unit administrators), newest first',
        params: IdParam('unitId'),
        querystring: z.object({ before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: DeadNotificationsSchema, ...errors },
      },
    },
    async (request) => deadNotifications(ctx, await staffActor(ctx, request), request.params.unitId, request.query),
  );

  r.post(
    '/api/staff/units/:unitId/notifications/dead/:jobId/resend',
    {
      config: access('staff', 'unit', 'act'),
      schema: {
        tags,
        summary: 'Send an undelivered notification again (unit administrators); it is retried for NOTIFY_RETRY_HOURS again',
        params: IdParam('unitId').extend({ jobId: z.coerce.number().int().positive() }),
        response: { 200: DeadNotificationSchema, 404: ProblemSchema, ...errors },
      },
    },
    async (request) => resendNotification(ctx, await staffActor(ctx, request), request.params.unitId, request.params.jobId),
  );

  if (ctx.config.nodeEnv !== 'production') {
    r.get(
      '/api/dev/mailbox',
      {
        config: access('public', 'none', 'see'),
        schema: {
          tags: ['development'],
          summary: 'The development mailbox: SMS and e-mail that would have been sent (never in production)',
          querystring: z.object({ to: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: DevMailboxSchema },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return devMailboxList(ctx.db, { to: request.query.to, limit: request.query.limit });
      },
    );
  }

  if (ctx.config.nodeEnv === 'test') {
    r.post(
      '/api/test/notify/clock',
      { config: access('public', 'none', 'act'), schema: { hide: true, body: z.object({ at: z.iso.datetime({ offset: true }).nullable() }) } },
      async (request) => {
        setNotifyClock(request.body.at ? new Date(request.body.at) : null);
        return { at: request.body.at };
      },
    );
    r.post(
      '/api/test/notify/advance',
      { config: access('public', 'none', 'act'), schema: { hide: true, body: z.object({ days: z.number().min(0).max(365) }) } },
      async (request) => {
        const ms = Math.round(request.body.days * 86_400_000);
        return { moved: await moveReadyJobsBack(ctx.db, [SEND_QUEUE.name, REMINDER_QUEUE.name], ms) };
      },
    );
  }
}
