/** Undelivered notifications for unit administrators, Northern Sami (spread into se.ts). Needs native review. */
import type { notifyAdminNb } from './notify-admin.nb.ts';

export const notifyAdminSe: Record<keyof typeof notifyAdminNb, string> = {
  'notifyAdmin.dead.title': 'Várrehusat mat eai ollen ovddos',
  'notifyAdmin.dead.lead':
    'Várrehusat SMS:ain dahje e-poasttain ovttadagas mat eai sáhttán doalvvuhuvvot, vaikko geahččaledje ođđasit guokte jándora. Dieđáhusat leat oadjebasat helsedialogas; sádde várrehusa ođđasit go SMS- dahje e-poastabálvalus fas doaibmá.',
  'notifyAdmin.dead.empty': 'Buot várrehusat leat doalvvuhuvvon.',
  'notifyAdmin.dead.created': 'Ráhkaduvvon {date}',
  'notifyAdmin.dead.reason': 'Sivva: {reason}',
  'notifyAdmin.dead.resend': 'Sádde várrehusa ođđasit',
  'notifyAdmin.dead.resent': 'Várrehus sáddejuvvo ođđasit.',
  'notifyAdmin.dead.resendFailed': 'Ii sáhttán sáddet várrehusa ođđasit',
  'notifyAdmin.channel.sms': 'SMS',
  'notifyAdmin.channel.email': 'E-poasta',
  'notifyAdmin.kind.message': 'Ođđa dieđáhus',
  'notifyAdmin.kind.letter': 'Ođđa reive',
  'notifyAdmin.kind.appointment.assigned': 'Ođđa áigi',
  'notifyAdmin.kind.appointment.changed': 'Rievdaduvvon áigi',
  'notifyAdmin.kind.appointment.cancelled': 'Šluhttejuvvon áigi',
  'notifyAdmin.kind.appointment.offered': 'Fálaldat rabas áiggis',
  'notifyAdmin.kind.appointment.request_declined': 'Hilgojuvvon áigejearaldat',
  'notifyAdmin.kind.visit.completed': 'Ruovttugallestallan čađahuvvon',
  'notifyAdmin.kind.reminder.letter': 'Muittuhus reivve birra',
  'notifyAdmin.kind.reminder.message': 'Muittuhus dieđáhusa birra',
  'notifyAdmin.kind.other': 'Várrehus',
  'notifyAdmin.kind.task': 'Ođđa bargu',
  'notifyAdmin.kind.form': 'Ođđa skovvi',
  'notifyAdmin.kind.reminder.form': 'Muittuhus skovi birra',
  'notifyAdmin.kind.document': 'Ođđa dokumeanta',
};
