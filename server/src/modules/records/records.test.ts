/**
 * The patient's record (issue 21) end to end through HTTP: an EPJ shares documents, referrals and
 * results through FHIR; bad input stores nothing; the unit's release policy decides when the
 * citizen sees an item (manual release by a clinician, automatic after N days with a controlled
 * clock); corrections and entered-in-error; parents of a child and of a youth see what the policy
 * says; EPJ reads, staff and representatives' views are in the access log; notices only on release.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { createFhirClient } from '../../fhir/fhir.auth.ts';
import { setClock } from '../../platform/clock.ts';
import { CRP, documentReference, HB, labPanel, referral, tinyPdf } from './records.fixtures.ts';
import { RELEASE_QUEUE, releaseJobHandler } from './records.store.ts';
import { Worker } from '../../platform/jobs.ts';
import { createEventBus } from '../../domain-events.ts';
import { representationNb } from '../../../../web/src/i18n/representation.nb.ts';
import { representationEn } from '../../../../web/src/i18n/representation.en.ts';

/** Every action the citizen's access log shows has its text (the page shows the raw code otherwise). */
function expectLogTexts(entries: { action: string }[]) {
  for (const { action } of entries) {
    const key = `log.action.${action}`;
    expect(Object.hasOwn(representationNb, key), `add '${key}' to web/src/i18n/representation.{nb,en,nn,se}.ts`).toBe(true);
    expect(representationEn[key as keyof typeof representationEn]).toBeTruthy();
  }
}

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  // An in-memory PGlite with every migration can take minutes to start on a busy machine.
}, 300_000);
afterAll(async () => srv?.close());
afterEach(() => setClock(undefined));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function epj(unitIds: string[]) {
  const clientId = `epj-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await createFhirClient(srv.database.db, { clientId, secret, name: 'Test-EPJ', unitIds });
  const res = await fetch(`${srv.url}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${srv.url}/fhir/R4/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Json };
  };
  return { call, clientId };
}

async function world() {
  const db = srv.database.db;
  const unit = await createUnit(db, { kind: 'hospital_department' });
  await enableServices(db, unit.id, ['standarddialog']);
  const doctor = await createStaff(db, unit.id, { role: 'doctor', isAdmin: true });
  const secretary = await createStaff(db, unit.id, { role: 'secretary' });
  const citizen = await createCitizen(db, { age: 45 });
  await createContact(db, citizen.id, unit.id, { source: 'care_right' });
  const fhir = await epj([unit.id]);
  const me = new TestClient(srv.url);
  await login(me, 'citizen', citizen.accountId);
  const staff = new TestClient(srv.url);
  await login(staff, 'staff', doctor.accountId);
  return { db, unit, doctor, secretary, citizen, fhir, me, staff };
}

const count = async (table: 'record_items' | 'record_binaries' | 'record_observations', unitId?: string) => {
  const db = srv.database.db;
  if (table === 'record_observations') return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', unitId!).executeTakeFirst())?.n);
};

const list = async (c: TestClient, kind: string) => {
  const r = await c.get(`/api/citizen/records?kind=${kind}`);
  expect(r.status, r.body).toBe(200);
  return r.json() as Json;
};

const notices = async (citizenId: string) =>
  (await srv.database.db.selectFrom('jobs').select(['payload']).where('queue', '=', 'notify.send').execute()).filter(
    (j) => (j.payload as Json).citizenId === citizenId && (j.payload as Json).kind === 'document',
  );

