/**
 * Notifications and letters in the browser: a clinician answers a message; the citizen's SMS and
 * e-mail land in the development mailbox without health content; the citizen follows the link,
 * logs in and reads. A clinician sends an important letter; left unread it is reminded exactly
 * once after the configured days (the test moves the clock through the NODE_ENV=test API).
 */
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const KARI_PHONE = '+4799990001';
const KARI_EMAIL = 'kari.demodatter@example.test';
const HEALTH = 'Blodprøven viser lav jernverdi (ferritin 8). Ta jerntabletter i tre måneder.';
const LETTER_TEXT = 'Resultatet av gastroskopien er klart. Vi ønsker å snakke med deg om det.';
const FORBIDDEN = [
  'ferritin',
  'jern',
  'Blodprøve',
  'gastroskopi',
  'Resultatet',
  'Fjordbyen',
  'legekontor',
  'Kari',
  'Demodatter',
  'Lise',
  'Fjellheim',
  'Oppfølging',
];

interface MailItem {
  id: number;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  // Midday in Oslo, so no SMS waits for the end of quiet hours whenever the suite runs.
  const noon = new Date();
  noon.setUTCHours(11, 0, 0, 0);
  await fetch(`${base}/api/test/notify/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at: noon.toISOString() }),
  });
});
afterAll(async () => {
  await fetch(`${base}/api/test/notify/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"at":null}' });
  await browser?.close();
});

async function mailbox(to: string): Promise<MailItem[]> {
  const res = await fetch(`${base}/api/dev/mailbox?to=${encodeURIComponent(to)}&limit=500`);
  return ((await res.json()) as { items: MailItem[] }).items;
}
const newSince = async (to: string, lastId: number) => (await mailbox(to)).filter((m) => m.id > lastId);
const lastId = async () => Math.max(0, ...(await mailbox(KARI_PHONE)).map((m) => m.id), ...(await mailbox(KARI_EMAIL)).map((m) => m.id));

