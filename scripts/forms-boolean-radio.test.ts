/**
 * Yes/no questions as radio buttons (web/src/forms/boolean-radio.ts): a boolean item that asks
 * for radio buttons is drawn as a two-option choice, conditions on it follow, and the answers go
 * back to the server as valueBoolean — also inside groups and repeats; other items are untouched.
 */
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { fromRenderer, ITEM_CONTROL_URL, radioQuestionnaire, toRenderer, YES_NO_SYSTEM } from '../web/src/forms/boolean-radio.ts';

const radio = { url: ITEM_CONTROL_URL, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] } };
const labels = { yes: 'Ja', no: 'Nei' };
const questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  item: [
    { linkId: 'smoke', type: 'boolean', text: 'Røyker du?', required: true, extension: [radio] },
    { linkId: 'box', type: 'boolean', text: 'Jeg bekrefter' },
    {
      linkId: 'g',
      type: 'group',
      text: 'Mer',
      item: [
        { linkId: 'daily', type: 'boolean', text: 'Daglig?', extension: [radio] },
        { linkId: 'how-much', type: 'integer', text: 'Hvor mye?', enableWhen: [{ question: 'smoke', operator: '=', answerBoolean: true }] },
      ],
    },
  ],
} satisfies Questionnaire;

describe('yes/no as radio buttons', () => {
  const { questionnaire: shown, radioIds } = radioQuestionnaire(questionnaire, labels);
  const items: QuestionnaireItem[] = shown.item!;

  it('draws the boolean items that ask for it as two options, and leaves plain checkboxes alone', () => {
    expect([...radioIds]).toEqual(['smoke', 'daily']);
    expect(items[0]).toMatchObject({
      type: 'choice',
      required: true,
      answerOption: [{ valueCoding: { system: YES_NO_SYSTEM, code: 'true', display: 'Ja' } }, { valueCoding: { system: YES_NO_SYSTEM, code: 'false', display: 'Nei' } }],
    });
    expect(items[1]).toEqual(questionnaire.item[1]);
    const group = items[2]!.item!;
    expect(group[0]!.type).toBe('choice');
    // The condition on the radio question asks the option now.
    expect(group[1]!.enableWhen).toEqual([{ question: 'smoke', operator: '=', answerCoding: { system: YES_NO_SYSTEM, code: 'true', display: 'Ja' } }]);
    // The stored questionnaire is not changed.
    expect(questionnaire.item[0]!.type).toBe('boolean');
  });

  it('turns the answers both ways: saved booleans shown as options, chosen options sent as booleans', () => {
    const saved = [
      { linkId: 'smoke', answer: [{ valueBoolean: false }] },
      { linkId: 'box', answer: [{ valueBoolean: true }] },
      { linkId: 'g', item: [{ linkId: 'daily', answer: [{ valueBoolean: true }] }] },
    ];
    const drawn = toRenderer(saved, radioIds, labels)!;
    expect(drawn[0]!.answer).toEqual([{ valueCoding: { system: YES_NO_SYSTEM, code: 'false', display: 'Nei' } }]);
    expect(drawn[1]!.answer).toEqual([{ valueBoolean: true }]);
    expect(drawn[2]!.item![0]!.answer).toEqual([{ valueCoding: { system: YES_NO_SYSTEM, code: 'true', display: 'Ja' } }]);
    expect(fromRenderer(drawn, radioIds)).toEqual(saved);
  });

  it('changes nothing for a form without radio yes/no questions', () => {
    const plain: Questionnaire = { resourceType: 'Questionnaire', status: 'active', item: [questionnaire.item[1]!] };
    expect(radioQuestionnaire(plain, labels).questionnaire).toBe(plain);
  });
});