describe('the EPJ shares the record through FHIR', () => {
  it('shares a document as base64 and through a Binary; the citizen lists, opens and downloads it', async () => {
    const w = await world();
    await srv.database.db.updateTable('persons').set({ phone: '+4790000001' }).where('id', '=', w.citizen.id).execute();
    const direct = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise hjerte' }));
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    expect(direct.body.content[0].attachment.url).toMatch(/^Binary\//);
    expect(direct.body.content[0].attachment.data).toBeUndefined();

    const bin = await w.fhir.call('POST', 'Binary', { resourceType: 'Binary', contentType: 'application/pdf', data: tinyPdf('Notat').toString('base64') });
    expect(bin.status, JSON.stringify(bin.body)).toBe(201);
    const viaBinary = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Poliklinisk notat', binaryId: bin.body.id }));
    expect(viaBinary.status).toBe(201);
    const paper = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Gammel journal (papir)', notDigital: true }));
    expect(paper.status).toBe(201);

    const docs = await list(w.me, 'document');
    expect(docs.items.map((d: Json) => d.title).sort()).toEqual(['Epikrise hjerte', 'Gammel journal (papir)', 'Poliklinisk notat']);
    expect(docs.unread).toBe(3);
    expect(docs.items.find((d: Json) => d.title === 'Gammel journal (papir)').availableDigitally).toBe(false);

    const one = await w.me.get(`/api/citizen/records/${direct.body.id}`);
    expect(one.status).toBe(200);
    expect(one.json()).toMatchObject({ title: 'Epikrise hjerte', unread: false, pdf: { sizeBytes: expect.any(Number) }, contactId: expect.any(String) });
    expect((await list(w.me, 'document')).unread).toBe(2);

    const inline = await w.me.get(`/api/citizen/records/${direct.body.id}/pdf?disposition=inline`);
    expect(inline.status).toBe(200);
    expect(inline.headers.get('content-type')).toBe('application/pdf');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="Epikrise hjerte.pdf"/);
    expect(inline.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(inline.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(inline.body.startsWith('%PDF-')).toBe(true);
    const download = await w.me.get(`/api/citizen/records/${direct.body.id}/pdf`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    // Every other response still refuses to be framed.
    expect((await w.me.get('/api/citizen/records?kind=document')).headers.get('x-frame-options')).toBe('DENY');

    const noPdf = await w.me.get(`/api/citizen/records/${paper.body.id}/pdf`);
    expect(noPdf.status).toBe(409);
    expect(noPdf.json().code).toBe('RECORD_NOT_DIGITAL');
    // Released at once (the default policy): one neutral notice per item with a PDF or not.
    expect(await notices(w.citizen.id)).toHaveLength(3);

    // The EPJ's reads are in the citizen's access log.
    const read = await w.fhir.call('GET', `DocumentReference/${direct.body.id}`);
    expect(read.status).toBe(200);
    const binRead = await w.fhir.call('GET', `Binary/${bin.body.id}`);
    expect(binRead.body.data).toBe(tinyPdf('Notat').toString('base64'));
    const log = await w.db.selectFrom('audit_events').select(['action', 'object_type']).where('citizen_id', '=', w.citizen.id).where('actor_kind', '=', 'epj').execute();
    expect(log).toEqual(
      expect.arrayContaining([
        { action: 'record.create', object_type: 'DocumentReference' },
        { action: 'epj.read', object_type: 'DocumentReference' },
        { action: 'epj.read', object_type: 'Binary' },
      ]),
    );
  });

  it('refuses bad input with an OperationOutcome and stores nothing', async () => {
    const w = await world();
    const stranger = await createCitizen(w.db, { age: 30 });
    const before = { items: await count('record_items', w.unit.id), bins: await count('record_binaries', w.unit.id), obs: await count('record_observations') };
    const cases: [string, string, unknown, number, RegExp][] = [
      ['missing Binary', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { binaryId: randomUUID() }), 422, /does not exist/],
      ['not a PDF', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { data: Buffer.from('<html>not a pdf</html>') }), 400, /not a PDF/],
      ['Binary not a PDF', 'Binary', { resourceType: 'Binary', contentType: 'application/pdf', data: Buffer.from('GIF89a....').toString('base64') }, 400, /not a PDF/],
      ['unknown patient', 'DocumentReference', documentReference(stranger.id, w.unit.id), 422, /not known to the unit/],
      ['result without unit', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }, { code: '1988-5', display: 'CRP', value: 12 }]), 400, /no unit/],
      ['right to care without date', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'right_granted'), 400, /care must start by/],
      ['forwarded without unit', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'forwarded'), 400, /unit it went to/],
    ];
    for (const [label, type, body, status, message] of cases) {
      const r = await w.fhir.call('POST', type, body);
      expect(r.status, label).toBe(status);
      expect(r.body.resourceType, label).toBe('OperationOutcome');
      expect(JSON.stringify(r.body.issue), label).toMatch(message);
    }
    expect({ items: await count('record_items', w.unit.id), bins: await count('record_binaries', w.unit.id), obs: await count('record_observations') }).toEqual(before);
    expect(await notices(w.citizen.id)).toHaveLength(0);
  });

  it('keeps a referral’s full status history and shows it as a timeline', async () => {
    const w = await world();
    const created = await w.fhir.call('POST', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'received', { at: '2026-11-21T10:00:00+01:00' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    for (const [status, extra] of [
      ['assessed', { at: '2026-11-25T10:00:00+01:00' }],
      ['right_granted', { careStartBy: '2027-02-01', at: '2026-11-26T10:00:00+01:00' }],
      ['appointment_given', { at: '2026-12-01T10:00:00+01:00' }],
    ] as const) {
      const r = await w.fhir.call('PUT', `ServiceRequest/${id}`, { ...referral(w.citizen.id, w.unit.id, status, extra), id });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const detail = (await w.me.get(`/api/citizen/records/${id}`)).json();
    expect(detail.timeline.map((e: Json) => e.status)).toEqual(['received', 'assessed', 'right_granted', 'appointment_given']);
    expect(detail.timeline[2].careStartBy).toBe('2027-02-01');
    expect(detail).toMatchObject({ referralStatus: 'appointment_given', careStartBy: '2027-02-01', version: 4 });
    const versions = await w.db.selectFrom('record_item_versions').select('version').where('item_id', '=', id).execute();
    expect(versions).toHaveLength(4);

    const forwarded = await w.fhir.call('PUT', `ServiceRequest/${id}`, { ...referral(w.citizen.id, w.unit.id, 'forwarded', { forwardedTo: 'Ortopedisk poliklinikk' }), id });
    expect(forwarded.status).toBe(200);
    const after = (await w.me.get(`/api/citizen/records/${id}`)).json();
    expect(after.timeline.at(-1)).toMatchObject({ status: 'forwarded', forwardedTo: 'Ortopedisk poliklinikk' });
  });

  it('shows a lab panel with units, ranges and out-of-range marks; a correction replaces it; entered-in-error withdraws it', async () => {
    const w = await world();
    const first = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }, { ...CRP, value: 12 }], { when: '2026-11-01T08:00:00+01:00' }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 10.2 }], { when: '2026-12-01T08:00:00+01:00' }));
    const results = await list(w.me, 'result');
    expect(results.items.map((r: Json) => r.outOfRange)).toEqual([1, 1]);
    const detail = (await w.me.get(`/api/citizen/records/${first.body.id}`)).json();
    expect(detail.observations).toEqual([
      expect.objectContaining({ display: 'Hemoglobin', valueNum: 13.1, unit: 'g/dL', refLow: 11.7, refHigh: 15.3, outOfRange: null }),
      expect.objectContaining({ display: 'CRP', valueNum: 12, unit: 'mg/L', refHigh: 5, outOfRange: 'high' }),
    ]);
    const history = (await w.me.get(`/api/citizen/records/analyses/${HB.code}`)).json();
    expect(history.points.map((p: Json) => [p.valueNum, p.outOfRange])).toEqual([
      [13.1, null],
      [10.2, 'low'],
    ]);

    // The laboratory corrects CRP: the corrected value is shown, the first version is kept.
    const corrected = await w.fhir.call('PUT', `DiagnosticReport/${first.body.id}`, {
      ...labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 13.1 }, { ...CRP, value: 3 }], { when: '2026-11-01T08:00:00+01:00', status: 'corrected' }),
      id: first.body.id,
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.meta.versionId).toBe('2');
    const now = (await w.me.get(`/api/citizen/records/${first.body.id}`)).json();
    expect(now.observations[1]).toMatchObject({ valueNum: 3, outOfRange: null });
    const v1 = await w.db.selectFrom('record_item_versions').select('resource').where('item_id', '=', first.body.id).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(JSON.stringify(v1.resource)).toContain('"value":12');

    // Entered in error: gone for the citizen, kept for the record.
    const withdrawn = await w.fhir.call('PUT', `DiagnosticReport/${second.body.id}`, {
      ...labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 10.2 }], { when: '2026-12-01T08:00:00+01:00', status: 'entered-in-error' }),
      id: second.body.id,
    });
    expect(withdrawn.status).toBe(200);
    expect((await list(w.me, 'result')).items.map((r: Json) => r.id)).toEqual([first.body.id]);
    expect((await w.me.get(`/api/citizen/records/${second.body.id}`)).status).toBe(404);
    expect((await w.fhir.call('GET', `DiagnosticReport/${second.body.id}`)).body.status).toBe('entered-in-error');
    const hist = (await w.me.get(`/api/citizen/records/analyses/${HB.code}`)).json();
    expect(hist.points).toHaveLength(1);
  });
});

