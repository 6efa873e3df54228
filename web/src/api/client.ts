/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie,
 * the CSRF token on every non-GET request, and RFC 9457 problem+json errors as ApiError.
 */
import type { Me, Problem, SessionState } from './types.ts';

/** An error answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's human-readable explanation, shown to the user when present. */
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** Further members of the problem body (RFC 9457 extensions), e.g. `area` for REPRESENTATION_AREA. */
  readonly extensions: Record<string, unknown>;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.detail = problem.detail;
    this.type = problem.type;
    this.extensions = problem.extensions ?? {};
  }

  /** True when the session is missing or expired (401). */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

/** True if `error` is an ApiError for a missing or expired session. */
export function isUnauthenticated(error: unknown): error is ApiError {
  return error instanceof ApiError && error.isUnauthenticated;
}

let csrfToken: string | undefined;

/** Remembers the CSRF token from /api/me for later non-GET requests. */
function rememberCsrf(me: Me): Me {
  csrfToken = me.csrfToken;
  return me;
}

async function toProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body: unknown = await response.json();
      if (body && typeof body === 'object') {
        const b = body as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        const { type: _t, title: _ti, status: _s, code: _c, detail: _d, ...extensions } = b;
        return {
          type: str(b.type),
          title: str(b.title),
          status: typeof b.status === 'number' ? b.status : response.status,
          code: str(b.code),
          detail: str(b.detail),
          extensions,
        };
      }
    } catch {
      // Not valid JSON despite the header; fall through to a bare problem.
    }
  }
  return { status: response.status, title: response.statusText };
}

/** Options of a state-changing request. */
export interface SendOptions {
  /** Sent as `Idempotency-Key`: a retry with the same key never does the work twice. */
  idempotencyKey?: string;
}

/**
 * One request. Non-GET requests carry the CSRF token (fetched from /api/me when none is known yet,
 * fetched again once when the server answers CSRF_FAILED: a new session has a new token). `body`
 * is sent as JSON, or as multipart when it is FormData.
 */
async function request<T>(method: string, path: string, body?: unknown, opts: SendOptions = {}): Promise<T> {
  const unsafe = method !== 'GET' && method !== 'HEAD';
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (unsafe) {
      csrfToken ??= (await getMe()).csrfToken;
      headers['x-csrf-token'] = csrfToken;
    }
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    const isForm = body instanceof FormData;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, { code: 'NETWORK_ERROR' });
    }
    if (!response.ok) {
      const error = new ApiError(response.status, await toProblem(response));
      if (unsafe && error.code === 'CSRF_FAILED' && attempt === 0) {
        csrfToken = undefined;
        continue;
      }
      throw error;
    }
    if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
    return (await response.json()) as T;
  }
}

/** GET a JSON resource. */
export function apiGet<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

/** POST, with the CSRF token; `body` is sent as JSON (or multipart when it is FormData) when given. */
export function apiPost<T = void>(path: string, body?: unknown, opts?: SendOptions): Promise<T> {
  return request<T>('POST', path, body, opts);
}

/** PUT, with the CSRF token; `body` is sent as JSON (or multipart when it is FormData). */
export function apiPut<T = void>(path: string, body: unknown, opts?: SendOptions): Promise<T> {
  return request<T>('PUT', path, body, opts);
}

/** DELETE, with the CSRF token. */
export function apiDelete<T = void>(path: string): Promise<T> {
  return request<T>('DELETE', path);
}

/** A body with files: multipart with a `payload` JSON field and the files under `field`; without files: the payload as JSON. */
export function withFiles(payload: unknown, files: File[], field = 'files'): unknown {
  if (files.length === 0) return payload;
  const form = new FormData();
  form.append('payload', JSON.stringify(payload));
  for (const f of files) form.append(field, f, f.name);
  return form;
}

/** A fresh Idempotency-Key for one send attempt (crypto.randomUUID exists only in secure contexts). */
export function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}


/**
 * Who is signed in, from GET /api/session (GET /api/me's answer, but 200 for a visitor without a
 * session too, so the browser logs no failed request on the front page). Nobody signed in rejects
 * as a 401 would (ApiError UNAUTHENTICATED or SESSION_EXPIRED), so callers treat both alike.
 * Also refreshes the CSRF token.
 */
export async function getMe(): Promise<Me> {
  const state = await request<SessionState>('GET', '/api/session');
  if (!state.signedIn) throw new ApiError(401, { status: 401, code: state.reason });
  return rememberCsrf(state.me);
}

/** POST /api/auth/logout, then forget the CSRF token. */
export async function logout(): Promise<void> {
  try {
    await apiPost('/api/auth/logout');
  } finally {
    csrfToken = undefined;
  }
}
