/**
 * A response as a person reads it: each question the patient was asked with its answer, in the
 * order of the form, groups as headings, scores last. Used for the EPJ note (KITH), its PDF
 * rendering and the thread's structured answers.
 */
import { PdfWriter } from '../../platform/pdf.ts';
import type { QuestionnaireItem, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import type { Questionnaire } from './questionnaire.ts';
import type { Recommendation, Score } from './forms.tables.ts';
import { ruleTextNb } from './triage.ts';

export interface Line {
  depth: number;
  kind: 'heading' | 'qa';
  text: string;
  answer?: string;
  /** Stored files the answer names (attachment questions): id and file name, for a download link. */
  files?: { id: string; title: string }[];
}

const BOOL = { true: 'Ja', false: 'Nei' };

function answerText(q: QuestionnaireItem, a: QuestionnaireResponseItemAnswer): string {
  if (a.valueBoolean !== undefined) return BOOL[String(a.valueBoolean) as 'true' | 'false'];
  if (a.valueCoding) {
    const c = a.valueCoding;
    const opt = q.answerOption?.find((o) => o.valueCoding?.code === c.code)?.valueCoding;
    return opt?.display ?? c.display ?? c.code ?? '';
  }
  if (a.valueAttachment) return `Vedlegg: ${a.valueAttachment.title ?? 'fil'}`;
  if (a.valueQuantity) return `${a.valueQuantity.value ?? ''} ${a.valueQuantity.unit ?? ''}`.trim();
  const v = Object.entries(a).find(([k]) => k.startsWith('value'))?.[1] as unknown;
  return v === undefined ? '' : String(v);
}

/** The lines of a response, in the order of the questionnaire. */
export function responseLines(qn: Questionnaire, items: QuestionnaireResponseItem[]): Line[] {
  const out: Line[] = [];
  const walk = (qItems: QuestionnaireItem[], rItems: QuestionnaireResponseItem[], depth: number) => {
    for (const q of qItems) {
      const given = rItems.filter((r) => r.linkId === q.linkId);
      if (q.type === 'display') continue;
      if (q.type === 'group') {
        given.forEach((g, n) => {
          if (!g.item?.length) return;
          out.push({ depth, kind: 'heading', text: given.length > 1 ? `${q.text ?? q.linkId} (${n + 1})` : (q.text ?? q.linkId) });
          walk(q.item ?? [], g.item, depth + 1);
        });
        continue;
      }
      const answers = given.flatMap((g) => g.answer ?? []);
      if (!answers.length) continue;
      const files = answers.flatMap((a) => {
        const f = a.valueAttachment;
        const id = f?.url?.startsWith('urn:uuid:') ? f.url.slice('urn:uuid:'.length) : undefined;
        return id ? [{ id, title: f?.title ?? 'fil' }] : [];
      });
      out.push({ depth, kind: 'qa', text: q.text ?? q.linkId, answer: answers.map((a) => answerText(q, a)).join(', '), ...(files.length ? { files } : {}) });
      for (const a of answers) if (a.item?.length) walk(q.item ?? [], a.item, depth + 1);
    }
  };
  walk(qn.item, items, 0);
  return out;
}

const CHANNEL_NB = { written: 'skriftlig svar', phone: 'telefon', video: 'video', in_person: 'oppmøte' } as const;

/** The response as a plain-text note (the KITH Dialogmelding's text). */
export function responseText(
  qn: Questionnaire,
  items: QuestionnaireResponseItem[],
  meta: { patient: string; submitter: string | null; submittedAt: Date; scores: Score[]; recommendation: Recommendation | null; version: string },
): string {
  const when = meta.submittedAt.toLocaleString('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'long', timeStyle: 'short' });
  const head = [
    `Skjema: ${qn.title} (versjon ${meta.version})`,
    `Pasient: ${meta.patient}`,
    meta.submitter ? `Fylt ut av ${meta.submitter} på vegne av pasienten` : 'Fylt ut av pasienten',
    `Sendt inn: ${when}`,
    '',
  ];
  const body = responseLines(qn, items).map((l) => `${'  '.repeat(l.depth)}${l.kind === 'heading' ? `${l.text}:` : `${l.text}: ${l.answer}`}`);
  const scores = meta.scores.length ? ['', ...meta.scores.map((s) => `${s.text}: ${s.value ?? '–'}`)] : [];
  const rec = meta.recommendation ? ['', `Anbefalt kanal: ${CHANNEL_NB[meta.recommendation.channel]} (regel: ${ruleTextNb(meta.recommendation)})`] : [];
  return [...head, ...body, ...scores, ...rec].join('\n');
}

/** A PDF rendering of the note (A4, wrapped lines, new pages as needed; platform/pdf.ts). */
export async function responsePdf(title: string, text: string): Promise<Buffer> {
  const pdf = await PdfWriter.create({ title });
  pdf.text(title, { bold: true, size: 14 });
  pdf.space(6);
  pdf.text(text, { size: 10 });
  return pdf.bytes();
}