describe('release policy', () => {
  it('manual: invisible (and unannounced) until a clinician releases it with an explanation', async () => {
    const w = await world();
    await w.db.updateTable('persons').set({ phone: '+4790000002' }).where('id', '=', w.citizen.id).execute();
    const put = await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [{ category: 'lab', mode: 'manual', autoAfterDays: null }],
    });
    expect(put.status, put.body).toBe(200);
    const r = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 9.1 }]));
    expect(r.status).toBe(201);
    expect((await list(w.me, 'result')).items).toEqual([]);
    expect((await w.me.get(`/api/citizen/records/${r.body.id}`)).status).toBe(404);
    expect((await w.me.get(`/api/citizen/records/analyses/${HB.code}`)).status).toBe(404);
    expect(await notices(w.citizen.id)).toHaveLength(0);

    const awaiting = (await w.staff.get(`/api/staff/units/${w.unit.id}/records/awaiting-release`)).json();
    expect(awaiting.items.map((i: Json) => i.id)).toEqual([r.body.id]);
    // A secretary cannot release; a doctor can, once.
    const sec = new TestClient(srv.url);
    await login(sec, 'staff', w.secretary.accountId);
    expect((await sec.post(`/api/staff/records/${r.body.id}/release`, {})).status).toBe(403);
    const rel = await w.staff.post(`/api/staff/records/${r.body.id}/release`, { note: 'Lav blodprosent, vi ringer deg.' });
    expect(rel.status, rel.body).toBe(200);
    expect((await w.staff.post(`/api/staff/records/${r.body.id}/release`, {})).json().code).toBe('RECORD_NOT_RELEASABLE');
    const seen = (await w.me.get(`/api/citizen/records/${r.body.id}`)).json();
    expect(seen.releaseNote).toBe('Lav blodprosent, vi ringer deg.');
    expect(await notices(w.citizen.id)).toHaveLength(1);
    const log = await w.db.selectFrom('audit_events').select(['action']).where('citizen_id', '=', w.citizen.id).where('actor_kind', '=', 'staff').execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['record.list_awaiting', 'record.release']));
  });

  it('the access log tells nothing of an item before it is released (never of one the unit never releases); afterwards every entry is there', async () => {
    const w = await world();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [
        { category: 'lab', mode: 'manual', autoAfterDays: null },
        { category: 'radiology', mode: 'never', autoAfterDays: null },
      ],
    });
    const held = await w.fhir.call('POST', 'DiagnosticReport', {
      ...labPanel(w.citizen.id, w.unit.id, []),
      code: { text: 'Biopsisvar' },
      conclusion: 'Se rapport.',
      presentedForm: [{ contentType: 'application/pdf', data: tinyPdf('Biopsi').toString('base64') }],
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const never = await w.fhir.call('POST', 'DiagnosticReport', {
      ...labPanel(w.citizen.id, w.unit.id, []),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }],
      code: { text: 'CT thorax' },
      conclusion: 'Funn.',
    });
    expect(never.status).toBe(201);
    // The EPJ reads the held report and its PDF, and finds it in a search; a clinician looks at what awaits release.
    expect((await w.fhir.call('GET', `DiagnosticReport/${held.body.id}`)).status).toBe(200);
    expect((await w.fhir.call('GET', `DiagnosticReport?patient=${w.citizen.id}`)).status).toBe(200);
    const binaryId = String(held.body.presentedForm[0].url).replace('Binary/', '');
    expect((await w.fhir.call('GET', `Binary/${binaryId}`)).status).toBe(200);
    expect((await w.staff.get(`/api/staff/units/${w.unit.id}/records/awaiting-release`)).status).toBe(200);
    // A document released at once, and one released then withdrawn: the citizen may have seen both, so both are in the log.
    const doc = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise' }));
    const gone = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Feil pasient' }));
    expect((await w.fhir.call('PUT', `DocumentReference/${gone.body.id}`, { ...documentReference(w.citizen.id, w.unit.id, { title: 'Feil pasient', status: 'entered-in-error' }), id: gone.body.id })).status).toBe(200);

    const entries = async () => ((await w.me.get('/api/citizen/access-log?limit=100')).json() as Json).items as Json[];
    const about = (list: Json[], type: string) => list.filter((e) => e.objectType === type).map((e) => e.action).sort();
    const before = await entries();
    // The released documents' entries are there; nothing of the held or the never-released report.
    expect(about(before, 'DocumentReference')).toEqual(['record.create', 'record.create', 'record.withdraw']);
    expect(about(before, 'DiagnosticReport')).toEqual([]);
    expect(about(before, 'Binary')).toEqual([]);
    expect(about(before, 'record')).toEqual([]);
    expect(JSON.stringify(before)).not.toContain('record.list_awaiting');
    expect(doc.status).toBe(201);

    expect((await w.staff.post(`/api/staff/records/${held.body.id}/release`, { note: 'Godartet.' })).status).toBe(200);
    const after = await entries();
    // Released: what happened to it is in the log now (the never-released report stays out).
    expect(about(after, 'DiagnosticReport')).toEqual(['epj.read', 'epj.search', 'record.create']);
    expect(about(after, 'Binary')).toEqual(['epj.read']);
    expect(about(after, 'record')).toEqual(['record.list_awaiting', 'record.release']);
    expectLogTexts(after as { action: string }[]);
    // The unit's own log keeps everything.
    const all = await w.db.selectFrom('audit_events').select(['action', 'object_id']).where('citizen_id', '=', w.citizen.id).execute();
    expect(all.filter((e) => e.object_id === never.body.id).map((e) => e.action).sort()).toEqual(['epj.search', 'record.create']);
    expect(all.filter((e) => e.object_id === gone.body.id).map((e) => e.action).sort()).toEqual(['record.create', 'record.withdraw']);
  });

  it('manual, then automatic after N days (query-time rule and the durable job); never', async () => {
    const w = await world();
    await w.db.updateTable('persons').set({ phone: '+4790000003' }).where('id', '=', w.citizen.id).execute();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [
        { category: 'pathology', mode: 'manual_then_automatic', autoAfterDays: 7 },
        { category: 'radiology', mode: 'never', autoAfterDays: null },
      ],
    });
    const start = new Date();
    const path = await w.fhir.call('POST', 'DiagnosticReport', {
      ...labPanel(w.citizen.id, w.unit.id, []),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'PAT' }] }],
      code: { text: 'Histologi' },
      conclusion: 'Benign forandring.',
      presentedForm: [{ contentType: 'application/pdf', data: tinyPdf('Histologi').toString('base64') }],
    });
    expect(path.status, JSON.stringify(path.body)).toBe(201);
    const rad = await w.fhir.call('POST', 'DiagnosticReport', {
      ...labPanel(w.citizen.id, w.unit.id, []),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }],
      code: { text: 'MR kne' },
      conclusion: 'Meniskskade.',
    });
    expect(rad.status).toBe(201);
    // Waiting for a clinician: the pathology report (not the never-released one).
    const awaiting = (await w.staff.get(`/api/staff/units/${w.unit.id}/records/awaiting-release`)).json();
    expect(awaiting.items.map((i: Json) => [i.id, i.releaseMode])).toEqual([[path.body.id, 'manual_then_automatic']]);
    // Days later the citizen and the clinician come back in new sessions (the old ones have expired).
    setClock(new Date(start.getTime() + 6 * 86_400_000));
    await login(w.me, 'citizen', w.citizen.accountId);
    expect((await list(w.me, 'result')).items).toEqual([]);
    setClock(new Date(start.getTime() + 7 * 86_400_000 + 60_000));
    await login(w.me, 'citizen', w.citizen.accountId);
    await login(w.staff, 'staff', w.doctor.accountId);
    const visible = await list(w.me, 'result');
    expect(visible.items.map((i: Json) => i.title)).toEqual(['Histologi']);
    expect((await w.me.get(`/api/citizen/records/${path.body.id}/pdf`)).status).toBe(200);
    // The job at that time announces it once (and releases it for good).
    expect(await notices(w.citizen.id)).toHaveLength(0);
    const job = await w.db.selectFrom('jobs').select(['payload', 'run_at']).where('queue', '=', 'records.release').execute();
    expect(job.some((j) => (j.payload as Json).recordId === path.body.id)).toBe(true);
    const handler = releaseJobHandler(createEventBus(srv.config, srv.database));
    await handler({ id: 0, queue: 'records.release', attempt: 1, payload: { recordId: path.body.id }, db: w.db, log: srv.app.log });
    await handler({ id: 0, queue: 'records.release', attempt: 2, payload: { recordId: path.body.id }, db: w.db, log: srv.app.log });
    expect(await notices(w.citizen.id)).toHaveLength(1);
    // Never: not even a clinician can release it.
    const never = await w.staff.post(`/api/staff/records/${rad.body.id}/release`, {});
    expect(never.status).toBe(409);
    expect(never.json().code).toBe('RECORD_NOT_RELEASABLE');
    setClock(new Date(start.getTime() + 400 * 86_400_000));
    await login(w.me, 'citizen', w.citizen.accountId);
    expect((await list(w.me, 'result')).items.map((i: Json) => i.title)).toEqual(['Histologi']);
  });
});

