/**
 * The clinician workspace (docs/inbox.md): Mona, the GP office's secretary, triages 60
 * conversations — overdue first, search, bulk-assign, an escalation of the overdue ones, a quick
 * reply, keyboard next/previous with the list holding still, the list and the open conversation
 * side by side — at 1280 × 900, where at least 12 rows show; then on a 375 px phone.
 * (The out-of-office cover with its automatic reply is walked in e2e/inbox-rules.e2e.ts.)
 *
 * The journey runs its own in-process server (fresh embedded database with the demo data) so the
 * test can let time pass for some conversations (their promised answer date moved into the past);
 * the conversations themselves are created through the API as Kari would send them.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryPglite } from '../server/src/platform/db.ts';
import { migrateToLatest } from '../server/src/platform/migrate.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { createEventBus } from '../server/src/domain-events.ts';
import { escalateDue } from '../server/src/modules/dialog/escalation.ts';
import { startTestServer, type TestServer } from '../server/src/test/harness.ts';
import { expectAccessible, launch, loginAs, newContext, shot, shotsDir, visible } from './browser.ts';

const GP = 'Fjordbyen legekontor';
const TOTAL = 60;
const OVERDUE = 15;
/** The machine may be loaded: conditions get time to come true. */
const POLL = { timeout: 30_000 };
let srv: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const database = await openMemoryPglite();
  await migrateToLatest(database.db);
  await seedDemo(database.db);
  srv = await startTestServer({}, database);
  browser = await launch();
}, 400_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await srv?.close();
  await srv?.database.close();
});

async function session(kind: 'citizen' | 'staff', name: string): Promise<Page> {
  const ctx = await newContext(browser, srv.url);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/** A JSON request with the session's CSRF token, through the page's own cookies. */
async function api(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
  const res = await page.request.fetch(url, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(data ? { data } : {}) });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json() as Promise<unknown>;
}

/** How many inbox rows are wholly inside the viewport. */
function rowsInView(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('.hd-thread-row')).filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight;
      }).length,
  );
}

