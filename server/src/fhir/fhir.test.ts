/**
 * The FHIR R4 API through a real FHIR client (fhir-kit-client) against the running test server:
 * token, health contacts, appointments, threads (read and answer), paging, errors, unit scoping.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { upsertEndpoint } from '../modules/journal/journal.repository.ts';
import { createFhirClient } from './fhir.auth.ts';

type Bundle = { resourceType: 'Bundle'; total: number; link: { relation: string; url: string }[]; entry?: { resource: Record<string, any> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
type HttpError = { response: { status: number; data: { resourceType: string; issue: { code: string; diagnostics: string }[] } } };

let srv: TestServer;
let baseUrl: string;
beforeAll(async () => {
  srv = await startTestServer();
  baseUrl = `${srv.url}/fhir/R4`;
});
afterAll(async () => srv?.close());

/** A unit with an EPJ client: the FHIR client holds a token from the token endpoint it discovered. */
async function setup() {
  const f = await gpOffice(srv.database.db);
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds: [f.unit.id] });
  const fhir = await fhirClient(clientId, secret);
  return { ...f, fhir };
}

async function fhirClient(clientId: string, secret: string): Promise<Client> {
  const anon = new Client({ baseUrl });
  const tokenUrl = String(((await anon.smartAuthMetadata()) as { tokenUrl?: URL | string }).tokenUrl);
  expect(tokenUrl).toBe(`${srv.url}/fhir/token`);
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  const token = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(token).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
  return new Client({ baseUrl, bearerToken: token.access_token });
}

async function fails(p: Promise<unknown>): Promise<HttpError['response']> {
  try {
    await p;
  } catch (err) {
    return (err as HttpError).response;
  }
  throw new Error('expected the request to fail');
}

