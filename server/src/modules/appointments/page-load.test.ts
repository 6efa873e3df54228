/**
 * The unit appointments page loads the appointment list and the request list in parallel; each
 * writes one access-log entry per patient, and each entry locks that patient's audit chain. The
 * lists are ordered differently (appointments by time, requests newest first), so without one
 * global lock order two loads deadlocked on PostgreSQL ("deadlock detected" → 500). Loads the page
 * many times with both lists concurrently: every request answers 200. (On PGlite, with its single
 * connection, it can not deadlock; the test runs there as a plain check.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { makeCitizen, makeUnit } from './appointments.fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, 180_000);
afterAll(async () => srv?.close());

describe('the unit appointments page under load', () => {
  it('loads the appointment, request and answer lists and the calendar concurrently 100 times without an error', { timeout: 600_000 }, async () => {
    const db = srv.database.db;
    const { unit, timebookId, staffClient } = await makeUnit(db, srv.url);
    const people: Awaited<ReturnType<typeof makeCitizen>>[] = [];
    for (let i = 0; i < 24; i += 8) people.push(...(await Promise.all(Array.from({ length: 8 }, () => makeCitizen(db, srv.url, unit.id)))));
    const base = Date.now() + 86_400_000;
    // Patient i has the i-th appointment and the i-th oldest request: the two lists name them in opposite orders.
    for (const [i, p] of people.entries()) {
      await db
        .insertInto('appointments')
        .values({
          citizen_id: p.citizen.id,
          unit_id: unit.id,
          contact_id: p.contactId,
          timebook_id: timebookId,
          slot_id: null,
          staff_id: null,
          request_id: null,
          title: 'Time',
          type: 'in_person',
          starts_at: new Date(base + i * 1_800_000),
          ends_at: new Date(base + i * 1_800_000 + 1_200_000),
          location: null,
          directions: null,
          video_url: null,
          reason: null,
          note: null,
          source: 'unit',
          booked_by_person_id: null,
          created_by_staff_id: null,
        })
        .execute();
      await db
        .insertInto('appointment_requests')
        .values({
          citizen_id: p.citizen.id,
          unit_id: unit.id,
          contact_id: p.contactId,
          requested_by: p.citizen.id,
          text: 'Ønsker time',
          created_at: new Date(Date.now() - 86_400_000 + i * 60_000),
        })
        .execute();
    }
    // Every patient answered, the last one first: the answers list (oldest first) names them in a third order.
    for (const [i, p] of people.entries())
      await db
        .updateTable('appointments')
        .set({ answer: 'video', answered_at: new Date(Date.now() - i * 60_000) })
        .where('citizen_id', '=', p.citizen.id)
        .execute();
    const from = new Date(base - 3_600_000).toISOString();
    const to = new Date(base + 14 * 86_400_000).toISOString();
    const week = new Date(base + 7 * 86_400_000).toISOString();
    const failures: string[] = [];
    for (let round = 0; round < 25; round++) {
      const loads = await Promise.all(
        Array.from({ length: 4 }, () => [
          staffClient.get(`/api/staff/units/${unit.id}/appointments?from=${from}&to=${to}`),
          staffClient.get(`/api/staff/units/${unit.id}/appointment-requests?status=open`),
          // What the page loads since issue 17, and the calendar, at the same time.
          staffClient.get(`/api/staff/units/${unit.id}/appointment-answers`),
          staffClient.get(`/api/staff/units/${unit.id}/answer-settings`),
          staffClient.get(`/api/staff/units/${unit.id}/calendar?from=${from}&to=${week}`),
        ]).flat(),
      );
      for (const r of loads) if (r.status !== 200) failures.push(`${r.status} ${r.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    // Every load wrote its entries; the per-patient chains are intact.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
