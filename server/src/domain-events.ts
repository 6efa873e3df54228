/**
 * The one place that wires in-transaction subscribers to the domain event bus, so events
 * published by a route and by a worker job reach the same subscribers (notifications, journal).
 */
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db.ts';
import { EventBus } from './platform/events.ts';
import { subscribeJournal } from './modules/journal/journal.service.ts';
import { subscribeAppointmentReminders } from './modules/appointments/reminders.ts';
import { notificationSubscriber } from './modules/notify/notify.subscriber.ts';

/** An event bus with every subscriber registered. */
export function createEventBus(config: Config, database: Database): EventBus {
  const bus = new EventBus(database);
  subscribeJournal(bus);
  subscribeAppointmentReminders(bus);
  bus.subscribe(notificationSubscriber(config));
  return bus;
}
