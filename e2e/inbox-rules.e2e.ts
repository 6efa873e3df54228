/**
 * Dialog rules in the browser (docs/dialog-rules.md): the administrator adds a topic with guidance
 * and routing and registers a doctor's absence with a cover; the citizen chooses the topic, sees
 * its guidance, sends, reads what happens next and the automatic reply naming the cover; staff
 * filter the inbox by the topic; the citizen searches and archives. Axe on every page, bokmål and
 * English. (Escalation is covered by server/src/modules/dialog/dialog-rules.test.ts, which runs
 * the job with a controlled clock; this journey has no clock to move.)
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

async function session(kind: 'citizen' | 'staff', name: string, opts: { en?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/** Today as the date input wants it, in the browser's own time zone. */
async function today(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

describe('dialog rules', () => {
  it('topic with guidance and routing, out-of-office cover with its automatic reply, search and archive', { timeout: 480_000 }, async () => {
    const topic = `Prøvesvar ${run}`;
    const guidance = `Prøvesvar: svar kommer i Mine dokumenter. ${run}`;
    const mona = await session('staff', 'Mona Strand');
    await mona.getByRole('link', { name: new RegExp(`Fravær, emner og eskalering.*${GP}`) }).click();
    await mona.waitForURL(/\/clinician\/units\/[0-9a-f-]+\/rules$/);
    const unitId = new URL(mona.url()).pathname.split('/')[3]!;
    await visible(mona.getByRole('heading', { level: 1, name: 'Fravær, emner og eskalering' }));
    await expectAccessible(mona, 'rules page');

    // A topic with guidance, routed to the secretaries.
    await mona.getByRole('button', { name: 'Legg til emne' }).click();
    await mona.locator('#topic-label').fill(topic);
    await mona.locator('#topic-guidance').fill(guidance);
    await mona.locator('#topic-pool').selectOption('secretary');
    await expectAccessible(mona, 'topic form');
    await mona.getByRole('button', { name: 'Lagre emnet' }).click();
    await visible(mona.getByText(topic, { exact: true }));
    await visible(mona.getByText('Sendes til: Sekretærer').first());

    // Lise is away today; Aksel covers.
    await mona.locator('#absence-whose').selectOption({ label: 'Lise Fjellheim' });
    await mona.locator('#absence-cover').selectOption({ label: 'Aksel Bergmo' });
    const day = await today(mona);
    await mona.locator('#absence-from').fill(day);
    await mona.locator('#absence-to').fill(day);
    await mona.getByRole('button', { name: 'Registrer fravær' }).click();
    await visible(mona.getByText(/Lise Fjellheim er borte .* Stedfortreder: Aksel Bergmo\./));
    await expectAccessible(mona, 'rules page with an absence and a topic');
    await shot(mona, 'rules-admin-nb');

    try {
      // Kari (Lise's patient) chooses the topic: guidance, then what happens next and the automatic reply.
      const kari = await session('citizen', 'Kari Demodatter');
      await kari.getByRole('link', { name: new RegExp(`Tjenester og meldinger.*${GP}`) }).click();
      await kari.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
      await kari.getByRole('link', { name: 'Kontakt legekontoret' }).click();
      await kari.waitForURL(/\/new\/ekontakt$/);
      await kari.getByRole('radio', { name: topic }).check({ force: true });
      await visible(kari.getByText(guidance));
      await expectAccessible(kari, 'write with topic guidance');
      await shot(kari, 'rules-topic-guidance-nb');
      const word = `blodprøvesvaret${run}`;
      await kari.locator('#message-text').fill(`Har ${word} kommet?`);
      await kari.getByRole('button', { name: 'Send' }).click();
      await kari.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
      const threadId = new URL(kari.url()).pathname.split('/').at(-1)!;
      await visible(kari.getByText('Meldingen er sendt. Hva skjer nå?'));
      await visible(kari.getByText(new RegExp(`${GP} svarer innen`)));
      await visible(kari.getByText(/Automatisk svar: Lise Fjellheim er borte til .*Aksel Bergmo tar seg av henvendelsen din/));
      await expectAccessible(kari, 'thread after sending, with what happens next');
      await shot(kari, 'rules-what-next-nb');

      // Staff: routed to the secretaries' pool, assigned to the cover, found by the topic filter.
      await mona.goto(`/clinician/units/${unitId}`);
      await mona.locator('#f-topic').selectOption({ label: `${topic} (Kontakt legekontoret)` });
      await visible(mona.getByRole('link', { name: new RegExp(topic) }));
      await expect.poll(() => mona.getByRole('link', { name: /./ }).filter({ hasText: topic }).count()).toBe(1);
      await expectAccessible(mona, 'inbox filtered by topic');
      await mona.goto(`/clinician/threads/${threadId}`);
      await visible(mona.getByText('Tildelt Aksel Bergmo').first());

      // Kari searches and archives.
      await kari.goto('/citizen/messages');
      await kari.locator('#messages-q').fill(word);
      await kari.getByRole('button', { name: 'Søk' }).click();
      await visible(kari.getByRole('link', { name: topic }));
      await expectAccessible(kari, 'message search');
      await kari.getByRole('link', { name: topic }).click();
      await kari.getByRole('button', { name: 'Arkiver samtalen' }).click();
      await visible(kari.getByText(/Samtalen er arkivert/));
      await kari.goto('/citizen/messages');
      await visible(kari.getByRole('heading', { level: 1 }));
      await expect.poll(() => kari.getByRole('link', { name: topic }).count()).toBe(0);
      await kari.getByRole('button', { name: 'Arkivert' }).click();
      await visible(kari.getByRole('link', { name: topic }));
      await expectAccessible(kari, 'archived conversations');
      await shot(kari, 'rules-archived-nb');

      // English.
      const kariEn = await session('citizen', 'Kari Demodatter', { en: true });
      await kariEn.goto('/citizen/messages?view=archived');
      await visible(kariEn.getByRole('heading', { level: 2, name: 'Archived' }));
      await expectAccessible(kariEn, 'archived conversations (English)');
      const monaEn = await session('staff', 'Mona Strand', { en: true });
      await monaEn.goto(`/clinician/units/${unitId}/rules`);
      await visible(monaEn.getByRole('heading', { level: 1, name: 'Absence, topics and escalation' }));
      await visible(monaEn.getByText(/Lise Fjellheim is away .* Cover: Aksel Bergmo\./));
      await expectAccessible(monaEn, 'rules page (English)');
      await shot(monaEn, 'rules-admin-en');
    } finally {
      // Lise is back: the other journeys expect her threads to stay hers.
      await mona.goto(`/clinician/units/${unitId}/rules`);
      await mona.getByRole('button', { name: /Avslutt fraværet/ }).click();
      await visible(mona.getByText('Ingen har registrert fravær.'));
    }
  });
});
