/**
 * Appointment journeys (timeavtaler) on the demo data: booking and its race, a request answered
 * by staff, home visits cancelled and carried out, the waitlist, and publishing a slot.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
const CARDIO = 'Hjertemedisinsk poliklinikk, Sykehuset Nordvest';
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function citizen(name: string): Promise<Page> {
  const ctx = await newContext(browser, base);
  const page = await ctx.newPage();
  await loginAs(page, 'citizen', name);
  await page.waitForURL(/\/citizen$/);
  return page;
}

async function staff(name: string): Promise<Page> {
  const ctx = await newContext(browser, base);
  const page = await ctx.newPage();
  await loginAs(page, 'staff', name);
  await page.waitForURL(/\/clinician$/);
  return page;
}

async function openAppointments(page: Page): Promise<void> {
  await page.getByRole('link', { name: /se timeavtalene dine/i }).click();
  await page.waitForURL(/\/citizen\/appointments$/);
  await visible(page.getByRole('heading', { name: 'Timeavtaler', level: 1 }));
}

async function openBooking(page: Page): Promise<void> {
  await openAppointments(page);
  await page.getByRole('link', { name: `Bestill time hos ${GP}` }).click();
  await page.waitForURL(/\/citizen\/appointments\/book\//);
  await visible(page.getByRole('heading', { name: 'Bestill time', level: 1 }));
}

/** Oslo date n days ahead as dd.mm.yyyy (what the date field takes). */
function norwegianDate(daysAhead: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d).split('-');
  return `${day}.${m}.${y}`;
}

