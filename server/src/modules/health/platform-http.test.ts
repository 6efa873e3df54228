/** Cross-cutting HTTP behaviour: health, metrics, problem+json, security headers, logs that never leak. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createUnit } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
const logLines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, cb) {
    logLines.push(String(chunk));
    cb();
  },
});

beforeAll(async () => {
  srv = await startTestServer({ LOG_LEVEL: 'info' }, undefined, stream);
});
afterAll(async () => srv?.close());

describe('operations endpoints', () => {
  it('GET /api/health reports database and job state', async () => {
    const res = await new TestClient(srv.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      status: expect.stringMatching(/ok|degraded/),
      database: { status: 'ok', kind: expect.any(String) },
      jobs: { ready: expect.any(Number), dead: expect.any(Number) },
    });
  });

  it('GET /metrics is Prometheus text with request metrics', async () => {
    const c = new TestClient(srv.url);
    await c.get('/api/health');
    const res = await c.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.body).toContain('http_requests_total');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('serves an OpenAPI description of the API', async () => {
    const res = await new TestClient(srv.url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/me', '/api/citizen/contacts', '/api/staff/units', '/api/health']));
  });
});

describe('errors and headers', () => {
  it('answers unknown API paths with problem+json 404', async () => {
    const res = await new TestClient(srv.url).get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: expect.any(String) });
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const res = await new TestClient(srv.url).request('POST', '/api/auth/logout', { headers: { 'content-type': 'application/json' }, body: undefined });
    expect([400, 401]).toContain(res.status);
    // Who is asking is checked before the body is read (docs/security.md): without a caller 401,
    // with one (the integration key) the broken body is a 400.
    const anon = await fetch(`${srv.url}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(anon.status).toBe(401);
    const bad = await fetch(`${srv.url}/api/integration/population/person`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.config.integrationApiKey}` },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sends the security headers on every answer', async () => {
    const res = await new TestClient(srv.url).get('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The form renderer's FHIRPath worker (a blob importing a same-origin file) may start; nothing else is widened.
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/script-src[^;]*blob:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    // HSTS only where it means something: on https.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('rate-limits login starts', async () => {
    const limited = await startTestServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const c = new TestClient(limited.url);
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await c.get('/auth/citizen/login')).status);
      expect(codes.slice(0, 3)).toEqual([303, 303, 303]);
      expect(codes[4]).toBe(429);
      const res = await c.get('/auth/citizen/login');
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('never contain national ids, tokens, codes or cookies', async () => {
    const db = srv.database.db;
    const unit = await createUnit(db);
    const citizen = await createCitizen(db);
    await createContact(db, citizen.id, unit.id);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    await c.get('/api/citizen/contacts');
    await c.post('/api/auth/logout');
    const all = logLines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('"path":"/auth/callback/citizen"');
    expect(all).not.toContain(citizen.national_id);
    expect(all).not.toMatch(/code=|state=|nonce=/);
    expect(all).not.toContain(c.csrfToken!);
    expect(all).not.toMatch(/hd_session=/);
  });
});