describe('the automatic release job', () => {
  it('the worker releases a result nobody released when its N days have passed, and announces it once', async () => {
    const w = await world();
    await w.db.updateTable('persons').set({ phone: '+4790000004' }).where('id', '=', w.citizen.id).execute();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [{ category: 'lab', mode: 'manual_then_automatic', autoAfterDays: 2 }],
    });
    const r = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...HB, value: 12.5 }]));
    expect(r.status).toBe(201);
    const worker = new Worker(srv.database, srv.app.log).handle(RELEASE_QUEUE, releaseJobHandler(createEventBus(srv.config, srv.database)));
    // Not due: the worker leaves it; the citizen does not see it.
    await worker.drain();
    expect((await list(w.me, 'result')).items).toEqual([]);
    const row = () => w.db.selectFrom('record_items').select(['released_at', 'notified_at', 'auto_release_at']).where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect((await row()).released_at).toBeNull();
    // Two days pass (the item's automatic time and its job moved back, as the database's clock runs the queue).
    const back = sql<Date>`now() - interval '1 minute'`;
    await w.db.updateTable('record_items').set({ auto_release_at: back }).where('id', '=', r.body.id).execute();
    await w.db.updateTable('jobs').set({ run_at: back }).where('queue', '=', RELEASE_QUEUE.name).where('idempotency_key', '=', `${RELEASE_QUEUE.name}:${r.body.id}`).execute();
    await worker.drain();
    const after = await row();
    expect(after.released_at).toEqual(after.auto_release_at);
    expect(after.notified_at).not.toBeNull();
    expect(await notices(w.citizen.id)).toHaveLength(1);
    expect((await list(w.me, 'result')).items.map((i: Json) => i.id)).toEqual([r.body.id]);
    const job = await w.db.selectFrom('jobs').select('state').where('idempotency_key', '=', `${RELEASE_QUEUE.name}:${r.body.id}`).executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
  });
});

