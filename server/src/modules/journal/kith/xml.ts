/**
 * Shared XML plumbing for the KITH messages (MsgHead 1.2, Dialogmelding 1.1, AppRec 1.1):
 * namespaces, safe escaping of patient-written text, code values (kith:CV / kith:CS),
 * date handling and namespace-aware DOM lookups.
 */
import { DOMParser, onErrorStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { osloWallTimeToInstant } from '../../../platform/time.ts';

/** Namespace of MsgHead 1.2 (hodemelding, HIS 80415). */
export const MSGHEAD_NS = 'http://www.kith.no/xmlstds/msghead/2006-05-24';
/** Namespace of Dialogmelding 1.1 (HIS 80603). */
export const DIALOG_NS = 'http://www.kith.no/xmlstds/dialog/2013-01-23';
/** Namespace of KITH felleskomponent1 (fk1:Ident etc. inside Dialogmelding). */
export const FK1_NS = 'http://www.kith.no/xmlstds/felleskomponent1';
/** Namespace of AppRec 1.1. */
export const APPREC_NS = 'http://www.kith.no/xmlstds/apprec/2012-02-15';

/** OID prefix of the national code systems (volven.no "kodeverk"). */
export const OID = '2.16.578.1.12.4.1.1.';

/** A coded value: kith:CV (V, S, DN) or kith:CS (V, DN — S is then ignored). */
export interface KithCode {
  v: string;
  s?: string;
  dn?: string;
}

/** Thrown when input cannot become a schema-valid message, or a message cannot be read. */
export class KithError extends Error {
  override name = 'KithError';
}

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Anything else (C0 controls such as NUL, form feed or ESC, lone surrogates, U+FFFE/U+FFFF) cannot
// be written in an XML 1.0 document at all — not even as &#x1; — so we STRIP those characters
// (they carry no meaning in free text; pasted text from Word etc. sometimes has \f or \v).
const NOT_XML10_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 forbids; every text we write goes through this first. */
export function sanitizeXmlText(text: string): string {
  return text.replace(NOT_XML10_CHAR, '');
}

/** Escapes element content; \r becomes &#13; so a CRLF written by the patient survives parsing. */
export function escapeText(text: string): string {
  return sanitizeXmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;') // also defuses "]]>", which is illegal in content
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; tab/newlines are char refs, else attribute normalisation eats them. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** `<name>text</name>`, or '' when the optional value is absent. */
export function el(name: string, text: string | undefined): string {
  return text === undefined ? '' : `<${name}>${escapeText(text)}</${name}>`;
}

/** `<name V=".." S=".." DN=".."/>` for a kith:CV; pass withS=false for kith:CS, which has no S. */
export function codeEl(name: string, code: KithCode | undefined, withS = true): string {
  if (!code) return '';
  const s = withS && code.s !== undefined ? ` S="${escapeAttr(code.s)}"` : '';
  const dn = code.dn !== undefined ? ` DN="${escapeAttr(code.dn)}"` : '';
  return `<${name} V="${escapeAttr(code.v)}"${s}${dn}/>`;
}

/** xs:dateTime in UTC with milliseconds, e.g. 2025-01-31T08:00:00.000Z. */
export function formatDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new KithError('Invalid Date');
  return date.toISOString();
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads an xs:dateTime. Values without an offset (common in Norwegian messages, e.g. AppRec
 * GenDate "2012-02-17T09:30:47") are taken as Norwegian wall-clock time (Europe/Oslo).
 */
export function parseDateTime(value: string): Date {
  const m = DATETIME.exec(value.trim());
  if (!m) throw new KithError(`Not an xs:dateTime: ${value}`);
  const [, y, mo, d, h, mi, s, frac = '', tz] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3)); // xs allows any number of fraction digits
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms);
  if (tz === 'Z') return new Date(wall);
  if (tz) {
    const sign = tz.startsWith('-') ? -1 : 1;
    return new Date(wall - sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000);
  }
  // A time in the spring gap (02:00–02:59 does not exist) is read as winter time, one hour before the same clock time in summer.
  return osloWallTimeToInstant(wall) ?? new Date(wall - 60 * 60_000);
}

/** Parses XML into a namespace-aware DOM; refuses DTDs (never in KITH messages; XXE/entity bombs). */
export function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new KithError('DOCTYPE is not allowed in KITH messages');
  try {
    return new DOMParser({
      onError: onErrorStopParsing,
      // XML 1.0 line-end handling only: xmldom's default also folds U+2028/U+0085 (XML 1.1 rules),
      // which would alter patient text.
      normalizeLineEndings: (s) => s.replace(/\r\n?/g, '\n'),
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new KithError(`Not well-formed XML: ${(err as Error).message}`);
  }
}

/** Element children of `parent` with the given namespace and local name. */
export function children(parent: Element, ns: string, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const e = n as Element;
      if (e.namespaceURI === ns && e.localName === name) out.push(e);
    }
  }
  return out;
}

/** First matching child element, or undefined. */
export function child(parent: Element | undefined, ns: string, name: string): Element | undefined {
  return parent ? children(parent, ns, name)[0] : undefined;
}

/** Like child(), but a missing element is a KithError naming the path. */
export function required(parent: Element | undefined, ns: string, name: string): Element {
  const found = child(parent, ns, name);
  if (!found) throw new KithError(`Missing element ${name} in ${parent?.localName ?? '(none)'}`);
  return found;
}

/** Text content of an optional child element (descendant text joined, for anyType content). */
export function textOf(parent: Element | undefined, ns: string, name: string): string | undefined {
  const e = child(parent, ns, name);
  return e ? (e.textContent ?? '') : undefined;
}

/** Reads a kith:CV/CS element into a KithCode, leaving out absent attributes. */
export function codeOf(parent: Element | undefined, ns: string, name: string): KithCode | undefined {
  const e = child(parent, ns, name);
  if (!e) return undefined;
  const code: KithCode = { v: e.getAttribute('V') ?? '' };
  if (e.hasAttribute('S')) code.s = e.getAttribute('S') ?? '';
  if (e.hasAttribute('DN')) code.dn = e.getAttribute('DN') ?? '';
  return code;
}
