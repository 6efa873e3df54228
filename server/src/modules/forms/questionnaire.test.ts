/**
 * The Questionnaire import check and the server-side response check (never trusting the
 * renderer): required, enableWhen (answers to disabled items rejected; required only when
 * enabled), answer types, options, repeating groups, calculated scores (PHQ-9), triage rule.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_FORMS, PHQ9, PRECONSULTATION, TRIAGE, WAITING_LIST } from './demo-forms.ts';
import { importable, questionnaireProblems, type Questionnaire } from './questionnaire.ts';
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { checkResponse } from './response.ts';
import { recommendChannel, withRuleId } from './triage.ts';
import { responsePdf, responseText } from './render.ts';

const q = (over: Record<string, unknown> = {}, items: unknown[] = [{ linkId: 'a', type: 'string', text: 'A' }]) => ({
  resourceType: 'Questionnaire',
  url: 'https://example.no/fhir/Questionnaire/x',
  title: 'X',
  status: 'active',
  item: items,
  ...over,
});
const PHQ = 'https://helsedialog.no/fhir/CodeSystem/form-answer/phq';
const phqAnswers = (codes: number[]): QuestionnaireResponseItem[] =>
  codes.map((c, i) => ({ linkId: `phq9-${i + 1}`, answer: [{ valueCoding: { system: PHQ, code: String(c) } }] }));

describe('importing a Questionnaire', () => {
  it('accepts the demo forms', () => {
    for (const f of DEMO_FORMS) expect(questionnaireProblems(f.questionnaire), f.questionnaire.title).toEqual([]);
    for (const f of DEMO_FORMS) expect(importable(f.questionnaire), f.questionnaire.title).toEqual({ problems: [], questionnaire: f.questionnaire });
  });

  it('holds an import to FHIR R4 itself, refuses contained resources and keeps no narrative', () => {
    const junk = q({
      date: 'not-a-date',
      foo: { bar: 1 },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>' },
      contained: [{ resourceType: 'Patient', id: 'p1', name: [{ text: 'Injected Patient' }] }],
      item: [{ linkId: 'a', type: 'string', text: 'Say something', bogus: true }],
    });
    expect(questionnaireProblems(junk)).toEqual([]);
    expect(importable(junk)).toEqual({
      problems: [
        'contained[0]: a form can contain value sets (ValueSet with an id) only, not Patient.',
        'Not valid FHIR R4: Invalid dateTime format (at Questionnaire.date).',
        'Not valid FHIR R4: Invalid additional property "bogus" (at Questionnaire.item[0].bogus).',
        'Not valid FHIR R4: Invalid additional property "foo" (at Questionnaire.foo).',
      ],
      questionnaire: null,
    });
    const narrated = q({ text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Skjema</p></div>' } });
    const kept = importable(narrated);
    expect(kept.problems).toEqual([]);
    expect(kept.questionnaire).not.toHaveProperty('text');
    expect(kept.questionnaire).toMatchObject({ url: narrated.url, item: narrated.item });
  });

  it('takes choice options from a contained ValueSet (as the Helsenorge form builder writes them), refuses a value set outside the form', () => {
    const vs = {
      resourceType: 'ValueSet',
      id: 'ja-nei',
      status: 'active',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
      compose: { include: [{ system: 'urn:oid:2.16.578.1.12.4.1.1101', concept: [{ code: '1', display: 'Ja' }, { code: '2', display: 'Nei' }] }] },
    };
    const form = q({ contained: [vs] }, [{ linkId: 'c', type: 'choice', text: 'Røyker du?', required: true, answerValueSet: '#ja-nei' }]);
    const imported = importable(form);
    expect(imported.problems).toEqual([]);
    expect(imported.questionnaire!.contained).toEqual([{ resourceType: 'ValueSet', id: 'ja-nei', status: 'active', compose: vs.compose }]);
    const qn = imported.questionnaire!;
    const answer = (code: string) => [{ linkId: 'c', answer: [{ valueCoding: { system: 'urn:oid:2.16.578.1.12.4.1.1101', code, display: 'Spoofed' } }] }];
    const ok = checkResponse(qn, answer('2'), { final: true });
    expect(ok.problems).toEqual([]);
    // Stored with the value set's own display, not the client's.
    expect(ok.items).toEqual([{ linkId: 'c', text: 'Røyker du?', answer: [{ valueCoding: { system: 'urn:oid:2.16.578.1.12.4.1.1101', code: '2', display: 'Nei' } }] }]);
    expect(checkResponse(qn, answer('9'), { final: true }).problems).toEqual(['"c" (Røyker du?): "9" is not one of the options.']);

    expect(importable(q({}, [{ linkId: 'c', type: 'choice', text: 'Røyker du?', answerValueSet: 'https://example.no/ValueSet/ja-nei' }])).problems).toEqual([
      '"c": answerValueSet "https://example.no/ValueSet/ja-nei" names a value set outside the form; give the options as answerOption or as a contained ValueSet ("#id").',
    ]);
    expect(importable(q({ contained: [vs] }, [{ linkId: 'c', type: 'choice', text: 'Røyker du?', answerValueSet: '#other' }])).problems).toEqual([
      '"c": answerValueSet "#other" names no contained ValueSet with codes (compose.include.concept or expansion.contains).',
    ]);
  });

  it('names each problem with its place', () => {
    expect(questionnaireProblems([])).toEqual([expect.stringContaining('not a JSON object')]);
    expect(questionnaireProblems({ resourceType: 'Patient' })).toEqual([expect.stringContaining('"Patient"; it must be "Questionnaire"')]);
    expect(questionnaireProblems(q({ url: 'not a uri' }))).toEqual([expect.stringContaining('url is missing or not an absolute URI')]);
    expect(questionnaireProblems(q({ status: 'final' }))).toEqual([expect.stringContaining('status must be one of')]);
    expect(questionnaireProblems(q({ status: 'retired' }))).toEqual([expect.stringContaining('status is "retired"')]);
    expect(questionnaireProblems(q({ title: '' }))).toEqual([expect.stringContaining('title is missing')]);
    expect(questionnaireProblems(q({}, []))).toEqual([expect.stringContaining('item is missing or empty')]);
    expect(
      questionnaireProblems(
        q({}, [
          { linkId: 'a', type: 'string', text: 'A' },
          { linkId: 'a', type: 'string', text: 'B' },
        ]),
      ),
    ).toEqual(['item[1] (linkId "a"): linkId "a" is used twice (also at item[0]); every linkId must be unique.']);
    expect(questionnaireProblems(q({}, [{ type: 'string', text: 'A' }]))).toEqual(['item[0] has no linkId.']);
    expect(questionnaireProblems(q({}, [{ linkId: 'a', type: 'slider', text: 'A' }]))).toEqual([expect.stringContaining('type "slider" is not supported')]);
    expect(questionnaireProblems(q({}, [{ linkId: 'g', type: 'group', text: 'G' }]))).toEqual([expect.stringContaining('a group must contain items')]);
    expect(questionnaireProblems(q({}, [{ linkId: 'c', type: 'choice', text: 'C' }]))).toEqual([expect.stringContaining('needs answerOption')]);
    expect(questionnaireProblems(q({}, [{ linkId: 'c', type: 'choice', text: 'C', answerOption: [{ valueCoding: { display: 'no code' } }] }]))).toEqual([
      expect.stringContaining('answerOption[0].valueCoding needs a code'),
    ]);
  });

  it('checks that enableWhen refers to an existing item, with a valid operator and one answer', () => {
    const items = (ew: unknown, extra: Record<string, unknown> = {}) => [
      { linkId: 'a', type: 'boolean', text: 'A' },
      { linkId: 'b', type: 'string', text: 'B', enableWhen: ew, ...extra },
    ];
    expect(questionnaireProblems(q({}, items([{ question: 'zz', operator: '=', answerBoolean: true }])))).toEqual([
      'item[1] (linkId "b"): enableWhen[0] refers to "zz", which is not an item of this questionnaire.',
    ]);
    expect(questionnaireProblems(q({}, items([{ question: 'b', operator: '=', answerBoolean: true }])))).toEqual([
      'item[1] (linkId "b"): enableWhen[0] refers to the item itself.',
    ]);
    expect(questionnaireProblems(q({}, items([{ question: 'a', operator: '~', answerBoolean: true }])))).toEqual([
      expect.stringContaining('operator must be one of'),
    ]);
    expect(questionnaireProblems(q({}, items([{ question: 'a', operator: '=' }])))).toEqual([expect.stringContaining('exactly one answer[x]')]);
    expect(
      questionnaireProblems(
        q(
          {},
          items([
            { question: 'a', operator: '=', answerBoolean: true },
            { question: 'a', operator: 'exists', answerBoolean: true },
          ]),
        ),
      ),
    ).toEqual([expect.stringContaining('enableBehavior must be "all" or "any"')]);
    // A reference to an item later in the form is fine.
    expect(
      questionnaireProblems(
        q({}, [
          { linkId: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'a', operator: 'exists', answerBoolean: true }] },
          { linkId: 'a', type: 'boolean', text: 'A' },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses a calculated expression that does not parse', () => {
    const bad = q({}, [
      {
        linkId: 's',
        type: 'integer',
        text: 'S',
        extension: [
          { url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression', valueExpression: { expression: 'item.where(' } },
        ],
      },
    ]);
    expect(questionnaireProblems(bad)).toEqual([expect.stringContaining('does not parse')]);
  });

  it('reads expressions only from the extensions that are objects (a null in the list threw before)', () => {
    const calculated = { url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression', valueExpression: { expression: 'item.where(' } };
    const odd = q({}, [{ linkId: 's', type: 'integer', text: 'S', extension: [null, 'x', calculated] }]);
    expect(questionnaireProblems(odd)).toEqual([expect.stringContaining('does not parse')]);
  });
});

describe('checking a response', () => {
  const pre = PRECONSULTATION;
  const base: QuestionnaireResponseItem[] = [
    { linkId: 'reason', answer: [{ valueString: 'Vondt i ryggen' }] },
    { linkId: 'duration', answer: [{ valueCoding: { system: 'https://helsedialog.no/fhir/CodeSystem/form-answer', code: 'weeks' } }] },
    { linkId: 'medication', answer: [{ valueBoolean: false }] },
  ];

  it('accepts a complete response, and a draft that is not complete', () => {
    expect(checkResponse(pre, base, { final: true }).problems).toEqual([]);
    expect(checkResponse(pre, [base[0]!], { final: false }).problems).toEqual([]);
  });

  it('requires required answers on submit', () => {
    expect(checkResponse(pre, [base[0]!], { final: true }).problems).toEqual([
      '"duration" (Hvor lenge har du hatt plagene?) is required.',
      '"medication" (Bruker du faste medisiner?) is required.',
    ]);
  });

  it('rejects answers to disabled items, and requires enabled ones only when enabled', () => {
    const meds = { linkId: 'medications', item: [{ linkId: 'medication-name', answer: [{ valueString: 'Paracet' }] }] };
    expect(checkResponse(pre, [...base, meds], { final: true }).problems).toEqual([
      '"medications" (Medisiner) is not asked given the other answers, so it cannot be answered.',
    ]);
    const withMeds = base.map((i) => (i.linkId === 'medication' ? { linkId: 'medication', answer: [{ valueBoolean: true }] } : i));
    expect(checkResponse(pre, [...withMeds, meds], { final: true }).problems).toEqual([]);
    // allergy yes → what is required; allergy no → what cannot be answered.
    expect(checkResponse(pre, [...base, { linkId: 'allergy', answer: [{ valueBoolean: true }] }], { final: true }).problems).toEqual([
      '"allergy-what" (Hva er du allergisk mot?) is required.',
    ]);
    expect(
      checkResponse(pre, [...base, { linkId: 'allergy', answer: [{ valueBoolean: false }] }, { linkId: 'allergy-what', answer: [{ valueString: 'Nøtter' }] }], {
        final: false,
      }).problems,
    ).toEqual(['"allergy-what" (Hva er du allergisk mot?) is not asked given the other answers, so it cannot be answered.']);
  });

  it('checks repeating groups: several instances, each with its own required answers', () => {
    const withMeds = base.map((i) => (i.linkId === 'medication' ? { linkId: 'medication', answer: [{ valueBoolean: true }] } : i));
    const two = [
      { linkId: 'medications', item: [{ linkId: 'medication-name', answer: [{ valueString: 'A' }] }] },
      { linkId: 'medications', item: [{ linkId: 'medication-dose', answer: [{ valueString: '1 mg' }] }] },
    ];
    expect(checkResponse(pre, [...withMeds, ...two], { final: true }).problems).toEqual(['"medications" → "medication-name" (Navn på medisinen) is required.']);
    // A non-repeating item given twice is refused.
    expect(checkResponse(pre, [...base, base[0]!], { final: true }).problems).toEqual([
      '"reason" (Hva ønsker du å snakke om?) is given 2 times; it is not a repeating group.',
      '"reason" (Hva ønsker du å snakke om?) takes one answer, not 2.',
    ]);
  });

  it('checks answer types, options and unknown questions', () => {
    // What a client may send: not R4 (a string as valueBoolean), so typed as raw JSON.
    const bad: unknown[] = [
      { linkId: 'reason', answer: [{ valueInteger: 3 }] },
      { linkId: 'duration', answer: [{ valueCoding: { system: 'https://helsedialog.no/fhir/CodeSystem/form-answer', code: 'years' } }] },
      { linkId: 'medication', answer: [{ valueBoolean: 'yes' }] },
      { linkId: 'nope', answer: [{ valueString: 'x' }] },
    ];
    expect(checkResponse(pre, bad, { final: true }).problems).toEqual([
      '"nope" is not a question of this form (or not at this place in it).',
      '"reason" (Hva ønsker du å snakke om?) is a text question and cannot be answered with valueInteger.',
      '"duration" (Hvor lenge har du hatt plagene?): "years" is not one of the options.',
      '"medication" (Bruker du faste medisiner?): the answer must be true or false.',
    ]);
    expect(checkResponse(pre, [{ linkId: 'reason', answer: [{ valueString: 'x'.repeat(2001) }] }], { final: false }).problems).toEqual([
      '"reason" (Hva ønsker du å snakke om?): the answer is longer than 2000 characters.',
    ]);
    expect(checkResponse(pre, [{ answer: [] }], { final: false }).problems).toEqual(['item[0] must be an object with a linkId.']);
    expect(checkResponse(pre, 'x', { final: false }).problems).toEqual(['item must be a list of answers.']);
  });

  it('recomputes PHQ-9 total and severity, whatever the client sent', () => {
    const sent = [...phqAnswers([3, 3, 3, 3, 3, 2, 2, 1, 0]), { linkId: 'phq9-total', answer: [{ valueInteger: 0 }] }];
    const r = checkResponse(PHQ9, sent, { final: true });
    expect(r.problems).toEqual([]);
    expect(r.scores).toEqual([
      { linkId: 'phq9-total', text: 'Sum PHQ-9', value: 20 },
      { linkId: 'phq9-severity', text: 'Alvorlighetsgrad', value: 'Alvorlig (20–27)' },
    ]);
    expect(r.items.find((i) => i.linkId === 'phq9-total')!.answer).toEqual([{ valueInteger: 20 }]);
    for (const [codes, band] of [
      [[0, 0, 0, 0, 0, 0, 0, 0, 4 - 4], 'Minimal (0–4)'],
      [[1, 1, 1, 1, 1, 0, 0, 0, 0], 'Mild (5–9)'],
      [[2, 2, 2, 2, 2, 0, 0, 0, 0], 'Moderat (10–14)'],
      [[2, 2, 2, 2, 2, 2, 2, 1, 0], 'Moderat alvorlig (15–19)'],
    ] as const)
      expect(checkResponse(PHQ9, phqAnswers([...codes]), { final: true }).scores[1]!.value).toBe(band);
    expect(checkResponse(PHQ9, phqAnswers([0, 0, 0]), { final: true }).problems).toHaveLength(6);
  });

  it('honours enableWhen on a waiting-list confirmation chain', () => {
    const w = WAITING_LIST;
    // An unticked checkbox of an item that is not asked (refero sends false) is no answer, and is not stored.
    const unticked = checkResponse(
      w,
      [
        { linkId: 'keep', answer: [{ valueBoolean: false }] },
        { linkId: 'short-notice', answer: [{ valueBoolean: false }] },
      ],
      { final: true },
    );
    expect(unticked.problems).toEqual([]);
    expect(unticked.items.find((i) => i.linkId === 'short-notice')).toBeUndefined();
    expect(
      checkResponse(
        w,
        [
          { linkId: 'keep', answer: [{ valueBoolean: false }] },
          { linkId: 'short-notice', answer: [{ valueBoolean: true }] },
        ],
        { final: true },
      ).problems,
    ).toEqual([
      '"short-notice" (Kan du komme på kort varsel (innen to dager) hvis en time blir ledig?) is not asked given the other answers, so it cannot be answered.',
    ]);
    expect(
      checkResponse(
        w,
        [
          { linkId: 'keep', answer: [{ valueBoolean: true }] },
          { linkId: 'phone', answer: [{ valueString: '99' }] },
        ],
        { final: true },
      ).problems,
    ).toEqual(['"phone" (Telefonnummer vi kan ringe deg på) is not asked given the other answers, so it cannot be answered.']);
  });

  it('decides what is asked from the calculated values it computes, not from those the client sent', () => {
    const calc = (expression: string) => [{ url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression', valueExpression: { language: 'text/fhirpath', expression } }];
    const form = q({}, [
      { linkId: 'a', type: 'integer', text: 'A', required: true },
      { linkId: 'b', type: 'integer', text: 'B', required: true },
      { linkId: 'sum', type: 'integer', text: 'Sum', readOnly: true, extension: calc("%resource.repeat(item).where(linkId='a' or linkId='b').answer.value.sum()") },
      // Asked when the sum is high: by plain enableWhen and by an enableWhenExpression reading the sum.
      { linkId: 'high', type: 'string', text: 'High', required: true, enableWhen: [{ question: 'sum', operator: '>', answerInteger: 10 }] },
      {
        linkId: 'high-expr',
        type: 'string',
        text: 'High (expression)',
        extension: [
          {
            url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
            valueExpression: { language: 'text/fhirpath', expression: "%resource.repeat(item).where(linkId='sum').answer.value > 10" },
          },
        ],
      },
    ]) as unknown as Questionnaire;
    expect(questionnaireProblems(form)).toEqual([]);
    const ab = (a: number, b: number): QuestionnaireResponseItem[] => [
      { linkId: 'a', answer: [{ valueInteger: a }] },
      { linkId: 'b', answer: [{ valueInteger: b }] },
    ];
    // A client claiming a high sum cannot get questions asked that the real sum (2) does not ask.
    const faked = [...ab(1, 1), { linkId: 'sum', answer: [{ valueInteger: 99 }] }, { linkId: 'high', answer: [{ valueString: 'x' }] }, { linkId: 'high-expr', answer: [{ valueString: 'y' }] }];
    for (const final of [true, false])
      expect(checkResponse(form, faked, { final }).problems).toEqual([
        '"high" (High) is not asked given the other answers, so it cannot be answered.',
        '"high-expr" (High (expression)) is not asked given the other answers, so it cannot be answered.',
      ]);
    // A client that sends no (or a wrong low) sum still has the questions the real sum (12) asks.
    for (const sent of [[], [{ linkId: 'sum', answer: [{ valueInteger: 0 }] }]]) {
      const r = checkResponse(form, [...ab(5, 7), ...sent, { linkId: 'high', answer: [{ valueString: 'x' }] }, { linkId: 'high-expr', answer: [{ valueString: 'y' }] }], { final: true });
      expect(r.problems).toEqual([]);
      expect(r.scores).toEqual([{ linkId: 'sum', text: 'Sum', value: 12 }]);
      // And a required question the real sum asks is required.
      expect(checkResponse(form, [...ab(5, 7), ...sent], { final: true }).problems).toEqual(['"high" (High) is required.']);
    }
  });

  it('a calculated item that is not asked, or sits in a group not answered, is never held against the response', () => {
    const calc = (expression: string) => [{ url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression', valueExpression: { language: 'text/fhirpath', expression } }];
    const form = q({}, [
      { linkId: 'smoke', type: 'boolean', text: 'Røyker du?' },
      // Asked only for smokers; it computes 0 (not null) from no answers at all.
      { linkId: 'packs', type: 'integer', text: 'Pakker', enableWhen: [{ question: 'smoke', operator: '=', answerBoolean: true }] },
      { linkId: 'pack-score', type: 'integer', text: 'Poeng', readOnly: true, enableWhen: [{ question: 'smoke', operator: '=', answerBoolean: true }], extension: calc("%resource.repeat(item).where(linkId='packs').answer.count()") },
      {
        linkId: 'group',
        type: 'group',
        text: 'Mer',
        item: [
          { linkId: 'x', type: 'integer', text: 'X' },
          { linkId: 'x-score', type: 'integer', text: 'X-poeng', readOnly: true, extension: calc("%resource.repeat(item).where(linkId='x').answer.count()") },
        ],
      },
    ]) as unknown as Questionnaire;
    expect(questionnaireProblems(form)).toEqual([]);
    for (const final of [true, false]) expect(checkResponse(form, [{ linkId: 'smoke', answer: [{ valueBoolean: false }] }], { final }).problems).toEqual([]);
  });
});

describe('what a response may nest, and what is stored', () => {
  it('checks items under a question (or a text) where they stand: PHQ-9 answers cannot be smuggled under another question', () => {
    // All nine answered 0; a tenth "phq9-9" of 27 and an unknown item under phq9-1 (the old walk never looked there: total 27, "Alvorlig").
    const smuggled: QuestionnaireResponseItem[] = phqAnswers([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    smuggled[0]!.item = [
      { linkId: 'phq9-9', answer: [{ valueCoding: { system: PHQ, code: '27' } }] },
      { linkId: 'not-a-question', answer: [{ valueString: 'x' }] },
    ];
    const r = checkResponse(PHQ9, smuggled, { final: true });
    expect(r.problems).toEqual([expect.stringMatching(/^"phq9-1" .* has no questions under it, so it cannot contain items\.$/)]);
    expect(r.scores).toEqual([]);
    // A text to read holds nothing either.
    const underText = [...phqAnswers([0, 0, 0, 0, 0, 0, 0, 0, 0]), { linkId: 'phq9-intro', item: [{ linkId: 'x', answer: [{ valueString: 'y' }] }] }];
    expect(checkResponse(PHQ9, underText, { final: false }).problems).toEqual([
      '"phq9-intro" (Hvor ofte har du vært plaget av følgende problemer de siste to ukene?) is a text to read and takes no answer.',
    ]);
    // A question with children in the form: the items under it are those children, checked as such.
    const form = q({}, [
      { linkId: 'pain', type: 'boolean', text: 'Smerter?', item: [{ linkId: 'where', type: 'string', text: 'Hvor?', maxLength: 5 }] },
    ]) as unknown as Questionnaire;
    expect(questionnaireProblems(form)).toEqual([]);
    expect(checkResponse(form, [{ linkId: 'pain', item: [{ linkId: 'where', answer: [{ valueString: 'Ryggen' }] }] }], { final: true }).problems).toEqual([
      '"pain" → "where" (Hvor?): the answer is longer than 5 characters.',
    ]);
    expect(checkResponse(form, [{ linkId: 'pain', item: [{ linkId: 'other', answer: [{ valueString: 'x' }] }] }], { final: true }).problems).toEqual([
      '"pain" → "other" is not a question of this form (or not at this place in it).',
    ]);
    // FHIR (qrs-1): not both answers and items beside them; the children of an answer go under it.
    expect(
      checkResponse(form, [{ linkId: 'pain', answer: [{ valueBoolean: true }], item: [{ linkId: 'where', answer: [{ valueString: 'Arm' }] }] }], { final: true }).problems,
    ).toEqual(['"pain" (Smerter?): the questions under an answered question go in its answer (answer.item), not beside it.']);
    const ok = checkResponse(form, [{ linkId: 'pain', answer: [{ valueBoolean: true, item: [{ linkId: 'where', answer: [{ valueString: 'Arm' }] }] }] }], { final: true });
    expect(ok.problems).toEqual([]);
    expect(ok.items).toEqual([{ linkId: 'pain', text: 'Smerter?', answer: [{ valueBoolean: true, item: [{ linkId: 'where', text: 'Hvor?', answer: [{ valueString: 'Arm' }] }] }] }]);
  });

  it('a calculated item is the server’s wherever the client puts it', () => {
    const form = q({}, [
      { linkId: 'a', type: 'integer', text: 'A' },
      {
        linkId: 'q',
        type: 'boolean',
        text: 'Q',
        item: [
          {
            linkId: 'score',
            type: 'integer',
            text: 'Poeng',
            readOnly: true,
            extension: [
              {
                url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
                valueExpression: { language: 'text/fhirpath', expression: "%resource.repeat(item).where(linkId='a').answer.value.sum()" },
              },
            ],
          },
        ],
      },
    ]) as unknown as Questionnaire;
    const r = checkResponse(form, [{ linkId: 'a', answer: [{ valueInteger: 2 }] }, { linkId: 'q', answer: [{ valueBoolean: true, item: [{ linkId: 'score', answer: [{ valueInteger: 99 }] }] }] }], {
      final: true,
    });
    expect(r.problems).toEqual([]);
    expect(r.items[1]!.answer![0]!.item).toEqual([{ linkId: 'score', text: 'Poeng', answer: [{ valueInteger: 2 }] }]);
  });

  it('stores only linkId, the form’s own text and one value per answer: nothing else the client sent', () => {
    const sent = [
      { linkId: 'reason', text: 'Falsk spørsmål', extension: 'notalist', foo: { bar: 1 }, answer: [{ valueString: 'Vondt i ryggen', extra: true, extension: [{ url: 'x', valueString: 'y' }] }] },
      {
        linkId: 'duration',
        id: 'x',
        answer: [{ valueCoding: { system: 'https://helsedialog.no/fhir/CodeSystem/form-answer', code: 'weeks', display: '<b>Falsk</b>', userSelected: true, extension: [] } }],
      },
      { linkId: 'medication', answer: [{ valueBoolean: false }] },
    ];
    for (const final of [true, false]) {
      const r = checkResponse(PRECONSULTATION, sent, { final });
      expect(r.problems).toEqual([]);
      expect(r.items).toEqual([
        { linkId: 'reason', text: 'Hva ønsker du å snakke om?', answer: [{ valueString: 'Vondt i ryggen' }] },
        {
          linkId: 'duration',
          text: 'Hvor lenge har du hatt plagene?',
          answer: [{ valueCoding: { system: 'https://helsedialog.no/fhir/CodeSystem/form-answer', code: 'weeks', display: 'Noen uker' } }],
        },
        { linkId: 'medication', text: 'Bruker du faste medisiner?', answer: [{ valueBoolean: false }] },
      ]);
    }
  });

  it('a score is computed from the values alone: a weight the client attached to its answer counts for nothing', () => {
    const WEIGHT = 'http://hl7.org/fhir/StructureDefinition/itemWeight';
    const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
    const opt = (code: string, w: number) => ({ valueCoding: { system: 'urn:x', code, extension: [{ url: ORDINAL, valueDecimal: w }, { url: WEIGHT, valueDecimal: w }] } });
    const form = q({}, [
      { linkId: 'a', type: 'choice', text: 'Plager?', answerOption: [opt('no', 0), opt('yes', 3)] },
      {
        linkId: 'score',
        type: 'decimal',
        text: 'Poeng',
        readOnly: true,
        extension: [
          {
            url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
            valueExpression: { language: 'text/fhirpath', expression: "%resource.item.where(linkId='a').answer.value.weight().sum()" },
          },
        ],
      },
    ]);
    expect(questionnaireProblems(form)).toEqual([]);
    const score = (coding: Record<string, unknown>) => checkResponse(form as Questionnaire, [{ linkId: 'a', answer: [{ valueCoding: coding }] }], { final: true }).scores;
    expect(score({ system: 'urn:x', code: 'yes' })).toEqual([{ linkId: 'score', text: 'Poeng', value: 3 }]);
    const forged = { system: 'urn:x', code: 'no', extension: [{ url: WEIGHT, valueDecimal: 27 }, { url: ORDINAL, valueDecimal: 27 }] };
    expect(score(forged)).toEqual([{ linkId: 'score', text: 'Poeng', value: 0 }]);
  });

  it('takes an answer with no value that only holds the questions under it (as refero sends a question with children left blank)', () => {
    const form = q({}, [
      { linkId: 'p', type: 'boolean', text: 'Har du allergier?', item: [{ linkId: 'p.1', type: 'string', text: 'Hvilke?' }] },
      { linkId: 'b', type: 'string', text: 'Annet', required: true },
    ]) as Questionnaire;
    const empty: QuestionnaireResponseItem[] = [
      { linkId: 'p', answer: [{ item: [{ linkId: 'p.1' }] }] },
      { linkId: 'b', answer: [{ valueString: 'ok' }] },
    ];
    const r = checkResponse(form, empty, { final: true });
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual([{ linkId: 'b', text: 'Annet', answer: [{ valueString: 'ok' }] }]);
    const filled: QuestionnaireResponseItem[] = [
      { linkId: 'p', answer: [{ item: [{ linkId: 'p.1', answer: [{ valueString: 'Pollen' }] }] }] },
      { linkId: 'b', answer: [{ valueString: 'ok' }] },
    ];
    const f = checkResponse(form, filled, { final: true });
    expect(f.problems).toEqual([]);
    expect(f.items[0]).toEqual({ linkId: 'p', text: 'Har du allergier?', answer: [{ item: [{ linkId: 'p.1', text: 'Hvilke?', answer: [{ valueString: 'Pollen' }] }] }] });
    // Still: a holder is no answer to a required question.
    const req = { ...form, item: [{ ...form.item[0]!, required: true }, form.item[1]!] } as Questionnaire;
    expect(checkResponse(req, empty, { final: true }).problems).toEqual(['"p" (Har du allergier?) is required.']);
  });

  it('an enableWhenExpression that fails on the answers leaves its item not asked (never an error)', () => {
    const form = q({}, [
      { linkId: 'a', type: 'string', text: 'A', repeats: true },
      {
        linkId: 'b',
        type: 'string',
        text: 'B',
        extension: [
          {
            url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
            valueExpression: { language: 'text/fhirpath', expression: "%resource.item.where(linkId='a').answer.value.single() = 'yes'" },
          },
        ],
      },
      {
        linkId: 'c',
        type: 'string',
        text: 'C',
        extension: [
          {
            url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
            valueExpression: { language: 'text/fhirpath', expression: "%questionnaire.item.where(linkId='a').repeats" },
          },
        ],
      },
    ]) as unknown as Questionnaire;
    expect(questionnaireProblems(form)).toEqual([]);
    const twice = { linkId: 'a', answer: [{ valueString: 'yes' }, { valueString: 'no' }] };
    for (const final of [true, false]) {
      expect(checkResponse(form, [twice], { final }).problems).toEqual([]);
      expect(checkResponse(form, [twice, { linkId: 'b', answer: [{ valueString: 'x' }] }], { final }).problems).toEqual([
        '"b" (B) is not asked given the other answers, so it cannot be answered.',
      ]);
    }
    // One answer: b is asked; and %questionnaire is there as in a calculated expression.
    expect(checkResponse(form, [{ linkId: 'a', answer: [{ valueString: 'yes' }] }, { linkId: 'b', answer: [{ valueString: 'x' }] }, { linkId: 'c', answer: [{ valueString: 'z' }] }], { final: true }).problems).toEqual([]);
  });
});

describe('triage', () => {
  const ANS = 'https://helsedialog.no/fhir/CodeSystem/form-answer';
  const answers = (urgent: boolean, exam: boolean, duration: string, pref: string): QuestionnaireResponseItem[] => [
    { linkId: 'triage-urgent', answer: [{ valueBoolean: urgent }] },
    { linkId: 'triage-exam', answer: [{ valueBoolean: exam }] },
    { linkId: 'triage-duration', answer: [{ valueCoding: { system: ANS, code: duration } }] },
    { linkId: 'triage-preference', answer: [{ valueCoding: { system: ANS, code: pref } }] },
  ];
  it('recommends a channel by the documented rule, first match wins', () => {
    expect(checkResponse(TRIAGE, answers(true, false, 'long', 'written'), { final: true }).problems).toEqual([]);
    expect(recommendChannel(answers(true, false, 'long', 'written'))).toMatchObject({ channel: 'in_person', rule: expect.stringContaining('urgent') });
    expect(recommendChannel(answers(false, true, 'long', 'written'))).toMatchObject({ channel: 'in_person', rule: expect.stringContaining('examination') });
    expect(recommendChannel(answers(false, false, 'under-week', 'video'))).toMatchObject({ channel: 'phone' });
    expect(recommendChannel(answers(false, false, 'long', 'video'))).toMatchObject({ channel: 'video' });
    expect(recommendChannel(answers(false, false, 'weeks', 'written'))).toMatchObject({ channel: 'written' });
    expect(recommendChannel([])).toMatchObject({ channel: 'written', ruleId: 'default', rule: expect.stringContaining('No preference') });
    // A triage question a form puts under another question's answer is read there too.
    expect(recommendChannel([{ linkId: 'intro', answer: [{ valueBoolean: true, item: [{ linkId: 'triage-urgent', answer: [{ valueBoolean: true }] }] }] }])).toMatchObject({
      ruleId: 'urgent',
    });
  });

  it('names the rule by id (a response stored before the id was kept is matched by its text) and in bokmål in the record’s note', () => {
    const urgent = recommendChannel(answers(true, false, 'long', 'written'));
    expect(urgent.ruleId).toBe('urgent');
    expect(withRuleId({ channel: urgent.channel, rule: urgent.rule })).toEqual(urgent);
    expect(withRuleId({ channel: 'written', rule: 'something else' })).toMatchObject({ ruleId: 'default' });
    const r = checkResponse(TRIAGE, answers(true, false, 'long', 'written'), { final: true });
    const text = responseText(TRIAGE as Questionnaire, r.items, {
      patient: 'Kari Demodatter',
      submitter: null,
      submittedAt: new Date('2026-12-08T09:00:00Z'),
      scores: [],
      recommendation: urgent,
      version: '1',
    });
    expect(text).toContain('Anbefalt kanal: oppmøte (regel: Mulig akutte symptomer → oppmøte');
    expect(text).not.toMatch(/urgent|in person/);
  });
});

describe('rendering', () => {
  it('writes a readable note and a PDF of it', async () => {
    const r = checkResponse(PHQ9, phqAnswers([1, 1, 1, 1, 1, 0, 0, 0, 0]), { final: true });
    const text = responseText(PHQ9 as Questionnaire, r.items, {
      patient: 'Emma Testrud',
      submitter: 'Nina Testrud',
      submittedAt: new Date('2026-12-08T09:00:00Z'),
      scores: r.scores,
      recommendation: null,
      version: '1.0',
    });
    expect(text).toContain('Skjema: PHQ-9: spørsmål om humør og trivsel (versjon 1.0)');
    expect(text).toContain('Fylt ut av Nina Testrud på vegne av pasienten');
    expect(text).toContain('Lite interesse for eller glede av å gjøre ting: Flere dager');
    expect(text).toContain('Sum PHQ-9: 5');
    const pdf = await responsePdf('Skjema', text);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(800);
  });
});