describe('representation and youth', () => {
  it('parent of a child sees everything not hidden; parent of a 14-year-old only metadata where the unit chose it; power of attorney with documents', async () => {
    const db = srv.database.db;
    const w = await world();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db, { age: 42, addressKey: addr });
    const youth = await createCitizen(db, { age: 14, addressKey: addr });
    const child = await createCitizen(db, { age: 8, addressKey: addr });
    const grantor = await createCitizen(db, { age: 80 });
    await db.insertInto('parental_responsibilities').values([{ parent_id: parent.id, child_id: youth.id }, { parent_id: parent.id, child_id: child.id }]).execute();
    await db.insertInto('powers_of_attorney').values({ grantor_id: grantor.id, holder_id: parent.id, areas: ['documents'], valid_from: new Date(Date.now() - 60_000), valid_until: null }).execute();
    for (const p of [youth, child, grantor]) await createContact(db, p.id, w.unit.id, { source: 'care_right' });
    const share = async (p: { id: string }, title: string) => (await w.fhir.call('POST', 'DocumentReference', documentReference(p.id, w.unit.id, { title }))).body.id as string;
    const youthDoc = await share(youth, 'Samtale med psykolog');
    const childDoc = await share(child, 'Epikrise barn');
    const childHidden = await share(child, 'Skjult notat');
    const grantorDoc = await share(grantor, 'Epikrise mor');
    expect((await w.staff.post('/api/staff/hidden-from-parents', { objectType: 'record', objectId: childHidden, hidden: true })).status).toBe(200);

    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', parent.accountId);
    const actFor = async (id: string) => expect((await pc.put('/api/citizen/acting-for', { personId: id })).status).toBe(200);

    await actFor(child.id);
    expect((await list(pc, 'document')).items.map((d: Json) => d.title)).toEqual(['Epikrise barn']);
    expect((await pc.get(`/api/citizen/records/${childHidden}`)).status).toBe(404);
    expect((await pc.get(`/api/citizen/records/${childDoc}`)).status).toBe(200);

    await actFor(youth.id);
    // The unit has not chosen metadata for parents: nothing.
    expect((await list(pc, 'document')).items).toEqual([]);
    const refused = await pc.get(`/api/citizen/records/${youthDoc}`);
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('REPRESENTATION_AREA');
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, { parentsOfYouthMetadata: true, categories: [] });
    const meta = await list(pc, 'document');
    expect(meta.items).toEqual([expect.objectContaining({ id: youthDoc, title: null, metadataOnly: true, unit: expect.objectContaining({ id: w.unit.id }) })]);
    expect((await pc.get(`/api/citizen/records/${youthDoc}`)).status).toBe(403);
    expect((await pc.get(`/api/citizen/records/${youthDoc}/pdf`)).status).toBe(403);
    // The youth sees their own in full.
    const yc = new TestClient(srv.url);
    await login(yc, 'citizen', youth.accountId);
    expect((await list(yc, 'document')).items[0]).toMatchObject({ title: 'Samtale med psykolog', metadataOnly: false });

    await actFor(grantor.id);
    expect((await list(pc, 'document')).items.map((d: Json) => d.title)).toEqual(['Epikrise mor']);
    expect((await pc.get(`/api/citizen/records/${grantorDoc}`)).status).toBe(200);
    const log = await db.selectFrom('audit_events').select(['action', 'actor_role']).where('citizen_id', '=', grantor.id).where('actor_kind', '=', 'representative').execute();
    expect(log).toContainEqual({ action: 'record.read', actor_role: 'poa' });
    // What the representative did is in the grantor's log, in words.
    const grantorClient = new TestClient(srv.url);
    await login(grantorClient, 'citizen', grantor.accountId);
    const shown = ((await grantorClient.get('/api/citizen/access-log?limit=100')).json() as Json).items as Json[];
    expect(shown.map((e) => e.action)).toEqual(expect.arrayContaining(['record.read', 'record.create']));
    expectLogTexts(shown as { action: string }[]);
  });

  it('an item withdrawn before its release never shows in the access log, nor does one shared already withdrawn', async () => {
    const w = await world();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [{ category: 'lab', mode: 'manual_then_automatic', autoAfterDays: 2 }],
    });
    const held = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...CRP, value: 9 }]));
    expect(held.status).toBe(201);
    expect((await w.fhir.call('PUT', `DiagnosticReport/${held.body.id}`, { ...labPanel(w.citizen.id, w.unit.id, [{ ...CRP, value: 9 }], { status: 'entered-in-error' }), id: held.body.id })).status).toBe(200);
    const born = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Feil journal', status: 'entered-in-error' }));
    expect(born.status).toBe(201);
    // Past the automatic release time, nothing of either shows: neither was ever released.
    setClock(new Date(Date.now() + 3 * 86_400_000));
    await login(w.me, 'citizen', w.citizen.accountId);
    const log = ((await w.me.get('/api/citizen/access-log?limit=100')).json() as Json).items as Json[];
    expect(log.filter((e) => e.objectType === 'DiagnosticReport' || e.objectType === 'DocumentReference')).toEqual([]);
    setClock(undefined);
    const rows = await w.db.selectFrom('record_items').select(['id', 'released_at', 'auto_release_at']).where('id', 'in', [held.body.id, born.body.id]).execute();
    expect(rows.map((r) => [r.released_at, r.auto_release_at])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("a clinician's hiding of an item the EPJ had hidden becomes the clinician's: the EPJ's next version does not lift it", async () => {
    const db = srv.database.db;
    const w = await world();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db, { age: 39, addressKey: addr });
    const child = await createCitizen(db, { age: 9, addressKey: addr });
    await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    await createContact(db, child.id, w.unit.id, { source: 'care_right' });
    const label = { meta: { security: [{ system: 'https://helsedialog.no/fhir/CodeSystem/access', code: 'hidden-from-parents' }] } };
    const shared = await w.fhir.call('POST', 'DocumentReference', { ...documentReference(child.id, w.unit.id, { title: 'Samtale' }), ...label });
    expect(shared.status).toBe(201);
    expect((await w.staff.post('/api/staff/hidden-from-parents', { objectType: 'record', objectId: shared.body.id, hidden: true })).status).toBe(200);
    expect((await w.fhir.call('PUT', `DocumentReference/${shared.body.id}`, { ...documentReference(child.id, w.unit.id, { title: 'Samtale' }), id: shared.body.id })).status).toBe(200);
    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', parent.accountId);
    expect((await pc.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
    expect((await list(pc, 'document')).items).toEqual([]);
  });

  it('an item the EPJ labels hidden-from-parents is never shown or told to a parent; a later version without the label shows it', async () => {
    const db = srv.database.db;
    const w = await world();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db, { age: 39, addressKey: addr });
    const child = await createCitizen(db, { age: 9, addressKey: addr });
    await db.updateTable('persons').set({ phone: '+4790000005' }).where('id', '=', parent.id).execute();
    await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    await createContact(db, child.id, w.unit.id, { source: 'care_right' });
    const label = { meta: { security: [{ system: 'https://helsedialog.no/fhir/CodeSystem/access', code: 'hidden-from-parents' }] } };
    const shared = await w.fhir.call('POST', 'DocumentReference', { ...documentReference(child.id, w.unit.id, { title: 'Samtale om hjemmet' }), ...label });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    // The EPJ reads its label back.
    expect(shared.body.meta.security).toEqual(label.meta.security);
    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', parent.accountId);
    expect((await pc.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
    expect((await list(pc, 'document')).items).toEqual([]);
    expect((await pc.get(`/api/citizen/records/${shared.body.id}`)).status).toBe(404);
    const toParent = async () =>
      (await db.selectFrom('jobs').select(['payload']).where('queue', '=', 'notify.send').execute()).filter(
        (j) => (j.payload as Json).citizenId === child.id && (j.payload as Json).personId === parent.id,
      );
    expect(await toParent()).toHaveLength(0);
    // A correction that keeps the label keeps it hidden; one without it shows the item.
    const kept = await w.fhir.call('PUT', `DocumentReference/${shared.body.id}`, { ...documentReference(child.id, w.unit.id, { title: 'Samtale om hjemmet (rettet)' }), ...label, id: shared.body.id });
    expect(kept.status).toBe(200);
    expect((await list(pc, 'document')).items).toEqual([]);
    const lifted = await w.fhir.call('PUT', `DocumentReference/${shared.body.id}`, { ...documentReference(child.id, w.unit.id, { title: 'Samtale om hjemmet (rettet)' }), id: shared.body.id });
    expect(lifted.status).toBe(200);
    expect((await list(pc, 'document')).items.map((d: Json) => d.title)).toEqual(['Samtale om hjemmet (rettet)']);
    // A clinician's own hiding is not lifted by the EPJ's next version.
    expect((await w.staff.post('/api/staff/hidden-from-parents', { objectType: 'record', objectId: shared.body.id, hidden: true })).status).toBe(200);
    expect((await w.fhir.call('PUT', `DocumentReference/${shared.body.id}`, { ...documentReference(child.id, w.unit.id, { title: 'Samtale om hjemmet (rettet)' }), id: shared.body.id })).status).toBe(200);
    expect((await list(pc, 'document')).items).toEqual([]);
    // The parent is told of an item not hidden (so the silence above was the label's doing).
    expect((await w.fhir.call('POST', 'DocumentReference', documentReference(child.id, w.unit.id, { title: 'Epikrise' }))).status).toBe(201);
    expect(await toParent()).toHaveLength(1);
  });

  it('"ask about this" starts a thread to the unit that names the item and carries it (about)', async () => {
    const w = await world();
    const doc = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise hjerte' }));
    const r = await w.me.post(`/api/citizen/records/${doc.body.id}/ask`, { text: 'Hva betyr dette for meg?' });
    expect(r.status, r.body).toBe(201);
    const t = await w.me.get(`/api/citizen/threads/${r.json().threadId}`);
    expect(t.status).toBe(200);
    expect(t.json().topic).toBe('Spørsmål om: Epikrise hjerte');
    expect(JSON.stringify(t.json().messages)).toContain('Gjelder: Epikrise hjerte');
    const link = await w.db.selectFrom('record_thread_links').selectAll().where('thread_id', '=', r.json().threadId).executeTakeFirst();
    expect(link?.item_id).toBe(doc.body.id);
    // The thread carries the item it is about (the page links to it), on both sides.
    expect(t.json().about).toEqual({ recordId: doc.body.id, kind: 'document', title: 'Epikrise hjerte' });
    expect((await w.staff.get(`/api/staff/threads/${r.json().threadId}`)).json().about).toEqual({ recordId: doc.body.id, kind: 'document', title: 'Epikrise hjerte' });
    // Withdrawn (entered in error): the thread stays, no longer pointing to an item the citizen cannot open.
    const withdrawn = await w.fhir.call('PUT', `DocumentReference/${doc.body.id}`, {
      ...documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise hjerte', status: 'entered-in-error' }),
      id: doc.body.id,
    });
    expect(withdrawn.status).toBe(200);
    expect((await w.me.get(`/api/citizen/threads/${r.json().threadId}`)).json().about).toBeNull();
  });

  it("a parent's thread about a child's item no longer points to it once the item is hidden from parents", async () => {
    const db = srv.database.db;
    const w = await world();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db, { age: 39, addressKey: addr });
    const child = await createCitizen(db, { age: 9, addressKey: addr });
    await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: child.id }).execute();
    await createContact(db, child.id, w.unit.id, { source: 'care_right' });
    const doc = await w.fhir.call('POST', 'DocumentReference', documentReference(child.id, w.unit.id, { title: 'Epikrise' }));
    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', parent.accountId);
    expect((await pc.put('/api/citizen/acting-for', { personId: child.id })).status).toBe(200);
    const r = await pc.post(`/api/citizen/records/${doc.body.id}/ask`, { text: 'Hva betyr dette?' });
    expect(r.status, r.body).toBe(201);
    expect((await pc.get(`/api/citizen/threads/${r.json().threadId}`)).json().about).toMatchObject({ recordId: doc.body.id });
    expect((await w.staff.post('/api/staff/hidden-from-parents', { objectType: 'record', objectId: doc.body.id, hidden: true })).status).toBe(200);
    const after = await pc.get(`/api/citizen/threads/${r.json().threadId}`);
    expect(after.status).toBe(200);
    expect(after.json().about).toBeNull();
  });
});

