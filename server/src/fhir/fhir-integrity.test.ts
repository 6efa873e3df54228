/**
 * What the FHIR API holds to, whatever a request says (review of the FHIR API): the caller is
 * checked before its body, content type or format (401 first); an update cannot change the
 * resource type; versions are real — ETag on reads and writes, If-Match honoured (412), every
 * kept version readable (vread) where the Location of a create points; and references are to
 * this server only — another server's Patient is refused, ours in any spelling is stored in one
 * form, and a record item's read is logged for its citizen whatever its resource says.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { createFhirClient } from './fhir.auth.ts';
import { documentReference, labPanel, HB, referral, tinyPdf } from '../modules/records/records.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, 300_000);
afterAll(async () => srv?.close());
const db = () => srv.database.db;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = { status: number; headers: Headers; json: Json };

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${srv.url}/fhir/R4/${path}`, init);
  const text = await res.text();
  let json: Json;
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** A unit with a citizen (a health contact) and an EPJ client of that unit. */
async function world() {
  const f = await gpOffice(db());
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(db(), { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
  const tok = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
  });
  const token = ((await tok.json()) as { access_token: string }).access_token;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        ...(body !== undefined ? { 'content-type': method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { ...f, call, token };
}

const itemRow = (id: string) =>
  db().selectFrom('record_items').select(['kind', 'version', 'title', 'citizen_id', 'resource']).where('id', '=', id).executeTakeFirstOrThrow();
const versionCount = async (id: string) => (await db().selectFrom('record_item_versions').select('version').where('item_id', '=', id).execute()).length;
const epjReads = (citizenId: string, objectId: string) =>
  db()
    .selectFrom('audit_events')
    .select(['action', 'object_type', 'unit_id'])
    .where('citizen_id', '=', citizenId)
    .where('object_id', '=', objectId)
    .where('action', 'in', ['epj.read', 'epj.search'])
    .execute();

describe('the caller is checked before what it sent (D7)', () => {
  it('answers 401 to a bad body, a wrong content type, XML and an oversized body without a valid token', async () => {
    const cases: [string, string, RequestInit][] = [
      ['no token, broken JSON', 'EpisodeOfCare', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":' }],
      [
        'bogus token, text/xml',
        'EpisodeOfCare',
        { method: 'POST', headers: { authorization: 'Bearer bogus', 'content-type': 'text/xml' }, body: '<EpisodeOfCare/>' },
      ],
      ['no token, _format=xml', 'Patient?_format=xml', { method: 'GET' }],
      ['no token, Accept XML', 'Patient', { method: 'GET', headers: { accept: 'application/fhir+xml' } }],
      [
        'no token, ~15 MB',
        'DocumentReference',
        {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: `{"resourceType":"DocumentReference","x":"${'A'.repeat(15 * 1024 * 1024)}"}`,
        },
      ],
    ];
    for (const [label, path, init] of cases) {
      const r = await send(path, init);
      expect(r.status, label).toBe(401);
      expect(r.json.resourceType, label).toBe('OperationOutcome');
      expect(r.json.issue[0].code, label).toBe('login');
      expect(r.headers.get('www-authenticate'), label).toMatch(/^Bearer/);
    }
    expect(
      (await send('EpisodeOfCare', { method: 'POST', headers: { authorization: 'Bearer bogus', 'content-type': 'text/xml' }, body: '<x/>' })).headers.get(
        'www-authenticate',
      ),
    ).toBe('Bearer error="invalid_token"');
  });

  it('keeps the CapabilityStatement, the SMART configuration and the token endpoint open; with a token the body is judged as before', async () => {
    expect((await send('metadata')).status).toBe(200);
    expect((await send('.well-known/smart-configuration')).json.token_endpoint).toBe(`${srv.url}/fhir/token`);
    const w = await world();
    const broken = await send('EpisodeOfCare', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/fhir+json' },
      body: '{"resourceType":',
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.json.issue)).toMatch(/not valid JSON/);
    expect(
      (await send('EpisodeOfCare', { method: 'POST', headers: { authorization: `Bearer ${w.token}`, 'content-type': 'text/xml' }, body: '<x/>' })).status,
    ).toBe(415);
    const xml = await w.call('GET', 'Patient?_format=xml');
    expect(xml.status).toBe(406);
  });
});

describe('an update is of the same resource (D3)', () => {
  it('refuses a PATCH that replaces the whole ServiceRequest with a DiagnosticReport, and changes nothing', async () => {
    const w = await world();
    const sr = await w.call('POST', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'received'));
    expect(sr.status, JSON.stringify(sr.json)).toBe(201);
    const id = sr.json.id as string;
    const report = labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }]);
    for (const value of [report, { ...report, id }]) {
      const r = await w.call('PATCH', `ServiceRequest/${id}`, [{ op: 'replace', path: '', value }]);
      expect(r.status).toBe(400);
      expect(r.json.resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(r.json.issue)).toMatch(/cannot make it a DiagnosticReport/);
    }
    // Nor can a patch take the id away, nor a PUT leave it out.
    const noId = await w.call('PATCH', `ServiceRequest/${id}`, [{ op: 'remove', path: '/id' }]);
    expect(noId.status).toBe(400);
    expect((await w.call('PUT', `ServiceRequest/${id}`, referral(w.citizen.id, w.unit.id, 'assessed'))).status).toBe(400);
    expect((await w.call('PUT', `ServiceRequest/${id}`, { ...report, id })).status).toBe(400);
    expect(await itemRow(id)).toMatchObject({ kind: 'referral', version: 1, resource: { resourceType: 'ServiceRequest' } });
    expect((await w.call('GET', `ServiceRequest/${id}`)).json.resourceType).toBe('ServiceRequest');
    // A PATCH within the resource still works.
    const ok = await w.call('PATCH', `ServiceRequest/${id}`, [{ op: 'replace', path: '/code/text', value: 'Henvisning (rettet)' }]);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
  });
});

