/**
 * Ready forms shipped as demo data (and used by the tests): a pre-consultation form, a triage
 * form for e-konsultasjon, a waiting-list confirmation, and PHQ-9 (Patient Health Questionnaire,
 * public domain; developed by Drs. Spitzer, Williams, Kroenke et al. with an educational grant
 * from Pfizer, free to use) with its scoring: the total (0–27) and the severity band, both
 * calculated items (FHIRPath) that the server recomputes on every submit.
 */
import { EXT, type Questionnaire } from './questionnaire.ts';

const BASE = 'https://helsedialog.no/fhir/Questionnaire';
const ANS = 'https://helsedialog.no/fhir/CodeSystem/form-answer';
/**
 * A yes/no question drawn as two radio buttons (Ja / Nei) rather than one checkbox: a required
 * checkbox can only be answered by ticking it, so "no" could not be given (web/src/forms/boolean-radio.ts).
 */
const RADIO = [{ url: EXT.itemControl, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] } }];

export const PRECONSULTATION: Questionnaire = {
  resourceType: 'Questionnaire',
  url: `${BASE}/forhandsskjema`,
  version: '1.0',
  name: 'Forhandsskjema',
  title: 'Før timen hos legen',
  status: 'active',
  item: [
    { linkId: 'intro', type: 'display', text: 'Svarene hjelper legen å forberede timen. Det tar omtrent fem minutter.' },
    { linkId: 'reason', type: 'text', text: 'Hva ønsker du å snakke om?', required: true, maxLength: 2000 },
    {
      linkId: 'duration',
      type: 'choice',
      text: 'Hvor lenge har du hatt plagene?',
      required: true,
      answerOption: [
        { valueCoding: { system: ANS, code: 'days', display: 'Noen dager' } },
        { valueCoding: { system: ANS, code: 'weeks', display: 'Noen uker' } },
        { valueCoding: { system: ANS, code: 'months', display: 'Flere måneder' } },
      ],
    },
    { linkId: 'medication', type: 'boolean', text: 'Bruker du faste medisiner?', required: true, extension: RADIO },
    {
      linkId: 'medications',
      type: 'group',
      text: 'Medisiner',
      repeats: true,
      enableWhen: [{ question: 'medication', operator: '=', answerBoolean: true }],
      item: [
        { linkId: 'medication-name', type: 'string', text: 'Navn på medisinen', required: true, maxLength: 200 },
        { linkId: 'medication-dose', type: 'string', text: 'Dose', maxLength: 100 },
      ],
    },
    { linkId: 'allergy', type: 'boolean', text: 'Har du allergier?', extension: RADIO },
    {
      linkId: 'allergy-what',
      type: 'string',
      text: 'Hva er du allergisk mot?',
      required: true,
      maxLength: 500,
      enableWhen: [{ question: 'allergy', operator: '=', answerBoolean: true }],
    },
  ],
};

export const TRIAGE: Questionnaire = {
  resourceType: 'Questionnaire',
  url: `${BASE}/triage-ekonsultasjon`,
  version: '1.0',
  name: 'TriageEkonsultasjon',
  title: 'Før du sender en e-konsultasjon',
  status: 'active',
  item: [
    { linkId: 'triage-urgent', type: 'boolean', text: 'Har du brystsmerter, pustevansker, lammelser eller andre plager som kan være akutte?', required: true, extension: RADIO },
    {
      linkId: 'triage-urgent-warning',
      type: 'display',
      text: 'Er det akutt, ring 113. Trenger du lege i dag, ring legevakten på 116 117.',
      enableWhen: [{ question: 'triage-urgent', operator: '=', answerBoolean: true }],
    },
    { linkId: 'triage-exam', type: 'boolean', text: 'Tror du legen må undersøke deg (se, lytte eller kjenne) for å hjelpe deg?', required: true, extension: RADIO },
    {
      linkId: 'triage-duration',
      type: 'choice',
      text: 'Hvor lenge har du hatt plagene?',
      required: true,
      answerOption: [
        { valueCoding: { system: ANS, code: 'under-week', display: 'Mindre enn en uke' } },
        { valueCoding: { system: ANS, code: 'weeks', display: 'En uke til en måned' } },
        { valueCoding: { system: ANS, code: 'long', display: 'Mer enn en måned' } },
      ],
    },
    {
      linkId: 'triage-preference',
      type: 'choice',
      text: 'Hvordan vil du helst få svar?',
      required: true,
      answerOption: [
        { valueCoding: { system: ANS, code: 'written', display: 'Skriftlig svar' } },
        { valueCoding: { system: ANS, code: 'phone', display: 'Telefon' } },
        { valueCoding: { system: ANS, code: 'video', display: 'Video' } },
      ],
    },
  ],
};

