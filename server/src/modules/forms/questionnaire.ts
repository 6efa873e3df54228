/**
 * Checking an imported FHIR R4 Questionnaire before it enters a unit's form library: the shape
 * the renderer and the server's response validation rely on. Every problem is named with its
 * place (item path and linkId), so an administrator can fix the file.
 */
import type { Coding, Extension, Questionnaire as FhirQuestionnaire, QuestionnaireItem, ValueSet } from '@medplum/fhirtypes';
import fhirpath from 'fhirpath';
import { r4Issues } from '../../fhir/validate.ts';

export const ITEM_TYPES = [
  'group',
  'display',
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'url',
  'choice',
  'open-choice',
  'attachment',
  'quantity',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
const OPERATORS = ['exists', '=', '!=', '>', '<', '>=', '<='];
const STATUSES = ['draft', 'active', 'retired', 'unknown'];
const ANSWER_KEYS = [
  'answerBoolean',
  'answerDecimal',
  'answerInteger',
  'answerDate',
  'answerDateTime',
  'answerTime',
  'answerString',
  'answerCoding',
  'answerQuantity',
  'answerReference',
];
const OPTION_KEYS = ['valueInteger', 'valueDate', 'valueTime', 'valueString', 'valueCoding', 'valueReference'];
export const EXT = {
  calculated: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
  enableWhenExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
} as const;
export const MAX_ITEMS = 500;
const MAX_DEPTH = 8;

/**
 * A Questionnaire as the library holds it: FHIR R4 (@medplum/fhirtypes), with what
 * questionnaireProblems requires of an import made non-optional (url, title, items).
 */
export type Questionnaire = FhirQuestionnaire & { url: string; title: string; item: QuestionnaireItem[] };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The FHIRPath expression of an item's extension, if any. */
export function expressionOf(item: Pick<QuestionnaireItem, 'extension'>, url: string): string | undefined {
  const e = item.extension?.find((x) => x.url === url);
  return e?.valueExpression?.expression;
}

/** Checks a Questionnaire; returns the problems found (empty: it can be imported). */
export function questionnaireProblems(q: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(q)) return ['The file is not a JSON object. Import a FHIR R4 Questionnaire resource.'];
  if (q.resourceType !== 'Questionnaire') return [`resourceType is ${JSON.stringify(q.resourceType ?? null)}; it must be "Questionnaire".`];
  if (typeof q.url !== 'string' || !/^(https?:\/\/|urn:(uuid|oid):)\S+$/.test(q.url))
    problems.push('url is missing or not an absolute URI: it names the form across versions (e.g. https://example.no/fhir/Questionnaire/forhandsskjema).');
  if (typeof q.title !== 'string' || !q.title.trim()) problems.push('title is missing: patients and staff see the form by its title.');
  if (typeof q.status !== 'string' || !STATUSES.includes(q.status)) problems.push(`status must be one of ${STATUSES.join(', ')}.`);
  else if (q.status === 'retired') problems.push('status is "retired": import an active or draft version.');
  if (q.version !== undefined && (typeof q.version !== 'string' || !q.version.trim())) problems.push('version, when given, must be a non-empty string.');
  if (!Array.isArray(q.item) || q.item.length === 0) {
    problems.push('item is missing or empty: a form needs at least one question.');
    return problems;
  }
  const linkIds = new Map<string, string>();
  const enableRefs: { where: string; question: string; self: string }[] = [];
  let count = 0;
  const walk = (items: unknown[], prefix: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      problems.push(`${prefix}: groups are nested deeper than ${MAX_DEPTH} levels.`);
      return;
    }
    items.forEach((raw, i) => {
      count++;
      const path = `${prefix}[${i}]`;
      if (!isObj(raw)) {
        problems.push(`${path} is not an object.`);
        return;
      }
      const linkId = typeof raw.linkId === 'string' && raw.linkId.trim() ? raw.linkId : undefined;
      const where = linkId ? `${path} (linkId "${linkId}")` : path;
      if (!linkId) problems.push(`${path} has no linkId.`);
      else if (linkIds.has(linkId)) problems.push(`${where}: linkId "${linkId}" is used twice (also at ${linkIds.get(linkId)}); every linkId must be unique.`);
      else linkIds.set(linkId, path);
      const type = raw.type;
      if (typeof type !== 'string' || !(ITEM_TYPES as readonly string[]).includes(type)) {
        problems.push(`${where}: type ${JSON.stringify(type ?? null)} is not supported (use one of ${ITEM_TYPES.join(', ')}).`);
        return;
      }
      if (type !== 'display' && (typeof raw.text !== 'string' || !raw.text.trim())) problems.push(`${where}: text is missing (the question the patient sees).`);
      for (const flag of ['required', 'repeats', 'readOnly'])
        if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') problems.push(`${where}: ${flag} must be true or false.`);
      if (raw.maxLength !== undefined && (!Number.isInteger(raw.maxLength) || (raw.maxLength as number) < 1))
        problems.push(`${where}: maxLength must be a positive whole number.`);
      if (type === 'group') {
        if (!Array.isArray(raw.item) || raw.item.length === 0) problems.push(`${where}: a group must contain items.`);
      } else if (raw.item !== undefined) {
        if (type === 'display') problems.push(`${where}: a display item cannot contain items.`);
      }
      if (type === 'display' && (raw.required === true || raw.repeats === true)) problems.push(`${where}: a display item cannot be required or repeat.`);
      if (type === 'choice' || type === 'open-choice') {
        const opts = raw.answerOption;
        if (!Array.isArray(opts) && typeof raw.answerValueSet !== 'string') problems.push(`${where}: a ${type} item needs answerOption (or answerValueSet).`);
        if (Array.isArray(opts)) {
          if (!opts.length) problems.push(`${where}: answerOption is empty.`);
          opts.forEach((o, j) => {
            const keys = isObj(o) ? OPTION_KEYS.filter((k) => o[k] !== undefined) : [];
            if (keys.length !== 1) problems.push(`${where}: answerOption[${j}] must have exactly one value (valueCoding, valueString, valueInteger, …).`);
            else if (keys[0] === 'valueCoding' && (!isObj(o!.valueCoding) || typeof (o!.valueCoding as Record<string, unknown>).code !== 'string'))
              problems.push(`${where}: answerOption[${j}].valueCoding needs a code.`);
          });
        }
      } else if (raw.answerOption !== undefined) problems.push(`${where}: answerOption is only allowed on choice and open-choice items.`);
      if (raw.enableWhen !== undefined) {
        if (!Array.isArray(raw.enableWhen) || !raw.enableWhen.length) problems.push(`${where}: enableWhen must be a non-empty list.`);
        else {
          raw.enableWhen.forEach((ew, j) => {
            if (!isObj(ew)) return problems.push(`${where}: enableWhen[${j}] is not an object.`);
            if (typeof ew.question !== 'string') problems.push(`${where}: enableWhen[${j}] has no question (the linkId it depends on).`);
            else enableRefs.push({ where: `${where}: enableWhen[${j}]`, question: ew.question, self: linkId ?? '' });
            if (typeof ew.operator !== 'string' || !OPERATORS.includes(ew.operator))
              problems.push(`${where}: enableWhen[${j}].operator must be one of ${OPERATORS.join(' ')}.`);
            const answers = ANSWER_KEYS.filter((k) => ew[k] !== undefined);
            if (answers.length !== 1) problems.push(`${where}: enableWhen[${j}] must have exactly one answer[x] (answerBoolean, answerCoding, …).`);
            if (ew.operator === 'exists' && answers.length === 1 && typeof ew.answerBoolean !== 'boolean')
              problems.push(`${where}: enableWhen[${j}] with operator "exists" takes answerBoolean.`);
          });
          if (raw.enableWhen.length > 1 && raw.enableBehavior !== 'all' && raw.enableBehavior !== 'any')
            problems.push(`${where}: with more than one enableWhen, enableBehavior must be "all" or "any".`);
        }
      }
      if (Array.isArray(raw.extension)) {
        for (const url of [EXT.calculated, EXT.enableWhenExpression]) {
          // Only the objects of the list are extensions (anything else is refused by nothing else here).
          const expr = expressionOf({ extension: raw.extension.filter(isObj) as unknown as Extension[] }, url);
          if (expr === undefined) continue;
          try {
            fhirpath.parse(expr);
          } catch (err) {
            problems.push(`${where}: the FHIRPath expression of ${url.split('/').pop()} does not parse: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
      if (Array.isArray(raw.item)) walk(raw.item, `${path}.item`, depth + 1);
    });
  };
  walk(q.item, 'item', 1);
  if (count > MAX_ITEMS) problems.push(`The form has ${count} items; at most ${MAX_ITEMS} are allowed.`);
  for (const r of enableRefs) {
    if (r.question === r.self) problems.push(`${r.where} refers to the item itself.`);
    else if (!linkIds.has(r.question)) problems.push(`${r.where} refers to "${r.question}", which is not an item of this questionnaire.`);
  }
  return problems;
}

/**
 * The codes a choice item may be answered with: its answerOption codings, or the codes of the
 * contained ValueSet its answerValueSet names ("#id": compose.include[].concept and
 * expansion.contains) — the one list the response check, the stored answer and the import use.
 */
export function optionCodings(qn: Pick<FhirQuestionnaire, 'contained'>, q: QuestionnaireItem): Coding[] {
  const options = (q.answerOption ?? []).map((o) => o.valueCoding).filter((c): c is Coding => !!c);
  if (options.length || !q.answerValueSet?.startsWith('#')) return options;
  const vs = (qn.contained ?? []).find((r): r is ValueSet => r.resourceType === 'ValueSet' && r.id === q.answerValueSet!.slice(1));
  if (!vs) return [];
  return [
    ...(vs.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system, code: c.code, display: c.display }))),
    ...(vs.expansion?.contains ?? []).map((c) => ({ system: c.system, code: c.code, display: c.display })),
  ]
    .filter((c) => typeof c.code === 'string')
    .map((c) => Object.fromEntries(Object.entries(c).filter(([, x]) => x !== undefined)) as Coding);
}

/**
 * What the library stores of an import, or every reason it cannot: the checks above, then FHIR R4
 * itself (Medplum's validator, as for the FHIR API's writes: unknown elements, datatypes, value
 * sets of required strength, invariants), so the FHIR API never serves an invalid Questionnaire.
 * The narrative (`text`) is not kept — the form is its items, and XHTML from a file is nothing to
 * pass on to EPJs. Contained resources are value sets only (as the Helsenorge form builder writes
 * choice options: answerValueSet "#id", which the renderer shows and the server checks); a value set
 * named by a url is refused — the renderer cannot show its options nor the server check an answer.
 */
export function importable(q: unknown): { problems: string[]; questionnaire: Questionnaire | null } {
  const problems = questionnaireProblems(q);
  if (problems.length) return { problems, questionnaire: null };
  const kept = { ...(q as Questionnaire) };
  delete kept.text;
  if (kept.contained !== undefined) {
    if (!Array.isArray(kept.contained)) problems.push('contained must be a list of value sets.');
    else {
      kept.contained.forEach((r, n) => {
        if (r?.resourceType !== 'ValueSet' || typeof r.id !== 'string')
          problems.push(`contained[${n}]: a form can contain value sets (ValueSet with an id) only, not ${String(r?.resourceType ?? 'this')}.`);
      });
      // What is kept (and validated below) is the value sets, without their narrative; anything else was named above.
      kept.contained = kept.contained
        .filter((r): r is ValueSet => r?.resourceType === 'ValueSet')
        .map((r) => {
          const { text: _narrative, ...rest } = r;
          return rest as ValueSet;
        });
      if (!kept.contained.length) delete kept.contained;
    }
  }
  if (!problems.length)
    for (const i of allItems(kept.item)) {
      if (i.answerValueSet === undefined || i.answerOption?.length) continue;
      if (!i.answerValueSet.startsWith('#'))
        problems.push(`"${i.linkId}": answerValueSet "${i.answerValueSet}" names a value set outside the form; give the options as answerOption or as a contained ValueSet ("#id").`);
      else if (!optionCodings(kept, i).length)
        problems.push(`"${i.linkId}": answerValueSet "${i.answerValueSet}" names no contained ValueSet with codes (compose.include.concept or expansion.contains).`);
    }
  for (const i of r4Issues(kept))
    problems.push(`Not valid FHIR R4: ${i.details?.text ?? i.diagnostics ?? i.code}${i.expression?.length ? ` (at ${i.expression.join(', ')})` : ''}.`);
  return problems.length ? { problems, questionnaire: null } : { problems, questionnaire: kept };
}

/** Every item of a questionnaire, depth first. */
export function allItems(items: QuestionnaireItem[]): QuestionnaireItem[] {
  return items.flatMap((i) => [i, ...allItems(i.item ?? [])]);
}
