/**
 * A dialog from an appointment is one transaction: the thread, its message and the link on the
 * appointment commit together, and a failure after the thread is created leaves no thread behind.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { makeCitizen, makeUnit } from './appointments.fixtures.ts';

/** When set, the next thread started in a caller's transaction is created and then the call fails. */
const failAfterThread: { on: boolean; threadId?: string } = { on: false };

vi.mock(import('../dialog/citizen-dialog.service.ts'), async (importOriginal) => {
  const real = await importOriginal();
  return {
    ...real,
    startCitizenThreadInTx: async (...args: Parameters<typeof real.startCitizenThreadInTx>) => {
      const thread = await real.startCitizenThreadInTx(...args);
      if (failAfterThread.on) {
        failAfterThread.on = false;
        failAfterThread.threadId = thread.id;
        // The thread exists inside the transaction at this point.
        const tx = args[1];
        expect(await tx.selectFrom('threads').select('id').where('id', '=', thread.id).executeTakeFirst()).toBeDefined();
        throw new Error('injected failure after the thread was created');
      }
      return thread;
    },
  };
});

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('dialog from an appointment is atomic', () => {
  it('stores the thread id on the appointment in the same commit as the thread', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url);
    const { client, contactId } = await makeCitizen(db, srv.url, unit.id);
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-04-09', time: '09:30' })).json();
    const res = await client.post(`/api/citizen/appointments/${appt.id}/dialog`, { intent: 'question', text: 'Skal jeg faste før timen?' });
    expect(res.status).toBe(201);
    const threadId = res.json().threadId as string;
    const row = await db.selectFrom('appointments').select('thread_id').where('id', '=', appt.id).executeTakeFirstOrThrow();
    expect(row.thread_id).toBe(threadId);
    const thread = await db.selectFrom('threads').select(['id', 'contact_id', 'topic']).where('id', '=', threadId).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ contact_id: contactId, topic: 'Om timen 9. april kl. 09:30: spørsmål' });
  });

  it('leaves no thread, message or link when the request fails after the thread was created', async () => {
    const db = srv.database.db;
    const { unit, staffClient } = await makeUnit(db, srv.url);
    const { client, contactId, citizen } = await makeCitizen(db, srv.url, unit.id);
    const appt = (await staffClient.post(`/api/staff/units/${unit.id}/appointments`, { contactId, date: '2030-04-10', time: '11:00' })).json();
    const threadsBefore = await db.selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute();

    failAfterThread.on = true;
    const res = await client.post(`/api/citizen/appointments/${appt.id}/dialog`, { intent: 'move', text: 'Kan vi flytte timen?' });
    expect(res.status).toBe(500);
    expect(failAfterThread.threadId).toBeDefined();

    expect(await db.selectFrom('threads').select('id').where('id', '=', failAfterThread.threadId!).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('messages').select('id').where('thread_id', '=', failAfterThread.threadId!).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('threads').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual(threadsBefore);
    const row = await db.selectFrom('appointments').select('thread_id').where('id', '=', appt.id).executeTakeFirstOrThrow();
    expect(row.thread_id).toBeNull();

    // The appointment still works afterwards: the next attempt commits thread and link together.
    const again = await client.post(`/api/citizen/appointments/${appt.id}/dialog`, { intent: 'move', text: 'Kan vi flytte timen?' });
    expect(again.status).toBe(201);
    expect((await db.selectFrom('appointments').select('thread_id').where('id', '=', appt.id).executeTakeFirstOrThrow()).thread_id).toBe(again.json().threadId);
  });
});
