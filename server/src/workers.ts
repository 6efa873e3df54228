/** The worker: every job queue and its handler. Runs inside the server by default, or alone. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db.ts';
import { Worker } from './platform/jobs.ts';
import { createEventBus } from './domain-events.ts';
import { registerJournalWorker } from './modules/journal/journal.worker.ts';
import { OFFER_EXPIRE_QUEUE, offerExpiryHandler } from './modules/appointments/waitlist.service.ts';
import { registerNotifyJobs } from './modules/notify/notify.jobs.ts';
import { registerMaintenance } from './modules/maintenance/maintenance.ts';
import { RELEASE_QUEUE, releaseJobHandler } from './modules/records/records.store.ts';
import { registerEscalation } from './modules/dialog/escalation.ts';
import { registerCampaignJobs } from './modules/campaigns/campaigns.jobs.ts';
import { registerStatisticsRollup } from './modules/statistics/rollup.ts';

/** Creates a worker with all handlers registered. */
export function createWorker(_config: Config, database: Database, log: FastifyBaseLogger): Worker {
  const worker = new Worker(database, log);
  // Jobs publish through a bus with the same subscribers as the routes.
  const events = createEventBus(_config, database);
  // Housekeeping, scheduled every MAINTENANCE_INTERVAL_MINUTES (modules/maintenance).
  registerMaintenance(worker, _config, database.db);
  worker.handle(OFFER_EXPIRE_QUEUE, offerExpiryHandler(database, events));
  // "Manual, then automatic after N days": the release and its notice at their time (issue 21).
  worker.handle(RELEASE_QUEUE, releaseJobHandler(events));
  // Threads past their promised answer date (modules/dialog/escalation.ts).
  registerEscalation(worker, database.db, events, _config.escalationIntervalMs);
  registerNotifyJobs(worker, _config, database, log);
  registerJournalWorker(worker, _config, database, log);
  registerCampaignJobs(worker, database, events, log);
  // The statistics' daily rollup of messages, hourly (modules/statistics/rollup.ts).
  registerStatisticsRollup(worker, database.db);
  return worker;
}
