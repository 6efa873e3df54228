import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiGet, apiPost, apiPut, logout, withFiles } from './client.ts';

type Call = { path: string; init: RequestInit };
const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

/** Answers each request with the next response and records what was asked. */
function serve(...responses: Array<Response | Error>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      calls.push({ path, init });
      const next = responses.shift();
      if (!next) throw new Error(`unexpected request ${path}`);
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    }),
  );
  return calls;
}
/** GET /api/session's answer for a signed-in citizen (the client learns the CSRF token from it). */
const me = (csrfToken: string) =>
  json(200, { signedIn: true, me: { kind: 'citizen', csrfToken, person: { id: 'p', name: 'P' }, sessionExpiresAt: '', actingFor: null, language: null } });
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

afterEach(async () => {
  // Forget the remembered token between tests.
  serve(new Response(null, { status: 204 }));
  await logout().catch(() => undefined);
  vi.unstubAllGlobals();
});

describe('the HTTP client', () => {
  it('fetches the CSRF token once and sends it with every change', async () => {
    const calls = serve(me('tok-1'), json(200, { ok: 1 }), json(200, { ok: 2 }));
    await expect(apiPost('/api/a', { x: 1 })).resolves.toEqual({ ok: 1 });
    await expect(apiPut('/api/b', { y: 2 })).resolves.toEqual({ ok: 2 });
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual(['GET /api/session', 'POST /api/a', 'PUT /api/b']);
    expect(header(calls[1]!, 'x-csrf-token')).toBe('tok-1');
    expect(header(calls[2]!, 'x-csrf-token')).toBe('tok-1');
    expect(header(calls[1]!, 'content-type')).toBe('application/json');
    expect(calls[1]!.init.body).toBe('{"x":1}');
  });

  it('fetches a new token once when the server says the old one failed', async () => {
    const calls = serve(me('old'), json(403, { code: 'CSRF_FAILED' }, 'application/problem+json'), me('new'), json(200, { ok: true }));
    await expect(apiPost('/api/a', {})).resolves.toEqual({ ok: true });
    expect(header(calls[3]!, 'x-csrf-token')).toBe('new');
  });

  it('sends the Idempotency-Key, and files as multipart without a JSON content type', async () => {
    const calls = serve(me('tok'), json(201, { id: 'm' }));
    const file = new File(['hei'], 'a.txt', { type: 'text/plain' });
    await apiPost('/api/m', withFiles({ text: 'Hei' }, [file]), { idempotencyKey: 'key-1' });
    const sent = calls[1]!;
    expect(header(sent, 'idempotency-key')).toBe('key-1');
    expect(header(sent, 'content-type')).toBeUndefined();
    const form = sent.init.body as FormData;
    expect(form.get('payload')).toBe('{"text":"Hei"}');
    expect((form.get('files') as File).name).toBe('a.txt');
  });

  it('sends a body without files as JSON', () => {
    expect(withFiles({ text: 'Hei' }, [])).toEqual({ text: 'Hei' });
  });

  it('turns problem+json into an ApiError with its code, detail and extensions', async () => {
    serve(
      json(
        403,
        { type: 'about:blank', title: 'Forbidden', status: 403, code: 'REPRESENTATION_AREA', detail: 'Not for this', area: 'dialog' },
        'application/problem+json',
      ),
    );
    const error = await apiGet('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'REPRESENTATION_AREA', detail: 'Not for this', extensions: { area: 'dialog' } });
  });

  it('names a failure without a problem body by its status, and a network failure NETWORK_ERROR', async () => {
    serve(new Response('oops', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/plain' } }), new TypeError('offline'));
    await expect(apiGet('/api/x')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    await expect(apiGet('/api/y')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('answers undefined for 204', async () => {
    serve(me('t'), new Response(null, { status: 204 }));
    await expect(apiPost('/api/z')).resolves.toBeUndefined();
  });
});
