/**
 * Forms over HTTP: the library (import, versions, preview, retire), sending with a deadline,
 * a parent filling a child's form (draft, come back, submit once), staff reading it with
 * scores, reminders as neutral notices, the policy for representatives, the to-do task source,
 * refusals that save nothing, and a form in front of a service (triage before e-konsultasjon).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices, gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes, pngBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { actorFor } from '../../access/policy.ts';
import { representationOf } from '../representation/representation.service.ts';
import { PHQ9, PRECONSULTATION, TRIAGE } from './demo-forms.ts';
import { formTasks } from './forms.tasks.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;
const PHQ = 'https://helsedialog.no/fhir/CodeSystem/form-answer/phq';
const ANS = 'https://helsedialog.no/fhir/CodeSystem/form-answer';
const phq = (codes: number[]) => codes.map((c, i) => ({ linkId: `phq9-${i + 1}`, answer: [{ valueCoding: { system: PHQ, code: String(c) } }] }));
// Dates as the server reads a deadline: in Oslo (a UTC date is yesterday's there between 00:00 and 01:00/02:00).
const osloDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(at);
const today = () => osloDate(new Date());
const inDays = (n: number) => osloDate(new Date(Date.now() + n * 86_400_000));

/** A GP office with an administrator, a doctor, and a family: a parent acting for a child of 8. */
async function setup() {
  const f = await gpOffice(db());
  const addr = `addr-${randomUUID()}`;
  const parent = await createCitizen(db(), { age: 38, addressKey: addr });
  const child = await createCitizen(db(), { age: 8, addressKey: addr });
  await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
  const childContact = await createContact(db(), child.id, f.unit.id, { gpStaffId: f.doctor.id });
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const p = new TestClient(srv.url);
  await login(p, 'citizen', parent.accountId);
  expect((await p.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
  return { ...f, parent, child, childContact, admin, d, p };
}

async function importForm(c: TestClient, unitId: string, questionnaire: unknown, purpose: 'general' | 'triage' = 'general') {
  return c.post(`/api/staff/units/${unitId}/forms`, { questionnaire, purpose });
}

describe('the form library', () => {
  it('imports, versions by canonical url, previews and retires; only administrators change it', async () => {
    const s = await setup();
    const doctorTry = await importForm(s.d, s.unit.id, PHQ9);
    expect(doctorTry.status).toBe(403);
    expect(doctorTry.json().code).toBe('NOT_UNIT_ADMIN');

    const first = await importForm(s.admin, s.unit.id, PHQ9);
    expect(first.status, first.body).toBe(201);
    expect(first.json()).toMatchObject({ url: PHQ9.url, title: PHQ9.title, versions: 1, latest: { seq: 1, version: '1.0' }, retiredAt: null });
    const again = await importForm(s.admin, s.unit.id, { ...PHQ9, version: '1.1', title: 'PHQ-9 (ny)' });
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, versions: 2, title: 'PHQ-9 (ny)', latest: { seq: 2, version: '1.1' } });
    expect(again.json().versionList.map((v: { version: string }) => v.version)).toEqual(['1.1', '1.0']);
    // url|version names one version: the same version string again is refused, nothing stored.
    const same = await importForm(s.admin, s.unit.id, { ...PHQ9, title: 'PHQ-9 (igjen)' });
    expect(same.status).toBe(422);
    expect(same.json()).toMatchObject({ code: 'QUESTIONNAIRE_INVALID', problems: [expect.stringContaining('version "1.0" is already imported')] });
    expect((await s.d.get(`/api/staff/forms/${first.json().id}`)).json()).toMatchObject({ versions: 2, title: 'PHQ-9 (ny)' });
    // And the database keeps it so (migration 20261213T1010).
    const v1 = await db().selectFrom('form_versions').selectAll().where('form_id', '=', first.json().id).where('version', '=', '1.0').executeTakeFirstOrThrow();
    await expect(
      db()
        .insertInto('form_versions')
        .values({ form_id: v1.form_id, seq: 9, version: '1.0', questionnaire: JSON.stringify(v1.questionnaire), imported_by: null })
        .execute(),
    ).rejects.toThrow();

    const list = await s.d.get(`/api/staff/units/${s.unit.id}/forms`);
    expect(list.json().items).toEqual([expect.objectContaining({ id: first.json().id, versions: 2 })]);
    const preview = await s.d.get(`/api/staff/forms/${first.json().id}`);
    expect(preview.json().versionList[1].questionnaire.item[1].linkId).toBe('phq9-1');

    const other = await gpOffice(db());
    const stranger = new TestClient(srv.url);
    await login(stranger, 'staff', other.doctor.accountId);
    expect((await stranger.get(`/api/staff/forms/${first.json().id}`)).status).toBe(404);

    expect((await s.d.post(`/api/staff/forms/${first.json().id}/retire`, {})).status).toBe(403);
    const retired = await s.admin.post(`/api/staff/forms/${first.json().id}/retire`, {});
    expect(retired.status).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/forms`)).json().items).toEqual([]);
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/forms?retired=true`)).json().items).toHaveLength(1);
    expect((await s.admin.post(`/api/staff/forms/${first.json().id}/retire`, {})).status).toBe(409);
  });

  it('refuses an invalid Questionnaire with every problem named, and stores nothing', async () => {
    const s = await setup();
    const bad = {
      ...PRECONSULTATION,
      url: `https://example.no/fhir/Questionnaire/${randomUUID()}`,
      item: [
        { linkId: 'a', type: 'boolean', text: 'A' },
        { linkId: 'a', type: 'string', text: 'B', enableWhen: [{ question: 'missing', operator: '=', answerBoolean: true }] },
      ],
    };
    const r = await importForm(s.admin, s.unit.id, bad);
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'QUESTIONNAIRE_INVALID', problems: [expect.stringContaining('used twice'), expect.stringContaining('"missing"')] });
    expect(r.json().detail).toContain('cannot be imported');
    expect(await db().selectFrom('forms').select('id').where('url', '=', bad.url).execute()).toEqual([]);
    // Held to FHIR R4 itself: a bad date, unknown elements and a contained Patient are refused, nothing stored.
    const junk = {
      resourceType: 'Questionnaire',
      url: `https://probe.example/q/${randomUUID()}`,
      title: 'Probe junk',
      status: 'active',
      date: 'not-a-date',
      foo: { bar: 1 },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>' },
      contained: [{ resourceType: 'Patient', id: 'p1', name: [{ text: 'Injected Patient' }] }],
      item: [{ linkId: 'a', type: 'string', text: 'Say something', required: true, bogus: true }],
    };
    const r4 = await importForm(s.admin, s.unit.id, junk);
    expect(r4.status).toBe(422);
    expect(r4.json()).toMatchObject({ code: 'QUESTIONNAIRE_INVALID' });
    expect(r4.json().problems).toEqual([
      expect.stringContaining('contained'),
      expect.stringContaining('Questionnaire.date'),
      expect.stringContaining('Questionnaire.item[0].bogus'),
      expect.stringContaining('Questionnaire.foo'),
    ]);
    expect(await db().selectFrom('forms').select('id').where('url', '=', junk.url).execute()).toEqual([]);
    // The narrative alone is no reason to refuse: it is not kept.
    const { contained: _c, foo: _f, date: _d, ...narrated } = { ...junk, item: [{ linkId: 'a', type: 'string', text: 'Say something' }] };
    const kept = await importForm(s.admin, s.unit.id, narrated);
    expect(kept.status, kept.body).toBe(201);
    expect(kept.json().versionList[0].questionnaire).not.toHaveProperty('text');
    // A triage form must carry the linkIds the rule reads.
    const t = await importForm(s.admin, s.unit.id, PRECONSULTATION, 'triage');
    expect(t.status).toBe(422);
    expect(t.json().problems).toEqual([expect.stringContaining('"triage-urgent"'), expect.stringContaining('"triage-exam"')]);
  });
});

