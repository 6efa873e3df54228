/**
 * Issue 17 through HTTP against a real database (PGlite, or PostgreSQL with DATABASE_URL): the
 * staff calendar and free/busy, absence blocks under the no-overlap constraints, moving an
 * appointment (the patient is notified, the change journaled), the patient's answers (settings,
 * journal, the unit's flag), reminders asking for confirmation, check-in and its window, the
 * staff waitlist (keyset pages) and the appointment task source.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { upsertEndpoint } from '../journal/journal.repository.ts';
import { runReminder, type NotifyDeps } from '../notify/notify.jobs.ts';
import { intoCheckInWindow, makeCitizen, makeSlot, makeUnit, soonStart } from './appointments.fixtures.ts';
import { shiftClock } from '../../platform/clock.ts';
import { appointmentTasks } from './appointments.tasks.ts';
import { checkInWindow } from './appointments.dto.ts';
import { osloLocalToInstant } from '../../platform/time.ts';

let srv: TestServer;
beforeAll(async () => {
  // Sessions outlive a move of the clock into a check-in window (at most 35 minutes ahead).
  srv = await startTestServer({ SESSION_IDLE_MINUTES: '120' });
});
afterAll(async () => srv?.close());
// A check-in test may move the clock into the window (intoCheckInWindow); every test starts at the real time.
afterEach(() => shiftClock(0));
const db = () => srv.database.db;

const ALL_ON = { confirm: true, change: true, channel: true, notNeeded: true };
const OFF = { confirm: false, change: false, channel: false, notNeeded: false };

/** A unit whose administrator switched the answers for in-person appointments and check-in on. */
async function answeringUnit(opts: { checkIn?: boolean; answers?: typeof ALL_ON } = {}) {
  const u = await makeUnit(db(), srv.url);
  const put = await u.staffClient.put(`/api/staff/units/${u.unit.id}/answer-settings`, {
    types: { in_person: opts.answers ?? ALL_ON, video: OFF, phone: OFF, home_visit: OFF },
    checkIn: opts.checkIn ?? true,
  });
  expect(put.status).toBe(200);
  return u;
}

/** An appointment sent by the unit at a free time (Oslo date and time). */
async function assign(u: Awaited<ReturnType<typeof makeUnit>>, contactId: string, at: Date, minutes = 20) {
  const p = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(at).split(' ');
  const res = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
    contactId,
    timebookId: u.timebookId,
    date: p[0],
    time: p[1],
    durationMinutes: minutes,
  });
  expect(res.status, res.body).toBe(201);
  return res.json() as { id: string; startsAt: string };
}

/** A citizen with a mobile number (so notices are planned). */
async function reachable(unitId: string) {
  const p = await makeCitizen(db(), srv.url, unitId);
  await db().updateTable('persons').set({ phone: '+4799999999' }).where('id', '=', p.citizen.id).execute();
  return p;
}

/** Whole minutes from now, rounded to the next 5 minutes. */
const ahead = (minutes: number) => new Date(Math.ceil((Date.now() + minutes * 60_000) / 300_000) * 300_000);

