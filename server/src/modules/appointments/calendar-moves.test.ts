/**
 * Issue 17, the calendar's remaining rules through HTTP against a real database (PGlite, or
 * PostgreSQL with DATABASE_URL): moving an appointment to another timebook (the same clinician's
 * or a colleague's) under the no-overlap constraints, notified and journaled like any move;
 * absence blocks over several days that keep the whole period free; a check-in journaled like
 * the patient's answers (decision 77).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createStaff } from '../../test/factories.ts';
import { upsertEndpoint } from '../journal/journal.repository.ts';
import { osloLocalToInstant } from '../../platform/time.ts';
import { intoCheckInWindow, makeCitizen, makeUnit, soonStart } from './appointments.fixtures.ts';
import { shiftClock } from '../../platform/clock.ts';

let srv: TestServer;
beforeAll(async () => {
  // Sessions outlive a move of the clock into a check-in window (at most 35 minutes ahead).
  srv = await startTestServer({ SESSION_IDLE_MINUTES: '120' });
});
afterAll(async () => srv?.close());
// A check-in test may move the clock into the window (intoCheckInWindow); every test starts at the real time.
afterEach(() => shiftClock(0));
const db = () => srv.database.db;

type Unit = Awaited<ReturnType<typeof makeUnit>>;

/** The Oslo date `days` from today. */
const dayAhead = (days: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + days * 86_400_000));

