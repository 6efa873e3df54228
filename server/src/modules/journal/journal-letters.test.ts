/**
 * Patient letters are journaled (FHIR DocumentReference; KITH Notat with the PDF as a base64
 * attachment), staff see each letter's journal status, and unit administrators configure the EPJ
 * endpoint (members read it without secrets; outsiders see nothing; bad input is a clear 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { validateKithXml } from './kith/validate.ts';
import { findEndpoint } from './journal.repository.ts';
import { journalFixtures } from './journal.fixtures.ts';
import { r4Problems } from '../../test/r4.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

const { settle, unitWith: endpointUnit, loggedIn } = journalFixtures(() => srv);
const staffClient = (accountId: string) => loggedIn('staff', accountId);

async function unitWith(protocol: 'kith' | 'fhir') {
  const f = await endpointUnit(protocol);
  return { ...f, d: await staffClient(f.doctor.accountId) };
}

const notice = (contactId: string) => ({
  template: 'appointment_notice',
  contactId,
  fields: { date: '2026-03-03', time: '09:15', place: 'Fjordbyen legekontor', bring: 'Medisinlisten din' },
});

async function arrivals(itemId: string) {
  return db().selectFrom('dev_epj_inbox').select(['body', 'answer', 'protocol', 'message_type']).where('stable_id', '=', itemId).orderBy('id').execute();
}

describe('letters are journaled', () => {
  it('a PDF letter to a unit with a FHIR endpoint becomes a DocumentReference with the PDF; staff see it documented', async () => {
    const s = await unitWith('fhir');
    const pdf = pdfBytes('Epikrise');
    const sent = await s.d.upload(
      `/api/staff/units/${s.unit.id}/letters`,
      multipart({ title: 'Epikrise', contactId: s.contact.id }, [{ name: 'epikrise.pdf', type: 'application/pdf', data: pdf }]),
    );
    expect(sent.status).toBe(201);
    const letterId = sent.json().id as string;
    const item = await db().selectFrom('journal_items').selectAll().where('object_id', '=', letterId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ object_type: 'letter', order_key: `letter:${letterId}`, event_type: 'letter.sent', protocol: 'fhir', thread_id: null });
    const before = (await s.d.get(`/api/staff/letters/${letterId}/journal`)).json();
    expect(before).toMatchObject({ letterId, journal: { itemId: item.id, status: 'waiting' } });

    await settle(s.unit.id);
    const view = await s.d.get(`/api/staff/letters/${letterId}/journal`);
    expect(view.status).toBe(200);
    expect(view.json().journal).toMatchObject({ status: 'documented', reason: null, receipt: { status: 'ok' } });

    const [arrival] = await arrivals(item.id);
    expect(arrival).toMatchObject({ protocol: 'fhir', answer: 'ok', message_type: 'DocumentReference' });
    const bundle = JSON.parse(arrival!.body);
    const doc = bundle.entry[0].resource;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction', id: item.id });
    expect(r4Problems(bundle)).toEqual([]);
    expect(bundle.entry[0].request).toMatchObject({ method: 'POST', url: 'DocumentReference' });
    expect(doc).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { identifier: { value: expect.stringMatching(/^\d{11}$/) } },
      author: [{ type: 'Organization', display: s.unit.name }],
      description: 'Epikrise',
      date: expect.any(String),
      content: [{ attachment: { contentType: 'application/pdf', title: 'epikrise.pdf' } }],
    });
    expect(Buffer.from(doc.content[0].attachment.data, 'base64').equals(pdf)).toBe(true);

    // Outsiders learn nothing about the letter.
    const other = await gpOffice(db());
    expect((await (await staffClient(other.doctor.accountId)).get(`/api/staff/letters/${letterId}/journal`)).status).toBe(404);
  });

  it('a template letter to a FHIR unit carries its rendered text as text/plain', async () => {
    const s = await unitWith('fhir');
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id));
    expect(sent.status).toBe(201);
    const l = sent.json();
    await settle(s.unit.id);
    const j = (await s.d.get(`/api/staff/letters/${l.id}/journal`)).json().journal;
    expect(j.status).toBe('documented');
    const doc = JSON.parse((await arrivals(j.itemId))[0]!.body).entry[0].resource;
    expect(doc.description).toBe('Innkalling til time');
    expect(doc.content[0].attachment.contentType).toMatch(/^text\/plain/);
    expect(Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8')).toBe(l.body);
  });

  it('letters to a unit with a KITH endpoint are valid Dialogmelding Notater; a PDF goes as a base64 attachment', async () => {
    const s = await unitWith('kith');
    const pdf = pdfBytes('Prøvesvar');
    const pdfLetter = await s.d.upload(
      `/api/staff/units/${s.unit.id}/letters`,
      multipart({ title: 'Prøvesvar', contactId: s.contact.id }, [{ name: 'provesvar.pdf', type: 'application/pdf', data: pdf }]),
    );
    expect(pdfLetter.status).toBe(201);
    const template = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, notice(s.contact.id));
    expect(template.status).toBe(201);
    await settle(s.unit.id);

    for (const [letter, hasPdf] of [
      [pdfLetter.json(), true],
      [template.json(), false],
    ] as const) {
      const j = (await s.d.get(`/api/staff/letters/${letter.id}/journal`)).json().journal;
      expect(j).toMatchObject({ status: 'documented', receipt: { status: 'ok' } });
      const [arrival] = await arrivals(j.itemId);
      expect(arrival).toMatchObject({ protocol: 'kith', answer: 'ok', message_type: 'DIALOG_NOTAT' });
      expect(await validateKithXml(arrival!.body, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });
      const parsed = parseDialogMessage(arrival!.body);
      expect(parsed.content).toMatchObject({ kind: 'notat', tema: `Brev til pasient: ${letter.title}` });
      if (hasPdf) {
        expect(arrival!.body).toContain('<MsgType V="A" DN="Vedlegg"/><MimeType>application/pdf</MimeType>');
        const b64 = /<Base64Container[^>]*>([^<]+)<\/Base64Container>/.exec(arrival!.body)?.[1];
        expect(Buffer.from(b64 ?? '', 'base64').equals(pdf)).toBe(true);
      } else {
        expect(arrival!.body).not.toContain('Base64Container');
        expect(parsed.content.kind === 'notat' && parsed.content.tekstNotatInnhold).toBe(letter.body);
      }
    }
  });

  it('a unit without an endpoint journals nothing; the letter shows journal null', async () => {
    const f = await gpOffice(db());
    const d = await staffClient(f.doctor.accountId);
    const sent = await d.post(`/api/staff/units/${f.unit.id}/letters`, notice(f.contact.id));
    expect((await d.get(`/api/staff/letters/${sent.json().id}/journal`)).json()).toEqual({ letterId: sent.json().id, journal: null });
  });
});

describe('administrators configure the EPJ endpoint', () => {
  const fhirBody = {
    protocol: 'fhir',
    transport: 'http',
    url: 'https://epj.example.no/fhir',
    auth: { tokenUrl: 'https://epj.example.no/token', clientId: 'helsedialog', clientSecret: 's3cret-value' },
    enabled: true,
  };

  it('admins change it, members read it without secrets, outsiders see nothing; audited', async () => {
    const f = await gpOffice(db());
    const admin = await staffClient(f.secretary.accountId);
    const member = await staffClient(f.doctor.accountId);
    const outsider = await staffClient((await gpOffice(db())).doctor.accountId);
    const url = `/api/staff/units/${f.unit.id}/epj-endpoint`;

    expect((await member.get(url)).json()).toEqual({ unitId: f.unit.id, configured: false, canEdit: false, endpoint: null });
    const put = await admin.put(url, fhirBody);
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({
      configured: true,
      canEdit: true,
      endpoint: { protocol: 'fhir', transport: 'http', url: fhirBody.url, auth: { clientId: 'helsedialog', clientSecretSet: true }, enabled: true },
    });
    const read = await member.get(url);
    expect(read.status).toBe(200);
    expect(read.body).not.toContain('s3cret-value');
    expect(read.json().canEdit).toBe(false);

    // Non-admin member: 403 problem+json; outsider: 404 for both.
    const denied = await member.put(url, fhirBody);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(denied.json().code).toBe('NOT_UNIT_ADMIN');
    expect((await outsider.get(url)).status).toBe(404);
    expect((await outsider.put(url, fhirBody)).status).toBe(404);

    // The secret is write-only: leaving it out keeps the stored one.
    const { clientSecret: _, ...authWithoutSecret } = fhirBody.auth;
    expect((await admin.put(url, { ...fhirBody, enabled: false, auth: authWithoutSecret })).status).toBe(200);
    expect(await findEndpoint(db(), f.unit.id)).toMatchObject({ enabled: false, auth: { clientSecret: 's3cret-value' } });
    // …but a new client id needs its secret.
    const newClient = await admin.put(url, { ...fhirBody, auth: { ...authWithoutSecret, clientId: 'other' } });
    expect(newClient.status).toBe(400);
    expect(newClient.json().detail).toMatch(/clientSecret/);

    // AMQP with a password: masked when read, kept when the masked URL comes back.
    const amqp = { protocol: 'kith', transport: 'amqp', url: 'amqp://hd:broker-pass@mq.example.no:5672', queue: 'epj.in', enabled: true };
    expect((await admin.put(url, amqp)).json().endpoint).toMatchObject({ url: 'amqp://hd:***@mq.example.no:5672', queue: 'epj.in', auth: null });
    expect((await admin.put(url, { ...amqp, url: 'amqp://hd:***@mq.example.no:5672' })).status).toBe(200);
    expect((await findEndpoint(db(), f.unit.id))?.url).toBe('amqp://hd:broker-pass@mq.example.no:5672');
    expect((await member.get(url)).body).not.toContain('broker-pass');

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'citizen_id', 'actor_staff_id', 'object_type'])
      .where('unit_id', '=', f.unit.id)
      .where('action', 'like', 'journal.endpoint.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['journal.endpoint.create', ...Array(3).fill('journal.endpoint.update')]);
    expect(audit.every((a) => a.citizen_id === null && a.actor_staff_id === f.secretary.id && a.object_type === 'epj_endpoint')).toBe(true);
  });

  it('bad input is a 400 problem saying what is wrong', async () => {
    const f = await gpOffice(db());
    const admin = await staffClient(f.secretary.accountId);
    const url = `/api/staff/units/${f.unit.id}/epj-endpoint`;
    const cases: [unknown, RegExp][] = [
      [{ ...fhirBody, protocol: 'hl7' }, /protocol/],
      [{ ...fhirBody, url: 'ftp://epj.example.no' }, /url: must start with https:\/\/ or http:\/\//],
      [{ ...fhirBody, url: 'not a url' }, /url/],
      [{ ...fhirBody, transport: 'amqp', url: 'amqp://mq.example.no', queue: 'q' }, /FHIR is sent over HTTP only/],
      [{ protocol: 'kith', transport: 'amqp', url: 'https://mq.example.no', queue: 'q', enabled: true }, /url: must start with amqps:\/\/ or amqp:\/\//],
      [{ protocol: 'kith', transport: 'amqp', url: 'amqp://mq.example.no', enabled: true }, /queue: is required/],
      [{ ...fhirBody, auth: undefined }, /auth: a FHIR endpoint needs OAuth2/],
      [{ ...fhirBody, auth: { ...fhirBody.auth, clientSecret: undefined } }, /clientSecret/],
      [{ ...fhirBody, enabled: 'yes' }, /enabled/],
      [{ ...fhirBody, extra: 1 }, /.+/],
    ];
    for (const [body, detail] of cases) {
      const res = await admin.put(url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().detail, JSON.stringify(body)).toMatch(detail);
    }
    expect((await admin.get(url)).json().configured).toBe(false);
  });
});
