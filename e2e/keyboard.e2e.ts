/**
 * Keyboard only (issue 23): after logging in, a citizen sends a message and books an appointment
 * with nothing but key presses (Tab, arrow keys, Space, Enter, typing), and focus lands on each new
 * page's main heading after a client-side navigation. (There is no forms page on this branch, so
 * there is no form-answering journey here.)
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, newContext, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

interface Focused {
  tag: string;
  id: string;
  type: string;
  text: string;
  label: string;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement & { type?: string; labels?: NodeListOf<HTMLLabelElement> | null };
    return {
      tag: el.tagName,
      id: el.id,
      type: el.type ?? '',
      text: (el.innerText ?? '').trim(),
      label: el.labels?.[0]?.innerText.trim() ?? el.getAttribute('aria-label') ?? '',
    };
  });

/** Presses Tab until the focused element matches (fails after `max` presses). */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** After a client-side navigation, focus is on the new page's h1. */
async function expectFocusOnHeading(page: Page) {
  await expect.poll(async () => (await focused(page)).tag, { timeout: 25_000 }).toBe('H1');
}

async function citizen(): Promise<Page> {
  const ctx = await newContext(browser, base);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await loginAs(page, 'citizen', 'Kari Demodatter');
  await page.waitForURL(/\/citizen$/);
  await visible(page.getByRole('heading', { level: 1 }));
  return page;
}

describe('keyboard only', () => {
  // Skipped: failed in the clean-clone CI run at the merge of wave 2 (the keyboard path to the write
  // page changed with the merged features) and could not be fixed before the session ended; booking
  // by keyboard below passes. To be made green before issue 23 is resolved (session note).
  it('sends a message to the GP office', { timeout: 150_000 }, async () => {
    const page = await citizen();
    await tabTo(page, (f) => f.tag === 'A' && new RegExp(`Tjenester og meldinger.*${GP}`, 's').test(f.text + f.label), 'the GP’s services link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
    await expectFocusOnHeading(page);
    await tabTo(page, (f) => f.tag === 'A' && f.text === 'Kontakt legekontoret', 'Kontakt legekontoret');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/new\/ekontakt$/);
    await expectFocusOnHeading(page);

    // The unit suggests topics (radio buttons): arrow keys move within the group to "Annet".
    await tabTo(page, (f) => (f.type === 'radio' && f.tag === 'INPUT') || f.id === 'topic-own', 'the topic');
    if ((await focused(page)).type === 'radio') {
      for (let i = 0; i < 20 && (await focused(page)).label !== 'Annet'; i++) await page.keyboard.press('ArrowDown');
      expect((await focused(page)).label).toBe('Annet');
      await tabTo(page, (f) => f.id === 'topic-own', 'the own-topic field');
    }
    const topic = `Tastatur ${Date.now().toString(36)}`;
    await page.keyboard.type(topic);
    await tabTo(page, (f) => f.id === 'message-text', 'the message field');
    await page.keyboard.type('Skrevet og sendt bare med tastaturet.');
    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Send', 'Send');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/citizen\/messages\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: topic }));
    await expectFocusOnHeading(page);
    await visible(page.getByText('Skrevet og sendt bare med tastaturet.'));
  });

  it('books an appointment', { timeout: 150_000 }, async () => {
    const page = await citizen();
    await tabTo(page, (f) => f.tag === 'A' && /timeavtal/i.test(f.text), 'the appointments link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/citizen\/appointments$/);
    await expectFocusOnHeading(page);
    await tabTo(page, (f) => f.tag === 'A' && f.text === `Bestill time hos ${GP}`, 'Bestill time');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/citizen\/appointments\/book\//);
    await expectFocusOnHeading(page);
    // The first free time of the chosen day: Space selects the focused radio.
    await tabTo(page, (f) => f.type === 'radio' && f.id.startsWith('slot-'), 'a free time');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(page, (f) => f.id === 'book-reason', 'what the appointment is about');
    await page.keyboard.type('Kontroll av blodtrykk');
    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Bestill timen', 'Bestill timen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/citizen\/appointments\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1 }));
    await visible(page.getByText('Kontroll av blodtrykk'));
  });
});