async function csrf(request: APIRequestContext): Promise<string> {
  return ((await (await request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}
function expectNoHealthContent(items: MailItem[]) {
  for (const m of items) for (const word of FORBIDDEN) expect(`${m.subject ?? ''}\n${m.body}`, `notice to ${m.channel} contains "${word}"`).not.toContain(word);
}
async function advanceDays(days: number) {
  await fetch(`${base}/api/test/notify/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days }) });
}

describe('notifications', () => {
  let threadId = '';
  let gpUnitId = '';

  it('lets the citizen choose SMS and e-mail', async () => {
    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter');
    await page.waitForURL(/\/citizen$/);
    await page.getByRole('link', { name: 'Varsler' }).click();
    await page.waitForURL(/\/citizen\/notifications$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Varsler' }));
    await page.getByLabel(/^SMS og e-post/).check();
    await page.getByRole('button', { name: 'Lagre' }).click();
    await visible(page.getByText('Innstillingene er lagret.'));
    await expectAccessible(page, 'notification settings');
    await shot(page, 'notify-settings-nb');
    await ctx.close();
  });

  it('sends the citizen an SMS and an e-mail without health content when a clinician answers; the link leads to the message', async () => {
    // Kari writes to her GP office.
    const kctx = await newContext(browser, base);
    const kari = await kctx.newPage();
    await loginAs(kari, 'citizen', 'Kari Demodatter');
    await kari.waitForURL(/\/citizen$/);
    const contacts = (await (await kari.request.get('/api/citizen/contacts')).json()) as {
      items: { id: string; status: string; unit: { id: string; name: string } }[];
    };
    const gp = contacts.items.find((c) => c.unit.name === 'Fjordbyen legekontor' && c.status === 'active')!;
    gpUnitId = gp.unit.id;
    const started = await kari.request.post(`/api/citizen/contacts/${gp.id}/threads`, {
      headers: { 'x-csrf-token': await csrf(kari.request) },
      data: { kind: 'ekontakt', topic: 'Prøvesvar', text: 'Har dere fått svar på blodprøven min?' },
    });
    expect(started.status()).toBe(201);
    threadId = ((await started.json()) as { id: string }).id;
    await kctx.close();
    const before = await lastId();

    // The GP answers in the clinician's thread page.
    const dctx = await newContext(browser, base);
    const doctor = await dctx.newPage();
    await loginAs(doctor, 'staff', 'Lise Fjellheim');
    await doctor.waitForURL(/\/clinician$/);
    await doctor.goto(`/clinician/threads/${threadId}`);
    await doctor.locator('#staff-reply-text').fill(HEALTH);
    await doctor.getByRole('button', { name: 'Send svar' }).click();
    await visible(doctor.getByText('Meldingen er sendt.'));
    await dctx.close();

    // Both notices arrive in the development mailbox, saying only that a message came.
    await expect.poll(async () => (await newSince(KARI_PHONE, before)).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await newSince(KARI_EMAIL, before)).length, { timeout: 20_000 }).toBe(1);
    const [sms] = await newSince(KARI_PHONE, before);
    const [mail] = await newSince(KARI_EMAIL, before);
    expect(sms!.body).toBe(`Du har en ny melding på helsedialog. Logg inn for å lese: ${base}/`);
    expect(mail!.subject).toBe('Ny melding på helsedialog');
    expectNoHealthContent([sms!, mail!]);

    const ctx = await newContext(browser, base);
    const page = await ctx.newPage();
    await page.goto('/dev/mailbox');
    await visible(page.getByRole('heading', { level: 1, name: 'Utviklerpostkasse' }));
    await visible(page.getByText(`Til ${KARI_PHONE}`).first());
    await visible(page.getByText(`Til ${KARI_EMAIL}`).first());
    await expectAccessible(page, 'development mailbox');
    await shot(page, 'dev-mailbox-nb');

    // Kari follows the link in her SMS, logs in and reads the answer.
    await page.locator(`li[data-channel="sms"]`).filter({ hasText: KARI_PHONE }).first().getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page
      .getByRole('link', { name: /logg inn som innbygger/i })
      .or(page.getByRole('button', { name: /logg inn som innbygger/i }))
      .first()
      .click();
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await page.getByRole('button', { name: 'Kari Demodatter' }).click();
    await page.waitForURL(/\/citizen$/);
    await page.goto(`/citizen/messages/${threadId}`);
    await visible(page.getByText(HEALTH));
    const thread = (await (await page.request.get(`/api/citizen/threads/${threadId}`)).json()) as { messages: { mine: boolean; readAt: string | null }[] };
    expect(thread.messages.find((m) => !m.mine)?.readAt).toBeTruthy();
    await ctx.close();
  });

  it('sends a letter from a template; an unread important letter is reminded exactly once; the unit sees when it is read', async () => {
    // The GP office sends Kari a letter from the general template.
    const dctx = await newContext(browser, base);
    const doctor = await dctx.newPage();
    await loginAs(doctor, 'staff', 'Lise Fjellheim');
    await doctor.waitForURL(/\/clinician$/);
    await doctor.getByRole('link', { name: /Pasientbrev.*Fjordbyen legekontor/ }).click();
    await doctor.waitForURL(/\/letters$/);
    await doctor.getByRole('link', { name: 'Send et nytt brev' }).click();
    await doctor.getByLabel('Søk etter pasient').fill('Demodatter');
    await doctor.getByRole('button', { name: 'Søk', exact: true }).click();
    await doctor.getByLabel(/^Kari Demodatter/).check();
    await doctor.getByLabel('Generelt brev').check();
    await doctor.getByLabel('Tittel').fill('Svar på undersøkelsen');
    await doctor.getByLabel('Tekst').fill(LETTER_TEXT);
    await visible(doctor.getByText('Slik ser brevet ut for pasienten'));
    await expectAccessible(doctor, 'new letter');
    await shot(doctor, 'letters-new-nb');
    const before = await lastId();
    await doctor.getByRole('button', { name: 'Send brevet' }).click();
    await doctor.waitForURL(new RegExp(`/clinician/units/${gpUnitId}/letters$`));
    await visible(doctor.getByText('Brevet er sendt til Kari Demodatter.'));
    const row = doctor.getByRole('row').filter({ hasText: 'Svar på undersøkelsen' });
    await visible(row.getByText('Ikke lest'));

    await expect
      .poll(async () => (await newSince(KARI_PHONE, before)).map((m) => m.body), { timeout: 20_000 })
      .toEqual([`Du har et nytt brev på helsedialog. Logg inn for å lese: ${base}/`]);
    await expect.poll(async () => (await newSince(KARI_EMAIL, before)).length, { timeout: 20_000 }).toBe(1);

    // Days pass; the letter is still unread: one reminder, and only one.
    await advanceDays(4);
    const reminders = async () => (await newSince(KARI_PHONE, before)).filter((m) => m.body.startsWith('Påminnelse: Du har et brev'));
    await expect.poll(async () => (await reminders()).length, { timeout: 20_000 }).toBe(1);
    await advanceDays(4);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await reminders()).toHaveLength(1);
    expectNoHealthContent([...(await newSince(KARI_PHONE, before)), ...(await newSince(KARI_EMAIL, before))]);

    // Kari reads it in the portal.
    const kctx = await newContext(browser, base);
    const kari = await kctx.newPage();
    await loginAs(kari, 'citizen', 'Kari Demodatter');
    await kari.waitForURL(/\/citizen$/);
    await kari.getByRole('link', { name: /^Brev/ }).click();
    await kari.waitForURL(/\/citizen\/letters$/);
    await expectAccessible(kari, 'citizen letters');
    await shot(kari, 'letters-citizen-list-nb');
    await kari.getByRole('link', { name: /Svar på undersøkelsen/ }).click();
    await visible(kari.getByText(LETTER_TEXT));
    await visible(kari.getByRole('heading', { level: 1, name: 'Svar på undersøkelsen' }));
    await expectAccessible(kari, 'citizen letter');
    await shot(kari, 'letters-citizen-letter-nb');
    await kctx.close();

    // The unit sees that it was read.
    const readAt = async () => {
      const list = (await (await doctor.request.get(`/api/staff/units/${gpUnitId}/letters`)).json()) as { items: { title: string; readAt: string | null }[] };
      return list.items.find((l) => l.title === 'Svar på undersøkelsen')?.readAt ?? null;
    };
    await expect.poll(readAt, { timeout: 10_000 }).not.toBeNull();
    await doctor.goto(`/clinician/units/${gpUnitId}/letters`);
    await visible(
      doctor
        .getByRole('row')
        .filter({ hasText: 'Svar på undersøkelsen' })
        .getByText(/^Lest /),
    );
    await expectAccessible(doctor, 'unit letters');
    await shot(doctor, 'letters-unit-nb');
    await dctx.close();
  });

  it('works on a phone in English', async () => {
    const ctx = await newContext(browser, base, { phone: true, locale: 'en-GB' });
    const page: Page = await ctx.newPage();
    await loginAs(page, 'citizen', 'Kari Demodatter');
    await page.waitForURL(/\/citizen$/);
    await page.goto('/citizen/notifications');
    await page
      .getByRole('button', { name: /english/i })
      .or(page.getByRole('link', { name: /english/i }))
      .or(page.getByRole('combobox'))
      .first()
      .click();
    const lang = page.getByRole('option', { name: /english/i });
    if (await lang.count()) await lang.first().click();
    await visible(page.getByRole('heading', { level: 1, name: 'Notifications' }));
    await expectAccessible(page, 'notification settings (en, phone)');
    await shot(page, 'notify-settings-en-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.goto('/citizen/letters');
    await visible(page.getByRole('heading', { level: 1, name: 'Letters' }));
    await shot(page, 'letters-citizen-list-en-phone');
    await ctx.close();
  });
});
