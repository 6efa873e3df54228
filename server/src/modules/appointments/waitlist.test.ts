/** Waitlist: a freed slot is offered to the first waiting citizen for a limited time, then (by a durable job) to the next. */
import { offerWindow } from './urgency.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createWorker } from '../../workers.ts';
import { makeCitizen, makeSlot, makeUnit } from './appointments.fixtures.ts';
import { OFFER_EXPIRE_QUEUE, OFFER_HOURS } from './waitlist.service.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

/** Runs the offer-expiry job of an offer now, as the worker would when its time comes. */
async function expireNow(offerId: string): Promise<void> {
  const db = srv.database.db;
  const past = new Date(Date.now() - 1000);
  await db.updateTable('slot_offers').set({ expires_at: past }).where('id', '=', offerId).execute();
  await db.updateTable('jobs').set({ run_at: past }).where('idempotency_key', '=', `offer-expire:${offerId}`).execute();
  const worker = createWorker(srv.config, srv.database, srv.app.log);
  await worker.drain();
}

describe('waitlist', () => {
  it('offers a cancelled slot to the first waiting, holds it from others, expires the offer and passes it on', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const holder = await makeCitizen(db, srv.url, unit.id);
    const first = await makeCitizen(db, srv.url, unit.id);
    const second = await makeCitizen(db, srv.url, unit.id);
    const outsider = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const appt = (await holder.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    expect((await first.client.post('/api/citizen/waitlist', { contactId: first.contactId })).status).toBe(201);
    expect((await second.client.post('/api/citizen/waitlist', { contactId: second.contactId })).status).toBe(201);
    expect((await first.client.post('/api/citizen/waitlist', { contactId: first.contactId })).json().code).toBe('CONFLICT');

    expect((await holder.client.post(`/api/citizen/appointments/${appt.id}/cancel`, {})).status).toBe(200);
    const o1 = (await first.client.get('/api/citizen/appointments')).json();
    expect(o1.offers).toHaveLength(1);
    expect(o1.offers[0]).toMatchObject({ source: 'waitlist', slot: { id: slot.id } });
    const expires = new Date(o1.offers[0].expiresAt).getTime();
    // OFFER_HOURS from when the notice is sent (08:00 if the offer was made in quiet hours).
    const window = offerWindow(new Date(), OFFER_HOURS).expiresAt.getTime();
    expect(expires).toBeGreaterThan(window - 60_000);
    expect(expires).toBeLessThanOrEqual(window);
    expect((await second.client.get('/api/citizen/appointments')).json().offers).toHaveLength(0);
    // Held: nobody else can book it meanwhile.
    const grab = await outsider.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' });
    expect(grab.json().code).toBe('SLOT_TAKEN');
    const job = await db.selectFrom('jobs').selectAll().where('idempotency_key', '=', `offer-expire:${o1.offers[0].id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ queue: OFFER_EXPIRE_QUEUE.name, state: 'ready' });

    await expireNow(o1.offers[0].id);
    expect((await first.client.get('/api/citizen/appointments')).json().offers).toHaveLength(0);
    const o2 = (await second.client.get('/api/citizen/appointments')).json().offers;
    expect(o2).toHaveLength(1);
    expect((await first.client.post(`/api/citizen/offers/${o1.offers[0].id}/accept`)).json().code).toBe('OFFER_NOT_OPEN');

    const took = await second.client.post(`/api/citizen/offers/${o2[0].id}/accept`);
    expect(took.status).toBe(200);
    expect(took.json()).toMatchObject({ source: 'waitlist', status: 'booked', startsAt: slot.starts_at.toISOString() });
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('booked');
  });

  it('opens the slot for anyone when the last waiting citizen declines', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const holder = await makeCitizen(db, srv.url, unit.id);
    const waiting = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 72);
    const appt = (await holder.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Kontroll' })).json();
    await waiting.client.post('/api/citizen/waitlist', { contactId: waiting.contactId });
    await holder.client.post(`/api/citizen/appointments/${appt.id}/cancel`, {});
    const offer = (await waiting.client.get('/api/citizen/appointments')).json().offers[0];
    expect((await waiting.client.post(`/api/citizen/offers/${offer.id}/decline`)).status).toBe(204);
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('open');
    // The job that comes later does nothing to an answered offer.
    await expireNow(offer.id);
    expect((await db.selectFrom('slot_offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow()).status).toBe('declined');
  });

  it('moves a waiting citizen’s own appointment earlier and frees their later slot', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const holder = await makeCitizen(db, srv.url, unit.id);
    const waiting = await makeCitizen(db, srv.url, unit.id);
    const early = await makeSlot(db, unit.id, timebookId, 50);
    const late = await makeSlot(db, unit.id, timebookId, 24 * 20);
    const h = (await holder.client.post(`/api/citizen/slots/${early.id}/book`, { reason: 'Kontroll' })).json();
    const w = (await waiting.client.post(`/api/citizen/slots/${late.id}/book`, { reason: 'Vondt i ryggen' })).json();
    expect((await waiting.client.post('/api/citizen/waitlist', { contactId: waiting.contactId, appointmentId: w.id })).status).toBe(201);
    await holder.client.post(`/api/citizen/appointments/${h.id}/cancel`, {});
    const offer = (await waiting.client.get('/api/citizen/appointments')).json().offers[0];
    const moved = await waiting.client.post(`/api/citizen/offers/${offer.id}/accept`);
    expect(moved.json()).toMatchObject({ id: w.id, startsAt: early.starts_at.toISOString(), reason: 'Vondt i ryggen' });
    const slots = await db.selectFrom('slots').select(['id', 'status']).where('id', 'in', [early.id, late.id]).execute();
    expect(Object.fromEntries(slots.map((s) => [s.id, s.status]))).toEqual({ [early.id]: 'booked', [late.id]: 'open' });
  });

  it('does not offer an earlier-time waiter a slot that is later than what they have', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const holder = await makeCitizen(db, srv.url, unit.id);
    const waiting = await makeCitizen(db, srv.url, unit.id);
    const mine = await makeSlot(db, unit.id, timebookId, 30);
    const freed = await makeSlot(db, unit.id, timebookId, 90);
    const w = (await waiting.client.post(`/api/citizen/slots/${mine.id}/book`, { reason: 'Kontroll' })).json();
    await waiting.client.post('/api/citizen/waitlist', { contactId: waiting.contactId, appointmentId: w.id });
    const h = (await holder.client.post(`/api/citizen/slots/${freed.id}/book`, { reason: 'Kontroll' })).json();
    await holder.client.post(`/api/citizen/appointments/${h.id}/cancel`, {});
    expect((await waiting.client.get('/api/citizen/appointments')).json().offers).toHaveLength(0);
    expect((await db.selectFrom('slots').select('status').where('id', '=', freed.id).executeTakeFirstOrThrow()).status).toBe('open');
  });
});
