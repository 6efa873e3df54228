/**
 * What a notification says. Never health information: no message text, topic, unit name or
 * specialty, no appointment reason, time or place, and no name — only that something happened,
 * and a link to log in. Those who act for someone else get the same, "for en du representerer".
 */

import { NOTICE_KINDS, type NoticeKind } from '@helsedialog/core';
import { serverText, type Language } from '../../i18n/index.ts';

export { NOTICE_KINDS, type NoticeKind };

/** Kinds the citizen may turn off, and the setting that does it. Everything else always goes. */
export const OPTIONAL_KINDS: Partial<Record<NoticeKind, 'reminders' | 'visits'>> = {
  'visit.completed': 'visits',
  'reminder.letter': 'reminders',
  'reminder.message': 'reminders',
  'reminder.appointment': 'reminders',
  'reminder.form': 'reminders',
};

export interface Notice {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SMS text or e-mail of a notice, in the recipient's language (server/src/i18n; bokmål by default). */
export function composeNotice(kind: NoticeKind, onBehalfOf: boolean, channel: 'sms' | 'email', publicUrl: string, lang: Language = 'nb'): Notice {
  const line = serverText(lang, `notice.${onBehalfOf ? 'other' : 'self'}.${kind}`);
  const link = `${publicUrl.replace(/\/$/, '')}/`;
  if (channel === 'sms') return { subject: '', text: serverText(lang, 'notice.sms', { line, link }), html: '' };
  const footer = serverText(lang, 'notice.email.footer');
  const login = serverText(lang, 'notice.email.login');
  return {
    subject: serverText(lang, `notice.subject.${kind}`),
    text: `${line}\n\n${login}: ${link}\n\n${footer}\n`,
    html: `<!doctype html><html lang="${lang}"><body><p>${esc(line)}</p><p><a href="${esc(link)}">${esc(login)}</a></p><p style="color:#555">${esc(footer)}</p></body></html>`,
  };
}
