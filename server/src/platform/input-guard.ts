/**
 * Guards on every request's input, before any route's schema or handler runs (issue 15: a NUL
 * character in a string reached PostgreSQL, which cannot store it, and a dozen routes answered
 * 500). Refused with 400, naming the field:
 * - a string (or object key) holding U+0000, or a lone UTF-16 surrogate (not valid Unicode),
 *   in the JSON body, the query string or the path parameters;
 * - JSON nested deeper than MAX_JSON_DEPTH;
 * - a body or a URL that is not valid UTF-8.
 * The API answers problem+json; the FHIR scope turns the same error into an OperationOutcome.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export const MAX_JSON_DEPTH = 32;

export interface InputProblem {
  path: string;
  message: string;
}

/** The first problem in a parsed JSON value (or a query/params object), or undefined. */
export function findInputProblem(value: unknown, path: string, depth = 0): InputProblem | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, message: 'must not contain the NUL character (\\u0000)' };
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return { path, message: 'is not valid Unicode (a lone surrogate)' };
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return { path, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findInputProblem(value[i], `${path}.${i}`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const keyProblem = findInputProblem(key, `${path}.${key.replaceAll('\u0000', '\\u0000')}`, depth + 1);
    if (keyProblem) return { ...keyProblem, message: `(a field name) ${keyProblem.message}` };
    const p = findInputProblem((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** The 400 for an input problem (problem+json VALIDATION_FAILED naming the field). */
export function inputError(problem: InputProblem): AppError {
  return new AppError('VALIDATION_FAILED', `The request is not valid: ${problem.path} ${problem.message}.`, { errors: [problem] });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a body as strict UTF-8, or throws 400 BAD_REQUEST naming the encoding. */
export function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body is not valid UTF-8.');
  }
}

/** Checks the query string and path of a URL decode as UTF-8 (percent-escapes included). */
function checkUrl(request: FastifyRequest): void {
  try {
    decodeURIComponent(request.url.replace(/\+/g, ' '));
  } catch {
    throw new AppError('BAD_REQUEST', 'The address (path or query string) is not valid UTF-8.');
  }
}

/** Walks the parsed input of a request; throws the 400 for the first problem. */
export function guardRequestInput(request: FastifyRequest): void {
  checkUrl(request);
  const problem =
    findInputProblem(request.params ?? {}, 'params') ?? findInputProblem(request.query ?? {}, 'querystring') ?? findInputProblem(request.body, 'body');
  if (problem) throw inputError(problem);
}

/**
 * Installs the guards on the whole app: JSON bodies are decoded as strict UTF-8 (then parsed by
 * Fastify's own parser, which refuses __proto__ and constructor keys), and a preValidation hook
 * walks the parsed body, query and params before any schema or handler.
 */
export function installInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decodeUtf8(body as Buffer);
    } catch (err) {
      return done(err as Error, undefined);
    }
    // The default parser answers through `done`; nothing to await.
    void parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => guardRequestInput(request));
}
