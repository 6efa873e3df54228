/**
 * Representation journeys: a parent acting for a child and a youth, a clinician granting a
 * parent dialog, a power of attorney given, used and revoked, and the access log.
 * The journeys share the run's demo server and run in order (3 builds on 2, 5 on 4).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

async function session(kind: 'citizen' | 'staff', name: string, opts: { phone?: boolean; en?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { phone: opts.phone, locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/** Opens "Bytt person" and chooses a person; lands on /citizen acting for them. */
async function actFor(page: Page, name: string) {
  await page.getByRole('button', { name: /^(Bytt person|Switch person)$/ }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.waitForURL(/\/citizen$/);
}

/** The banner in the header while acting for someone. */
function banner(page: Page, user: string, subject: string) {
  return page.locator('.hd-rep-bar__who').getByText(new RegExp(`${user} (på vegne av|on behalf of) ${subject}`));
}

/** From the start page to the GP's services page, then "Kontakt legekontoret"; writes and sends. Returns the thread id. */
async function writeEkontakt(page: Page, topic: string, text: string): Promise<string> {
  await page.goto('/citizen');
  await page.getByRole('link', { name: new RegExp(`Tjenester og meldinger.*${GP}|Services and messages.*${GP}`) }).click();
  await page.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
  await visible(page.getByRole('heading', { level: 1, name: GP }));
  await page.getByRole('link', { name: /^(Kontakt legekontoret|Contact the GP office)$/ }).click();
  await page.waitForURL(/\/new\/ekontakt$/);
  await visible(page.locator('#message-text'));
  const other = page.getByRole('radio', { name: /^(Annet|Other)$/ });
  if (await other.count()) await other.check({ force: true });
  await page.locator('#topic-own').fill(topic);
  await page.locator('#message-text').fill(text);
  await page.getByRole('button', { name: /^Send$/ }).click();
  await page.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
  await visible(page.getByRole('heading', { level: 1, name: topic }));
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** The synthetic national id of a citizen, as the dev IdP's login page lists it. */
async function nationalIdOf(name: string): Promise<string> {
  const ctx = await newContext(browser, base);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto('/auth/citizen/login');
  await page.waitForURL(/\/dev-idp\/interaction\//);
  const id = await page
    .locator('li', { has: page.getByRole('button', { name }) })
    .locator('.id')
    .textContent();
  await ctx.close();
  expect(id).toMatch(/^\d{11}$/);
  return id!;
}

/**
 * Sets a checkbox that saves at once (shown as changed while it saves) and waits for the saved
 * outcome; clicks again only if a busy page lost the click (the box still shows the old state).
 */
async function setSaved(box: Locator, on: boolean, saved: Locator): Promise<void> {
  for (let i = 0; i < 5; i++) {
    if ((await box.isChecked()) !== on) await box.click({ force: true });
    try {
      await saved.waitFor({ state: 'visible', timeout: 6_000 });
      return;
    } catch {
      // Not saved yet: look at the box again.
    }
  }
  throw new Error(`the checkbox did not save as ${on ? 'checked' : 'unchecked'}`);
}

describe('representation', () => {
  let nina: Page;
  let kari: Page;
  let ola: Page;
  const olaTopic = `Spørsmål på vegne av mor ${run}`;
  /** Jonas's patient page at the GP office, and the thread Nina wrote for him (set by journey 3). */
  let jonasPatientPath = '';
  let jonasThreadId = '';

  it('1. Nina acts for Emma (8) and writes to Emma’s GP office; the banner says on whose behalf', { timeout: 120_000 }, async () => {
    nina = await session('citizen', 'Nina Testrud');
    await visible(nina.getByText('Du bruker helsedialog for deg selv.'));
    await nina.getByRole('button', { name: 'Bytt person' }).click();
    await visible(nina.getByRole('heading', { name: 'Handle på vegne av' }));
    await visible(nina.getByRole('button', { name: /Emma Testrud.*Ditt barn · 8 år.*Gjelder alt/ }));
    await visible(nina.getByRole('button', { name: /Jonas Testrud.*Ditt barn · 14 år.*Gjelder: helsekontakter og timeavtaler/ }));
    await expectAccessible(nina, 'person chooser open');
    await shot(nina, 'representation-chooser-nb');
    await nina.getByRole('button', { name: /Emma Testrud/ }).click();
    await nina.waitForURL(/\/citizen$/);
    await visible(banner(nina, 'Nina Testrud', 'Emma Testrud'));
    await visible(nina.getByRole('button', { name: 'Tilbake til meg selv' }));
    // The start page is about Emma, not "Hei, Nina / Mine helsekontakter".
    await visible(nina.getByRole('heading', { level: 1, name: 'Helsekontaktene til Emma Testrud' }));
    expect(await nina.getByText('Hei, Nina Testrud').count()).toBe(0);
    await expectAccessible(nina, 'start page acting for Emma');
    await shot(nina, 'representation-acting-for-emma-nb');

    const topic = `Vaksine for Emma ${run}`;
    await writeEkontakt(nina, topic, 'Hei! Når bør Emma ta neste vaksine i barnevaksinasjonsprogrammet?');
    await visible(banner(nina, 'Nina Testrud', 'Emma Testrud'));
    await expectAccessible(nina, 'Emma’s thread written by Nina');
    await shot(nina, 'representation-emma-thread-nb');
  });

  it('2. Nina acts for Jonas (14): sees his health contacts, but not his messages', { timeout: 90_000 }, async () => {
    await actFor(nina, 'Jonas Testrud');
    await visible(banner(nina, 'Nina Testrud', 'Jonas Testrud'));
    await visible(nina.getByRole('heading', { level: 1, name: 'Helsekontaktene til Jonas Testrud' }));
    await visible(nina.getByText(GP).first());
    await expectAccessible(nina, 'Jonas’s health contacts');
    // The header offers no "Meldinger" for Jonas (the access policy says no); the page itself,
    // reached by its address, says why.
    expect(await nina.locator('header').getByRole('link', { name: /^Meldinger/ }).count()).toBe(0);
    await nina.goto(new URL('/citizen/messages', nina.url()).toString());
    await visible(nina.getByRole('heading', { level: 1, name: 'Du har ikke tilgang til meldinger for Jonas Testrud' }));
    await visible(nina.getByText(/foreldre bare det behandleren har gitt dem tilgang til/));
    await expectAccessible(nina, 'no access to Jonas’s messages');
    await shot(nina, 'representation-jonas-no-messages-nb');
  });

  it(
    '3. Lise grants Nina dialog in Jonas’s GP contact for 30 days; Nina writes for Jonas; Lise ends the grant; Nina can no longer write',
    { timeout: 180_000 },
    async () => {
      const lise = await session('staff', 'Lise Fjellheim');
      await lise.getByRole('link', { name: new RegExp(`Pasienter og foreldretilgang.*${GP}`) }).click();
      await lise.waitForURL(/\/clinician\/units\/[0-9a-f-]+\/patients$/);
      await lise.getByLabel('Søk etter navn eller fødselsnummer').fill('Jonas');
      await lise.getByRole('link', { name: 'Jonas Testrud' }).click();
      await lise.waitForURL(/\/patients\/[0-9a-f-]+$/);
      await visible(lise.getByRole('heading', { level: 1, name: 'Jonas Testrud' }));
      await visible(lise.getByText(/Pasienten er mellom 12 og 16 år/));
      await visible(lise.getByRole('listitem').filter({ hasText: 'Nina Testrud' }).filter({ hasText: 'Forelder med foreldreansvar' }));
      await expectAccessible(lise, 'patient page');
      // The assessment is required.
      await lise.locator('#grant-parent').selectOption({ label: 'Nina Testrud' });
      await lise.getByRole('button', { name: 'Gi tilgang' }).click();
      await visible(lise.getByText('Skriv vurderingen (minst 3 tegn).'));
      await lise.locator('#grant-days').fill('30');
      await lise.locator('#grant-reason').fill(`Jonas ønsker at mor kan hjelpe med timer og spørsmål om astma. Samtale med Jonas alene ${run}.`);
      await lise.getByRole('button', { name: 'Gi tilgang' }).click();
      await visible(lise.getByText(/Nina Testrud kan skrive til enheten for pasienten til/));
      const grantCard = lise.getByRole('article', { name: 'Foreldretilgang: Nina Testrud' });
      await visible(grantCard.getByText('Aktiv'));
      await visible(grantCard.getByText('Varer til'));
      await expectAccessible(lise, 'patient page after grant');
      await shot(lise, 'representation-patient-grant-nb');
      // The page stands on its own: opened from a fresh URL it shows the patient and the grant.
      jonasPatientPath = new URL(lise.url()).pathname;
      await lise.reload();
      await visible(lise.getByRole('heading', { level: 1, name: 'Jonas Testrud' }));
      await visible(lise.getByText(/født .* · 14 år/));
      await visible(grantCard.getByText('Aktiv'));
      expect(await lise.locator('#flex-person option').allTextContents()).toEqual(
        expect.arrayContaining(['Jonas Testrud (pasienten)', 'Nina Testrud (forelder)']),
      );

      // Nina (still acting for Jonas) can now write to the GP office.
      await nina.goto('/citizen');
      await visible(banner(nina, 'Nina Testrud', 'Jonas Testrud'));
      const topic = `Astmamedisin for Jonas ${run}`;
      jonasThreadId = await writeEkontakt(nina, topic, 'Hei, Jonas trenger ny inhalator før turen neste uke.');
      await expectAccessible(nina, 'Jonas’s thread written by Nina');

      // Lise opens the thread: Jonas is 14, so the parents' panel, "Skjul for foreldre" and the patient page are there.
      await lise.goto(`/clinician/threads/${jonasThreadId}`);
      await visible(lise.getByRole('heading', { level: 1, name: topic }));
      const pap = lise.getByRole('complementary', { name: 'Foreldre og tilgang' });
      await visible(pap.getByText(/Pasienten er mellom 12 og 16 år/));
      const hide = pap.getByRole('checkbox', { name: 'Skjul for foreldre' });
      await expect.poll(() => hide.isChecked()).toBe(false);
      await setSaved(hide, true, pap.getByText('Skjult for foreldre.'));
      await lise.reload();
      await expect.poll(() => hide.isChecked()).toBe(true);
      await setSaved(hide, false, pap.getByText('Synlig for foreldre.'));
      await expectAccessible(lise, 'staff thread for a patient of 14');
      await shot(lise, 'representation-staff-thread-nb');

      // From the thread to the patient page; Lise ends Nina's parent dialog.
      await pap.getByRole('link', { name: /^Pasient og foreldretilgang/ }).click();
      await lise.waitForURL((u) => u.pathname === jonasPatientPath);
      await visible(lise.getByRole('heading', { level: 1, name: 'Jonas Testrud' }));
      await grantCard.getByRole('button', { name: 'Avslutt foreldretilgang for Nina Testrud' }).click();
      await visible(grantCard.getByText(/Vil du avslutte tilgangen nå\?/));
      await grantCard.getByRole('button', { name: 'Ja, avslutt' }).click();
      await visible(grantCard.getByText('Tilgangen er avsluttet.'));
      await visible(grantCard.getByText('Avsluttet', { exact: true }));
      expect(await grantCard.getByRole('button', { name: /Avslutt/ }).count()).toBe(0);
      await expectAccessible(lise, 'patient page after ending the grant');
      await shot(lise, 'representation-patient-nb');

      // Nina can no longer write for Jonas: the server refuses, naming the area, and the page says so.
      const refused = await nina.evaluate(async (threadId) => {
        const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
        const r = await fetch(`/api/citizen/threads/${threadId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ text: 'Enda et spørsmål om inhalatoren.' }),
        });
        return { status: r.status, body: (await r.json()) as { code?: string; area?: string } };
      }, jonasThreadId);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'REPRESENTATION_AREA', area: 'dialog' });
      await nina.goto(new URL('/citizen/messages', nina.url()).toString());
      await visible(nina.getByRole('heading', { name: 'Du har ikke tilgang til meldinger for Jonas Testrud' }));
      await expectAccessible(nina, 'no longer access to Jonas’s messages');
    },
  );

  it('4. Kari gives Ola a power of attorney; Ola writes for Kari; Kari revokes; Ola is told at once', { timeout: 150_000 }, async () => {
    const olaId = await nationalIdOf('Ola Eksempelsen');
    kari = await session('citizen', 'Kari Demodatter');
    await kari.getByRole('link', { name: 'Fullmakter' }).click();
    await kari.waitForURL(/\/citizen\/fullmakt$/);
    await visible(kari.getByRole('heading', { level: 1, name: 'Fullmakter' }));
    // Validation first: nothing filled in.
    await kari.getByRole('button', { name: 'Gi fullmakt' }).click();
    await visible(kari.getByText('Skriv et gyldig fødselsnummer med 11 siffer.'));
    await visible(kari.getByText('Velg minst ett område, eller alle.'));
    await kari.getByLabel('Fødselsnummeret til den som skal få fullmakten').fill(olaId);
    await kari.getByRole('checkbox', { name: 'Meldinger' }).check({ force: true });
    await expectAccessible(kari, 'give a power of attorney');
    await kari.getByRole('button', { name: 'Gi fullmakt' }).click();
    await visible(kari.getByText('Fullmakten til Ola Eksempelsen er gitt.'));
    const card = kari.getByRole('article', { name: 'Til Ola Eksempelsen' });
    await visible(card);
    await visible(card.getByText('Aktiv'));
    await expectAccessible(kari, 'power of attorney given');
    await shot(kari, 'representation-fullmakt-nb');

    ola = await session('citizen', 'Ola Eksempelsen');
    await ola.getByRole('button', { name: 'Bytt person' }).click();
    await visible(ola.getByRole('button', { name: /Kari Demodatter.*Fullmakt.*Gjelder: helsekontakter og meldinger/ }));
    await ola.getByRole('button', { name: /Kari Demodatter/ }).click();
    await ola.waitForURL(/\/citizen$/);
    await visible(banner(ola, 'Ola Eksempelsen', 'Kari Demodatter'));
    await writeEkontakt(ola, olaTopic, 'Hei, jeg skriver for Kari. Kan hun få time neste uke?');
    await expectAccessible(ola, 'Kari’s thread written by Ola');

    // Kari ends the power of attorney.
    await kari.reload();
    await kari.getByRole('button', { name: 'Avslutt fullmakten – Ola Eksempelsen' }).click();
    await kari.getByRole('button', { name: 'Ja, avslutt' }).click();
    await visible(kari.getByText('Fullmakten er avsluttet.'));
    await visible(card.getByText('Avsluttet').first());

    // Ola's next request is refused: he is told, and now acts for himself.
    await ola
      .locator('header')
      .getByRole('link', { name: /^Meldinger/ })
      .click();
    await visible(ola.getByText('Du kan ikke lenger handle på vegne av Kari Demodatter. Fullmakten eller tilgangen er avsluttet.'));
    await visible(ola.getByRole('heading', { name: 'Du handler nå på egne vegne' }));
    await expect.poll(() => banner(ola, 'Ola Eksempelsen', 'Kari Demodatter').count()).toBe(0);
    await expectAccessible(ola, 'representation ended');
    await shot(ola, 'representation-ended-nb');
  });

  it('5. Kari’s access log shows the clinician who read her message and what Ola did', { timeout: 120_000 }, async () => {
    const lise = await session('staff', 'Lise Fjellheim');
    await lise.getByRole('link', { name: new RegExp(`Innboks.*${GP}`) }).click();
    await lise.waitForURL(/\/clinician\/units\/[0-9a-f-]+$/);
    await lise.getByRole('link', { name: new RegExp(olaTopic) }).click();
    await lise.waitForURL(/\/threads\/[0-9a-f-]+$/);
    await visible(lise.getByRole('heading', { name: olaTopic }).first());

    await kari.goto('/citizen');
    await kari.getByRole('link', { name: 'Hvem har sett opplysningene dine' }).click();
    await kari.waitForURL(/\/citizen\/innsyn$/);
    await visible(kari.getByRole('heading', { level: 1, name: 'Hvem har sett opplysningene dine' }));
    const read = kari.getByRole('listitem').filter({ hasText: 'Åpnet en samtale' }).filter({ hasText: 'Lise Fjellheim' }).first();
    await visible(read);
    await visible(read.locator('.hd-log-entry__role', { hasText: 'Lege' }));
    await visible(read.locator('.hd-log-entry__unit', { hasText: GP }));
    const started = kari.getByRole('listitem').filter({ hasText: 'Begynte å handle på dine vegne' }).filter({ hasText: 'Ola Eksempelsen' }).first();
    await visible(started);
    await visible(started.locator('.hd-log-entry__role', { hasText: 'Fullmektig' }));
    // What Ola did in Kari's GP contact: as holder of the power of attorney, at the GP office.
    const wrote = kari.getByRole('listitem').filter({ hasText: 'Startet en samtale' }).filter({ hasText: 'Ola Eksempelsen' }).first();
    await visible(wrote);
    await visible(wrote.locator('.hd-log-entry__role', { hasText: 'Fullmektig (på vegne av deg)' }));
    await visible(wrote.locator('.hd-log-entry__unit', { hasText: GP }));
    await expectAccessible(kari, 'access log');
    await shot(kari, 'representation-innsyn-nb');

    // English on a phone: the same log, and Nina's chooser and banner.
    const kariEn = await session('citizen', 'Kari Demodatter', { phone: true, en: true });
    await kariEn.goto('/citizen/innsyn');
    await visible(kariEn.getByRole('heading', { level: 1, name: 'Who has seen your information' }));
    await visible(kariEn.getByText('Opened a conversation').first());
    await visible(kariEn.locator('.hd-log-entry__role', { hasText: 'Power of attorney holder (on your behalf)' }).first());
    await expectAccessible(kariEn, 'access log (en, phone)');
    await shot(kariEn, 'representation-innsyn-en-phone');
    await kariEn.goto('/citizen/fullmakt');
    await visible(kariEn.getByRole('heading', { level: 1, name: 'Powers of attorney' }));
    await expectAccessible(kariEn, 'powers of attorney (en, phone)');
    await shot(kariEn, 'representation-fullmakt-en-phone');

    const ninaEn = await session('citizen', 'Nina Testrud', { phone: true, en: true });
    await ninaEn.getByRole('button', { name: 'Switch person' }).click();
    await visible(ninaEn.getByRole('heading', { name: 'Act on behalf of' }));
    await expectAccessible(ninaEn, 'person chooser (en, phone)');
    await shot(ninaEn, 'representation-chooser-en-phone');
    await ninaEn.getByRole('button', { name: /Emma Testrud/ }).click();
    await ninaEn.waitForURL(/\/citizen$/);
    await visible(banner(ninaEn, 'Nina Testrud', 'Emma Testrud'));
    await visible(ninaEn.getByRole('heading', { level: 1, name: 'Health contacts of Emma Testrud' }));
    await expectAccessible(ninaEn, 'acting for Emma (en, phone)');
    await shot(ninaEn, 'representation-acting-en-phone');

    // The clinician's pages in English on a phone: Jonas's patient page and the thread Nina wrote for him.
    const liseEn = await session('staff', 'Lise Fjellheim', { phone: true, en: true });
    await liseEn.goto(jonasPatientPath);
    await visible(liseEn.getByRole('heading', { level: 1, name: 'Jonas Testrud' }));
    await visible(liseEn.getByRole('article', { name: 'Parental access: Nina Testrud' }).getByText('Ended', { exact: true }));
    await expectAccessible(liseEn, 'patient page (en, phone)');
    await shot(liseEn, 'representation-patient-en-phone');
    await liseEn.goto(`/clinician/threads/${jonasThreadId}`);
    await visible(liseEn.getByRole('checkbox', { name: 'Hide from parents' }));
    await visible(liseEn.getByRole('link', { name: /^Patient and parental access/ }));
    await expectAccessible(liseEn, 'staff thread (en, phone)');
    await shot(liseEn, 'representation-staff-thread-en-phone');
  });
});