describe('citizen books a published slot', () => {
  it('books a GP slot and sees it; a second citizen who chose the same slot is told it is taken', async () => {
    const kari = await citizen('Kari Demodatter');
    const nina = await citizen('Nina Testrud');
    await openAppointments(kari);
    await visible(kari.getByText('Blodprøve på laboratoriet').first());
    await visible(kari.getByText('Videotime hos Per Sjøberg').first());
    await expectAccessible(kari, 'citizen appointments');
    await shot(kari, 'appointments-citizen-list');

    await kari.getByRole('link', { name: `Bestill time hos ${GP}` }).click();
    await visible(kari.getByRole('heading', { name: 'Bestill time', level: 1 }));
    // Pick a day, then a time: only that day's times are listed.
    await visible(kari.getByLabel('Velg dag'));
    await visible(kari.getByRole('group', { name: /^Ledige tider / }));
    await openBooking(nina);
    const slot = kari.locator('.hd-appt-slot label', { hasText: 'Lise Fjellheim' }).first();
    await visible(slot);
    const forId = await slot.getAttribute('for');
    await expectAccessible(kari, 'book a slot');
    await slot.click();
    await kari.getByLabel('Hva gjelder timen?').fill('Vondt i skulderen');
    await shot(kari, 'appointments-book');
    await nina.locator(`label[for="${forId}"]`).click();
    await nina.getByLabel('Hva gjelder timen?').fill('Kontroll');

    await kari.getByRole('button', { name: 'Bestill timen' }).click();
    await kari.waitForURL(/\/citizen\/appointments\/[0-9a-f-]{36}$/);
    await visible(kari.getByRole('heading', { name: 'Time hos Lise Fjellheim', level: 1 }));
    await visible(kari.getByText('Vondt i skulderen'));
    await visible(kari.getByRole('link', { name: /last ned til kalenderen/i }));
    await expectAccessible(kari, 'appointment detail');
    await shot(kari, 'appointments-detail');

    await nina.getByRole('button', { name: 'Bestill timen' }).click();
    await visible(nina.getByRole('alert').filter({ hasText: /someone else has booked it|ikke lenger ledig/i }));
    expect(nina.url()).toMatch(/\/book\//);
    await expectAccessible(nina, 'slot taken');
    await shot(nina, 'appointments-slot-taken');

    await kari.getByRole('link', { name: 'Timeavtaler' }).first().click();
    await visible(kari.getByText('Vondt i skulderen'));
    await kari.context().close();
    await nina.context().close();
  });
});

describe('appointment request (timeønske)', () => {
  it('the citizen asks, staff assign a time, and it shows for the citizen', async () => {
    const kari = await citizen('Kari Demodatter');
    await openAppointments(kari);
    await kari.getByRole('link', { name: `Be om time hos ${CARDIO}` }).click();
    await visible(kari.getByRole('heading', { name: 'Be om time', level: 1 }));
    await kari.getByLabel('Hva trenger du time for?').fill('Jeg har fått mer hjertebank og vil gjerne snakke med dere.');
    await kari.getByLabel('Dato 1').fill(norwegianDate(14));
    await kari.getByLabel('Tid på dagen 1').selectOption('morning');
    await expectAccessible(kari, 'request form');
    await shot(kari, 'appointments-request');
    await kari.getByRole('button', { name: 'Send timeønske' }).click();
    await visible(kari.getByText(/Timeønsket er sendt/));

    const per = await staff('Per Sjøberg');
    await per.getByRole('link', { name: `Timeavtaler og timebøker – ${CARDIO}` }).click();
    await per.waitForURL(/\/appointments$/);
    const card = per.getByTestId('request').filter({ hasText: 'hjertebank' });
    await visible(card);
    await expectAccessible(per, 'unit appointments (hospital)');
    await shot(per, 'appointments-unit-requests');
    await card.getByLabel('Dato').fill(norwegianDate(15));
    await card.getByLabel('Klokkeslett').fill('10:30');
    await card.getByRole('button', { name: /gi time/i }).click();
    await visible(per.getByText('Timen er sendt til pasienten.'));

    await kari.goto('/citizen/appointments');
    const appt = kari.getByTestId('appointment').filter({ hasText: /\bTime hos Per Sjøberg/ });
    await visible(appt);
    await expect.poll(() => appt.textContent()).toMatch(/10:30/);
    await visible(kari.getByText(/du har fått time/));
    await kari.context().close();
    await per.context().close();
  });
});

describe('municipal home care', () => {
  it('the citizen sees planned visits and cancels one; staff mark one carried out and the citizen sees it', async () => {
    const astrid = await citizen('Astrid Eksempelsen');
    await openAppointments(astrid);
    const visits = astrid.getByTestId('appointment').filter({ hasText: 'Hjemmebesøk' });
    await expect.poll(() => visits.count()).toBeGreaterThanOrEqual(7);
    await shot(astrid, 'appointments-home-visits');
    // The first is today's, under way (too late to cancel); cancel tomorrow's.
    await visits.nth(1).getByRole('link', { name: 'Hjemmebesøk' }).click();
    await visible(astrid.getByRole('heading', { name: 'Hjemmebesøk', level: 1 }));
    await astrid.getByRole('button', { name: 'Avbestill timen' }).click();
    await astrid.getByLabel('Grunn (valgfritt)').fill('Er hos datteren min');
    await expectAccessible(astrid, 'cancel a home visit');
    await astrid.getByRole('button', { name: 'Ja, avbestill timen' }).click();
    await visible(astrid.getByText('Avlyst').first());

    const li = await staff('Hanne Li');
    await li.getByRole('link', { name: /Timeavtaler og timebøker – Hjemmetjenesten/ }).click();
    await li.waitForURL(/\/appointments$/);
    const planned = li.getByTestId('appointment').filter({ hasText: 'Astrid Eksempelsen' });
    await expect.poll(() => planned.count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(li, 'home care day list');
    await shot(li, 'appointments-home-care-staff');
    const before = await planned.count();
    // Only a visit that has started can be marked carried out; later ones say from when.
    await visible(planned.nth(1).getByText(/Kan merkes som utført fra/));
    await planned
      .first()
      .getByRole('button', { name: /merk besøket som utført/i })
      .click();
    await expect.poll(() => planned.count()).toBe(before - 1);

    await astrid.goto('/citizen/appointments');
    const done = astrid.getByTestId('appointment').filter({ hasText: 'Utført' });
    await expect.poll(() => done.count()).toBeGreaterThanOrEqual(2); // yesterday's and today's
    await shot(astrid, 'appointments-home-visit-done');
    await astrid.context().close();
    await li.context().close();
  });
});

describe('waitlist', () => {
  it('offers a cancelled slot to the waitlisted citizen, who takes it', async () => {
    const kari = await citizen('Kari Demodatter');
    await openBooking(kari);
    await kari.getByRole('button', { name: 'Sett meg på venteliste' }).click();
    await visible(kari.getByText(/står nå på venteliste/));

    const nina = await citizen('Nina Testrud');
    await openBooking(nina);
    const last = nina.locator('.hd-appt-slot label', { hasText: 'Lise Fjellheim' }).last();
    await last.click();
    await nina.getByLabel('Hva gjelder timen?').fill('Kontroll');
    await nina.getByRole('button', { name: 'Bestill timen' }).click();
    await nina.waitForURL(/\/citizen\/appointments\/[0-9a-f-]{36}$/);
    await nina.getByRole('button', { name: 'Avbestill timen' }).click();
    await nina.getByRole('button', { name: 'Ja, avbestill timen' }).click();
    await visible(nina.getByText('Avlyst').first());

    await kari.goto('/citizen/appointments');
    const offer = kari.getByTestId('offer');
    await visible(offer);
    await visible(offer.getByText(`Ledig time hos ${GP}`));
    await expectAccessible(kari, 'offer from the waitlist');
    await shot(kari, 'appointments-waitlist-offer');
    await offer.getByRole('button', { name: /ta timen/i }).click();
    await expect.poll(() => kari.getByTestId('offer').count()).toBe(0);
    await expect.poll(() => kari.getByTestId('appointment').filter({ hasText: 'Time hos Lise Fjellheim' }).count()).toBeGreaterThanOrEqual(2);
    await kari.context().close();
    await nina.context().close();
  });
});

describe('clinician timebook', () => {
  it('publishes a time in the GP’s timebook', async () => {
    const lise = await staff('Lise Fjellheim');
    await lise.getByRole('link', { name: `Timeavtaler og timebøker – ${GP}` }).click();
    await lise.waitForURL(/\/appointments$/);
    await expectAccessible(lise, 'unit appointments (GP)');
    await lise.getByRole('link', { name: 'Lise Fjellheim' }).click();
    await lise.waitForURL(/\/clinician\/timebooks\//);
    await visible(lise.getByRole('heading', { name: 'Timebok: Lise Fjellheim', level: 1 }));
    await lise.getByLabel('Dato').first().fill(norwegianDate(20));
    await lise.locator('#one-time').fill('14:40');
    await lise.getByRole('button', { name: 'Legg ut timen', exact: true }).click();
    await visible(lise.getByText('Lagt ut: 1 nye timer.'));
    await expectAccessible(lise, 'timebook');
    await shot(lise, 'appointments-timebook');
    await lise.context().close();
  });
});

describe('clinician sends an appointment', () => {
  it('creates an appointment for Kari Demodatter from the staff page, and Kari sees it', async () => {
    const lise = await staff('Lise Fjellheim');
    await lise.getByRole('link', { name: `Timeavtaler og timebøker – ${GP}` }).click();
    await lise.waitForURL(/\/appointments$/);
    await lise.getByRole('link', { name: 'Ny timeavtale til en pasient' }).click();
    await lise.waitForURL(/\/appointments\/new$/);
    await visible(lise.getByRole('heading', { name: 'Ny timeavtale', level: 1 }));
    await expectAccessible(lise, 'new appointment');

    await lise.getByLabel('Søk etter pasient').fill('Kari Demo');
    await lise.getByRole('button', { name: 'Velg Kari Demodatter' }).click();
    await visible(lise.getByText(/Kari Demodatter, født/));
    await lise.getByLabel('Type time').selectOption('in_person');
    await lise.getByLabel('Dato').fill(norwegianDate(10));
    await lise.locator('#appt-time').fill('13:20');
    await lise.locator('#appt-min').fill('30');
    await lise.getByLabel('Tittel (valgfritt)').fill('Kontroll av blodtrykk');
    await lise.getByLabel('Sted (valgfritt)').fill('Fjordbyen legekontor, rom 3');
    await shot(lise, 'appointments-staff-new');
    await lise.getByRole('button', { name: 'Send timen' }).click();
    await visible(lise.getByText('Timen er sendt til Kari Demodatter.'));
    await visible(lise.getByTestId('appointment').filter({ hasText: 'Kontroll av blodtrykk' }));
    await expectAccessible(lise, 'new appointment sent');
    await lise.setViewportSize({ width: 375, height: 900 });
    await shot(lise, 'appointments-staff-new-375');

    // The unit page lists it with change and cancel, and the new-timebook and offer forms pass axe when open.
    await lise.setViewportSize({ width: 1280, height: 900 });
    await lise.getByRole('link', { name: 'Timeavtaler for enheten' }).click();
    await lise.waitForURL(/\/appointments$/);
    const card = lise.getByTestId('appointment').filter({ hasText: 'Kontroll av blodtrykk' });
    await visible(card);
    await card.locator('summary', { hasText: 'Endre timen' }).click();
    await lise.locator('summary', { hasText: 'Opprett timebok' }).click();
    await expectAccessible(lise, 'unit appointments with forms open');
    await shot(lise, 'appointments-staff-unit-forms');
    await lise.context().close();

    const kari = await citizen('Kari Demodatter');
    await openAppointments(kari);
    const mine = kari.getByTestId('appointment').filter({ hasText: 'Kontroll av blodtrykk' });
    await visible(mine);
    await visible(mine.getByText('Fjordbyen legekontor, rom 3'));
    await shot(kari, 'appointments-citizen-sees-staff-appointment');
    await kari.context().close();
  });
});
