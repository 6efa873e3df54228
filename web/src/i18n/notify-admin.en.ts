/** Undelivered notifications for unit administrators, English (spread into en.ts). */
import type { notifyAdminNb } from './notify-admin.nb.ts';

export const notifyAdminEn: Record<keyof typeof notifyAdminNb, string> = {
  'notifyAdmin.dead.title': 'Notifications that did not arrive',
  'notifyAdmin.dead.lead':
    'SMS or e-mail notifications from the unit that could not be delivered, even after two days of new attempts. The messages themselves are safe in helsedialog; send the notification again once the SMS or e-mail service works again.',
  'notifyAdmin.dead.empty': 'Every notification has been delivered.',
  'notifyAdmin.dead.created': 'Made {date}',
  'notifyAdmin.dead.reason': 'Reason: {reason}',
  'notifyAdmin.dead.resend': 'Send the notification again',
  'notifyAdmin.dead.resent': 'The notification is being sent again.',
  'notifyAdmin.dead.resendFailed': 'Could not send the notification again',
  'notifyAdmin.channel.sms': 'SMS',
  'notifyAdmin.channel.email': 'E-mail',
  'notifyAdmin.kind.message': 'New message',
  'notifyAdmin.kind.letter': 'New letter',
  'notifyAdmin.kind.appointment.assigned': 'New appointment',
  'notifyAdmin.kind.appointment.changed': 'Changed appointment',
  'notifyAdmin.kind.appointment.cancelled': 'Cancelled appointment',
  'notifyAdmin.kind.appointment.offered': 'Offer of a free appointment',
  'notifyAdmin.kind.appointment.request_declined': 'Declined appointment request',
  'notifyAdmin.kind.visit.completed': 'Home visit carried out',
  'notifyAdmin.kind.reminder.letter': 'Reminder of a letter',
  'notifyAdmin.kind.task': 'New task',
  'notifyAdmin.kind.form': 'New form',
  'notifyAdmin.kind.reminder.form': 'Reminder of a form',
  'notifyAdmin.kind.reminder.message': 'Reminder of a message',
  'notifyAdmin.kind.document': 'New document',
  'notifyAdmin.kind.other': 'Notification',
};
