/**
 * Statistics in the browser: a unit administrator opens her unit's statistics from the unit card;
 * a leader over the hospital trust opens the trust's from the start page, then one of its
 * departments and a week; charts (SVG images with a name) with a table beside each; the CSV
 * download holds exactly the rows the tables show, with counts under 5 as "<5"; bokmål and
 * English on a 375 px phone; axe on every view.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
const CARDIO = 'Hjertemedisinsk poliklinikk, Sykehuset Nordvest';
const ORTHO = 'Ortopedisk poliklinikk, Sykehuset Nordvest';
const TRUST = 'Helse Nordvest HF';

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function staff(name: string, opts: { phone?: boolean; en?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { phone: opts.phone, locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, 'staff', name);
  await page.waitForURL(/\/clinician$/);
  return page;
}

/** Every row of every statistics table, as the cells read. */
async function tableRows(page: Page): Promise<string[][]> {
  return page.locator('table.hd-stats-table').evaluateAll((tables) =>
    tables.flatMap((table) => {
      const title = table.closest('section')!.querySelector('h2')!.textContent!.trim();
      return Array.from(table.querySelectorAll('tbody tr')).map((tr) => [
        title,
        ...Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent!.trim()),
      ]);
    }),
  );
}

/** Parses the CSV the page downloads (quoted fields, CRLF lines, a BOM first). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  return rows;
}

async function downloadCsv(page: Page, button: RegExp): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
}

/** Charts are SVG images named after their statistic, one per metric, each beside its table. */
async function expectChartsAndTables(page: Page, titles: RegExp[]) {
  await visible(page.locator('table.hd-stats-table').first(), 20_000);
  for (const title of titles) {
    const section = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: title }) });
    await visible(section.getByRole('img', { name: title }));
    expect(await section.locator('svg rect.hd-stats-bar--current, svg rect.hd-stats-bar--previous').count()).toBeGreaterThan(0);
    await visible(section.getByRole('table'));
  }
}

describe('statistics', () => {
  it('a unit administrator sees her unit, downloads exactly what is shown', { timeout: 150_000 }, async () => {
    const mona = await staff('Mona Strand');
    // Not a leader: no organisation link on the start page; her unit's card links to its statistics.
    await visible(mona.getByRole('heading', { level: 2, name: GP }));
    expect(await mona.getByRole('link', { name: /Statistikk for enhetene/ }).count()).toBe(0);
    await mona.getByRole('link', { name: `Statistikk – ${GP}` }).click();
    await mona.waitForURL(/\/clinician\/statistics\?scope=unit%3A/);
    await visible(mona.getByRole('heading', { level: 1, name: 'Statistikk' }));
    await expectChartsAndTables(mona, [/Helsekontakter/, /Meldinger/, /Svartid/, /Over fristen/, /Lest av pasienten/, /Egenandeler/, /Timer/]);
    // The scope picker offers only her unit.
    expect(await mona.locator('#stats-scope option').allTextContents()).toEqual([GP]);
    // The demo GP office has Kari, Ola, Astrid, Emma, Jonas ... on its list: the active contacts are a number or "<5".
    const rows = await tableRows(mona);
    const active = rows.find((r) => r[0] === 'Helsekontakter' && r[2] === 'Aktive')!;
    expect(active[1]).toBe(GP);
    expect(active[3]).toMatch(/^(<5|\d+)$/);
    const csv = await downloadCsv(mona, /Last ned CSV/);
    expect(csv[0]![0]).toBe('Statistikk');
    expect(csv[0]![3]).toMatch(/desember|januar|februar|mars|april|mai|juni|juli|august|september|oktober|november/);
    expect(csv.slice(1).map((r) => r.slice(0, 6))).toEqual(rows);
    for (const r of csv.slice(1)) for (const v of r.slice(3, 5)) expect(v).not.toMatch(/^[1-4]$/);
    await expectAccessible(mona, 'statistics, unit administrator');
    await shot(mona, 'statistics-unit');
  });

  it('a leader over the trust sees the trust and each department, by month and by week', { timeout: 150_000 }, async () => {
    const per = await staff('Per Sjøberg');
    await per.getByRole('link', { name: 'Statistikk for enhetene og organisasjonene du leder' }).click();
    await per.waitForURL(/scope=organisation%3A/);
    await visible(per.getByText(`Enheter som telles: ${CARDIO}, ${ORTHO}`));
    await expectChartsAndTables(per, [/Helsekontakter/, /Meldinger/, /Svartid/, /Timer/]);
    const rows = await tableRows(per);
    const contacts = rows.filter((r) => r[0] === 'Helsekontakter' && r[2] === 'Aktive').map((r) => r[1]);
    expect(contacts).toEqual([CARDIO, ORTHO, 'Alle enhetene']);
    const scopes = await per.locator('#stats-scope option').allTextContents();
    expect(scopes).toEqual([`${TRUST} (alle enheter under)`, CARDIO, ORTHO]);
    expect(await downloadCsv(per, /Last ned CSV/)).toEqual([expect.any(Array), ...rows.map((r) => [...r])]);
    await expectAccessible(per, 'statistics, trust');
    await shot(per, 'statistics-trust');

    // One department he does not administer, but leads from above; then a week instead of a month.
    await per.locator('#stats-scope').selectOption({ label: ORTHO });
    await per.waitForURL(/scope=unit%3A/);
    await visible(per.getByText(ORTHO, { exact: true }).first());
    await per.locator('#stats-kind').selectOption('week');
    await per.waitForURL(/period=\d{4}-W\d{2}/);
    await visible(per.getByText(/^Uke \d+ \d{4}\. Sammenlignet med uke \d+ \d{4}\.$/i));
    await expectChartsAndTables(per, [/Helsekontakter/]);
    await expectAccessible(per, 'statistics, department by week');
  });

  it('a bad period in the address says what to choose', async () => {
    const per = await staff('Per Sjøberg');
    // A malformed period falls back to this month in the picker; a future one is refused by the server with its reason.
    await per.goto('/clinician/statistics?period=2099-01');
    await visible(per.getByText('Perioden har ikke begynt ennå. Velg inneværende eller en tidligere periode.'));
    await expectAccessible(per, 'statistics, future period');
  });

  it('works in English on a 375 px phone', { timeout: 150_000 }, async () => {
    const per = await staff('Per Sjøberg', { phone: true, en: true });
    await per.getByRole('link', { name: 'Statistics for the units and organisations you lead' }).click();
    await visible(per.getByRole('heading', { level: 1, name: 'Statistics' }));
    await expectChartsAndTables(per, [/Health contacts/, /Messages/, /Answer times/, /Overdue/, /Read by the patient/, /E-consultation fees/, /Appointments/]);
    const rows = await tableRows(per);
    expect(rows.some((r) => r[1] === 'All units')).toBe(true);
    const csv = await downloadCsv(per, /Download CSV/);
    expect(csv[0]).toEqual(['Statistic', 'For', 'Measure', expect.stringMatching(/\d{4}$/), expect.stringMatching(/\d{4}$/), 'Change']);
    expect(csv.slice(1)).toEqual(rows);
    // Nothing wider than the phone: the tables scroll inside their own region.
    expect(await per.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(per, 'statistics, English phone');
    await shot(per, 'statistics-en-phone');
  });
});
