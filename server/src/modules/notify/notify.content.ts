/**
 * What a notification says. Never health information: no message text, topic, unit name or
 * specialty, no appointment reason, time or place, and no name — only that something happened,
 * and a link to log in. Those who act for someone else get the same, "for en du representerer".
 */

import { NOTICE_KINDS, type NoticeKind } from '@helsedialog/core';

export { NOTICE_KINDS, type NoticeKind };

/** Kinds the citizen may turn off, and the setting that does it. Everything else always goes. */
export const OPTIONAL_KINDS: Partial<Record<NoticeKind, 'reminders' | 'visits'>> = {
  'visit.completed': 'visits',
  'reminder.letter': 'reminders',
  'reminder.message': 'reminders',
  'reminder.appointment': 'reminders',
  'reminder.form': 'reminders',
};

const SELF: Record<NoticeKind, string> = {
  message: 'Du har en ny melding på helsedialog.',
  letter: 'Du har et nytt brev på helsedialog.',
  'appointment.assigned': 'Du har fått en ny time.',
  'appointment.changed': 'En av timene dine er endret.',
  'appointment.cancelled': 'En av timene dine er avlyst.',
  'appointment.offered': 'Du har fått tilbud om en ledig time. Tilbudet gjelder bare en kort stund.',
  // As neutral as a message: a notice that a home visit took place would tell whoever sees the
  // phone that the person receives home care (issue 15).
  'visit.completed': 'Du har en ny melding på helsedialog.',
  'reminder.letter': 'Påminnelse: Du har et brev på helsedialog som du ikke har lest.',
  'reminder.message': 'Påminnelse: Du har en viktig melding på helsedialog som du ikke har lest.',
  task: 'Du har en ny oppgave på helsedialog.',
  // Documents, referral news and test results alike: nothing says which (issue 21).
  document: 'Du har et nytt dokument på helsedialog.',
  'reminder.appointment': 'Påminnelse: Du har en time snart. Logg inn og bekreft at du kommer.',
  form: 'Du har fått et skjema å fylle ut på helsedialog.',
  'reminder.form': 'Påminnelse: Du har et skjema på helsedialog som ikke er sendt inn.',
};

const FOR_OTHER: Record<NoticeKind, string> = {
  message: 'Du har en ny melding for en du representerer.',
  letter: 'Du har et nytt brev for en du representerer.',
  'appointment.assigned': 'Du har fått en ny time for en du representerer.',
  'appointment.changed': 'En time er endret for en du representerer.',
  'appointment.cancelled': 'En time er avlyst for en du representerer.',
  'appointment.offered': 'Det er et tilbud om en ledig time for en du representerer. Tilbudet gjelder bare en kort stund.',
  'visit.completed': 'Du har en ny melding for en du representerer.',
  'reminder.letter': 'Påminnelse: Det er et ulest brev for en du representerer.',
  'reminder.message': 'Påminnelse: Det er en ulest viktig melding for en du representerer.',
  task: 'Det er en ny oppgave for en du representerer.',
  document: 'Det er et nytt dokument for en du representerer.',
  'reminder.appointment': 'Påminnelse: Det er en time snart for en du representerer. Logg inn og bekreft oppmøtet.',
  form: 'Det er et skjema å fylle ut for en du representerer.',
  'reminder.form': 'Påminnelse: Det er et skjema som ikke er sendt inn for en du representerer.',
};

const SUBJECT: Record<NoticeKind, string> = {
  message: 'Ny melding på helsedialog',
  letter: 'Nytt brev på helsedialog',
  'appointment.assigned': 'Ny time på helsedialog',
  'appointment.changed': 'Endret time på helsedialog',
  'appointment.cancelled': 'Avlyst time på helsedialog',
  'appointment.offered': 'Tilbud om ledig time på helsedialog',
  'visit.completed': 'Ny melding på helsedialog',
  'reminder.letter': 'Påminnelse fra helsedialog',
  'reminder.message': 'Påminnelse fra helsedialog',
  task: 'Ny oppgave på helsedialog',
  document: 'Nytt dokument på helsedialog',
  'reminder.appointment': 'Påminnelse fra helsedialog',
  form: 'Nytt skjema på helsedialog',
  'reminder.form': 'Påminnelse fra helsedialog',
};

export interface Notice {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SMS text or e-mail of a notice. */
export function composeNotice(kind: NoticeKind, onBehalfOf: boolean, channel: 'sms' | 'email', publicUrl: string): Notice {
  const line = (onBehalfOf ? FOR_OTHER : SELF)[kind];
  const link = `${publicUrl.replace(/\/$/, '')}/`;
  if (channel === 'sms') return { subject: '', text: `${line} Logg inn for å lese: ${link}`, html: '' };
  const footer = 'Denne e-posten kan ikke besvares. Du kan velge SMS eller e-post, og slå av varsler som ikke er påkrevd, under Varsler når du er logget inn.';
  return {
    subject: SUBJECT[kind],
    text: `${line}\n\nLogg inn på helsedialog for å lese: ${link}\n\n${footer}\n`,
    html: `<!doctype html><html lang="nb"><body><p>${esc(line)}</p><p><a href="${esc(link)}">Logg inn på helsedialog for å lese</a></p><p style="color:#555">${esc(footer)}</p></body></html>`,
  };
}
