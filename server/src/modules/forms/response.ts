/**
 * Server-side checking of a QuestionnaireResponse against the exact Questionnaire version it
 * answers (the renderer is never trusted): known linkIds only, answer types, repeats, answers
 * only to enabled items (enableWhen and enableWhenExpression), required answers where enabled
 * (on submit; a draft may be incomplete), and calculated items recomputed here (FHIRPath).
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import type {
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import { allItems, EXT, expressionOf, optionCodings, type Questionnaire } from './questionnaire.ts';
import type { Score } from './forms.tables.ts';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** The element `key` of a FHIR object whose choice element (value[x], answer[x]) is found by name. */
const field = (o: object, key: string): unknown => (o as Record<string, unknown>)[key];
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const MAX_STRING = 10_000;

/** The value[x] key each item type answers with. */
const VALUE_KEY: Record<string, string[]> = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  choice: ['valueCoding', 'valueString', 'valueInteger', 'valueDate', 'valueTime'],
  'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'],
  quantity: ['valueQuantity'],
};

function valueOf(a: QuestionnaireResponseItemAnswer): [string, unknown] | undefined {
  const keys = Object.keys(a).filter((k) => k.startsWith('value'));
  return keys.length === 1 ? [keys[0]!, field(a, keys[0]!)] : undefined;
}

function typeProblem(qn: Questionnaire, q: QuestionnaireItem, key: string, v: unknown): string | undefined {
  const t = q.type;
  const ok = (cond: boolean, what: string) => (cond ? undefined : `the answer must be ${what}`);
  switch (key) {
    case 'valueBoolean':
      return ok(typeof v === 'boolean', 'true or false');
    case 'valueDecimal':
      return ok(typeof v === 'number' && Number.isFinite(v), 'a number');
    case 'valueInteger':
      return ok(typeof v === 'number' && Number.isInteger(v), 'a whole number');
    case 'valueDate':
      return ok(typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)), 'a date (YYYY-MM-DD)');
    case 'valueDateTime':
      return ok(typeof v === 'string' && (DATE.test(v) || DATETIME.test(v)), 'a date and time');
    case 'valueTime':
      return ok(typeof v === 'string' && TIME.test(v), 'a time (hh:mm)');
    case 'valueString': {
      if (typeof v !== 'string' || !v.trim()) return 'the answer must be text';
      const max = q.maxLength ?? MAX_STRING;
      return v.length > max ? `the answer is longer than ${max} characters` : undefined;
    }
    case 'valueUri':
      return ok(typeof v === 'string' && /^\S+$/.test(v) && v.length <= 2000, 'a web address');
    case 'valueCoding': {
      if (!isObj(v) || typeof v.code !== 'string') return 'the answer must be one of the options';
      const options = optionCodings(qn, q);
      return options.some((o) => o.code === v.code && (o.system ?? null) === ((v.system as string | undefined) ?? o.system ?? null))
        ? undefined
        : `"${v.code}" is not one of the options`;
    }
    case 'valueAttachment':
      return ok(isObj(v) && typeof v.contentType === 'string' && (typeof v.data === 'string' || typeof v.url === 'string'), 'an attachment');
    case 'valueQuantity':
      return ok(isObj(v) && typeof v.value === 'number', 'a quantity');
  }
  return `type ${t} cannot be answered with ${key}`;
}

/** For choice items answered with a string/integer/date option: must be one of the options (open-choice: any text). */
function optionProblem(q: QuestionnaireItem, key: string, v: unknown): string | undefined {
  if (q.type !== 'choice' || key === 'valueCoding' || !q.answerOption) return undefined;
  return q.answerOption.some((o) => field(o, key) === v) ? undefined : `${JSON.stringify(v)} is not one of the options`;
}

