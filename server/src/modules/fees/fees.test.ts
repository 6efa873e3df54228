/**
 * The fee rules and the answer rule over HTTP: a child and a frikort holder pay no egenandel (the
 * line is recorded as exempt, with the reason), the citizen sees it before sending, and only a
 * doctor's message sent as the answer records the fee and sets the e-konsultasjon answered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { todayInOslo } from '../../platform/time.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

async function office(opts: { age?: number; frikort?: boolean } = {}) {
  const f = await gpOffice(srv.database.db);
  // A child under 12 has no own login: a parent at the same address acts for them.
  const addressKey = `addr-${randomUUID()}`;
  const patient = opts.age === undefined ? f.citizen : await createCitizen(srv.database.db, { age: opts.age, addressKey });
  const contact = opts.age === undefined ? f.contact : await createContact(srv.database.db, patient.id, f.unit.id, { gpStaffId: f.doctor.id });
  if (opts.frikort) {
    const today = todayInOslo();
    await srv.database.db
      .insertInto('fee_exemptions')
      .values({ citizen_id: patient.id, kind: 'frikort', valid_from: `${today.slice(0, 4)}-01-01`, valid_to: `${today.slice(0, 4)}-12-31` })
      .execute();
  }
  const c = new TestClient(srv.url);
  if (opts.age !== undefined && opts.age < 12) {
    const parent = await createCitizen(srv.database.db, { age: 40, addressKey });
    await srv.database.db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: patient.id }).execute();
    await login(c, 'citizen', parent.accountId);
    expect((await c.put('/api/citizen/acting-for', { personId: patient.id })).status).toBe(200);
  } else await login(c, 'citizen', patient.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const sec = new TestClient(srv.url);
  await login(sec, 'staff', f.secretary.accountId);
  return { ...f, patient, contact, c, d, sec };
}

async function eConsultation(s: Awaited<ReturnType<typeof office>>) {
  const res = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, {
    kind: 'ekonsultasjon',
    topic: 'Utslett',
    text: 'Jeg har fått utslett på armen.',
  });
  expect(res.status).toBe(201);
  return res.json() as { id: string; fee: unknown };
}

const billing = (threadId: string) => srv.database.db.selectFrom('billing_lines').selectAll().where('thread_id', '=', threadId).execute();

describe('fee rules', () => {
  it('shows a 14-year-old no egenandel before sending, and records the answer as exempt (under 16) with takst 2ae', async () => {
    const s = await office({ age: 14 });
    const services = (await s.c.get(`/api/citizen/contacts/${s.contact.id}/services`)).json();
    expect(services.items.find((i: { service: string }) => i.service === 'ekonsultasjon').fee).toMatchObject({ kind: 'exempt', reason: 'under_16' });
    const t = await eConsultation(s);
    expect(t.fee).toMatchObject({ kind: 'exempt', reason: 'under_16', amountNok: '0.00' });
    const answered = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Smør med krem to ganger daglig.' });
    expect(answered.status).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'answered', billing: { code: '2ae', amountNok: '0.00', exemptReason: 'under_16' } });
    const lines = await billing(t.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: '2ae', exempt_reason: 'under_16', staff_id: s.doctor.id, consultation_date: todayInOslo() });
    expect(Number(lines[0]!.amount_nok)).toBe(0);
  });

  it('records a frikort holder’s answer as exempt (frikort) and tells them before sending', async () => {
    const s = await office({ age: 70, frikort: true });
    const services = (await s.c.get(`/api/citizen/contacts/${s.contact.id}/services`)).json();
    expect(services.items.find((i: { service: string }) => i.service === 'ekonsultasjon').fee).toMatchObject({ kind: 'exempt', reason: 'frikort' });
    const t = await eConsultation(s);
    await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar fra legen.' });
    expect(await billing(t.id)).toEqual([expect.objectContaining({ exempt_reason: 'frikort', code: '2ae' })]);
  });

  it('charges an adult without frikort the configured amount', async () => {
    const s = await office();
    const t = await eConsultation(s);
    expect(t.fee).toMatchObject({ kind: 'charged', amountNok: '167.00', code: '2ae' });
    await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar fra legen.' });
    const lines = await billing(t.id);
    expect(lines).toEqual([expect.objectContaining({ exempt_reason: null, code: '2ae' })]);
    expect(Number(lines[0]!.amount_nok)).toBe(167);
  });

  it('words the reclassification notice with the child’s fee (none), not the adult amount', async () => {
    const s = await office({ age: 8 });
    const res = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, {
      kind: 'ekontakt',
      topic: 'Spørsmål',
      text: 'Hun har hatt feber i tre dager.',
    });
    const t = res.json();
    const changed = await s.d.post(`/api/staff/threads/${t.id}/reclassify`, { kind: 'ekonsultasjon' });
    expect(changed.status).toBe(200);
    const view = (await s.c.get(`/api/citizen/threads/${t.id}`)).json();
    expect(view.fee).toMatchObject({ kind: 'exempt', reason: 'under_16' });
    const notice = view.messages.find((m: { author: { kind: string } }) => m.author.kind === 'system').text as string;
    expect(notice).toContain('under 16 år betaler ikke egenandel');
    expect(notice).not.toContain('167');
  });
});

describe('the answer rule', () => {
  it('keeps an e-konsultasjon open and unbilled after a secretary’s acknowledgement; the deadline still applies', async () => {
    const s = await office();
    const t = await eConsultation(s);
    const ack = await s.sec.post(`/api/staff/threads/${t.id}/messages`, { text: 'Takk, vi har mottatt e-konsultasjonen din.' });
    expect(ack.status).toBe(201);
    expect(ack.json()).toMatchObject({ status: 'in_progress', billing: null });
    expect(ack.json().assignedTo ?? null).toBeNull();
    const row = await srv.database.db.selectFrom('threads').select(['answered_at', 'status', 'due_at']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered_at: null, status: 'in_progress' });
    expect(row.due_at).not.toBeNull();
    expect(await billing(t.id)).toEqual([]);
    // The citizen got the message.
    expect((await s.c.get(`/api/citizen/threads/${t.id}`)).json().messages).toHaveLength(2);
    // The doctor's answer then records the fee under the doctor.
    const answer = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar fra legen.', asAnswer: true });
    expect(answer.json()).toMatchObject({ status: 'answered', billing: { code: '2ae' } });
    expect(await billing(t.id)).toEqual([expect.objectContaining({ staff_id: s.doctor.id })]);
  });

  it('refuses a secretary’s message marked as the answer of an e-konsultasjon, changing nothing', async () => {
    const s = await office();
    const t = await eConsultation(s);
    const res = await s.sec.post(`/api/staff/threads/${t.id}/messages`, { text: 'Dette er svaret.', asAnswer: true });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ code: 'NOT_CLINICIAN_ANSWER', detail: expect.stringContaining('Only a doctor') });
    expect((await s.d.get(`/api/staff/threads/${t.id}`)).json().messages).toHaveLength(1);
    expect(await billing(t.id)).toEqual([]);
  });

  it('refuses a secretary’s "answer and close" of an unanswered e-konsultasjon', async () => {
    const s = await office();
    const t = await eConsultation(s);
    const res = await s.sec.post(`/api/staff/threads/${t.id}/messages`, { text: 'Lukker.', close: true });
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('CANNOT_CLOSE_UNANSWERED');
  });

  it('lets a doctor send a message that is not the answer (a question back): open, unbilled', async () => {
    const s = await office();
    const t = await eConsultation(s);
    const res = await s.d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Kan du sende et bilde?', asAnswer: false });
    expect(res.json()).toMatchObject({ status: 'in_progress', billing: null });
    expect(await billing(t.id)).toEqual([]);
  });

  it('records no fee for an EPJ message sent for a secretary through the FHIR API, and keeps the thread open', async () => {
    const s = await office();
    const t = await eConsultation(s);
    const clientId = `epj-${randomUUID().slice(0, 8)}`;
    const secret = randomUUID();
    await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds: [s.unit.id] });
    const token = await fetch(`${srv.url}/fhir/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const send = (staffId: string, text: string) =>
      fetch(`${srv.url}/fhir/R4/Communication`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({
          resourceType: 'Communication',
          status: 'completed',
          partOf: [{ reference: `Communication/${t.id}` }],
          sender: { reference: `Practitioner/${staffId}` },
          payload: [{ contentString: text }],
        }),
      });
    expect((await send(s.secretary.id, 'Mottatt.')).status).toBe(201);
    expect((await s.c.get(`/api/citizen/threads/${t.id}`)).json().status).toBe('in_progress');
    expect(await billing(t.id)).toEqual([]);
    expect((await send(s.doctor.id, 'Svar fra legen.')).status).toBe(201);
    expect((await s.c.get(`/api/citizen/threads/${t.id}`)).json().status).toBe('answered');
    expect(await billing(t.id)).toEqual([expect.objectContaining({ staff_id: s.doctor.id, code: '2ae' })]);
  });
});