describe('inbox workspace', () => {
  it(
    'a secretary triages 60 conversations: overdue first, search, bulk-assign, an escalation, a quick reply, keyboard next/previous with the list holding still, side by side, a phone, a health contact ended and registered',
    { timeout: 300_000 },
    async () => {
      const run = Date.now().toString(36);
      // Kari writes 60 messages to her GP office (through the API, as the web client sends them).
      const kari = await session('citizen', 'Kari Demodatter');
      const contacts = (await api(kari, 'GET', '/api/citizen/contacts')) as { items: { id: string; unit: { name: string } }[] };
      const gp = contacts.items.find((c) => c.unit.name === GP)!;
      const ids: string[] = [];
      for (let i = 0; i < TOTAL; i++) {
        const text = i === 7 ? `Jeg har fått elveblest etter solkrem ${run}.` : `Spørsmål nummer ${i + 1} til legekontoret.`;
        const t = (await api(kari, 'POST', `/api/citizen/contacts/${gp.id}/threads`, { kind: 'ekontakt', topic: `Henvendelse ${i + 1} ${run}`, text })) as {
          id: string;
        };
        ids.push(t.id);
      }
      // Time passes for some of them: their promised answer date is yesterday (the last ones sent).
      const overdueIds = ids.slice(TOTAL - OVERDUE);
      await srv.database.db
        .updateTable('threads')
        .set({ due_at: new Date(Date.now() - 86_400_000) })
        .where('id', 'in', overdueIds)
        .execute();

      const mona = await session('staff', 'Mona Strand');
      // The start page counts unread and overdue conversations per unit.
      await visible(mona.getByRole('heading', { name: 'Innboksene dine' }));
      const gpRow = mona.getByRole('row', { name: new RegExp(GP) });
      await expect.poll(() => gpRow.textContent(), POLL).toMatch(new RegExp(`${OVERDUE}`));
      await expectAccessible(mona, 'clinician start page with counts');
      await shot(mona, 'inbox-start-counts');

      // A quick reply for the whole unit (Mona administers it).
      const units = (await api(mona, 'GET', '/api/staff/units')) as { items: { id: string; name: string }[] };
      const unitId = units.items.find((u) => u.name === GP)!.id;
      await mona.goto(`/clinician/units/${unitId}/templates`);
      await mona.locator('#tpl-title').fill('Mottatt');
      await mona.locator('#tpl-text').fill('Hei {fornavn}, takk for meldingen. Vi svarer innen fristen. Hilsen {enhet}');
      await mona.getByRole('radio', { name: 'For hele enheten' }).check({ force: true });
      await mona.getByRole('button', { name: 'Legg til' }).click();
      await visible(mona.getByRole('heading', { level: 2, name: 'Mottatt' }));
      await expectAccessible(mona, 'quick replies page');

      // The inbox: waiting for the unit, overdue first.
      await mona.goto(`/clinician/units/${unitId}`);
      await visible(mona.getByRole('heading', { level: 1, name: /Innboks/ }));
      const rows = mona.locator('.hd-thread-row');
      await expect.poll(() => rows.count(), POLL).toBeGreaterThanOrEqual(50);
      for (let i = 0; i < OVERDUE; i++) await expect.poll(() => rows.nth(i).getAttribute('class'), POLL).toMatch(/hd-thread-row--overdue/);
      await expect.poll(() => rows.nth(OVERDUE).getAttribute('class'), POLL).not.toMatch(/hd-thread-row--overdue/);
      fs.mkdirSync(shotsDir, { recursive: true });
      await mona.screenshot({ path: path.join(shotsDir, 'inbox-workspace-1280x900.png') });
      expect(await rowsInView(mona)).toBeGreaterThanOrEqual(12);
      await expectAccessible(mona, 'workspace inbox');

      // Search: one word of one message.
      await mona.locator('#f-q').fill('elveblest');
      await mona.getByRole('button', { name: 'Søk' }).click();
      await mona.waitForURL(/q=elveblest/);
      await expect.poll(() => rows.count(), POLL).toBe(1);
      await expect.poll(() => rows.first().textContent(), POLL).toContain(`Henvendelse 8 ${run}`);
      await mona.locator('#f-q').fill('');
      await mona.getByRole('button', { name: 'Søk' }).click();
      await expect.poll(() => rows.count(), POLL).toBeGreaterThanOrEqual(50);

      // Bulk: the three most urgent assigned to Mona at once.
      for (let i = 0; i < 3; i++) await rows.nth(i).locator('input[type="checkbox"]').check();
      await mona.getByRole('button', { name: 'Tildel meg' }).click();
      for (let i = 0; i < 3; i++) await expect.poll(() => rows.nth(i).textContent(), POLL).toContain('Tildelt Mona Strand');

      // Escalation: the scan (the durable job dialog.escalate, run here in the server's process)
      // finds the overdue conversations; the three now with Mona escalate to her. Her open
      // workspace is told live and shows the newest notice; the others wait on Mine varsler.
      await escalateDue(srv.database.db, createEventBus(srv.config, srv.database));
      await visible(mona.getByText(/Svarfristen er passert: Henvendelse \d+/).first(), 30_000);
      await visible(mona.getByRole('link', { name: /^Alle varslene \((3|[4-9]|\d{2,})\)$/ }));
      await expectAccessible(mona, 'workspace with an escalation notice');
      await mona.screenshot({ path: path.join(shotsDir, 'inbox-workspace-escalation-notice.png') });

      // Side by side: the first conversation opens beside the list, which stays.
      await rows.first().getByRole('link').click();
      await mona.waitForURL(new RegExp(`/clinician/units/${unitId}/threads/[0-9a-f-]+$`));
      const firstId = new URL(mona.url()).pathname.split('/').at(-1)!;
      await visible(mona.getByRole('heading', { level: 2, name: new RegExp(`Henvendelse \\d+ ${run}`) }));
      await expect.poll(() => mona.locator('.hd-workspace__list').isVisible(), POLL).toBe(true);
      // The opened conversation's row is marked (opening reads it, so the list may re-order).
      await expect.poll(() => mona.locator('.hd-thread-row--open').count(), POLL).toBe(1);
      await visible(mona.getByRole('heading', { name: 'Om pasienten' }));
      // The promise and its escalation are on the thread.
      await visible(mona.getByRole('heading', { name: 'Eskaleringer' }));
      await visible(mona.getByText(/Steg 1, .*: til Mona Strand/).first());

      // A quick reply, filled for Kari and the unit, then sent.
      await mona.locator('#quick-reply').selectOption({ label: 'Mottatt' });
      await expect.poll(() => mona.locator('#staff-reply-text').inputValue(), POLL).toBe(`Hei Kari, takk for meldingen. Vi svarer innen fristen. Hilsen ${GP}`);
      await mona.getByRole('button', { name: 'Send svar', exact: true }).click();
      await visible(mona.locator('.hd-msg').filter({ hasText: 'Hei Kari, takk for meldingen.' }).first());
      await expectAccessible(mona, 'workspace with the conversation beside the list');
      await mona.screenshot({ path: path.join(shotsDir, 'inbox-workspace-side-by-side.png') });

      // Answered (a staff message answers an e-kontakt), it no longer waits for the unit — but the list
      // holds still while Mona works: its row stays first, marked, and the change waits for her.
      const firstRow = mona.locator(`.hd-thread-row[data-thread="${firstId}"]`);
      await expect.poll(() => firstRow.textContent(), POLL).toContain('Ikke lenger i utvalget');
      expect(await rows.first().getAttribute('data-thread')).toBe(firstId);
      await visible(mona.getByRole('button', { name: 'Oppdater listen' }));
      await visible(mona.getByText(/Listen står stille mens du arbeider/));

      // Keyboard: j next, k previous — back to the one just answered (not while typing), ? help.
      const secondId = await rows.nth(1).getAttribute('data-thread');
      await mona.locator('body').click({ position: { x: 5, y: 5 } });
      await mona.keyboard.press('j');
      await expect.poll(() => new URL(mona.url()).pathname.split('/').at(-1), POLL).toBe(secondId);
      await expect.poll(() => mona.locator('.hd-thread-row--open').getAttribute('data-thread'), POLL).toBe(secondId);
      await visible(mona.getByText(/^2 av \d+$/).first());
      await mona.keyboard.press('k');
      await expect.poll(() => new URL(mona.url()).pathname.split('/').at(-1), POLL).toBe(firstId);
      await expect.poll(() => mona.locator('.hd-thread-row--open').getAttribute('data-thread'), POLL).toBe(firstId);
      await mona.locator('#staff-reply-text').fill('j');
      await expect.poll(() => new URL(mona.url()).pathname.split('/').at(-1), POLL).toBe(firstId);
      await mona.locator('#staff-reply-text').fill('');
      await mona.locator('body').click({ position: { x: 5, y: 5 } });
      await mona.keyboard.press('?');
      await visible(mona.getByRole('heading', { name: 'Hurtigtaster' }));
      await visible(mona.getByText('Neste samtale'));
      await mona.getByRole('button', { name: 'Neste', exact: true }).click();
      await expect.poll(() => new URL(mona.url()).pathname.split('/').at(-1), POLL).toBe(secondId);
      await expect.poll(() => mona.locator('.hd-thread-row--open').count(), POLL).toBe(1);
      await expectAccessible(mona, 'workspace with shortcut help');
      await shot(mona, 'inbox-workspace-shortcuts');

      // Refreshed deliberately, the list shows what waits now: the answered one has left it.
      await mona.getByRole('button', { name: 'Oppdater listen' }).click();
      await expect.poll(() => firstRow.count(), POLL).toBe(0);
      expect(await rows.first().getAttribute('data-thread')).toBe(secondId);
      await expect.poll(() => mona.getByRole('button', { name: 'Oppdater listen' }).count(), POLL).toBe(0);

      // A saved filter: the overdue ones, one click away (the one Mona answered is no longer among them).
      const stillOverdue = OVERDUE - 1;
      await mona.getByRole('checkbox', { name: 'Bare over fristen' }).check({ force: true });
      await expect.poll(() => rows.count(), POLL).toBe(stillOverdue);
      await mona.getByRole('button', { name: 'Lagre filtrene' }).click();
      await mona.locator('#saved-filter-name').fill('Over fristen');
      await mona.getByRole('button', { name: 'Lagre', exact: true }).click();
      await visible(mona.getByRole('button', { name: 'Over fristen', exact: true }));
      await mona.getByRole('checkbox', { name: 'Bare over fristen' }).uncheck({ force: true });
      await expect.poll(() => rows.count(), POLL).toBeGreaterThan(stillOverdue);
      await mona.getByRole('button', { name: 'Over fristen', exact: true }).click();
      await expect.poll(() => rows.count(), POLL).toBe(stillOverdue);
      await mona.screenshot({ path: path.join(shotsDir, 'inbox-workspace-saved-filter-1280x900.png') });

      // Narrow screen: list → conversation (the same URL), and back.
      await mona.setViewportSize({ width: 375, height: 800 });
      await expect.poll(() => mona.locator('.hd-workspace__list').isVisible(), POLL).toBe(false);
      await visible(mona.getByRole('heading', { level: 2, name: new RegExp(`Henvendelse \\d+ ${run}`) }));
      await expectAccessible(mona, 'conversation on a phone');
      await shot(mona, 'inbox-workspace-phone-thread');
      const overflow = await mona.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await mona.getByRole('link', { name: 'Til listen' }).click();
      await expect.poll(() => mona.locator('.hd-workspace__list').isVisible(), POLL).toBe(true);
      await expect.poll(() => rows.count(), POLL).toBe(stillOverdue);
      await expectAccessible(mona, 'workspace inbox on a phone');
      await shot(mona, 'inbox-workspace-phone');
      const listOverflow = await mona.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(listOverflow).toBeLessThanOrEqual(1);

      // The patient's health contact, on staff pages: Mona (the unit's administrator) ends Kari's
      // on her patient page, and registers it again by national id from the patient search.
      await mona.setViewportSize({ width: 1280, height: 900 });
      await mona.goto(`/clinician/units/${unitId}/patients`);
      await mona.locator('#patient-search').fill('Kari Demo');
      await mona.getByRole('link', { name: 'Kari Demodatter', exact: true }).click();
      await visible(mona.getByRole('heading', { level: 2, name: 'Avslutt helsekontakten' }));
      await mona.getByRole('button', { name: 'Avslutt helsekontakten' }).click();
      await mona.getByRole('button', { name: 'Ja, avslutt nå' }).click();
      await visible(mona.getByText(/Tidligere pasient/).first());
      await expect.poll(() => mona.getByRole('heading', { name: 'Avslutt helsekontakten' }).count(), POLL).toBe(0);
      const kariPerson = await srv.database.db
        .selectFrom('persons')
        .select('national_id')
        .where('given_name', '=', 'Kari')
        .where('family_name', '=', 'Demodatter')
        .executeTakeFirstOrThrow();
      await mona.goto(`/clinician/units/${unitId}/patients`);
      await mona.locator('#contact-fnr').fill(kariPerson.national_id);
      await mona.getByRole('button', { name: 'Registrer helsekontakt' }).click();
      await visible(mona.getByText('Helsekontakt registrert for Kari Demodatter.'));
      await expectAccessible(mona, 'health contact registered');
      await shot(mona, 'inbox-health-contact-registered');
      const contactsNow = await srv.database.db
        .selectFrom('health_contacts as hc')
        .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
        .select(['hc.ended_at'])
        .where('p.national_id', '=', kariPerson.national_id)
        .where('hc.unit_id', '=', unitId)
        .execute();
      expect(contactsNow.filter((c) => c.ended_at === null)).toHaveLength(1);
      expect(contactsNow.filter((c) => c.ended_at !== null).length).toBeGreaterThanOrEqual(1);
    },
  );
});
