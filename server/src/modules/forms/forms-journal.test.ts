/**
 * A submitted form response is journaled like a message — FHIR: a QuestionnaireResponse with the
 * canonical url|version, subject/source the patient and author the representative; KITH: a
 * Dialogmelding Notat with the answers as text and a PDF rendering attached, valid against the
 * official schemas — and the FHIR API serves Questionnaire and QuestionnaireResponse to the
 * unit's EPJ (read, search by patient, status, authored), logged in the patient's access log.
 */
import { randomInt, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs.ts';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { DEV_EPJ_CLIENT } from '../journal/dev-epj.ts';
import { parseDialogMessage } from '../journal/kith/parse.ts';
import { validateKithXml } from '../journal/kith/validate.ts';
import { upsertEndpoint } from '../journal/journal.repository.ts';
import { registerJournalWorker } from '../journal/journal.worker.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';
import { PHQ9 } from './demo-forms.ts';

let srv: TestServer;
let base: string;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  srv = await startTestServer();
  base = `http://127.0.0.1:${srv.config.port}`;
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;
const PHQ = 'https://helsedialog.no/fhir/CodeSystem/form-answer/phq';
const phq = (codes: number[]) => codes.map((c, i) => ({ linkId: `phq9-${i + 1}`, answer: [{ valueCoding: { system: PHQ, code: String(c) } }] }));

async function settle(unitId: string): Promise<void> {
  const w = registerJournalWorker(new Worker(srv.database, log), srv.config, srv.database, log, { backoffBaseMs: 60_000 });
  for (let i = 0; i < 100; i++) {
    await w.drain();
    const open = await db().selectFrom('journal_items').select('id').where('unit_id', '=', unitId).where('status', 'in', ['waiting', 'sending']).execute();
    if (!open.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A unit journaling by `protocol`, a child's form filled in by a parent and submitted. */
async function submitted(protocol: 'kith' | 'fhir') {
  const f = await gpOffice(db());
  await db()
    .updateTable('units')
    .set({ her_id: String(randomInt(10_000_000, 99_999_999)) })
    .where('id', '=', f.unit.id)
    .execute();
  if (protocol === 'kith') await upsertEndpoint(db(), { unitId: f.unit.id, protocol: 'kith', transport: 'http', url: `${base}/dev-epj/kith` });
  else
    await upsertEndpoint(db(), {
      unitId: f.unit.id,
      protocol: 'fhir',
      transport: 'http',
      url: `${base}/dev-epj/fhir`,
      auth: { tokenUrl: `${base}/dev-epj/token`, ...DEV_EPJ_CLIENT },
    });
  const addr = `addr-${randomUUID()}`;
  const parent = await createCitizen(db(), { age: 38, addressKey: addr, given: 'Nina' });
  const child = await createCitizen(db(), { age: 8, addressKey: addr, given: 'Emma' });
  await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
  const contact = await createContact(db(), child.id, f.unit.id);
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  const form = (await admin.post(`/api/staff/units/${f.unit.id}/forms`, { questionnaire: PHQ9 })).json();
  const req = (await admin.post(`/api/staff/units/${f.unit.id}/form-requests`, { contactId: contact.id, formId: form.id })).json();
  const p = new TestClient(srv.url);
  await login(p, 'citizen', parent.accountId);
  await p.put('/api/citizen/acting-for', { personId: child.id });
  const sub = await p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: phq([1, 1, 1, 1, 1, 1, 1, 1, 1]) });
  expect(sub.status, sub.body).toBe(200);
  const response = await db().selectFrom('form_responses').selectAll().where('request_id', '=', req.id).executeTakeFirstOrThrow();
  const item = await db().selectFrom('journal_items').selectAll().where('object_id', '=', response.id).executeTakeFirstOrThrow();
  expect(item).toMatchObject({ object_type: 'form_response', event_type: 'form.submitted', protocol });
  await settle(f.unit.id);
  const arrival = await db().selectFrom('dev_epj_inbox').select(['body', 'answer', 'message_type']).where('stable_id', '=', item.id).executeTakeFirstOrThrow();
  return { ...f, parent, child, form, req, response, item, arrival };
}

describe('a submitted form response is journaled', () => {
  it('to a FHIR EPJ as a QuestionnaireResponse with canonical url|version, author and source', async () => {
    const s = await submitted('fhir');
    expect(s.arrival).toMatchObject({ answer: 'ok', message_type: 'QuestionnaireResponse' });
    const bundle = JSON.parse(s.arrival.body);
    expect(bundle.entry[0].request).toMatchObject({ method: 'POST', url: 'QuestionnaireResponse' });
    const qr = bundle.entry[0].resource;
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: `${PHQ9.url}|1.0`,
      status: 'completed',
      subject: { identifier: { value: s.child.national_id } },
      source: { identifier: { value: s.child.national_id } },
      author: { display: `${s.parent.name} på vegne av ${s.child.name}` },
    });
    expect(qr.item.find((i: { linkId: string }) => i.linkId === 'phq9-total').answer).toEqual([{ valueInteger: 9 }]);
    const status = await db().selectFrom('journal_items').select('status').where('id', '=', s.item.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('documented');
  });

  it('to a KITH EPJ as a Dialogmelding note with the answers and a PDF, valid against the schemas', async () => {
    const s = await submitted('kith');
    expect(s.arrival.answer).toBe('ok');
    expect(await validateKithXml(s.arrival.body, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });
    const parsed = parseDialogMessage(s.arrival.body);
    expect(parsed.content).toMatchObject({ kind: 'notat', tema: `Skjema fra pasient: ${PHQ9.title}` });
    expect(s.arrival.body).toContain('Sum PHQ-9: 9');
    expect(s.arrival.body).toContain(`Fylt ut av ${s.parent.name} på vegne av pasienten`);
    expect(s.arrival.body).toContain('<MimeType>application/pdf</MimeType>');
    const b64 = /<Base64Container[^>]*>([^<]+)<\/Base64Container>/.exec(s.arrival.body)?.[1];
    expect(
      Buffer.from(b64 ?? '', 'base64')
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  });
});

describe('the FHIR API serves forms', () => {
  it('Questionnaire and QuestionnaireResponse: read, search by patient, status, authored; scoped to the unit; access-logged', async () => {
    const s = await submitted('fhir');
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(db(), { clientId, secret, name: 'Skjema-EPJ', unitIds: [s.unit.id] });
    const tok = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const token = ((await tok.json()) as { access_token: string }).access_token;
    const get = async (path: string) => {
      const r = await fetch(`${srv.url}/fhir/R4/${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
      return { status: r.status, body: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const read = await get(`QuestionnaireResponse/${s.response.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: `${PHQ9.url}|1.0`,
      subject: { reference: `Patient/${s.child.id}` },
      source: { reference: `Patient/${s.child.id}` },
      author: { reference: expect.stringMatching(/^RelatedPerson\/[0-9a-f]{64}$/) },
    });
    const byPatient = await get(`QuestionnaireResponse?patient=Patient/${s.child.id}&status=completed&authored=ge2020-01-01`);
    expect(byPatient.body.total).toBe(1);
    expect((await get(`QuestionnaireResponse?patient=${s.child.id}&status=in-progress`)).body.total).toBe(0);
    expect((await get(`QuestionnaireResponse?patient=${s.child.id}&authored=lt2020-01-01`)).body.total).toBe(0);
    expect((await get(`QuestionnaireResponse?patient=${s.child.id}&unknown=1`)).status).toBe(400);

    const q = await get(`Questionnaire?url=${encodeURIComponent(PHQ9.url)}`);
    expect(q.body.total).toBe(1);
    const qid = q.body.entry[0].resource.id;
    expect((await get(`Questionnaire/${qid}`)).body).toMatchObject({ resourceType: 'Questionnaire', url: PHQ9.url, version: '1.0', status: 'active' });

    // Another unit's EPJ sees none of it.
    const other = await gpOffice(db());
    const otherId = `epj-${randomUUID().slice(0, 8)}`;
    await createFhirClient(db(), { clientId: otherId, secret, name: 'Annen', unitIds: [other.unit.id] });
    const otherTok = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${otherId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const ot = ((await otherTok.json()) as { access_token: string }).access_token;
    expect((await fetch(`${srv.url}/fhir/R4/QuestionnaireResponse/${s.response.id}`, { headers: { authorization: `Bearer ${ot}` } })).status).toBe(404);
    expect((await fetch(`${srv.url}/fhir/R4/Questionnaire/${qid}`, { headers: { authorization: `Bearer ${ot}` } })).status).toBe(404);

    const logged = await db()
      .selectFrom('audit_events')
      .select(['action', 'object_type'])
      .where('citizen_id', '=', s.child.id)
      .where('actor_kind', '=', 'epj')
      .execute();
    expect(logged).toEqual(
      expect.arrayContaining([
        { action: 'epj.read', object_type: 'QuestionnaireResponse' },
        { action: 'epj.search', object_type: 'QuestionnaireResponse' },
      ]),
    );
  });
});
