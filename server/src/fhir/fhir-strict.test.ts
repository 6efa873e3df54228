/**
 * The FHIR API is strict about what it takes and says what it serves: incoming resources are
 * validated against the R4 StructureDefinitions (400 OperationOutcome, one issue per error with
 * its FHIRPath expression); EpisodeOfCare status is honoured or refused; FHIR XML is 406;
 * Communications are searchable by unit; a representative's RelatedPerson is served.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { createFhirClient } from './fhir.auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

type Outcome = { resourceType: string; issue: { severity: string; code: string; details?: { text?: string }; diagnostics?: string; expression?: string[] }[] };

/** A FHIR caller with a token for the given units. */
async function fhirFor(unitIds: string[]) {
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(db(), { clientId, secret, name: 'Test-EPJ', unitIds });
  const tok = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
  });
  const token = ((await tok.json()) as { access_token: string }).access_token;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${srv.url}/fhir/R4/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: (text ? JSON.parse(text) : undefined) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return call;
}

/** A unit with a citizen's thread (so Communications have something to answer). */
async function unitWithThread() {
  const f = await gpOffice(db());
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const t = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
  expect(t.status).toBe(201);
  return { ...f, threadId: t.json().id as string, fhir: await fhirFor([f.unit.id]) };
}

describe('incoming FHIR resources are validated against R4', () => {
  it('refuses an invalid Communication with an OperationOutcome that lists each issue with its FHIRPath, and changes nothing', async () => {
    const s = await unitWithThread();
    const before = await db().selectFrom('messages').select('id').where('thread_id', '=', s.threadId).execute();
    const res = await s.fhir('POST', 'Communication', {
      resourceType: 'Communication',
      // status (1..1) is missing; colour is no element of Communication; sent is no dateTime.
      colour: 'blue',
      sent: 'yesterday',
      partOf: [{ reference: `Communication/${s.threadId}` }],
      sender: { reference: `Practitioner/${s.doctor.id}` },
      payload: [{ contentString: 'Svar' }],
    });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/fhir\+json/);
    const outcome = res.json as Outcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    const expressions = outcome.issue.flatMap((i) => i.expression ?? []);
    expect(expressions).toEqual(expect.arrayContaining(['Communication.status', 'Communication.colour', 'Communication.sent']));
    expect(outcome.issue.every((i) => i.severity === 'error' && (i.details?.text ?? '').length > 0)).toBe(true);
    expect(await db().selectFrom('messages').select('id').where('thread_id', '=', s.threadId).execute()).toHaveLength(before.length);

    // The same answer, valid, is taken.
    const ok = await s.fhir('POST', 'Communication', {
      resourceType: 'Communication',
      status: 'completed',
      partOf: [{ reference: `Communication/${s.threadId}` }],
      sender: { reference: `Practitioner/${s.doctor.id}` },
      payload: [{ contentString: 'Svar' }],
    });
    expect(ok.status).toBe(201);
  });

  it('validates a PUT and a patched resource too', async () => {
    const s = await unitWithThread();
    const p = await createCitizen(db());
    const created = await s.fhir('POST', 'EpisodeOfCare', {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { reference: `Patient/${p.id}` },
      managingOrganization: { reference: `Organization/${s.unit.id}` },
    });
    expect(created.status).toBe(201);
    const put = await s.fhir('PUT', `EpisodeOfCare/${created.json.id}`, { ...created.json, status: undefined, period: { end: 'not a date' } });
    expect(put.status).toBe(400);
    expect((put.json as Outcome).issue.flatMap((i) => i.expression ?? [])).toEqual(expect.arrayContaining(['EpisodeOfCare.status']));
    const patched = await fetch(`${srv.url}/fhir/R4/EpisodeOfCare/${created.json.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json', accept: 'application/fhir+json', authorization: await tokenHeader([s.unit.id]) },
      body: JSON.stringify([{ op: 'add', path: '/unknownThing', value: 1 }]),
    });
    expect(patched.status).toBe(400);
    expect(((await patched.json()) as Outcome).issue.flatMap((i) => i.expression ?? [])).toEqual(['EpisodeOfCare.unknownThing']);
  });
});

async function tokenHeader(unitIds: string[]): Promise<string> {
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(db(), { clientId, secret, name: 'Test-EPJ', unitIds });
  const tok = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
  });
  return `Bearer ${((await tok.json()) as { access_token: string }).access_token}`;
}

describe('EpisodeOfCare status is honoured', () => {
  it('creates active and finished contacts as such; refuses planned, waitlist and cancelled instead of making them active', async () => {
    const f = await gpOffice(db());
    const fhir = await fhirFor([f.unit.id]);
    const episode = (patientId: string, status: string, period?: Record<string, string>) => ({
      resourceType: 'EpisodeOfCare',
      status,
      patient: { reference: `Patient/${patientId}` },
      managingOrganization: { reference: `Organization/${f.unit.id}` },
      ...(period ? { period } : {}),
    });
    for (const status of ['planned', 'waitlist', 'cancelled', 'onhold']) {
      const p = await createCitizen(db());
      const res = await fhir('POST', 'EpisodeOfCare', episode(p.id, status));
      expect(res.status, status).toBe(422);
      expect((res.json as Outcome).issue[0]).toMatchObject({ code: 'not-supported' });
      expect(await db().selectFrom('health_contacts').select('id').where('citizen_id', '=', p.id).execute()).toEqual([]);
    }
    // Active with a future start would let the citizen write at once: refused.
    const later = await createCitizen(db());
    expect((await fhir('POST', 'EpisodeOfCare', episode(later.id, 'active', { start: new Date(Date.now() + 86_400_000).toISOString() }))).status).toBe(422);

    // Finished: recorded as ended; the citizen cannot write to the unit through it.
    const old = await createCitizen(db());
    const fin = await fhir(
      'POST',
      'EpisodeOfCare',
      episode(old.id, 'finished', { start: '2024-01-01T00:00:00Z', end: new Date(Date.now() - 86_400_000).toISOString() }),
    );
    expect(fin.status).toBe(201);
    expect(fin.json.status).toBe('finished');
    const row = await db().selectFrom('health_contacts').selectAll().where('id', '=', fin.json.id).executeTakeFirstOrThrow();
    expect(row.ended_at).not.toBeNull();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', old.accountId);
    expect((await c.post(`/api/citizen/contacts/${row.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).status).not.toBe(201);
    // Finished without an end in the past is refused.
    expect((await fhir('POST', 'EpisodeOfCare', episode((await createCitizen(db())).id, 'finished'))).status).toBe(422);

    // Update: an unsupported status is refused, not ignored.
    const act = await createCitizen(db());
    const a = await fhir('POST', 'EpisodeOfCare', episode(act.id, 'active'));
    expect(a.status).toBe(201);
    const cancel = await fhir('PUT', `EpisodeOfCare/${a.json.id}`, { ...a.json, status: 'cancelled' });
    expect(cancel.status).toBe(422);
    expect((await fhir('GET', `EpisodeOfCare/${a.json.id}`)).json.status).toBe('active');
  });
});