describe('a PDF belongs to the item it was first attached to (decision 113)', () => {
  const logOf = async (c: TestClient) => ((await c.get('/api/citizen/access-log?limit=100')).json() as Json).items as Json[];
  const urlId = (r: Json) => String(r.content[0].attachment.url).replace('Binary/', '');

  it('a held document whose PDF the EPJ replaces: no read of either PDF shows in the log before release, and every read is logged', async () => {
    const w = await world();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [{ category: 'document', mode: 'manual', autoAfterDays: null }],
    });
    const doc = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise' }));
    expect(doc.status, JSON.stringify(doc.body)).toBe(201);
    const b1 = urlId(doc.body);
    expect((await w.fhir.call('GET', `Binary/${b1}`)).status).toBe(200);
    const put = await w.fhir.call('PUT', `DocumentReference/${doc.body.id}`, {
      ...documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise', data: tinyPdf('Epikrise rettet') }),
      id: doc.body.id,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const b2 = urlId(put.body);
    expect(b2).not.toBe(b1);
    // The replaced PDF is read again, and the new one: both reads are logged in the patient's chain.
    const old = await w.fhir.call('GET', `Binary/${b1}`);
    expect(old.status).toBe(200);
    expect(old.body.securityContext).toEqual({ reference: `DocumentReference/${doc.body.id}` });
    expect((await w.fhir.call('GET', `Binary/${b2}`)).status).toBe(200);
    const reads = await w.db.selectFrom('audit_events').select(['object_id']).where('citizen_id', '=', w.citizen.id).where('action', '=', 'epj.read').where('object_type', '=', 'Binary').execute();
    expect(reads.map((r) => r.object_id).sort()).toEqual([b1, b1, b2].sort());
    // Still held: the citizen's log tells nothing of it.
    const before = await logOf(w.me);
    expect(before.filter((e) => e.objectType === 'Binary' || e.objectType === 'DocumentReference')).toEqual([]);
    // Released: every entry is there.
    expect((await w.staff.post(`/api/staff/records/${doc.body.id}/release`, {})).status).toBe(200);
    const after = await logOf(w.me);
    expect(after.filter((e) => e.objectType === 'Binary').map((e) => e.action)).toEqual(['epj.read', 'epj.read', 'epj.read']);
  });

  it('refuses a Binary another item has (of another patient or the same), or of another unit; the item keeps its own', async () => {
    const db = srv.database.db;
    const w = await world();
    const other = await createCitizen(db, { age: 50 });
    await createContact(db, other.id, w.unit.id, { source: 'care_right' });
    const unit2 = await createUnit(db, { kind: 'hospital_department' });
    await createContact(db, w.citizen.id, unit2.id, { source: 'care_right' });
    const both = await epj([w.unit.id, unit2.id]);
    const pdf = { resourceType: 'Binary', contentType: 'application/pdf', data: tinyPdf('Notat').toString('base64') };
    const bin = await both.call('POST', 'Binary', { ...pdf, securityContext: { reference: `Organization/${w.unit.id}` } });
    expect(bin.status, JSON.stringify(bin.body)).toBe(201);
    const first = await both.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Notat', binaryId: bin.body.id }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const items = async () => Number((await db.selectFrom('record_items').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', 'in', [w.unit.id, unit2.id]).executeTakeFirst())?.n);
    const before = await items();
    for (const [label, body] of [
      ['another patient', documentReference(other.id, w.unit.id, { title: 'Notat', binaryId: bin.body.id })],
      ['another item of the same patient', documentReference(w.citizen.id, w.unit.id, { title: 'Notat igjen', binaryId: bin.body.id })],
    ] as const) {
      const r = await both.call('POST', 'DocumentReference', body);
      expect(r.status, label).toBe(422);
      expect(r.body.resourceType, label).toBe('OperationOutcome');
      expect(JSON.stringify(r.body.issue), label).toMatch(/another record item/);
    }
    // A Binary created for another unit than the item's.
    const bin2 = await both.call('POST', 'Binary', { ...pdf, securityContext: { reference: `Organization/${unit2.id}` } });
    const cross = await both.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Notat', binaryId: bin2.body.id }));
    expect(cross.status).toBe(422);
    expect(JSON.stringify(cross.body.issue)).toMatch(/another unit/);
    // Nor can a later version of another item take it.
    const second = await both.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Annet notat' }));
    expect(second.status).toBe(201);
    const take = await both.call('PUT', `DocumentReference/${second.body.id}`, { ...documentReference(w.citizen.id, w.unit.id, { title: 'Annet notat', binaryId: bin.body.id }), id: second.body.id });
    expect(take.status).toBe(422);
    expect(await items()).toBe(before + 1);
    // The item's own correction may point to its own PDF again.
    const again = await both.call('PUT', `DocumentReference/${first.body.id}`, { ...first.body, description: 'Notat (rettet)' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const bound = await db.selectFrom('record_binaries').select(['item_id', 'citizen_id']).where('id', '=', bin.body.id).executeTakeFirstOrThrow();
    expect(bound).toEqual({ item_id: first.body.id, citizen_id: w.citizen.id });
    // The other patient's log has nothing of it.
    const reads = await db.selectFrom('audit_events').select('id').where('citizen_id', '=', other.id).where('object_id', '=', bin.body.id).execute();
    expect(reads).toEqual([]);
  });
});

