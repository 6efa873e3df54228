/**
 * Tools and tasks, as the people who use them: the catalogue administrator adds a tool; Lise,
 * the GP, sends it to Kari from the patient page with a note and a deadline; Kari sees the count
 * on her start page, finds it under Oppgaver, opens it and marks it done; Lise sees it done.
 * Axe on every page, in bokmål, and the task list in English on a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
const TOOL = `Søvnskole ${Date.now().toString(36)}`;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function session(kind: 'citizen' | 'staff', name: string, opts: { phone?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, opts);
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

describe('tools and tasks', () => {
  it('a catalogue administrator adds a tool; a GP sends it; the patient does it; the GP sees it done', { timeout: 180_000 }, async () => {
    const per = await session('staff', 'Per Sjøberg');
    await per.getByRole('link', { name: 'Verktøykatalogen' }).click();
    await per.waitForURL(/\/clinician\/tools$/);
    await visible(per.getByRole('heading', { level: 1, name: 'Verktøykatalogen' }));
    await visible(per.getByRole('heading', { name: 'Søvndagbok' }));
    await per.getByRole('button', { name: 'Legg til verktøy' }).click();
    await per.getByLabel('Navn').fill(TOOL);
    await per.getByLabel('Hva verktøyet er til').fill('Et kurs i gode søvnvaner over fire uker.');
    await per.getByLabel('Utgiver').fill('Demo: Søvnsenteret');
    await per.getByLabel('Adresse (https://)').fill('https://verktoy.example.no/sovnskole');
    await per.getByLabel('Laveste alder (valgfritt)').fill('18');
    await per.getByRole('checkbox', { name: 'Kvalitetssikret' }).check({ force: true });
    await expectAccessible(per, 'tool catalogue, adding a tool');
    await per.getByRole('button', { name: 'Lagre' }).click();
    await visible(per.getByText(`${TOOL} er lagret.`));
    await visible(per.getByRole('heading', { name: TOOL }));
    await shot(per, 'tools-catalogue-nb');

    const lise = await session('staff', 'Lise Fjellheim');
    // A GP reads the catalogue but cannot change it.
    await lise.getByRole('link', { name: 'Verktøykatalogen' }).click();
    await visible(lise.getByRole('heading', { name: TOOL }));
    expect(await lise.getByRole('button', { name: 'Legg til verktøy' }).count()).toBe(0);
    await lise.goBack();
    await lise.getByRole('link', { name: new RegExp(`Pasienter og foreldretilgang.*${GP}`) }).click();
    await lise.getByLabel('Søk etter navn eller fødselsnummer').fill('Kari');
    await lise.getByRole('link', { name: 'Kari Demodatter' }).click();
    await lise.waitForURL(/\/patients\/[0-9a-f-]+$/);
    await visible(lise.getByRole('heading', { name: 'Send et verktøy' }));
    // Submitting without a tool says what is missing and sends nothing.
    await lise.getByRole('button', { name: 'Send verktøyet' }).click();
    await visible(lise.getByText('Velg verktøy').first());
    await lise.getByLabel('Verktøy', { exact: true }).selectOption({ label: `${TOOL} (Kvalitetssikret)` });
    await lise.getByLabel('Beskjed til pasienten (valgfritt)').fill('Start gjerne denne uken.');
    await lise.getByLabel('Frist (valgfritt)').fill('2099-06-30');
    await lise.getByRole('button', { name: 'Send verktøyet' }).click();
    await visible(lise.getByText(`${TOOL} er sendt.`));
    const sentRow = lise.getByRole('list', { name: 'Sendte verktøy' }).getByRole('listitem').filter({ hasText: TOOL });
    await visible(sentRow.getByText(/Ikke åpnet/));
    await expectAccessible(lise, 'patient page with a tool sent');
    await shot(lise, 'tools-sent-nb');

    const kari = await session('citizen', 'Kari Demodatter');
    await kari.getByRole('link', { name: /^Oppgaver \(\d+\)$/ }).click();
    await kari.waitForURL(/\/citizen\/oppgaver$/);
    const open = kari.getByRole('list', { name: 'Å gjøre' });
    await visible(open.getByRole('link', { name: TOOL }));
    await visible(open.getByRole('link', { name: 'Søvndagbok' }));
    // The one due sooner comes first: the sleep diary (five days) before the new tool (2099).
    const titles = await open.getByRole('link').allTextContents();
    expect(titles.indexOf('Søvndagbok')).toBeLessThan(titles.indexOf(TOOL));
    await visible(kari.getByRole('list', { name: 'Fullført' }).getByRole('link', { name: 'Pusteøvelser ved uro' }));
    await expectAccessible(kari, 'tasks');
    await shot(kari, 'tasks-nb');
    await open.getByRole('link', { name: TOOL }).click();
    await visible(kari.getByRole('heading', { level: 1, name: TOOL }));
    await visible(kari.getByText('Start gjerne denne uken.'));
    await visible(kari.getByRole('link', { name: new RegExp(`Åpne ${TOOL}`) }));
    await expectAccessible(kari, 'tool task');
    await kari.getByRole('button', { name: 'Merk som fullført' }).click();
    await visible(kari.getByText(/Du merket dette som fullført/));
    await shot(kari, 'tool-task-done-nb');
    await kari.getByRole('link', { name: 'Alle oppgaver' }).click();
    await visible(kari.getByRole('list', { name: 'Fullført' }).getByRole('link', { name: TOOL }));

    await lise.reload();
    await visible(lise.getByRole('list', { name: 'Sendte verktøy' }).getByRole('listitem').filter({ hasText: TOOL }).getByText(/Fullført/));
  });

  it('shows the task list in English on a phone without horizontal scrolling', { timeout: 90_000 }, async () => {
    const kari = await session('citizen', 'Kari Demodatter', { phone: true });
    await kari.goto('/citizen/oppgaver');
    await kari
      .getByRole('button', { name: /english/i })
      .or(kari.getByRole('link', { name: /english/i }))
      .or(kari.getByRole('combobox'))
      .first()
      .click();
    const lang = kari.getByRole('option', { name: /english/i });
    if (await lang.count()) await lang.first().click();
    await expect.poll(() => kari.evaluate(() => document.documentElement.lang)).toBe('en');
    await visible(kari.getByRole('heading', { level: 1, name: 'Tasks' }));
    await visible(kari.getByRole('list', { name: 'To do' }).getByRole('link', { name: 'Søvndagbok' }));
    await expectAccessible(kari, 'tasks (en, phone)');
    await shot(kari, 'tasks-en-phone');
    const overflow = await kari.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
