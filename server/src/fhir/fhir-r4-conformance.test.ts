/**
 * Everything the FHIR API answers is FHIR R4: for every resource type of the CapabilityStatement,
 * what a search returns (and a Binary read) passes Medplum's validator with all R4 definitions,
 * references included (test/r4.ts). Issue 24 found Schedule.actor naming an Organization, which
 * R4 does not allow: a unit's timebook now names a PractitionerRole or a contained Location.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, CapabilityStatement, Resource, Schedule } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { r4Problems } from '../test/r4.ts';
import { documentReference, HB, labPanel, referral, tinyPdf } from '../modules/records/records.fixtures.ts';
import { PHQ9 } from '../modules/forms/demo-forms.ts';
import { createFhirClient } from './fhir.auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

/** A unit with an EPJ client, and a caller of its FHIR API (JSON in, status and JSON out). */
async function unitWithClient() {
  const f = await gpOffice(db());
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(db(), { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
  const tokenRes = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const call = async <T = Resource>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${srv.url}/fhir/R4/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...(body ? { 'content-type': 'application/fhir+json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as T };
  };
  return { ...f, call };
}

const soon = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe('FHIR R4 conformance of what the API answers', () => {
  it('every resource of every type the CapabilityStatement lists is valid R4, references included', async () => {
    const s = await unitWithClient();
    const created = async (path: string, body: Resource) => {
      const r = await s.call('POST', path, body);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json;
    };
    // A parent writes for their child (Communication, RelatedPerson) and fills in a form for them
    // (Questionnaire, QuestionnaireResponse).
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db(), { age: 40, addressKey: addr, given: 'Nina' });
    const child = await createCitizen(db(), { age: 8, addressKey: addr, given: 'Emma' });
    await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    const contact = await createContact(db(), child.id, s.unit.id);
    const p = new TestClient(srv.url);
    await login(p, 'citizen', parent.accountId);
    await p.put('/api/citizen/acting-for', { personId: child.id });
    const thread = await p.post(`/api/citizen/contacts/${contact.id}/threads`, { kind: 'ekontakt', topic: 'Attest', text: 'Trenger attest.' });
    expect(thread.status, thread.body).toBe(201);
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', s.secretary.accountId);
    const form = (await admin.post(`/api/staff/units/${s.unit.id}/forms`, { questionnaire: PHQ9 })).json();
    const req = (await admin.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: contact.id, formId: form.id })).json();
    const item = Array.from({ length: 9 }, (_, i) => ({
      linkId: `phq9-${i + 1}`,
      answer: [{ valueCoding: { system: 'https://helsedialog.no/fhir/CodeSystem/form-answer/phq', code: '1' } }],
    }));
    expect((await p.post(`/api/citizen/form-requests/${req.id}/submit`, { item })).status).toBe(200);

    // Through the FHIR API: timebooks (a clinician's, a resource's), a slot, an appointment, a
    // prescription, and the record (a document, a referral, a lab panel, a PDF as Binary).
    await created('Schedule', { resourceType: 'Schedule', actor: [{ reference: `Practitioner/${s.doctor.id}` }], comment: 'Dr. Test' });
    const room = (await created('Schedule', {
      resourceType: 'Schedule',
      contained: [{ resourceType: 'Location', id: 'lab', name: 'Laboratoriet', managingOrganization: { reference: `Organization/${s.unit.id}` } }],
      actor: [{ reference: '#lab' }],
    })) as Schedule;
    await created('Slot', { resourceType: 'Slot', schedule: { reference: `Schedule/${room.id}` }, status: 'free', start: soon(3, 9), end: soon(3, 10) });
    await created('Appointment', {
      resourceType: 'Appointment',
      status: 'booked',
      start: soon(4, 9),
      end: soon(4, 10),
      participant: [
        { actor: { reference: `Patient/${s.citizen.id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${s.doctor.id}` }, status: 'accepted' },
      ],
    });
    await created('MedicationStatement', {
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'Paracet' },
      subject: { reference: `Patient/${s.citizen.id}` },
      identifier: [{ system: 'https://helsedialog.no/fhir/NamingSystem/prescription', value: 'x-1' }],
    });
    const binary = await created('Binary', { resourceType: 'Binary', contentType: 'application/pdf', data: tinyPdf().toString('base64') });
    await created('DocumentReference', documentReference(s.citizen.id, s.unit.id, { binaryId: binary.id! }));
    await created('ServiceRequest', referral(s.citizen.id, s.unit.id, 'received'));
    await created('DiagnosticReport', labPanel(s.citizen.id, s.unit.id, [{ ...HB, value: 13.1 }]));

    const cs = (await s.call<CapabilityStatement>('GET', 'metadata')).json;
    expect(r4Problems(cs)).toEqual([]);
    const types = cs.rest![0]!.resource!.map((r) => r.type);
    expect(types.length).toBeGreaterThan(15);
    const problems: Record<string, string[]> = {};
    for (const type of types) {
      const resources =
        type === 'Binary'
          ? [(await s.call('GET', `Binary/${binary.id}`)).json]
          : ((await s.call<Bundle>('GET', `${type}?_count=100`)).json.entry ?? []).map((e) => e.resource!);
      expect(resources.length, `${type}: nothing to check`).toBeGreaterThan(0);
      const found = resources.flatMap((r) => r4Problems(r).map((x) => `${r.resourceType}/${r.id}: ${x}`));
      if (found.length) problems[type] = found;
    }
    expect(problems).toEqual({});
    // The searchset Bundle itself too.
    expect(r4Problems((await s.call<Bundle>('GET', 'Schedule')).json)).toEqual([]);
  });

  it('a timebook names its unit as R4 allows: a clinician by PractitionerRole, a resource by a contained Location; never an Organization actor', async () => {
    const s = await unitWithClient();
    const clinician = (
      await s.call<Schedule>('POST', 'Schedule', { resourceType: 'Schedule', actor: [{ reference: `Practitioner/${s.doctor.id}` }], comment: 'Dr. Test' })
    ).json;
    const role = (await s.call<Bundle>('GET', `PractitionerRole?practitioner=Practitioner/${s.doctor.id}`)).json.entry![0]!.resource!;
    expect(clinician.actor).toEqual([{ reference: `Practitioner/${s.doctor.id}` }, { reference: `PractitionerRole/${role.id}` }]);
    expect(role).toMatchObject({ organization: { reference: `Organization/${s.unit.id}` } });

    const byRole = await s.call<Schedule>('POST', 'Schedule', { resourceType: 'Schedule', actor: [{ reference: `PractitionerRole/${role.id}` }] });
    expect(byRole.status).toBe(201);
    expect(byRole.json.actor).toEqual(clinician.actor);

    const room = await s.call<Schedule>('POST', 'Schedule', {
      resourceType: 'Schedule',
      contained: [{ resourceType: 'Location', id: 'room', name: 'Skiftestue', managingOrganization: { reference: `Organization/${s.unit.id}` } }],
      actor: [{ reference: '#room' }],
    });
    expect(room.status).toBe(201);
    expect(room.json).toMatchObject({
      comment: 'Skiftestue',
      contained: [{ resourceType: 'Location', id: 'resource', name: 'Skiftestue', managingOrganization: { reference: `Organization/${s.unit.id}` } }],
      actor: [{ reference: '#resource', display: 'Skiftestue' }],
    });
    // The unit's timebooks are still found by the unit; a clinician's by their role.
    const ofUnit = (await s.call<Bundle<Schedule>>('GET', `Schedule?actor=Organization/${s.unit.id}`)).json;
    expect(ofUnit.total).toBe(3);
    const ofRole = (await s.call<Bundle<Schedule>>('GET', `Schedule?actor=PractitionerRole/${role.id}`)).json;
    expect(ofRole.entry!.map((e) => e.resource!.id).sort()).toEqual([clinician.id, byRole.json.id].sort());

    // An Organization is no Schedule.actor in R4: refused, saying what to send instead.
    const org = await s.call('POST', 'Schedule', { resourceType: 'Schedule', actor: [{ reference: `Organization/${s.unit.id}` }], comment: 'Lab' });
    expect(org.status).toBe(400);
    expect(JSON.stringify(org.json)).toContain('PractitionerRole');
    const foreignRole = await s.call('POST', 'Schedule', { resourceType: 'Schedule', actor: [{ reference: 'PractitionerRole/nope' }] });
    expect(foreignRole.status).toBe(422);
  });
});
