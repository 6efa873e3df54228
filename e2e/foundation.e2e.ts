/** Foundation journeys: a citizen and a clinician log in and see their start pages; logout ends the session. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('citizen', () => {
  it('logs in through the development ID-porten and sees active and previous health contacts', async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await page.goto('/');
    await expectAccessible(page, 'landing page');
    await shot(page, 'landing-nb');
    await page
      .getByRole('link', { name: /logg inn som innbygger/i })
      .or(page.getByRole('button', { name: /logg inn som innbygger/i }))
      .first()
      .click();
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await expectAccessible(page, 'dev IdP person picker');
    await page.getByRole('button', { name: 'Kari Demodatter' }).click();
    await page.waitForURL(/\/citizen$/);
    await expect.poll(() => page.getByText('Fjordbyen legekontor').count()).toBeGreaterThan(0);
    await visible(page.getByText('Hjertemedisinsk poliklinikk, Sykehuset Nordvest').first());
    await visible(page.getByText('Ortopedisk poliklinikk, Sykehuset Nordvest').first());
    await visible(page.getByText('Kari Demodatter').first());
    await visible(page.getByText('Lise Fjellheim').first());
    await expectAccessible(page, 'citizen start page');
    await shot(page, 'citizen-start-nb');
    await ctx.close();
  });

  it('works in English and on a phone', async () => {
    const ctx = await newContext(browser, base, { phone: true });
    const page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter');
    await page.waitForURL(/\/citizen$/);
    await page
      .getByRole('button', { name: /english/i })
      .or(page.getByRole('link', { name: /english/i }))
      .or(page.getByRole('combobox'))
      .first()
      .click();
    const lang = page.getByRole('option', { name: /english/i });
    if (await lang.count()) await lang.first().click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await visible(page.getByText(/health contacts/i).first());
    await expectAccessible(page, 'citizen start page (en, phone)');
    await shot(page, 'citizen-start-en-phone');
    // No horizontal scrolling on a 375 px phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await ctx.close();
  });

  it('is refused with a clear message when logging in below security level high', async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter', 'substantial');
    await page.waitForURL((u) => u.pathname === '/');
    await visible(page.getByText(/security level high|sikkerhetsnivå høyt/i).first());
    await expectAccessible(page, 'landing page with login error');
    await ctx.close();
  });
});

describe('clinician', () => {
  it('logs in through the development HelseID and sees the units they work in', async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'staff', 'Per Sjøberg');
    await page.waitForURL(/\/clinician$/);
    await expect.poll(() => page.getByText('Hjertemedisinsk poliklinikk, Sykehuset Nordvest').count()).toBeGreaterThan(0);
    await visible(page.getByText('Ortopedisk poliklinikk, Sykehuset Nordvest').first());
    await expectAccessible(page, 'clinician start page');
    await shot(page, 'clinician-start-nb');
    await ctx.close();
  });
});

describe('logout', () => {
  it('ends the session on the server: the old cookie no longer works', async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter');
    await page.waitForURL(/\/citizen$/);
    const before = await ctx.cookies();
    const session = before.find((c) => c.name === 'hd_session');
    expect(session?.httpOnly).toBe(true);
    await page.getByRole('button', { name: /logg ut|log out/i }).click();
    await page.waitForURL((u) => u.pathname === '/');
    // Replay the old cookie from a fresh browser context.
    const other = await newContext(browser, base);
    await other.addCookies([{ ...session!, sameSite: 'Lax' }]);
    const res = await other.request.get('/api/me');
    expect(res.status()).toBe(401);
    const page2 = await other.newPage();
    await page2.goto('/citizen');
    await visible(page2.getByText(/ikke logget inn|not logged in|logg inn/i).first());
    await other.close();
    await ctx.close();
  });
});
