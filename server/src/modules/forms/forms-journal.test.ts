/**
 * A submitted form response is journaled like a message — FHIR: a QuestionnaireResponse with the
 * canonical url|version, subject/source the patient and author the representative; KITH: a
 * Dialogmelding Notat with the answers as text and a PDF rendering attached, valid against the
 * official schemas — and the FHIR API serves Questionnaire and QuestionnaireResponse to the
 * unit's EPJ (read, search by patient, status, authored), logged in the patient's access log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { filesOf } from '../journal/dev-epj.ts';
import { multipart, pdfBytes, pngBytes } from '../../test/files.ts';
import { parseDialogMessage } from '../journal/kith/parse.ts';
import { validateKithXml } from '../journal/kith/validate.ts';
import { journalFixtures } from '../journal/journal.fixtures.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';
import { PHQ9 } from './demo-forms.ts';
import { r4Problems } from '../../test/r4.ts';

let srv: TestServer;
let base: string;
beforeAll(async () => {
  srv = await startTestServer();
  base = `http://127.0.0.1:${srv.config.port}`;
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;
const PHQ = 'https://helsedialog.no/fhir/CodeSystem/form-answer/phq';
const phq = (codes: number[]) => codes.map((c, i) => ({ linkId: `phq9-${i + 1}`, answer: [{ valueCoding: { system: PHQ, code: String(c) } }] }));

const { settle, unitWith } = journalFixtures(() => srv);

/** A unit journaling by `protocol`, a child's form filled in by a parent and submitted. */
async function submitted(protocol: 'kith' | 'fhir') {
  const f = await unitWith(protocol);
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
    expect(r4Problems(bundle)).toEqual([]);
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

/** A unit journaling by `protocol`; its patient answers a form with a file answer (a PNG) and submits it. */
async function submittedWithFile(protocol: 'kith' | 'fhir') {
  const f = await unitWith(protocol);
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  const q = {
    resourceType: 'Questionnaire',
    url: `https://example.org/Questionnaire/${randomUUID()}`,
    version: '2',
    title: 'Bilde før timen',
    status: 'active',
    item: [
      { linkId: 'where', type: 'string', text: 'Hvor sitter utslettet?' },
      { linkId: 'photo', type: 'attachment', text: 'Bilde av utslettet' },
    ],
  };
  const form = (await admin.post(`/api/staff/units/${f.unit.id}/forms`, { questionnaire: q })).json();
  const req = (await admin.post(`/api/staff/units/${f.unit.id}/form-requests`, { contactId: f.contact.id, formId: form.id })).json();
  const p = new TestClient(srv.url);
  await login(p, 'citizen', f.citizen.accountId);
  const upload = async (name: string, type: string, data: Buffer) =>
    (await p.upload(`/api/citizen/form-requests/${req.id}/attachments`, multipart({}, [{ name, type, data }]))).json();
  // A file chosen and then replaced stays the patient's: only the file the answers name goes to the record.
  await upload('feil.pdf', 'application/pdf', pdfBytes('feil'));
  const photo = await upload('utslett.png', 'image/png', pngBytes());
  const sub = await p.post(`/api/citizen/form-requests/${req.id}/submit`, {
    item: [
      { linkId: 'where', answer: [{ valueString: 'På armen' }] },
      { linkId: 'photo', answer: [{ valueAttachment: photo }] },
    ],
  });
  expect(sub.status, sub.body).toBe(200);
  const response = await db().selectFrom('form_responses').selectAll().where('request_id', '=', req.id).executeTakeFirstOrThrow();
  const item = await db().selectFrom('journal_items').selectAll().where('object_id', '=', response.id).executeTakeFirstOrThrow();
  await settle(f.unit.id);
  const arrival = await db().selectFrom('dev_epj_inbox').select(['id', 'body', 'answer']).where('stable_id', '=', item.id).executeTakeFirstOrThrow();
  expect(arrival.answer).toBe('ok');
  return { ...f, response, item, arrival, photo: photo as { url: string; title: string; size: number } };
}

describe('a file answer travels with the journaled response', () => {
  it('FHIR: a Binary entry whose fullUrl is the answer’s url, with the file’s type and bytes; the development EPJ offers it', async () => {
    const s = await submittedWithFile('fhir');
    const bundle = JSON.parse(s.arrival.body) as { entry: { fullUrl: string; resource: Record<string, any>; request: Record<string, string> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const qr = bundle.entry[0]!.resource;
    const answer = qr.item.find((i: { linkId: string }) => i.linkId === 'photo').answer[0].valueAttachment;
    expect(answer).toEqual({ url: s.photo.url, contentType: 'image/png', title: 'utslett.png', size: pngBytes().length });
    expect(r4Problems(JSON.parse(s.arrival.body))).toEqual([]);
    const binaries = bundle.entry.filter((e) => e.resource.resourceType === 'Binary');
    expect(binaries).toHaveLength(1);
    expect(binaries[0]).toMatchObject({
      fullUrl: s.photo.url,
      request: { method: 'POST', url: 'Binary' },
      resource: { contentType: 'image/png', securityContext: { reference: bundle.entry[0]!.fullUrl } },
    });
    expect(Buffer.from(binaries[0]!.resource.data, 'base64').equals(pngBytes())).toBe(true);
    // The development EPJ lists the file by its answer's name and hands it out.
    expect(filesOf('fhir', s.arrival.body).map((f) => f.name)).toEqual(['utslett.png']);
    const page = await (await fetch(`${base}/dev-epj`)).text();
    expect(page).toContain(`href="/dev-epj/items/${s.arrival.id}/files/0">utslett.png</a>`);
    const dl = await fetch(`${base}/dev-epj/items/${s.arrival.id}/files/0`);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await dl.arrayBuffer()).equals(pngBytes())).toBe(true);
  });

  it('KITH: the file is an attachment Document of the message beside the PDF rendering, valid against the schemas', async () => {
    const s = await submittedWithFile('kith');
    expect(await validateKithXml(s.arrival.body, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });
    expect(parseDialogMessage(s.arrival.body).content).toMatchObject({ kind: 'notat', tema: 'Skjema fra pasient: Bilde før timen' });
    const docs = filesOf('kith', s.arrival.body);
    expect(docs.map((d) => [d.name, d.contentType])).toEqual([
      [expect.stringMatching(/^skjema-[0-9a-f]{8}\.pdf$/), 'application/pdf'],
      ['utslett.png', 'image/png'],
    ]);
    expect(docs[1]!.data.equals(pngBytes())).toBe(true);
    // The answer in the note names the file, and the Document carries the same urn as its RefDoc Id.
    expect(s.arrival.body).toContain('Bilde av utslettet: Vedlegg: utslett.png');
    expect(s.arrival.body).toMatch(new RegExp(`<Id>${s.photo.url}</Id><MimeType>image/png</MimeType><Description>utslett.png</Description>`));
    expect(s.arrival.body).not.toContain('feil.pdf');
  });

  it('the FHIR API points the answer at a Binary it serves to the unit’s client, access-logged', async () => {
    const s = await submittedWithFile('fhir');
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(db(), { clientId, secret, name: 'Fil-EPJ', unitIds: [s.unit.id] });
    const tok = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
    });
    const token = ((await tok.json()) as { access_token: string }).access_token;
    const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
    const qr = (await (await get(`${srv.url}/fhir/R4/QuestionnaireResponse/${s.response.id}`)).json()) as { item: { linkId: string; answer: { valueAttachment?: { url: string } }[] }[] };
    const url = qr.item.find((i) => i.linkId === 'photo')!.answer[0]!.valueAttachment!.url;
    expect(url).toMatch(/\/fhir\/R4\/Binary\/[0-9a-f-]{36}$/);
    const bin = (await (await get(url.replace(/^.*\/fhir\/R4/, `${srv.url}/fhir/R4`))).json()) as Record<string, string | Record<string, string>>;
    expect(bin).toMatchObject({ resourceType: 'Binary', contentType: 'image/png', securityContext: { reference: `QuestionnaireResponse/${s.response.id}` } });
    expect(Buffer.from(bin.data as string, 'base64').equals(pngBytes())).toBe(true);
    const logged = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('citizen_id', '=', s.citizen.id)
      .where('object_type', '=', 'Binary')
      .execute();
    expect(logged).toEqual([{ action: 'epj.read' }]);
    // The file replaced before the submit is not in the record, and another unit's client sees nothing.
    const replaced = await db().selectFrom('form_attachments').select('id').where('filename', '=', 'feil.pdf').where('citizen_id', '=', s.citizen.id).executeTakeFirstOrThrow();
    expect((await get(`${srv.url}/fhir/R4/Binary/${replaced.id}`)).status).toBe(404);
  });
});

