/**
 * Browser helpers: Debian's Chromium driven by playwright-core, login through the
 * development identity provider as a person would, and an axe check of each page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { en } from '../web/src/i18n/en.ts';
import { nbAll as nb } from '../web/src/i18n/nb-all.ts';
import { nn } from '../web/src/i18n/nn.ts';
import { se } from '../web/src/i18n/se.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const shotsDir = path.join(root, 'test-results', 'screenshots');

/** Launches headless Chromium with the flags this machine needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh context (own cookies) with a phone or desktop viewport. The UI language is chosen on
 * the device as a person would with the switcher (localStorage), from `language` or else the
 * locale's language, so a choice another journey saved on the server for the same demo person
 * never changes this one; `language: null` leaves the device without a choice (the server's
 * stored choice, else the browser's language, applies).
 */
export async function newContext(
  browser: Browser,
  baseURL: string,
  opts: { phone?: boolean; locale?: string; language?: 'nb' | 'nn' | 'se' | 'en' | null } = {},
): Promise<BrowserContext> {
  const locale = opts.locale ?? 'nb-NO';
  const ctx = await browser.newContext({ baseURL, viewport: opts.phone ? { width: 375, height: 800 } : { width: 1280, height: 900 }, locale });
  const language = opts.language === undefined ? (locale.startsWith('en') ? 'en' : 'nb') : opts.language;
  if (language)
    await ctx.addInitScript((lang: string) => {
      if (!window.localStorage.getItem('helsedialog.language')) window.localStorage.setItem('helsedialog.language', lang);
    }, language);
  return ctx;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The landing page's login action in any of the four languages (the device may have chosen one). */
const loginAction = (key: 'landing.citizen.action' | 'landing.staff.action') =>
  new RegExp([nb, nn, se, en].map((c) => escape(c[key])).join('|'), 'i');

/** Logs in through the landing page (in whatever language the device shows) and the dev IdP's person picker. */
export async function loginAs(page: Page, kind: 'citizen' | 'staff', name: string, acr: 'high' | 'substantial' = 'high'): Promise<void> {
  await page.goto('/');
  const button = loginAction(kind === 'citizen' ? 'landing.citizen.action' : 'landing.staff.action');
  await page
    .getByRole('link', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
  await page.waitForURL(/\/dev-idp\/interaction\//);
  if (kind === 'citizen' && acr === 'substantial') await page.getByLabel(/Betydelig/).check();
  await page.getByRole('button', { name }).click();
}

/** Runs axe on the page and fails on any WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** Saves a screenshot under test-results/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** Waits until a locator is visible (fails the test after the timeout). */
export async function visible(locator: import('playwright-core').Locator, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}
