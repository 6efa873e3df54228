/**
 * FHIRPath in the browser, on the answers as the server reads them. @helsenorge/refero does not
 * evaluate the SDC extensions the forms use (`calculatedExpression`, `enableWhenExpression`), and
 * the answers it holds are not the form's own where a yes/no question is drawn as radio buttons
 * (boolean-radio.ts: its store holds the option, a Coding). So the page evaluates them itself,
 * with fhirpath.js and the R4 model as the server does (server/src/modules/forms/response.ts),
 * on `fromRenderer`'s answers — booleans — and hands refero the results:
 *
 * - a calculated item gets its value (a score, a band) as refero's own calculations set answers;
 * - an item with an enableWhenExpression is shown when a hidden yes/no helper item next to it
 *   (`hd-ewe-<linkId>`, set from the expression) says so: refero's own enableWhen does the rest
 *   (hiding, clearing answers). Helper items never leave the page (fromRenderer drops them).
 *
 * The server recomputes and checks everything again on submit; this only makes the page agree.
 * The store side (a redux middleware handing refero the values) is expression-middleware.ts.
 */
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import { fromRenderer } from './boolean-radio.ts';

export const CALCULATED_URL = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';
export const ENABLE_WHEN_EXPRESSION_URL = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const HIDDEN_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden';
/** The linkId prefix of the page's helper items (never sent). */
export const HELPER_PREFIX = 'hd-ewe-';


/** What a FHIRPath engine must offer (fhirpath.js's evaluate). */
export type Evaluate = (resource: unknown, expression: string, env: Record<string, unknown>) => unknown[];

function expressionOf(item: QuestionnaireItem, url: string): string | undefined {
  return item.extension?.find((x) => x.url === url)?.valueExpression?.expression;
}

/** The form's expressions, in the form's order (calculations run in it, as on the server). */
export interface Expressions {
  calculated: { linkId: string; type: string; expression: string; item: QuestionnaireItem }[];
  /** Helper linkId → the enableWhenExpression it answers. */
  enableWhen: Map<string, string>;
}

/**
 * The questionnaire as the renderer gets it for its expressions: each item with an
 * enableWhenExpression gets a hidden helper before it and an enableWhen on the helper.
 */
export function expressionQuestionnaire(q: Questionnaire): { questionnaire: Questionnaire; expressions: Expressions } {
  const expressions: Expressions = { calculated: [], enableWhen: new Map() };
  const turn = (items: QuestionnaireItem[] | undefined): QuestionnaireItem[] | undefined =>
    items?.flatMap((i) => {
      const calc = expressionOf(i, CALCULATED_URL);
      if (calc) expressions.calculated.push({ linkId: i.linkId, type: i.type ?? 'string', expression: calc, item: i });
      const ewe = expressionOf(i, ENABLE_WHEN_EXPRESSION_URL);
      const out: QuestionnaireItem = { ...i, ...(i.item ? { item: turn(i.item) } : {}) };
      if (!ewe) return [out];
      const helper = `${HELPER_PREFIX}${i.linkId}`;
      expressions.enableWhen.set(helper, ewe);
      out.enableWhen = [{ question: helper, operator: '=', answerBoolean: true }];
      delete out.enableBehavior;
      const hidden: QuestionnaireItem = { linkId: helper, type: 'boolean', readOnly: true, extension: [{ url: HIDDEN_URL, valueBoolean: true }] };
      return [hidden, out];
    });
  const item = turn(q.item);
  if (!expressions.calculated.length && !expressions.enableWhen.size) return { questionnaire: q, expressions };
  return { questionnaire: { ...q, item }, expressions };
}

/** Sets the answers of an item wherever it is (the first one with that linkId), as the server does. */
function setAnswer(items: QuestionnaireResponseItem[], linkId: string, answer: QuestionnaireResponseItemAnswer[]): void {
  const find = (list: QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem | undefined => {
    for (const i of list ?? []) {
      if (i.linkId === linkId) return i;
      const inner = find(i.item) ?? i.answer?.map((a) => find(a.item)).find(Boolean);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = find(items);
  if (found) found.answer = answer;
  else if (answer.length) items.push({ linkId, answer });
}

/**
 * Evaluates the form's expressions on the answers as the server reads them (`items`: yes/no
 * radio answers already booleans, no helper items): each calculated item's answers, in order
 * (a later one sees the earlier ones), and whether each helper's item is enabled.
 */
export function evaluateExpressions(
  expressions: Expressions,
  items: QuestionnaireResponseItem[],
  evaluate: Evaluate,
): { calculated: Map<string, QuestionnaireResponseItemAnswer[]>; enabled: Map<string, boolean> } {
  const answers = structuredClone(items);
  const qr = (): QuestionnaireResponse => ({ resourceType: 'QuestionnaireResponse', status: 'in-progress', item: answers });
  const run = (expression: string): unknown[] => {
    try {
      const r = qr();
      return evaluate(r, expression, { resource: r });
    } catch {
      // An expression that fails on these answers gives no value (the server does the same).
      return [];
    }
  };
  const calculated = new Map<string, QuestionnaireResponseItemAnswer[]>();
  for (const c of expressions.calculated) {
    const v = run(c.expression)[0];
    const value = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
    const key = c.type === 'integer' ? 'valueInteger' : c.type === 'decimal' ? 'valueDecimal' : c.type === 'boolean' ? 'valueBoolean' : 'valueString';
    const answer = value === null ? [] : [{ [key]: key === 'valueInteger' && typeof value === 'number' ? Math.round(value) : value }];
    setAnswer(answers, c.linkId, answer);
    calculated.set(c.linkId, answer);
  }
  const enabled = new Map<string, boolean>();
  for (const [helper, expression] of expressions.enableWhen) {
    const r = run(expression);
    enabled.set(helper, r.length > 0 && r[0] === true);
  }
  return { calculated, enabled };
}

/** The renderer's answers as the server reads them: yes/no radio answers as booleans, without the page's helper items. */
export function serverItems(items: QuestionnaireResponseItem[] | undefined, radioIds: Set<string>): QuestionnaireResponseItem[] {
  const strip = (list: QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem[] | undefined =>
    list
      ?.filter((i) => !String(i.linkId ?? '').startsWith(HELPER_PREFIX))
      .map((i) => ({
        ...i,
        ...(i.item ? { item: strip(i.item) } : {}),
        ...(i.answer ? { answer: i.answer.map((a) => (a.item ? { ...a, item: strip(a.item) } : a)) } : {}),
      }));
  return strip(fromRenderer(items, radioIds)) ?? [];
}

/** fhirpath.js with the R4 model, loaded when a form has expressions (it is large). */
export async function loadFhirpath(): Promise<Evaluate> {
  const [{ default: fhirpath }, { default: r4 }] = await Promise.all([import('fhirpath'), import('fhirpath/fhir-context/r4/index.js')]);
  return (resource, expression, env) => fhirpath.evaluate(resource as never, expression, env as never, r4) as unknown[];
}
