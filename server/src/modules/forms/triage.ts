/**
 * Triage before e-konsultasjon: the documented rule that turns a triage form's answers into a
 * recommended channel (docs/forms.md shows the same table to staff). A triage form names its
 * questions by these linkIds; the first rule that matches decides.
 */
import type { Recommendation } from './forms.tables.ts';
import type { QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import type { TriageRuleId } from '@helsedialog/core';

/** The linkIds a triage form must have (checked when a form is imported as triage). */
export const TRIAGE_LINK_IDS = { urgent: 'triage-urgent', exam: 'triage-exam', duration: 'triage-duration', preference: 'triage-preference' } as const;
export const REQUIRED_TRIAGE_LINK_IDS = [TRIAGE_LINK_IDS.urgent, TRIAGE_LINK_IDS.exam];

/**
 * The rules, in order: `text` in English (the API's `rule`), `nb` in bokmål for the record's note.
 * Staff read each rule in their own language by its id (web: forms.triage.rules.<id>).
 */
export const TRIAGE_RULES = [
  {
    id: 'urgent',
    channel: 'in_person',
    text: 'Possibly urgent symptoms → in person (the patient was told to call 113 or the emergency room if it is acute)',
    nb: 'Mulig akutte symptomer → oppmøte (pasienten ble bedt om å ringe 113 eller legevakten hvis det haster)',
  },
  { id: 'exam', channel: 'in_person', text: 'The patient believes an examination is needed → in person', nb: 'Pasienten tror det trengs en undersøkelse → oppmøte' },
  { id: 'new-and-short', channel: 'phone', text: 'A new problem of less than a week → phone', nb: 'Et nytt problem som har vart under en uke → telefon' },
  {
    id: 'preference',
    channel: 'preference',
    text: 'Otherwise the patient’s preferred channel (written, phone or video)',
    nb: 'Ellers pasientens foretrukne kanal (skriftlig, telefon eller video)',
  },
  { id: 'default', channel: 'written', text: 'No preference → written answer', nb: 'Ingen ønsket kanal → skriftlig svar' },
] as const satisfies readonly { id: TriageRuleId; channel: string; text: string; nb: string }[];

/**
 * A stored recommendation as the API gives it: with the id of its rule (responses stored before
 * the id was kept are matched by the rule's English text; an unknown text counts as the default).
 */
export function withRuleId(r: Recommendation | null): (Recommendation & { ruleId: TriageRuleId }) | null {
  if (!r) return null;
  const ruleId = r.ruleId ?? TRIAGE_RULES.find((x) => x.text === r.rule)?.id ?? 'default';
  return { channel: r.channel, ruleId, rule: r.rule };
}

/** The rule of a recommendation in bokmål (the record's note). */
export function ruleTextNb(r: Recommendation): string {
  const id = withRuleId(r)!.ruleId;
  return TRIAGE_RULES.find((x) => x.id === id)!.nb;
}

/**
 * The answers to an item wherever the form puts it: under a group, or under an answer of a
 * question. It reads checked answers (checkResponse), where each item stands only at its place in
 * the form, so the linkId, unique in the form, names one item.
 */
function find(items: QuestionnaireResponseItem[], linkId: string): QuestionnaireResponseItemAnswer[] {
  for (const i of items) {
    if (i.linkId === linkId) return i.answer ?? [];
    for (const inner of [i.item ?? [], ...(i.answer ?? []).map((a) => a.item ?? [])]) {
      const found = find(inner, linkId);
      if (found.length) return found;
    }
  }
  return [];
}

const code = (a: QuestionnaireResponseItemAnswer[] | undefined) => a?.[0]?.valueCoding?.code;

/** The recommended channel for a triage response, with the rule that decided it. */
export function recommendChannel(items: QuestionnaireResponseItem[]): Recommendation {
  const rule = (id: TriageRuleId, channel: Recommendation['channel']): Recommendation => ({
    channel,
    ruleId: id,
    rule: TRIAGE_RULES.find((r) => r.id === id)!.text,
  });
  if (find(items, TRIAGE_LINK_IDS.urgent)[0]?.valueBoolean === true) return rule('urgent', 'in_person');
  if (find(items, TRIAGE_LINK_IDS.exam)[0]?.valueBoolean === true) return rule('exam', 'in_person');
  if (code(find(items, TRIAGE_LINK_IDS.duration)) === 'under-week') return rule('new-and-short', 'phone');
  const pref = code(find(items, TRIAGE_LINK_IDS.preference));
  if (pref === 'written' || pref === 'phone' || pref === 'video') return rule('preference', pref);
  return rule('default', 'written');
}
