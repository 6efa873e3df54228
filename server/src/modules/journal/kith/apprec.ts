/**
 * AppRec 1.1 (applikasjonskvittering, namespace 2012-02-15): the receipt an EPJ returns for every
 * MsgHead with Ack="J", and that we return for messages we receive. Structure per
 * xsd/apprec-v1.1.xsd; status codes from code system 8220, error codes from 8221.
 */
import type { Element } from '@xmldom/xmldom';
import type { ParsedDialogMessage } from './parse.ts';
import { DIALOG_MSG_TYPES, isDialogMsgType } from './msghead.ts';
import { APPREC_NS, KithError, OID, child, codeEl, codeOf, el, formatDateTime, parseDateTime, parseXml, required, textOf } from './xml.ts';

/** Receipt status: 1 OK, 2 avvist (rejected), 3 OK with error in part (code system 8220). */
export type AppRecStatus = 'ok' | 'rejected' | 'partial';

const STATUS = {
  ok: { v: '1', dn: 'OK' },
  rejected: { v: '2', dn: 'Avvist' },
  partial: { v: '3', dn: 'OK, feil i delmelding' },
} as const;

/** OID of code system 8221, "Feil i applikasjonskvittering". */
export const APPREC_ERROR_SYSTEM = `${OID}8221`;

/** Common 8221 error codes and their official texts (as used across Norsk helsenett). */
export const APPREC_ERRORS = {
  E10: 'Ugyldig meldingsidentifikator',
  E20: 'Lege finnes ikke',
  E21: 'Mottaker finnes ikke',
  E35: 'Pasienten finnes ikke i mottakersystemet',
  T01: "Ikke XML / ikke 'well formed' / uleselig",
  T02: 'XML validerer ikke',
  T10: 'Støtter ikke meldingsformatet',
  T99: 'Annen feil på format',
  S01: 'Feil på signatur',
  X99: 'Annen feil',
} as const;

/** An 8221 error code with the standard text. */
export type AppRecErrorCode = keyof typeof APPREC_ERRORS;

/** One Error element (kith:CV). codeSystem is the S attribute; it defaults to 8221 when built. */
export interface AppRecError {
  code: string;
  text: string;
  codeSystem?: string;
}

/** A party in an AppRec: HCP/Inst, with optional Dept (unit) and HCPerson. */
export interface AppRecParty {
  organisationName: string;
  herId: string;
  unitName?: string;
  unitHerId?: string;
  personName?: string;
  personHerId?: string;
}

/** A receipt, as built and as parsed. */
export interface AppRec {
  id: string;
  genDate: Date;
  sender: AppRecParty;
  receiver: AppRecParty;
  status: AppRecStatus;
  errors: AppRecError[];
  /** OriginalMsgId/Id: the MsgId of the message this receipt answers. */
  originalMsgId: string;
  /** OriginalMsgId/MsgType V, e.g. DIALOG_INNBYGGER_EKONTAKT. */
  originalMsgType: string;
  originalIssueDate: Date;
}

/** Input to buildAppRec; errors may be left out for status ok. */
export type AppRecInput = Omit<AppRec, 'errors'> & { errors?: AppRecError[] };

/** An AppRecError for a known 8221 code, with its standard text unless `text` is given. */
export function appRecError(code: AppRecErrorCode, text?: string): AppRecError {
  return { code, text: text ?? APPREC_ERRORS[code], codeSystem: APPREC_ERROR_SYSTEM };
}