export const WAITING_LIST: Questionnaire = {
  resourceType: 'Questionnaire',
  url: `${BASE}/ventelistebekreftelse`,
  version: '1.0',
  name: 'Ventelistebekreftelse',
  title: 'Bekreft plassen din på ventelisten',
  status: 'active',
  item: [
    { linkId: 'keep', type: 'boolean', text: 'Ønsker du fortsatt å stå på ventelisten?', required: true, extension: RADIO },
    {
      linkId: 'why-not',
      type: 'text',
      text: 'Vil du fortelle hvorfor du ikke lenger trenger plassen?',
      maxLength: 1000,
      enableWhen: [{ question: 'keep', operator: '=', answerBoolean: false }],
    },
    {
      linkId: 'short-notice',
      type: 'boolean',
      text: 'Kan du komme på kort varsel (innen to dager) hvis en time blir ledig?',
      enableWhen: [{ question: 'keep', operator: '=', answerBoolean: true }],
      extension: RADIO,
    },
    {
      linkId: 'phone',
      type: 'string',
      text: 'Telefonnummer vi kan ringe deg på',
      maxLength: 30,
      enableWhen: [{ question: 'short-notice', operator: '=', answerBoolean: true }],
    },
  ],
};

const PHQ_OPTIONS = [
  { valueCoding: { system: `${ANS}/phq`, code: '0', display: 'Ikke i det hele tatt' } },
  { valueCoding: { system: `${ANS}/phq`, code: '1', display: 'Flere dager' } },
  { valueCoding: { system: `${ANS}/phq`, code: '2', display: 'Mer enn halvparten av dagene' } },
  { valueCoding: { system: `${ANS}/phq`, code: '3', display: 'Nesten hver dag' } },
];
const PHQ_QUESTIONS = [
  'Lite interesse for eller glede av å gjøre ting',
  'Følt deg nedfor, deprimert eller fylt av håpløshet',
  'Problemer med å sovne, sove gjennom natten eller sovet for mye',
  'Følt deg trett eller hatt lite energi',
  'Dårlig matlyst eller spist for mye',
  'Dårlige tanker om deg selv – at du er mislykket eller har sviktet deg selv eller familien din',
  'Problemer med å konsentrere deg, for eksempel om å lese avisen eller se på TV',
  'Beveget deg eller snakket så langsomt at andre kunne merke det – eller motsatt: vært så urolig eller rastløs at du har beveget deg mye mer enn vanlig',
  'Tanker om at du ville vært bedre tjent med å være død, eller om å skade deg selv på en eller annen måte',
];
const PHQ_IDS = PHQ_QUESTIONS.map((_, i) => `phq9-${i + 1}`);
export const PHQ9_TOTAL = `%resource.repeat(item).where(linkId in (${PHQ_IDS.map((l) => `'${l}'`).join(' | ')})).answer.value.code.select($this.toInteger()).sum()`;
/** Severity bands of the PHQ-9 total (Kroenke et al. 2001): 0–4, 5–9, 10–14, 15–19, 20–27. */
export const PHQ9_SEVERITY = `iif(%resource.repeat(item).where(linkId = 'phq9-total').answer.value.empty(), {}, %resource.repeat(item).where(linkId = 'phq9-total').answer.value.select(iif($this < 5, 'Minimal (0–4)', iif($this < 10, 'Mild (5–9)', iif($this < 15, 'Moderat (10–14)', iif($this < 20, 'Moderat alvorlig (15–19)', 'Alvorlig (20–27)'))))))`;

export const PHQ9: Questionnaire = {
  resourceType: 'Questionnaire',
  url: `${BASE}/phq-9`,
  version: '1.0',
  name: 'PHQ9',
  title: 'PHQ-9: spørsmål om humør og trivsel',
  status: 'active',
  copyright: 'PHQ-9 is in the public domain (Pfizer). No permission is required to reproduce, translate, display or distribute.',
  item: [
    { linkId: 'phq9-intro', type: 'display', text: 'Hvor ofte har du vært plaget av følgende problemer de siste to ukene?' },
    ...PHQ_QUESTIONS.map((text, i) => ({ linkId: PHQ_IDS[i]!, type: 'choice' as const, text, required: true, answerOption: PHQ_OPTIONS })),
    {
      linkId: 'phq9-total',
      type: 'integer',
      text: 'Sum PHQ-9',
      readOnly: true,
      extension: [{ url: EXT.calculated, valueExpression: { language: 'text/fhirpath', expression: PHQ9_TOTAL } }],
    },
    {
      linkId: 'phq9-severity',
      type: 'string',
      text: 'Alvorlighetsgrad',
      readOnly: true,
      extension: [{ url: EXT.calculated, valueExpression: { language: 'text/fhirpath', expression: PHQ9_SEVERITY } }],
    },
  ],
};

/** The demo forms with their library purpose. */
export const DEMO_FORMS: { questionnaire: Questionnaire; purpose: 'general' | 'triage' }[] = [
  { questionnaire: PRECONSULTATION, purpose: 'general' },
  { questionnaire: TRIAGE, purpose: 'triage' },
  { questionnaire: WAITING_LIST, purpose: 'general' },
  { questionnaire: PHQ9, purpose: 'general' },
];
