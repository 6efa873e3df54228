/**
 * Forms journey: an administrator imports a form; a clinician sends it to Emma (8); her parent
 * Nina fills it for her with @helsenorge/refero, saves a draft, comes back, submits; the
 * clinician reads the answers; the development EPJ shows the journaled response with its file.
 * A form in front of a service with a radio yes/no, a question asked after "Ja" and a file
 * answer sent with the message. The demo triage form in front of e-konsultasjon: the doctor
 * reads the recommended channel with its rule. Axe on every page, in bokmål and English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const run = Date.now().toString(36);
const TITLE = `Skolestart ${run}`;
const QUESTION = 'Hvor mange timer sover barnet om natten?';
const CONTACT_TITLE = `Før du kontakter oss ${run}`;
const CONTACT_QUESTION = 'Hvor lenge har du hatt plagene?';
const FEVER_QUESTION = 'Hvor høy er feberen?';
const FEVER_DAYS = 'Hvor mange dager har du hatt feber?';
let browser: Browser;
const contexts: BrowserContext[] = [];
let requestPath = '';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

async function session(kind: 'citizen' | 'staff', name: string, opts: { en?: boolean; phone?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, base, { phone: opts.phone, locale: opts.en ? 'en-GB' : 'nb-NO' });
  contexts.push(ctx);
  if (opts.en) await ctx.addInitScript(() => window.localStorage.setItem('helsedialog.language', 'en'));
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/**
 * Nina chooses to act for Emma. The page stays /citizen, so waiting for the URL proves nothing:
 * wait until the header says whom she acts for (a page opened before that is Nina's own).
 */
async function actForEmma(page: Page) {
  await page.getByRole('button', { name: /^(Bytt person|Switch person)$/ }).click();
  await page.getByRole('button', { name: /Emma/ }).click();
  await page.waitForURL(/\/citizen$/);
  await visible(page.locator('.hd-rep-bar__who').getByText(/Nina Testrud (på vegne av|on behalf of) Emma Testrud/));
}

/**
 * A full-page screenshot of a refero form. Its button bar is sticky at the bottom of the window:
 * scrolled to the end it sits where it belongs, under the questions, instead of over them.
 */
async function formShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await shot(page, name);
}

/** From the clinician start page to the GP office's sent forms. */
async function unitForms(page: Page) {
  await page.getByRole('link', { name: /^(Skjema|Forms) – Fjordbyen legekontor$/ }).click();
  await page.waitForURL(/\/clinician\/units\/[0-9a-f-]+\/form-requests$/);
}

const questionnaire = {
  resourceType: 'Questionnaire',
  url: `https://helsedialog.no/fhir/Questionnaire/e2e-${run}`,
  version: '1',
  title: TITLE,
  status: 'active',
  item: [
    { linkId: 'sleep', type: 'string', text: QUESTION, required: true },
    // A file: uploaded through the attachment checks (type, size, malware scan).
    { linkId: 'card', type: 'attachment', text: 'Vaksinekortet (PDF eller bilde)' },
    // A yes/no question the form asks as radio buttons (itemControl radio-button).
    {
      linkId: 'allergy',
      type: 'boolean',
      text: 'Har barnet allergier?',
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
          valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] },
        },
      ],
    },
  ],
};

