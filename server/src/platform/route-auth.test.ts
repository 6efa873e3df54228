/**
 * Issue 15: authentication before validation. Walks every registered route without a session (and
 * with a body that no schema accepts) and expects 401 from every route that needs a caller — never
 * a validation error, which would tell a stranger what the route expects.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { registeredRoutes, routeAuthOf } from './route-auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*/g, 'x');
}

describe('authentication before validation', () => {
  it('every route that needs a caller answers 401 to a request without one, whatever it sent', async () => {
    const routes = registeredRoutes(srv.app).filter((r) => r.auth !== 'none');
    expect(routes.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const r of routes) {
      const bodyless = r.method === 'GET' || r.method === 'DELETE';
      const res = await fetch(`${srv.url}${concrete(r.url)}?limit=not-a-number&q=%25`, {
        method: r.method,
        headers: bodyless ? {} : { 'content-type': 'application/json' },
        body: bodyless ? undefined : '{"not":"what any schema wants","nul":"\\u0000"',
      });
      const text = await res.text();
      if (res.status !== 401) wrong.push(`${r.method} ${r.url} (${r.auth}): ${res.status} ${text.slice(0, 120)}`);
      else expect(JSON.parse(text).code, `${r.method} ${r.url}`).toMatch(/UNAUTHENTICATED/);
    }
    expect(wrong).toEqual([]);
  });

  it('the URL patterns map to callers; a staff session on a citizen route is 403 before its body is looked at', async () => {
    expect(routeAuthOf('/api/staff/units/:unitId/threads')).toBe('staff');
    expect(routeAuthOf('/api/citizen/threads')).toBe('citizen');
    expect(routeAuthOf('/api/integration/population/person')).toBe('integration');
    expect(routeAuthOf('/api/me')).toBe('session');
    expect(routeAuthOf('/api/something-new')).toBe('session');
    expect(routeAuthOf('/api/health')).toBe('none');
    expect(routeAuthOf('/fhir/R4/*')).toBe('none');
    const f = await gpOffice(srv.database.db);
    const c = new TestClient(srv.url);
    await login(c, 'staff', f.doctor.accountId);
    const citizenRoute = registeredRoutes(srv.app).find((r) => r.auth === 'citizen' && r.method === 'POST')!;
    const res = await c.post(concrete(citizenRoute.url), { not: 'valid' });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});
