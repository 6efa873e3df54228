/**
 * Issue 15: NUL characters, invalid UTF-8 and JSON nested too deep are refused with 400 before any
 * handler runs — problem+json naming the field on the API, OperationOutcome on FHIR — instead of
 * reaching PostgreSQL (which cannot store U+0000) and answering 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirClient } from '../fhir/fhir.auth.ts';
import { createCitizen, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { findInputProblem, MAX_JSON_DEPTH } from './input-guard.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

const integration = (body: string | Buffer) =>
  fetch(`${srv.url}/api/integration/population/person`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${srv.config.integrationApiKey}`, 'content-type': 'application/json' },
    body,
  });

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe('input guards', () => {
  it('a NUL in a JSON string is 400 problem+json naming the field, and nothing is saved', async () => {
    const p = await createCitizen(srv.database.db);
    const res = await integration(JSON.stringify({ person: p.national_id, addressKey: 'gate\u00001' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'body.addressKey', message: expect.stringMatching(/NUL/) }] });
    const row = await srv.database.db.selectFrom('persons').select('address_key').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.address_key).toBeNull();
  });

  it('a NUL in the query string or a path parameter is 400 naming it (with a session)', async () => {
    const f = await gpOffice(srv.database.db);
    const c = new TestClient(srv.url);
    await login(c, 'staff', f.doctor.accountId);
    const q = await c.get(`/api/staff/units/${f.unit.id}/patients?q=ab%00cd`);
    expect(q.status).toBe(400);
    expect(q.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'querystring.q' }] });
    const param = await c.get(`/api/staff/units/${f.unit.id}%00/patients?q=abcd`);
    expect(param.status).toBe(400);
    expect(param.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'params.unitId' }] });
  });

  it('invalid UTF-8 in a body or a URL, and JSON nested deeper than the limit, are 400', async () => {
    const bad = Buffer.concat([Buffer.from('{"person":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const enc = await integration(bad);
    expect(enc.status).toBe(400);
    expect(await enc.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringMatching(/UTF-8/) });
    const url = await fetch(`${srv.url}/api/health?q=%FF%FE`);
    expect(url.status).toBe(400);
    const deep = await integration(JSON.stringify({ person: '1', children: nested(MAX_JSON_DEPTH + 1) }));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/nested deeper than 32/) });
    expect(findInputProblem(nested(MAX_JSON_DEPTH - 1), 'body')).toBeUndefined();
    expect(findInputProblem({ ['a\u0000']: 1 }, 'body')?.message).toMatch(/field name/);
    expect(findInputProblem({ a: '\ud800' }, 'body')).toMatchObject({ path: 'body.a', message: expect.stringMatching(/Unicode/) });
  });

  it('FHIR answers the same refusals as OperationOutcome', async () => {
    const f = await gpOffice(srv.database.db);
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
    const tok = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
    });
    const auth = { authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}` };
    const search = await fetch(`${srv.url}/fhir/R4/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|%00`, { headers: auth });
    expect(search.status).toBe(400);
    expect(await search.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid', diagnostics: expect.stringMatching(/querystring.identifier.*NUL/) }] });
    const create = await fetch(`${srv.url}/fhir/R4/EpisodeOfCare`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'EpisodeOfCare', patient: { reference: 'Patient/\u0000' }, managingOrganization: { reference: `Organization/${f.unit.id}` } }),
    });
    expect(create.status).toBe(400);
    expect(await create.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ diagnostics: expect.stringMatching(/body.patient.reference/) }] });
    const deep = await fetch(`${srv.url}/fhir/R4/EpisodeOfCare`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'EpisodeOfCare', extension: nested(40) }),
    });
    expect(deep.status).toBe(400);
    const bytes = await fetch(`${srv.url}/fhir/R4/EpisodeOfCare`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    });
    expect(bytes.status).toBe(400);
    expect(await bytes.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});
