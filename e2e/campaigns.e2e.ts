/**
 * Dialog to many in the browser: Per Sjøberg (coordinator) sends "Ønsker du fortsatt å stå på
 * venteliste?" to the 500+ patients on the heart clinic's waiting list through the wizard, and
 * watches the progress bar until all are processed; Kari answers Ja with the button in her
 * conversation, 29 more answer (through the citizen's own reply path, by a NODE_ENV=test
 * fixture); the result table shows 30 answers; 8 days later (the test moves the campaign's
 * clock) the reminder goes once; 15 days later the paper list holds those not digital and those
 * who never read, with a PDF batch. Axe on every page, in bokmål and English, and at 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const UNIT = 'Hjertemedisinsk poliklinikk, Sykehuset Nordvest';
const QUESTION = 'Ønsker du fortsatt å stå på venteliste?';
const TOPIC = 'Ventelisten ved Hjertemedisinsk poliklinikk';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  // Midday in Oslo: SMS are not held for quiet hours whenever the suite runs.
  const noon = new Date();
  noon.setUTCHours(11, 0, 0, 0);
  await post('/api/test/notify/clock', { at: noon.toISOString() });
});
afterAll(async () => {
  await post('/api/test/notify/clock', { at: null });
  await browser?.close();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

interface Recipient {
  answer: string;
  remindedAt: string | null;
  paper: string | null;
  delivery: string;
}

describe('a campaign to the waiting list', () => {
  let campaignUrl = '';
  let campaignId = '';
  let unitId = '';

  it('is composed in the wizard, started, and the progress bar runs to the end for 500 patients', { timeout: 420_000 }, async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'staff', 'Per Sjøberg');
    await page.waitForURL(/\/clinician$/);
    const units = (await (await page.request.get('/api/staff/units')).json()) as { items: Array<{ id: string; name: string }> };
    unitId = units.items.find((u) => u.name === UNIT)!.id;
    expect((await post('/api/test/campaigns/waitlist', { unitId, count: 500 })).status).toBe(200);

    await page.getByRole('link', { name: `Utsendelser – ${UNIT}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Utsendelser' }));
    await expectAccessible(page, 'campaign list (empty)');
    await page.getByRole('link', { name: 'Ny utsendelse' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ny utsendelse' }));
    // A pasted list is checked line by line.
    await page.getByLabel('En liste med fødselsnumre').check();
    await page.getByLabel('Fødselsnumre, ett per linje').fill('12345678901\n0101');
    await page.getByRole('button', { name: 'Sjekk listen' }).click();
    await visible(page.getByTestId('lines'));
    await expect.poll(() => page.getByTestId('lines').getByText('Ikke et gyldig fødselsnummer').count()).toBe(2);
    await expectAccessible(page, 'wizard: list check');
    await page.getByLabel('Pasienter på venteliste hos enheten').check();
    await page.getByRole('button', { name: 'Neste' }).click();

    // The message, with an empty text first: the wizard says what is missing.
    await page.getByLabel('Navn på utsendelsen (bare for enheten)').fill('Venteliste desember');
    await page.getByLabel('Emne').fill(TOPIC);
    await page.getByRole('button', { name: 'Neste' }).click();
    await visible(page.getByText('Fyll ut dette feltet.').first());
    await page.getByLabel('Tekst til pasientene').fill('Du står på venteliste for utredning hos oss. Vi rydder i ventelisten.');
    await page.getByLabel('Spørsmål (valgfritt)').fill(QUESTION);
    await page.getByLabel('Svaralternativer, ett per linje').fill('Ja\nNei');
    await page.getByLabel('Påminnelse etter antall dager uten svar').fill('7');
    await page.getByLabel('Papirbrev etter antall dager uten lesing').fill('14');
    await expectAccessible(page, 'wizard: message');
    await page.getByRole('button', { name: 'Neste' }).click();
    await visible(page.getByRole('heading', { name: 'Se over før du lager utsendelsen' }));
    await expectAccessible(page, 'wizard: review');
    await page.getByRole('button', { name: 'Lag utsendelsen' }).click();
    await page.waitForURL(/\/clinician\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = new URL(page.url()).pathname;
    campaignId = campaignUrl.split('/').at(-1)!;
    await visible(page.getByTestId('campaign-state').getByText('Utkast'));
    const total = Number(await page.getByTestId('count-total').textContent());
    expect(total).toBeGreaterThanOrEqual(500);

    await page.getByRole('button', { name: 'Start utsendelsen' }).click();
    await visible(page.getByRole('button', { name: 'Sett på pause' }));
    // The bar moves while the job sends (polled); a second start through the API changes nothing.
    await expect.poll(async () => Number(await page.locator('#camp-progress').getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(page, 'campaign-progress');
    const csrf = ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
    const again = await page.request.post(`/api/staff/campaigns/${campaignId}/start`, { headers: { 'x-csrf-token': csrf } });
    expect(again.status()).toBe(200);
    await visible(page.getByTestId('campaign-state').getByText('Ferdig sendt'), 360_000);
    expect(await page.getByTestId('campaign-progress').textContent()).toBe(`${total} av ${total} behandlet`);
    // Not digital (every tenth synthetic patient): not notified, with the reason; nobody is "sent" without a notice.
    await expect.poll(async () => Number(await page.getByTestId('count-notified').textContent()), { timeout: 120_000 }).toBeGreaterThanOrEqual(450);
    expect(Number(await page.getByTestId('count-failed').textContent())).toBeGreaterThanOrEqual(50);
    await expectAccessible(page, 'campaign done');
    await shot(page, 'campaign-done');
    const threads = (await (await page.request.get(`/api/staff/campaigns/${campaignId}/recipients`)).json()) as { items: Array<{ threadId: string }> };
    expect(new Set(threads.items.map((r) => r.threadId)).size).toBe(total);
    await ctx.close();
  });

  it('takes 30 answers — Kari with the button in her conversation — and shows them in the result table', { timeout: 180_000 }, async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter');
    await page.waitForURL(/\/citizen$/);
    await page.goto('/citizen/messages');
    await page.getByRole('link', { name: new RegExp(TOPIC) }).first().click();
    await visible(page.getByRole('heading', { name: 'Svar på spørsmålet' }));
    await expectAccessible(page, 'citizen thread with a question');
    await page.getByRole('button', { name: 'Ja', exact: true }).click();
    await visible(page.getByText('Du har svart: Ja.', { exact: false }));
    await shot(page, 'campaign-citizen-answered');
    await ctx.close();

    expect((await (await post(`/api/test/campaigns/${campaignId}/answers`, { count: 20, choice: 'Ja' })).json()).answered).toBe(20);
    expect((await (await post(`/api/test/campaigns/${campaignId}/answers`, { count: 9, choice: 'Nei' })).json()).answered).toBe(9);

    const sctx = await newContext(browser, base);
    const staff = await sctx.newPage();
    await loginAs(staff, 'staff', 'Per Sjøberg');
    await staff.waitForURL(/\/clinician$/);
    await staff.goto(campaignUrl);
    await expect.poll(async () => Number(await staff.getByTestId('count-answered').textContent())).toBe(30);
    await staff.getByRole('button', { name: 'Vis resultattabellen' }).click();
    await visible(staff.getByTestId('results'));
    // The answer is the fourth column ("Lest" says "Nei" for every unread message).
    const answers = staff.getByTestId('results').locator('tbody tr td:nth-child(4)');
    await expect.poll(() => answers.filter({ hasText: /^Nei/ }).count()).toBe(9);
    await expect.poll(() => answers.filter({ hasText: /^Ja/ }).count()).toBe(21);
    await expectAccessible(staff, 'campaign results');
    const csv = await staff.request.get(`/api/staff/campaigns/${campaignId}/results.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).split('"choice"').length - 1).toBe(30);
    await sctx.close();
  });

  it('reminds once after the days, and lists the paper letters with a PDF batch', { timeout: 240_000 }, async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'staff', 'Per Sjøberg');
    await page.waitForURL(/\/clinician$/);
    const recipients = async () => ((await (await page.request.get(`/api/staff/campaigns/${campaignId}/recipients`)).json()) as { items: Recipient[] }).items;
    expect((await recipients()).filter((r) => r.remindedAt)).toHaveLength(0);
    expect((await post(`/api/test/campaigns/${campaignId}/advance`, { days: 8 })).status).toBe(200);
    // The reminder job is due now: every digital recipient who neither read nor answered gets one.
    await expect.poll(async () => (await recipients()).filter((r) => r.remindedAt).length, { timeout: 180_000, interval: 2000 }).toBeGreaterThan(400);
    const reminded = (await recipients()).filter((r) => r.remindedAt);
    expect(reminded.every((r) => r.answer === 'none' && r.delivery === 'notified')).toBe(true);

    expect((await post(`/api/test/campaigns/${campaignId}/advance`, { days: 7 })).status).toBe(200);
    await page.goto(campaignUrl);
    await page.getByRole('link', { name: 'Papirlisten for denne utsendelsen' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ikke lest og papirliste' }));
    await visible(page.getByTestId('paper'));
    const rows = await page.getByTestId('paper').locator('tbody tr').count();
    expect(rows).toBeGreaterThan(400);
    expect(await page.getByTestId('paper').getByRole('cell', { name: 'Bruker ikke helsedialog' }).count()).toBeGreaterThanOrEqual(50);
    await expectAccessible(page, 'paper list');
    await shot(page, 'campaign-paper-list');
    const href = await page.getByRole('link', { name: 'Skriv ut alle som PDF' }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // No reminder twice: the job ran once.
    expect((await recipients()).filter((r) => r.remindedAt).length).toBe(reminded.length);
    await ctx.close();
  });

  it('works in English on a 375 px phone', { timeout: 120_000 }, async () => {
    const ctx = await newContext(browser, base, { phone: true, locale: 'en-GB' });
    const page: Page = await ctx.newPage();
    await loginAs(page, 'staff', 'Per Sjøberg');
    await page.waitForURL(/\/clinician$/);
    await page
      .getByRole('button', { name: /english/i })
      .or(page.getByRole('link', { name: /english/i }))
      .or(page.getByRole('combobox'))
      .first()
      .click();
    const lang = page.getByRole('option', { name: /english/i });
    if (await lang.count()) await lang.first().click();
    await page.goto(campaignUrl);
    await visible(page.getByTestId('campaign-state').getByText('All sent'));
    await expectAccessible(page, 'campaign (en, phone)');
    await page.getByRole('button', { name: 'Show the result table' }).click();
    await visible(page.getByTestId('results'));
    await expectAccessible(page, 'campaign results (en, phone)');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'campaign-en-phone');
    await page.goto(`/clinician/units/${unitId}/not-read`);
    await visible(page.getByRole('heading', { level: 1, name: 'Not read and paper list' }));
    await expectAccessible(page, 'not read and paper list (en, phone)');
    await page.goto(`/clinician/units/${unitId}/campaigns/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'New campaign' }));
    await expectAccessible(page, 'wizard (en, phone)');
    await ctx.close();
  });
});
