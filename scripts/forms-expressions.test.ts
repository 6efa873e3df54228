/**
 * FHIRPath in the browser (web/src/forms/expressions.ts): a calculated expression and an
 * enableWhenExpression that read a yes/no question drawn as radio buttons see the answer as the
 * server does — a boolean — not the option the renderer holds; helper items stay on the page.
 * Evaluated with fhirpath.js and the R4 model, as the page loads them.
 */
import type { Extension, Questionnaire } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ITEM_CONTROL_URL, radioQuestionnaire, YES_NO_SYSTEM } from '../web/src/forms/boolean-radio.ts';
import { CALCULATED_URL, ENABLE_WHEN_EXPRESSION_URL, evaluateExpressions, expressionQuestionnaire, HELPER_PREFIX, loadFhirpath, serverItems } from '../web/src/forms/expressions.ts';

const radio = { url: ITEM_CONTROL_URL, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] } };
const expr = (url: string, expression: string): Extension => ({ url, valueExpression: { language: 'text/fhirpath', expression } });
const SMOKES = "%resource.repeat(item).where(linkId = 'smoke').answer.value";
const questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  item: [
    { linkId: 'smoke', type: 'boolean', text: 'Røyker du?', required: true, extension: [radio] },
    { linkId: 'risk', type: 'integer', text: 'Risikopoeng', readOnly: true, extension: [expr(CALCULATED_URL, `iif(${SMOKES} = true, 2, 0)`)] },
    {
      linkId: 'g',
      type: 'group',
      text: 'Mer',
      item: [{ linkId: 'how-much', type: 'integer', text: 'Hvor mange om dagen?', extension: [expr(ENABLE_WHEN_EXPRESSION_URL, `${SMOKES} = true`)] }],
    },
  ],
} satisfies Questionnaire;
const labels = { yes: 'Ja', no: 'Nei' };
const option = (v: boolean) => ({ valueCoding: { system: YES_NO_SYSTEM, code: String(v), display: v ? 'Ja' : 'Nei' } });

describe('FHIRPath on a yes/no radio question, in the browser', async () => {
  const evaluate = await loadFhirpath();
  const { questionnaire: drawn, radioIds } = radioQuestionnaire(questionnaire, labels);
  const { questionnaire: shown, expressions } = expressionQuestionnaire(drawn);
  /** The renderer's answers (the radio question holds the option) as the page evaluates them. */
  const run = (smokes: boolean) =>
    evaluateExpressions(expressions, serverItems([{ linkId: 'smoke', answer: [option(smokes)] }, { linkId: 'risk' }, { linkId: 'g', item: [{ linkId: 'how-much' }] }], radioIds), evaluate);

  it('a calculated expression sees true / false, not the option', () => {
    expect(run(true).calculated.get('risk')).toEqual([{ valueInteger: 2 }]);
    expect(run(false).calculated.get('risk')).toEqual([{ valueInteger: 0 }]);
    // Evaluated on the option instead (what the renderer holds), the same expression says 0 for "Ja".
    const onOption = evaluateExpressions(expressions, [{ linkId: 'smoke', answer: [option(true)] }], evaluate);
    expect(onOption.calculated.get('risk')).toEqual([{ valueInteger: 0 }]);
  });

  it('an enableWhenExpression sees true / false: the item is asked only after "Ja", through a hidden helper next to it', () => {
    const helper = `${HELPER_PREFIX}how-much`;
    expect(run(true).enabled.get(helper)).toBe(true);
    expect(run(false).enabled.get(helper)).toBe(false);
    const group = shown.item!.find((i) => i.linkId === 'g')!;
    expect(group.item!.map((i) => i.linkId)).toEqual([helper, 'how-much']);
    expect(group.item![1]!.enableWhen).toEqual([{ question: helper, operator: '=', answerBoolean: true }]);
  });

  it('sends the answers as the form asks them: booleans, no helper items', () => {
    const items = serverItems(
      [
        { linkId: 'smoke', answer: [option(true)] },
        { linkId: 'g', item: [{ linkId: `${HELPER_PREFIX}how-much`, answer: [{ valueBoolean: true }] }, { linkId: 'how-much', answer: [{ valueInteger: 10 }] }] },
      ],
      radioIds,
    );
    expect(items).toEqual([
      { linkId: 'smoke', answer: [{ valueBoolean: true }] },
      { linkId: 'g', item: [{ linkId: 'how-much', answer: [{ valueInteger: 10 }] }] },
    ]);
  });

  it('leaves a form without expressions as it is', () => {
    const plain: Questionnaire = { resourceType: 'Questionnaire', status: 'active', item: [questionnaire.item[0]!] };
    expect(expressionQuestionnaire(plain).questionnaire).toBe(plain);
  });
});
