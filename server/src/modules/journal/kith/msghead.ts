/**
 * Builds a MsgHead 1.2 (hodemelding, HIS 80415) carrying a Dialogmelding 1.1 (HIS 80603): the
 * message Helsenorge-style citizen dialog uses to journal a question or note to an EPJ.
 * Element order and required elements follow xsd/MsgHead-v1_2.xsd and xsd/dialogmelding-v1.1.xsd
 * in kith/schemas (see examples/msghead-dialog-innbygger-ekontakt.xml).
 */
import { todayInOslo } from '../../../platform/time.ts';
import { DIALOG_NS, FK1_NS, KithError, MSGHEAD_NS, OID, codeEl, el, formatDateTime, type KithCode } from './xml.ts';

/** MsgInfo/Type values (code system 8279 "Meldingens funksjon") with their display names. */
export const DIALOG_MSG_TYPES = {
  DIALOG_INNBYGGER_EKONTAKT: 'Dialog med innbygger - eKontakt',
  DIALOG_INNBYGGER_EKONSULTASJON: 'Dialog med innbygger - eKonsultasjon',
  DIALOG_INNBYGGER_RESEPTFORNYELSE: 'Dialog med innbygger - reseptfornyelse',
  DIALOG_INNBYGGER_TIMER: 'Dialog med innbygger - timer',
  DIALOG_INNBYGGER_KOORDINATOR: 'Dialog med innbygger - koordinator',
  DIALOG_NOTAT: 'Notat',
} as const;

/** The message types this module writes. */
export type DialogMsgType = keyof typeof DIALOG_MSG_TYPES;

/** True if `type` is one of the message types this module writes. */
export function isDialogMsgType(type: string): type is DialogMsgType {
  return Object.hasOwn(DIALOG_MSG_TYPES, type);
}

/** Codes documented in kith/schemas (README and examples); others can be passed as KithCode. */
export const DIALOG_CODES = {
  /** 7601 type of request from a citizen: prescription renewal. */
  reseptfornyelse: { v: 'RF', s: `${OID}7601`, dn: 'Reseptfornyelse' },
  /** 7601: order a medical certificate (examples/msghead-dialog-innbygger-ekontakt.xml). */
  bestilleAttest: { v: 'BA', s: `${OID}7601`, dn: 'Bestille attest' },
  /** 7602 answer topic: prescription renewed. */
  reseptErFornyet: { v: '14', s: `${OID}7602`, dn: 'Resept er fornyet' },
  /** 9034 role to patient: regular GP (fastlege). */
  fastlege: { v: '6', s: `${OID}9034`, dn: 'Fastlege' },
} satisfies Record<string, KithCode>;

/** A communication party: organisation with HER-id, optionally one unit (sub-organisation). */
export interface Party {
  organisationName: string;
  herId: string;
  unitName?: string;
  unitHerId?: string;
}

/** The patient in MsgInfo/Patient; nationalId is a fødselsnummer or D-nummer (11 digits). */
export interface Patient {
  nationalId: string;
  givenName: string;
  middleName?: string;
  familyName: string;
}

/** A healthcare professional identified by HPR number (e.g. the author of an answer). */
export interface HealthcareProfessional {
  hprNumber: string;
  givenName?: string;
  familyName?: string;
}

/** Dialogmelding RollerRelatertNotat: who is related to the note, and how. */
export interface RelatedRole {
  rolleNotat?: KithCode;
  roleToPatient?: KithCode;
  healthcareProfessional?: HealthcareProfessional;
}

/** A question (Dialogmelding Foresporsel), e.g. TypeForesp RF for a renewal request. */
export interface ForesporselContent {
  kind: 'foresporsel';
  typeForesp: KithCode;
  emneSporsmal?: string;
  sporsmal: string;
  roles?: RelatedRole[];
}

/** An answer or note (Dialogmelding Notat), e.g. TemaKodet 14 "Resept er fornyet". */
export interface NotatContent {
  kind: 'notat';
  temaKodet: KithCode;
  tema?: string;
  tekstNotatInnhold: string;
  /**
   * The note's date: an instant is written as its calendar date in Oslo (the one rule for dates
   * in the domain, platform/time.ts); a string must already be xs:date, YYYY-MM-DD.
   */
  datoNotat?: Date | string;
  roles?: RelatedRole[];
}

/** What the Dialogmelding carries. */
export type DialogContent = ForesporselContent | NotatContent;

