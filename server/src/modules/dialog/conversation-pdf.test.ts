/**
 * A conversation as PDF (conversation-pdf.ts): for the citizen and for staff, one thread's
 * messages only — no other thread, no internal note — behind the same access rule as opening it.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { plainLetters } from './conversation-pdf.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

/** The text a pdf-lib PDF draws: its content streams inflated, the hex strings shown with Tj. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  for (const m of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body: string;
    try {
      body = zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      body = m[1]!;
    }
    for (const t of body.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) out.push(Buffer.from(t[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

async function setup() {
  const f = await gpOffice(srv.database.db);
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const start = async (topic: string, text: string) =>
    (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic, text })).json() as { id: string };
  return { ...f, c, d, start };
}

describe('a conversation as PDF', () => {
  it('holds that conversation’s messages, for the citizen and for staff, and nothing of another thread or the internal notes', async () => {
    const s = await setup();
    const mine = await s.start('Vondt i kneet', 'Kneet verker etter skitur.');
    const other = await s.start('Annen sak', 'Hemmelig annen henvendelse.');
    expect((await s.d.post(`/api/staff/threads/${mine.id}/notes`, { text: 'Internt: ring pasienten' })).status).toBeLessThan(300);
    expect((await s.d.post(`/api/staff/threads/${mine.id}/messages`, { text: 'Kom til kontroll på torsdag.' })).status).toBe(201);

    for (const [who, url] of [
      [s.c, `/api/citizen/threads/${mine.id}/pdf`],
      [s.d, `/api/staff/threads/${mine.id}/pdf`],
    ] as const) {
      const res = await who.get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toContain('attachment; filename="samtale-Vondt-i-kneet.pdf"');
      const pdf = res.bytes;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain('Vondt i kneet');
      expect(text).toContain('Kneet verker etter skitur.');
      expect(text).toContain('Kom til kontroll på torsdag.');
      expect(text).toContain(s.unit.name);
      expect(text).not.toContain('Hemmelig annen henvendelse');
      expect(text).not.toContain('Annen sak');
      expect(text).not.toContain('ring pasienten');
    }
    // The reader's language for the PDF's own texts.
    const en = pdfText((await s.c.get(`/api/citizen/threads/${mine.id}/pdf?lang=en`)).bytes);
    expect(en).toContain('This conversation only; internal notes are not included.');
    expect(other.id).not.toBe(mine.id);
  });

  it('is not found for another citizen or staff of another unit, and the staff download is in the access log', async () => {
    const s = await setup();
    const t = await s.start('Privat', 'Bare for meg.');
    const stranger = await gpOffice(srv.database.db);
    const otherCitizen = new TestClient(srv.url);
    await login(otherCitizen, 'citizen', stranger.citizen.accountId);
    const otherStaff = new TestClient(srv.url);
    await login(otherStaff, 'staff', stranger.doctor.accountId);
    expect((await otherCitizen.get(`/api/citizen/threads/${t.id}/pdf`)).status).toBe(404);
    expect((await otherStaff.get(`/api/staff/threads/${t.id}/pdf`)).status).toBe(404);

    expect((await s.d.get(`/api/staff/threads/${t.id}/pdf`)).status).toBe(200);
    const logged = await srv.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', t.id)
      .where('action', '=', 'thread.read')
      .where('actor_kind', '=', 'staff')
      .execute();
    expect(logged).toEqual([expect.objectContaining({ actor_staff_id: s.doctor.id, unit_id: s.unit.id })]);
  });
});

describe('plainLetters', () => {
  it('keeps Norwegian letters and writes Sami letters outside the font by their base letter', () => {
    expect(plainLetters('Æøå – Čáhcesuolu, Đuođđa, Ŋ, ŧ …')).toBe('Æøå – Cáhcesuolu, Duodda, N, t …');
  });
});
