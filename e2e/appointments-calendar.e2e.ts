/**
 * Issue 17 journeys on the demo data: the unit administrator switches on patients' answers and
 * check-in; a clinician's week in the calendar (slots and appointments) and moving one; the
 * patient (at 375 px, bokmål and English) confirming and then asking for video, and checking in
 * on arrival; staff seeing the arrival and the answer live, the inbox's signal, and handling it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, loginAs, newContext, shot, visible } from './browser.ts';

const base = inject('baseUrl');
const GP = 'Fjordbyen legekontor';
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function login(kind: 'citizen' | 'staff', name: string, phone = false): Promise<Page> {
  const ctx = await newContext(browser, base, { phone });
  const page = await ctx.newPage();
  await loginAs(page, kind, name);
  await page.waitForURL(kind === 'citizen' ? /\/citizen$/ : /\/clinician$/);
  return page;
}

/** Calls the API from the page, as its session (with the CSRF token the app uses). */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as never };
    },
    { method, path, body },
  );
}

const oslo = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(d).split(' ') as [string, string];

/** Sends Kari an appointment in Lise's timebook at the first free 20 minutes from `from` (the timebook refuses overlaps: 409). */
async function sendAppointment(page: Page, unitId: string, contactId: string, timebookId: string, from: Date): Promise<{ id: string; startsAt: string }> {
  for (let i = 0; i < 40; i++) {
    const [date, time] = oslo(new Date(from.getTime() + i * 20 * 60_000));
    const res = await api<{ id: string; startsAt: string }>(page, 'POST', `/api/staff/units/${unitId}/appointments`, {
      contactId,
      timebookId,
      date,
      time,
      durationMinutes: 20,
    });
    if (res.status === 201) return res.json;
    expect(res.status).toBe(409);
  }
  throw new Error('no free time found');
}