/** Another timebook in the unit: the same clinician's second book, or a colleague's. */
async function timebook(u: Unit, staffId: string, name: string) {
  const tb = await db()
    .insertInto('timebooks')
    .values({ unit_id: u.unit.id, kind: 'clinician', staff_id: staffId, name, location: `${name}s kontor`, directions: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return tb.id;
}

async function assign(u: Unit, contactId: string, timebookId: string, date: string, time: string, minutes = 20) {
  const res = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, { contactId, timebookId, date, time, durationMinutes: minutes });
  expect(res.status, res.body).toBe(201);
  return res.json() as { id: string; startsAt: string; title: string; location: string | null };
}

describe('moving an appointment to another timebook', () => {
  it("moves to a colleague's timebook: the clinician, title and place follow, the old time is freed, the patient is notified and the change journaled", async () => {
    const u = await makeUnit(db(), srv.url);
    await upsertEndpoint(db(), { unitId: u.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    await db().updateTable('persons').set({ phone: '+4799999999' }).where('id', '=', p.citizen.id).execute();
    const colleague = await createStaff(db(), u.unit.id, { role: 'doctor', given: 'Kollega' });
    const other = await timebook(u, colleague.id, 'Kollega Testesen');
    const day = dayAhead(5);
    const a = await assign(u, p.contactId, u.timebookId, day, '10:00');

    const moved = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: other, time: '11:00' });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      timebookId: other,
      startsAt: osloLocalToInstant(day, '11:00')!.toISOString(),
      title: 'Time hos Kollega Testesen',
      clinician: 'Kollega Testesen',
      location: 'Kollega Testesens kontor',
    });
    const row = await db().selectFrom('appointments').select(['staff_id', 'timebook_id', 'slot_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ staff_id: colleague.id, timebook_id: other });
    // The held time is in the new timebook; the old one is withdrawn, so 10:00 is free in the first.
    const held = await db().selectFrom('slots').select(['timebook_id', 'status']).where('id', '=', row.slot_id!).executeTakeFirstOrThrow();
    expect(held).toEqual({ timebook_id: other, status: 'booked' });
    await assign(u, p.contactId, u.timebookId, day, '10:00');

    // One rule for every move: notified, journaled (the note names both timebooks), a new reminder.
    const notices = await db()
      .selectFrom('jobs')
      .select('payload')
      .where('queue', '=', 'notify.send')
      .where('idempotency_key', 'like', `appointment.changed:${a.id}:%`)
      .execute();
    expect(notices[0]?.payload).toMatchObject({ kind: 'appointment.changed', citizenId: p.citizen.id });
    const items = await db().selectFrom('journal_items').select(['event_type', 'snapshot']).where('object_id', '=', a.id).orderBy('seq').execute();
    expect(items.map((i) => i.event_type)).toEqual(['appointment.assigned', 'appointment.changed']);
    expect(items[0]!.snapshot).toMatchObject({ timebook: u.doctor.name });
    expect(items[1]!.snapshot).toMatchObject({ timebook: 'Kollega Testesen', startsAt: osloLocalToInstant(day, '11:00')!.toISOString() });
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('citizen_id', '=', p.citizen.id)
      .where('action', '=', 'appointment.change')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps the time when only the timebook changes; the same clinician may move to their other book at the same time', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const second = await timebook(u, u.doctor.id, 'Legevakt');
    const day = dayAhead(4);
    const a = await assign(u, p.contactId, u.timebookId, day, '09:00');
    const moved = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: second });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ timebookId: second, startsAt: a.startsAt });
  });

  it('is refused with TIME_CONFLICT when the new timebook, or the clinician in another book, is busy then; nothing changes', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const q = await makeCitizen(db(), srv.url, u.unit.id);
    const colleague = await createStaff(db(), u.unit.id, { role: 'doctor' });
    const theirs = await timebook(u, colleague.id, 'Kollega');
    const theirSecond = await timebook(u, colleague.id, 'Kollega, legevakt');
    const day = dayAhead(6);
    const a = await assign(u, p.contactId, u.timebookId, day, '10:00');
    await assign(u, q.contactId, theirs, day, '13:00');

    // The colleague's book has 13:00–13:20.
    const intoBook = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: theirs, time: '13:10' });
    expect(intoBook.status).toBe(409);
    expect(intoBook.json()).toMatchObject({ code: 'TIME_CONFLICT', conflict: { startsAt: osloLocalToInstant(day, '13:00')!.toISOString() } });
    // The colleague's other book is free, but the colleague is not.
    const intoClinician = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: theirSecond, time: '13:10' });
    expect(intoClinician.status).toBe(409);
    expect(intoClinician.json().code).toBe('TIME_CONFLICT');
    const row = await db().selectFrom('appointments').select(['timebook_id', 'starts_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ timebook_id: u.timebookId, starts_at: new Date(a.startsAt) });
    expect((await db().selectFrom('journal_items').select('id').where('object_id', '=', a.id).execute()).length).toBe(0);
  });

  it("refuses another unit's timebook", async () => {
    const u = await makeUnit(db(), srv.url);
    const elsewhere = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const a = await assign(u, p.contactId, u.timebookId, dayAhead(3), '08:00');
    const res = await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: elsewhere.timebookId });
    expect(res.status).toBe(404);
  });

  it('concurrent moves of many appointments onto one time in another timebook: exactly one succeeds', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const colleague = await createStaff(db(), u.unit.id, { role: 'doctor' });
    const target = await timebook(u, colleague.id, 'Mål');
    const day = dayAhead(7);
    const appts = [];
    for (let i = 0; i < 12; i++)
      appts.push(await assign(u, p.contactId, u.timebookId, day, `${String(8 + Math.floor(i / 3)).padStart(2, '0')}:${String((i % 3) * 20).padStart(2, '0')}`));
    const results = await Promise.all(appts.map((a) => u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { timebookId: target, time: '15:00' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(11).fill(409)]);
    const there = await db().selectFrom('appointments').select('id').where('timebook_id', '=', target).where('status', '=', 'booked').execute();
    expect(there).toHaveLength(1);
  });
});