describe('versions: ETag, If-Match and vread (D5, D6)', () => {
  it('sends the version as ETag, honours If-Match (412 and nothing stored when it is not the current version)', async () => {
    const w = await world();
    const created = await w.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise' }));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('location')).toBe(`${srv.url}/fhir/R4/DocumentReference/${id}/_history/1`);
    expect((await w.call('GET', `DocumentReference/${id}`)).headers.get('etag')).toBe('W/"1"');

    const v2 = await w.call(
      'PUT',
      `DocumentReference/${id}`,
      { ...documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise v2' }), id },
      { 'if-match': 'W/"1"' },
    );
    expect(v2.status, JSON.stringify(v2.json)).toBe(200);
    expect(v2.headers.get('etag')).toBe('W/"2"');
    // A stale version: refused, nothing stored.
    const stale = await w.call(
      'PUT',
      `DocumentReference/${id}`,
      { ...documentReference(w.citizen.id, w.unit.id, { title: 'Stale' }), id },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.json.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(stale.json.issue)).toMatch(/version 2/);
    const stalePatch = await w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/description', value: 'Stale' }], { 'if-match': 'W/"1"' });
    expect(stalePatch.status).toBe(412);
    expect(await itemRow(id)).toMatchObject({ version: 2, title: 'Epikrise v2' });
    expect(await versionCount(id)).toBe(2);
    // The current version, strong or weak, or *, matches; a malformed If-Match is a 400.
    const patched = await w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/description', value: 'Epikrise v3' }], { 'if-match': '"2"' });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect(patched.headers.get('etag')).toBe('W/"3"');
    expect(
      (await w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/description', value: 'Epikrise v4' }], { 'if-match': '*' })).status,
    ).toBe(200);
    expect((await w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/description', value: 'x' }], { 'if-match': 'version 4' })).status).toBe(
      400,
    );
    expect(await itemRow(id)).toMatchObject({ version: 4 });

    // Two updates of the same version at once: one wins, the other is told (checked under the row lock).
    const both = await Promise.all(
      ['A', 'B'].map((t) =>
        w.call('PUT', `DocumentReference/${id}`, { ...documentReference(w.citizen.id, w.unit.id, { title: `Samtidig ${t}` }), id }, { 'if-match': 'W/"4"' }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(await itemRow(id)).toMatchObject({ version: 5 });
    // Two patches at once, without If-Match: each is stored onto the version it was applied to, or
    // refused (409) — never one stored over the other's change.
    const patches = await Promise.all([
      w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/description', value: 'Parallell beskrivelse' }]),
      w.call('PATCH', `DocumentReference/${id}`, [{ op: 'replace', path: '/date', value: '2026-12-02T10:00:00+01:00' }]),
    ]);
    expect(
      patches.every((r) => r.status === 200 || r.status === 409),
      JSON.stringify(patches.map((r) => r.json)),
    ).toBe(true);
    const last = (await itemRow(id)).resource as Json;
    if (patches[0]!.status === 200) expect(last.description).toBe('Parallell beskrivelse');
    if (patches[1]!.status === 200) expect(last.date).toBe('2026-12-02T10:00:00+01:00');
  });

  it('a type that keeps no versions sends no ETag, promises no version in Location, and If-Match cannot match it', async () => {
    const w = await world();
    const ep = await w.call('POST', 'EpisodeOfCare', {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { reference: `Patient/${(await createCitizen(db())).id}` },
      managingOrganization: { reference: `Organization/${w.unit.id}` },
    });
    expect(ep.status, JSON.stringify(ep.json)).toBe(201);
    const id = ep.json.id as string;
    expect(ep.headers.get('location')).toBe(`${srv.url}/fhir/R4/EpisodeOfCare/${id}`);
    expect(ep.headers.get('etag')).toBeNull();
    expect((await w.call('GET', `EpisodeOfCare/${id}`)).headers.get('etag')).toBeNull();
    const vread = await w.call('GET', `EpisodeOfCare/${id}/_history/1`);
    expect(vread.status).toBe(404);
    expect(vread.json.resourceType).toBe('OperationOutcome');
    const put = await w.call('PUT', `EpisodeOfCare/${id}`, { ...ep.json, status: 'finished' }, { 'if-match': 'W/"1"' });
    expect(put.status).toBe(412);
    expect((await db().selectFrom('health_contacts').select('ended_at').where('id', '=', id).executeTakeFirstOrThrow()).ended_at).toBeNull();
  });

  it('reads every kept version where the Location of a create points (vread), scoped and logged as a read', async () => {
    const w = await world();
    const created = await w.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }], { title: 'Blodprøver' }));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    const location = created.headers.get('location')!;
    expect(location).toBe(`${srv.url}/fhir/R4/DiagnosticReport/${id}/_history/1`);
    const first = await send(location.slice(`${srv.url}/fhir/R4/`.length), { headers: { authorization: `Bearer ${w.token}` } });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toMatchObject({ resourceType: 'DiagnosticReport', id, meta: { versionId: '1' }, code: { text: 'Blodprøver' } });
    expect(first.headers.get('etag')).toBe('W/"1"');

    const corrected = await w.call('PUT', `DiagnosticReport/${id}`, {
      ...labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 12.9 }], { title: 'Blodprøver (rettet)' }),
      id,
    });
    expect(corrected.status).toBe(200);
    const v1 = await w.call('GET', `DiagnosticReport/${id}/_history/1`);
    expect(v1.json).toMatchObject({ meta: { versionId: '1' }, code: { text: 'Blodprøver' } });
    const v2 = await w.call('GET', `DiagnosticReport/${id}/_history/2`);
    expect(v2.json).toMatchObject({ meta: { versionId: '2' }, code: { text: 'Blodprøver (rettet)' } });
    expect(v2.headers.get('etag')).toBe('W/"2"');
    for (const vid of ['3', '0', 'x']) {
      const none = await w.call('GET', `DiagnosticReport/${id}/_history/${vid}`);
      expect(none.status, vid).toBe(404);
      expect(none.json.resourceType).toBe('OperationOutcome');
    }
    // Each version read is in the citizen's access log as a read of the item.
    const reads = (await epjReads(w.citizen.id, id)).filter((e) => e.action === 'epj.read');
    expect(reads).toHaveLength(3);
    expect(reads.every((e) => e.object_type === 'DiagnosticReport' && e.unit_id === w.unit.id)).toBe(true);
    // Another unit's client sees no version of it; a version of another kind is not this one.
    const other = await world();
    expect((await other.call('GET', `DiagnosticReport/${id}/_history/1`)).status).toBe(404);
    expect((await w.call('GET', `DocumentReference/${id}/_history/1`)).status).toBe(404);
    expect((await w.call('PUT', `DiagnosticReport/${id}/_history/1`, { ...created.json })).status).toBe(405);

    // A Binary is its one version; the CapabilityStatement says which types keep versions.
    const bin = await w.call('POST', 'Binary', { resourceType: 'Binary', contentType: 'application/pdf', data: tinyPdf('Notat').toString('base64') });
    expect(bin.headers.get('location')).toBe(`${srv.url}/fhir/R4/Binary/${bin.json.id}/_history/1`);
    expect((await w.call('GET', `Binary/${bin.json.id}/_history/1`)).status).toBe(200);
    expect((await w.call('GET', `Binary/${bin.json.id}/_history/2`)).status).toBe(404);
    const cs = (await send('metadata')).json;
    const of = (type: string) => cs.rest[0].resource.find((r: Json) => r.type === type);
    expect(of('DiagnosticReport')).toMatchObject({ versioning: 'versioned-update', interaction: expect.arrayContaining([{ code: 'vread' }]) });
    expect(of('EpisodeOfCare').versioning).toBe('no-version');
    expect(of('EpisodeOfCare').interaction).not.toContainEqual({ code: 'vread' });
  });
});