describe('a form sent to a child, filled by a parent', () => {
  it('is sent with a deadline and a message, drafted, resumed, submitted once, read by staff with scores', async () => {
    const s = await setup();
    await db().updateTable('persons').set({ phone: '+4790022334' }).where('id', '=', s.parent.id).execute();
    const form = (await importForm(s.admin, s.unit.id, PHQ9)).json();
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, {
      contactId: s.childContact.id,
      formId: form.id,
      dueDate: inDays(7),
      message: 'Fyll ut før timen.',
    });
    expect(sent.status, sent.body).toBe(201);
    const req = sent.json();
    expect(req).toMatchObject({ status: 'sent', title: PHQ9.title, message: 'Fyll ut før timen.', version: { seq: 1 }, citizen: { id: s.child.id } });

    // The parent (who may act for the child) is told neutrally: a notice job, never the form.
    const jobs = await db()
      .selectFrom('jobs')
      .select(['queue', 'payload'])
      .where(sql<string>`payload->>'citizenId'`, '=', s.child.id)
      .where('queue', '=', 'notify.send')
      .execute();
    expect(jobs.map((j) => (j.payload as { kind: string; personId: string }).kind)).toContain('form');
    expect(jobs.map((j) => (j.payload as { personId: string }).personId)).toContain(s.parent.id);

    const list = (await s.p.get('/api/citizen/forms')).json();
    expect(list.open).toEqual([expect.objectContaining({ id: req.id, status: 'sent' })]);
    const opened = await s.p.get(`/api/citizen/form-requests/${req.id}`);
    expect(opened.json()).toMatchObject({ status: 'opened', response: null, questionnaire: { url: PHQ9.url } });

    const draft = await s.p.put(`/api/citizen/form-requests/${req.id}/draft`, { item: phq([1, 2]) });
    expect(draft.status, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', response: { status: 'in-progress' } });
    // Staff see the status, not the draft's answers.
    expect((await s.d.get(`/api/staff/form-requests/${req.id}`)).json()).toMatchObject({ status: 'draft', response: null });

    // Coming back: the draft is there, its calculated items as the server computes them.
    const back = (await s.p.get(`/api/citizen/form-requests/${req.id}`)).json();
    // Stored as the form has it: each question's own text and the option's coding (decision 116).
    expect(back.response.item).toEqual([
      ...phq([1, 2]).map((i, n) => ({ ...i, text: PHQ9.item[n + 1]!.text, answer: [{ valueCoding: PHQ9.item[n + 1]!.answerOption![n + 1]!.valueCoding }] })),
      { linkId: 'phq9-total', text: 'Sum PHQ-9', answer: [{ valueInteger: 3 }] },
      { linkId: 'phq9-severity', text: 'Alvorlighetsgrad', answer: [{ valueString: 'Minimal (0–4)' }] },
    ]);
    expect(back.response.scores).toEqual([]);

    const incomplete = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: phq([1, 2]) });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'FORM_RESPONSE_INVALID', problems: expect.arrayContaining([expect.stringContaining('"phq9-3"')]) });
    expect((await db().selectFrom('form_requests').select('submitted_at').where('id', '=', req.id).executeTakeFirstOrThrow()).submitted_at).toBeNull();

    const submit = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: phq([1, 2, 3, 1, 0, 0, 1, 2, 0]) });
    expect(submit.status, submit.body).toBe(200);
    expect(submit.json()).toMatchObject({
      status: 'submitted',
      response: { status: 'completed', submittedBy: s.parent.name, scores: [{ value: 10 }, { value: 'Moderat (10–14)' }] },
    });
    const second = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: phq([0, 0, 0, 0, 0, 0, 0, 0, 0]) });
    expect(second.status).toBe(409);
    expect(second.json().code).toBe('FORM_ALREADY_SUBMITTED');
    expect((await s.p.put(`/api/citizen/form-requests/${req.id}/draft`, { item: [] })).json().code).toBe('FORM_ALREADY_SUBMITTED');

    // The response records both the patient and who submitted it, and the exact version answered.
    const row = await db().selectFrom('form_responses').selectAll().where('request_id', '=', req.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ citizen_id: s.child.id, submitted_by_person_id: s.parent.id, version_id: req.version.id, status: 'completed' });

    const staffView = await s.d.get(`/api/staff/form-requests/${req.id}`);
    expect(staffView.json()).toMatchObject({ status: 'submitted', response: { scores: [{ linkId: 'phq9-total', value: 10 }, { value: 'Moderat (10–14)' }] } });
    expect(staffView.json().response.lines[0]).toEqual({ depth: 0, kind: 'qa', text: 'Lite interesse for eller glede av å gjøre ting', answer: 'Flere dager' });
    const units = await s.d.get(`/api/staff/units/${s.unit.id}/form-requests`);
    expect(units.json().items[0]).toMatchObject({ id: req.id, status: 'submitted', citizen: { id: s.child.id } });

    // Access log: the parent's actions and the staff read are in the child's log.
    const log = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_kind'])
      .where('citizen_id', '=', s.child.id)
      .where('object_id', '=', req.id)
      .execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['form.send', 'form.open', 'form.draft', 'form.submit', 'form.read']));
    // Every opening by the parent is logged, not only the first (the form was opened twice above).
    expect(log.filter((l) => l.action === 'form.open')).toHaveLength(2);
    expect(log.find((l) => l.action === 'form.submit')!.actor_kind).toBe('representative');

    // Versions: a new import does not change what this response answered.
    await importForm(s.admin, s.unit.id, { ...PHQ9, version: '2.0' });
    expect((await s.d.get(`/api/staff/form-requests/${req.id}`)).json().version).toMatchObject({ seq: 1, version: '1.0' });

    // The to-do task source: done now, with its link.
    const rep = await representationOf(db(), s.parent.id, s.child.id);
    const tasks = await formTasks(db(), actorFor(s.parent.id, rep!));
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'form', id: req.id, unitName: s.unit.name, doneAt: expect.any(String), href: `/skjema/${req.id}` }),
    ]);
  });

  it('refuses a submit after the deadline or after retirement, and saves nothing', async () => {
    const s = await setup();
    const form = (await importForm(s.admin, s.unit.id, PRECONSULTATION)).json();
    const send = async (dueDate: string | null) =>
      (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id, dueDate })).json();
    const past = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id, dueDate: inDays(-1) });
    expect(past.status).toBe(400);
    const late = await send(today());
    await db()
      .updateTable('form_requests')
      .set({ due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', late.id)
      .execute();
    const answers = [
      { linkId: 'reason', answer: [{ valueString: 'Hoste' }] },
      { linkId: 'duration', answer: [{ valueCoding: { system: ANS, code: 'days' } }] },
      { linkId: 'medication', answer: [{ valueBoolean: false }] },
    ];
    const r1 = await s.p.post(`/api/citizen/form-requests/${late.id}/submit`, { item: answers });
    expect(r1.status).toBe(409);
    expect(r1.json()).toMatchObject({ code: 'FORM_DEADLINE_PASSED', dueAt: expect.any(String) });
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/form-requests`)).json().items.find((i: { id: string }) => i.id === late.id).status).toBe('overdue');
    // Nothing to remind about once the deadline has passed: the patient could not submit it.
    const remindLate = await s.d.post(`/api/staff/form-requests/${late.id}/remind`, {});
    expect(remindLate.status).toBe(409);
    expect(remindLate.json()).toMatchObject({ code: 'FORM_OVERDUE', dueAt: expect.any(String) });
    expect((await db().selectFrom('form_requests').select('reminded_at').where('id', '=', late.id).executeTakeFirstOrThrow()).reminded_at).toBeNull();

    const open = await send(null);
    expect((await s.admin.post(`/api/staff/forms/${form.id}/retire`, {})).status).toBe(200);
    const r2 = await s.p.post(`/api/citizen/form-requests/${open.id}/submit`, { item: answers });
    expect(r2.status).toBe(409);
    expect(r2.json().code).toBe('FORM_RETIRED');
    expect(await db().selectFrom('form_responses').select('id').where('request_id', 'in', [late.id, open.id]).execute()).toEqual([]);
    // Retired forms cannot be sent; the open one leaves the to-do list.
    const r3 = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id });
    expect(r3.json().code).toBe('FORM_RETIRED');
    expect((await s.p.get('/api/citizen/forms')).json().open.map((o: { id: string }) => o.id)).not.toContain(open.id);
    // Reminding about a retired form is refused too.
    expect((await s.d.post(`/api/staff/form-requests/${open.id}/remind`, {})).json().code).toBe('FORM_RETIRED');

    // Importing the url again starts the form anew; what was sent with the retired version stays closed.
    const again = await importForm(s.admin, s.unit.id, { ...PRECONSULTATION, version: '2.0' });
    expect(again.status, again.body).toBe(200);
    expect(again.json().retiredAt).toBeNull();
    const r4 = await s.p.post(`/api/citizen/form-requests/${open.id}/submit`, { item: answers });
    expect(r4.status).toBe(409);
    expect(r4.json().code).toBe('FORM_RETIRED');
    expect((await s.p.put(`/api/citizen/form-requests/${open.id}/draft`, { item: answers })).json().code).toBe('FORM_RETIRED');
    expect((await s.p.get(`/api/citizen/form-requests/${open.id}`)).json()).toMatchObject({ retired: true });
    expect((await s.p.get('/api/citizen/forms')).json().open.map((o: { id: string }) => o.id)).not.toContain(open.id);
    expect((await s.d.post(`/api/staff/form-requests/${open.id}/remind`, {})).json().code).toBe('FORM_RETIRED');
    const rep = await representationOf(db(), s.parent.id, s.child.id);
    expect((await formTasks(db(), actorFor(s.parent.id, rep!))).map((t) => t.id)).not.toContain(open.id);
    // A form sent with the new version is open as any.
    const fresh = await send(null);
    expect(fresh).toMatchObject({ version: { seq: 2, version: '2.0' }, retired: false });
    expect((await s.p.post(`/api/citizen/form-requests/${fresh.id}/submit`, { item: answers })).status).toBe(200);
    expect(await db().selectFrom('form_responses').select('id').where('request_id', '=', open.id).execute()).toEqual([]);
  });

  it('reminds with a neutral notice', async () => {
    const s = await setup();
    await db().updateTable('persons').set({ phone: '+4790022335' }).where('id', '=', s.parent.id).execute();
    const form = (await importForm(s.admin, s.unit.id, PHQ9)).json();
    const req = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    const r = await s.d.post(`/api/staff/form-requests/${req.id}/remind`, {});
    expect(r.status).toBe(200);
    expect(r.json().remindedAt).not.toBeNull();
    const kinds = await db()
      .selectFrom('jobs')
      .select(sql<string>`payload->>'kind'`.as('kind'))
      .where(sql<string>`payload->>'citizenId'`, '=', s.child.id)
      .where('queue', '=', 'notify.send')
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['form', 'reminder.form']);
  });

  it('is tied to one of the patient’s appointments with the unit (another patient’s is refused, nothing sent)', async () => {
    const s = await setup();
    const form = (await importForm(s.admin, s.unit.id, PRECONSULTATION)).json();
    const book = async (contactId: string, time = '10:00') => {
      const r = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, { contactId, date: inDays(5), time, title: 'Time hos legen' });
      expect(r.status, r.body).toBe(201);
      return r.json() as { id: string; startsAt: string };
    };
    const ap = await book(s.childContact.id);
    // The page offers the patient's appointments from this list.
    expect((await s.d.get(`/api/staff/units/${s.unit.id}/contacts/${s.childContact.id}/appointments`)).json().items.map((a: { id: string }) => a.id)).toContain(ap.id);
    const sent = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id, appointmentId: ap.id });
    expect(sent.status, sent.body).toBe(201);
    expect(sent.json().appointment).toEqual({ id: ap.id, title: 'Time hos legen', startsAt: ap.startsAt });
    expect((await s.p.get(`/api/citizen/form-requests/${sent.json().id}`)).json().appointment).toMatchObject({ id: ap.id });

    // An appointment hidden from parents is not named to the parent through the form (staff still see it).
    expect((await s.d.post('/api/staff/hidden-from-parents', { objectType: 'appointment', objectId: ap.id, hidden: true })).status).toBe(200);
    expect((await s.p.get(`/api/citizen/form-requests/${sent.json().id}`)).json().appointment).toBeNull();
    expect((await s.d.get(`/api/staff/form-requests/${sent.json().id}`)).json().appointment).toMatchObject({ id: ap.id });

    // A form is tied only to an appointment still to come: not a cancelled or past one (409, nothing sent).
    const cancelled = await book(s.childContact.id, '11:00');
    await db().updateTable('appointments').set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: 'unit' }).where('id', '=', cancelled.id).execute();
    const past = await book(s.childContact.id, '12:00');
    const pastStart = new Date(Date.now() - 3 * 86_400_000);
    await db()
      .updateTable('appointments')
      .set({ starts_at: pastStart, ends_at: new Date(pastStart.getTime() + 15 * 60_000) })
      .where('id', '=', past.id)
      .execute();
    const sentBefore = await db().selectFrom('form_requests').select('id').where('citizen_id', '=', s.child.id).execute();
    for (const id of [cancelled.id, past.id]) {
      const r = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id, appointmentId: id });
      expect(r.status).toBe(409);
      expect(r.json().code).toBe('FORM_APPOINTMENT_NOT_UPCOMING');
    }
    expect(await db().selectFrom('form_requests').select('id').where('citizen_id', '=', s.child.id).execute()).toEqual(sentBefore);

    const other = await createCitizen(db(), { age: 40 });
    const otherAp = await book((await createContact(db(), other.id, s.unit.id)).id);
    const before = await db().selectFrom('form_requests').select('id').where('citizen_id', '=', s.child.id).execute();
    const wrong = await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id, appointmentId: otherAp.id });
    expect(wrong.status).toBe(404);
    expect(await db().selectFrom('form_requests').select('id').where('citizen_id', '=', s.child.id).execute()).toEqual(before);
  });
});

describe('answers are checked where they stand and stored from the form', () => {
  it('refuses a PHQ-9 answer smuggled under another question (nothing saved), and stores nothing of the client’s but the values', async () => {
    const s = await setup();
    const form = (await importForm(s.admin, s.unit.id, PHQ9)).json();
    const req = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    const zeros = phq([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const smuggled = [
      {
        ...zeros[0]!,
        item: [
          { linkId: 'phq9-9', answer: [{ valueCoding: { code: '27' } }] },
          { linkId: 'not-a-question', answer: [{ valueString: 'x' }] },
        ],
      },
      ...zeros.slice(1),
    ];
    const r = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: smuggled });
    expect(r.status).toBe(422);
    expect(r.json()).toMatchObject({ code: 'FORM_RESPONSE_INVALID', problems: [expect.stringContaining('"phq9-1"')] });
    expect(await db().selectFrom('form_responses').select('id').where('request_id', '=', req.id).execute()).toEqual([]);
    expect((await db().selectFrom('form_requests').select('submitted_at').where('id', '=', req.id).executeTakeFirstOrThrow()).submitted_at).toBeNull();

    // Unknown properties, a made-up question text, extensions and extra keys in answers are not stored (nor journaled, nor served).
    const junk = zeros.map((i, n) =>
      n === 0 ? { ...i, text: 'Falsk spørsmål', extension: 'notalist', foo: { bar: 1 }, answer: [{ ...i.answer[0]!, extra: true, extension: [{ url: 'x' }] }] } : i,
    );
    const ok = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: junk });
    expect(ok.status, ok.body).toBe(200);
    const row = await db().selectFrom('form_responses').select('items').where('request_id', '=', req.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.items)).not.toMatch(/Falsk|notalist|"foo"|"extra"|"extension"/);
    expect(row.items[0]).toEqual({ linkId: 'phq9-1', text: PHQ9.item[1]!.text, answer: [{ valueCoding: PHQ9.item[1]!.answerOption![0]!.valueCoding }] });
  });
});

describe('attachment questions', () => {
  it('uploads through the attachment checks, names the file in the answer, and lets the unit read it', async () => {
    const s = await setup();
    const q = {
      resourceType: 'Questionnaire',
      url: `https://example.org/Questionnaire/${randomUUID()}`,
      version: '1',
      title: 'Bilde av utslettet',
      status: 'active',
      item: [{ linkId: 'photo', type: 'attachment', text: 'Last opp et bilde', required: true }],
    };
    const form = (await importForm(s.admin, s.unit.id, q)).json();
    const req = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    const upload = (name: string, type: string, data: Buffer) => s.p.upload(`/api/citizen/form-requests/${req.id}/attachments`, multipart({}, [{ name, type, data }]));

    // Not a PDF, JPEG or PNG by content: refused like a message attachment, nothing stored.
    const bad = await upload('virus.pdf', 'application/pdf', Buffer.from('MZ this is not a pdf'));
    expect(bad.status).toBe(415);
    expect(bad.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const up = await upload('utslett.pdf', 'application/pdf', pdfBytes());
    expect(up.status, up.body).toBe(201);
    const attachment = up.json();
    expect(attachment).toMatchObject({ url: expect.stringMatching(/^urn:uuid:/), contentType: 'application/pdf', title: 'utslett.pdf' });
    expect(await db().selectFrom('form_attachments').select('request_id').where('request_id', '=', req.id).execute()).toHaveLength(1);
    const upId = String(attachment.url).slice('urn:uuid:'.length);
    // Staff get no file before the patient submits it (a draft is the patient's own).
    expect((await s.d.get(`/api/staff/form-requests/${req.id}/attachments/${upId}`)).status).toBe(404);
    // A file chosen and replaced before the submit stays the patient's: the unit never gets it.
    const replaced = await upload('feil.pdf', 'application/pdf', pdfBytes());
    expect(replaced.status, replaced.body).toBe(201);
    const replacedId = String(replaced.json().url).slice('urn:uuid:'.length);

    // Inline data, or a file of another form, is not an answer.
    const inline = await s.p.put(`/api/citizen/form-requests/${req.id}/draft`, {
      item: [{ linkId: 'photo', answer: [{ valueAttachment: { contentType: 'application/pdf', data: pdfBytes().toString('base64') } }] }],
    });
    expect(inline.status).toBe(422);
    const foreign = await s.p.put(`/api/citizen/form-requests/${req.id}/draft`, {
      item: [{ linkId: 'photo', answer: [{ valueAttachment: { url: `urn:uuid:${randomUUID()}`, contentType: 'application/pdf' } }] }],
    });
    expect(foreign.status).toBe(422);

    // The page's name and type are not trusted: the stored file's are kept.
    const submitted = await s.p.post(`/api/citizen/form-requests/${req.id}/submit`, {
      item: [{ linkId: 'photo', answer: [{ valueAttachment: { ...attachment, title: 'noe annet.exe', contentType: 'text/html' } }] }],
    });
    expect(submitted.status, submitted.body).toBe(200);
    const stored = await db().selectFrom('form_responses').select('items').where('request_id', '=', req.id).executeTakeFirstOrThrow();
    expect(stored.items).toEqual([
      { linkId: 'photo', text: 'Last opp et bilde', answer: [{ valueAttachment: { url: attachment.url, contentType: 'application/pdf', title: 'utslett.pdf', size: attachment.size } }] },
    ]);
    // After the submit no more files are taken.
    expect((await upload('mer.pdf', 'application/pdf', pdfBytes())).json().code).toBe('FORM_ALREADY_SUBMITTED');

    const id = String(attachment.url).slice('urn:uuid:'.length);
    const mine = await s.p.get(`/api/citizen/form-requests/${req.id}/attachments/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    const staff = await s.d.get(`/api/staff/form-requests/${req.id}/attachments/${id}`);
    expect(staff.status).toBe(200);
    expect((await s.d.get(`/api/staff/form-requests/${req.id}`)).json().response.lines).toEqual([
      // The stored file is named so the staff page links to its download.
      { depth: 0, kind: 'qa', text: 'Last opp et bilde', answer: 'Vedlegg: utslett.pdf', files: [{ id, title: 'utslett.pdf' }] },
    ]);
    expect((await s.p.get(`/api/citizen/form-requests/${req.id}/attachments/${replacedId}`)).status).toBe(200);
    expect((await s.d.get(`/api/staff/form-requests/${req.id}/attachments/${replacedId}`)).status).toBe(404);
    // Under another request's id the file is not found.
    const other = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    expect((await s.p.get(`/api/citizen/form-requests/${other.id}/attachments/${id}`)).status).toBe(404);
    expect((await s.d.get(`/api/staff/form-requests/${other.id}/attachments/${id}`)).status).toBe(404);
  });

  it('takes files only for a form with an attachment question, and at most 10 per form', async () => {
    const s = await setup();
    const upload = (requestId: string, name: string) =>
      s.p.upload(`/api/citizen/form-requests/${requestId}/attachments`, multipart({}, [{ name, type: 'application/pdf', data: pdfBytes() }]));
    // PHQ-9 asks for no file: nothing is stored.
    const phqForm = (await importForm(s.admin, s.unit.id, PHQ9)).json();
    const phqReq = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: phqForm.id })).json();
    const none = await upload(phqReq.id, 'a.pdf');
    expect(none.status).toBe(409);
    expect(none.json().code).toBe('FORM_TAKES_NO_FILES');
    expect(await db().selectFrom('form_attachments').select('id').where('request_id', '=', phqReq.id).execute()).toEqual([]);

    const q = {
      resourceType: 'Questionnaire',
      url: `https://example.org/Questionnaire/${randomUUID()}`,
      title: 'Bilder',
      status: 'active',
      item: [{ linkId: 'photo', type: 'attachment', text: 'Last opp et bilde' }],
    };
    const form = (await importForm(s.admin, s.unit.id, q)).json();
    const req = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    // Nine already uploaded (and replaced); the tenth is taken, the eleventh is not.
    const file = pdfBytes();
    for (let i = 0; i < 9; i++)
      await db()
        .insertInto('form_attachments')
        .values({
          request_id: req.id,
          citizen_id: s.child.id,
          uploaded_by_person_id: s.parent.id,
          filename: `f${i}.pdf`,
          content_type: 'application/pdf',
          size_bytes: file.length,
          sha256: 'x'.repeat(64),
          data: file,
        })
        .execute();
    expect((await upload(req.id, 'tiende.pdf')).status).toBe(201);
    const eleventh = await upload(req.id, 'ellevte.pdf');
    expect(eleventh.status).toBe(409);
    expect(eleventh.json()).toMatchObject({ code: 'FORM_ATTACHMENT_LIMIT', max: 10 });
    expect(await db().selectFrom('form_attachments').select('id').where('request_id', '=', req.id).execute()).toHaveLength(10);
  });
});