/** Builds AppRec 1.1 XML; throws KithError if status and errors disagree (spec: Error iff 2 or 3). */
export function buildAppRec(input: AppRecInput): string {
  const errors = input.errors ?? [];
  if (input.status === 'ok' && errors.length) throw new KithError('AppRec status ok cannot carry errors');
  if (input.status !== 'ok' && !errors.length) throw new KithError(`AppRec status ${input.status} needs at least one error`);
  const typeDn = isDialogMsgType(input.originalMsgType) ? DIALOG_MSG_TYPES[input.originalMsgType] : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<AppRec xmlns="${APPREC_NS}">`,
    '<MsgType V="APPREC" DN="Applikasjonskvittering"/>',
    '<MIGversion>v1.1 2012-02-15</MIGversion>',
    el('GenDate', formatDateTime(input.genDate)),
    el('Id', input.id),
    `<Sender>${hcp(input.sender)}</Sender>`,
    `<Receiver>${hcp(input.receiver)}</Receiver>`,
    codeEl('Status', STATUS[input.status], false), // kith:CS: V and DN only
    ...errors.map((e) => codeEl('Error', { v: e.code, s: e.codeSystem ?? APPREC_ERROR_SYSTEM, dn: e.text })),
    '<OriginalMsgId>',
    codeEl('MsgType', { v: input.originalMsgType, ...(typeDn ? { dn: typeDn } : {}) }, false),
    el('IssueDate', formatDateTime(input.originalIssueDate)),
    el('Id', input.originalMsgId),
    '</OriginalMsgId>',
    '</AppRec>',
  ].join('\n');
}

const HER_CS = { v: 'HER', dn: 'HER-id' };

function hcp(p: AppRecParty): string {
  // Inst sequence: Name?, Id?, TypeId?, Dept*, AdditionalId*, HCPerson*.
  const dept =
    p.unitName !== undefined || p.unitHerId !== undefined
      ? `<Dept>${el('Name', p.unitName)}${el('Id', p.unitHerId)}${p.unitHerId !== undefined ? codeEl('TypeId', HER_CS, false) : ''}</Dept>`
      : '';
  const person =
    p.personName !== undefined || p.personHerId !== undefined
      ? `<HCPerson>${el('Name', p.personName)}${el('Id', p.personHerId)}${p.personHerId !== undefined ? codeEl('TypeId', HER_CS, false) : ''}</HCPerson>`
      : '';
  return `<HCP><Inst>${el('Name', p.organisationName)}${el('Id', p.herId)}${codeEl('TypeId', HER_CS, false)}${dept}${person}</Inst></HCP>`;
}

/** The AppRec answering a received dialog message: parties swapped, original id/type/date filled. */
export function appRecFor(original: ParsedDialogMessage, receipt: { id: string; genDate: Date; status: AppRecStatus; errors?: AppRecError[] }): AppRecInput {
  return {
    ...receipt,
    sender: original.receiver,
    receiver: original.sender,
    originalMsgId: original.msgId,
    originalMsgType: original.type,
    originalIssueDate: original.genDate,
  };
}

const A = APPREC_NS;

/** Parses AppRec 1.1 XML into an AppRec; throws KithError if it is not one. */
export function parseAppRec(xml: string): AppRec {
  const root = parseXml(xml).documentElement;
  if (!root || root.namespaceURI !== A || root.localName !== 'AppRec') {
    throw new KithError(`Not an AppRec 1.1 (root ${root?.localName ?? 'missing'})`);
  }
  const statusV = child(root, A, 'Status')?.getAttribute('V');
  const status = (Object.keys(STATUS) as AppRecStatus[]).find((k) => STATUS[k].v === statusV);
  if (!status) throw new KithError(`Unknown AppRec status ${statusV ?? '(missing)'}`);
  const original = required(root, A, 'OriginalMsgId');
  const errors: AppRecError[] = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    const e = n as Element;
    if (n.nodeType !== 1 || e.namespaceURI !== A || e.localName !== 'Error') continue;
    const err: AppRecError = { code: e.getAttribute('V') ?? '', text: e.getAttribute('DN') ?? '' };
    if (e.hasAttribute('S')) err.codeSystem = e.getAttribute('S') ?? '';
    // OT (original text) carries free-text detail from some senders; prefer it to an empty DN.
    if (!err.text && e.hasAttribute('OT')) err.text = e.getAttribute('OT') ?? '';
    errors.push(err);
  }
  return {
    id: textOf(root, A, 'Id') ?? '',
    genDate: parseDateTime(textOf(root, A, 'GenDate') ?? ''),
    sender: party(required(root, A, 'Sender')),
    receiver: party(required(root, A, 'Receiver')),
    status,
    errors,
    originalMsgId: textOf(original, A, 'Id') ?? '',
    originalMsgType: codeOf(original, A, 'MsgType')?.v ?? '',
    originalIssueDate: parseDateTime(textOf(original, A, 'IssueDate') ?? ''),
  };
}

function party(e: Element): AppRecParty {
  const hcpEl = required(e, A, 'HCP');
  // HCP is a choice of Inst or HCProf (a lone professional); map HCProf's name/id to the top level.
  const inst = child(hcpEl, A, 'Inst') ?? child(hcpEl, A, 'HCProf');
  const p: AppRecParty = {
    organisationName: textOf(inst, A, 'Name') ?? '',
    herId: textOf(inst, A, 'Id') ?? '',
  };
  const dept = child(inst, A, 'Dept');
  if (dept) {
    const name = textOf(dept, A, 'Name');
    const id = textOf(dept, A, 'Id');
    if (name !== undefined) p.unitName = name;
    if (id !== undefined) p.unitHerId = id;
  }
  const person = child(inst, A, 'HCPerson');
  if (person) {
    const name = textOf(person, A, 'Name');
    const id = textOf(person, A, 'Id');
    if (name !== undefined) p.personName = name;
    if (id !== undefined) p.personHerId = id;
  }
  return p;
}
