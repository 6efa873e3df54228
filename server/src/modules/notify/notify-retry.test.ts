/**
 * A notification may be late, never lost: an SMS gateway (or SMTP) outage longer than the old
 * 8 attempts (~4 minutes) is retried with capped backoff for NOTIFY_RETRY_HOURS; past that the
 * notification is dead, shown to the unit's administrators and sent again on their word; one that
 * is no longer useful (an offer no longer open) is recorded as such instead of being sent late.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, Worker } from '../../platform/jobs.ts';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { setNotifyClock } from './notify.clock.ts';
import { startSmsGateway } from './notify.fixtures.ts';
import { registerNotifyJobs } from './notify.jobs.ts';
import { SEND_QUEUE } from './notify.plan.ts';

const KEY = `gateway-key-${randomUUID()}`;
const log = pino({ level: 'silent' });
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let srv: TestServer;
let worker: Worker;
const NOON = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 11));
})();

beforeAll(async () => {
  sms = await startSmsGateway(KEY);
  srv = await startTestServer({ SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_KEY: KEY });
  worker = new Worker(srv.database, log);
  registerNotifyJobs(worker, srv.config, srv.database, log);
  setNotifyClock(NOON);
});
afterAll(async () => {
  setNotifyClock(null);
  await srv?.close();
  await sms?.close();
});

const db = () => srv.database.db;
const sendJobs = (citizenId: string) =>
  db()
    .selectFrom('jobs')
    .selectAll()
    .where('queue', '=', 'notify.send')
    .where(sql<string>`payload->>'citizenId'`, '=', citizenId)
    .execute();
async function timePasses(citizenId: string) {
  await db()
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000) })
    .where('state', '=', 'ready')
    .where('queue', '=', 'notify.send')
    .where(sql<string>`payload->>'citizenId'`, '=', citizenId)
    .execute();
}

async function answered() {
  const f = await gpOffice(db());
  const phone = `+479${randomInt(1_000_000, 9_999_999)}`;
  await db().updateTable('persons').set({ phone }).where('id', '=', f.citizen.id).execute();
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const t = (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
  expect((await d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' })).status).toBe(201);
  return { ...f, phone, d };
}

describe('notifications through an outage', () => {
  it('are retried past the old 8 attempts while the gateway is down, and sent once when it is back', async () => {
    const f = await answered();
    sms.failNext(1000);
    for (let i = 0; i < 12; i++) {
      await timePasses(f.citizen.id);
      await worker.drain();
    }
    const [job] = await sendJobs(f.citizen.id);
    expect(job).toMatchObject({ state: 'ready', attempts: 12 });
    // Capped backoff: the next attempt is at most 10 minutes (+20 % jitter) away.
    expect(job!.run_at.getTime() - Date.now()).toBeLessThanOrEqual(12 * 60_000);
    sms.failNext(0);
    await timePasses(f.citizen.id);
    await worker.drain();
    expect(sms.received.filter((r) => r.body.to === f.phone)).toHaveLength(1);
    expect((await sendJobs(f.citizen.id))[0]).toMatchObject({ state: 'done' });
  });

  it('are dead after NOTIFY_RETRY_HOURS, listed for the unit administrators only, and sent on a resend', async () => {
    const f = await answered();
    sms.failNext(1000);
    const [job] = await sendJobs(f.citizen.id);
    // The outage has lasted longer than NOTIFY_RETRY_HOURS (48 h by default).
    await db()
      .updateTable('jobs')
      .set({ created_at: new Date(Date.now() - srv.config.notify.retryMs - 60_000) })
      .where('id', '=', job!.id)
      .execute();
    await worker.drain();
    expect((await sendJobs(f.citizen.id))[0]).toMatchObject({ state: 'dead', last_error: 'SMS gateway answered 503' });

    const admin = new TestClient(srv.url);
    await login(admin, 'staff', f.secretary.accountId);
    const list = await admin.get(`/api/staff/units/${f.unit.id}/notifications/dead`);
    expect(list.status).toBe(200);
    expect(list.json().items).toEqual([
      {
        jobId: job!.id,
        kind: 'message',
        channel: 'sms',
        attempts: 1,
        reason: 'SMS gateway answered 503',
        createdAt: expect.any(String),
        diedAt: expect.any(String),
      },
    ]);
    // Nothing that identifies the recipient.
    expect(list.body).not.toContain(f.phone);
    expect(list.body).not.toContain(f.citizen.id);
    // Not for other members, and not for another unit's administrators.
    expect((await f.d.get(`/api/staff/units/${f.unit.id}/notifications/dead`)).json()).toMatchObject({ code: 'NOT_UNIT_ADMIN' });
    const other = await gpOffice(db());
    const otherAdmin = new TestClient(srv.url);
    await login(otherAdmin, 'staff', other.secretary.accountId);
    expect((await otherAdmin.post(`/api/staff/units/${other.unit.id}/notifications/dead/${job!.id}/resend`)).status).toBe(404);

    sms.failNext(0);
    const resend = await admin.post(`/api/staff/units/${f.unit.id}/notifications/dead/${job!.id}/resend`);
    expect(resend.status).toBe(200);
    await worker.drain();
    expect(sms.received.filter((r) => r.body.to === f.phone)).toHaveLength(1);
    expect((await admin.get(`/api/staff/units/${f.unit.id}/notifications/dead`)).json().items).toEqual([]);
    // A second resend finds nothing dead.
    expect((await admin.post(`/api/staff/units/${f.unit.id}/notifications/dead/${job!.id}/resend`)).status).toBe(404);
  });

  it('an offer that is no longer open is not sent late: recorded as no longer useful', async () => {
    const f = await gpOffice(db());
    const phone = `+479${randomInt(1_000_000, 9_999_999)}`;
    await db().updateTable('persons').set({ phone }).where('id', '=', f.citizen.id).execute();
    const key = `appointment.offered:${randomUUID()}:${f.citizen.id}:sms`;
    await enqueue(db(), SEND_QUEUE, {
      key,
      kind: 'appointment.offered',
      personId: f.citizen.id,
      citizenId: f.citizen.id,
      channel: 'sms',
      onBehalfOf: false,
      urgent: true,
    });
    await worker.drain();
    expect(sms.received.filter((r) => r.body.to === phone)).toHaveLength(0);
    const row = await db().selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'skipped', reason: 'no longer useful: the offer is no longer open' });
  });
});