describe('the to-do list', () => {
  it('shows the last 50 forms done (the history of each kind, docs/tools-and-tasks.md)', async () => {
    const s = await setup();
    const form = (await importForm(s.admin, s.unit.id, PHQ9)).json();
    const first = (await s.d.post(`/api/staff/units/${s.unit.id}/form-requests`, { contactId: s.childContact.id, formId: form.id })).json();
    const row = await db().selectFrom('form_requests').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    const base = Date.now() - 100 * 86_400_000;
    await db()
      .insertInto('form_requests')
      .values(
        Array.from({ length: 51 }, (_, i) => ({
          citizen_id: row.citizen_id,
          unit_id: row.unit_id,
          contact_id: row.contact_id,
          form_id: row.form_id,
          version_id: row.version_id,
          submitted_at: new Date(base + i * 86_400_000),
        })),
      )
      .execute();
    const rep = await representationOf(db(), s.parent.id, s.child.id);
    const tasks = await formTasks(db(), actorFor(s.parent.id, rep!));
    expect(tasks.filter((t) => t.doneAt === null).map((t) => t.id)).toEqual([first.id]);
    const done = tasks.filter((t) => t.doneAt !== null);
    expect(done).toHaveLength(50);
    // The newest 50: the oldest is left out.
    expect(done.map((t) => t.doneAt)).not.toContain(new Date(base).toISOString());
  });
});

