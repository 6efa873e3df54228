/** Notification settings and the development mailbox, as server and web see them. */
import { z } from 'zod';
import { NOTICE_KINDS, NOTIFICATION_CHANNELS, type NoticeKind } from './constants.ts';

export { NOTICE_KINDS, NOTIFICATION_CHANNELS, type NoticeKind };
export const NotificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

/** PUT /api/citizen/notification-settings. Mandatory notices (messages from health personnel, appointment changes, letters) cannot be turned off. */
export const UpdateNotificationSettingsSchema = z.object({
  channel: NotificationChannelSchema,
  /** Reminders about unread important letters and messages. */
  reminders: z.boolean(),
  /** Notice when a home visit has been carried out. */
  visits: z.boolean(),
});
export type UpdateNotificationSettings = z.infer<typeof UpdateNotificationSettingsSchema>;

/** GET /api/citizen/notification-settings: the signed-in person's own settings. */
export const NotificationSettingsSchema = UpdateNotificationSettingsSchema.extend({
  /** The registered mobile number and e-mail address, partly masked; null when none is registered. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const DevMailboxItemSchema = z.object({
  id: z.number(),
  channel: z.enum(['sms', 'email']),
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  reference: z.string(),
  createdAt: z.string(),
});
export type DevMailboxItem = z.infer<typeof DevMailboxItemSchema>;
/** GET /api/dev/mailbox (only when NODE_ENV is not production). */
export const DevMailboxSchema = z.object({ items: z.array(DevMailboxItemSchema) });
export type DevMailbox = z.infer<typeof DevMailboxSchema>;

/** A notification that could not be delivered (a dead send job), as the unit's administrators see it: never the recipient. */
export const DeadNotificationSchema = z.object({
  jobId: z.number().int(),
  kind: z.string(),
  channel: z.enum(['sms', 'email']),
  attempts: z.number().int(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  diedAt: z.string().nullable(),
});
export const DeadNotificationsSchema = z.object({ items: z.array(DeadNotificationSchema), nextBefore: z.number().int().nullable() });
export type DeadNotification = z.infer<typeof DeadNotificationSchema>;
