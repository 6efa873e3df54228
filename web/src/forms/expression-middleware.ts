/**
 * The form store's side of expressions.ts: after every change of the answers, the form's FHIRPath
 * expressions are evaluated on the answers as the server reads them and refero gets the values
 * that changed (calculated items, the helpers of enableWhenExpression items), with its own action.
 */
import type { QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import type { Middleware } from '@reduxjs/toolkit';
import { getResponseItemAndPathWithLinkId, newAnswerValuesAction } from '@helsenorge/refero';
import { evaluateExpressions, serverItems, type Evaluate, type Expressions } from './expressions.ts';

type Answer = QuestionnaireResponseItemAnswer;
type ReferoState = { refero: { form: { FormData: { Content?: QuestionnaireResponse | null }; FormDefinition: { Content?: unknown } } } };

/**
 * A redux middleware for the form's store: after every change of the answers, the expressions are
 * evaluated on the server's reading of them and refero gets the values that changed.
 * `engine` loads fhirpath.js (only for forms with expressions).
 */
export function expressionMiddleware(form: () => { expressions: Expressions; radioIds: Set<string> }, engine: () => Promise<Evaluate>): Middleware {
  return (api) => {
    let evaluate: Evaluate | undefined;
    let lastSeen: unknown;
    const update = () => {
      const state = api.getState() as ReferoState;
      const qr = state.refero?.form?.FormData?.Content;
      const definition = state.refero?.form?.FormDefinition?.Content;
      if (!evaluate || !qr?.item || !definition || qr === lastSeen) return;
      lastSeen = qr;
      const { expressions, radioIds } = form();
      const { calculated, enabled } = evaluateExpressions(expressions, serverItems(qr.item, radioIds), evaluate);
      const wanted = new Map<string, { answer: Answer[]; item: QuestionnaireItem }>();
      for (const c of expressions.calculated) wanted.set(c.linkId, { answer: calculated.get(c.linkId) ?? [], item: c.item });
      for (const [helper, on] of enabled) wanted.set(helper, { answer: [{ valueBoolean: on }], item: { linkId: helper, type: 'boolean' } });
      const changes: { itemPath: unknown; newAnswer: Answer[]; item: QuestionnaireItem }[] = [];
      for (const [linkId, w] of wanted)
        for (const found of getResponseItemAndPathWithLinkId(linkId, qr as never) as { item: { answer?: Answer[] }; path: unknown }[])
          if (JSON.stringify(found.item.answer ?? []) !== JSON.stringify(w.answer)) changes.push({ itemPath: found.path, newAnswer: w.answer, item: w.item });
      if (changes.length) api.dispatch(newAnswerValuesAction(changes as never));
    };
    const { expressions } = form();
    if (expressions.calculated.length || expressions.enableWhen.size)
      void engine().then((e) => {
        evaluate = e;
        update();
      });
    return (next) => (action) => {
      const result = next(action);
      update();
      return result;
    };
  };
}

