/** No double booking: 50 concurrent bookings of one slot, exactly one succeeds; the database refuses a second live appointment on a slot. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { makeCitizen, makeSlot, makeUnit } from './appointments.fixtures.ts';
import { isUniqueViolation } from './appointments.repository.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('double booking', () => {
  it('lets exactly one of 50 concurrent bookings of a slot succeed', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const people = [];
    for (let i = 0; i < 50; i += 10) people.push(...(await Promise.all(Array.from({ length: 10 }, () => makeCitizen(db, srv.url, unit.id)))));
    const slot = await makeSlot(db, unit.id, timebookId, 30);

    const results = await Promise.all(people.map((p) => p.client.post(`/api/citizen/slots/${slot.id}/book`, { reason: 'Samtidig' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.json()).toMatchObject({ code: 'SLOT_TAKEN', detail: expect.stringMatching(/someone else/) });

    const live = await db.selectFrom('appointments').select(['citizen_id']).where('slot_id', '=', slot.id).where('status', '<>', 'cancelled').execute();
    expect(live).toHaveLength(1);
    const winner = people[statuses.indexOf(201)]!;
    expect(live[0]!.citizen_id).toBe(winner.citizen.id);
    expect((await db.selectFrom('slots').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).status).toBe('booked');
  });

  it('is enforced by the database: a second live appointment on one slot is refused by the unique index', async () => {
    const db = srv.database.db;
    const { unit, timebookId } = await makeUnit(db, srv.url);
    const a = await makeCitizen(db, srv.url, unit.id);
    const b = await makeCitizen(db, srv.url, unit.id);
    const slot = await makeSlot(db, unit.id, timebookId, 30);
    const row = (c: { citizen: { id: string }; contactId: string }) => ({
      citizen_id: c.citizen.id,
      unit_id: unit.id,
      contact_id: c.contactId,
      timebook_id: timebookId,
      slot_id: slot.id,
      staff_id: null,
      request_id: null,
      title: 'Time',
      type: 'in_person' as const,
      starts_at: slot.starts_at,
      ends_at: new Date(slot.starts_at.getTime() + 1_200_000),
      location: null,
      directions: null,
      video_url: null,
      reason: null,
      note: null,
      source: 'unit' as const,
      booked_by_person_id: null,
      created_by_staff_id: null,
    });
    const first = await db.insertInto('appointments').values(row(a)).returning('id').executeTakeFirstOrThrow();
    const err = await db
      .insertInto('appointments')
      .values(row(b))
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    // A cancelled appointment does not hold the slot.
    await db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', first.id).execute();
    await db.insertInto('appointments').values(row(b)).execute();
  });
});
