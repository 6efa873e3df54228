/** Undelivered notifications for unit administrators, Norwegian bokmål (spread into nb.ts). */
export const notifyAdminNb = {
  'notifyAdmin.dead.title': 'Varsler som ikke kom fram',
  'notifyAdmin.dead.lead':
    'Varsler på SMS eller e-post fra enheten som ikke kunne leveres, selv etter nye forsøk i to døgn. Meldingene selv ligger trygt i helsedialog; send varselet på nytt når SMS- eller e-posttjenesten virker igjen.',
  'notifyAdmin.dead.empty': 'Alle varsler er levert.',
  'notifyAdmin.dead.created': 'Laget {date}',
  'notifyAdmin.dead.reason': 'Årsak: {reason}',
  'notifyAdmin.dead.resend': 'Send varselet på nytt',
  'notifyAdmin.dead.resent': 'Varselet sendes på nytt.',
  'notifyAdmin.dead.resendFailed': 'Kunne ikke sende varselet på nytt',
  'notifyAdmin.channel.sms': 'SMS',
  'notifyAdmin.channel.email': 'E-post',
  'notifyAdmin.kind.message': 'Ny melding',
  'notifyAdmin.kind.letter': 'Nytt brev',
  'notifyAdmin.kind.appointment.assigned': 'Ny time',
  'notifyAdmin.kind.appointment.changed': 'Endret time',
  'notifyAdmin.kind.appointment.cancelled': 'Avlyst time',
  'notifyAdmin.kind.appointment.offered': 'Tilbud om ledig time',
  'notifyAdmin.kind.visit.completed': 'Hjemmebesøk utført',
  'notifyAdmin.kind.reminder.letter': 'Påminnelse om brev',
  'notifyAdmin.kind.reminder.message': 'Påminnelse om melding',
  'notifyAdmin.kind.other': 'Varsel',
} as const;