/** Typed input for one MsgHead + Dialogmelding. */
export interface DialogMessageInput {
  /** MsgInfo/MsgId, a UUID; AppRecs refer back to it. */
  msgId: string;
  genDate: Date;
  type: DialogMsgType;
  sender: Party;
  receiver: Party;
  patient: Patient;
  /** Omitted for the first message of a conversation (MsgHead spec, ConversationRef). */
  conversationRef?: { refToParent: string; refToConversation: string };
  /** MsgInfo/Ack V="J": ask the receiver for an AppRec. Default true. */
  requestAppRec?: boolean;
  /** Document/ContentDescription, a short title such as "Bestille attest". */
  contentDescription?: string;
  content: DialogContent;
  /**
   * Attachments, each its own Document after the Dialogmelding: RefDoc MsgType "A" (vedlegg),
   * MimeType and the bytes in a kith-base64 Base64Container (imported by MsgHead-v1_2.xsd).
   */
  attachments?: DialogAttachment[];
}

/** A file carried base64-encoded in its own Document (e.g. a letter as PDF). */
export interface DialogAttachment {
  mimeType: string;
  /** Document/ContentDescription and RefDoc/Description, e.g. the file name. */
  description?: string;
  /** RefDoc/Id: how the message names the file elsewhere (e.g. the urn:uuid a form answer gives). */
  id?: string;
  data: Buffer;
}

const BASE64_NS = 'http://www.kith.no/xmlstds/base64container';

