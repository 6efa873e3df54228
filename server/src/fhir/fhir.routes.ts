/**
 * The FHIR R4 API for EPJ systems, mounted at /fhir/R4 (application/fhir+json) with an OAuth2
 * token endpoint at /fhir/token (client credentials). Everything FHIR answers, errors included,
 * is FHIR: OperationOutcome, never problem+json.
 */
import { QuestionnaireMapper, QuestionnaireResponseMapper } from './resources/questionnaire.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import { access } from '../access/route-access.ts';
import { issueToken, verifyToken, type FhirAuth } from './fhir.auth.ts';
import { FhirError, operationOutcome, outcomeOf } from './outcomes.ts';
import { AppError, overlapConflict } from '../platform/errors.ts';
import { decodeUtf8 } from '../platform/input-guard.ts';
import { AppointmentMapper, ScheduleMapper, SlotMapper } from './resources/appointment.ts';
import { BinaryMapper, CommunicationMapper } from './resources/communication.ts';
import { HealthcareServiceMapper, OrganizationMapper, PractitionerMapper, PractitionerRoleMapper } from './resources/directory.ts';
import { MedicationStatementMapper } from './resources/medication-statement.ts';
import { EpisodeOfCareMapper, PatientMapper } from './resources/patient.ts';
import { RelatedPersonMapper } from './resources/related-person.ts';
import { DiagnosticReportMapper, DocumentReferenceMapper, ServiceRequestMapper } from './resources/records.ts';
import { MAX_ATTACHMENT_BYTES } from '@helsedialog/core';
import { FhirRouter } from './router.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const FHIR_BASE_PATH = '/fhir/R4';
export const FHIR_TOKEN_PATH = '/fhir/token';
/** A body may carry one shared PDF in base64 (4/3 of the attachment limit) and its resource. */
const FHIR_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 256 * 1024;

const SMART_CONFIGURATION = '.well-known/smart-configuration';