describe('the access policy for forms', () => {
  it('lets a parent of a youth (12–15) see no forms, and strangers nothing', async () => {
    const f = await gpOffice(db());
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', f.secretary.accountId);
    const form = (await importForm(admin, f.unit.id, PHQ9)).json();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db(), { age: 44, addressKey: addr });
    const youth = await createCitizen(db(), { age: 14, addressKey: addr });
    await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: youth.id }).execute();
    const contact = await createContact(db(), youth.id, f.unit.id);
    const req = (await admin.post(`/api/staff/units/${f.unit.id}/form-requests`, { contactId: contact.id, formId: form.id })).json();
    const p = new TestClient(srv.url);
    await login(p, 'citizen', parent.accountId);
    await p.put('/api/citizen/acting-for', { personId: youth.id });
    const r = await p.get(`/api/citizen/form-requests/${req.id}`);
    expect(r.status).toBe(403);
    expect(r.json().code).toBe('REPRESENTATION_AREA');
    expect((await p.post(`/api/citizen/form-requests/${req.id}/submit`, { item: phq([0, 0, 0, 0, 0, 0, 0, 0, 0]) })).status).toBe(403);
    const rep = await representationOf(db(), parent.id, youth.id);
    expect(await formTasks(db(), actorFor(parent.id, rep!))).toEqual([]);
    // The youth sees and fills it.
    const y = new TestClient(srv.url);
    await login(y, 'citizen', youth.accountId);
    expect((await y.get(`/api/citizen/form-requests/${req.id}`)).status).toBe(200);
    // Someone else: 404.
    const other = await createCitizen(db(), { age: 30 });
    const o = new TestClient(srv.url);
    await login(o, 'citizen', other.accountId);
    expect((await o.get(`/api/citizen/form-requests/${req.id}`)).status).toBe(404);
    expect((await o.post(`/api/citizen/form-requests/${req.id}/submit`, { item: [] })).status).toBe(404);
  });
});