const HER: KithCode = { v: 'HER', s: `${OID}9051`, dn: 'HER-id' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^\d+$/;

/** Builds the MsgHead XML (UTF-8 string); throws KithError on input the schema or spec forbids. */
export function buildDialogMessage(input: DialogMessageInput): string {
  assertInput(input);
  const gen = formatDateTime(input.genDate);
  const ref = input.conversationRef;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MsgHead xmlns="${MSGHEAD_NS}">`,
    '<MsgInfo>',
    codeEl('Type', { v: input.type, dn: DIALOG_MSG_TYPES[input.type] }, false),
    '<MIGversion>v1.2 2006-05-24</MIGversion>',
    el('GenDate', gen),
    el('MsgId', input.msgId),
    input.requestAppRec === false ? '' : '<Ack V="J" DN="Ja"/>',
    ref ? `<ConversationRef>${el('RefToParent', ref.refToParent)}${el('RefToConversation', ref.refToConversation)}</ConversationRef>` : '',
    `<Sender>${organisation(input.sender)}</Sender>`,
    `<Receiver>${organisation(input.receiver)}</Receiver>`,
    patient(input.patient),
    '</MsgInfo>',
    '<Document>',
    el('ContentDescription', input.contentDescription),
    // RefDoc: IssueDate?, MsgType (XML = the document is inline in Content), Content.
    `<RefDoc><IssueDate V="${gen}"/><MsgType V="XML" DN="XML-instans"/><Content>`,
    dialogmelding(input.content),
    '</Content></RefDoc>',
    '</Document>',
    ...(input.attachments ?? []).map((a) => attachmentDocument(a, gen)),
    '</MsgHead>',
  ]
    .filter(Boolean)
    .join('\n');
}

function attachmentDocument(a: DialogAttachment, gen: string): string {
  // RefDoc: IssueDate?, MsgType (A = vedlegg), Id?, MimeType?, Description?, Content.
  return (
    `<Document>${el('ContentDescription', a.description)}<RefDoc><IssueDate V="${gen}"/><MsgType V="A" DN="Vedlegg"/>` +
    `${el('Id', a.id)}${el('MimeType', a.mimeType)}${el('Description', a.description)}` +
    `<Content><Base64Container xmlns="${BASE64_NS}">${a.data.toString('base64')}</Base64Container></Content></RefDoc></Document>`
  );
}

function organisation(p: Party): string {
  // MsgHead Organisation: OrganisationName, Ident+, then an optional nested Organisation (the unit).
  const unit =
    p.unitName !== undefined && p.unitHerId !== undefined
      ? `<Organisation>${el('OrganisationName', p.unitName)}${ident('Ident', p.unitHerId, HER)}</Organisation>`
      : '';
  return `<Organisation>${el('OrganisationName', p.organisationName)}${ident('Ident', p.herId, HER)}${unit}</Organisation>`;
}

function ident(name: string, id: string, type: KithCode, prefix = ''): string {
  return `<${name}>${el(`${prefix}Id`, id)}${codeEl(`${prefix}TypeId`, type)}</${name}>`;
}

/** TypeId for a Norwegian national id: a D-nummer has 4–7 as its first digit. */
export function nationalIdType(nationalId: string): KithCode {
  return /^[4-7]/.test(nationalId) ? { v: 'DNR', s: `${OID}8116`, dn: 'D-nummer' } : { v: 'FNR', s: `${OID}8116`, dn: 'Fødselsnummer' };
}

function patient(p: Patient): string {
  // Sequence: FamilyName, MiddleName, GivenName, …, Ident.
  return `<Patient>${el('FamilyName', p.familyName)}${el('MiddleName', p.middleName)}${el('GivenName', p.givenName)}${ident('Ident', p.nationalId, nationalIdType(p.nationalId))}</Patient>`;
}

function dialogmelding(c: DialogContent): string {
  const body =
    c.kind === 'foresporsel'
      ? // Foresporsel: TypeForesp, EmneSporsmal?, Sporsmal?, …, RollerRelatertNotat*.
        `<Foresporsel>${codeEl('TypeForesp', c.typeForesp)}${el('EmneSporsmal', c.emneSporsmal)}${el('Sporsmal', c.sporsmal)}${roles(c.roles)}</Foresporsel>`
      : // Notat: TemaKodet, Tema?, TekstNotatInnhold?, Merknad?, DokIdNotat?, DatoNotat?, Foresporsel?, RollerRelatertNotat*.
        `<Notat>${codeEl('TemaKodet', c.temaKodet)}${el('Tema', c.tema)}${el('TekstNotatInnhold', c.tekstNotatInnhold)}${el('DatoNotat', c.datoNotat instanceof Date ? todayInOslo(c.datoNotat) : c.datoNotat)}${roles(c.roles)}</Notat>`;
  // Default namespace switches to Dialogmelding's; fk1 is needed for HealthcareProfessional/Ident.
  return `<Dialogmelding xmlns="${DIALOG_NS}" xmlns:fk1="${FK1_NS}">${body}</Dialogmelding>`;
}

function roles(list: RelatedRole[] | undefined): string {
  return (list ?? [])
    .map((r) => {
      const hp = r.healthcareProfessional;
      // Dialogmelding HealthcareProfessional: …, FamilyName, MiddleName, GivenName, …, Ident (fk1:Ident).
      const hpXml = hp
        ? `<HealthcareProfessional>${el('FamilyName', hp.familyName)}${el('GivenName', hp.givenName)}${ident('Ident', hp.hprNumber, { v: 'HPR', s: `${OID}8116`, dn: 'HPR-nummer' }, 'fk1:')}</HealthcareProfessional>`
        : '';
      return `<RollerRelatertNotat>${codeEl('RolleNotat', r.rolleNotat)}${codeEl('RoleToPatient', r.roleToPatient)}${hpXml}</RollerRelatertNotat>`;
    })
    .join('');
}

function assertInput(m: DialogMessageInput): void {
  const fail = (why: string): never => {
    throw new KithError(`Invalid dialog message: ${why}`);
  };
  if (!UUID.test(m.msgId)) fail(`msgId must be a UUID, got "${m.msgId}"`);
  if (!isDialogMsgType(m.type)) fail(`unknown type ${String(m.type)}`);
  for (const [role, p] of [
    ['sender', m.sender],
    ['receiver', m.receiver],
  ] as const) {
    if (!p.organisationName.trim()) fail(`${role}.organisationName is empty`);
    if (!DIGITS.test(p.herId)) fail(`${role}.herId must be digits`);
    if ((p.unitName === undefined) !== (p.unitHerId === undefined)) fail(`${role}: give both unitName and unitHerId, or neither`);
    if (p.unitHerId !== undefined && !DIGITS.test(p.unitHerId)) fail(`${role}.unitHerId must be digits`);
  }
  if (!/^\d{11}$/.test(m.patient.nationalId)) fail('patient.nationalId must be 11 digits');
  const ref = m.conversationRef;
  if (ref && (!ref.refToParent || !ref.refToConversation)) fail('conversationRef needs refToParent and refToConversation');
  const c = m.content;
  if (c.kind === 'notat' && typeof c.datoNotat === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(c.datoNotat)) fail('datoNotat must be YYYY-MM-DD');
  if (c.kind === 'notat' && c.datoNotat instanceof Date && Number.isNaN(c.datoNotat.getTime())) fail('datoNotat is not a valid date');
  for (const r of c.roles ?? []) {
    const hpr = r.healthcareProfessional?.hprNumber;
    if (hpr !== undefined && !DIGITS.test(hpr)) fail('hprNumber must be digits');
  }
}
