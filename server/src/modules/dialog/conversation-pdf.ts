/**
 * One conversation as a PDF (A4, printable), for the citizen and for staff (docs/dialog-rules.md,
 * "A conversation as PDF"). It is made from the thread detail the caller was just allowed to open
 * (the same access rule, read receipt and access-log entry as opening the thread), so it holds
 * that one thread's messages and nothing else: no other thread, no internal notes, attachments
 * named but not embedded. Rendered with pdf-lib (forms/render.ts `responsePdf`, the standard
 * Helvetica font): letters outside its character set (WinAnsi) are written without their accent
 * (č → c, ŋ → n), the rest as "?".
 */
import type { ThreadDetail } from '@helsedialog/core';
import { LANGUAGES } from '@helsedialog/core/constants';
import { z } from 'zod';
import { OSLO } from '../../platform/time.ts';
import { serverText, type Language } from '../../i18n/index.ts';
import { responsePdf } from '../forms/render.ts';

/** `?lang=`: the language of the PDF's own texts (the web sends its UI language; bokmål when left out). */
export const PdfQuery = z.object({ lang: z.enum(LANGUAGES).optional() });

const SAMI: Record<string, string> = { đ: 'd', Đ: 'D', ŋ: 'n', Ŋ: 'N', ŧ: 't', Ŧ: 'T' };

/** Letters the standard font cannot show: their base letter where there is one (Sami č, đ, ŋ, ŧ …). */
export function plainLetters(s: string): string {
  return s
    .replace(/[đĐŋŊŧŦ]/g, (c) => SAMI[c]!)
    .replace(/[^\u0020-\u00ff\n]/g, (c) => (/[–—‘’“”•…€]/.test(c) ? c : c.normalize('NFD').replace(/[\u0300-\u036f]/g, '')));
}

function formatter(lang: Language, withTime: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nb-NO', {
    timeZone: OSLO,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

/** The conversation as lines of text (what the PDF shows), in the reader's language. */
export function conversationText(d: ThreadDetail, lang: Language, madeAt: Date): string {
  const at = formatter(lang, true);
  const day = formatter(lang, false);
  const out = [serverText(lang, 'pdf.conversation.unit', { unit: d.unit.name })];
  if (d.citizen) out.push(serverText(lang, 'pdf.conversation.patient', { name: d.citizen.name, born: day.format(new Date(`${d.citizen.birthDate}T12:00:00Z`)) }));
  out.push(serverText(lang, 'pdf.conversation.started', { date: at.format(new Date(d.createdAt)) }), '');
  for (const m of d.messages) {
    const who = m.author.onBehalfOf ? `${m.author.name} (${m.author.onBehalfOf})` : m.author.name;
    out.push(`${who} – ${serverText(lang, 'pdf.conversation.sent', { date: at.format(new Date(m.createdAt)) })}`);
    for (const line of m.text.split('\n')) out.push(`  ${line}`);
    if (m.attachments.length) out.push(`  ${serverText(lang, 'pdf.conversation.attachments', { names: m.attachments.map((f) => f.filename).join(', ') })}`);
    out.push('');
  }
  out.push(serverText(lang, 'pdf.conversation.made', { date: at.format(madeAt) }));
  return out.join('\n');
}

/** The PDF of one conversation. */
export function conversationPdf(d: ThreadDetail, lang: Language, madeAt: Date): Promise<Buffer> {
  return responsePdf(plainLetters(d.topic), plainLetters(conversationText(d, lang, madeAt)));
}

/** A file name for the download: the topic's plain letters, no path or quote characters. */
export function conversationFilename(d: ThreadDetail): string {
  const base = plainLetters(d.topic)
    .replace(/[^A-Za-z0-9æøåÆØÅ _-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return `samtale-${base || d.id}.pdf`;
}