describe('the staff calendar', () => {
  it('shows a week of slots, booked and free-time appointments and blocks, access-logged, and free/busy without patient data', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const open = await makeSlot(db(), u.unit.id, u.timebookId, 50);
    const a = await assign(u, p.contactId, ahead(26 * 60));
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const cal = await u.staffClient.get(`/api/staff/units/${u.unit.id}/calendar?from=${from}&to=${to}&timebooks=${u.timebookId}`);
    expect(cal.status, cal.body).toBe(200);
    const book = cal.json().timebooks[0];
    expect(book.timebook.id).toBe(u.timebookId);
    expect(book.slots.map((s: { id: string }) => s.id)).toContain(open.id);
    // The free-time appointment is shown once, as the appointment (its holding slot is not listed).
    expect(book.appointments.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(book.slots.filter((s: { status: string }) => s.status === 'booked')).toEqual([]);
    const logged = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('citizen_id', '=', p.citizen.id)
      .where('action', '=', 'appointment.calendar')
      .execute();
    expect(logged.length).toBe(1);

    const fb = await u.staffClient.get(`/api/staff/units/${u.unit.id}/free-busy?from=${from}&to=${to}`);
    expect(fb.status).toBe(200);
    const t = fb.json().timebooks.find((x: { id: string }) => x.id === u.timebookId);
    expect(t.free.map((f: { slotId: string }) => f.slotId)).toContain(open.id);
    expect(t.busy).toEqual([{ startsAt: a.startsAt, endsAt: expect.any(String), kind: 'booked' }]);
    expect(fb.body).not.toContain(p.citizen.id);

    // Bounded: more than 9 days is refused; another unit's staff get 404.
    expect(
      (await u.staffClient.get(`/api/staff/units/${u.unit.id}/calendar?from=${from}&to=${new Date(Date.now() + 20 * 86_400_000).toISOString()}`)).status,
    ).toBe(400);
    const other = await makeUnit(db(), srv.url);
    expect((await other.staffClient.get(`/api/staff/units/${u.unit.id}/calendar?from=${from}&to=${to}`)).status).toBe(404);
  });

  it('blocks absence: open slots in it are withdrawn, a booked time is refused with TIME_CONFLICT, and nothing can be booked into a block', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + 3 * 86_400_000));
    const pub = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/slots`, { slots: [{ date: day, time: '09:00' }], slotMinutes: 20 });
    expect(pub.status).toBe(201);
    const block = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, { date: day, startTime: '08:00', endTime: '12:00', reason: 'Kurs' });
    expect(block.status, block.body).toBe(201);
    expect(block.json()).toMatchObject({ status: 'blocked', blockReason: 'Kurs' });
    const slot = await db()
      .selectFrom('slots')
      .select('status')
      .where('timebook_id', '=', u.timebookId)
      .where('status', '<>', 'blocked')
      .executeTakeFirstOrThrow();
    expect(slot.status).toBe('withdrawn');
    // An appointment into the block: refused by the database, naming the blocked time.
    const into = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
      contactId: p.contactId,
      timebookId: u.timebookId,
      date: day,
      time: '10:00',
      durationMinutes: 20,
    });
    expect(into.status).toBe(409);
    expect(into.json()).toMatchObject({ code: 'TIME_CONFLICT', conflict: { startsAt: osloLocalToInstant(day, '08:00')!.toISOString() } });
    // A block over a booked appointment is refused.
    await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
      contactId: p.contactId,
      timebookId: u.timebookId,
      date: day,
      time: '13:00',
      durationMinutes: 20,
    });
    const over = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, { date: day, startTime: '12:30', endTime: '14:00', reason: 'Lege' });
    expect(over.status).toBe(409);
    expect(over.json().code).toBe('TIME_CONFLICT');
    // Removed: the time can be used again.
    expect((await u.staffClient.post(`/api/staff/blocks/${block.json().id}/remove`)).status).toBe(204);
    const after = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
      contactId: p.contactId,
      timebookId: u.timebookId,
      date: day,
      time: '10:00',
      durationMinutes: 20,
    });
    expect(after.status).toBe(201);
  });

  it('moving an appointment notifies the patient (urgent when next-morning) and journals the change', async () => {
    const u = await makeUnit(db(), srv.url);
    await upsertEndpoint(db(), { unitId: u.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const p = await reachable(u.unit.id);
    const a = await assign(u, p.contactId, ahead(5 * 24 * 60));
    const to = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + 6 * 86_400_000));
    const moved = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { date: to, time: '10:40' });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json().startsAt).toBe(osloLocalToInstant(to, '10:40')!.toISOString());
    const notices = await db()
      .selectFrom('jobs')
      .select(['payload'])
      .where('queue', '=', 'notify.send')
      .where('idempotency_key', 'like', `appointment.changed:${a.id}:%`)
      .execute();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]!.payload).toMatchObject({ kind: 'appointment.changed', citizenId: p.citizen.id, urgent: false });
    const items = await db().selectFrom('journal_items').select(['event_type', 'snapshot']).where('object_id', '=', a.id).orderBy('seq').execute();
    expect(items.map((i) => i.event_type)).toEqual(['appointment.assigned', 'appointment.changed']);
    expect(items[1]!.snapshot).toMatchObject({ startsAt: osloLocalToInstant(to, '10:40')!.toISOString() });
  });
});

describe('the patient answers an appointment', () => {
  it('takes only the answers the unit switched on for the type, journals each, and flags those that ask for something', async () => {
    const u = await answeringUnit({ answers: { confirm: true, change: false, channel: true, notNeeded: false } });
    await upsertEndpoint(db(), { unitId: u.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const a = await assign(u, p.contactId, ahead(4 * 24 * 60));
    const detail = (await p.client.get(`/api/citizen/appointments/${a.id}`)).json();
    expect(detail.answerOptions).toEqual(['confirm', 'video', 'phone']);

    const off = await p.client.post(`/api/citizen/appointments/${a.id}/answer`, { answer: 'change' });
    expect(off.status).toBe(403);
    expect(off.json().code).toBe('SERVICE_OFF');

    const confirm = await p.client.post(`/api/citizen/appointments/${a.id}/answer`, { answer: 'confirm' });
    expect(confirm.status, confirm.body).toBe(200);
    expect(confirm.json().answer).toMatchObject({ kind: 'confirm', handledAt: expect.any(String) });
    // A confirmation asks nothing of staff.
    expect((await u.staffClient.get(`/api/staff/units/${u.unit.id}/appointment-answers`)).json().count).toBe(0);

    const video = await p.client.post(`/api/citizen/appointments/${a.id}/answer`, { answer: 'video', text: 'Jobber hjemmefra' });
    expect(video.status).toBe(200);
    const flagged = (await u.staffClient.get(`/api/staff/units/${u.unit.id}/appointment-answers`)).json();
    expect(flagged.count).toBe(1);
    expect(flagged.items[0]).toMatchObject({ id: a.id, answer: { kind: 'video', text: 'Jobber hjemmefra', handledAt: null } });
    // The calendar shows the answer too.
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 6 * 86_400_000).toISOString();
    const cal = (await u.staffClient.get(`/api/staff/units/${u.unit.id}/calendar?from=${from}&to=${to}`)).json();
    expect(cal.timebooks[0].appointments[0].answer.kind).toBe('video');

    const items = await db().selectFrom('journal_items').select(['event_type', 'snapshot']).where('object_id', '=', a.id).orderBy('seq').execute();
    expect(items.map((i) => i.event_type)).toEqual(['appointment.assigned', 'appointment.answered', 'appointment.answered']);
    expect(items[2]!.snapshot).toMatchObject({ answer: 'video', answerText: 'Jobber hjemmefra' });

    const handled = await u.staffClient.post(`/api/staff/appointments/${a.id}/answer-handled`);
    expect(handled.status).toBe(200);
    expect((await u.staffClient.get(`/api/staff/units/${u.unit.id}/appointment-answers`)).json().count).toBe(0);
    expect((await u.staffClient.post(`/api/staff/appointments/${a.id}/answer-handled`)).status).toBe(409);
  });

  it('a unit with no answers switched on offers none', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const a = await assign(u, p.contactId, ahead(3 * 24 * 60));
    expect((await p.client.get(`/api/citizen/appointments/${a.id}`)).json().answerOptions).toEqual([]);
    expect((await p.client.post(`/api/citizen/appointments/${a.id}/answer`, { answer: 'confirm' })).status).toBe(403);
  });

  it('plans a reminder 48 hours before that asks for confirmation, and sends it only while unconfirmed and unmoved', async () => {
    const u = await answeringUnit();
    const p = await reachable(u.unit.id);
    const a = await assign(u, p.contactId, ahead(5 * 24 * 60));
    const job = await db()
      .selectFrom('jobs')
      .select(['payload', 'run_at', 'id'])
      .where('queue', '=', 'notify.reminder')
      .where('idempotency_key', '=', `reminder:appointment:${a.id}:${a.startsAt}`)
      .executeTakeFirstOrThrow();
    expect(job.run_at.toISOString()).toBe(new Date(Date.parse(a.startsAt) - 48 * 3_600_000).toISOString());
    const deps = {
      db: db(),
      reminderDays: 3,
      publicUrl: srv.url,
      transports: {} as NotifyDeps['transports'],
      now: () => new Date(),
      log: pino({ level: 'silent' }),
    };
    await runReminder(deps, { id: job.id, payload: job.payload });
    const sent = await db()
      .selectFrom('jobs')
      .select('payload')
      .where('queue', '=', 'notify.send')
      .where('idempotency_key', 'like', `reminder:appointment:${a.id}:%`)
      .execute();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.payload).toMatchObject({ kind: 'reminder.appointment', citizenId: p.citizen.id });

    // Confirmed: a second appointment's reminder sends nothing.
    const b = await assign(u, p.contactId, ahead(6 * 24 * 60));
    await p.client.post(`/api/citizen/appointments/${b.id}/answer`, { answer: 'confirm' });
    const jb = await db()
      .selectFrom('jobs')
      .select(['payload', 'id'])
      .where('idempotency_key', '=', `reminder:appointment:${b.id}:${b.startsAt}`)
      .executeTakeFirstOrThrow();
    await runReminder(deps, { id: jb.id, payload: jb.payload });
    expect(
      await db()
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', 'notify.send')
        .where('idempotency_key', 'like', `reminder:appointment:${b.id}:%`)
        .execute(),
    ).toEqual([]);
  });
});

describe('check-in', () => {
  it('is one window in Oslo time: from an hour before the start on its day until the end, in person only', () => {
    const start = osloLocalToInstant('2026-12-10', '00:30')!;
    const w = checkInWindow({ starts_at: start, ends_at: new Date(start.getTime() + 20 * 60_000), type: 'in_person' })!;
    expect(w.opensAt.toISOString()).toBe(osloLocalToInstant('2026-12-10', '00:00')!.toISOString());
    const noon = osloLocalToInstant('2026-12-10', '12:00')!;
    expect(checkInWindow({ starts_at: noon, ends_at: new Date(noon.getTime() + 1_200_000), type: 'in_person' })!.opensAt.toISOString()).toBe(
      osloLocalToInstant('2026-12-10', '11:00')!.toISOString(),
    );
    expect(checkInWindow({ starts_at: noon, ends_at: noon, type: 'video' })).toBeNull();
  });

  it('the patient checks in within the window; before it the answer says when it opens; staff see the arrival', async () => {
    const u = await answeringUnit({ checkIn: true });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const soon = await assign(u, p.contactId, soonStart());
    const later = await assign(u, p.contactId, ahead(3 * 24 * 60));
    intoCheckInWindow(soon.startsAt);
    const early = await p.client.post(`/api/citizen/appointments/${later.id}/check-in`);
    expect(early.status).toBe(409);
    expect(early.json().code).toBe('CHECK_IN_NOT_OPEN');
    const d = (await p.client.get(`/api/citizen/appointments/${soon.id}`)).json();
    expect(d.canCheckIn).toBe(true);
    const res = await p.client.post(`/api/citizen/appointments/${soon.id}/check-in`);
    expect(res.status, res.body).toBe(200);
    expect(res.json().checkedInAt).toEqual(expect.any(String));
    const list = (await u.staffClient.get(`/api/staff/units/${u.unit.id}/appointments`)).json().items;
    expect(list.find((x: { id: string }) => x.id === soon.id).checkedInAt).toEqual(expect.any(String));
  });

  it('a unit without check-in refuses it', async () => {
    const u = await answeringUnit({ checkIn: false });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const soon = await assign(u, p.contactId, ahead(30));
    expect((await p.client.get(`/api/citizen/appointments/${soon.id}`)).json().canCheckIn).toBe(false);
    expect((await p.client.post(`/api/citizen/appointments/${soon.id}/check-in`)).status).toBe(403);
  });
});

describe('the task source', () => {
  it('lists confirmations due and check-ins open today, done when answered, and nothing for a representative without appointments', async () => {
    const u = await answeringUnit({ checkIn: true });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const soon = await assign(u, p.contactId, soonStart());
    const later = await assign(u, p.contactId, ahead(4 * 24 * 60));
    intoCheckInWindow(soon.startsAt);
    const person = await db().selectFrom('persons').select(['id', 'given_name', 'family_name']).where('id', '=', p.citizen.id).executeTakeFirstOrThrow();
    const self: CitizenActor = {
      kind: 'citizen',
      userId: person.id,
      userName: person.given_name,
      subjectId: person.id,
      subjectName: person.given_name,
      representing: false,
      relation: 'self',
      areas: new Set(['contacts', 'dialog', 'appointments', 'documents']),
      dialogContacts: null,
      parentView: false,
      subjectAge: 40,
    };
    let tasks = await appointmentTasks(db(), self);
    expect(tasks.map((t) => t.id).sort()).toEqual(
      [`appointment-confirmation:${later.id}`, `appointment-confirmation:${soon.id}`, `check-in:${soon.id}`].sort(),
    );
    expect(tasks.find((t) => t.kind === 'check-in')).toMatchObject({ unitId: u.unit.id, href: `/citizen/appointments/${soon.id}`, doneAt: null });
    await p.client.post(`/api/citizen/appointments/${later.id}/answer`, { answer: 'confirm' });
    await p.client.post(`/api/citizen/appointments/${soon.id}/check-in`);
    tasks = await appointmentTasks(db(), self);
    expect(tasks.find((t) => t.id === `appointment-confirmation:${later.id}`)!.doneAt).toEqual(expect.any(String));
    expect(tasks.find((t) => t.id === `check-in:${soon.id}`)!.doneAt).toEqual(expect.any(String));
    const poa: CitizenActor = { ...self, userId: u.doctor.id, representing: true, relation: 'poa', areas: new Set(['contacts', 'documents']) };
    expect(await appointmentTasks(db(), poa)).toEqual([]);
  });
});

describe('the staff waitlist', () => {
  it('lists who waits, in which timebook, the offers and their answers, newest first in keyset pages', async () => {
    const u = await makeUnit(db(), srv.url);
    const people: Awaited<ReturnType<typeof makeCitizen>>[] = [];
    for (let i = 0; i < 3; i++) people.push(await makeCitizen(db(), srv.url, u.unit.id));
    for (const p of people) expect((await p.client.post('/api/citizen/waitlist', { contactId: p.contactId })).status).toBe(201);
    // A freed slot goes to the first waiting; she declines; it passes to the second.
    const slot = await makeSlot(db(), u.unit.id, u.timebookId, 30);
    const booker = await makeCitizen(db(), srv.url, u.unit.id);
    const booked = await booker.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' });
    expect(booked.status).toBe(201);
    await booker.client.post(`/api/citizen/appointments/${booked.json().id}/cancel`, {});
    const offer = (await people[0]!.client.get('/api/citizen/appointments')).json().offers[0];
    expect((await people[0]!.client.post(`/api/citizen/offers/${offer.id}/decline`)).status).toBe(204);

    const page1 = await u.staffClient.get(`/api/staff/units/${u.unit.id}/waitlist?status=all`);
    expect(page1.status).toBe(200);
    const all = page1.json();
    expect(all.items.map((e: { citizen: { id: string } }) => e.citizen.id)).toEqual(people.map((p) => p.citizen.id).reverse());
    const first = all.items.find((e: { citizen: { id: string } }) => e.citizen.id === people[0]!.citizen.id);
    expect(first.offers).toEqual([expect.objectContaining({ status: 'declined', slotStartsAt: slot.starts_at.toISOString(), answeredAt: expect.any(String) })]);
    expect(all.items.find((e: { citizen: { id: string } }) => e.citizen.id === people[1]!.citizen.id).offers[0].status).toBe('open');

    // Keyset pages of one: the same three, in the same order, then the end.
    const seen: string[] = [];
    let next: string | null = null;
    for (let i = 0; i < 4; i++) {
      const q: string = `/api/staff/units/${u.unit.id}/waitlist?status=all${next ? `&after=${next}` : ''}`;
      const res = await u.staffClient.get(q.replace('status=all', 'status=all&limit=1'));
      const body = res.json() as { items: { id: string }[]; next: string | null };
      seen.push(...body.items.map((x) => x.id));
      next = body.next;
      if (!next) break;
    }
    expect(seen).toEqual(all.items.map((x: { id: string }) => x.id));
    expect((await u.staffClient.get(`/api/staff/units/${u.unit.id}/waitlist?after=bad`)).status).toBe(400);
  });
});