/** All answers in the response by linkId (across groups), for enableWhen. */
function answersByLinkId(
  items: QuestionnaireResponseItem[],
  out = new Map<string, QuestionnaireResponseItemAnswer[]>(),
): Map<string, QuestionnaireResponseItemAnswer[]> {
  for (const i of items) {
    if (i.answer?.length) out.set(i.linkId, [...(out.get(i.linkId) ?? []), ...i.answer]);
    answersByLinkId(i.item ?? [], out);
    for (const a of i.answer ?? []) answersByLinkId(a.item ?? [], out);
  }
  return out;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (isObj(a) && isObj(b)) {
    // Codings: equal by system (when both have one) and code.
    const same = a.code === b.code && (!a.system || !b.system || a.system === b.system);
    return op === '=' ? same : op === '!=' ? !same : false;
  }
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : op === '<=' ? x <= y : false;
}

function conditionMet(ew: QuestionnaireItemEnableWhen, answers: Map<string, QuestionnaireResponseItemAnswer[]>): boolean {
  const given = (answers.get(ew.question) ?? []).map(valueOf).filter((v): v is [string, unknown] => !!v);
  if (ew.operator === 'exists') return given.length > 0 === ew.answerBoolean;
  const key = Object.keys(ew).find((k) => k.startsWith('answer'))!;
  const want = field(ew, key);
  if (ew.operator === '!=') return given.length === 0 || given.every(([, v]) => compare('!=', v, want));
  return given.some(([, v]) => compare(ew.operator, v, want));
}

export interface Checked {
  problems: string[];
  /** The response items with calculated answers recomputed (what is stored). */
  items: QuestionnaireResponseItem[];
  scores: Score[];
}

/**
 * Whether an item is enabled, given the answers and the response so far. An enableWhenExpression
 * is evaluated as a calculated one is (recompute: %resource and %questionnaire); one that fails on
 * these answers (it parsed at import; `.single()` over two answers fails at run time) leaves the
 * item not asked — an answer to it is then refused as to any item not asked, never a 500.
 */
