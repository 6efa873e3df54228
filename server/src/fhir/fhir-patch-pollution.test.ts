/**
 * Issue 15 blocker: a FHIR PATCH whose path walks into `__proto__`, `constructor` or
 * `prototype` must be refused (400 OperationOutcome) and leave Object.prototype untouched; a
 * request without a cookie is still 401 afterwards. Runs on PGlite and on PostgreSQL (CI runs
 * the suite against both).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { createFhirClient } from './fhir.auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  // Should a guard fail, do not leave the pollution behind for other tests in this worker.
  for (const k of ['hdSession', 'polluted', 'kind', 'staffId'])
    delete (Object.prototype as Record<string, unknown>)[k];
  await srv?.close();
});

async function epjWithEpisode() {
  const f = await gpOffice(srv.database.db);
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
  const tok = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
  const token = ((await tok.json()) as { access_token: string }).access_token;
  const p = await createCitizen(srv.database.db);
  const created = await fetch(`${srv.url}/fhir/R4/EpisodeOfCare`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { reference: `Patient/${p.id}` },
      managingOrganization: { reference: `Organization/${f.unit.id}` },
    }),
  });
  expect(created.status).toBe(201);
  const episode = (await created.json()) as { id: string };
  const patch = (ops: unknown) =>
    fetch(`${srv.url}/fhir/R4/EpisodeOfCare/${episode.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json-patch+json' },
      body: JSON.stringify(ops),
    });
  return { ...f, patch };
}

describe('FHIR PATCH cannot reach Object.prototype', () => {
  it('refuses __proto__, constructor and prototype segments with 400, the prototype stays clean and a cookie-less request is 401', async () => {
    const s = await epjWithEpisode();
    const session = { kind: 'staff', staffId: s.doctor.id, personId: null, csrfToken: 'x', staff: { name: 'x', memberships: [] } };
    const attacks = [
      [{ op: 'add', path: '/__proto__/hdSession', value: session }],
      [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
      [{ op: 'replace', path: '/constructor/prototype/polluted', value: 'yes' }],
      [{ op: 'add', path: '/period/__proto__/polluted', value: 'yes' }],
      [{ op: 'copy', from: '/__proto__', path: '/x' }],
      [{ op: 'add', path: '/prototype', value: 'yes' }],
      [{ op: 'add', path: '/~0~1__proto__/~1/__proto__/polluted', value: 'yes' }],
    ];
    for (const ops of attacks) {
      const res = await s.patch(ops);
      expect(res.status, JSON.stringify(ops)).toBe(400);
      const body = (await res.json()) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
      expect(body.resourceType).toBe('OperationOutcome');
      expect(body.issue[0]!.code).toBe('invalid');
    }
    expect(({} as Record<string, unknown>).hdSession).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);

    // Without a cookie, the unit's inbox is still closed.
    const inbox = await fetch(`${srv.url}/api/staff/units/${s.unit.id}/threads`);
    expect(inbox.status).toBe(401);
    expect(((await inbox.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it('a polluted prototype does not log anyone in: the session is not read through the prototype chain', async () => {
    const s = await gpOffice(srv.database.db);
    // Not enumerable, so that other code iterating objects (metrics labels) is not disturbed.
    Object.defineProperty(Object.prototype, 'hdSession', {
      value: { kind: 'staff', staffId: s.doctor.id, personId: null, csrfToken: 'x', staff: { name: 'x', memberships: [] } },
      configurable: true,
      enumerable: false,
      writable: true,
    });
    try {
      const inbox = await fetch(`${srv.url}/api/staff/units/${s.unit.id}/threads`);
      expect(inbox.status).toBe(401);
    } finally {
      delete (Object.prototype as Record<string, unknown>).hdSession;
    }
  });

  it('still applies ordinary patches (RFC 6902 through fast-json-patch), and a failed test op is 409', async () => {
    const s = await epjWithEpisode();
    const failed = await s.patch([{ op: 'test', path: '/status', value: 'finished' }]);
    expect(failed.status).toBe(409);
    const unresolvable = await s.patch([{ op: 'replace', path: '/nothing/here', value: 1 }]);
    expect(unresolvable.status).toBe(400);
    const ok = await s.patch([
      { op: 'test', path: '/status', value: 'active' },
      { op: 'replace', path: '/status', value: 'finished' },
    ]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'finished', period: { end: expect.any(String) } });
  });
});