describe('absence blocks over several days', () => {
  it('blocks the whole period: open slots in it are withdrawn, nothing can be booked or published into it, the calendar shows it on each day', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const [d1, d2, d3, d4] = [dayAhead(3), dayAhead(4), dayAhead(5), dayAhead(6)];
    const pub = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/slots`, {
      slots: [
        { date: d2, time: '09:00' },
        { date: d4, time: '09:00' },
      ],
      slotMinutes: 20,
    });
    expect(pub.status, pub.body).toBe(201);
    const block = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, {
      date: d1,
      startTime: '12:00',
      endDate: d3,
      endTime: '12:00',
      reason: 'Ferie',
    });
    expect(block.status, block.body).toBe(201);
    expect(block.json()).toMatchObject({
      status: 'blocked',
      startsAt: osloLocalToInstant(d1, '12:00')!.toISOString(),
      endsAt: osloLocalToInstant(d3, '12:00')!.toISOString(),
    });
    const slots = await db()
      .selectFrom('slots')
      .select(['starts_at', 'status'])
      .where('timebook_id', '=', u.timebookId)
      .where('status', '<>', 'blocked')
      .orderBy('starts_at')
      .execute();
    expect(slots.map((s) => s.status)).toEqual(['withdrawn', 'open']);

    // The night and the day in the middle are blocked: appointments, a new slot, the citizen's booking.
    for (const [date, time] of [
      [d1, '23:00'],
      [d2, '10:00'],
      [d3, '11:50'],
    ] as const) {
      const into = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
        contactId: p.contactId,
        timebookId: u.timebookId,
        date,
        time,
        durationMinutes: 20,
      });
      expect(into.status, `${date} ${time}`).toBe(409);
      expect(into.json()).toMatchObject({ code: 'TIME_CONFLICT', conflict: { startsAt: osloLocalToInstant(d1, '12:00')!.toISOString() } });
    }
    const slotInto = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/slots`, { slots: [{ date: d2, time: '14:00' }], slotMinutes: 20 });
    expect(slotInto.status).toBe(409);
    // The clinician's other timebook is blocked too (the clinician is away).
    const second = await timebook(u, u.doctor.id, 'Legevakt');
    const otherBook = await u.staffClient.post(`/api/staff/units/${u.unit.id}/appointments`, {
      contactId: p.contactId,
      timebookId: second,
      date: d2,
      time: '10:00',
      durationMinutes: 20,
    });
    expect(otherBook.status).toBe(409);
    // Right after the block is free; the citizen can book the slot outside it.
    await assign(u, p.contactId, u.timebookId, d3, '12:00');
    const open = await db().selectFrom('slots').select('id').where('timebook_id', '=', u.timebookId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const booked = await p.client.post(`/api/citizen/slots/${open.id}/book`, { reason: 'Kontroll' });
    expect(booked.status, booked.body).toBe(201);

    // The calendar of the middle day alone shows the block (it began the day before).
    const from = osloLocalToInstant(d2, '00:00')!.toISOString();
    const to = osloLocalToInstant(d3, '00:00')!.toISOString();
    const cal = (await u.staffClient.get(`/api/staff/units/${u.unit.id}/calendar?from=${from}&to=${to}&timebooks=${u.timebookId}`)).json();
    expect(cal.timebooks[0].slots).toEqual([expect.objectContaining({ id: block.json().id, status: 'blocked', blockReason: 'Ferie' })]);
    // Free/busy says busy for the whole period.
    const fb = (await u.staffClient.get(`/api/staff/units/${u.unit.id}/free-busy?from=${from}&to=${to}&timebooks=${u.timebookId}`)).json();
    expect(fb.timebooks[0].busy).toEqual([expect.objectContaining({ kind: 'blocked', startsAt: osloLocalToInstant(d1, '12:00')!.toISOString() })]);
  });

  it('refuses a block over a booked time on any of its days, an end before the start, and more than the longest span', async () => {
    const u = await makeUnit(db(), srv.url);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const [d1, d2, d3] = [dayAhead(3), dayAhead(4), dayAhead(5)];
    await assign(u, p.contactId, u.timebookId, d2, '15:00');
    const over = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, {
      date: d1,
      startTime: '08:00',
      endDate: d3,
      endTime: '16:00',
      reason: 'Kurs',
    });
    expect(over.status).toBe(409);
    expect(over.json()).toMatchObject({ code: 'TIME_CONFLICT', conflict: { startsAt: osloLocalToInstant(d2, '15:00')!.toISOString() } });
    const backwards = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, {
      date: d3,
      startTime: '08:00',
      endDate: d1,
      endTime: '16:00',
      reason: 'Kurs',
    });
    expect(backwards.status).toBe(400);
    const tooLong = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, {
      date: d1,
      startTime: '08:00',
      endDate: dayAhead(3 + 62),
      endTime: '16:00',
      reason: 'Permisjon',
    });
    expect(tooLong.status).toBe(400);
    // Over midnight into the next day (an evening to the next morning) is one block.
    const night = await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, {
      date: d3,
      startTime: '20:00',
      endDate: dayAhead(6),
      endTime: '07:00',
      reason: 'Vakt',
    });
    expect(night.status, night.body).toBe(201);
  });
});

