/**
 * Issue 15: failed attempts at the FHIR token endpoint (per client id and address) and at the
 * population-register integration key (per address) are limited like logins: after the limit, even
 * the right secret is refused with 429 until the window has passed, so guessing gains nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { FailureLimiter } from '../platform/failure-limit.ts';
import { gpOffice } from '../test/factories.ts';
import { createFhirClient } from './fhir.auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(async () => srv?.close());

const token = (id: string, secret: string) =>
  fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }).toString(),
  });

describe('limits on guessing machine secrets', () => {
  it('the FHIR token endpoint refuses a client id (and the address) after 3 wrong secrets, even with the right one', async () => {
    const f = await gpOffice(srv.database.db);
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
    // Successes do not count.
    for (let i = 0; i < 5; i++) expect((await token(clientId, secret)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await token(clientId, `wrong-${i}`)).status).toBe(401);
    const limited = await token(clientId, secret);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('the integration key is refused from an address after 3 wrong keys, even when right', async () => {
    const put = (key: string) =>
      fetch(`${srv.url}/api/integration/population/person`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ person: '00000000000' }),
      });
    for (let i = 0; i < 3; i++) expect((await put(`wrong-key-${i}`)).status).toBe(401);
    const limited = await put(srv.config.integrationApiKey!);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('the window passes', () => {
    let now = 0;
    const l = new FailureLimiter({ max: 2, windowMs: 60_000, now: () => now });
    l.fail('a');
    expect(l.retryAfter('a')).toBe(0);
    l.fail('a');
    expect(l.retryAfter('a', 'b')).toBe(60);
    now = 60_001;
    expect(l.retryAfter('a')).toBe(0);
  });
});
