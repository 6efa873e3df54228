/**
 * Yes/no questions as radio buttons. @helsenorge/refero draws every `boolean` item as one
 * checkbox, so an unticked box cannot be told from "no" and a required yes/no question can only
 * be answered "yes". Where the form asks for radio buttons — the standard itemControl extension
 * with the code `radio-button` on a boolean item — the renderer gets a `choice` item with two
 * options (Ja / Nei) instead, and its answers are turned back into `valueBoolean` before they
 * leave the page. The Questionnaire stored on the server, the server's checks and the journaled
 * response stay boolean: this is only how the page draws the question.
 */
import type { Coding, Questionnaire, QuestionnaireItem, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';

export const ITEM_CONTROL_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';
/** The two options the page draws for a yes/no radio question (not a code system of the form's). */
export const YES_NO_SYSTEM = 'urn:helsedialog:yes-no-radio';

/** Whether a boolean item asks to be drawn as radio buttons. */
export function asksRadio(item: QuestionnaireItem): boolean {
  return (
    item.type === 'boolean' &&
    !!item.extension?.some((e) => e.url === ITEM_CONTROL_URL && (e.valueCodeableConcept?.coding ?? []).some((c) => c.code === 'radio-button'))
  );
}

const coding = (value: boolean, labels: { yes: string; no: string }): Coding => ({
  system: YES_NO_SYSTEM,
  code: String(value),
  display: value ? labels.yes : labels.no,
});

/**
 * The Questionnaire as the renderer gets it: yes/no radio questions as two-option choices (their
 * `initial` and the `enableWhen` conditions that name them follow), and the linkIds turned.
 */
export function radioQuestionnaire(q: Questionnaire, labels: { yes: string; no: string }): { questionnaire: Questionnaire; radioIds: Set<string> } {
  const radioIds = new Set<string>();
  const collect = (items: QuestionnaireItem[] | undefined) =>
    items?.forEach((i) => {
      if (asksRadio(i) && i.linkId) radioIds.add(i.linkId);
      collect(i.item);
    });
  collect(q.item);
  if (!radioIds.size) return { questionnaire: q, radioIds };
  const turn = (items: QuestionnaireItem[] | undefined): QuestionnaireItem[] | undefined =>
    items?.map((i) => {
      const out: QuestionnaireItem = { ...i };
      if (i.enableWhen)
        out.enableWhen = i.enableWhen.map((ew) => {
          if (!radioIds.has(ew.question) || typeof ew.answerBoolean !== 'boolean' || ew.operator === 'exists') return ew;
          const answerCoding = coding(ew.answerBoolean, labels);
          const { answerBoolean: _answerBoolean, ...rest } = ew;
          return { ...rest, answerCoding };
        });
      if (i.linkId && radioIds.has(i.linkId)) {
        out.type = 'choice';
        out.answerOption = [{ valueCoding: coding(true, labels) }, { valueCoding: coding(false, labels) }];
        if (i.initial)
          out.initial = i.initial.map((x) => (typeof x.valueBoolean === 'boolean' ? { valueCoding: coding(x.valueBoolean, labels) } : x));
      }
      if (i.item) out.item = turn(i.item);
      return out;
    });
  return { questionnaire: { ...q, item: turn(q.item) }, radioIds };
}

function mapAnswers(
  items: QuestionnaireResponseItem[] | undefined,
  radioIds: Set<string>,
  f: (a: QuestionnaireResponseItemAnswer) => QuestionnaireResponseItemAnswer,
): QuestionnaireResponseItem[] | undefined {
  return items?.map((i) => ({
    ...i,
    ...(i.answer
      ? {
          answer: i.answer.map((a) => {
            const turned = i.linkId && radioIds.has(i.linkId) ? f(a) : a;
            return a.item ? { ...turned, item: mapAnswers(a.item, radioIds, f) } : turned;
          }),
        }
      : {}),
    ...(i.item ? { item: mapAnswers(i.item, radioIds, f) } : {}),
  }));
}

/** Saved answers (valueBoolean) as the renderer shows them (the yes/no option). */
export function toRenderer(
  items: QuestionnaireResponseItem[] | undefined,
  radioIds: Set<string>,
  labels: { yes: string; no: string },
): QuestionnaireResponseItem[] | undefined {
  if (!radioIds.size || !items) return items;
  return mapAnswers(items, radioIds, ({ valueBoolean, ...rest }) => (typeof valueBoolean === 'boolean' ? { ...rest, valueCoding: coding(valueBoolean, labels) } : rest));
}

/** The renderer's answers as the form asks them: the yes/no option back to valueBoolean. */
export function fromRenderer(items: QuestionnaireResponseItem[] | undefined, radioIds: Set<string>): QuestionnaireResponseItem[] | undefined {
  if (!radioIds.size || !items) return items;
  return mapAnswers(items, radioIds, ({ valueCoding, ...rest }) =>
    valueCoding?.system === YES_NO_SYSTEM ? { ...rest, valueBoolean: valueCoding.code === 'true' } : valueCoding ? { ...rest, valueCoding } : rest,
  );
}