describe('the FHIR API serves forms', () => {
  it('Questionnaire and QuestionnaireResponse: read, search by patient, status, authored; scoped to the unit; access-logged', async () => {
    const s = await submitted('fhir');
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    // An EPJ of two units: a response names no organisation, so its unit comes from the stored response.
    const second = await gpOffice(db());
    await createFhirClient(db(), { clientId, secret, name: 'Skjema-EPJ', unitIds: [s.unit.id, second.unit.id] });
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
    // R4 search dates of every precision, each the range it covers (they were 400 but a full date).
    const authored = s.response.submitted_at!.toISOString();
    const [year, month] = [authored.slice(0, 4), authored.slice(0, 7)];
    const prevYear = String(Number(year) - 1);
    for (const [value, total] of [
      [year, 1],
      [month, 1],
      [authored.slice(0, 10), 1],
      [prevYear, 0],
      [`gt${prevYear}`, 1],
      [`le${prevYear}`, 0],
      [`lt${year}`, 0],
      [`ge${month}`, 1],
      [`gt${year}`, 0],
    ] as const)
      expect((await get(`QuestionnaireResponse?patient=${s.child.id}&authored=${value}`)).body.total, value).toBe(total);
    expect((await get(`QuestionnaireResponse?patient=${s.child.id}&authored=${year}-13`)).status).toBe(400);
    // A repeated _count is refused as any repeated parameter is.
    expect((await get(`QuestionnaireResponse?patient=${s.child.id}&_count=1&_count=50`)).status).toBe(400);

    const q = await get(`Questionnaire?url=${encodeURIComponent(PHQ9.url)}`);
    expect(q.body.total).toBe(1);
    const qid = q.body.entry[0].resource.id;
    // By the questionnaire answered: its canonical url (any version, or url|version), or the Questionnaire itself.
    expect(PHQ9.url).toContain('/Questionnaire/');
    for (const [value, total] of [
      [PHQ9.url, 1],
      [`${PHQ9.url}|1.0`, 1],
      [`${PHQ9.url}|9.9`, 0],
      [`Questionnaire/${qid}`, 1],
      [`Questionnaire/${randomUUID()}`, 0],
    ] as const)
      expect((await get(`QuestionnaireResponse?questionnaire=${encodeURIComponent(value)}`)).body.total, value).toBe(total);
    // The author (the parent who filled it in) is a RelatedPerson the API serves, though the parent never wrote a message.
    const author = await get(read.body.author.reference);
    expect(author.status).toBe(200);
    expect(author.body).toMatchObject({ resourceType: 'RelatedPerson', patient: { reference: `Patient/${s.child.id}` } });
    expect((await get(`RelatedPerson?patient=${s.child.id}`)).body.total).toBe(1);
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
      .select(['action', 'object_type', 'unit_id'])
      .where('citizen_id', '=', s.child.id)
      .where('actor_kind', '=', 'epj')
      .execute();
    expect(logged).toEqual(
      expect.arrayContaining([
        { action: 'epj.read', object_type: 'QuestionnaireResponse', unit_id: s.unit.id },
        { action: 'epj.search', object_type: 'QuestionnaireResponse', unit_id: s.unit.id },
      ]),
    );

    // A version stored before imports were held to R4 is served as R4 Questionnaire: no narrative, no contained resources, nothing unknown.
    const junk = {
      ...PHQ9,
      foo: { bar: 1 },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>' },
      contained: [{ resourceType: 'Patient', id: 'p1', name: [{ text: 'Injected Patient' }] }],
      item: PHQ9.item.map((i, n) => (n === 1 ? { ...i, bogus: true } : i)),
    };
    await db().updateTable('form_versions').set({ questionnaire: JSON.stringify(junk) }).where('id', '=', qid).execute();
    const served = (await get(`Questionnaire/${qid}`)).body;
    for (const k of ['text', 'contained', 'foo']) expect(served).not.toHaveProperty(k);
    expect(served.item[1]).not.toHaveProperty('bogus');
    expect(served.item).toHaveLength(PHQ9.item.length);
    expect(r4Problems(served as never)).toEqual([]);
  });
});
