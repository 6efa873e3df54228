/** Undelivered notifications for unit administrators, Norwegian nynorsk (spread into nn.ts). */
import type { notifyAdminNb } from './notify-admin.nb.ts';

export const notifyAdminNn: Record<keyof typeof notifyAdminNb, string> = {
  'notifyAdmin.dead.title': 'Varsel som ikkje kom fram',
  'notifyAdmin.dead.lead':
    'Varsel på SMS eller e-post frå eininga som ikkje kunne leverast, sjølv etter nye forsøk i to døgn. Sjølve meldingane ligg trygt i helsedialog; send varselet på nytt når SMS- eller e-posttenesta verkar igjen.',
  'notifyAdmin.dead.empty': 'Alle varsla er leverte.',
  'notifyAdmin.dead.created': 'Laga {date}',
  'notifyAdmin.dead.reason': 'Årsak: {reason}',
  'notifyAdmin.dead.resend': 'Send varselet på nytt',
  'notifyAdmin.dead.resent': 'Varselet vert sendt på nytt.',
  'notifyAdmin.dead.resendFailed': 'Kunne ikkje sende varselet på nytt',
  'notifyAdmin.channel.sms': 'SMS',
  'notifyAdmin.channel.email': 'E-post',
  'notifyAdmin.kind.message': 'Ny melding',
  'notifyAdmin.kind.letter': 'Nytt brev',
  'notifyAdmin.kind.appointment.assigned': 'Ny time',
  'notifyAdmin.kind.appointment.changed': 'Endra time',
  'notifyAdmin.kind.appointment.cancelled': 'Avlyst time',
  'notifyAdmin.kind.appointment.offered': 'Tilbod om ledig time',
  'notifyAdmin.kind.appointment.request_declined': 'Avslått timeførespurnad',
  'notifyAdmin.kind.visit.completed': 'Heimebesøk utført',
  'notifyAdmin.kind.reminder.letter': 'Påminning om brev',
  'notifyAdmin.kind.reminder.message': 'Påminning om melding',
  'notifyAdmin.kind.other': 'Varsel',
  'notifyAdmin.kind.task': 'Ny oppgåve',
  'notifyAdmin.kind.form': 'Nytt skjema',
  'notifyAdmin.kind.reminder.form': 'Påminning om skjema',
  'notifyAdmin.kind.document': 'Nytt dokument',
};
