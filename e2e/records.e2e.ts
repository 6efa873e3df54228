/**
 * The patient's record (issue 21) in the browser. A script acting as the GP office's EPJ (FHIR R4
 * with OAuth2 client credentials, plain HTTP calls) shares a document, a referral with three
 * status changes and a lab panel; the citizen sees them in "Dokumenter", "Henvisninger" and
 * "Prøvesvar"; a result under manual release stays invisible until a clinician releases it; a
 * parent of a 14-year-old sees only what the policy allows (metadata, where the unit chose it).
 * Axe on every page, bokmål and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible as visibleWithin } from './browser.ts';

/** This journey runs on a shared, busy machine: generous waits (they fail only when something never shows). */
const visible = (l: import('playwright-core').Locator) => visibleWithin(l, 45_000);
const POLL = { timeout: 45_000 };
const SLOW = 240_000;

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

async function session(kind: 'citizen' | 'staff', name: string, opts: { en?: boolean; phone?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { phone: opts.phone, locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

// ------------------------------------------------------------------ the EPJ, as a FHIR client

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const EXT = 'https://helsedialog.no/fhir/StructureDefinition/';

async function fhirClient() {
  const res = await fetch(`${base}/fhir/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('demo-gp-epj:demo-gp-epj-secret').toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  const token = ((await res.json()) as { access_token: string }).access_token;
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await fetch(`${base}/fhir/R4/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await r.json()) as Json;
    expect(r.status, `${method} ${path}: ${JSON.stringify(json).slice(0, 300)}`).toBeLessThan(300);
    return json;
  };
}

/** A one-page PDF. */
function pdf(text: string): string {
  const stream = `BT /F1 18 Tf 40 780 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1').toString('base64');
}

async function patientId(fhir: Awaited<ReturnType<typeof fhirClient>>, name: string): Promise<string> {
  const [given, family] = name.split(' ');
  const bundle = await fhir('GET', `Patient?_count=100`);
  const hit = (bundle.entry as { resource: Json }[]).find((e) => e.resource.name?.[0]?.given?.[0] === given && e.resource.name?.[0]?.family === family);
  expect(hit, `Patient ${name}`).toBeTruthy();
  return hit!.resource.id as string;
}

function referral(patient: string, unit: string, status: string, extra: Json[] = []) {
  return {
    resourceType: 'ServiceRequest',
    status: status === 'completed' ? 'completed' : 'active',
    intent: 'order',
    code: { text: 'Henvisning til hjertemedisinsk poliklinikk' },
    subject: { reference: `Patient/${patient}` },
    performer: [{ reference: `Organization/${unit}` }],
    authoredOn: '2026-11-20T09:00:00+01:00',
    extension: [{ url: `${EXT}referral-status`, valueCode: status }, ...extra],
  };
}

function lab(patient: string, unit: string, when: string, hb: number, crp: number) {
  const obs = (id: string, code: string, display: string, value: number, unit_: string, range: Json) => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
    valueQuantity: { value, unit: unit_ },
    referenceRange: [range],
  });
  return {
    resourceType: 'DiagnosticReport',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
    code: { text: 'Blodprøver' },
    subject: { reference: `Patient/${patient}` },
    performer: [{ reference: `Organization/${unit}` }],
    effectiveDateTime: when,
    contained: [
      obs('hb', '718-7', 'Hemoglobin', hb, 'g/dL', { low: { value: 11.7, unit: 'g/dL' }, high: { value: 15.3, unit: 'g/dL' } }),
      obs('crp', '1988-5', 'CRP', crp, 'mg/L', { high: { value: 5, unit: 'mg/L' } }),
    ],
    result: [{ reference: '#hb' }, { reference: '#crp' }],
  };
}

describe('the patient’s record', () => {
  let fhir: Awaited<ReturnType<typeof fhirClient>>;
  let unit: string;
  let kari: string;

  it('the unit administrator sets lab results to manual release and lets parents of young people see metadata', { timeout: SLOW }, async () => {
    fhir = await fhirClient();
    const orgs = await fhir('GET', `Organization?name=${encodeURIComponent(GP)}`);
    unit = (orgs.entry as { resource: Json }[])[0]!.resource.id as string;
    kari = await patientId(fhir, 'Kari Demodatter');

    const mona = await session('staff', 'Mona Strand');
    await mona.getByRole('link', { name: new RegExp(`Svar og dokumenter til frigivelse.*${GP}`) }).click();
    await mona.waitForURL(/\/release$/);
    await visible(mona.getByRole('heading', { level: 2, name: 'Frigivelse av svar og dokumenter' }));
    await mona.getByLabel('Laboratoriesvar').selectOption('manual');
    const meta = mona.getByLabel('Foreldre til ungdom 12–15 år får se at dokumenter og svar finnes, uten innhold');
    await meta.check({ force: true });
    expect(await meta.isChecked()).toBe(true);
    await mona.getByRole('button', { name: 'Lagre' }).click();
    await visible(mona.getByRole('status').getByText('Lagret.'));
    // Saved on the server: a fresh page shows the choices.
    await mona.reload();
    await visible(mona.getByRole('heading', { level: 2, name: 'Frigivelse av svar og dokumenter' }));
    await expect.poll(() => mona.getByLabel('Laboratoriesvar').inputValue(), POLL).toBe('manual');
    expect(await mona.getByLabel('Foreldre til ungdom 12–15 år får se at dokumenter og svar finnes, uten innhold').isChecked()).toBe(true);
    await expectAccessible(mona, 'release page with the policy form');
  });

  it('the EPJ shares a document, a referral with three status changes and a lab panel', { timeout: SLOW }, async () => {
    await fhir('POST', 'DocumentReference', {
      resourceType: 'DocumentReference',
      status: 'current',
      description: 'Epikrise fra hjertemedisinsk',
      subject: { reference: `Patient/${kari}` },
      custodian: { reference: `Organization/${unit}` },
      date: '2026-11-30T10:00:00+01:00',
      content: [{ attachment: { contentType: 'application/pdf', data: pdf('Epikrise'), title: 'Epikrise' } }],
    });
    await fhir('POST', 'DocumentReference', {
      resourceType: 'DocumentReference',
      status: 'current',
      description: 'Journal fra 1998',
      subject: { reference: `Patient/${kari}` },
      custodian: { reference: `Organization/${unit}` },
      date: '1998-05-02T12:00:00+02:00',
      content: [{ attachment: { title: 'Journal fra 1998' } }],
    });
    const sr = await fhir('POST', 'ServiceRequest', referral(kari, unit, 'received', [{ url: `${EXT}referral-status-date`, valueDateTime: '2026-11-21T10:00:00+01:00' }]));
    for (const [status, extra] of [
      ['assessed', [{ url: `${EXT}referral-status-date`, valueDateTime: '2026-11-24T10:00:00+01:00' }]],
      ['right_granted', [{ url: `${EXT}referral-care-start-by`, valueDate: '2027-02-01' }, { url: `${EXT}referral-status-date`, valueDateTime: '2026-11-25T10:00:00+01:00' }]],
      ['appointment_given', [{ url: `${EXT}referral-status-date`, valueDateTime: '2026-12-01T10:00:00+01:00' }]],
    ] as const)
      await fhir('PUT', `ServiceRequest/${sr.id}`, { ...referral(kari, unit, status, [...extra]), id: sr.id });
    // Lab results are manual at this unit now: neither panel is visible until released.
    await fhir('POST', 'DiagnosticReport', lab(kari, unit, '2026-10-01T08:00:00+02:00', 13.4, 3));
    await fhir('POST', 'DiagnosticReport', lab(kari, unit, '2026-12-01T08:00:00+01:00', 10.9, 14));
  });

  it('the citizen sees the documents and the referral; the lab results are not there yet', { timeout: SLOW }, async () => {
    const page = await session('citizen', 'Kari Demodatter');
    await page.getByRole('link', { name: /^Dokumenter/ }).click();
    await page.waitForURL(/\/citizen\/documents$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Dokumenter' }));
    await visible(page.getByText('Ikke tilgjengelig digitalt'));
    await expectAccessible(page, 'documents list');
    await page.getByRole('link', { name: /Epikrise fra hjertemedisinsk/ }).click();
    await page.waitForURL(/\/citizen\/records\/[0-9a-f-]+$/);
    const frame = page.locator('iframe.hd-record-pdf');
    await visible(frame);
    const src = await frame.getAttribute('src');
    const r = await page.request.get(src!);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('application/pdf');
    expect(r.headers()['content-disposition']).toMatch(/^inline/);
    await visible(page.getByRole('link', { name: /Last ned \(PDF/ }));
    await expectAccessible(page, 'document viewer');
    await shot(page, 'records-document');

    await page.goto('/citizen/documents');
    await page.getByRole('link', { name: /Journal fra 1998/ }).click();
    await visible(page.getByText('Dokumentet er ikke tilgjengelig digitalt'));
    await visible(page.getByRole('link', { name: 'Be om kopi av journalen' }));
    await expectAccessible(page, 'document not available digitally');

    await page.goto('/citizen/referrals');
    await page.getByRole('link', { name: /Henvisning til hjertemedisinsk poliklinikk/ }).click();
    await visible(page.getByRole('heading', { level: 2, name: /Status nå: Time er gitt/ }));
    const steps = page.locator('ol.hd-timeline > li');
    await expect.poll(() => steps.count(), POLL).toBe(4);
    await visible(page.getByText(/Helsehjelpen skal starte senest 1\. februar 2027/).first());
    await expectAccessible(page, 'referral timeline');
    await shot(page, 'records-referral');

    await page.goto('/citizen/results');
    await visible(page.getByText('Det er ingen prøvesvar her ennå.'));
  });

  it('a clinician releases the results with a short explanation; the citizen then sees values, ranges and marks, and the history chart', { timeout: SLOW }, async () => {
    const lise = await session('staff', 'Lise Fjellheim');
    await lise.goto(`/clinician/units/${unit}/release`);
    const items = lise.locator('ul.hd-records > li');
    await expect.poll(() => items.count(), POLL).toBe(2);
    await expectAccessible(lise, 'items awaiting release');
    for (let i = 0; i < 2; i++) {
      const first = items.first();
      await first.getByLabel('Kort forklaring til pasienten (valgfritt)').fill('CRP er litt høy, vi tar ny prøve om en uke.');
      await first.getByRole('button', { name: 'Frigi til pasienten' }).click();
      await expect.poll(() => items.count(), POLL).toBe(1 - i);
    }
    await visible(lise.getByText('Ingenting venter på frigivelse.'));

    const page = await session('citizen', 'Kari Demodatter', { en: true });
    await page.getByRole('link', { name: /^Test results/ }).click();
    await page.waitForURL(/\/citizen\/results$/);
    await visible(page.getByText('2 outside the reference range').first());
    await expectAccessible(page, 'results list (English)');
    await page.getByRole('link', { name: 'Blodprøver' }).first().click();
    await visible(page.getByRole('rowheader', { name: 'CRP' }));
    await visible(page.getByText('CRP er litt høy, vi tar ny prøve om en uke.'));
    const crp = page.getByRole('row', { name: /CRP/ });
    await visible(crp.getByText('High'));
    await visible(crp.getByText('below 5'));
    await expectAccessible(page, 'result detail (English)');
    await shot(page, 'records-result-en');
    await page.getByRole('link', { name: /See over time – Hemoglobin/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Hemoglobin over time' }));
    await visible(page.getByRole('img', { name: /Hemoglobin over time, 2 measurements/ }));
    await expect.poll(() => page.locator('table.hd-record-table tbody tr').count(), POLL).toBe(2);
    await expectAccessible(page, 'analysis history chart (English)');
    await shot(page, 'records-history-en');

    // Ask about this: a thread to the unit naming the result.
    await page.goBack();
    await page.getByLabel('Your question').fill('What does the high CRP mean?');
    await page.getByRole('button', { name: 'Send the question' }).click();
    await page.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Spørsmål om: Blodprøver' }));
    // The thread carries the result it is about: a link back to it.
    await page.getByRole('link', { name: 'About: Blodprøver' }).click();
    await page.waitForURL(/\/citizen\/records\/[0-9a-f-]+$/);
    await visible(page.getByRole('rowheader', { name: 'CRP' }));

    // On a phone each row of values stands as a card (the table's roles kept); nothing scrolls sideways.
    const phone = await session('citizen', 'Kari Demodatter', { phone: true });
    await phone.goto(page.url().replace(/^https?:\/\/[^/]+/, ''));
    await visible(phone.getByRole('rowheader', { name: 'CRP' }));
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const wrap = phone.locator('.hd-record-table-wrap');
    expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'result detail (375 px)');
    await shot(phone, 'records-result-375');
  });

  it('a parent of a 14-year-old sees only that documents exist (the unit chose metadata), never their content', { timeout: SLOW }, async () => {
    const jonas = await patientId(fhir, 'Jonas Testrud');
    const doc = await fhir('POST', 'DocumentReference', {
      resourceType: 'DocumentReference',
      status: 'current',
      description: 'Samtale om rusmidler',
      subject: { reference: `Patient/${jonas}` },
      custodian: { reference: `Organization/${unit}` },
      date: '2026-12-02T10:00:00+01:00',
      content: [{ attachment: { contentType: 'application/pdf', data: pdf('Samtale'), title: 'Samtale' } }],
    });
    const nina = await session('citizen', 'Nina Testrud');
    await nina.getByRole('button', { name: /^(Bytt person|Switch person)$/ }).click();
    await nina.getByRole('button', { name: /Jonas/ }).click();
    // The page stays /citizen: wait until the header says whom she acts for.
    await visible(nina.locator('.hd-rep-bar__who').getByText(/Nina Testrud på vegne av Jonas Testrud/));
    // The start page offers the documents of the person acted for. It re-renders as its lists
    // refetch for Jonas, and a click on a link being replaced can be lost on a loaded machine
    // (seen in full journey runs): the link's address is checked, then opened — the choice of
    // person is the session's, so the banner must still say on whose behalf.
    const documents = nina.getByRole('link', { name: /^Dokumenter/ });
    await visible(documents);
    expect(await documents.getAttribute('href')).toBe('/citizen/documents');
    await nina.goto('/citizen/documents');
    await visible(nina.locator('.hd-rep-bar__who').getByText(/Nina Testrud på vegne av Jonas Testrud/));
    await shot(nina, 'records-parent-of-youth-list');
    await visible(nina.getByText(/Du ser at dette finnes, men ikke hva det står/));
    await visible(nina.getByText(`Dokument fra ${GP}`));
    expect(await nina.getByText('Samtale om rusmidler').count()).toBe(0);
    expect(await nina.getByRole('link', { name: /Dokument fra/ }).count()).toBe(0);
    await expectAccessible(nina, 'documents of a youth, as a parent (metadata only)');
    await shot(nina, 'records-parent-of-youth');
    const direct = await nina.request.get(`/api/citizen/records/${doc.id}`);
    expect(direct.status()).toBe(403);
    const pdfRes = await nina.request.get(`/api/citizen/records/${doc.id}/pdf`);
    expect(pdfRes.status()).toBe(403);

    // Jonas himself sees it in full.
    const own = await session('citizen', 'Jonas Testrud', { phone: true });
    await own.goto('/citizen/documents');
    await visible(own.getByRole('link', { name: /Samtale om rusmidler/ }));
    await expectAccessible(own, 'documents of a youth, as the youth (375 px)');
  });
});