describe('a form in front of a service', () => {
  it('triage before e-konsultasjon: answers checked, thread started with them, a channel recommended by the rule', async () => {
    const unit = await createUnit(db(), { kind: 'gp_office' });
    await enableServices(db(), unit.id, ['ekonsultasjon']);
    const adminStaff = await createStaff(db(), unit.id, { role: 'secretary', isAdmin: true });
    const citizen = await createCitizen(db(), { age: 30 });
    const contact = await createContact(db(), citizen.id, unit.id);
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', adminStaff.accountId);
    const form = (await importForm(admin, unit.id, TRIAGE, 'triage')).json();
    expect((await admin.put(`/api/staff/units/${unit.id}/service-forms/ekonsultasjon`, { formId: form.id })).status).toBe(200);

    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const sf = (await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`)).json();
    expect(sf.form).toMatchObject({ id: form.id, purpose: 'triage', questionnaire: { url: TRIAGE.url } });
    expect((await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`)).json()).toEqual({ form: null });

    const body = (item: unknown[], versionId = sf.form.versionId) => ({ topic: 'Utslett', text: 'Jeg har fått utslett på armen.', versionId, item });
    const bad = await c.post(
      `/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`,
      body([{ linkId: 'triage-urgent', answer: [{ valueBoolean: false }] }]),
    );
    expect(bad.status).toBe(422);
    const before = await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute();
    expect(before).toEqual([]);

    const ok = await c.post(
      `/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`,
      body([
        { linkId: 'triage-urgent', answer: [{ valueBoolean: false }] },
        { linkId: 'triage-exam', answer: [{ valueBoolean: false }] },
        { linkId: 'triage-duration', answer: [{ valueCoding: { system: ANS, code: 'long' } }] },
        { linkId: 'triage-preference', answer: [{ valueCoding: { system: ANS, code: 'video' } }] },
      ]),
    );
    expect(ok.status, ok.body).toBe(201);
    const threadId = ok.json().id;
    const staffSide = await admin.get(`/api/staff/threads/${threadId}/form`);
    expect(staffSide.json().response).toMatchObject({
      title: TRIAGE.title,
      recommendation: { channel: 'video', ruleId: 'preference', rule: expect.stringContaining('preferred channel') },
      lines: expect.arrayContaining([{ depth: 0, kind: 'qa', text: 'Hvordan vil du helst få svar?', answer: 'Video' }]),
    });
    // The patient sees their answers; the recommendation is for staff.
    expect((await c.get(`/api/citizen/threads/${threadId}/form`)).json().response).toMatchObject({ title: TRIAGE.title, recommendation: null });
    // The same form sent to the patient as a request: the recommendation is for staff there too.
    const req = await admin.post(`/api/staff/units/${unit.id}/form-requests`, { contactId: contact.id, formId: form.id });
    expect(req.status, req.body).toBe(201);
    const answered = await c.post(`/api/citizen/form-requests/${req.json().id}/submit`, {
      item: [
        { linkId: 'triage-urgent', answer: [{ valueBoolean: false }] },
        { linkId: 'triage-exam', answer: [{ valueBoolean: false }] },
        { linkId: 'triage-duration', answer: [{ valueCoding: { system: ANS, code: 'long' } }] },
        { linkId: 'triage-preference', answer: [{ valueCoding: { system: ANS, code: 'video' } }] },
      ],
    });
    expect(answered.status, answered.body).toBe(200);
    expect(answered.json().response.recommendation).toBeNull();
    expect((await c.get(`/api/citizen/form-requests/${req.json().id}`)).json().response.recommendation).toBeNull();
    expect((await admin.get(`/api/staff/form-requests/${req.json().id}`)).json().response.recommendation).toMatchObject({ channel: 'video', ruleId: 'preference' });
    // Journaled and counted like any submitted response.
    expect(await db().selectFrom('form_responses').select(['request_id', 'status']).where('thread_id', '=', threadId).execute()).toEqual([
      { request_id: null, status: 'completed' },
    ]);
    // A new version of the form is imported: answers to the version opened before are FORM_CHANGED, nothing saved.
    const triageAnswers = [
      { linkId: 'triage-urgent', answer: [{ valueBoolean: false }] },
      { linkId: 'triage-exam', answer: [{ valueBoolean: false }] },
      { linkId: 'triage-duration', answer: [{ valueCoding: { system: ANS, code: 'long' } }] },
      { linkId: 'triage-preference', answer: [{ valueCoding: { system: ANS, code: 'phone' } }] },
    ];
    expect((await importForm(admin, unit.id, { ...TRIAGE, version: '2.0' }, 'triage')).status).toBe(200);
    const threadsBefore = await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute();
    const stale = await c.post(`/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`, body(triageAnswers));
    expect(stale.status).toBe(409);
    expect(stale.json().code).toBe('FORM_CHANGED');
    expect(await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual(threadsBefore);
    const current = (await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`)).json();
    expect(current.form.versionId).not.toBe(sf.form.versionId);
    expect((await c.post(`/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`, body(triageAnswers, current.form.versionId))).status).toBe(201);
    // Retiring the form takes it away from the service.
    await admin.post(`/api/staff/forms/${form.id}/retire`, {});
    expect((await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekonsultasjon`)).json()).toEqual({ form: null });
  });

  it('the message cannot go without the form; with it, attachments and an idempotency key work as for any message', async () => {
    const unit = await createUnit(db(), { kind: 'gp_office' });
    await enableServices(db(), unit.id, ['ekontakt']);
    const adminStaff = await createStaff(db(), unit.id, { role: 'secretary', isAdmin: true });
    const citizen = await createCitizen(db(), { age: 30 });
    const contact = await createContact(db(), citizen.id, unit.id);
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', adminStaff.accountId);
    const contactForm = {
      resourceType: 'Questionnaire',
      url: `https://example.org/Questionnaire/${randomUUID()}`,
      version: '1',
      title: 'Kontakt legekontoret',
      status: 'active',
      item: [{ linkId: 'about', type: 'string', text: 'Hva gjelder det?', required: true }],
    };
    const form = (await importForm(admin, unit.id, contactForm)).json();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const plain = { kind: 'ekontakt', topic: 'Resept', text: 'Jeg lurer på noe.' };
    // Before the unit asks a form, a plain message goes.
    expect((await c.post(`/api/citizen/contacts/${contact.id}/threads`, plain)).status).toBe(201);
    expect((await admin.put(`/api/staff/units/${unit.id}/service-forms/ekontakt`, { formId: form.id })).status).toBe(200);

    // Now the server refuses a message without the form (never trusting the page to ask it).
    const refused = await c.post(`/api/citizen/contacts/${contact.id}/threads`, plain);
    expect(refused.status).toBe(409);
    expect(refused.json().code).toBe('FORM_REQUIRED');
    const withAttachment = await c.upload(
      `/api/citizen/contacts/${contact.id}/threads`,
      multipart(plain, [{ name: 'a.pdf', type: 'application/pdf', data: pdfBytes() }]),
    );
    expect(withAttachment.json().code).toBe('FORM_REQUIRED');
    expect(await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute()).toHaveLength(1);

    const sf = (await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`)).json();
    const payload = { topic: 'Resept', text: 'Jeg lurer på noe.', versionId: sf.form.versionId, item: [{ linkId: 'about', answer: [{ valueString: 'Resept' }] }] };
    // Without the required answer: 422, nothing saved.
    const incomplete = await c.post(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`, { ...payload, item: [] });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json().code).toBe('FORM_RESPONSE_INVALID');
    const send = () =>
      c.upload(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`, multipart(payload, [{ name: 'a.pdf', type: 'application/pdf', data: pdfBytes() }]), {
        headers: { 'idempotency-key': 'skjema-1' },
      });
    const first = await send();
    expect(first.status, first.body).toBe(201);
    const thread = first.json();
    expect(thread.messages[0].attachments).toEqual([expect.objectContaining({ filename: 'a.pdf' })]);
    // The same key again: the same thread, nothing new.
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json().id).toBe(thread.id);
    expect(await db().selectFrom('form_responses').select('thread_id').where('citizen_id', '=', citizen.id).execute()).toEqual([{ thread_id: thread.id }]);

    // The unit takes the form away while the citizen writes: FORM_CHANGED, nothing saved; a plain message goes again.
    expect((await admin.put(`/api/staff/units/${unit.id}/service-forms/ekontakt`, { formId: null })).status).toBe(200);
    const stale = await c.post(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`, payload);
    expect(stale.status).toBe(409);
    expect(stale.json().code).toBe('FORM_CHANGED');
    expect(await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute()).toHaveLength(2);
  });

  it('attachment questions: the file goes in the same request, checked like an attachment, stored with the answers; staff download it', async () => {
    const unit = await createUnit(db(), { kind: 'gp_office' });
    await enableServices(db(), unit.id, ['ekontakt']);
    const adminStaff = await createStaff(db(), unit.id, { role: 'secretary', isAdmin: true });
    const doctor = await createStaff(db(), unit.id, { role: 'doctor' });
    const citizen = await createCitizen(db(), { age: 30 });
    const contact = await createContact(db(), citizen.id, unit.id);
    const admin = new TestClient(srv.url);
    await login(admin, 'staff', adminStaff.accountId);
    const d = new TestClient(srv.url);
    await login(d, 'staff', doctor.accountId);
    const q = {
      resourceType: 'Questionnaire',
      url: `https://example.org/Questionnaire/${randomUUID()}`,
      version: '1',
      title: 'Før du skriver',
      status: 'active',
      item: [
        { linkId: 'about', type: 'string', text: 'Hva gjelder det?', required: true },
        { linkId: 'photo', type: 'attachment', text: 'Bilde av utslettet', required: true },
      ],
    };
    const form = (await importForm(admin, unit.id, q)).json();
    expect((await admin.put(`/api/staff/units/${unit.id}/service-forms/ekontakt`, { formId: form.id })).status).toBe(200);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const sf = (await c.get(`/api/citizen/contacts/${contact.id}/service-forms/ekontakt`)).json();
    const url = `/api/citizen/contacts/${contact.id}/service-forms/ekontakt`;
    const answers = (photo: Record<string, unknown>) => ({
      topic: 'Utslett',
      text: 'Se bildet.',
      versionId: sf.form.versionId,
      item: [
        { linkId: 'about', answer: [{ valueString: 'Utslett' }] },
        { linkId: 'photo', answer: [{ valueAttachment: photo }] },
      ],
    });
    const photo = { url: 'cid:photo-1', contentType: 'image/png', title: 'utslett.png' };
    const nothingSaved = async () => {
      expect(await db().selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
      expect(await db().selectFrom('form_attachments').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
    };

    // Inline data is not an answer (decision 84), here as on a sent form.
    const inline = await c.post(url, answers({ contentType: 'image/png', data: pngBytes().toString('base64') }));
    expect(inline.status).toBe(422);
    expect(inline.json().code).toBe('FORM_RESPONSE_INVALID');
    // The answer names a file the request does not carry.
    expect((await c.upload(url, multipart(answers(photo), []))).json().code).toBe('FORM_RESPONSE_INVALID');
    // The file is checked by content like any attachment.
    const badType = await c.upload(url, multipart(answers(photo), [{ name: 'utslett.png', type: 'image/png', data: Buffer.from('MZ not an image'), field: 'cid:photo-1' }]));
    expect(badType.status).toBe(415);
    expect(badType.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    // A file no answer names.
    const stray = await c.upload(
      url,
      multipart(answers(photo), [
        { name: 'utslett.png', type: 'image/png', data: pngBytes(), field: 'cid:photo-1' },
        { name: 'annet.pdf', type: 'application/pdf', data: pdfBytes(), field: 'cid:other' },
      ]),
    );
    expect(stray.status).toBe(422);
    await nothingSaved();

    const key = `skjema-fil-${randomUUID()}`;
    const sendOnce = () =>
      c.upload(
        url,
        multipart(answers({ ...photo, title: 'noe annet.exe' }), [
          { name: 'brev.pdf', type: 'application/pdf', data: pdfBytes('Brev') },
          { name: 'utslett.png', type: 'image/png', data: pngBytes(), field: 'cid:photo-1' },
        ]),
        { headers: { 'idempotency-key': key } },
      );
    const first = await sendOnce();
    expect(first.status, first.body).toBe(201);
    const thread = first.json();
    // The message's own attachment stays the message's; the answer's file is the form's.
    expect(thread.messages[0].attachments).toEqual([expect.objectContaining({ filename: 'brev.pdf' })]);
    const replay = await sendOnce();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const files = await db().selectFrom('form_attachments').selectAll().where('citizen_id', '=', citizen.id).execute();
    expect(files).toHaveLength(1);
    const resp = await db().selectFrom('form_responses').select(['id', 'items']).where('thread_id', '=', thread.id).executeTakeFirstOrThrow();
    expect(files[0]).toMatchObject({ request_id: null, response_id: resp.id, filename: 'utslett.png', content_type: 'image/png' });
    // The stored name and type replace the page's.
    expect(resp.items).toEqual([
      { linkId: 'about', text: 'Hva gjelder det?', answer: [{ valueString: 'Utslett' }] },
      {
        linkId: 'photo',
        text: 'Bilde av utslettet',
        answer: [{ valueAttachment: { url: `urn:uuid:${files[0]!.id}`, contentType: 'image/png', title: 'utslett.png', size: pngBytes().length } }],
      },
    ]);

    // Staff see the file in the thread's structured answers and download it (access-logged).
    const tf = (await d.get(`/api/staff/threads/${thread.id}/form`)).json();
    expect(tf.response.lines).toContainEqual({
      depth: 0,
      kind: 'qa',
      text: 'Bilde av utslettet',
      answer: 'Vedlegg: utslett.png',
      files: [{ id: files[0]!.id, title: 'utslett.png' }],
    });
    const before = await db().selectFrom('audit_events').select('id').where('citizen_id', '=', citizen.id).where('action', '=', 'form.read').execute();
    const dl = await d.get(`/api/staff/threads/${thread.id}/form/attachments/${files[0]!.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.bytes.equals(pngBytes())).toBe(true);
    const after = await db().selectFrom('audit_events').select('id').where('citizen_id', '=', citizen.id).where('action', '=', 'form.read').execute();
    expect(after.length).toBeGreaterThan(before.length);
    expect((await c.get(`/api/citizen/threads/${thread.id}/form/attachments/${files[0]!.id}`)).status).toBe(200);
    // Not under another thread, not for another unit's staff, not for another citizen.
    const other = await gpOffice(db());
    const od = new TestClient(srv.url);
    await login(od, 'staff', other.doctor.accountId);
    expect((await od.get(`/api/staff/threads/${thread.id}/form/attachments/${files[0]!.id}`)).status).toBe(404);
    const oc = new TestClient(srv.url);
    await login(oc, 'citizen', other.citizen.accountId);
    expect((await oc.get(`/api/citizen/threads/${thread.id}/form/attachments/${files[0]!.id}`)).status).toBe(404);
    expect((await d.get(`/api/staff/threads/${randomUUID()}/form/attachments/${files[0]!.id}`)).status).toBe(404);
  });
});