/** The path after the FHIR base ("Patient/123", "metadata"), without the query. */
function fhirPath(requestUrl: string): string {
  return new URL(requestUrl, 'http://x').pathname.slice(FHIR_BASE_PATH.length).replace(/^\//, '');
}

/** The EPJ client of each request, from its bearer token (checked in onRequest). */
const callers = new WeakMap<FastifyRequest, FhirAuth>();

/** Registers /fhir/R4 and /fhir/token. */
export async function fhirRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const base = `${ctx.config.publicUrl}${FHIR_BASE_PATH}`;
  const tokenUrl = `${ctx.config.publicUrl}${FHIR_TOKEN_PATH}`;
  const router = new FhirRouter(ctx, base, tokenUrl, [
    PatientMapper,
    OrganizationMapper,
    PractitionerMapper,
    PractitionerRoleMapper,
    HealthcareServiceMapper,
    EpisodeOfCareMapper,
    CommunicationMapper,
    BinaryMapper,
    RelatedPersonMapper,
    AppointmentMapper,
    SlotMapper,
    ScheduleMapper,
    MedicationStatementMapper,
    DocumentReferenceMapper,
    ServiceRequestMapper,
    DiagnosticReportMapper,
    QuestionnaireMapper,
    QuestionnaireResponseMapper,
  ]);

  await app.register(async (scope) => {
    const json = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      let text: string;
      try {
        text = decodeUtf8(body as Buffer);
      } catch {
        return done(new FhirError(400, 'structure', 'The body is not valid UTF-8.'));
      }
      try {
        done(null, text.trim() ? JSON.parse(text) : undefined);
      } catch {
        done(new FhirError(400, 'structure', 'The body is not valid JSON.'));
      }
    };
    scope.addContentTypeParser(['application/fhir+json', 'application/json-patch+json'], { parseAs: 'buffer', bodyLimit: FHIR_BODY_LIMIT }, json);
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        done(null, Object.fromEntries(new URLSearchParams(decodeUtf8(body as Buffer))));
      } catch (err) {
        done(err as Error);
      }
    });

    // Who the caller is, before anything about what it sent (the body's parsing, its size, its
    // content type, the format asked for): the bearer token is checked when the request arrives.
    // Only the token endpoint, the CapabilityStatement and the SMART configuration are open.
    scope.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.url === FHIR_TOKEN_PATH) return;
      const path = fhirPath(request.url);
      if (path === SMART_CONFIGURATION || (path === 'metadata' && (request.method === 'GET' || request.method === 'HEAD'))) return;
      const bearer = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
      if (!bearer) {
        reply.header('WWW-Authenticate', 'Bearer realm="fhir"');
        throw new FhirError(401, 'login', 'A bearer token is required. Get one from the token endpoint with the client credentials grant.');
      }
      const auth = await verifyToken(ctx.db, bearer);
      if (!auth) {
        reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new FhirError(401, 'login', 'The bearer token is unknown or has expired. Get a new one from the token endpoint.');
      }
      callers.set(request, auth);
    });

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (request.url.startsWith(FHIR_TOKEN_PATH))
        return reply.code(400).send({ error: 'invalid_request', error_description: 'The token request could not be read.' });
      if (error instanceof FhirError) return sendFhir(reply, error.status, outcomeOf(error));
      // The app-wide guards (input, authentication) speak AppError, and a time conflict from the
      // database's exclusion constraints is one too; FHIR answers them as OperationOutcome.
      const known = error instanceof AppError ? error : overlapConflict(error);
      if (known)
        return sendFhir(
          reply,
          known.status,
          operationOutcome(
            known.status >= 500 ? 'fatal' : 'error',
            known.status === 401 ? 'login' : known.status === 409 ? 'conflict' : 'invalid',
            known.message,
          ),
        );
      const status = error.statusCode ?? 500;
      if (status === 415)
        return sendFhir(reply, 415, operationOutcome('error', 'not-supported', 'Send application/fhir+json (or application/json-patch+json for PATCH).'));
      if (status === 413) return sendFhir(reply, 413, operationOutcome('error', 'too-costly', 'The request is too large.'));
      if (status >= 400 && status < 500) return sendFhir(reply, status, operationOutcome('error', 'invalid', 'The request could not be understood.'));
      request.log.error({ err: { message: error.message, stack: error.stack } }, 'FHIR request failed');
      return sendFhir(reply, 500, operationOutcome('fatal', 'exception', 'Something went wrong on our side. Please try again later.'));
    });

    // OAuth2 client credentials (RFC 6749 §4.4): Basic auth or client_id/client_secret in the form.
    scope.post(FHIR_TOKEN_PATH, { schema: { hide: true }, config: access('epj', 'none', 'act') }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      let id = body.client_id;
      let secret = body.client_secret;
      const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''));
      if (basic)
        [id, secret] = Buffer.from(basic[1]!, 'base64')
          .toString('utf8')
          .split(':')
          .map((s) => decodeURIComponent(s)) as [string, string];
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      if (body.grant_type !== 'client_credentials')
        return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Use grant_type=client_credentials.' });
      // Failed attempts are limited per client id and per address, before the secret is compared.
      const keys = [`fhir-token-addr:${request.ip}`, ...(id ? [`fhir-token-client:${id}`] : [])];
      const wait = ctx.secretFailures.retryAfter(...keys);
      if (wait)
        return reply
          .code(429)
          .header('Retry-After', String(wait))
          .send({ error: 'invalid_client', error_description: `Too many failed attempts. Wait ${wait} seconds and try again.` });
      const t = id && secret ? await issueToken(ctx.db, id, secret) : undefined;
      if (!t) ctx.secretFailures.fail(...keys);
      if (!t)
        return reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="fhir"')
          .send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
      return reply.send({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: t.scope });
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://x');
      const path = fhirPath(request.url);
      if (path === SMART_CONFIGURATION) {
        return sendFhir(
          reply,
          200,
          {
            token_endpoint: tokenUrl,
            grant_types_supported: ['client_credentials'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
            capabilities: ['permission-v1'],
          },
          'application/json',
        );
      }
      // Only JSON is spoken: a request that asks for XML alone (Accept or _format) is told so.
      if (!acceptsJson(String(request.headers.accept ?? ''), url.searchParams.get('_format')))
        throw new FhirError(406, 'not-supported', 'Only application/fhir+json is supported; FHIR XML is not. Ask for application/fhir+json.');
      const ifMatch = request.headers['if-match'];
      const res = await router.handle({
        method: request.method,
        path,
        query: url.searchParams,
        body: request.body,
        auth: callers.get(request),
        ...(ifMatch !== undefined ? { ifMatch: String(ifMatch) } : {}),
      });
      if (res.location) reply.header('Location', res.location);
      if (res.etag) reply.header('ETag', res.etag);
      return sendFhir(reply, res.status, res.body);
    };
    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: FHIR_BASE_PATH,
      schema: { hide: true },
      config: access('epj', 'none', 'see'),
      handler,
    });
    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: `${FHIR_BASE_PATH}/*`,
      schema: { hide: true },
      config: access('epj', 'none', 'see'),
      handler,
    });
  });
}

function sendFhir(reply: FastifyReply, status: number, body: unknown, type = FHIR_JSON) {
  return reply.code(status).type(type).header('Cache-Control', 'no-store').send(body);
}

/** Whether the client takes JSON: `_format` (json, application/fhir+json …) wins over Accept; no preference is JSON. */
export function acceptsJson(accept: string, format: string | null): boolean {
  if (format) return /json/i.test(format);
  if (!accept.trim()) return true;
  return accept
    .split(',')
    .map((part) => part.split(';'))
    .some(([type, ...params]) => {
      const t = (type ?? '').trim().toLowerCase();
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return (q === undefined || Number(q) > 0) && (t === '*/*' || t === 'application/*' || t.endsWith('json'));
    });
}
