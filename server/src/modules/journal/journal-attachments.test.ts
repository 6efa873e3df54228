/**
 * Citizen attachments reach the record: a journaled e-konsultasjon with two attachments arrives
 * in the development EPJ with both documents — as base64 Documents of a schema-valid MsgHead
 * (KITH) and as Communication payload attachments with their data (FHIR) — and the FHIR API
 * serves each attachment's bytes as a Binary at its Attachment.url, for the client's units only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes, pngBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { validateKithXml } from './kith/validate.ts';
import { journalFixtures } from './journal.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

const { settle, unitWith: endpointUnit, loggedIn } = journalFixtures(() => srv);

async function unitWith(protocol: 'kith' | 'fhir') {
  const f = await endpointUnit(protocol);
  return { ...f, c: await loggedIn('citizen', f.citizen.accountId) };
}

const pdf = pdfBytes('Blodtrykksmålinger');
const png = pngBytes();

/** Starts an e-konsultasjon with a PDF and a PNG; answers the journal item of its first message. */
async function consultationWithTwoFiles(s: Awaited<ReturnType<typeof unitWith>>) {
  const sent = await s.c.upload(
    `/api/citizen/contacts/${s.contact.id}/threads`,
    multipart({ kind: 'ekonsultasjon', topic: 'Oppfølging', text: 'Er blodtrykket mitt ok?' }, [
      { name: 'målinger.pdf', type: 'application/pdf', data: pdf },
      { name: 'utslett.png', type: 'image/png', data: png },
    ]),
  );
  expect(sent.status).toBe(201);
  const t = sent.json();
  const messageId = t.messages[0].id as string;
  const item = await db().selectFrom('journal_items').selectAll().where('object_id', '=', messageId).executeTakeFirstOrThrow();
  await settle(s.unit.id);
  expect((await db().selectFrom('journal_items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status).toBe('documented');
  const [arrival] = await db().selectFrom('dev_epj_inbox').select(['body', 'answer']).where('stable_id', '=', item.id).orderBy('id').execute();
  expect(arrival?.answer).toBe('ok');
  return { threadId: t.id as string, messageId, body: arrival!.body };
}

const sameBytes = (b64: string | undefined, expected: Buffer) => Buffer.from(b64 ?? '', 'base64').equals(expected);

describe('citizen attachments are journaled', () => {
  it('KITH: both files are base64 Documents of the MsgHead, valid against the schemas', async () => {
    const s = await unitWith('kith');
    const { body } = await consultationWithTwoFiles(s);
    expect(await validateKithXml(body, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });
    expect(parseDialogMessage(body)).toMatchObject({ type: 'DIALOG_INNBYGGER_EKONSULTASJON', content: { kind: 'foresporsel' } });
    const docs = [
      ...body.matchAll(
        /<Document>.*?<MsgType V="A" DN="Vedlegg"\/><MimeType>([^<]+)<\/MimeType><Description>([^<]+)<\/Description><Content><Base64Container[^>]*>([^<]+)<\/Base64Container>/gs,
      ),
    ].map((m) => ({ mime: m[1], name: m[2], data: m[3] }));
    expect(docs.map((d) => d.name).sort()).toEqual(['målinger.pdf', 'utslett.png']);
    expect(sameBytes(docs.find((d) => d.mime === 'application/pdf')?.data, pdf)).toBe(true);
    expect(sameBytes(docs.find((d) => d.mime === 'image/png')?.data, png)).toBe(true);
  });

  it('FHIR: the Communication carries both files with data; the FHIR API serves them as Binary to the unit’s client only', async () => {
    const s = await unitWith('fhir');
    const { messageId, body } = await consultationWithTwoFiles(s);
    const communication = JSON.parse(body).entry[0].resource;
    const atts = communication.payload
      .filter((p: { contentAttachment?: unknown }) => p.contentAttachment)
      .map((p: { contentAttachment: Record<string, string> }) => p.contentAttachment);
    expect(atts).toHaveLength(2);
    expect(sameBytes(atts.find((a: { contentType: string }) => a.contentType === 'application/pdf')?.data, pdf)).toBe(true);
    expect(sameBytes(atts.find((a: { contentType: string }) => a.contentType === 'image/png')?.data, png)).toBe(true);
    expect(atts.map((a: { title: string }) => a.title).sort()).toEqual(['målinger.pdf', 'utslett.png']);

    // The FHIR API: the Communication points at each attachment; the Binary holds its bytes.
    const token = async (unitIds: string[]) => {
      const clientId = `epj-${randomUUID().slice(0, 8)}`;
      const secret = randomUUID();
      await createFhirClient(db(), { clientId, secret, name: 'Test-EPJ', unitIds });
      const res = await fetch(`${srv.url}/fhir/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const get = async (t: string, url: string) => fetch(url, { headers: { authorization: `Bearer ${t}`, accept: 'application/fhir+json' } });
    const mine = await token([s.unit.id]);
    const read = (await (await get(mine, `${srv.url}/fhir/R4/Communication/${messageId}`)).json()) as {
      payload: { contentAttachment?: { url: string; contentType: string } }[];
    };
    const urls = read.payload.filter((p) => p.contentAttachment).map((p) => p.contentAttachment!);
    expect(urls).toHaveLength(2);
    for (const a of urls) {
      expect(a.url).toMatch(/\/fhir\/R4\/Binary\/[0-9a-f-]{36}$/);
      const res = await get(mine, a.url.replace(/^.*\/fhir\/R4/, `${srv.url}/fhir/R4`));
      expect(res.status).toBe(200);
      const bin = (await res.json()) as { resourceType: string; contentType: string; data: string; securityContext: { reference: string } };
      expect(bin).toMatchObject({ resourceType: 'Binary', contentType: a.contentType, securityContext: { reference: `Communication/${messageId}` } });
      expect(sameBytes(bin.data, a.contentType === 'application/pdf' ? pdf : png)).toBe(true);
    }
    const audited = await db()
      .selectFrom('audit_events')
      .select(['action', 'object_type'])
      .where('citizen_id', '=', s.citizen.id)
      .where('object_type', '=', 'Binary')
      .execute();
    expect(audited).toHaveLength(2);
    expect(audited.every((a) => a.action === 'epj.read')).toBe(true);

    // A client of another unit learns nothing.
    const other = await token([(await gpOffice(db())).unit.id]);
    const binaryId = urls[0]!.url.split('/').pop();
    expect((await get(other, `${srv.url}/fhir/R4/Binary/${binaryId}`)).status).toBe(404);
  });
});