function enabled(q: QuestionnaireItem, answers: Map<string, QuestionnaireResponseItemAnswer[]>, qr: QuestionnaireResponse, qn: Questionnaire): boolean {
  const expr = expressionOf(q, EXT.enableWhenExpression);
  if (expr) {
    try {
      const r = fhirpath.evaluate(qr, expr, { resource: qr, questionnaire: qn }, r4) as unknown[];
      return r.length > 0 && r[0] === true;
    } catch {
      return false;
    }
  }
  if (!q.enableWhen?.length) return true;
  const results = q.enableWhen.map((ew) => conditionMet(ew, answers));
  return q.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

/**
 * Checks response items against a questionnaire. `final`: a submit (required answers are
 * required); otherwise a draft (only shape, types and disabled items are checked).
 */
export function checkResponse(qn: Questionnaire, rawItems: unknown, opts: { final: boolean }): Checked {
  const problems: string[] = [];
  if (!Array.isArray(rawItems)) return { problems: ['item must be a list of answers.'], items: [], scores: [] };
  if (!validateShape(rawItems, problems)) return { problems, items: [], scores: [] };
  // Nothing reads the client's objects: expressions (calculated scores, enableWhenExpression) and
  // the checks below see only linkIds, the form's texts and the values themselves — an extension
  // (an item weight), a display or an unknown element sent with an answer counts for nothing.
  const items = sanitize(qn, qn.item, rawItems as QuestionnaireResponseItem[]);
  const qr = (): QuestionnaireResponse => ({ resourceType: 'QuestionnaireResponse', status: 'in-progress', item: items });
  // Calculated items are the server's to fill: recompute them (after removing what the client sent).
  const calculated = allItems(qn.item).filter((i) => expressionOf(i, EXT.calculated));
  // Before anything reads them (an enableWhen or enableWhenExpression may ask a calculated item),
  // the calculated answers are the server's own: what the client sent for them counts for nothing.
  recompute(qn, items, calculated);
  const answers = answersByLinkId(items);

  const walk = (qItems: QuestionnaireItem[], rItems: QuestionnaireResponseItem[], path: string) => {
    const byId = new Map(qItems.map((q) => [q.linkId, q]));
    for (const r of rItems) if (!byId.has(r.linkId)) problems.push(`${path}"${r.linkId}" is not a question of this form (or not at this place in it).`);
    for (const q of qItems) {
      const given = rItems.filter((r) => r.linkId === q.linkId);
      const where = `${path}"${q.linkId}"${q.text ? ` (${q.text})` : ''}`;
      const on = enabled(q, answers, qr(), qn);
      if (!on) {
        // A calculated item not asked has no answer: the server's own value (recomputed above) is dropped, never refused.
        if (expressionOf(q, EXT.calculated)) {
          for (const g of given) delete g.answer;
          continue;
        }
        // A renderer sends an unticked checkbox as false even where the item is not asked: that is no answer.
        for (const g of given) if (q.type === 'boolean' && g.answer?.every((x) => x.valueBoolean === false && Object.keys(x).length === 1)) delete g.answer;
        const hasContent = given.some(hasAnyValue);
        if (hasContent) problems.push(`${where} is not asked given the other answers, so it cannot be answered.`);
        continue;
      }
      if (given.length > 1 && !(q.type === 'group' && q.repeats)) problems.push(`${where} is given ${given.length} times; it is not a repeating group.`);
      if (q.type === 'group') {
        if (opts.final && q.required && !given.some((g) => g.item?.length)) problems.push(`${where} is required.`);
        for (const g of given) {
          if (g.answer?.length) problems.push(`${where} is a group and takes no answer of its own.`);
          walk(q.item ?? [], g.item ?? [], `${path}"${q.linkId}" → `);
        }
        continue;
      }
      if (q.type === 'display') {
        if (given.some((g) => g.answer?.length || g.item?.length)) problems.push(`${where} is a text to read and takes no answer.`);
        continue;
      }
      // Items directly under a question (not under one of its answers) are its children in the
      // form, or nothing: each is checked where it stands, as the form's children of the question.
      for (const g of given) {
        if (!g.item?.length) continue;
        if (!q.item?.length) problems.push(`${where} has no questions under it, so it cannot contain items.`);
        else if (g.answer?.length) problems.push(`${where}: the questions under an answered question go in its answer (answer.item), not beside it.`);
        else walk(q.item, g.item, `${path}"${q.linkId}" → `);
      }
      // An answer with no value of its own only carries the questions under the question (R4's
      // value[x] is 0..1; the renderer sends one for a question with children left unanswered).
      const holders = given.flatMap((g) => g.answer ?? []).filter((a) => !hasValueKey(a) && a.item?.length);
      for (const h of holders) walk(q.item ?? [], h.item!, `${path}"${q.linkId}" → `);
      const ans = given.flatMap((g) => g.answer ?? []).filter((a) => !holders.includes(a));
      if (opts.final && q.required && !ans.length && !expressionOf(q, EXT.calculated)) problems.push(`${where} is required.`);
      if (ans.length > 1 && !q.repeats) problems.push(`${where} takes one answer, not ${ans.length}.`);
      for (const a of ans) {
        const v = valueOf(a);
        if (!v) {
          problems.push(`${where}: each answer must have exactly one value.`);
          continue;
        }
        const [key, value] = v;
        if (!(VALUE_KEY[q.type] ?? []).includes(key)) {
          problems.push(`${where} is a ${q.type} question and cannot be answered with ${key}.`);
          continue;
        }
        const p = typeProblem(qn, q, key, value) ?? optionProblem(q, key, value);
        if (p) problems.push(`${where}: ${p}.`);
        if (a.item?.length) walk(q.item ?? [], a.item, `${path}"${q.linkId}" → `);
      }
      // Nested items of a question (answer.item) with nothing answered: required children still count.
      if (opts.final && q.item?.length && ans.length) {
        for (const child of q.item)
          if (child.required && !ans.some((a) => a.item?.some((i) => i.linkId === child.linkId && i.answer?.length)))
            problems.push(`${path}"${q.linkId}" → "${child.linkId}" is required.`);
      }
    }
  };
  walk(qn.item, items, '');
  if (problems.length) return { problems, items: [], scores: [] };
  // Scores are given on submit only (a draft's partial total would mislead staff; the draft keeps it as the page shows it).
  const scores = opts.final ? recompute(qn, items, calculated) : [];
  // What is stored (and journaled, and served through FHIR) is rebuilt from the form, never the client's objects.
  return { problems, items: rebuild(qn, qn.item, items), scores };
}

const hasValueKey = (a: object): boolean => Object.keys(a).some((k) => k.startsWith('value'));

/** Whether an item carries a value anywhere in it (empty holders and lists the renderer sends are no answer). */
function hasAnyValue(i: QuestionnaireResponseItem): boolean {
  return (i.answer ?? []).some((a) => hasValueKey(a) || (a.item ?? []).some(hasAnyValue)) || (i.item ?? []).some(hasAnyValue);
}

/**
 * The client's items with nothing but what the checks read: linkId, the form's text for a known
 * item, each answer's value[x] elements (reduced as stored: cleanValue) and nested items. Unknown
 * linkIds and answers with no or several values stay, for the walk to name them.
 */
function sanitize(qn: Questionnaire, qItems: QuestionnaireItem[] | undefined, rItems: QuestionnaireResponseItem[]): QuestionnaireResponseItem[] {
  return rItems.map((r) => {
    const q = qItems?.find((x) => x.linkId === r.linkId);
    const out: QuestionnaireResponseItem = { linkId: r.linkId, ...(q?.text ? { text: q.text } : {}) };
    if (r.answer)
      out.answer = r.answer.map((a) => {
        const clean: Record<string, unknown> = {};
        for (const k of Object.keys(a)) if (k.startsWith('value')) clean[k] = cleanValue(qn, q, k, field(a, k));
        if (Array.isArray(a.item)) clean.item = sanitize(qn, q?.item, a.item);
        return clean as QuestionnaireResponseItemAnswer;
      });
    if (Array.isArray(r.item)) out.item = sanitize(qn, q?.item, r.item);
    return out;
  });
}

/**
 * The checked answers as they are stored: each item only its linkId, the question's text from the
 * form (not the client's), its answers reduced to their one value[x] (with the items under it),
 * and its items — in the form's order, nothing else the client sent (extensions, unknown keys, a
 * spoofed text). Items with neither answers nor items carry nothing and are left out (FHIR allows
 * no empty lists).
 */
function rebuild(qn: Questionnaire, qItems: QuestionnaireItem[], rItems: QuestionnaireResponseItem[]): QuestionnaireResponseItem[] {
  const out: QuestionnaireResponseItem[] = [];
  for (const q of qItems)
    for (const r of rItems) {
      if (r.linkId !== q.linkId) continue;
      const answer = (r.answer ?? []).flatMap((a): QuestionnaireResponseItemAnswer[] => {
        const v = valueOf(a);
        const nested = a.item?.length ? rebuild(qn, q.item ?? [], a.item) : [];
        // A value-less answer is kept only as the holder of the questions under it.
        if (!v) return nested.length ? [{ item: nested }] : [];
        return [{ [v[0]]: cleanValue(qn, q, v[0], v[1]), ...(nested.length ? { item: nested } : {}) }];
      });
      const item = r.item?.length ? rebuild(qn, q.item ?? [], r.item) : [];
      if (!answer.length && !item.length) continue;
      out.push({ linkId: q.linkId, ...(q.text ? { text: q.text } : {}), ...(answer.length ? { answer } : {}), ...(item.length ? { item } : {}) });
    }
  return out;
}

/** Only the elements of a value[x] the server reads (a checked value; the option's own coding where one matches). */
function cleanValue(qn: Questionnaire, q: QuestionnaireItem | undefined, key: string, v: unknown): unknown {
  if (!isObj(v)) return v;
  const pick = (names: string[]) => Object.fromEntries(names.filter((n) => typeof v[n] === 'string' || typeof v[n] === 'number').map((n) => [n, v[n]]));
  switch (key) {
    case 'valueCoding': {
      // The form's own coding of the option (with the form's extensions, e.g. an ordinalValue a
      // score's weight() reads), never the client's copy of it.
      const option = (q ? optionCodings(qn, q) : []).find(
        (c) => c.code === v.code && (c.system ?? null) === ((v.system as string | undefined) ?? c.system ?? null),
      );
      return option ? structuredClone(option) : pick(['system', 'code', 'display']);
    }
    case 'valueQuantity':
      return pick(['value', 'unit', 'system', 'code']);
    case 'valueAttachment':
      return pick(['contentType', 'url', 'data', 'title', 'size']);
  }
  return v;
}

/** Response items must be objects with a linkId; answers lists of objects. */
function validateShape(items: unknown[], problems: string[], path = 'item'): boolean {
  let ok = true;
  items.forEach((i, n) => {
    if (!isObj(i) || typeof i.linkId !== 'string') {
      problems.push(`${path}[${n}] must be an object with a linkId.`);
      ok = false;
      return;
    }
    if (i.answer !== undefined && (!Array.isArray(i.answer) || i.answer.some((a) => !isObj(a)))) {
      problems.push(`${path}[${n}].answer must be a list of objects.`);
      ok = false;
    }
    if (i.item !== undefined) {
      if (!Array.isArray(i.item)) {
        problems.push(`${path}[${n}].item must be a list.`);
        ok = false;
      } else ok = validateShape(i.item, problems, `${path}[${n}].item`) && ok;
    }
    for (const a of Array.isArray(i.answer) ? i.answer : [])
      if (isObj(a) && Array.isArray(a.item)) ok = validateShape(a.item, problems, `${path}[${n}].answer.item`) && ok;
  });
  return ok;
}

/** Recomputes calculated items (FHIRPath on the response) into the items; returns them as scores. */
function recompute(qn: Questionnaire, items: QuestionnaireResponseItem[], calculated: QuestionnaireItem[]): Score[] {
  const scores: Score[] = [];
  const topLevel = new Set((qn.item ?? []).map((i) => i.linkId));
  for (const q of calculated) {
    const expr = expressionOf(q, EXT.calculated)!;
    const qr: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', item: items };
    let value: number | string | boolean | null;
    try {
      const r = fhirpath.evaluate(qr, expr, { resource: qr, questionnaire: qn }, r4) as unknown[];
      const v = r[0];
      value = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
    } catch {
      // An expression that fails on these answers gives no score (it parsed at import).
      value = null;
    }
    const key = q.type === 'integer' ? 'valueInteger' : q.type === 'decimal' ? 'valueDecimal' : q.type === 'boolean' ? 'valueBoolean' : 'valueString';
    setAnswer(items, q.linkId, value === null ? [] : [{ [key]: key === 'valueInteger' && typeof value === 'number' ? Math.round(value) : value }], topLevel.has(q.linkId));
    scores.push({ linkId: q.linkId, text: q.text ?? q.linkId, value });
  }
  return scores;
}

/**
 * Sets the answers of a top-level or nested item wherever it is. An absent item is added only when
 * it is a top-level question (`topLevel`): a nested one has no place while its group is not in the
 * response (added at the top it would stand where the form does not have it).
 */
function setAnswer(items: QuestionnaireResponseItem[], linkId: string, answer: QuestionnaireResponseItemAnswer[], topLevel: boolean): void {
  // Every place the client put it (under an item or an answer): none keeps the client's value.
  const found: QuestionnaireResponseItem[] = [];
  const find = (list: QuestionnaireResponseItem[]) => {
    for (const i of list) {
      if (i.linkId === linkId) found.push(i);
      find(i.item ?? []);
      for (const a of i.answer ?? []) find(a.item ?? []);
    }
  };
  find(items);
  for (const i of found) i.answer = structuredClone(answer);
  if (!found.length && answer.length && topLevel) items.push({ linkId, answer });
}
