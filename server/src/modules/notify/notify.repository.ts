/** Storage of the notify module: settings, sends (keyed by the job's idempotency key), the development mailbox. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { Channel, ChannelChoice } from './notify.tables.ts';
import { now as clockNow } from '../../platform/clock.ts';

export interface Settings {
  channel: ChannelChoice;
  reminders: boolean;
  visits: boolean;
}

export const DEFAULT_SETTINGS: Settings = { channel: 'sms', reminders: true, visits: true };

/** A person's notification settings, or the defaults. */
export async function settingsOf(db: DbOrTx, personId: string): Promise<Settings> {
  const row = await db.selectFrom('notification_settings').select(['channel', 'reminders', 'visits']).where('person_id', '=', personId).executeTakeFirst();
  return row ?? { ...DEFAULT_SETTINGS };
}

/** Saves a person's settings. */
export async function saveSettings(db: DbOrTx, personId: string, s: Settings): Promise<void> {
  const now = clockNow();
  await db
    .insertInto('notification_settings')
    .values({ person_id: personId, ...s, updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...s, updated_at: now }))
    .execute();
}

/** A person's registered contact details. */
export async function contactDetails(
  db: DbOrTx,
  personId: string,
): Promise<{ phone: string | null; email: string | null; preferred_language: string | null } | undefined> {
  return db.selectFrom('persons').select(['phone', 'email', 'preferred_language']).where('id', '=', personId).executeTakeFirst();
}

/**
 * Claims a send: inserts the row as 'sending', or takes over a row left 'sending' or 'failed'
 * by an earlier attempt. Returns false when it was already sent or skipped.
 */
export async function claimSend(db: Db, n: { key: string; personId: string; citizenId: string; kind: string; channel: Channel }): Promise<boolean> {
  const row = await db
    .insertInto('notifications')
    .values({ idempotency_key: n.key, person_id: n.personId, citizen_id: n.citizenId, kind: n.kind, channel: n.channel, state: 'sending' })
    .onConflict((oc) =>
      oc
        .column('idempotency_key')
        .doUpdateSet({ state: 'sending', attempts: sql<number>`notifications.attempts + 1`, reason: null })
        .where('notifications.state', 'in', ['sending', 'failed']),
    )
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Has this notification already been handled (sent or deliberately skipped)? */
export async function alreadyHandled(db: DbOrTx, key: string): Promise<boolean> {
  const row = await db.selectFrom('notifications').select('state').where('idempotency_key', '=', key).executeTakeFirst();
  return row?.state === 'sent' || row?.state === 'skipped';
}

export async function markSent(db: Db, key: string, providerId: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ state: 'sent', sent_at: clockNow(), provider_id: providerId, reason: null })
    .where('idempotency_key', '=', key)
    .execute();
}

export async function markFailed(db: Db, key: string, reason: string): Promise<void> {
  await db.updateTable('notifications').set({ state: 'failed', reason }).where('idempotency_key', '=', key).execute();
}

/** Records a notification that was deliberately not sent (turned off, no address). */
export async function markSkipped(
  db: Db,
  n: { key: string; personId: string; citizenId: string; kind: string; channel: Channel; reason: string },
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ idempotency_key: n.key, person_id: n.personId, citizen_id: n.citizenId, kind: n.kind, channel: n.channel, state: 'skipped', reason: n.reason })
    .onConflict((oc) => oc.column('idempotency_key').doUpdateSet({ state: 'skipped', reason: n.reason }).where('notifications.state', '<>', 'sent'))
    .execute();
}

/** Stores a message in the development mailbox; returns its id. */
export async function insertDevMail(
  db: Db,
  m: { channel: Channel; to_address: string; subject: string | null; body: string; reference: string },
): Promise<number> {
  const row = await db.insertInto('dev_mailbox').values(m).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The newest messages of the development mailbox, optionally to one address. */
export async function listDevMail(db: Db, opts: { to?: string | undefined; limit: number }) {
  return db
    .selectFrom('dev_mailbox')
    .selectAll()
    .$call((q) => (opts.to ? q.where('to_address', '=', opts.to) : q))
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .execute();
}

/** Test support: moves the ready jobs of these queues `ms` earlier; returns how many moved. */
export async function moveReadyJobsBack(db: Db, queues: string[], ms: number): Promise<number> {
  const rows = await db.selectFrom('jobs').select(['id', 'run_at']).where('state', '=', 'ready').where('queue', 'in', queues).execute();
  for (const j of rows)
    await db
      .updateTable('jobs')
      .set({ run_at: new Date(j.run_at.getTime() - ms) })
      .where('id', '=', j.id)
      .execute();
  return rows.length;
}