describe('calendar, answers and check-in', () => {
  // Skipped: this journey had never passed end to end (its author's last run stopped at the move step) and
  // failed in the clean-clone CI run at the merge of wave 2; calendar, moves, answers, reminders and
  // check-in are covered by server/src/modules/appointments/calendar.test.ts on both databases. To be
  // made green again before issue 17 is resolved (session note).
  it('a clinician’s week, a patient confirming and asking for video, a check-in seen by staff', { timeout: 240_000 }, async () => {
    // The administrator switches on the answers and check-in (admin UI).
    const mona = await login('staff', 'Mona Strand');
    const units = (await api<{ items: { id: string; name: string }[] }>(mona, 'GET', '/api/staff/units')).json.items;
    const unitId = units.find((u) => u.name === GP)!.id;
    await mona.goto(`/clinician/units/${unitId}/appointments`);
    const settings = mona.getByRole('form', { name: 'Svar fra pasienten og innsjekking' });
    await visible(settings);
    const inPerson = settings.getByRole('group', { name: 'Oppmøte' });
    for (const label of ['Bekrefte oppmøte', 'Be om å endre timen', 'Be om video eller telefon i stedet', 'Si fra at timen ikke trengs'])
      await inPerson.getByLabel(label).check({ force: true });
    await settings.getByLabel(/Innsjekking ved ankomst/).check({ force: true });
    await settings.getByRole('button', { name: 'Lagre svar og innsjekking' }).click();
    await visible(settings.getByText('Lagret.'));
    await expectAccessible(mona, 'unit appointments with answer settings');

    // Two appointments for Kari in Lise's timebook: one soon (to check in), one in three days.
    const kariHit = (await api<{ items: { contactId: string; name: string }[] }>(mona, 'GET', `/api/staff/units/${unitId}/patients?q=Kari`)).json.items.find(
      (p) => p.name === 'Kari Demodatter',
    )!;
    const books = (await api<{ items: { id: string; name: string }[] }>(mona, 'GET', `/api/staff/units/${unitId}/timebooks`)).json.items;
    const lisesBook = books.find((b) => b.name.includes('Lise Fjellheim'))!;
    const soon = await sendAppointment(mona, unitId, kariHit.contactId, lisesBook.id, new Date(Math.ceil((Date.now() + 35 * 60_000) / 300_000) * 300_000));
    const later = await sendAppointment(
      mona,
      unitId,
      kariHit.contactId,
      lisesBook.id,
      new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000),
    );

    // A free slot that week (after hours, where no demo slot is).
    const pub = await api(mona, 'POST', `/api/staff/timebooks/${lisesBook.id}/slots`, {
      slots: [{ date: oslo(new Date(later.startsAt))[0], time: '19:20' }],
      slotMinutes: 20,
    });
    expect(pub.status).toBe(201);

    // Lise's week: the calendar shows days, free slots and Kari's appointments.
    const lise = await login('staff', 'Lise Fjellheim');
    await lise.goto(`/clinician/units/${unitId}/calendar?view=week&tb=${lisesBook.id}&date=${oslo(new Date(later.startsAt))[0]}`);
    await visible(lise.getByRole('heading', { name: `Kalender for ${GP}`, level: 1 }));
    await visible(lise.getByTestId('calendar-day').first());
    expect(await lise.getByTestId('calendar-day').count()).toBe(7);
    // Kari has two appointments, maybe both this week and at the same clock time: the card is picked by its day and time.
    const [laterDate, laterTime] = oslo(new Date(later.startsAt));
    const laterCard = lise
      .locator(`[data-testid="calendar-day"][data-date="${laterDate}"]`)
      .getByTestId('calendar-appointment')
      .filter({ hasText: 'Kari Demodatter' })
      .filter({ hasText: `${laterTime}–` });
    await visible(laterCard);
    await visible(lise.getByTestId('slot-open').first());
    await expectAccessible(lise, 'calendar week');
    await shot(lise, 'calendar-week');

    // Move it (the keyboard way) to 20:40 the next day, a time no demo slot uses.
    const [nextDay] = oslo(new Date(Date.parse(later.startsAt) + 86_400_000));
    await laterCard
      .locator('summary')
      .filter({ hasText: /^Flytt/ })
      .click();
    const move = laterCard.getByRole('form', { name: 'Flytt timen til Kari Demodatter' });
    await move.getByLabel('Dato').fill(nextDay);
    await move.getByLabel('Klokkeslett').fill('20:40');
    // The form also moves to another of the unit's timebooks; here it stays in Lise's.
    expect(await move.getByLabel('Timebok').inputValue()).toBe(lisesBook.id);
    await shot(lise, 'calendar-move-form');
    await move.getByRole('button', { name: 'Flytt timen' }).click();
    let moved: string[] | undefined;
    for (let i = 0; i < 50 && !moved; i++) {
      const r = await api<{ items: { id: string; startsAt: string }[] }>(lise, 'GET', `/api/staff/units/${unitId}/appointments`);
      const a = r.json.items.find((x) => x.id === later.id);
      if (a && a.startsAt !== later.startsAt) moved = oslo(new Date(a.startsAt));
      else await new Promise((res) => setTimeout(res, 200));
    }
    expect(moved).toEqual([nextDay, '20:40']);
    await visible(lise.getByText(/Timen er flyttet/));

    // An absence over two days of that week that hold none of Kari's times (noon to noon): shown on both days.
    const weekDays = await lise.getByTestId('calendar-day').evaluateAll((els) => els.map((e) => e.getAttribute('data-date') ?? ''));
    const used = new Set([soon, later].map((x) => oslo(new Date(x.startsAt))[0]).concat(nextDay));
    const pair = weekDays.findIndex((d, i) => i + 1 < weekDays.length && !used.has(d) && !used.has(weekDays[i + 1]!));
    if (pair >= 0) {
      const blocked = await api(lise, 'POST', `/api/staff/timebooks/${lisesBook.id}/blocks`, {
        date: weekDays[pair],
        startTime: '12:00',
        endDate: weekDays[pair + 1],
        endTime: '12:00',
        reason: 'Kurs i Bergen',
      });
      // 409 only if a demo time of Lise's is there; the block is then not the point of this run.
      expect([201, 409]).toContain(blocked.status);
      if (blocked.status === 201) {
        for (const d of [weekDays[pair], weekDays[pair + 1]])
          await visible(
            lise.locator(`[data-testid="calendar-day"][data-date="${d}"]`).getByTestId('slot-blocked').filter({ hasText: 'Kurs i Bergen' }),
            15_000,
          );
      }
    }
    await shot(lise, 'calendar-week-moved');

    // The same week on a phone (375 px): the days stack.
    const lisePhone = await login('staff', 'Lise Fjellheim', true);
    await lisePhone.goto(`/clinician/units/${unitId}/calendar?view=week&tb=${lisesBook.id}&date=${oslo(new Date(later.startsAt))[0]}`);
    await visible(lisePhone.getByTestId('calendar-day').first());
    await visible(lisePhone.getByTestId('calendar-appointment').filter({ hasText: 'Kari Demodatter' }).first());
    await expectAccessible(lisePhone, 'calendar week (375 px)');
    await shot(lisePhone, 'calendar-week-phone');
    await lisePhone.context().close();

    // Kari on her phone: confirms, then asks for video instead.
    const kari = await login('citizen', 'Kari Demodatter', true);
    await kari.goto(`/citizen/appointments/${later.id}`);
    await visible(kari.getByRole('heading', { name: 'Svar på timen', level: 2 }));
    await expectAccessible(kari, 'answer an appointment (375 px)');
    await kari.getByLabel('Jeg kommer').check({ force: true });
    await kari.getByRole('button', { name: 'Send svaret' }).click();
    await visible(kari.getByText(/Svaret er sendt til/));
    await visible(kari.getByTestId('my-answer').filter({ hasText: 'Jeg kommer' }));
    await kari.getByLabel('Jeg vil heller ha video').check({ force: true });
    await kari.getByLabel('Kommentar (valgfritt)').fill('Jeg er på reise den uka.');
    await kari.getByRole('button', { name: 'Send svaret' }).click();
    await visible(kari.getByTestId('my-answer').filter({ hasText: 'Jeg vil heller ha video' }));
    await shot(kari, 'appointment-answer-phone');
    // The same page in English.
    await kari.evaluate(() => window.localStorage.setItem('helsedialog.language', 'en'));
    await kari.reload();
    await visible(kari.getByRole('heading', { name: 'Answer the appointment', level: 2 }));
    await visible(kari.getByTestId('my-answer').filter({ hasText: 'I would rather have video' }));
    await expectAccessible(kari, 'answer an appointment in English (375 px)');
    await kari.evaluate(() => window.localStorage.setItem('helsedialog.language', 'nb'));

    // Lise's calendar on the day of the soon appointment, open while Kari checks in: it updates live.
    await lise.goto(`/clinician/units/${unitId}/calendar?view=day&tb=${lisesBook.id}&date=${oslo(new Date(soon.startsAt))[0]}`);
    const soonCard = lise.getByTestId('calendar-appointment').filter({ hasText: oslo(new Date(soon.startsAt))[1] });
    await visible(soonCard);
    await kari.goto(`/citizen/appointments/${soon.id}`);
    await visible(kari.getByRole('heading', { name: 'Innsjekking', level: 2 }));
    await kari.getByRole('button', { name: 'Sjekk inn – jeg er her' }).click();
    await visible(kari.getByText(/Du er sjekket inn kl\./));
    await expectAccessible(kari, 'checked in (375 px)');
    await shot(kari, 'appointment-checked-in-phone');
    await visible(soonCard.getByText(/^Ankommet /), 15_000);
    await shot(lise, 'calendar-day-arrived');

    // The answer: flagged in the inbox, listed on the unit page, shown in the calendar; handled.
    await lise.goto(`/clinician/units/${unitId}`);
    await visible(lise.getByTestId('answers-signal').filter({ hasText: /svar fra pasienter på timeavtaler venter/ }));
    await lise.getByTestId('answers-signal').getByRole('link').click();
    await lise.waitForURL(/\/appointments#answers-h$/);
    const answer = lise.getByTestId('open-answer').filter({ hasText: 'Kari Demodatter' });
    await visible(answer.getByText('Ønsker video i stedet'));
    await visible(answer.getByText(/Jeg er på reise den uka/));
    await expectAccessible(lise, 'unit appointments with answers');
    await answer.getByRole('button', { name: /Marker som behandlet/ }).click();
    await answer.waitFor({ state: 'detached', timeout: 10_000 });

    // The staff waitlist page renders (keyset-paged list, nobody or somebody waiting).
    await lise.goto(`/clinician/units/${unitId}/waitlist`);
    await visible(lise.getByRole('heading', { name: `Venteliste for ${GP}`, level: 1 }));
    await expectAccessible(lise, 'staff waitlist');

    for (const p of [mona, lise, kari]) await p.context().close();
  });
});
