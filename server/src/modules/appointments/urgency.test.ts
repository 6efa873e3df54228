/**
 * Urgent appointment notices (urgency.ts): same-day and next-morning changes and offers that
 * would expire in quiet hours are sent at once; an offer's answer window starts when its notice
 * is sent. The rule, and the events the paths raise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CHANNEL, type DomainEvent } from '../../platform/events.ts';
import { DomainEventSchema } from '../../platform/event-types.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { osloLocalToInstant } from '../../platform/time.ts';
import { makeCitizen, makeUnit } from './appointments.fixtures.ts';
import { addDays, osloParts } from './recurrence.ts';
import { appointmentNoticeUrgent, offerWindow } from './urgency.ts';

const oslo = (date: string, hh: number, mm = 0) => osloLocalToInstant(date, `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`)!;

describe('the rule', () => {
  const day = '2026-12-07';
  it('an appointment change is urgent for today and tomorrow morning, not later', () => {
    const now = oslo(day, 23, 0);
    expect(appointmentNoticeUrgent([oslo(day, 23, 30)], now)).toBe(true);
    expect(appointmentNoticeUrgent([oslo('2026-12-08', 8, 30)], now)).toBe(true);
    expect(appointmentNoticeUrgent([oslo('2026-12-08', 13, 0)], now)).toBe(false);
    expect(appointmentNoticeUrgent([oslo('2026-12-10', 9, 0), oslo('2026-12-08', 9, 0)], now)).toBe(true); // moved from tomorrow morning
    expect(appointmentNoticeUrgent([oslo(day, 10, 0)], now)).toBe(false); // already past
  });
  it('an offer that would expire before 08:00 is urgent; otherwise its window starts at 08:00 in quiet hours', () => {
    const late = oslo(day, 23, 0);
    // A 2-hour waitlist offer at 23:00: its notice goes at 08:00, and the citizen has until 10:00.
    expect(offerWindow(late, 2)).toEqual({ expiresAt: oslo('2026-12-08', 10, 0), urgent: false });
    expect(offerWindow(late, 24)).toEqual({ expiresAt: oslo('2026-12-09', 8, 0), urgent: false });
    // Capped by the slot: a slot at 09:00 tomorrow closes its offer at 08:30 — from 08:00 that is 30 minutes, not urgent.
    expect(offerWindow(late, 2, oslo('2026-12-08', 8, 30))).toEqual({ expiresAt: oslo('2026-12-08', 8, 30), urgent: false });
    // A slot at 07:30 closes its offer at 07:00, before 08:00: sent at once.
    expect(offerWindow(late, 2, oslo('2026-12-08', 7, 0))).toEqual({ expiresAt: oslo('2026-12-08', 1, 0), urgent: true });
    expect(offerWindow(oslo(day, 14, 0), 2)).toEqual({ expiresAt: oslo(day, 16, 0), urgent: false });
  });
});

let srv: TestServer;
const events: DomainEvent[] = [];
let stop: () => Promise<void>;
beforeAll(async () => {
  srv = await startTestServer();
  stop = await srv.database.listen(LIVE_CHANNEL, (p) => events.push(DomainEventSchema.parse(JSON.parse(p))));
});
afterAll(async () => {
  await stop?.();
  await srv?.close();
});

async function eventFor(type: string, appointmentId: string): Promise<DomainEvent> {
  for (let i = 0; i < 100; i++) {
    const e = events.find((x) => x.type === type && 'appointmentId' in x && x.appointmentId === appointmentId);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${type} for ${appointmentId}`);
}

describe('the events the unit raises', () => {
  it('marks a cancellation by the unit of an appointment starting within the next day urgent, and one in two weeks not', async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const p = await makeCitizen(db, srv.url, unit.id);
    const soonAt = new Date(Date.now() + 2 * 3_600_000);
    const soon = osloParts(soonAt);
    const mk = async (date: string, time: string) =>
      (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId: p.contactId, timebookId, date, time, durationMinutes: 15 })).json();
    // Within the next day (2 hours ahead) and in two weeks.
    const a = await mk(soon.date, soon.time);
    const b = await mk(addDays(osloParts(new Date()).date, 14), '10:00');
    expect((await staffClient.post(`/api/staff/appointments/${a.id}/cancel`, { reason: 'Legen er syk' })).status).toBe(200);
    expect((await staffClient.post(`/api/staff/appointments/${b.id}/cancel`, {})).status).toBe(200);
    expect(await eventFor('appointment.cancelled', a.id)).toMatchObject({ by: 'unit', urgent: true });
    expect(await eventFor('appointment.cancelled', b.id)).toMatchObject({ by: 'unit', urgent: false });
    expect(await eventFor('appointment.assigned', a.id)).toMatchObject({ urgent: true });
  });
});
