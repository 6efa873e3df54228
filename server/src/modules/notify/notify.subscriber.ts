/**
 * The domain-event subscriber of notifications (registered in buildApp). It runs inside the
 * transaction of the work, so the send jobs exist exactly when the work committed. Planning runs
 * under a savepoint: if it fails, the work still commits and the event (ids only) is kept as a
 * durable `notify.event` job that the worker plans again — a notification bug never blocks care,
 * and no notice is lost.
 */
import { sql } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DomainEvent, Subscriber } from '../../platform/events.ts';
import { enqueue, type DbOrTx } from '../../platform/jobs.ts';
import { notifyNow } from './notify.clock.ts';
import { couldNotify, EVENT_QUEUE, planEvent, txKey, type PlannedEvent } from './notify.plan.ts';

type Plan = (tx: DbOrTx, e: PlannedEvent, opts: { reminderDays: number; now: Date }) => Promise<void>;

/** The item of an event, for the idempotency key of its `notify.event` job ('' when it names none of these). */
function objectOf(e: DomainEvent): string {
  if ('messageId' in e) return e.messageId;
  if ('letterId' in e) return e.letterId;
  if ('appointmentId' in e) return e.appointmentId;
  if ('recordId' in e) return e.recordId;
  return '';
}

/** Turns events into send jobs (and a reminder job for important items). `plan` is replaceable in tests. */
export function notificationSubscriber(config: Config, opts: { plan?: Plan } = {}): Subscriber {
  const plan = opts.plan ?? planEvent;
  return async (tx, event) => {
    if (!couldNotify(event)) return;
    await sql`SAVEPOINT hd_notify`.execute(tx);
    try {
      await plan(tx, event, { reminderDays: config.notify.reminderDays, now: notifyNow() });
      await sql`RELEASE SAVEPOINT hd_notify`.execute(tx);
    } catch {
      await sql`ROLLBACK TO SAVEPOINT hd_notify`.execute(tx);
      // The whole event: its fields are ids, enums and flags only (platform/event-types.ts).
      const kept = { ...event, eventId: 'eventId' in event ? event.eventId : await txKey(tx) };
      await enqueue(
        tx,
        EVENT_QUEUE,
        { event: kept, citizenId: kept.citizenId },
        { idempotencyKey: `notify.event:${kept.type}:${objectOf(kept)}:${kept.eventId}` },
      );
    }
  };
}
