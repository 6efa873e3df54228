/** Bad input gets a clear problem+json 4xx and changes nothing; retries are idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_TEXT } from '@helsedialog/core';
import { createContact, createUnit, enableServices, gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes, pngBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
let s: Awaited<ReturnType<typeof gpOffice>>;
let c: TestClient;
beforeAll(async () => {
  srv = await startTestServer();
  s = await gpOffice(srv.database.db);
  c = new TestClient(srv.url);
  await login(c, 'citizen', s.citizen.accountId);
});
afterAll(async () => srv?.close());

const threadCount = async () => (await srv.database.db.selectFrom('threads').select('id').where('citizen_id', '=', s.citizen.id).execute()).length;
const messageCount = async () => (await srv.database.db.selectFrom('messages').select('id').where('citizen_id', '=', s.citizen.id).execute()).length;
const start = (body: unknown) => c.post(`/api/citizen/contacts/${s.contact.id}/threads`, body);

describe('bad input', () => {
  it.each([
    ['empty text', { kind: 'ekontakt', topic: 'Annet', text: '   ' }, 400, 'VALIDATION_FAILED', /empty/],
    ['too long text', { kind: 'ekontakt', topic: 'Annet', text: 'x'.repeat(MAX_TEXT + 1) }, 400, 'VALIDATION_FAILED', /too long/],
    ['unknown kind', { kind: 'brevdue', topic: 'Annet', text: 'Hei' }, 400, 'VALIDATION_FAILED', /kind/],
    ['missing topic', { kind: 'ekontakt', text: 'Hei' }, 400, 'VALIDATION_FAILED', /topic/],
    ['no prescriptions chosen', { kind: 'fornyresept', prescriptionIds: [], collectMethod: 'mail' }, 400, 'VALIDATION_FAILED', /at least one/],
  ])('%s → %i %s', async (_name, body, status, code, detail) => {
    const before = await threadCount();
    const res = await start(body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code, detail: expect.stringMatching(detail as RegExp) });
    expect(await threadCount()).toBe(before);
  });

  it('refuses writing to an ended health contact', async () => {
    const ended = await createContact(srv.database.db, s.citizen.id, (await createUnit(srv.database.db)).id, { endedAt: new Date(Date.now() - 1000) });
    await enableServices(
      srv.database.db,
      (await srv.database.db.selectFrom('health_contacts').select('unit_id').where('id', '=', ended.id).executeTakeFirstOrThrow()).unit_id,
      ['ekontakt'],
    );
    const res = await c.post(`/api/citizen/contacts/${ended.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('CONTACT_INACTIVE');
  });

  it('answers 404 for a contact that is not the citizen’s', async () => {
    const other = await gpOffice(srv.database.db);
    const res = await c.post(`/api/citizen/contacts/${other.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
    expect(res.status).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('refuses a malformed id and a malformed cursor clearly', async () => {
    expect((await c.get('/api/citizen/threads/not-a-uuid')).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await c.get('/api/citizen/threads?cursor=garbage')).json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/cursor/) });
  });
});

describe('attachments', () => {
  const body = { kind: 'ekonsultasjon', topic: 'Annet', text: 'Se vedlegg' };

  it('accepts PDF, JPEG and PNG by content', async () => {
    const res = await c.upload(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      multipart(body, [
        { name: 'a.pdf', type: 'application/pdf', data: pdfBytes() },
        { name: 'bilde.png', type: 'image/png', data: pngBytes() },
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.json().messages[0].attachments.map((a: { contentType: string }) => a.contentType)).toEqual(['application/pdf', 'image/png']);
  });

  it('answers a reply with the new message as the conversation shows it afterwards, attachments included', async () => {
    const t = (await start({ kind: 'ekonsultasjon', topic: 'Annet', text: 'Start' })).json();
    const res = await c.upload(
      `/api/citizen/threads/${t.id}/messages`,
      multipart({ text: 'Her er bildet' }, [{ name: 'utslett.png', type: 'image/png', data: pngBytes() }]),
    );
    expect(res.status).toBe(201);
    const sent = res.json();
    // Only the new message, not the earlier ones.
    expect(Object.keys(sent).sort()).toEqual(['message', 'thread']);
    expect(sent.message).toMatchObject({
      seq: 2,
      mine: true,
      text: 'Her er bildet',
      readAt: null,
      author: { kind: 'citizen', name: s.citizen.name, onBehalfOf: null, role: null },
      attachments: [{ filename: 'utslett.png', contentType: 'image/png', sizeBytes: pngBytes().length }],
    });
    const detail = (await c.get(`/api/citizen/threads/${t.id}`)).json();
    expect(detail.messages).toHaveLength(2);
    expect(detail.messages[1]).toEqual(sent.message);
    const { messages: _messages, renewal: _renewal, fee: _fee, flexible: _flexible, about: _about, ...summary } = detail;
    expect(sent.thread).toEqual(summary);
    const download = await c.get(`/api/citizen/attachments/${sent.message.attachments[0].id}`);
    expect(download.status).toBe(200);
  });

  it('refuses an HTML file renamed .pdf', async () => {
    const before = await messageCount();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const res = await c.upload(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      multipart(body, [{ name: 'faktura.pdf', type: 'application/pdf', data: html }]),
    );
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', detail: expect.stringContaining('faktura.pdf') });
    expect(await messageCount()).toBe(before);
  });

  it('refuses more than five attachments', async () => {
    const before = await messageCount();
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, type: 'application/pdf', data: pdfBytes() }));
    const res = await c.upload(`/api/citizen/contacts/${s.contact.id}/threads`, multipart(body, files));
    expect(res.status).toBe(400);
    expect(res.json().code).toBe('TOO_MANY_ATTACHMENTS');
    expect(await messageCount()).toBe(before);
  });

  it('refuses a file over the size limit', async () => {
    const before = await messageCount();
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20)]);
    const res = await c.upload(`/api/citizen/contacts/${s.contact.id}/threads`, multipart(body, [{ name: 'stor.pdf', type: 'application/pdf', data: big }]));
    expect(res.status).toBe(413);
    expect(res.json().code).toBe('ATTACHMENT_TOO_LARGE');
    expect(await messageCount()).toBe(before);
  });

  it('refuses attachments on a journalkopi request', async () => {
    const res = await c.upload(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      multipart({ kind: 'journalkopi' }, [{ name: 'a.pdf', type: 'application/pdf', data: pdfBytes() }]),
    );
    expect(res.status).toBe(400);
  });
});

describe('idempotent send', () => {
  it('returns the same thread for a retried send and never creates a second', async () => {
    const key = `retry-${Date.now()}`;
    const body = { kind: 'ekontakt', topic: 'Annet', text: 'Kun én gang' };
    const first = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, body, { headers: { 'idempotency-key': key } });
    const again = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    // Scoped to this person's threads: with DATABASE_URL the database is shared and may hold earlier runs.
    const rows = await srv.database.db.selectFrom('messages').select('id').where('citizen_id', '=', s.citizen.id).where('text', '=', 'Kun én gang').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    const key = `reuse-${Date.now()}`;
    await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'A' }, { headers: { 'idempotency-key': key } });
    const before = await messageCount();
    const res = await c.post(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      { kind: 'ekontakt', topic: 'Annet', text: 'B' },
      { headers: { 'idempotency-key': key } },
    );
    expect(res.status).toBe(422);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await messageCount()).toBe(before);
  });

  it('creates exactly one message when the same retry races', async () => {
    const key = `race-${Date.now()}`;
    const body = { text: 'Samtidig' };
    const t = (await start({ kind: 'ekontakt', topic: 'Annet', text: 'Start' })).json();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => c.post(`/api/citizen/threads/${t.id}/messages`, body, { headers: { 'idempotency-key': key } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const rows = await srv.database.db.selectFrom('messages').select('id').where('thread_id', '=', t.id).where('text', '=', 'Samtidig').execute();
    expect(rows).toHaveLength(1);
  });

  it('answers a double-sent "answer and close" with the first one’s answer, not "closed"', async () => {
    const t = (await start({ kind: 'ekontakt', topic: 'Annet', text: 'Spørsmål' })).json();
    const d = new TestClient(srv.url);
    await login(d, 'staff', s.doctor.accountId);
    const key = `close-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar og lukk', close: true }, { headers: { 'idempotency-key': key } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.json().messages.at(-1).id)).size).toBe(1);
    const rows = await srv.database.db.selectFrom('messages').select('id').where('thread_id', '=', t.id).where('text', '=', 'Svar og lukk').execute();
    expect(rows).toHaveLength(1);
    // A new key after the close is refused as closed.
    const late = await d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Etterpå' }, { headers: { 'idempotency-key': `${key}-2` } });
    expect(late.status).toBe(409);
  });

  it('numbers messages written at the same time by both sides one after another, none twice', async () => {
    const t = (await start({ kind: 'ekontakt', topic: 'Annet', text: 'Start' })).json();
    const d = new TestClient(srv.url);
    await login(d, 'staff', s.doctor.accountId);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? d.post(`/api/staff/threads/${t.id}/messages`, { text: `Svar ${i}` })
          : c.post(`/api/citizen/threads/${t.id}/messages`, { text: `Melding ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const seqs = (await srv.database.db.selectFrom('messages').select('seq').where('thread_id', '=', t.id).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const thread = await srv.database.db.selectFrom('threads').select('last_seq').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(thread.last_seq).toBe(13);
    // Each citizen reply's answer names the number it got.
    const citizenSeqs = results.filter((_, i) => i % 2 === 0).map((r) => r.json().message.seq as number);
    expect(new Set(citizenSeqs).size).toBe(6);
  });

  it('does not let one person’s key collide with another’s', async () => {
    const other = await gpOffice(srv.database.db);
    const c2 = new TestClient(srv.url);
    await login(c2, 'citizen', other.citizen.accountId);
    const key = `shared-${Date.now()}`;
    const a = await c.post(
      `/api/citizen/contacts/${s.contact.id}/threads`,
      { kind: 'ekontakt', topic: 'Annet', text: 'A' },
      { headers: { 'idempotency-key': key } },
    );
    const b = await c2.post(
      `/api/citizen/contacts/${other.contact.id}/threads`,
      { kind: 'ekontakt', topic: 'Annet', text: 'B' },
      { headers: { 'idempotency-key': key } },
    );
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json().id).not.toBe(a.json().id);
  });
});

describe('text is stored as written', () => {
  it('keeps HTML and script as plain text (the UI shows it as text)', async () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await start({ kind: 'ekontakt', topic: 'Annet', text });
    expect(res.json().messages[0].text).toBe(text);
  });
});