describe('entered-in-error is final (decision 114)', () => {
  it('refuses a change from entered-in-error back to a live status, under every policy; nothing is stored', async () => {
    const w = await world();
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, {
      parentsOfYouthMetadata: false,
      categories: [{ category: 'pathology', mode: 'manual_then_automatic', autoAfterDays: 1 }],
    });
    const pathology = (panel: ReturnType<typeof labPanel>) => ({
      ...panel,
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'PAT' }] }],
      conclusion: 'Benign.',
    });
    const cases = [
      ['automatic (lab)', (status: 'final' | 'entered-in-error') => labPanel(w.citizen.id, w.unit.id, [{ ...CRP, value: 3 }], { status })],
      ['manual, then automatic (pathology)', (status: 'final' | 'entered-in-error') => pathology(labPanel(w.citizen.id, w.unit.id, [], { status }))],
    ] as const;
    for (const [label, body] of cases) {
      const shared = await w.fhir.call('POST', 'DiagnosticReport', body('entered-in-error'));
      expect(shared.status, label).toBe(201);
      const id = shared.body.id as string;
      // A correction that stays withdrawn is a new version, as before.
      expect((await w.fhir.call('PUT', `DiagnosticReport/${id}`, { ...body('entered-in-error'), id })).status, label).toBe(200);
      const back = await w.fhir.call('PUT', `DiagnosticReport/${id}`, { ...body('final'), id });
      expect(back.status, label).toBe(422);
      expect(back.body.resourceType, label).toBe('OperationOutcome');
      expect(JSON.stringify(back.body.issue), label).toMatch(/entered-in-error, which is final/);
      const row = await w.db.selectFrom('record_items').select(['status', 'version', 'released_at', 'auto_release_at']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row, label).toEqual({ status: 'entered_in_error', version: 2, released_at: null, auto_release_at: null });
      expect((await w.fhir.call('GET', `DiagnosticReport/${id}`)).body.status, label).toBe('entered-in-error');
    }
    // A released item withdrawn later cannot come back either.
    const doc = await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id, { title: 'Epikrise' }));
    const withdrawn = await w.fhir.call('PUT', `DocumentReference/${doc.body.id}`, { ...documentReference(w.citizen.id, w.unit.id, { status: 'entered-in-error' }), id: doc.body.id });
    expect(withdrawn.status).toBe(200);
    expect((await w.fhir.call('PUT', `DocumentReference/${doc.body.id}`, { ...documentReference(w.citizen.id, w.unit.id), id: doc.body.id })).status).toBe(422);
    setClock(new Date(Date.now() + 2 * 86_400_000));
    await login(w.me, 'citizen', w.citizen.accountId);
    expect((await list(w.me, 'result')).items).toEqual([]);
    expect((await list(w.me, 'document')).items).toEqual([]);
  });
});

describe('a value with a comparator', () => {
  it('keeps "<", "<=", ">=", ">" and marks the value out of range only when it certainly is', async () => {
    const w = await world();
    const r = await w.fhir.call(
      'POST',
      'DiagnosticReport',
      labPanel(w.citizen.id, w.unit.id, [
        { ...CRP, value: 8, comparator: '<' },
        { ...HB, value: 5, comparator: '<' },
        { code: '33914-3', display: 'eGFR', unit: 'mL/min/1.73m2', value: 90, comparator: '>', low: 60 },
      ]),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The EPJ reads back what it shared.
    expect(r.body.contained[0].valueQuantity).toEqual({ value: 8, comparator: '<', unit: 'mg/L' });
    const detail = (await w.me.get(`/api/citizen/records/${r.body.id}`)).json();
    expect(detail.observations.map((o: Json) => [o.display, o.comparator, o.valueNum, o.outOfRange])).toEqual([
      ['CRP', '<', 8, null],
      ['Hemoglobin', '<', 5, 'low'],
      ['eGFR', '>', 90, null],
    ]);
    // The list counts what the detail marks (the same rule in SQL).
    expect((await list(w.me, 'result')).items[0].outOfRange).toBe(1);
    const history = (await w.me.get(`/api/citizen/records/analyses/${CRP.code}`)).json();
    expect(history.points.map((p: Json) => [p.comparator, p.valueNum])).toEqual([['<', 8]]);

    const bad = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, [{ ...CRP, value: 8, comparator: 'ad' as '<' }]));
    expect([400, 422]).toContain(bad.status);
    expect(bad.body.resourceType).toBe('OperationOutcome');
  });
});