describe('what the FHIR API serves', () => {
  it('answers a request for FHIR XML with 406', async () => {
    const s = await unitWithThread();
    for (const [path, headers] of [
      [`Communication?part-of=Communication/${s.threadId}`, { accept: 'application/fhir+xml' }],
      [`Communication?part-of=Communication/${s.threadId}&_format=xml`, {}],
    ] as const) {
      const res = await s.fhir('GET', path, undefined, headers);
      expect(res.status, path).toBe(406);
      expect(res.json.resourceType).toBe('OperationOutcome');
    }
    expect((await s.fhir('GET', `Communication?part-of=Communication/${s.threadId}`, undefined, { accept: '*/*' })).status).toBe(200);
  });

  it('searches Communications by unit for a client acting for several units', async () => {
    const a = await unitWithThread();
    const b = await unitWithThread();
    const fhir = await fhirFor([a.unit.id, b.unit.id]);
    const inA = await fhir('GET', `Communication?organization=Organization/${a.unit.id}`);
    expect(inA.status).toBe(200);
    const threads = new Set((inA.json.entry ?? []).map((e: { resource: { partOf: { reference: string }[] } }) => e.resource.partOf[0]!.reference));
    expect([...threads]).toEqual([`Communication/${a.threadId}`]);
  });

  it('lets a client acting for several units book at a free time naming the unit by its HealthcareService', async () => {
    const a = await gpOffice(db());
    const b = await gpOffice(db());
    const fhir = await fhirFor([a.unit.id, b.unit.id]);
    const start = new Date(Date.now() + 5 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const appt = (participant: unknown[]) => ({
      resourceType: 'Appointment',
      status: 'booked',
      description: 'Kontroll',
      start: start.toISOString(),
      end: new Date(start.getTime() + 20 * 60_000).toISOString(),
      participant: [{ actor: { reference: `Patient/${b.citizen.id}` }, status: 'accepted' }, ...participant],
    });
    // Without a unit: refused, saying how to name it.
    const unnamed = await fhir('POST', 'Appointment', appt([]));
    expect(unnamed.status).toBe(400);
    expect(JSON.stringify(unnamed.json)).toMatch(/HealthcareService/);
    const services = await fhir('GET', `HealthcareService?organization=Organization/${b.unit.id}`);
    const serviceId = services.json.entry[0].resource.id as string;
    const booked = await fhir('POST', 'Appointment', appt([{ actor: { reference: `HealthcareService/${serviceId}` }, status: 'accepted' }]));
    expect(booked.status).toBe(201);
    const row = await db().selectFrom('appointments').select(['unit_id', 'citizen_id']).where('id', '=', booked.json.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ unit_id: b.unit.id, citizen_id: b.citizen.id });
    // A practitioner who works in one of the client's units names that unit too.
    const byDoctor = await fhir('POST', 'Appointment', appt([{ actor: { reference: `Practitioner/${b.doctor.id}` }, status: 'accepted' }]));
    expect(byDoctor.status).toBe(201);
    // Another unit's service is not one of this client's.
    const foreign = await fhir('GET', `HealthcareService?organization=Organization/${(await gpOffice(db())).unit.id}`);
    expect(foreign.json.total ?? 0).toBe(0);
  });

  it('serves the RelatedPerson a representative’s message points to', async () => {
    const f = await gpOffice(db());
    const addressKey = `addr-${randomUUID()}`;
    const parent = await createCitizen(db(), { age: 40, given: 'Forelder', addressKey });
    const child = await createCitizen(db(), { age: 8, given: 'Barn', addressKey });
    await createContact(db(), parent.id, f.unit.id, { gpStaffId: f.doctor.id });
    await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    const childContact = await createContact(db(), child.id, f.unit.id, { gpStaffId: f.doctor.id });
    const c = new TestClient(srv.url);
    await login(c, 'citizen', parent.accountId);
    expect((await c.request('PUT', '/api/citizen/acting-for', { body: { personId: child.id } })).status).toBe(200);
    const sent = await c.post(`/api/citizen/contacts/${childContact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Feber' });
    expect(sent.status).toBe(201);
    const fhir = await fhirFor([f.unit.id]);
    const msg = await fhir('GET', `Communication/${sent.json().messages[0].id}`);
    const senderRef = msg.json.sender.reference as string;
    expect(senderRef).toMatch(/^RelatedPerson\/[0-9a-f]{64}$/);
    const rp = await fhir('GET', senderRef);
    expect(rp.status).toBe(200);
    expect(rp.json).toMatchObject({ resourceType: 'RelatedPerson', patient: { reference: `Patient/${child.id}` }, name: [{ given: ['Forelder'] }] });
    const found = await fhir('GET', `RelatedPerson?patient=Patient/${child.id}`);
    expect(found.json.total).toBe(1);
    // Another unit's client does not see it.
    expect((await (await fhirFor([(await gpOffice(db())).unit.id]))('GET', senderRef)).status).toBe(404);
  });
});
