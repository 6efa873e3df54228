/** Cross-cutting HTTP behaviour: problem+json errors, security headers, request ids. */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { AppError, overlapConflict, problemBody } from './errors.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, type DatabaseAvailability } from './db-availability.ts';

/** Request ids: keep a well-formed incoming X-Request-Id (from a proxy), otherwise make one. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(h) ? h : randomUUID();
}

/** Sends an AppError as problem+json. */
export function sendProblem(reply: FastifyReply, err: AppError, request?: FastifyRequest) {
  return reply
    .code(err.status)
    .type('application/problem+json')
    .send(problemBody(err, request ? request.url.split('?')[0] : undefined));
}

/** Installs the error and not-found handlers and the security headers. */
export function installHttpBasics(app: FastifyInstance, config: Config, availability?: DatabaseAvailability): void {
  const https = config.publicUrl.startsWith('https://');

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendProblem(reply, error, request);
    const overlap = overlapConflict(error);
    if (overlap) return sendProblem(reply, overlap, request);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`,
        message: v.message ?? 'is invalid',
      }));
      const first = issues[0];
      const msg = first ? `The request is not valid: ${first.path} ${first.message}.` : 'The request is not valid.';
      return sendProblem(reply, new AppError('VALIDATION_FAILED', msg, { errors: issues }), request);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: { message: error.message } }, 'response did not match its schema');
      return sendProblem(reply, new AppError('INTERNAL', 'Something went wrong on our side. Please try again later.'), request);
    }
    if (isDatabaseUnavailable(error)) {
      // Not a bug and not the request's fault: no stack trace, one log line per outage.
      availability?.failed(error, `${request.method} ${request.routeOptions.url ?? ''}`);
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return sendProblem(reply, new AppError('UNAVAILABLE', 'The service is temporarily unavailable. Please try again in a moment.'), request);
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return sendProblem(reply, new AppError('RATE_LIMITED', 'Too many attempts. Wait a minute and try again.'), request);
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE')
      return sendProblem(reply, new AppError('PAYLOAD_TOO_LARGE', 'The request is too large.'), request);
    if (status === 415) return sendProblem(reply, new AppError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here.'), request);
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, missing body): safe to describe in general words.
      const msg =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'The request body is not valid JSON.'
          : 'The request could not be understood.';
      return sendProblem(reply, new AppError('BAD_REQUEST', msg), request);
    }
    request.log.error({ err: { message: error.message, stack: error.stack, code: error.code } }, 'unhandled error');
    return sendProblem(reply, new AppError('INTERNAL', 'Something went wrong on our side. Please try again later.'), request);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    // A route may allow its own pages to frame a response (the record PDF viewer: SAMEORIGIN).
    if (!reply.hasHeader('X-Frame-Options')) reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=()');
    reply.header('X-Request-Id', request.id);
    if (!reply.hasHeader('Content-Security-Policy')) {
      reply.header(
        'Content-Security-Policy',
        [
          "default-src 'self'",
          "script-src 'self'",
          // The design system sets style attributes at run time; no scripts are allowed inline.
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "font-src 'self' data:",
          "connect-src 'self'",
          // @helsenorge/refero evaluates FHIRPath in a module worker it starts from a blob that
          // imports its own worker file (same origin, so script-src still decides what runs).
          "worker-src 'self' blob:",
          "form-action 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
          "object-src 'none'",
        ].join('; '),
      );
    }
    if (https) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