describe('review: history, metadata view, search and referral dates', () => {
  it("a representative's view of an analysis's history is logged per item shown, each with its unit", async () => {
    const db = srv.database.db;
    const w = await world();
    const unit2 = await createUnit(db, { kind: 'gp_office' });
    const fhir2 = await epj([unit2.id]);
    const addr = `addr-${randomUUID()}`;
    const jon = await createCitizen(db, { age: 40, addressKey: addr });
    const emma = await createCitizen(db, { age: 8, addressKey: addr });
    await db.insertInto('parental_responsibilities').values({ parent_id: jon.id, child_id: emma.id }).execute();
    await createContact(db, emma.id, w.unit.id, { source: 'care_right' });
    await createContact(db, emma.id, unit2.id, { source: 'care_right' });
    const a = await w.fhir.call('POST', 'DiagnosticReport', labPanel(emma.id, w.unit.id, [{ ...HB, value: 12.1 }], { when: '2026-10-01T08:00:00+02:00' }));
    const b = await fhir2.call('POST', 'DiagnosticReport', labPanel(emma.id, unit2.id, [{ ...HB, value: 12.6 }], { when: '2026-11-01T08:00:00+01:00' }));
    expect([a.status, b.status]).toEqual([201, 201]);
    const jc = new TestClient(srv.url);
    await login(jc, 'citizen', jon.accountId);
    expect((await jc.put('/api/citizen/acting-for', { personId: emma.id })).status).toBe(200);
    expect((await jc.get(`/api/citizen/records/analyses/${HB.code}`)).status).toBe(200);
    const log = await db
      .selectFrom('audit_events')
      .select(['object_id', 'unit_id', 'unit_name', 'actor_role'])
      .where('citizen_id', '=', emma.id)
      .where('action', '=', 'record.history.read')
      .execute();
    const units = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', [w.unit.id, unit2.id]).execute();
    const name = (id: string) => units.find((u) => u.id === id)!.name;
    expect(log.sort((x, y) => String(x.object_id).localeCompare(String(y.object_id)))).toEqual(
      [
        { object_id: a.body.id, unit_id: w.unit.id, unit_name: name(w.unit.id), actor_role: 'parent' },
        { object_id: b.body.id, unit_id: unit2.id, unit_name: name(unit2.id), actor_role: 'parent' },
      ].sort((x, y) => x.object_id.localeCompare(y.object_id)),
    );
  });

  it("a parent's metadata view of a youth's result names the kind, not the category", async () => {
    const db = srv.database.db;
    const w = await world();
    const addr = `addr-${randomUUID()}`;
    const parent = await createCitizen(db, { age: 44, addressKey: addr });
    const youth = await createCitizen(db, { age: 14, addressKey: addr });
    await db.insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: youth.id }).execute();
    await createContact(db, youth.id, w.unit.id, { source: 'care_right' });
    await w.staff.put(`/api/staff/units/${w.unit.id}/records/policy`, { parentsOfYouthMetadata: true, categories: [] });
    const r = await w.fhir.call('POST', 'DiagnosticReport', {
      ...labPanel(youth.id, w.unit.id, []),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'PAT' }] }],
      code: { text: 'Celleprøve' },
      conclusion: 'Normal.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const pc = new TestClient(srv.url);
    await login(pc, 'citizen', parent.accountId);
    expect((await pc.put('/api/citizen/acting-for', { personId: youth.id })).status).toBe(200);
    const meta = await list(pc, 'result');
    expect(meta.items).toEqual([expect.objectContaining({ id: r.body.id, kind: 'result', category: null, title: null, metadataOnly: true })]);
    // The youth sees the category.
    const yc = new TestClient(srv.url);
    await login(yc, 'citizen', youth.accountId);
    expect((await list(yc, 'result')).items[0]).toMatchObject({ category: 'pathology', title: 'Celleprøve' });
    expect((await yc.get(`/api/citizen/records/${r.body.id}`)).json()).toMatchObject({ category: 'pathology' });
  });

  it('the history of an analysis shows the newest 500 values, oldest first', async () => {
    const w = await world();
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString();
    const values = Array.from({ length: 501 }, (_v, i) => ({ ...HB, value: 12 + (i % 10) / 10, when: day(i) }));
    const r = await w.fhir.call('POST', 'DiagnosticReport', labPanel(w.citizen.id, w.unit.id, values, { when: day(500) }));
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
    const h = (await w.me.get(`/api/citizen/records/analyses/${HB.code}`)).json();
    expect(h.points).toHaveLength(500);
    expect(h.points[0].effectiveAt).toBe(day(1));
    expect(h.points[499].effectiveAt).toBe(day(500));
    const at = h.points.map((p: Json) => p.effectiveAt as string);
    expect([...at].sort()).toEqual(at);
  });

  it('a search by both patient and subject applies both', async () => {
    const db = srv.database.db;
    const w = await world();
    const other = await createCitizen(db, { age: 33 });
    await createContact(db, other.id, w.unit.id, { source: 'care_right' });
    expect((await w.fhir.call('POST', 'DocumentReference', documentReference(w.citizen.id, w.unit.id))).status).toBe(201);
    expect((await w.fhir.call('POST', 'DocumentReference', documentReference(other.id, w.unit.id))).status).toBe(201);
    const mismatch = await w.fhir.call('GET', `DocumentReference?patient=${w.citizen.id}&subject=Patient/${other.id}`);
    expect(mismatch.status).toBe(200);
    expect(mismatch.body.total).toBe(0);
    const same = await w.fhir.call('GET', `DocumentReference?patient=${w.citizen.id}&subject=Patient/${w.citizen.id}`);
    expect(same.body.total).toBe(1);
    expect(same.body.entry[0].resource.subject.reference).toBe(`Patient/${w.citizen.id}`);
  });

  it('refuses a referral status date more than a day ahead; a clock a little ahead is tolerated', async () => {
    const w = await world();
    const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();
    const items = await count('record_items', w.unit.id);
    const future = await w.fhir.call('POST', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'received', { at: ahead(3 * 86_400_000) }));
    expect(future.status).toBe(422);
    expect(future.body.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(future.body.issue)).toMatch(/more than a day ahead/);
    expect(await count('record_items', w.unit.id)).toBe(items);
    const created = await w.fhir.call('POST', 'ServiceRequest', referral(w.citizen.id, w.unit.id, 'received', { at: ahead(60 * 60_000) }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const later = await w.fhir.call('PUT', `ServiceRequest/${id}`, { ...referral(w.citizen.id, w.unit.id, 'assessed', { at: ahead(30 * 86_400_000) }), id });
    expect(later.status).toBe(422);
  });
});
