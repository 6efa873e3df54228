/**
 * Domain events. `publish` runs inside the transaction of the work: subscribers (notifications,
 * journaling) enqueue their durable jobs in that same transaction, and a NOTIFY carries a
 * content-free signal to every server process once it commits, for live updates (SSE).
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './db.ts';
import type { DB } from './db-types.ts';
import { afterCommit } from './pg-connection.ts';
import { DomainEventSchema, type DomainEvent, type LiveEvent, type ResyncEvent } from './event-types.ts';

export type { DomainEvent, EventOf, EventType, LiveEvent } from './event-types.ts';

export type Subscriber = (tx: Transaction<DB>, event: DomainEvent) => Promise<void>;
export type LiveListener = (event: LiveEvent) => void;

export const LIVE_CHANNEL = 'helsedialog_events';

/** Sent to live listeners after missed events were possible: clients should fetch again. */
export const RESYNC: ResyncEvent = { type: 'resync', citizenId: '', unitId: null, by: 'system' };

/** In-transaction subscribers plus a cross-process live feed. */
export class EventBus {
  readonly #database: Database;
  readonly #subscribers: Subscriber[] = [];
  readonly #live = new Set<LiveListener>();
  #listening: Promise<unknown> | undefined;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Adds a subscriber that runs inside the publishing transaction. */
  subscribe(fn: Subscriber): void {
    this.#subscribers.push(fn);
  }

  /** Publishes an event as part of a transaction (only a known type with its own fields: event-types.ts). */
  async publish(tx: Transaction<DB>, event: DomainEvent): Promise<void> {
    for (const s of this.#subscribers) await s(tx, event);
    const payload = JSON.stringify(event);
    // NOTIFY payloads are limited to 8000 bytes; events carry ids only. Sent once the
    // transaction has committed, outside it (pg-connection.ts, afterCommit: a notifying commit
    // would make every other one wait).
    await afterCommit(tx, sql`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`.compile(tx));
  }

  /** Listens to committed events from every process; returns an unsubscribe function. */
  async onLive(fn: LiveListener): Promise<() => void> {
    if (!this.#listening) {
      this.#listening = this.#database.listen(
        LIVE_CHANNEL,
        (payload) => {
          // What publish wrote, parsed back by the same schema (a payload that is not one, such as
          // a NOTIFY by hand or from a newer version's unknown event, is dropped).
          let json: unknown;
          try {
            json = JSON.parse(payload);
          } catch {
            return;
          }
          const e = DomainEventSchema.safeParse(json);
          if (!e.success) return;
          for (const l of this.#live) l(e.data);
        },
        // Events may have been missed while the connection was down: tell every listener.
        () => {
          for (const l of this.#live) l(RESYNC);
        },
      );
    }
    await this.#listening;
    this.#live.add(fn);
    return () => this.#live.delete(fn);
  }
}
