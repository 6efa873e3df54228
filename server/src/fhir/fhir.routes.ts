/**
 * The FHIR R4 API for EPJ systems, mounted at /fhir/R4 (application/fhir+json) with an OAuth2
 * token endpoint at /fhir/token (client credentials). Everything FHIR answers, errors included,
 * is FHIR: OperationOutcome, never problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import { issueToken, verifyToken, type FhirAuth } from './fhir.auth.ts';
import { FhirError, operationOutcome } from './outcomes.ts';
import { AppError, overlapConflict } from '../platform/errors.ts';
import { AppointmentMapper, ScheduleMapper, SlotMapper } from './resources/appointment.ts';
import { CommunicationMapper } from './resources/communication.ts';
import { HealthcareServiceMapper, OrganizationMapper, PractitionerMapper, PractitionerRoleMapper } from './resources/directory.ts';
import { MedicationStatementMapper } from './resources/medication-statement.ts';
import { EpisodeOfCareMapper, PatientMapper } from './resources/patient.ts';
import { FhirRouter } from './router.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const FHIR_BASE_PATH = '/fhir/R4';
export const FHIR_TOKEN_PATH = '/fhir/token';

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
    AppointmentMapper,
    SlotMapper,
    ScheduleMapper,
    MedicationStatementMapper,
  ]);

  await app.register(async (scope) => {
    const json = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      try {
        done(null, String(body).trim() ? JSON.parse(String(body)) : undefined);
      } catch {
        done(new FhirError(400, 'structure', 'The body is not valid JSON.'));
      }
    };
    scope.addContentTypeParser(['application/fhir+json', 'application/json-patch+json'], { parseAs: 'string', bodyLimit: 1_048_576 }, json);
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (request.url.startsWith(FHIR_TOKEN_PATH))
        return reply.code(400).send({ error: 'invalid_request', error_description: 'The token request could not be read.' });
      if (error instanceof FhirError)
        return sendFhir(reply, error.status, operationOutcome(error.status >= 500 ? 'fatal' : 'error', error.code, error.message));
      const known = error instanceof AppError ? error : overlapConflict(error);
      if (known) return sendFhir(reply, known.status, operationOutcome('error', known.status === 409 ? 'conflict' : 'invalid', known.message));
      const status = error.statusCode ?? 500;
      if (status === 415)
        return sendFhir(reply, 415, operationOutcome('error', 'not-supported', 'Send application/fhir+json (or application/json-patch+json for PATCH).'));
      if (status === 413) return sendFhir(reply, 413, operationOutcome('error', 'too-costly', 'The request is too large.'));
      if (status >= 400 && status < 500) return sendFhir(reply, status, operationOutcome('error', 'invalid', 'The request could not be understood.'));
      request.log.error({ err: { message: error.message, stack: error.stack } }, 'FHIR request failed');
      return sendFhir(reply, 500, operationOutcome('fatal', 'exception', 'Something went wrong on our side. Please try again later.'));
    });

    // OAuth2 client credentials (RFC 6749 §4.4): Basic auth or client_id/client_secret in the form.
    scope.post(FHIR_TOKEN_PATH, { schema: { hide: true } }, async (request, reply) => {
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
      const t = id && secret ? await issueToken(ctx.db, id, secret) : undefined;
      if (!t)
        return reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="fhir"')
          .send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
      return reply.send({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: t.scope });
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://x');
      const path = url.pathname.slice(FHIR_BASE_PATH.length).replace(/^\//, '');
      if (path === '.well-known/smart-configuration') {
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
      const bearer = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
      let auth: FhirAuth | undefined;
      if (bearer) {
        auth = await verifyToken(ctx.db, bearer);
        if (!auth) {
          reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
          throw new FhirError(401, 'login', 'The bearer token is unknown or has expired. Get a new one from the token endpoint.');
        }
      }
      const res = await router.handle({ method: request.method, path, query: url.searchParams, body: request.body, auth });
      if (res.location) reply.header('Location', res.location);
      return sendFhir(reply, res.status, res.body);
    };
    scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: FHIR_BASE_PATH, schema: { hide: true }, handler });
    scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: `${FHIR_BASE_PATH}/*`, schema: { hide: true }, handler });
  });
}

function sendFhir(reply: FastifyReply, status: number, body: unknown, type = FHIR_JSON) {
  return reply.code(status).type(type).header('Cache-Control', 'no-store').send(body);
}