describe('references are to this server (D2)', () => {
  it("refuses another server's Patient, on a record item and on other types, and in a search", async () => {
    const w = await world();
    const foreign = `https://elsewhere.example/fhir/Patient/${w.citizen.id}`;
    const before = (await db().selectFrom('record_items').select('id').where('unit_id', '=', w.unit.id).execute()).length;
    const doc = await w.call('POST', 'DocumentReference', { ...documentReference(w.citizen.id, w.unit.id), subject: { reference: foreign } });
    expect(doc.status).toBe(422);
    expect(doc.json.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(doc.json.issue)).toMatch(/not a Patient on this server/);
    const org = await w.call('POST', 'ServiceRequest', {
      ...referral(w.citizen.id, w.unit.id, 'received'),
      performer: [{ reference: `https://elsewhere.example/fhir/Organization/${w.unit.id}` }],
    });
    expect(org.status).toBe(422);
    expect((await db().selectFrom('record_items').select('id').where('unit_id', '=', w.unit.id).execute()).length).toBe(before);
    const ep = await w.call('POST', 'EpisodeOfCare', {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { reference: foreign },
      managingOrganization: { reference: `Organization/${w.unit.id}` },
    });
    expect(ep.status).toBe(422);
    const search = await w.call('GET', `DocumentReference?patient=${encodeURIComponent(foreign)}`);
    expect(search.status).toBe(422);
  });

  it('stores ours in one form (relative, uuid in lower case) and logs the read for the citizen', async () => {
    const w = await world();
    const upper = await w.call('POST', 'DocumentReference', {
      ...documentReference(w.citizen.id, w.unit.id, { title: 'Store bokstaver' }),
      subject: { reference: `Patient/${w.citizen.id.toUpperCase()}` },
      custodian: { reference: `${srv.url}/fhir/R4/Organization/${w.unit.id.toUpperCase()}` },
    });
    expect(upper.status, JSON.stringify(upper.json)).toBe(201);
    const id = upper.json.id as string;
    const row = await itemRow(id);
    expect(row.citizen_id).toBe(w.citizen.id);
    expect(row.resource).toMatchObject({ subject: { reference: `Patient/${w.citizen.id}` }, custodian: { reference: `Organization/${w.unit.id}` } });
    expect(upper.json.subject.reference).toBe(`Patient/${w.citizen.id}`);

    expect((await w.call('GET', `DocumentReference/${id}`)).status).toBe(200);
    // A search by our full URL finds it (the reference is ours), in upper case too.
    const found = await w.call('GET', `DocumentReference?patient=${encodeURIComponent(`${srv.url}/fhir/R4/Patient/${w.citizen.id.toUpperCase()}`)}`);
    expect(found.json.total).toBe(1);
    expect((await epjReads(w.citizen.id, id)).map((e) => e.action).sort()).toEqual(['epj.read', 'epj.search']);
  });

  it('takes an outside lab among the performers in any order, and an id in the URL in any case', async () => {
    const w = await world();
    const lab = { reference: 'https://lab.example/fhir/Organization/fürst' };
    for (const performer of [
      [{ reference: `Organization/${w.unit.id}` }, lab],
      [lab, { reference: `Organization/${w.unit.id}` }],
    ]) {
      const r = await w.call('POST', 'DiagnosticReport', { ...labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }]), performer });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    }
    // Only an outside performer: the unit is the client's only one (as with no performer at all).
    const outside = await w.call('POST', 'DiagnosticReport', { ...labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }]), performer: [lab] });
    expect([outside.status, outside.json.performer]).toEqual([201, [lab]]);

    const doc = await w.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Versjon 1' }));
    const id = doc.json.id as string;
    const UP = id.toUpperCase();
    expect((await w.call('GET', `DocumentReference/${UP}`)).json.id).toBe(id);
    // An update by the upper-case id keeps its own PDF (it is the same item) and the same id.
    const put = await w.call('PUT', `DocumentReference/${UP}`, { ...doc.json, id: UP, description: 'Versjon 2' }, { 'if-match': 'W/"1"' });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({ id, meta: { versionId: '2' } });
  });

  it("logs a record item's read for its citizen and unit from the stored row, whatever its stored resource says", async () => {
    const w = await world();
    const doc = await w.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Eldre' }));
    expect(doc.status).toBe(201);
    const id = doc.json.id as string;
    // As an item stored before references were checked might read: another form of the subject, no custodian.
    const stored = (await itemRow(id)).resource as Json;
    const { custodian: _custodian, ...rest } = stored;
    await db()
      .updateTable('record_items')
      .set({ resource: JSON.stringify({ ...rest, subject: { reference: `https://elsewhere.example/fhir/Patient/${w.citizen.id.toUpperCase()}` } }) })
      .where('id', '=', id)
      .execute();
    expect((await w.call('GET', `DocumentReference/${id}`)).status).toBe(200);
    expect((await w.call('GET', `DocumentReference?patient=Patient/${w.citizen.id}`)).json.total).toBe(1);
    const log = await epjReads(w.citizen.id, id);
    expect(log.map((e) => e.action).sort()).toEqual(['epj.read', 'epj.search']);
    expect(log.every((e) => e.unit_id === w.unit.id && e.object_type === 'DocumentReference')).toBe(true);
  });
});
