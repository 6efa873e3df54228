/**
 * Reads a MsgHead 1.2 carrying a Dialogmelding 1.1 back into the typed shape msghead.ts builds
 * from, so generate → parse round-trips. Lookups are namespace-aware (not prefix-based), so any
 * prefix choice a sender makes (the examples use default namespaces and fk1:) reads the same.
 */
import type { Element } from '@xmldom/xmldom';
import type { DialogContent, DialogMessageInput, HealthcareProfessional, Party, Patient, RelatedRole } from './msghead.ts';
import { DIALOG_NS, FK1_NS, KithError, MSGHEAD_NS, child, children, codeOf, parseDateTime, parseXml, required, textOf } from './xml.ts';

/**
 * A parsed dialog message. `type` is any MsgInfo/Type (e.g. DIALOG_HELSEFAGLIG from an EPJ), check
 * it with isDialogMsgType(); requestAppRec is always set (true iff Ack V="J").
 */
export type ParsedDialogMessage = Omit<DialogMessageInput, 'type' | 'requestAppRec'> & {
  type: string;
  requestAppRec: boolean;
};

const MH = MSGHEAD_NS;

/** Parses MsgHead + Dialogmelding XML; throws KithError if it is not one (validate first for detail). */
export function parseDialogMessage(xml: string): ParsedDialogMessage {
  const root = parseXml(xml).documentElement;
  if (!root || root.namespaceURI !== MH || root.localName !== 'MsgHead') {
    throw new KithError(`Not a MsgHead 1.2 message (root ${root?.localName ?? 'missing'})`);
  }
  const info = required(root, MH, 'MsgInfo');
  const type = child(info, MH, 'Type')?.getAttribute('V') ?? '';

  // A MsgHead may carry several Documents (e.g. a PDF attachment in Base64Container): pick the one
  // whose RefDoc/Content holds the Dialogmelding.
  const docs = children(root, MH, 'Document');
  const doc = docs.find((d) => dialogIn(d));
  if (!doc) throw new KithError('No Dialogmelding 1.1 in any Document/RefDoc/Content');

  const msg: ParsedDialogMessage = {
    msgId: textOf(info, MH, 'MsgId') ?? '',
    genDate: parseDateTime(textOf(info, MH, 'GenDate') ?? ''),
    type,
    sender: party(required(required(info, MH, 'Sender'), MH, 'Organisation')),
    receiver: party(required(required(info, MH, 'Receiver'), MH, 'Organisation')),
    patient: patient(required(info, MH, 'Patient')),
    requestAppRec: child(info, MH, 'Ack')?.getAttribute('V') === 'J',
    content: content(dialogIn(doc)!),
  };
  const ref = child(info, MH, 'ConversationRef');
  if (ref) {
    msg.conversationRef = {
      refToParent: textOf(ref, MH, 'RefToParent') ?? '',
      refToConversation: textOf(ref, MH, 'RefToConversation') ?? '',
    };
  }
  const description = textOf(doc, MH, 'ContentDescription');
  if (description !== undefined) msg.contentDescription = description;
  return msg;
}

function dialogIn(doc: Element): Element | undefined {
  return child(child(child(doc, MH, 'RefDoc'), MH, 'Content'), DIALOG_NS, 'Dialogmelding');
}

function herIdOf(org: Element): string {
  // Ident is 1..n; prefer the HER-id, which is what addressing in Norsk helsenett uses.
  const idents = children(org, MH, 'Ident');
  const her = idents.find((i) => child(i, MH, 'TypeId')?.getAttribute('V') === 'HER') ?? idents[0];
  return textOf(her, MH, 'Id') ?? '';
}

function party(org: Element): Party {
  const p: Party = {
    organisationName: textOf(org, MH, 'OrganisationName') ?? '',
    herId: herIdOf(org),
  };
  const unit = child(org, MH, 'Organisation');
  if (unit) {
    p.unitName = textOf(unit, MH, 'OrganisationName') ?? '';
    p.unitHerId = herIdOf(unit);
  }
  return p;
}

function patient(e: Element): Patient {
  const idents = children(e, MH, 'Ident');
  const national = idents.find((i) => ['FNR', 'DNR'].includes(child(i, MH, 'TypeId')?.getAttribute('V') ?? '')) ?? idents[0];
  const p: Patient = {
    nationalId: textOf(national, MH, 'Id') ?? '',
    givenName: textOf(e, MH, 'GivenName') ?? '',
    familyName: textOf(e, MH, 'FamilyName') ?? '',
  };
  const middle = textOf(e, MH, 'MiddleName');
  if (middle !== undefined) p.middleName = middle;
  return p;
}

function content(dialog: Element): DialogContent {
  const questions = children(dialog, DIALOG_NS, 'Foresporsel');
  const notes = children(dialog, DIALOG_NS, 'Notat');
  // The schema allows many; a citizen dialog message carries exactly one. Refuse rather than
  // silently drop the rest of a patient's message.
  if (questions.length + notes.length !== 1) {
    throw new KithError(`Expected one Foresporsel or Notat, found ${questions.length + notes.length}`);
  }
  const D = DIALOG_NS;
  const q = questions[0];
  if (q) {
    const c: DialogContent = {
      kind: 'foresporsel',
      typeForesp: codeOf(q, D, 'TypeForesp') ?? { v: '' },
      // Sporsmal is xs:anyType (XHTML allowed since 1.1): we keep its text, not its markup.
      sporsmal: textOf(q, D, 'Sporsmal') ?? '',
    };
    const emne = textOf(q, D, 'EmneSporsmal');
    if (emne !== undefined) c.emneSporsmal = emne;
    return withRoles(c, q);
  }
  const n = notes[0]!;
  const c: DialogContent = {
    kind: 'notat',
    temaKodet: codeOf(n, D, 'TemaKodet') ?? { v: '' },
    tekstNotatInnhold: textOf(n, D, 'TekstNotatInnhold') ?? '',
  };
  const tema = textOf(n, D, 'Tema');
  if (tema !== undefined) c.tema = tema;
  const dato = textOf(n, D, 'DatoNotat');
  if (dato !== undefined) c.datoNotat = dato;
  return withRoles(c, n);
}

function withRoles<T extends DialogContent>(c: T, e: Element): T {
  const roles = children(e, DIALOG_NS, 'RollerRelatertNotat').map(role);
  if (roles.length) c.roles = roles;
  return c;
}

function role(e: Element): RelatedRole {
  const r: RelatedRole = {};
  const rolle = codeOf(e, DIALOG_NS, 'RolleNotat');
  if (rolle) r.rolleNotat = rolle;
  const toPatient = codeOf(e, DIALOG_NS, 'RoleToPatient');
  if (toPatient) r.roleToPatient = toPatient;
  const hp = child(e, DIALOG_NS, 'HealthcareProfessional');
  if (hp) {
    // Ident is fk1:Ident: the Ident element is in the dialog namespace, Id/TypeId in fk1.
    const idents = children(hp, DIALOG_NS, 'Ident');
    const hpr = idents.find((i) => child(i, FK1_NS, 'TypeId')?.getAttribute('V') === 'HPR') ?? idents[0];
    const h: HealthcareProfessional = { hprNumber: textOf(hpr, FK1_NS, 'Id') ?? '' };
    const given = textOf(hp, DIALOG_NS, 'GivenName');
    if (given !== undefined) h.givenName = given;
    const family = textOf(hp, DIALOG_NS, 'FamilyName');
    if (family !== undefined) h.familyName = family;
    r.healthcareProfessional = h;
  }
  return r;
}