// A loaded machine (several suites side by side) is slow: each step gets three minutes.
describe('forms', { timeout: 180_000 }, () => {
  it('an administrator imports a form into the library (a broken one is refused with the problem named)', async () => {
    const page = await session('staff', 'Mona Strand');
    await unitForms(page);
    await page.getByRole('link', { name: /^Skjemabibliotek$/ }).click();
    await page.waitForURL(/\/forms$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Skjemabibliotek' }));
    // The demo forms are there (PHQ-9 among them).
    await visible(page.locator('.hd-forms__title', { hasText: 'PHQ-9: spørsmål om humør og trivsel' }));
    await page.locator('#form-json').fill(JSON.stringify({ ...questionnaire, item: [{ linkId: 'x', type: 'string' }] }));
    await page.getByRole('button', { name: /^Importer$/ }).click();
    await visible(page.getByText(/text is missing/));
    await page.locator('#form-json').fill(JSON.stringify(questionnaire));
    await page.getByRole('button', { name: /^Importer$/ }).click();
    await visible(page.getByText(`«${TITLE}» er importert (versjon 1).`));
    const row = page.locator('.hd-forms__item', { hasText: TITLE });
    await row.getByRole('button', { name: 'Forhåndsvis' }).click();
    await visible(row.getByText(QUESTION));
    await expectAccessible(page, 'form library (nb)');
    await shot(page, 'forms-library');
  });

  it('a clinician sends it to Emma (8) with a deadline and a message', async () => {
    const page = await session('staff', 'Lise Fjellheim');
    await unitForms(page);
    await page.getByRole('button', { name: 'Send skjema' }).click();
    await page.locator('#f-patient').fill('Emma');
    await page.getByRole('button', { name: /^Søk$/ }).click();
    const hit = page.locator('#f-patient-hit');
    await visible(hit);
    const emma = await hit.locator('option', { hasText: 'Emma Testrud' }).getAttribute('value');
    await hit.selectOption(emma!);
    await page.locator('#f-form').selectOption({ label: TITLE });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#f-due').fill(due);
    await page.locator('#f-message').fill('Fyll ut før skolestart.');
    await expectAccessible(page, 'send form (nb)');
    await page.getByRole('button', { name: 'Send skjemaet' }).click();
    await visible(page.getByText('Skjemaet er sendt til Emma Testrud.'));
    await visible(page.locator('.hd-forms__item', { hasText: `${TITLE} – Emma Testrud` }).getByText('Sendt', { exact: true }));
  });

  it('a clinician ties a form to Kari’s coming appointment; Kari and the clinician see which appointment it is for', async () => {
    const PRE = 'Før timen hos legen';
    const page = await session('staff', 'Lise Fjellheim');
    await unitForms(page);
    await page.getByRole('button', { name: 'Send skjema' }).click();
    await page.locator('#f-patient').fill('Kari');
    await page.getByRole('button', { name: /^Søk$/ }).click();
    const hit = page.locator('#f-patient-hit');
    await visible(hit);
    await hit.selectOption((await hit.locator('option', { hasText: 'Kari Demodatter' }).getAttribute('value'))!);
    await page.locator('#f-form').selectOption({ label: PRE });
    // Her coming appointments with the unit are offered (booked, not past).
    const appointment = page.locator('#f-appointment');
    await visible(appointment);
    const option = appointment.locator('option', { hasText: 'Time hos Lise Fjellheim' }).first();
    const label = (await option.textContent())!.trim();
    await appointment.selectOption((await option.getAttribute('value'))!);
    await expectAccessible(page, 'send form tied to an appointment (nb)');
    await page.getByRole('button', { name: 'Send skjemaet' }).click();
    await visible(page.getByText('Skjemaet er sendt til Kari Demodatter.'));
    await page.locator('.hd-forms__item', { hasText: `${PRE} – Kari Demodatter` }).first().getByRole('link').click();
    await page.waitForURL(/\/clinician\/form-requests\/[0-9a-f-]+$/);
    await visible(page.getByText(`Gjelder timen: ${label}`));

    const kari = await session('citizen', 'Kari Demodatter', { phone: true });
    await kari.goto('/skjema');
    await kari.getByRole('link', { name: PRE }).first().click();
    await kari.waitForURL(/\/skjema\/[0-9a-f-]+$/);
    await visible(kari.getByText(`Gjelder timen: ${label}`));
  });

  it('Nina fills it for Emma: saves a draft, comes back, submits once', async () => {
    const page = await session('citizen', 'Nina Testrud', { phone: true });
    await actForEmma(page);
    await page.getByRole('link', { name: /^Skjema \(1 å fylle ut\)$/ }).click();
    await page.waitForURL(/\/skjema$/);
    await expectAccessible(page, 'citizen forms (nb)');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/skjema\/[0-9a-f-]+$/);
    requestPath = new URL(page.url()).pathname;
    await visible(page.getByText('Fyll ut før skolestart.'));
    const answer = page.getByLabel(new RegExp(QUESTION.replace(/\?/g, '\\?')));
    await visible(answer);
    // Each field is tagged with what it asks (a required text field: "must be filled in").
    await visible(page.locator('#item_sleep-string-formfieldtag', { hasText: /^Må fylles ut$/ }));
    await answer.fill('Ti timer');
    // Yes/no as two radio buttons, so "no" can be answered (a checkbox only says yes).
    await visible(page.getByRole('radio', { name: 'Ja' }));
    await page.getByRole('radio', { name: 'Nei' }).check({ force: true });
    await page
      .locator('.page_refero__component_attachment input[type="file"]')
      .setInputFiles({ name: 'vaksinekort.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await visible(page.getByText('vaksinekort.pdf'));
    await expectAccessible(page, 'citizen form (nb)');
    await formShot(page, 'forms-citizen-fill-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await formShot(page, 'forms-citizen-fill-desktop');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('button', { name: 'Lagre utkast' }).click();
    await visible(page.getByText('Utkastet er lagret. Du kan fortsette senere.'));

    // Leaves with refero's cancel button, comes back later: the draft is there.
    await page.getByRole('button', { name: 'Avbryt' }).click();
    await page.waitForURL(/\/skjema$/);
    await visible(page.locator('.hd-forms__item', { hasText: TITLE }).getByText('Utkast'));
    await page.goto(requestPath);
    await expect.poll(() => page.getByLabel(new RegExp(QUESTION.replace(/\?/g, '\\?'))).inputValue(), { timeout: 30_000, interval: 500 }).toBe('Ti timer');
    await expect(page.getByRole('radio', { name: 'Nei' }).isChecked()).resolves.toBe(true);
    await visible(page.getByText('vaksinekort.pdf'));
    await page.getByRole('button', { name: 'Send inn' }).click();
    await visible(page.getByText('Takk! Skjemaet er sendt inn.'));
    await visible(page.getByText(/fylt ut av Nina Testrud/));
    await visible(page.getByText('Ti timer'));
    await expectAccessible(page, 'submitted form (nb)');
  });

  it('the clinician reads the answers, in English too', async () => {
    const page = await session('staff', 'Lise Fjellheim', { en: true });
    await page.getByRole('link', { name: /^Forms – Fjordbyen legekontor$/ }).click();
    await page.getByRole('link', { name: `${TITLE} – Emma Testrud` }).click();
    await page.waitForURL(/\/clinician\/form-requests\/[0-9a-f-]+$/);
    await visible(page.getByRole('heading', { level: 1, name: TITLE }));
    await visible(page.getByText('Submitted', { exact: true }));
    await visible(page.getByText(QUESTION));
    await visible(page.getByText('Ti timer'));
    await visible(page.locator('.hd-form-answers__list div', { hasText: 'Har barnet allergier?' }).getByText('Nei', { exact: true }));
    // The file answer links to its download (the page is in English here).
    const file = page.getByRole('link', { name: 'Download vaksinekort.pdf' });
    await visible(file);
    const pdf = await page.request.get((await file.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await visible(page.getByText(/filled in by Nina Testrud/));
    await expectAccessible(page, 'staff form response (en)');
    await shot(page, 'forms-staff-response');

    const citizen = await session('citizen', 'Nina Testrud', { en: true });
    await actForEmma(citizen);
    await citizen.goto('/skjema');
    await visible(citizen.getByRole('heading', { level: 1, name: 'Forms' }));
    await expectAccessible(citizen, 'citizen forms (en)');
    await citizen.goto(requestPath);
    await visible(citizen.getByText('Ti timer'));
    await expectAccessible(citizen, 'submitted form (en)');
  });

  it('the development EPJ shows the journaled response', async () => {
    const ctx = await newContext(browser, base);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await expect
      .poll(
        async () => {
          await page.goto('/dev-epj');
          return page.getByText(`Skjema fra pasient: ${TITLE}`).count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    const row = page.locator('tr', { hasText: `Skjema fra pasient: ${TITLE}` });
    await visible(row.getByText('DIALOG_NOTAT'));
    // The file answer reached the record with the response, and the EPJ hands it out.
    const file = row.getByRole('link', { name: 'vaksinekort.pdf' });
    await visible(file);
    const pdf = await page.request.get((await file.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('a form in front of "Kontakt legekontoret": Kari answers it before writing, the answers go with the message', async () => {
    const mona = await session('staff', 'Mona Strand');
    await unitForms(mona);
    await mona.getByRole('link', { name: /^Skjemabibliotek$/ }).click();
    await mona.waitForURL(/\/forms$/);
    const contactForm = {
      resourceType: 'Questionnaire',
      url: `https://helsedialog.no/fhir/Questionnaire/e2e-contact-${run}`,
      version: '1',
      title: CONTACT_TITLE,
      status: 'active',
      item: [
        { linkId: 'since', type: 'string', text: CONTACT_QUESTION, required: true },
        // A yes/no radio question, and a question asked only after "Ja" (an enableWhenExpression:
        // the page evaluates it on the boolean, not on the option it draws).
        {
          linkId: 'fever',
          type: 'boolean',
          text: 'Har du feber?',
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
              valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] },
            },
          ],
        },
        {
          linkId: 'temperature',
          type: 'string',
          text: FEVER_QUESTION,
          extension: [
            {
              url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
              valueExpression: { language: 'text/fhirpath', expression: "%resource.repeat(item).where(linkId = 'fever').answer.value = true" },
            },
          ],
        },
        // A plain enableWhen on the radio yes/no (answerBoolean), and a calculated item reading it:
        // both see true / false in the browser, not the option drawn.
        { linkId: 'fever-days', type: 'integer', text: FEVER_DAYS, enableWhen: [{ question: 'fever', operator: '=', answerBoolean: true }] },
        {
          linkId: 'fever-summary',
          type: 'string',
          text: 'Oppsummert',
          readOnly: true,
          extension: [
            {
              url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
              valueExpression: {
                language: 'text/fhirpath',
                expression: "iif(%resource.repeat(item).where(linkId = 'fever').answer.value = true, 'Har feber', 'Ikke feber')",
              },
            },
          ],
        },
        // A file: sent with the message, checked like its attachments.
        { linkId: 'photo', type: 'attachment', text: 'Bilde av det som plager deg' },
      ],
    };
    await mona.locator('#form-json').fill(JSON.stringify(contactForm));
    await mona.getByRole('button', { name: /^Importer$/ }).click();
    await visible(mona.getByText(`«${CONTACT_TITLE}» er importert (versjon 1).`));
    const ekontakt = mona.getByRole('combobox', { name: 'Kontakt legekontoret' });
    const formId = await ekontakt.locator('option', { hasText: CONTACT_TITLE }).getAttribute('value');
    await ekontakt.selectOption(formId!);
    await expect.poll(() => ekontakt.inputValue(), { timeout: 10_000 }).toBe(formId);
    try {
      const kari = await session('citizen', 'Kari Demodatter');
      // The renderer's FHIRPath worker may start under the page's CSP (it was refused before, with an error in the console).
      const consoleErrors: string[] = [];
      kari.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await kari.getByRole('link', { name: /Tjenester og meldinger.*Fjordbyen legekontor/ }).click();
      await kari.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
      await kari.getByRole('link', { name: 'Kontakt legekontoret' }).click();
      await kari.waitForURL(/\/new\/ekontakt$/);
      // The form first; the message fields are not there yet.
      await visible(kari.getByRole('heading', { level: 2, name: 'Spørsmål før du skriver' }));
      await expect(kari.locator('#message-text').count()).resolves.toBe(0);
      const since = kari.getByLabel(CONTACT_QUESTION);
      await visible(since);
      await since.fill('Tre dager');
      // The fever question is asked only once "Ja" is chosen.
      await expect(kari.getByLabel(FEVER_QUESTION).count()).resolves.toBe(0);
      await expect(kari.getByLabel(FEVER_DAYS).count()).resolves.toBe(0);
      // The calculated item (read-only, drawn as text) follows the radio answer as a boolean.
      const summary = kari.getByText(/^(Har feber|Ikke feber)$/);
      const choose = async (name: 'Ja' | 'Nei') => {
        const radio = kari.getByRole('radio', { name });
        // Refero's button bar is sticky at the bottom of the window: bring the option to the middle
        // first, as a person scrolls to it (a click at its place could land on the bar).
        await radio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await radio.click({ force: true });
        await expect.poll(() => radio.isChecked()).toBe(true);
      };
      await choose('Nei');
      await expect.poll(() => summary.textContent()).toBe('Ikke feber');
      await choose('Ja');
      await visible(kari.getByLabel(FEVER_QUESTION));
      await visible(kari.getByLabel(FEVER_DAYS));
      await expect.poll(() => summary.textContent()).toBe('Har feber');
      await kari.getByLabel(FEVER_QUESTION).fill('38,5');
      await kari.getByLabel(FEVER_DAYS).fill('2');
      await kari
        .locator('.page_refero__component_attachment input[type="file"]')
        .setInputFiles({ name: 'ryggen.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
      await visible(kari.getByText('ryggen.pdf'));
      expect(consoleErrors.filter((e) => /Content Security Policy|Worker error/.test(e))).toEqual([]);
      await expectAccessible(kari, 'service form before a message (nb)');
      await formShot(kari, 'forms-service-form');
      await kari.getByRole('button', { name: 'Gå videre til meldingen' }).click();
      await visible(kari.getByText(`Svarene dine på «${CONTACT_TITLE}» sendes sammen med meldingen.`));
      await visible(kari.locator('#message-text'));
      const other = kari.getByRole('radio', { name: /^Annet$/ });
      if (await other.count()) await other.check({ force: true });
      await kari.locator('#topic-own').fill(`Vondt i ryggen ${run}`);
      await kari.locator('#message-text').fill('Jeg har hatt vondt i ryggen siden fredag.');
      await expectAccessible(kari, 'message after the service form (nb)');
      await kari.getByRole('button', { name: /^Send$/ }).click();
      await kari.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
      // The thread opens with the structured answers on top.
      await visible(kari.getByRole('heading', { level: 2, name: `Svar på skjemaet «${CONTACT_TITLE}»` }));
      await visible(kari.getByText('Tre dager'));
      await visible(kari.getByText('38,5'));
      await visible(kari.locator('.hd-form-answers__list div', { hasText: FEVER_DAYS }).getByText('2', { exact: true }));
      await visible(kari.getByText('Har feber', { exact: true }));
      // The file went with the message and opens from the structured answers.
      const file = kari.getByRole('link', { name: 'Last ned ryggen.pdf' });
      await visible(file);
      const pdf = await kari.request.get((await file.getAttribute('href'))!);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await visible(kari.getByText('Jeg har hatt vondt i ryggen siden fredag.'));
      await expectAccessible(kari, 'thread with the service form answers (nb)');
    } finally {
      // Other journeys write to the office through this service: take the form away again.
      await ekontakt.selectOption('');
      await expect.poll(() => ekontakt.inputValue(), { timeout: 10_000 }).toBe('');
    }
  });

  it('triage before e-konsultasjon: Kari answers the triage form, the doctor reads the recommended channel and its rule', async () => {
    const TRIAGE_TITLE = 'Før du sender en e-konsultasjon';
    const mona = await session('staff', 'Mona Strand');
    await unitForms(mona);
    await mona.getByRole('link', { name: /^Skjemabibliotek$/ }).click();
    await mona.waitForURL(/\/forms$/);
    const ekons = mona.getByRole('combobox', { name: 'E-konsultasjon' });
    const formId = await ekons.locator('option', { hasText: TRIAGE_TITLE }).getAttribute('value');
    await ekons.selectOption(formId!);
    await expect.poll(() => ekons.inputValue(), { timeout: 10_000 }).toBe(formId);
    try {
      const kari = await session('citizen', 'Kari Demodatter', { phone: true });
      await kari.getByRole('link', { name: /Tjenester og meldinger.*Fjordbyen legekontor/ }).click();
      await kari.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
      await kari.getByRole('link', { name: 'E-konsultasjon' }).click();
      await kari.waitForURL(/\/new\/ekonsultasjon$/);
      await visible(kari.getByRole('heading', { level: 2, name: 'Spørsmål før du skriver' }));
      // Two yes/no radio questions: not urgent, but an examination is needed (rule 2: in person).
      await kari.getByRole('radio', { name: 'Nei' }).first().check({ force: true });
      await kari.getByRole('radio', { name: 'Ja' }).nth(1).check({ force: true });
      await kari.getByRole('radio', { name: 'Mer enn en måned' }).check({ force: true });
      await kari.getByRole('radio', { name: 'Video' }).check({ force: true });
      await expectAccessible(kari, 'triage form before e-konsultasjon (nb, phone)');
      await formShot(kari, 'forms-triage-375');
      const overflow = await kari.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await kari.getByRole('button', { name: 'Gå videre til meldingen' }).click();
      await visible(kari.locator('#message-text'));
      const other = kari.getByRole('radio', { name: /^Annet$/ });
      if (await other.count()) await other.check({ force: true });
      await kari.locator('#topic-own').fill(`Føflekk ${run}`);
      await kari.locator('#message-text').fill('En føflekk på ryggen har endret farge.');
      await kari.getByRole('button', { name: /^Send$/ }).click();
      await kari.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
      const threadId = new URL(kari.url()).pathname.split('/').pop()!;
      await visible(kari.getByRole('heading', { level: 2, name: `Svar på skjemaet «${TRIAGE_TITLE}»` }));
      // The recommendation is for staff, not the patient.
      await expect(kari.getByText('Anbefalt kanal:').count()).resolves.toBe(0);

      for (const en of [false, true]) {
        const lise = await session('staff', 'Lise Fjellheim', { en });
        await lise.goto(`/clinician/threads/${threadId}`);
        await visible(lise.getByRole('heading', { level: 2, name: en ? `Answers to the form “${TRIAGE_TITLE}”` : `Svar på skjemaet «${TRIAGE_TITLE}»` }));
        const rec = lise.locator('.hd-form-answers__recommendation');
        await visible(rec.getByText(en ? /Recommended channel:\s*in person/ : /Anbefalt kanal:\s*oppmøte/));
        // The rule that decided, in the reader's language.
        await visible(
          rec.getByText(
            en ? 'Rule: The patient believes an examination is needed → in person' : 'Regel: Pasienten tror det trengs en undersøkelse → oppmøte',
          ),
        );
        await visible(lise.getByText('En føflekk på ryggen har endret farge.'));
        await expectAccessible(lise, `staff thread with triage answers (${en ? 'en' : 'nb'})`);
        if (!en) await shot(lise, 'forms-triage-staff');
      }
    } finally {
      await ekons.selectOption('');
      await expect.poll(() => ekons.inputValue(), { timeout: 10_000 }).toBe('');
    }
  });
});
