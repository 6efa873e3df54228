/**
 * Dialog journeys: citizen and clinician in two browser contexts, against the shared demo server.
 * Topics are unique per run (the server lives for the whole run).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
const run = Date.now().toString(36);
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

/** A PDF small enough to read: one empty page. */
function tinyPdf(): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n');
  return Buffer.from(body, 'latin1');
}

async function session(kind: 'citizen' | 'staff', name: string, opts: { phone?: boolean; en?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { phone: opts.phone, locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/** From the citizen start page to the GP's services page; returns the contact id. */
async function openGpServices(page: Page): Promise<string> {
  await page.goto('/citizen');
  await page.getByRole('link', { name: new RegExp(`Tjenester og meldinger.*${GP}|Services and messages.*${GP}`) }).click();
  await page.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
  await visible(page.getByRole('heading', { level: 1, name: GP }));
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** Fills topic (the "Annet" free text when the unit suggests topics) and text. */
async function writeTopicAndText(page: Page, topic: string, text: string) {
  await visible(page.locator('#message-text'));
  const other = page.getByRole('radio', { name: /^(Annet|Other)$/ });
  if (await other.count()) await other.check({ force: true });
  await page.locator('#topic-own').fill(topic);
  await page.locator('#message-text').fill(text);
}

async function sendAndOpenThread(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^(Send|Be om journalkopi)$/ }).click();
  await page.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

async function openStaffThread(page: Page, threadId: string) {
  await page.goto(`/clinician/threads/${threadId}`);
  await visible(page.getByRole('heading', { level: 1 }));
}

describe('dialog', () => {
  it('e-konsultasjon with a PDF: Kari asks, Lise answers from the team inbox, both see delivery and reading', { timeout: 150_000 }, async () => {
    const topic = `Utslett etter ny medisin ${run}`;
    const kari = await session('citizen', 'Kari Demodatter');
    await expectAccessible(kari, 'citizen start page with service links');
    await openGpServices(kari);
    await expectAccessible(kari, 'services on offer');
    await shot(kari, 'dialog-services-nb');
    await kari.getByRole('link', { name: 'E-konsultasjon' }).click();
    await kari.waitForURL(/\/new\/ekonsultasjon$/);
    await visible(kari.getByText(/egenandel/i).first());
    await writeTopicAndText(kari, topic, 'Jeg har fått utslett på armene etter at jeg begynte på ny medisin. Se vedlagt bilde.');
    await kari.locator('input[type="file"]').setInputFiles({ name: 'utslett.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await visible(kari.getByText('utslett.pdf').first());
    await expectAccessible(kari, 'write e-konsultasjon');
    await shot(kari, 'dialog-write-ekonsultasjon-nb');
    const threadId = await sendAndOpenThread(kari);
    await visible(kari.getByRole('heading', { level: 1, name: topic }));
    await visible(kari.getByRole('link', { name: /Last ned utslett\.pdf/ }));
    await visible(kari.getByText('Levert').first());
    await expectAccessible(kari, 'citizen thread after sending');

    const lise = await session('staff', 'Lise Fjellheim');
    await lise.getByRole('link', { name: new RegExp(`Innboks.*${GP}`) }).click();
    await lise.waitForURL(/\/clinician\/units\/[0-9a-f-]+$/);
    const row = lise.getByRole('link', { name: new RegExp(topic) });
    await visible(row);
    await expect.poll(() => row.locator('xpath=ancestor::li[1]').getAttribute('class')).toMatch(/hd-thread-row--unread/);
    await expectAccessible(lise, 'team inbox');
    await shot(lise, 'dialog-inbox-nb');
    await row.click();
    // The conversation opens beside the inbox list (…/units/:unitId/threads/:threadId).
    await lise.waitForURL(new RegExp(`/threads/${threadId}$`));
    await visible(lise.getByText('Intern – vises ikke for innbygger'));
    await visible(lise.getByText(/^Svarfrist /));
    await visible(lise.getByRole('link', { name: /Last ned utslett\.pdf/ }));
    const answer = `Dette ser ut som en allergisk reaksjon. Slutt med medisinen og ring oss i morgen. ${run}`;
    await lise.locator('#staff-reply-text').fill(answer);
    await lise.getByRole('button', { name: 'Send svar' }).click();
    await visible(lise.getByText(answer));
    // Delivered, and not yet read — unless Kari's open thread (live) has already read it.
    await visible(lise.getByText(/Ikke lest av innbygger ennå|Lest av innbygger/).first());
    await visible(lise.getByText(/Egenandel registrert/));
    // Answered: the deadline no longer applies, so it is not shown.
    await expect.poll(() => lise.getByText(/^Svarfrist /).count()).toBe(0);
    await expectAccessible(lise, 'staff thread after answering');
    await shot(lise, 'dialog-staff-thread-nb');

    // Kari's open thread updates live; opening it marks Lise's answer read.
    await visible(kari.getByText(answer), 15_000);
    await kari.reload();
    await visible(kari.getByText(answer));
    await shot(kari, 'dialog-thread-answered-nb');
    // Lise's open thread shows the read receipt live.
    await visible(lise.getByText(/Lest av innbygger/), 15_000);
    await shot(lise, 'dialog-staff-thread-read-nb');
  });

  it('renewal: Kari asks for two prescriptions, Lise renews one and declines one with a standard reason', { timeout: 150_000 }, async () => {
    const kari = await session('citizen', 'Kari Demodatter');
    await openGpServices(kari);
    await kari.getByRole('link', { name: 'Forny resept' }).click();
    await kari.waitForURL(/\/new\/fornyresept$/);
    await kari.getByRole('checkbox', { name: /Levaxin/ }).check({ force: true });
    await kari.getByRole('checkbox', { name: /Ventoline/ }).check({ force: true });
    await kari.getByRole('radio', { name: /Hent resepten på legekontoret/ }).check({ force: true });
    await expectAccessible(kari, 'write renewal');
    await shot(kari, 'dialog-write-renewal-nb');
    const threadId = await sendAndOpenThread(kari);
    await expect.poll(() => kari.getByText('Venter på vurdering').count()).toBe(2);

    const lise = await session('staff', 'Lise Fjellheim');
    await openStaffThread(lise, threadId);
    await lise
      .getByRole('group', { name: /Levaxin/ })
      .getByRole('radio', { name: 'Forny' })
      .check({ force: true });
    await lise
      .getByRole('group', { name: /Ventoline/ })
      .getByRole('radio', { name: 'Avslå' })
      .check({ force: true });
    const reason = lise.getByRole('combobox', { name: 'Velg en standard begrunnelse' });
    await reason.selectOption({ index: 1 });
    const chosenReason = (await reason.locator('option:checked').textContent())!.trim();
    await expectAccessible(lise, 'staff renewal decision');
    await shot(lise, 'dialog-staff-renewal-nb');
    await lise.getByRole('button', { name: 'Send vurderingen' }).click();
    await visible(lise.getByText(`Begrunnelse: ${chosenReason}`));

    await kari.reload();
    await visible(kari.getByText('Fornyet', { exact: true }).first());
    await visible(kari.getByText('Ikke fornyet', { exact: true }).first());
    await visible(kari.getByText(`Begrunnelse: ${chosenReason}`));
    await expectAccessible(kari, 'citizen renewal decided');
    await shot(kari, 'dialog-renewal-decided-nb');
  });

  it('a "kontakt legekontoret" is turned into an e-konsultasjon; Kari accepts the fee', { timeout: 150_000 }, async () => {
    const topic = `Spørsmål om blodtrykk ${run}`;
    const kari = await session('citizen', 'Kari Demodatter');
    await openGpServices(kari);
    await kari.getByRole('link', { name: 'Kontakt legekontoret' }).click();
    await kari.waitForURL(/\/new\/ekontakt$/);
    await writeTopicAndText(kari, topic, 'Blodtrykket mitt var 160/100 i dag. Bør jeg øke dosen?');
    await expectAccessible(kari, 'write e-kontakt');
    const threadId = await sendAndOpenThread(kari);

    const lise = await session('staff', 'Lise Fjellheim');
    await openStaffThread(lise, threadId);
    await visible(lise.getByText(/må godta den før du kan svare/));
    await lise.getByRole('combobox', { name: 'Ny type' }).selectOption('ekonsultasjon');
    await lise.getByRole('button', { name: 'Endre type' }).click();
    await visible(lise.getByText(/Venter på at innbyggeren godtar egenandelen/));
    await expectAccessible(lise, 'staff thread awaiting conversion');

    await kari.reload();
    await visible(kari.getByRole('heading', { name: 'Henvendelsen må bli en e-konsultasjon' }));
    await visible(kari.getByRole('button', { name: /Godta egenandel på .*167,00/ }));
    await expectAccessible(kari, 'conversion panel');
    await shot(kari, 'dialog-conversion-nb');
    await kari.getByRole('button', { name: /Godta egenandel/ }).click();
    await visible(kari.getByText('Du godtok e-konsultasjon med egenandel.'));
    await expect(kari.locator('.hd-facts-inline').getByText('E-konsultasjon', { exact: true }).count()).resolves.toBe(1);
    await expect(kari.getByRole('heading', { name: 'Henvendelsen må bli en e-konsultasjon' }).count()).resolves.toBe(0);

    await lise.reload();
    await visible(lise.getByText('Innbyggeren godtok e-konsultasjon med egenandel.'));
    await expect(lise.locator('.hd-facts-inline').getByText('E-konsultasjon', { exact: true }).count()).resolves.toBe(1);
  });

  it('Mona switches e-konsultasjon off: Kari no longer sees it and a direct POST is refused', { timeout: 150_000 }, async () => {
    const mona = await session('staff', 'Mona Strand');
    await mona.getByRole('link', { name: new RegExp(`Tjenester.*${GP}`) }).click();
    await mona.waitForURL(/\/services$/);
    const section = mona.getByRole('region', { name: 'E-konsultasjon' });
    const toggle = async (on: boolean) => {
      const box = section.getByRole('checkbox', { name: 'Slått på for enheten' });
      // The design system draws its own box over the input; set the input itself.
      await box.setChecked(on, { force: true });
      await section.getByRole('button', { name: 'Lagre E-konsultasjon' }).click();
      await visible(section.getByText('E-konsultasjon er lagret.'));
      await visible(section.getByText(on ? 'På' : 'Av', { exact: true }));
    };
    await expectAccessible(mona, 'services admin');
    await shot(mona, 'dialog-admin-services-nb');
    await toggle(false);
    try {
      const kari = await session('citizen', 'Kari Demodatter');
      const contactId = await openGpServices(kari);
      await visible(kari.getByRole('link', { name: 'Kontakt legekontoret' }));
      expect(await kari.getByRole('link', { name: 'E-konsultasjon' }).count()).toBe(0);
      expect(await kari.getByText('E-konsultasjon', { exact: true }).count()).toBe(0);
      await expectAccessible(kari, 'services without e-konsultasjon');
      const me = (await (await kari.request.get('/api/me')).json()) as { csrfToken: string };
      const res = await kari.request.post(`/api/citizen/contacts/${contactId}/threads`, {
        headers: { 'x-csrf-token': me.csrfToken, origin: base },
        data: { kind: 'ekonsultasjon', topic: `Direkte ${run}`, text: 'Forsøk uten tjenesten.' },
      });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('SERVICE_OFF');
    } finally {
      await toggle(true);
    }
  });

  it('text with HTML and script shows as text in both UIs and never runs', { timeout: 150_000 }, async () => {
    const evil = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
    const topic = `Test av tegn ${run}`;
    const kari = await session('citizen', 'Kari Demodatter');
    await openGpServices(kari);
    await kari.getByRole('link', { name: 'Kontakt legekontoret' }).click();
    await writeTopicAndText(kari, topic, `${evil}\nSe https://www.helsenorge.no/ og javascript:alert(1)`);
    const threadId = await sendAndOpenThread(kari);
    await visible(kari.getByText(evil, { exact: false }));
    const link = kari.getByRole('link', { name: /https:\/\/www\.helsenorge\.no\// });
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    expect(await kari.getByRole('link', { name: /javascript:/ }).count()).toBe(0);
    expect(await kari.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await kari.locator('.hd-msg img').count()).toBe(0);

    const lise = await session('staff', 'Lise Fjellheim');
    await openStaffThread(lise, threadId);
    await visible(lise.getByText(evil, { exact: false }));
    await lise.locator('#note-text').fill(evil);
    await lise.getByRole('button', { name: 'Lagre notat' }).click();
    await expect.poll(() => lise.locator('.hd-notes').getByText(evil, { exact: false }).count()).toBe(1);
    expect(await lise.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await lise.locator('.hd-msg img, .hd-notes img').count()).toBe(0);
    await expectAccessible(lise, 'staff thread with HTML text');

    await kari.reload();
    await visible(kari.getByText(evil, { exact: false }));
    expect(await kari.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Internal notes never reach the citizen.
    expect(await kari.locator('.hd-notes').count()).toBe(0);
  });

  it('works in English on a 375 px phone', { timeout: 150_000 }, async () => {
    const kari = await session('citizen', 'Kari Demodatter', { phone: true, en: true });
    await visible(kari.getByRole('link', { name: /^Messages/ }));
    await openGpServices(kari);
    await expectAccessible(kari, 'services (en, phone)');
    await shot(kari, 'dialog-services-en-phone');
    await kari.getByRole('link', { name: 'E-consultation' }).click();
    await visible(kari.getByText(/patient fee/).first());
    await expectAccessible(kari, 'write e-consultation (en, phone)');
    await shot(kari, 'dialog-write-en-phone');
    await kari.getByRole('link', { name: /^Messages/ }).click();
    await kari.waitForURL(/\/citizen\/messages$/);
    await visible(kari.getByRole('heading', { level: 1, name: 'Messages' }));
    await expectAccessible(kari, 'messages (en, phone)');
    await shot(kari, 'dialog-messages-en-phone');
    await kari.locator('.hd-thread-row a').first().click();
    await kari.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
    await visible(kari.getByRole('link', { name: 'Back to messages' }));
    await expectAccessible(kari, 'thread (en, phone)');
    await shot(kari, 'dialog-thread-en-phone');
    const overflow = await kari.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    const lise = await session('staff', 'Lise Fjellheim', { phone: true, en: true });
    await lise.getByRole('link', { name: new RegExp(`Inbox.*${GP}`) }).click();
    await visible(lise.getByRole('heading', { level: 1, name: 'Inbox' }));
    await expectAccessible(lise, 'inbox (en, phone)');
    await shot(lise, 'dialog-inbox-en-phone');
    await lise.locator('.hd-thread-row a').first().click();
    await lise.waitForURL(/\/threads\/[0-9a-f-]+$/);
    await visible(lise.getByText('Internal – not shown to the citizen'));
    await expectAccessible(lise, 'staff thread (en, phone)');
    await shot(lise, 'dialog-staff-thread-en-phone');
    const o2 = await lise.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(o2).toBeLessThanOrEqual(1);
  });
});
