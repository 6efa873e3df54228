/** Helpers the resource mappers share: references, tokens, dates, derived ids, scoping, audit. */
import { createHash } from 'node:crypto';
import type { ExtractResource, Reference, ResourceType } from '@medplum/fhirtypes';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import { recordAudits } from '../../modules/audit/audit.service.ts';
import { badRequest, FhirError, unprocessable } from '../outcomes.ts';
import type { FhirContext, SearchInput } from '../router.ts';

export const SYSTEM = {
  fnr: 'urn:oid:2.16.578.1.12.4.1.4.1',
  dnr: 'urn:oid:2.16.578.1.12.4.1.4.2',
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  her: 'urn:oid:2.16.578.1.12.4.1.2',
  orgNumber: 'urn:oid:2.16.578.1.12.4.1.4.101',
  contactSource: 'https://helsedialog.no/fhir/CodeSystem/contact-source',
  dialogKind: 'https://helsedialog.no/fhir/CodeSystem/dialog-kind',
  appointmentType: 'https://helsedialog.no/fhir/CodeSystem/appointment-type',
  service: 'https://helsedialog.no/fhir/CodeSystem/service',
  prescription: 'https://helsedialog.no/fhir/NamingSystem/prescription',
  strength: 'https://helsedialog.no/fhir/StructureDefinition/medication-strength',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID (the ids of our rows); anything else cannot match a row. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

const ID = '[A-Za-z0-9\\-.]{1,64}';
const LOCAL = new RegExp(`^([A-Z][A-Za-z]{1,63})/(${ID})(/_history/${ID})?$`);

/**
 * A reference to this server in its one form: relative (`Type/<id>`, a full URL under `base` —
 * this server's FHIR base — loses it) with a uuid id in lower case, as our ids are. Anything else
 * (another server's URL, a contained `#id`, a urn) is returned as it is. The router passes every
 * reference of an incoming resource and every reference search value through here, so the
 * mappers (refId) see ours relative only.
 */
export function localReference(value: string, base: string): string {
  const m = LOCAL.exec(value.startsWith(`${base}/`) ? value.slice(base.length + 1) : value);
  if (!m) return value;
  return `${m[1]}/${isUuid(m[2]!) ? m[2]!.toLowerCase() : m[2]}${m[3] ?? ''}`;
}

/**
 * The id in a reference to one of our resources of the given type (`Patient/123`, optionally
 * with `/_history/<v>`), a uuid in lower case; undefined for a reference of another type (or
 * none). A reference that names the type but not on this server — another server's URL
 * (`https://elsewhere.example/fhir/Patient/<id>`) or any other prefix — is refused with 422: it
 * is not ours, and taking its id as ours would put the data on whoever has that id here. (The
 * router has made references by our own full URL relative already: localReference.)
 */
export function refId(ref: unknown, type: string): string | undefined {
  const p = parseRef(ref, type);
  if (p === 'foreign')
    throw unprocessable(
      `${referenceText(ref)} is not a ${type} on this server. Reference ours as ${type}/<id> (or by its full URL under this server's FHIR base); references to another server are not taken.`,
      'not-supported',
    );
  return p;
}

/**
 * The id of a reference to one of our resources of this type; undefined for anything else, a
 * reference to another server included — for lists where others are allowed beside ours (a
 * result's performers: the unit that shares it, and an outside lab that did the analysis).
 */
export function localRefId(ref: unknown, type: string): string | undefined {
  const p = parseRef(ref, type);
  return p === 'foreign' ? undefined : p;
}

const referenceText = (ref: unknown): unknown => (typeof ref === 'string' ? ref : (ref as { reference?: unknown } | undefined)?.reference);

function parseRef(ref: unknown, type: string): string | 'foreign' | undefined {
  const r = referenceText(ref);
  if (typeof r !== 'string') return undefined;
  const m = new RegExp(`^${type}/(${ID})(?:/_history/${ID})?$`).exec(r);
  if (m) return isUuid(m[1]!) ? m[1]!.toLowerCase() : m[1];
  return new RegExp(`/${type}/${ID}(?:/_history/${ID})?$`).test(r) ? 'foreign' : undefined;
}

/** A reference to one of our resources. */
export function ref<K extends ResourceType>(type: K, id: string, display?: string): Reference<ExtractResource<K>> {
  return { reference: `${type}/${id}`, ...(display ? { display } : {}) };
}

/** Splits a token search value "system|code" (system optional). */
export function token(v: string): { system: string | undefined; value: string } {
  const i = v.indexOf('|');
  return i < 0 ? { system: undefined, value: v } : { system: v.slice(0, i) || undefined, value: v.slice(i + 1) };
}

/** The single value of a search parameter (several values or repeats are refused clearly). */
export function one(input: SearchInput, name: string): string | undefined {
  const v = input.params.get(name);
  if (!v) return undefined;
  if (v.length > 1 || v[0]!.includes(',')) throw badRequest(`Give ${name} once, with one value.`);
  return v[0];
}

const DATE_SEARCH = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A date search value with prefix (eq, ge, gt, le, lt) as the conditions on an instant column, for
 * every resource's date parameters. An R4 search date has a precision and stands for the range it
 * covers: a year (`2026`), a month (`2026-12`), a day (`2026-12-13`; days are UTC days), or a
 * dateTime to the minute, second or fraction of a second (no zone: UTC). `eq` is within the
 * range, `ge` from its start, `gt` after its end, `lt` before its start, `le` up to its end.
 */
export function dateParam(v: string): { op: '>=' | '<'; at: Date }[] {
  const m = DATE_SEARCH.exec(v);
  if (!m) throw badRequest(`Not a FHIR date: ${v} (a year, year-month, date or dateTime, with an optional prefix eq, ge, gt, le or lt).`);
  const [, prefix, y, mo, d, hh, mi, ss, frac, zone] = m;
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = new Date(`${y}-${pad(month)}-${pad(day)}T${hh ?? '00'}:${mi ?? '00'}:${ss ?? '00'}${frac ? `.${frac.slice(0, 3)}` : ''}${zone ?? 'Z'}`);
  // The first instant of a month (month 12: January of the next year); years below 100 stay as given.
  const monthStart = (year: number, monthIndex: number) => {
    const t = new Date(0);
    t.setUTCFullYear(year, monthIndex, 1);
    return t;
  };
  // A calendar date that does not exist (2026-02-30, month 13, hour 25) is no date.
  const civil = monthStart(Number(y), month - 1);
  civil.setUTCDate(day);
  civil.setUTCHours(Number(hh ?? 0), Number(mi ?? 0), Number(ss ?? 0));
  if (
    Number.isNaN(start.getTime()) ||
    civil.getUTCMonth() !== month - 1 ||
    civil.getUTCDate() !== day ||
    civil.getUTCHours() !== Number(hh ?? 0) ||
    civil.getUTCMinutes() !== Number(mi ?? 0)
  )
    throw badRequest(`Not a FHIR date: ${v}`);
  const end =
    mo === undefined
      ? monthStart(Number(y) + 1, 0)
      : d === undefined
        ? monthStart(Number(y), month)
        : hh === undefined
          ? new Date(start.getTime() + 86_400_000)
          : new Date(start.getTime() + (ss === undefined ? 60_000 : frac === undefined ? 1000 : Math.max(1, 10 ** (3 - frac.length))));
  switch (prefix ?? 'eq') {
    case 'ge':
      return [{ op: '>=', at: start }];
    case 'gt':
      return [{ op: '>=', at: end }];
    case 'lt':
      return [{ op: '<', at: start }];
    case 'le':
      return [{ op: '<', at: end }];
    default:
      return [
        { op: '>=', at: start },
        { op: '<', at: end },
      ];
  }
}

/** A stable UUID-shaped id derived from parts (for resources that are rows with a composite key). */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An instant parsed from a FHIR dateTime/instant, or a 400. */
export function instant(v: unknown, what: string): Date {
  const d = typeof v === 'string' ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw badRequest(`${what} must be a FHIR dateTime.`);
  return d;
}

/** The unit, when it is one of the caller's; otherwise a 403 (writes) that names no data. */
export function requireUnit(ctx: FhirContext, unitId: string | undefined, what = 'The organization'): string {
  if (!unitId || !ctx.auth.unitIds.includes(unitId)) throw new FhirError(403, 'forbidden', `${what} is not one of the units this client may act for.`);
  return unitId;
}

/** The unit for a write that names none: the caller's only unit, or a 400 asking for one. */
export function onlyUnit(ctx: FhirContext, what: string): string {
  if (ctx.auth.unitIds.length === 1) return ctx.auth.unitIds[0]!;
  throw badRequest(`${what} must name the unit (this client acts for several).`);
}

/** What the EPJ did to one citizen's data, for the access log. */
export interface EpjAccess {
  citizenId: string | null;
  unitId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  unitName?: string | null;
}

/** Writes an access-log entry for a write by the EPJ, in the transaction of the work. */
export async function auditEpj(tx: Transaction<DB>, ctx: FhirContext, e: EpjAccess): Promise<void> {
  const unitName =
    e.unitName !== undefined || !e.unitId
      ? (e.unitName ?? null)
      : ((await tx.selectFrom('units').select('name').where('id', '=', e.unitId).executeTakeFirst())?.name ?? null);
  await auditEpjAll(tx, ctx, [{ ...e, unitName }]);
}

/**
 * Writes the access-log entries of one request by the EPJ about many citizens (a search) in one
 * call of the writer: their chains are locked in its one order and written in one statement.
 */
export async function auditEpjAll(tx: Transaction<DB>, ctx: FhirContext, entries: ReadonlyArray<EpjAccess & { unitName: string | null }>): Promise<void> {
  await recordAudits(
    tx,
    entries.map((e) => ({
      citizenId: e.citizenId,
      actorKind: 'epj' as const,
      actorName: ctx.auth.clientName,
      actorRole: `epj:${ctx.auth.clientId}`,
      unitId: e.unitId,
      unitName: e.unitName,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId,
    })),
  );
}

/** ORDER BY direction of a sort key, or the default. */
export function direction(input: SearchInput, key: string, dflt: 'asc' | 'desc' = 'asc'): 'asc' | 'desc' {
  const s = input.sort.find((x) => x.key === key);
  return s ? (s.desc ? 'desc' : 'asc') : dflt;
}