describe('FHIR R4 API', () => {
  it('has a CapabilityStatement, and refuses requests without a valid token or with wrong credentials', async () => {
    const cs = (await new Client({ baseUrl }).capabilityStatement()) as { resourceType: string; fhirVersion: string; rest: { resource: { type: string }[] }[] };
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest[0]!.resource.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'Patient',
        'Organization',
        'Practitioner',
        'PractitionerRole',
        'HealthcareService',
        'EpisodeOfCare',
        'Communication',
        'Appointment',
        'Slot',
        'Schedule',
        'MedicationStatement',
      ]),
    );
    const anon = await fails(new Client({ baseUrl }).search({ resourceType: 'Patient' }));
    expect(anon.status).toBe(401);
    expect(anon.data.resourceType).toBe('OperationOutcome');
    const bad = await fails(new Client({ baseUrl, bearerToken: 'nope' }).search({ resourceType: 'Patient' }));
    expect(bad.status).toBe(401);
    const wrong = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=x&client_secret=y',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('finds the patient by national identity number and the unit directory', async () => {
    const s = await setup();
    const found = (await s.fhir.search({
      resourceType: 'Patient',
      searchParams: { identifier: `urn:oid:2.16.578.1.12.4.1.4.1|${s.citizen.national_id}` },
    })) as Bundle;
    expect(found.total).toBe(1);
    expect(found.entry![0]!.resource).toMatchObject({ resourceType: 'Patient', id: s.citizen.id, birthDate: s.citizen.birth_date });
    expect(await s.fhir.read({ resourceType: 'Patient', id: s.citizen.id })).toMatchObject({ name: [{ family: s.citizen.family_name }] });
    expect(await s.fhir.read({ resourceType: 'Organization', id: s.unit.id })).toMatchObject({
      name: s.unit.name,
      partOf: { reference: `Organization/${s.unit.organisationId}` },
    });
    const pr = (await s.fhir.search({
      resourceType: 'Practitioner',
      searchParams: { identifier: `urn:oid:2.16.578.1.12.4.1.4.4|${s.doctor.hpr_number}` },
    })) as Bundle;
    expect(pr.entry!.map((e) => e.resource.id)).toEqual([s.doctor.id]);
    const roles = (await s.fhir.search({ resourceType: 'PractitionerRole', searchParams: { practitioner: `Practitioner/${s.doctor.id}` } })) as Bundle;
    expect(roles.entry![0]!.resource).toMatchObject({ organization: { reference: `Organization/${s.unit.id}` }, code: [{ coding: [{ code: 'doctor' }] }] });
    const services = (await s.fhir.search({
      resourceType: 'HealthcareService',
      searchParams: { organization: `Organization/${s.unit.id}`, active: 'true' },
    })) as Bundle;
    expect(services.entry!.map((e) => e.resource.name).sort()).toEqual(['ekonsultasjon', 'ekontakt', 'fornyresept', 'journalkopi']);
    const role = await s.fhir.read({ resourceType: 'PractitionerRole', id: roles.entry![0]!.resource.id as string });
    expect(role).toMatchObject({ practitioner: { reference: `Practitioner/${s.doctor.id}` } });
  });

  it('creates a health contact (EpisodeOfCare, care right) and ends it; writes are in the access log as the EPJ', async () => {
    const s = await setup();
    const p = await createCitizen(srv.database.db);
    const created = (await s.fhir.create({
      resourceType: 'EpisodeOfCare',
      body: {
        resourceType: 'EpisodeOfCare',
        status: 'active',
        patient: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: p.national_id } },
        managingOrganization: { reference: `Organization/${s.unit.id}` },
        period: { start: new Date(Date.now() - 60_000).toISOString() },
      },
    })) as unknown as { id: string; status: string; type: unknown; patient: unknown };
    expect(created).toMatchObject({ status: 'active', type: [{ coding: [{ code: 'care_right' }] }], patient: { reference: `Patient/${p.id}` } });
    const row = await srv.database.db.selectFrom('health_contacts').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ citizen_id: p.id, unit_id: s.unit.id, source: 'care_right', ended_at: null });
    // Now the patient is visible to the EPJ.
    expect(await s.fhir.read({ resourceType: 'Patient', id: p.id })).toMatchObject({ id: p.id });
    const dup = await fails(
      s.fhir.create({
        resourceType: 'EpisodeOfCare',
        body: {
          resourceType: 'EpisodeOfCare',
          status: 'active',
          patient: { reference: `Patient/${p.id}` },
          managingOrganization: { reference: `Organization/${s.unit.id}` },
        },
      }),
    );
    expect(dup.status).toBe(409);

    const ended = await s.fhir.patch({ resourceType: 'EpisodeOfCare', id: created.id, jsonPatch: [{ op: 'replace', path: '/status', value: 'finished' }] });
    expect(ended).toMatchObject({ status: 'finished', period: { end: expect.any(String) } });
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_kind', 'actor_name'])
      .where('citizen_id', '=', p.id)
      .where('action', 'in', ['contact.create', 'contact.end'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'contact.create', actor_kind: 'epj', actor_name: 'Test-EPJ' },
      { action: 'contact.end', actor_kind: 'epj', actor_name: 'Test-EPJ' },
    ]);
    // Another unit's organization is refused.
    const other = await gpOffice(srv.database.db);
    const foreign = await fails(
      s.fhir.create({
        resourceType: 'EpisodeOfCare',
        body: {
          resourceType: 'EpisodeOfCare',
          status: 'active',
          patient: { reference: `Patient/${p.id}` },
          managingOrganization: { reference: `Organization/${other.unit.id}` },
        },
      }),
    );
    expect(foreign.status).toBe(403);
  });

  it('creates, finds and cancels an appointment, at a free time and on a published slot', async () => {
    const s = await setup();
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const appt = (await s.fhir.create({
      resourceType: 'Appointment',
      body: {
        resourceType: 'Appointment',
        status: 'booked',
        description: 'Kontroll blodtrykk',
        appointmentType: { coding: [{ system: 'https://helsedialog.no/fhir/CodeSystem/appointment-type', code: 'phone' }] },
        start: start.toISOString(),
        end: new Date(start.getTime() + 20 * 60_000).toISOString(),
        participant: [
          { actor: { reference: `Patient/${s.citizen.id}` }, status: 'accepted' },
          { actor: { reference: `Practitioner/${s.doctor.id}` }, status: 'accepted' },
        ],
      },
    })) as unknown as { id: string };
    expect(appt).toMatchObject({ status: 'booked', description: 'Kontroll blodtrykk', start: start.toISOString() });
    const mine = (await s.fhir.search({
      resourceType: 'Appointment',
      searchParams: { patient: `Patient/${s.citizen.id}`, date: `ge${start.toISOString().slice(0, 10)}` },
    })) as Bundle;
    expect(mine.entry!.map((e) => e.resource.id)).toEqual([appt.id]);
    // The citizen sees it in helsedialog.
    const row = await srv.database.db.selectFrom('appointments').select(['status', 'type', 'staff_id']).where('id', '=', appt.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'booked', type: 'phone', staff_id: s.doctor.id });
    const cancelled = await s.fhir.update({
      resourceType: 'Appointment',
      id: appt.id,
      body: { ...(await s.fhir.read({ resourceType: 'Appointment', id: appt.id })), status: 'cancelled', cancelationReason: { text: 'Legen er syk' } },
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Legen er syk' } });

    // A timebook (Schedule) with a published slot, booked through Appointment.slot.
    const sched = (await s.fhir.create({
      resourceType: 'Schedule',
      body: { resourceType: 'Schedule', actor: [{ reference: `Practitioner/${s.doctor.id}` }], comment: 'Dr. Test' },
    })) as unknown as { id: string };
    const slotStart = new Date(start.getTime() + 86_400_000);
    const slot = (await s.fhir.create({
      resourceType: 'Slot',
      body: {
        resourceType: 'Slot',
        schedule: { reference: `Schedule/${sched.id}` },
        status: 'free',
        start: slotStart.toISOString(),
        end: new Date(slotStart.getTime() + 15 * 60_000).toISOString(),
      },
    })) as unknown as { id: string };
    const free = (await s.fhir.search({ resourceType: 'Slot', searchParams: { schedule: `Schedule/${sched.id}`, status: 'free' } })) as Bundle;
    expect(free.entry!.map((e) => e.resource.id)).toEqual([slot.id]);
    const onSlot = await s.fhir.create({
      resourceType: 'Appointment',
      body: {
        resourceType: 'Appointment',
        status: 'booked',
        start: slotStart.toISOString(),
        end: new Date(slotStart.getTime() + 15 * 60_000).toISOString(),
        slot: [{ reference: `Slot/${slot.id}` }],
        participant: [{ actor: { reference: `Patient/${s.citizen.id}` }, status: 'accepted' }],
      },
    });
    expect(onSlot).toMatchObject({
      start: slotStart.toISOString(),
      slot: [{ reference: `Slot/${slot.id}` }],
      participant: expect.arrayContaining([{ actor: { reference: `Practitioner/${s.doctor.id}` }, status: 'accepted' }]),
    });
    expect(await s.fhir.read({ resourceType: 'Slot', id: slot.id })).toMatchObject({ status: 'busy' });
    const taken = await fails(
      s.fhir.create({
        resourceType: 'Appointment',
        body: {
          resourceType: 'Appointment',
          status: 'booked',
          // R4 (app-3): a booked appointment has its start and end, here the slot's.
          start: slotStart.toISOString(),
          end: new Date(slotStart.getTime() + 15 * 60_000).toISOString(),
          slot: [{ reference: `Slot/${slot.id}` }],
          participant: [{ actor: { reference: `Patient/${s.citizen.id}` }, status: 'accepted' }],
        },
      }),
    );
    expect(taken.status).toBe(409);
  });

  it('reads a thread and answers in it; the citizen gets the answer, and it is not journaled back to the EPJ', async () => {
    const s = await setup();
    await upsertEndpoint(srv.database.db, { unitId: s.unit.id, protocol: 'fhir', transport: 'http', url: `http://127.0.0.1:${srv.config.port}/dev-epj/fhir` });
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const started = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Attest', text: 'Trenger attest for skolen.' });
    const threadId = started.json().id as string;
    for (const text of ['Den skal leveres fredag.', 'Takk!']) await c.post(`/api/citizen/threads/${threadId}/messages`, { text });

    expect(await s.fhir.read({ resourceType: 'Communication', id: threadId })).toMatchObject({
      status: 'in-progress',
      topic: { text: 'Attest' },
      subject: { reference: `Patient/${s.citizen.id}` },
    });
    // Paging with _count: 3 messages, 2 per page.
    const first = (await s.fhir.search({ resourceType: 'Communication', searchParams: { 'part-of': `Communication/${threadId}`, _count: 2 } })) as Bundle;
    expect(first.total).toBe(3);
    expect(first.entry).toHaveLength(2);
    expect(first.link.find((l) => l.relation === 'next')).toBeTruthy();
    const second = (await s.fhir.nextPage({ bundle: first as never })) as Bundle;
    expect(second.entry).toHaveLength(1);
    expect(second.link.find((l) => l.relation === 'next')).toBeUndefined();
    expect([...first.entry!, ...second.entry!].map((e) => e.resource.payload[0].contentString)).toEqual([
      'Trenger attest for skolen.',
      'Den skal leveres fredag.',
      'Takk!',
    ]);
    const newestFirst = (await s.fhir.search({
      resourceType: 'Communication',
      searchParams: { subject: `Patient/${s.citizen.id}`, _sort: '-sent', _count: 1 },
    })) as Bundle;
    expect(newestFirst.entry![0]!.resource.payload[0].contentString).toBe('Takk!');

    const answer = (await s.fhir.create({
      resourceType: 'Communication',
      body: {
        resourceType: 'Communication',
        status: 'completed',
        partOf: [{ reference: `Communication/${threadId}` }],
        sender: { reference: `Practitioner/${s.doctor.id}` },
        payload: [{ contentString: 'Attesten ligger klar i resepsjonen.' }],
      },
    })) as unknown as { id: string };
    expect(answer).toMatchObject({ partOf: [{ reference: `Communication/${threadId}` }], sender: { reference: `Practitioner/${s.doctor.id}` } });
    const seen = (await c.get(`/api/citizen/threads/${threadId}`)).json();
    expect(seen.status).toBe('answered');
    expect(seen.messages.at(-1)).toMatchObject({ text: 'Attesten ligger klar i resepsjonen.' });
    const journaled = await srv.database.db.selectFrom('journal_items').select('object_id').where('thread_id', '=', threadId).execute();
    expect(journaled).toHaveLength(3);
    expect(journaled.map((j) => j.object_id)).not.toContain(answer.id);
    const audit = await srv.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_kind'])
      .where('citizen_id', '=', s.citizen.id)
      .where('actor_kind', '=', 'epj')
      .where('action', 'not in', ['epj.read', 'epj.search'])
      .execute();
    expect(audit).toEqual([{ action: 'message.send', actor_kind: 'epj' }]);
    // The sender must work in the unit.
    const other = await gpOffice(srv.database.db);
    const stranger = await fails(
      s.fhir.create({
        resourceType: 'Communication',
        body: {
          resourceType: 'Communication',
          status: 'completed',
          partOf: [{ reference: `Communication/${threadId}` }],
          sender: { reference: `Practitioner/${other.doctor.id}` },
          payload: [{ contentString: 'x' }],
        },
      }),
    );
    expect(stranger.status).toBe(422);
  });

  it('keeps the list of prescriptions (MedicationStatement) the citizen may ask to renew', async () => {
    const s = await setup();
    const ms = (await s.fhir.create({
      resourceType: 'MedicationStatement',
      body: {
        resourceType: 'MedicationStatement',
        status: 'active',
        identifier: [{ value: 'EPJ-123' }],
        medicationCodeableConcept: { text: 'Paracet' },
        dosage: [{ text: '1 tablett ved behov' }],
        subject: { reference: `Patient/${s.citizen.id}` },
      },
    })) as unknown as { id: string };
    const list = (await s.fhir.search({
      resourceType: 'MedicationStatement',
      searchParams: { patient: `Patient/${s.citizen.id}`, status: 'active' },
    })) as Bundle;
    expect(list.total).toBe(3);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const renewable = (await c.get(`/api/citizen/contacts/${s.contact.id}/prescriptions`)).json();
    expect(JSON.stringify(renewable)).toContain('Paracet');
    const stopped = await s.fhir.update({
      resourceType: 'MedicationStatement',
      id: ms.id,
      body: { ...(await s.fhir.read({ resourceType: 'MedicationStatement', id: ms.id })), status: 'stopped' },
    });
    expect(stopped).toMatchObject({ status: 'stopped' });
  });

  it('refuses unknown parameters with an OperationOutcome 400', async () => {
    const s = await setup();
    const res = await fails(s.fhir.search({ resourceType: 'Patient', searchParams: { shoesize: '42' } }));
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported', diagnostics: expect.stringContaining('shoesize') }] });
    const sort = await fails(s.fhir.search({ resourceType: 'Communication', searchParams: { _sort: 'colour' } }));
    expect(sort.status).toBe(400);
    const type = await fails(s.fhir.search({ resourceType: 'Observation' }));
    expect(type.status).toBe(404);
    expect(type.data.resourceType).toBe('OperationOutcome');
  });

  it('a token for another unit sees nothing of this unit', async () => {
    const s = await setup();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const threadId = (await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json().id as string;
    const other = await setup();
    const o = other.fhir;
    for (const [resourceType, id] of [
      ['Patient', s.citizen.id],
      ['Communication', threadId],
      ['EpisodeOfCare', s.contact.id],
      ['Organization', s.unit.id],
      ['Practitioner', s.doctor.id],
    ] as const) {
      const r = await fails(o.read({ resourceType, id }));
      expect(r.status, resourceType).toBe(404);
      expect(r.data.resourceType).toBe('OperationOutcome');
    }
    const byIdent = (await o.search({ resourceType: 'Patient', searchParams: { identifier: s.citizen.national_id } })) as Bundle;
    expect(byIdent.total).toBe(0);
    const comms = (await o.search({ resourceType: 'Communication', searchParams: { subject: `Patient/${s.citizen.id}` } })) as Bundle;
    expect(comms.total).toBe(0);
    const answer = await fails(
      o.create({
        resourceType: 'Communication',
        body: {
          resourceType: 'Communication',
          status: 'completed',
          partOf: [{ reference: `Communication/${threadId}` }],
          sender: { reference: `Practitioner/${other.doctor.id}` },
          payload: [{ contentString: 'x' }],
        },
      }),
    );
    expect(answer.status).toBe(404);
  });
  it('writes what the EPJ reads to the citizen’s access log, one entry per citizen and request, before the answer goes out', async () => {
    const s = await setup();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const t = (await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    const other = await createCitizen(srv.database.db);
    const entries = () =>
      srv.database.db
        .selectFrom('audit_events')
        .select(['citizen_id', 'action', 'actor_kind', 'actor_name', 'unit_id', 'unit_name', 'object_type', 'object_id'])
        .where('citizen_id', 'in', [s.citizen.id, other.id])
        .where('actor_kind', '=', 'epj')
        .orderBy('id')
        .execute();

    await s.fhir.read({ resourceType: 'Communication', id: t.id });
    await s.fhir.search({ resourceType: 'Communication', searchParams: { 'part-of': `Communication/${t.id}` } });
    await s.fhir.search({ resourceType: 'EpisodeOfCare', searchParams: { patient: `Patient/${s.citizen.id}` } });
    const entry = (action: string, objectType: string, objectId: string | null) => ({
      citizen_id: s.citizen.id,
      action,
      actor_kind: 'epj',
      actor_name: 'Test-EPJ',
      unit_id: s.unit.id,
      unit_name: s.unit.name,
      object_type: objectType,
      object_id: objectId,
    });
    expect(await entries()).toEqual([
      entry('epj.read', 'Communication', t.id),
      entry('epj.search', 'Communication', null),
      entry('epj.search', 'EpisodeOfCare', null),
    ]);
    // A search that finds nothing about anyone writes nothing; the citizen sees the reads in their log.
    await s.fhir.search({ resourceType: 'EpisodeOfCare', searchParams: { patient: `Patient/${other.id}` } });
    expect(await entries()).toHaveLength(3);
    const log = (await c.get('/api/citizen/access-log')).json();
    expect(log.items.filter((i: { action: string }) => i.action.startsWith('epj.'))).toHaveLength(3);
    expect(log.items.find((i: { action: string }) => i.action === 'epj.read')).toMatchObject({ actor: { kind: 'epj', name: 'Test-EPJ' } });
  });
});
