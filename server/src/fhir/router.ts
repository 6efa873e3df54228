/**
 * The FHIR R4 router, independent of HTTP: a request (method, path, query, body, caller) goes in,
 * a status and a resource come out. One mapper per resource type declares its interactions and
 * search parameters; the router does paging (_count, _offset, Bundle.link next/previous), _sort,
 * refusal of unknown parameters, JSON Patch, versions (vread, ETag, If-Match), references to this
 * server in one form (relative, uuid in lower case), and the CapabilityStatement.
 * (Shape after medplum's packages/fhir-router; much smaller.)
 */
import type { Bundle, BundleLink, CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import type { AppContext } from '../app.ts';
import type { FhirAuth } from './fhir.auth.ts';
import { badRequest, FhirError, notFound, versionMismatch, type Resource } from './outcomes.ts';
import { auditFhirRead } from './read-audit.ts';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { validateIncoming } from './validate.ts';
import { isUuid, localReference } from './resources/common.ts';

/** What a mapper gets: the app and the calling EPJ client (with its units). */
export interface FhirContext {
  app: AppContext;
  auth: FhirAuth;
  /** The absolute FHIR base URL (for Attachment.url and the like). */
  base: string;
}

/** Search input after the router has taken out paging and sorting. */
export interface SearchInput {
  params: Map<string, string[]>;
  count: number;
  offset: number;
  /** Sort keys with direction, in order; only those the mapper declared. */
  sort: { key: string; desc: boolean }[];
}

/** One page of matches and the total number of matches. */
export interface SearchResult<T extends Resource = Resource> {
  resources: T[];
  total: number;
}

/**
 * What a resource type supports. `T` is the R4 type (@medplum/fhirtypes) the mapper builds and
 * takes: the body a create or update gets has passed validateIncoming, so it is a valid `T`.
 * (Method syntax on purpose: a ResourceMapper<Patient> is one of the router's ResourceMapper[].)
 */
export interface ResourceMapper<T extends Resource = Resource> {
  type: T['resourceType'];
  /** Search parameters: name → FHIR search param type (for the CapabilityStatement). */
  searchParams: Record<string, 'token' | 'reference' | 'date' | 'string'>;
  sorts?: string[];
  read(ctx: FhirContext, id: string): Promise<T | undefined>;
  /**
   * For a type that keeps versions (its resources carry meta.versionId): an earlier version, under
   * the same access rules as read, or undefined. The router answers the current version from read
   * and calls this only for another one; a type without it keeps no versions (no vread, no ETag).
   */
  vread?(ctx: FhirContext, id: string, versionId: string): Promise<T | undefined>;
  search(ctx: FhirContext, input: SearchInput): Promise<SearchResult<T>>;
  create?(ctx: FhirContext, body: T): Promise<T>;
  /**
   * `ifMatch`: the version the update must apply to — the one the client's If-Match names (the
   * router has checked it against a read), or the one a PATCH was applied to. A mapper that keeps
   * versions checks it again under its row lock (412 versionMismatch), so two updates of the same
   * version cannot both be stored.
   */
  update?(ctx: FhirContext, id: string, body: T, ifMatch?: string): Promise<T>;
}

export interface FhirRequest {
  method: string;
  /** The path after the FHIR base, e.g. "Patient/123" or "metadata". */
  path: string;
  query: URLSearchParams;
  body: unknown;
  auth: FhirAuth | undefined;
  /** The If-Match header of a PUT or PATCH (version-aware update), if any. */
  ifMatch?: string;
}

export interface FhirResponse {
  status: number;
  body: Resource;
  location?: string;
  /** The ETag of the resource answered (W/"<versionId>"), for a type that keeps versions. */
  etag?: string;
}

const PAGING = new Set(['_count', '_offset', '_sort', '_format', '_total']);
const MAX_COUNT = 100;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Routes FHIR interactions to the mappers. */
export class FhirRouter {
  readonly #mappers = new Map<string, ResourceMapper>();
  readonly #app: AppContext;
  readonly #base: string;
  readonly #tokenUrl: string;

  constructor(app: AppContext, base: string, tokenUrl: string, mappers: ResourceMapper[]) {
    this.#app = app;
    this.#base = base;
    this.#tokenUrl = tokenUrl;
    for (const m of mappers) this.#mappers.set(m.type, m);
  }

  /** Handles one request; throws FhirError for anything that is not a success. */
  async handle(req: FhirRequest): Promise<FhirResponse> {
    const parts = req.path.split('/').filter(Boolean);
    if (parts[0] === 'metadata' && parts.length === 1 && req.method === 'GET') return { status: 200, body: this.capabilityStatement() };
    if (!req.auth) throw new FhirError(401, 'login', 'A bearer token is required. Get one from the token endpoint with the client credentials grant.');
    const ctx: FhirContext = { app: this.#app, auth: req.auth, base: this.#base };
    const [type, pathId, extra, vid, ...more] = parts;
    // A uuid is one id however it is cased (our ids are stored in lower case, as references are).
    const id = pathId !== undefined && isUuid(pathId) ? pathId.toLowerCase() : pathId;
    if (!type) throw new FhirError(400, 'not-supported', 'System-level interactions are not supported; use a resource type.');
    const mapper = this.#mappers.get(type);
    if (!mapper) throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported here.`);
    const history = extra === '_history' && vid !== undefined && ID.test(vid) && !more.length;
    if ((extra !== undefined && !history) || (id !== undefined && !ID.test(id)))
      throw new FhirError(400, 'not-supported', `The path ${req.path} is not supported.`);

    if (id === undefined) {
      if (req.method === 'GET') return { status: 200, body: await this.#search(ctx, mapper, req.query) };
      if (req.method === 'POST') {
        if (!mapper.create) throw new FhirError(405, 'not-supported', `${type} cannot be created here.`);
        const body = this.#localReferences(this.#resourceBody(req.body, type));
        validateIncoming(body);
        const created = await mapper.create(ctx, body);
        // The Location names the version only where versions are kept (and can be read back: vread).
        const version = versionOf(created);
        return {
          status: 201,
          body: created,
          location: `${this.#base}/${type}/${created.id}${version ? `/_history/${version}` : ''}`,
          ...etagOf(created),
        };
      }
      throw new FhirError(405, 'not-supported', `${req.method} is not supported on ${type}.`);
    }
    if (history) {
      if (req.method !== 'GET') throw new FhirError(405, 'not-supported', `${req.method} is not supported on a version of ${type}/${id}.`);
      this.#noParams(req.query);
      return this.#vread(ctx, mapper, id, vid);
    }
    if (req.method === 'GET') {
      this.#noParams(req.query);
      const r = await mapper.read(ctx, id);
      if (!r) throw notFound(type, id);
      await auditFhirRead(ctx, 'read', type, [r]);
      return { status: 200, body: r, ...etagOf(r) };
    }
    if (req.method === 'PUT' || req.method === 'PATCH') {
      if (!mapper.update) throw new FhirError(405, 'not-supported', `${type} cannot be changed here.`);
      const wanted = req.ifMatch === undefined ? undefined : entityTags(req.ifMatch);
      // A PATCH applies to the stored resource; an If-Match is checked against it before anything else.
      const current = req.method === 'PATCH' || wanted !== undefined ? await mapper.read(ctx, id) : undefined;
      if ((req.method === 'PATCH' || wanted !== undefined) && !current) throw notFound(type, id);
      const ifMatch = wanted === undefined ? undefined : matchingVersion(type, id, current!, wanted);
      const body = req.method === 'PATCH' ? applyJsonPatch(current!, req.body) : req.body;
      // PUT and PATCH alike: what is stored is the same resource (type and id) as the URL's.
      const resource = this.#localReferences(this.#sameResource(body, type, id));
      // Validated as it would be stored: a patched resource after the patch is applied.
      validateIncoming(resource);
      // A patch was applied to the version read: it is stored only onto that version (a change
      // stored in between would otherwise be overwritten with what the patch did not touch).
      const base = ifMatch ?? (req.method === 'PATCH' ? versionOf(current!) : undefined);
      let updated: Resource;
      try {
        updated = await mapper.update(ctx, id, resource, base);
      } catch (err) {
        if (err instanceof FhirError && err.status === 412 && ifMatch === undefined)
          throw new FhirError(409, 'conflict', `${type}/${id} was changed while the patch was applied; nothing was stored. Send the patch again.`);
        throw err;
      }
      return { status: 200, body: updated, ...etagOf(updated) };
    }
    throw new FhirError(405, 'not-supported', `${req.method} is not supported on ${type}/${id}.`);
  }

  /** vread: the current version from read, an earlier one from the mapper (types that keep versions); logged as a read. */
  async #vread(ctx: FhirContext, mapper: ResourceMapper, id: string, vid: string): Promise<FhirResponse> {
    const current = await mapper.read(ctx, id);
    if (!current) throw notFound(mapper.type, id);
    const version = versionOf(current);
    if (version === undefined) throw new FhirError(404, 'not-found', `${mapper.type} keeps no versions here: read ${mapper.type}/${id}.`);
    const r = version === vid ? current : mapper.vread ? await mapper.vread(ctx, id, vid) : undefined;
    if (!r) throw new FhirError(404, 'not-found', `${mapper.type}/${id} has no version ${vid} (the current version is ${version}).`);
    await auditFhirRead(ctx, 'read', mapper.type, [r]);
    return { status: 200, body: r, ...etagOf(r) };
  }

  #resourceBody(body: unknown, type: string): Resource {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a FHIR resource (application/fhir+json).');
    const r = body as Resource;
    if (r.resourceType !== type) throw badRequest(`Expected a ${type}, got ${String(r.resourceType)}.`);
    return r;
  }

  /**
   * The body of an update (PUT, or PATCH after the patch is applied) as the resource at the URL:
   * the same resource type (a patch replacing the whole resource cannot turn a ServiceRequest into
   * a DiagnosticReport) and its id, present and equal to the URL's (R4 http.html#update).
   */
  #sameResource(body: unknown, type: string, id: string): Resource {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a FHIR resource (application/fhir+json).');
    const r = body as Resource;
    if (r.resourceType !== type) throw badRequest(`${type}/${id} is a ${type}; an update cannot make it a ${String(r.resourceType)}.`);
    if (r.id === undefined) throw badRequest(`The ${type} must carry its id (${id}), the same as in the URL.`);
    if (r.id !== id && !(typeof r.id === 'string' && isUuid(r.id) && r.id.toLowerCase() === id))
      throw badRequest(`The resource id ${String(r.id)} does not match the URL (${id}).`);
    return r.id === id ? r : { ...r, id };
  }

  /** Every reference to this server in one form: relative, a uuid in lower case (see localReference). */
  #localReferences<T extends Resource>(resource: T): T {
    return withLocalReferences(resource, this.#base) as T;
  }

  #noParams(query: URLSearchParams): void {
    for (const k of query.keys()) if (k !== '_format') throw new FhirError(400, 'not-supported', `Unknown parameter ${k}.`);
  }

  async #search(ctx: FhirContext, mapper: ResourceMapper, query: URLSearchParams): Promise<Bundle> {
    const params = new Map<string, string[]>();
    for (const [k, v] of query) {
      if (PAGING.has(k)) continue;
      if (k !== '_id' && !Object.hasOwn(mapper.searchParams, k)) {
        throw new FhirError(
          400,
          'not-supported',
          `Unknown search parameter ${k} for ${mapper.type}. Supported: ${['_id', ...Object.keys(mapper.searchParams), '_count', '_offset', '_sort'].join(', ')}.`,
        );
      }
      // A reference to one of ours by its full URL is the relative one (as a body's references are).
      const value = mapper.searchParams[k] === 'reference' ? localReference(v, this.#base) : v;
      params.set(k, [...(params.get(k) ?? []), value]);
    }
    for (const k of ['_count', '_offset']) if (query.getAll(k).length > 1) throw badRequest(`Give ${k} once, with one value.`);
    const count = intParam(query.get('_count'), 20, 0, MAX_COUNT, '_count');
    const offset = intParam(query.get('_offset'), 0, 0, 1_000_000, '_offset');
    const sort = (query.get('_sort') ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => ({ key: s.replace(/^-/, ''), desc: s.startsWith('-') }));
    for (const s of sort)
      if (!(mapper.sorts ?? []).includes(s.key))
        throw new FhirError(400, 'not-supported', `Cannot sort ${mapper.type} by ${s.key}. Supported: ${(mapper.sorts ?? []).join(', ') || 'none'}.`);
    const { resources, total } = await mapper.search(ctx, { params, count, offset, sort });
    await auditFhirRead(ctx, 'search', mapper.type, resources);
    const link = (o: number) => {
      const q = new URLSearchParams(query);
      q.set('_count', String(count));
      q.set('_offset', String(o));
      return `${this.#base}/${mapper.type}?${q.toString()}`;
    };
    const links: BundleLink[] = [{ relation: 'self', url: link(offset) }];
    if (count > 0 && offset + count < total) links.push({ relation: 'next', url: link(offset + count) });
    if (offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, offset - count)) });
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total,
      link: links,
      entry: resources.map((r) => ({ fullUrl: `${this.#base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })),
    };
  }

  /** The CapabilityStatement, generated from the mappers. */
  capabilityStatement(): CapabilityStatement {
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-11-22',
      kind: 'instance',
      publisher: 'helsedialog',
      software: { name: 'helsedialog', version: '0.1.0' },
      implementation: { description: 'helsedialog FHIR R4 API for EPJ systems', url: this.#base },
      fhirVersion: '4.0.1',
      format: ['application/fhir+json', 'json'],
      patchFormat: ['application/json-patch+json'],
      rest: [
        {
          mode: 'server',
          security: {
            service: [
              {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
                text: 'OAuth2 client credentials (HelseID-style); tokens are scoped to the client’s units',
              },
            ],
            extension: [
              { url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [{ url: 'token', valueUri: this.#tokenUrl }] },
            ],
          },
          resource: [...this.#mappers.values()].map((m): CapabilityStatementRestResource => ({
            type: m.type,
            // Versions are kept for the types with vread (an update of one may name its version in If-Match).
            versioning: !m.vread ? 'no-version' : m.update ? 'versioned-update' : 'versioned',
            interaction: [
              { code: 'read' },
              ...(m.vread ? [{ code: 'vread' as const }] : []),
              { code: 'search-type' },
              ...(m.create ? [{ code: 'create' as const }] : []),
              ...(m.update ? [{ code: 'update' as const }, { code: 'patch' as const }] : []),
            ],
            searchParam: [{ name: '_id', type: 'token' }, ...Object.entries(m.searchParams).map(([name, type]) => ({ name, type }))],
          })),
        },
      ],
    };
  }
}

/** The version of a resource of a type that keeps versions. */
function versionOf(r: Resource): string | undefined {
  const v = r.meta?.versionId;
  return typeof v === 'string' && v ? v : undefined;
}

/** The ETag of a resource that has a version (W/"<versionId>", R4 http.html#versioning). */
function etagOf(r: Resource): { etag?: string } {
  const v = versionOf(r);
  return v ? { etag: `W/"${v}"` } : {};
}

/**
 * The entity tags of an If-Match header (RFC 9110 §13.1.1): `*`, or a list of `W/"<versionId>"`
 * or `"<versionId>"` (compared weakly: FHIR's ETags are weak). Anything else is a 400.
 */
export function entityTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  const tags = header.split(',').map((t) => /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(t)?.[1]);
  if (!tags.length || tags.some((t) => t === undefined))
    throw badRequest('If-Match must name the version as an ETag, W/"<versionId>" (as the ETag of a read gives it).');
  return tags as string[];
}

/**
 * The version an If-Match names, when it is the current one; otherwise 412 (nothing is changed).
 * A type that keeps no versions has no ETag, so no If-Match but `*` can match it.
 */
function matchingVersion(type: string, id: string, current: Resource, wanted: '*' | string[]): string | undefined {
  if (wanted === '*') return undefined;
  const version = versionOf(current);
  if (version === undefined)
    throw new FhirError(412, 'conflict', `${type} keeps no versions here, so If-Match cannot match; send the update without If-Match.`);
  if (!wanted.includes(version)) throw versionMismatch(type, id, version, wanted.join(', '));
  return version;
}

/** A copy of a resource with every `reference` (and Attachment `url`) to this server in its local form. */
function withLocalReferences(value: unknown, base: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withLocalReferences(v, base));
  if (!value || typeof value !== 'object') return value;
  // fromEntries defines each key as its own (a key "__proto__" stays data, never a prototype).
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      (k === 'reference' || k === 'url') && typeof v === 'string' ? localReference(v, base) : withLocalReferences(v, base),
    ]),
  );
}

function intParam(v: string | null, dflt: number, min: number, max: number, name: string): number {
  if (v === null) return dflt;
  if (!/^\d+$/.test(v)) throw badRequest(`${name} must be a whole number.`);
  return Math.min(Math.max(Number(v), min), max);
}

/** Path segments that reach an object's prototype: refused in every patch path (and `from`). */
const PROTOTYPE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Applies an RFC 6902 JSON Patch to a copy of a resource with fast-json-patch (validating every
 * operation, its prototype guard on). Paths are checked first: a segment `__proto__`,
 * `constructor` or `prototype` is refused with 400 before anything is applied, so no patch can
 * reach Object.prototype (issue 15: a PATCH wrote onto the prototype of the whole process).
 */
export function applyJsonPatch(resource: Resource, ops: unknown): Resource {
  if (!Array.isArray(ops)) throw badRequest('PATCH needs a JSON Patch array (application/json-patch+json).');
  for (const op of ops as unknown[]) {
    if (!op || typeof op !== 'object' || Array.isArray(op)) throw badRequest('Each patch operation must be an object with op and path.');
    const o = op as { op?: unknown; path?: unknown; from?: unknown };
    if (typeof o.op !== 'string' || !PATCH_OPS.has(o.op))
      throw badRequest(`Patch operation ${String(o.op)} is not supported (use add, remove, replace, move, copy or test).`);
    for (const pointer of o.from === undefined ? [o.path] : [o.path, o.from]) {
      if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/')))
        throw badRequest('Each patch operation needs a path (and a from) that is a JSON Pointer starting with /.');
      const bad = pointer
        .split('/')
        .slice(1)
        .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
        .find((k) => PROTOTYPE_SEGMENTS.has(k));
      if (bad !== undefined) throw badRequest(`The patch path ${pointer} is refused: "${bad}" is not a field of any FHIR resource.`);
    }
  }
  try {
    const { newDocument } = jsonpatch.applyPatch(structuredClone(resource), ops as Operation[], true, false, true);
    return newDocument;
  } catch (err) {
    if (err instanceof jsonpatch.JsonPatchError) {
      if (err.name === 'TEST_OPERATION_FAILED') throw new FhirError(409, 'conflict', `Patch test failed at ${String(err.operation?.path)}.`);
      throw badRequest(`The patch cannot be applied: ${err.message.split('\n')[0]}`);
    }
    if (err instanceof TypeError) throw badRequest('The patch cannot be applied to this resource.');
    throw err;
  }
}
