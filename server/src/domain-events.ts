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
import { recordAnswer } from './modules/campaigns/campaigns.service.ts';

/** An event bus with every subscriber registered. */
export function createEventBus(config: Config, database: Database): EventBus {
  const bus = new EventBus(database);
  subscribeJournal(bus);
  subscribeAppointmentReminders(bus);
  bus.subscribe(notificationSubscriber(config));
  // A citizen's message in a campaign thread is that recipient's answer (modules/campaigns).
  bus.subscribe(async (tx, e) => {
    if (e.type === 'message.created' && e.by === 'citizen') await recordAnswer(tx, e.threadId, e.messageId);
  });
  return bus;
}