describe('check-in is journaled like the answers (decision 77)', () => {
  it('writes one journal item with the arrival time', async () => {
    const u = await makeUnit(db(), srv.url);
    await upsertEndpoint(db(), { unitId: u.unit.id, protocol: 'fhir', transport: 'http', url: `${srv.url}/dev-epj/fhir` });
    const on = { confirm: true, change: true, channel: true, notNeeded: true };
    const off = { confirm: false, change: false, channel: false, notNeeded: false };
    const put = await u.staffClient.put(`/api/staff/units/${u.unit.id}/answer-settings`, {
      types: { in_person: on, video: off, phone: off, home_visit: off },
      checkIn: true,
    });
    expect(put.status).toBe(200);
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const at = soonStart();
    const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(at).split(' ') as [
      string,
      string,
    ];
    const a = await assign(u, p.contactId, u.timebookId, date, time);
    intoCheckInWindow(at);
    const res = await p.client.post(`/api/citizen/appointments/${a.id}/check-in`);
    expect(res.status, res.body).toBe(200);
    // Checking in again changes nothing and journals nothing more.
    expect((await p.client.post(`/api/citizen/appointments/${a.id}/check-in`)).status).toBe(200);
    const items = await db().selectFrom('journal_items').select(['event_type', 'snapshot']).where('object_id', '=', a.id).orderBy('seq').execute();
    expect(items.map((i) => i.event_type)).toEqual(['appointment.assigned', 'appointment.checked_in']);
    expect(items[1]!.snapshot).toMatchObject({ checkedInAt: res.json().checkedInAt, status: 'booked' });
  });
});

describe('the unit page and the calendar are live', () => {
  it("the unit's staff get a request, a move, a block, an answer and a check-in over /api/events, without patient content", async () => {
    const u = await makeUnit(db(), srv.url);
    const on = { confirm: true, change: true, channel: true, notNeeded: true };
    const off = { confirm: false, change: false, channel: false, notNeeded: false };
    await u.staffClient.put(`/api/staff/units/${u.unit.id}/answer-settings`, {
      types: { in_person: on, video: off, phone: off, home_visit: off },
      checkIn: true,
    });
    const p = await makeCitizen(db(), srv.url, u.unit.id);
    const ctrl = new AbortController();
    const res = await fetch(`${srv.url}/api/events`, { headers: { cookie: `hd_session=${u.staffClient.cookie('hd_session')}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let received = '';
    const wanted = ['appointment.requested', 'appointment.changed', 'slot.blocked', 'appointment.answered', 'appointment.checked_in'];
    const got = (async () => {
      const dec = new TextDecoder();
      while (!wanted.every((w) => received.includes(`event: ${w}`))) {
        const { value, done } = await reader.read();
        if (done) break;
        received += dec.decode(value);
      }
    })();
    const asked = await p.client.post(`/api/citizen/contacts/${p.contactId}/appointment-requests`, { text: 'Hemmelig grunn til time', preferredTimes: [] });
    expect(asked.status, asked.body).toBe(201);
    const at = soonStart();
    const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(at).split(' ') as [
      string,
      string,
    ];
    const a = await assign(u, p.contactId, u.timebookId, date, time);
    intoCheckInWindow(at);
    expect((await u.staffClient.post(`/api/staff/appointments/${a.id}/change`, { durationMinutes: 25 })).status).toBe(200);
    expect(
      (await u.staffClient.post(`/api/staff/timebooks/${u.timebookId}/blocks`, { date: dayAhead(9), startTime: '08:00', endTime: '09:00', reason: 'Møte' }))
        .status,
    ).toBe(201);
    expect((await p.client.post(`/api/citizen/appointments/${a.id}/answer`, { answer: 'video', text: 'Hemmelig kommentar' })).status).toBe(200);
    expect((await p.client.post(`/api/citizen/appointments/${a.id}/check-in`)).status).toBe(200);
    await Promise.race([got, new Promise((r) => setTimeout(r, 10_000))]);
    ctrl.abort();
    for (const w of wanted) expect(received).toContain(`event: ${w}`);
    expect(received).not.toContain('Hemmelig');
  });
});
