/**
 * The domain events as one union (event-types.ts, decision 95). The first block is checked by the
 * typecheck (`npm run typecheck`): each `@ts-expect-error` fails the build if its line stops being
 * an error, so publish keeps refusing unknown types and wrong fields, and a switch that claims to
 * decide for every event keeps failing to compile when it misses one. The tests below check the
 * runtime side: what comes back over NOTIFY is parsed by the same schema, and anything else is dropped.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';
import type { DB } from './db-types.ts';
import { DomainEventSchema, unhandled, type DomainEvent, type LiveEvent } from './event-types.ts';
import { EventBus, LIVE_CHANNEL } from './events.ts';

/** Never run: compiled only. */
export async function publishIsTyped(bus: EventBus, tx: Transaction<DB>): Promise<void> {
  const ids = { citizenId: randomUUID(), unitId: randomUUID() };
  await bus.publish(tx, { type: 'letter.sent', ...ids, letterId: randomUUID(), by: 'unit', important: true });
  // @ts-expect-error an unknown event type
  await bus.publish(tx, { type: 'letter.burned', ...ids, letterId: randomUUID(), by: 'unit', important: true });
  // @ts-expect-error letter.sent without its letterId
  await bus.publish(tx, { type: 'letter.sent', ...ids, by: 'unit', important: true });
  // @ts-expect-error a field of another event (appointmentId is not a letter's)
  await bus.publish(tx, { type: 'letter.sent', ...ids, letterId: randomUUID(), appointmentId: randomUUID(), by: 'unit', important: true });
  // @ts-expect-error text in an event (ids only)
  await bus.publish(tx, { type: 'letter.sent', ...ids, letterId: randomUUID(), by: 'unit', important: true, title: 'Svar på prøver' });
  // @ts-expect-error a letter is sent by the unit, never by the citizen
  await bus.publish(tx, { type: 'letter.sent', ...ids, letterId: randomUUID(), by: 'citizen', important: true });
  // @ts-expect-error the unit's message says whether it is important
  await bus.publish(tx, { type: 'message.created', ...ids, threadId: randomUUID(), messageId: randomUUID(), by: 'unit' });
  // @ts-expect-error only the unit's side of an appointment change says whether it is urgent
  await bus.publish(tx, { type: 'appointment.changed', ...ids, appointmentId: randomUUID(), by: 'citizen', urgent: true });
  // @ts-expect-error an absence block concerns no citizen
  await bus.publish(tx, { type: 'slot.blocked', ...ids, by: 'unit' });
  // @ts-expect-error resync goes to live listeners only; it is never published
  await bus.publish(tx, { type: 'resync', citizenId: '', unitId: null, by: 'system' });
}

/** Never run: a switch that decides for every event must name every type (slot.unblocked is left out). */
export function exhaustive(e: DomainEvent): string {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the missing case is the point (lint finds it too)
  switch (e.type) {
    case 'message.created':
    case 'message.read':
    case 'thread.updated':
    case 'staff.presence':
    case 'staff.notice':
    case 'letter.sent':
    case 'letter.read':
    case 'record.released':
    case 'tool.sent':
    case 'form.sent':
    case 'form.reminded':
    case 'form.submitted':
    case 'appointment.booked':
    case 'appointment.assigned':
    case 'appointment.changed':
    case 'appointment.cancelled':
    case 'appointment.answered':
    case 'appointment.checked_in':
    case 'appointment.answer_handled':
    case 'appointment.completed':
    case 'visit.completed':
    case 'appointment.not_attended':
    case 'appointment.offered':
    case 'appointment.requested':
    case 'appointment.request_declined':
    case 'slot.blocked':
      return e.type;
    default:
      // @ts-expect-error slot.unblocked is not handled
      return unhandled(e);
  }
}

describe('domain events at runtime', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('a live listener gets the published event as it was published, and nothing that is not an event', async () => {
    const bus = new EventBus(database);
    const citizenId = randomUUID();
    const heard: LiveEvent[] = [];
    const stop = await bus.onLive((e) => {
      if (e.citizenId === citizenId) heard.push(e);
    });
    const unitId = randomUUID();
    const sent: DomainEvent = { type: 'appointment.cancelled', citizenId, unitId, appointmentId: randomUUID(), by: 'unit', urgent: true, source: 'epj' };
    // Not events, sent on the same channel by hand: an unknown type, a missing field, a wrong `by`, not JSON.
    const strays = [
      { type: 'appointment.burned', citizenId, unitId, appointmentId: randomUUID(), by: 'unit' },
      { type: 'letter.sent', citizenId, unitId, by: 'unit', important: false },
      { type: 'letter.read', citizenId, unitId, letterId: randomUUID(), by: 'unit' },
    ].map((s) => JSON.stringify(s));
    for (const payload of [...strays, `{"type":"letter.read","citizenId":"${citizenId}"`])
      await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(database.db);
    await database.db.transaction().execute((tx) => bus.publish(tx, sent));
    await expect.poll(() => heard.length).toBe(1);
    // The feed goes on after what it dropped.
    const read: DomainEvent = { type: 'letter.read', citizenId, unitId, letterId: randomUUID(), by: 'citizen' };
    await database.db.transaction().execute((tx) => bus.publish(tx, read));
    await expect.poll(() => heard.length).toBe(2);
    expect(heard).toEqual([sent, read]);
    stop();
  });

  it('the schema keeps only an event’s own fields and knows both forms of form.submitted', () => {
    const ids = { citizenId: randomUUID(), unitId: randomUUID(), formResponseId: randomUUID(), by: 'citizen' };
    const fromRequest = { type: 'form.submitted', ...ids, formRequestId: randomUUID() };
    const fromThread = { type: 'form.submitted', ...ids, threadId: randomUUID() };
    expect(DomainEventSchema.parse({ ...fromRequest, answers: { pain: 'Vondt i brystet' } })).toEqual(fromRequest);
    expect(DomainEventSchema.parse(fromThread)).toEqual(fromThread);
    expect(DomainEventSchema.safeParse({ type: 'form.submitted', ...ids }).success).toBe(false);
    expect(
      DomainEventSchema.safeParse({ type: 'staff.notice', ...ids, threadId: randomUUID(), staffId: randomUUID(), notice: 'gossip', by: 'unit' }).success,
    ).toBe(false);
  });
});
