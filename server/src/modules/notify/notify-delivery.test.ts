/**
 * Notifications end to end: a real SMTP server and a fake SMS gateway at their protocol
 * boundaries, the real app raising events in the transactions of the work, and the worker
 * sending. Crashes, retries, quiet hours over daylight-saving changes, reminders, settings,
 * shared phone numbers — and that nothing sensitive ever reaches an SMS, an e-mail or a log.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type DomainEvent } from '../../platform/events.ts';
import { enqueue, Worker } from '../../platform/jobs.ts';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { makeSlot } from '../appointments/appointments.fixtures.ts';
import { setNotifyClock } from './notify.clock.ts';
import { startSmsGateway, startSmtp, type ReceivedMail, type ReceivedSms } from './notify.fixtures.ts';
import { registerNotifyJobs } from './notify.jobs.ts';
import { REMINDER_QUEUE } from './notify.plan.ts';
import type { z } from 'zod';
import { notificationSubscriber } from './notify.subscriber.ts';

const KEY = `gateway-key-${randomUUID()}`;
const logs: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, cb) {
    logs.push(String(chunk));
    cb();
  },
});
const log = pino({ level: 'debug' }, logStream);
/** Everything that must never be logged. */
const secrets: string[] = [];

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let srv: TestServer;
let worker: Worker;
let bus: EventBus;
/**
 * Tomorrow at 11:00 UTC (12:00 or 13:00 in Oslo): outside quiet hours, wherever and whenever the
 * test runs. It must lie after the real time, because rows the tests create now (a power of
 * attorney, say) start at the database's real clock and must already hold at the pinned instant.
 */
const NOON = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 11));
})();
const REMINDER_DAYS = 5;

beforeAll(async () => {
  smtp = await startSmtp();
  sms = await startSmsGateway(KEY);
  srv = await startTestServer(
    { SMTP_URL: smtp.url, SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_KEY: KEY, REMINDER_DAYS: String(REMINDER_DAYS), LOG_LEVEL: 'debug' },
    undefined,
    logStream,
  );
  worker = new Worker(srv.database, log);
  registerNotifyJobs(worker, srv.config, srv.database, log);
  // The same subscriber the app registers, on a bus of our own for events whose routes live elsewhere.
  bus = new EventBus(srv.database);
  bus.subscribe(notificationSubscriber(srv.config));
  setNotifyClock(NOON);
});
afterAll(async () => {
  setNotifyClock(null);
  await srv?.close();
  await smtp?.close();
  await sms?.close();
});

const db = () => srv.database.db;
const newPhone = () => {
  const p = `+479${randomInt(1_000_000, 9_999_999)}`;
  secrets.push(p);
  return p;
};
const newEmail = () => {
  const e = `p${randomUUID().slice(0, 8)}@example.test`;
  secrets.push(e);
  return e;
};
async function setContact(personId: string, phone: string | null, email: string | null) {
  await db().updateTable('persons').set({ phone, email }).where('id', '=', personId).execute();
}
const smsTo = (phone: string): ReceivedSms[] => sms.received.filter((r) => r.body.to === phone);
const mailTo = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(address));
/** All of an e-mail a person or a mail server could read, but the Date header (its clock time says nothing). */
const mailText = (m: ReceivedMail) => `${m.raw.replace(/^Date: .*$/m, '')}\n${m.subject}\n${m.text}`;
async function publish(e: DomainEvent) {
  await db()
    .transaction()
    .execute((tx) => bus.publish(tx, e));
}
function jobsOf(queue: string, field: string, value: string) {
  return db()
    .selectFrom('jobs')
    .selectAll()
    .where('queue', '=', queue)
    .where(sql<string>`payload->>${field}`, '=', value)
    .orderBy('id')
    .execute();
}
/** Moves due-later jobs of a citizen into the past, as if the days had passed. */
async function timePasses(citizenId: string) {
  await db()
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000) })
    .where('state', '=', 'ready')
    .where('queue', 'in', ['notify.send', 'notify.reminder'])
    .where(sql<string>`payload->>'citizenId'`, '=', citizenId)
    .execute();
}
async function clients(f: Awaited<ReturnType<typeof gpOffice>>) {
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  return { c, d };
}
async function threadAnsweredBy(f: Awaited<ReturnType<typeof gpOffice>>, text: string, opts: { topic?: string; important?: boolean } = {}) {
  const { c, d } = await clients(f);
  const t = (
    await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: opts.topic ?? 'Annet', text: 'Hei, et spørsmål.' })
  ).json();
  const res = await d.post(`/api/staff/threads/${t.id}/messages`, { text, ...(opts.important ? { important: true } : {}) });
  expect(res.status).toBe(201);
  return { c, d, threadId: t.id as string };
}

describe('e-mail through a real SMTP server', () => {
  it('reaches the right person when a clinician answers, and says nothing sensitive', async () => {
    const f = await gpOffice(db());
    const email = newEmail();
    await setContact(f.citizen.id, null, email);
    const bystander = await createCitizen(db());
    const otherEmail = newEmail();
    await setContact(bystander.id, null, otherEmail);
    const topic = `Blodsukker ${randomUUID().slice(0, 4)}`;
    const secret = 'HbA1c er 9,1 – vi øker metformin til 1000 mg';
    secrets.push(secret, topic);
    const { threadId } = await threadAnsweredBy(f, secret, { topic });
    // The citizen's own message notified no one; the answer made one job, committed with it.
    const jobs = await jobsOf('notify.send', 'citizenId', f.citizen.id);
    expect(jobs.map((j) => j.idempotency_key)).toEqual([expect.stringMatching(new RegExp(`^message\\.created:[0-9a-f-]{36}:${f.citizen.id}:email$`))]);

    await worker.drain();
    const mails = mailTo(email);
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.to).toEqual([email]);
    expect(mailTo(otherEmail)).toHaveLength(0);
    expect(m.subject).toBe('Ny melding på helsedialog');
    expect(m.text).toContain('Du har en ny melding på helsedialog.');
    expect(m.text).toContain(`${srv.config.publicUrl}/`);
    const everything = `${m.raw}\n${m.subject}\n${m.text}`;
    for (const s of [secret, 'HbA1c', 'metformin', topic, f.unit.name, f.citizen.given_name, f.citizen.national_id, f.doctor.given_name, threadId])
      expect(everything).not.toContain(s);
    const row = await db().selectFrom('notifications').selectAll().where('citizen_id', '=', f.citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'sent', channel: 'email', kind: 'message', attempts: 1, person_id: f.citizen.id });
  });
});

describe('SMS through the gateway', () => {
  it('posts {to, text, reference} with the bearer key', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    await threadAnsweredBy(f, 'Prøvesvaret er normalt.');
    await worker.drain();
    const got = smsTo(phone);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ authorization: `Bearer ${KEY}`, contentType: 'application/json' });
    expect(got[0]!.body).toEqual({
      to: phone,
      text: `Du har en ny melding på helsedialog. Logg inn for å lese: ${srv.config.publicUrl}/`,
      reference: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('retries when the gateway is down, and sends once', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    sms.failNext(1);
    await threadAnsweredBy(f, 'Svar');
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(0);
    const [job] = await jobsOf('notify.send', 'citizenId', f.citizen.id);
    expect(job).toMatchObject({ state: 'ready', attempts: 1, last_error: 'SMS gateway answered 503' });
    await timePasses(f.citizen.id);
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
    const row = await db().selectFrom('notifications').selectAll().where('citizen_id', '=', f.citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('an answered request', () => {
  it('tells the citizen when the unit answers their request with times to choose from, and not once those offers are gone', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    const timebook = await db()
      .insertInto('timebooks')
      .values({ unit_id: f.unit.id, kind: 'clinician', staff_id: f.doctor.id, name: 'Timebok', location: null, directions: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const offerFor = async (hoursAhead: number) => {
      const request = await db()
        .insertInto('appointment_requests')
        .values({ citizen_id: f.citizen.id, unit_id: f.unit.id, contact_id: f.contact.id, requested_by: f.citizen.id, text: 'Time?', status: 'offered' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const slot = await makeSlot(db(), f.unit.id, timebook.id, hoursAhead);
      const offer = await db()
        .insertInto('slot_offers')
        .values({
          slot_id: slot.id,
          citizen_id: f.citizen.id,
          unit_id: f.unit.id,
          contact_id: f.contact.id,
          source: 'request',
          request_id: request.id,
          expires_at: new Date(NOON.getTime() + 2 * 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { requestId: request.id, offerId: offer.id };
    };
    const open = await offerFor(100);
    await publish({ type: 'appointment.offered', citizenId: f.citizen.id, unitId: f.unit.id, requestId: open.requestId, by: 'unit', urgent: false });
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
    expect(smsTo(phone)[0]!.body.text).toMatch(/tilbud om en ledig time/);
    // The citizen took or lost the offer before the notice went: it is not sent.
    const gone = await offerFor(101);
    await db().updateTable('slot_offers').set({ status: 'expired' }).where('id', '=', gone.offerId).execute();
    await publish({ type: 'appointment.offered', citizenId: f.citizen.id, unitId: f.unit.id, requestId: gone.requestId, by: 'unit', urgent: false });
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
  });
});

describe('a declined request', () => {
  it('tells the citizen and those who act for them that the unit declined their request, without the answer or the unit', async () => {
    const f = await gpOffice(db());
    const { c, d } = await clients(f);
    const phone = newPhone();
    const email = newEmail();
    await setContact(f.citizen.id, phone, email);
    await c.put('/api/citizen/notification-settings', { channel: 'both', reminders: true, visits: true });
    const holder = await createCitizen(db(), { age: 50 });
    const holderPhone = newPhone();
    await setContact(holder.id, holderPhone, null);
    await db()
      .insertInto('powers_of_attorney')
      .values({ grantor_id: f.citizen.id, holder_id: holder.id, areas: ['all'] })
      .execute();
    const request = await db()
      .insertInto('appointment_requests')
      .values({ citizen_id: f.citizen.id, unit_id: f.unit.id, contact_id: f.contact.id, requested_by: f.citizen.id, text: 'Vondt i kneet', status: 'open' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reason = 'Kneet må vurderes av ortoped; be fastlegen om henvisning';
    secrets.push(reason);
    // Through the real route: the decline raises appointment.request_declined in its transaction.
    const declined = await d.post(`/api/staff/appointment-requests/${request.id}/decline`, { text: reason });
    expect(declined.status).toBe(200);
    const jobs = await jobsOf('notify.send', 'citizenId', f.citizen.id);
    expect(jobs.map((j) => j.idempotency_key).sort()).toEqual(
      [`${f.citizen.id}:email`, `${f.citizen.id}:sms`, `${holder.id}:sms`].map((k) => `appointment.request_declined:${request.id}:${k}`).sort(),
    );
    await worker.drain();
    expect(smsTo(phone).map((s) => s.body.text)).toEqual([
      `Du har fått svar på en timeforespørsel på helsedialog: Forespørselen ble avslått. Logg inn for å lese: ${srv.config.publicUrl}/`,
    ]);
    expect(smsTo(holderPhone).map((s) => s.body.text)).toEqual([
      `Det er kommet svar på en timeforespørsel for en du representerer: Forespørselen ble avslått. Logg inn for å lese: ${srv.config.publicUrl}/`,
    ]);
    const mails = mailTo(email);
    expect(mails.map((m) => m.subject)).toEqual(['Svar på timeforespørsel på helsedialog']);
    const texts = [...smsTo(phone).map((s) => s.body.text), ...smsTo(holderPhone).map((s) => s.body.text), ...mails.map(mailText)];
    for (const text of texts)
      for (const s of [reason, 'kneet', 'ortoped', f.unit.name, f.citizen.given_name, f.doctor.given_name, request.id]) expect(text).not.toContain(s);
    // Handled again (a retry of the planning), the event makes no second notice.
    await publish({ type: 'appointment.request_declined', citizenId: f.citizen.id, unitId: f.unit.id, requestId: request.id, by: 'unit' });
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
    expect(smsTo(holderPhone)).toHaveLength(1);
  });
});

describe('a crash', () => {
  it('between the commit and the send: after a restart the notice is still sent, exactly once', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    await threadAnsweredBy(f, 'Svar før krasj');
    const [job] = await jobsOf('notify.send', 'citizenId', f.citizen.id);
    // A worker claimed the job and died before it sent anything.
    await db()
      .updateTable('jobs')
      .set({ state: 'running', locked_at: new Date(Date.now() - 10 * 60_000), locked_by: 'worker-crashed', attempts: 1 })
      .where('id', '=', job!.id)
      .execute();
    const restarted = new Worker(srv.database, log);
    registerNotifyJobs(restarted, srv.config, srv.database, log);
    await restarted.drain();
    expect(smsTo(phone)).toHaveLength(0);
    expect(await restarted.releaseStale()).toBeGreaterThanOrEqual(1);
    await restarted.drain();
    expect(smsTo(phone)).toHaveLength(1);

    // A crash after the send, before the job was marked done: it runs again and sends nothing.
    await db()
      .updateTable('jobs')
      .set({ state: 'running', locked_at: new Date(Date.now() - 10 * 60_000), locked_by: 'worker-crashed-again', finished_at: null })
      .where('id', '=', job!.id)
      .execute();
    const again = new Worker(srv.database, log);
    registerNotifyJobs(again, srv.config, srv.database, log);
    expect(await again.releaseStale()).toBeGreaterThanOrEqual(1);
    await again.drain();
    expect(smsTo(phone)).toHaveLength(1);
    expect((await db().selectFrom('jobs').select('state').where('id', '=', job!.id).executeTakeFirstOrThrow()).state).toBe('done');
  });
});

describe('a failure while planning', () => {
  it('never blocks the work: the event (ids only) is kept and the worker plans it', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    const failing = new EventBus(srv.database);
    failing.subscribe(
      notificationSubscriber(srv.config, {
        plan: async () => {
          throw new Error('planner down');
        },
      }),
    );
    const appointmentId = randomUUID();
    // With a field no event has (the types forbid it in code; not a literal here, so they let it
    // through): the kept event holds only the event's own fields (notify.plan.ts EVENT_QUEUE).
    const event = { type: 'appointment.assigned', citizenId: f.citizen.id, unitId: f.unit.id, appointmentId, by: 'unit', urgent: false, reason: 'Hjertesvikt' } as const;
    await db()
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('notification_settings').values({ person_id: f.citizen.id, channel: 'sms', reminders: true, visits: true }).execute();
        await failing.publish(tx, event);
      });
    // The work committed.
    expect(await db().selectFrom('notification_settings').select('person_id').where('person_id', '=', f.citizen.id).executeTakeFirst()).toBeTruthy();
    const [kept] = await jobsOf('notify.event', 'citizenId', f.citizen.id);
    expect(kept!.payload.event).toEqual({
      type: 'appointment.assigned',
      citizenId: f.citizen.id,
      unitId: f.unit.id,
      appointmentId,
      by: 'unit',
      urgent: false,
      eventId: expect.any(String),
    });
    await worker.drain();
    expect(smsTo(phone).map((m) => m.body.text)).toEqual([`Du har fått en ny time. Logg inn for å lese: ${srv.config.publicUrl}/`]);
  });
});

describe('no leaks', () => {
  it('no SMS or e-mail of any event kind holds a sensitive field of the event, for the citizen or a representative', async () => {
    const f = await gpOffice(db());
    const { c, d } = await clients(f);
    const me = { phone: newPhone(), email: newEmail() };
    await setContact(f.citizen.id, me.phone, me.email);
    await c.put('/api/citizen/notification-settings', { channel: 'both', reminders: true, visits: true });
    const holder = await createCitizen(db(), { age: 50 });
    const rep = { phone: newPhone(), email: newEmail() };
    await setContact(holder.id, rep.phone, rep.email);
    await db().insertInto('notification_settings').values({ person_id: holder.id, channel: 'both', reminders: true, visits: true }).execute();
    await db()
      .insertInto('powers_of_attorney')
      .values({ grantor_id: f.citizen.id, holder_id: holder.id, areas: ['all'] })
      .execute();

    const sensitive = {
      text: 'Biopsien viser ondartet svulst i brystet',
      topic: `Brystkreft ${randomUUID().slice(0, 4)}`,
      unitName: f.unit.name,
      reason: 'Cellegiftbehandling, kur 3',
      citizenName: f.citizen.name,
      givenName: f.citizen.given_name,
      nationalId: f.citizen.national_id,
      when: '2026-12-24T10:30',
      place: 'Onkologisk poliklinikk',
    };
    secrets.push(sensitive.text, sensitive.topic, sensitive.reason, sensitive.nationalId, sensitive.place);

    // message.created (by the unit, important), through the real routes.
    const t = (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: sensitive.topic, text: sensitive.text })).json();
    expect((await d.post(`/api/staff/threads/${t.id}/messages`, { text: sensitive.text, important: true })).status).toBe(201);
    // letter.sent, through the real route.
    const letter = await d.post(`/api/staff/units/${f.unit.id}/letters`, {
      template: 'appointment_notice',
      contactId: f.contact.id,
      fields: { date: '2026-12-24', time: '10:30', place: sensitive.place, bring: sensitive.reason },
    });
    expect(letter.status).toBe(201);
    // Appointment events, carrying (against the rules) every sensitive field they could.
    const appointmentId = randomUUID();
    const extra = {
      text: sensitive.text,
      topic: sensitive.topic,
      unitName: sensitive.unitName,
      reason: sensitive.reason,
      citizenName: sensitive.citizenName,
      nationalId: sensitive.nationalId,
      startsAt: sensitive.when,
      place: sensitive.place,
    };
    const about = { citizenId: f.citizen.id, unitId: f.unit.id, appointmentId, ...extra };
    await publish({ ...about, type: 'appointment.assigned', by: 'unit', urgent: false });
    await publish({ ...about, type: 'appointment.changed', by: 'unit', urgent: false });
    await publish({ ...about, type: 'appointment.cancelled', by: 'unit', urgent: false });
    await publish({ ...about, type: 'visit.completed', by: 'unit' });
    // An offer that is still open (one no longer open is not notified: notify-retry.test.ts).
    const timebook = await db()
      .insertInto('timebooks')
      .values({ unit_id: f.unit.id, kind: 'clinician', staff_id: f.doctor.id, name: 'Timebok', location: null, directions: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const slot = await makeSlot(db(), f.unit.id, timebook.id, 96);
    const offer = await db()
      .insertInto('slot_offers')
      .values({
        slot_id: slot.id,
        citizen_id: f.citizen.id,
        unit_id: f.unit.id,
        contact_id: f.contact.id,
        source: 'waitlist',
        expires_at: new Date(NOON.getTime() + 3 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await publish({ type: 'appointment.offered', citizenId: f.citizen.id, unitId: f.unit.id, offerId: offer.id, by: 'system', urgent: false, ...extra });
    await publish({ type: 'appointment.request_declined', citizenId: f.citizen.id, unitId: f.unit.id, requestId: randomUUID(), by: 'unit', ...extra });
    await worker.drain();
    // Reminders (the message and the letter are both important and unread).
    await timePasses(f.citizen.id);
    await worker.drain();

    const kinds = (
      await db().selectFrom('notifications').select(['kind', 'person_id', 'channel', 'state']).where('citizen_id', '=', f.citizen.id).execute()
    ).filter((n) => n.state === 'sent');
    const expectedKinds = [
      'appointment.assigned',
      'appointment.cancelled',
      'appointment.changed',
      'appointment.offered',
      'appointment.request_declined',
      'letter',
      'message',
      'reminder.letter',
      'reminder.message',
      'visit.completed',
    ];
    for (const person of [f.citizen.id, holder.id]) {
      for (const channel of ['sms', 'email']) {
        expect(
          kinds
            .filter((k) => k.person_id === person && k.channel === channel)
            .map((k) => k.kind)
            .sort(),
        ).toEqual(expectedKinds);
      }
    }
    const texts = [
      ...smsTo(me.phone).map((s) => s.body.text),
      ...mailTo(me.email).map(mailText),
      ...smsTo(rep.phone).map((s) => s.body.text),
      ...mailTo(rep.email).map(mailText),
    ];
    expect(texts).toHaveLength(expectedKinds.length * 4);
    const forbidden = [
      ...Object.values(sensitive),
      'Biopsien',
      'svulst',
      'Cellegift',
      'Onkologisk',
      '24.12',
      '10:30',
      'desember',
      f.citizen.family_name === 'Innbygger' ? f.citizen.given_name : f.citizen.family_name,
      holder.given_name,
      f.doctor.given_name,
      f.unit.id,
      f.citizen.id,
      t.id,
    ];
    for (const text of texts) for (const s of forbidden) expect(text, `a notice contains "${s}"`).not.toContain(s);
    for (const s of smsTo(rep.phone)) expect(s.body.text).toMatch(/for en du representerer/);
    for (const s of smsTo(me.phone)) expect(s.body.text).not.toMatch(/representerer/);
  });
});

describe('quiet hours', () => {
  async function nightEvent(at: Date, opts: { urgent?: boolean } = {}) {
    const f = await gpOffice(db());
    const phone = newPhone();
    const email = newEmail();
    await setContact(f.citizen.id, phone, email);
    await db().insertInto('notification_settings').values({ person_id: f.citizen.id, channel: 'both', reminders: true, visits: true }).execute();
    setNotifyClock(at);
    await publish({
      type: 'appointment.changed',
      citizenId: f.citizen.id,
      unitId: f.unit.id,
      appointmentId: randomUUID(),
      by: 'unit',
      urgent: opts.urgent ?? false,
    });
    const jobs = await jobsOf('notify.send', 'citizenId', f.citizen.id);
    return { f, phone, email, sms: jobs.find((j) => j.payload.channel === 'sms')!, mail: jobs.find((j) => j.payload.channel === 'email')! };
  }

  it('holds an SMS raised at 23:00 until 08:00, the night summer time begins', async () => {
    // Saturday 30 March 2030, 23:00 CET; the clocks go forward at 02:00.
    const n = await nightEvent(new Date('2030-03-30T22:00:00Z'));
    expect(n.sms.run_at.toISOString()).toBe('2030-03-31T06:00:00.000Z'); // 08:00 CEST
    expect(n.mail.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    await worker.drain();
    expect(mailTo(n.email)).toHaveLength(1);
    expect(smsTo(n.phone)).toHaveLength(0);
    setNotifyClock(new Date('2030-03-31T06:00:00Z'));
    await timePasses(n.f.citizen.id);
    await worker.drain();
    expect(smsTo(n.phone)).toHaveLength(1);
    setNotifyClock(NOON);
  });

  it('holds it until 08:00 winter time the night summer time ends', async () => {
    // Saturday 26 October 2030, 23:00 CEST; the clocks go back at 03:00.
    const n = await nightEvent(new Date('2030-10-26T21:00:00Z'));
    expect(n.sms.run_at.toISOString()).toBe('2030-10-27T07:00:00.000Z'); // 08:00 CET
    setNotifyClock(NOON);
  });

  it('holds one raised after midnight until 08:00 the same morning, and lets urgent ones through', async () => {
    const early = await nightEvent(new Date('2030-01-15T04:00:00Z')); // 05:00 CET
    expect(early.sms.run_at.toISOString()).toBe('2030-01-15T07:00:00.000Z');
    const urgent = await nightEvent(new Date('2030-01-15T22:30:00Z'), { urgent: true }); // 23:30 CET
    expect(urgent.sms.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    await worker.drain();
    expect(smsTo(urgent.phone)).toHaveLength(1);
    setNotifyClock(NOON);
  });

  it('re-schedules a due SMS that comes up during the night to 08:00', async () => {
    const n = await nightEvent(NOON);
    expect(n.sms.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    // The worker only gets to it at 23:30 (e.g. after retries, or a reminder falling due at night).
    setNotifyClock(new Date('2030-01-15T22:30:00Z'));
    await worker.drain();
    expect(smsTo(n.phone)).toHaveLength(0);
    const later = (await jobsOf('notify.send', 'citizenId', n.f.citizen.id)).filter((j) => j.payload.channel === 'sms' && j.state === 'ready');
    expect(later.map((j) => j.run_at.toISOString())).toEqual(['2030-01-16T07:00:00.000Z']);
    setNotifyClock(new Date('2030-01-16T07:00:00Z'));
    await timePasses(n.f.citizen.id);
    await worker.drain();
    await worker.drain();
    expect(smsTo(n.phone)).toHaveLength(1);
    setNotifyClock(NOON);
  });
});

describe('reminders', () => {
  it('reminds once of an unread important letter after REMINDER_DAYS, and never of a read one', async () => {
    const f = await gpOffice(db());
    const { c, d } = await clients(f);
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    const send = () =>
      d.post(`/api/staff/units/${f.unit.id}/letters`, {
        template: 'general',
        contactId: f.contact.id,
        important: true,
        fields: { title: 'Om behandlingen', text: 'Les dette.' },
      });
    const first = (await send()).json();
    await worker.drain();
    expect(smsTo(phone).map((s) => s.body.text)).toEqual([expect.stringContaining('Du har et nytt brev')]);
    const [reminder] = await jobsOf('notify.reminder', 'objectId', first.id);
    expect(reminder!.run_at.toISOString()).toBe(new Date(NOON.getTime() + REMINDER_DAYS * 86_400_000).toISOString());
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);

    await timePasses(f.citizen.id);
    await worker.drain();
    expect(smsTo(phone).map((s) => s.body.text)).toEqual([expect.stringContaining('nytt brev'), expect.stringContaining('Påminnelse: Du har et brev')]);
    // Exactly once: the same reminder again changes nothing.
    expect(await enqueue(db(), REMINDER_QUEUE, reminder!.payload as z.input<typeof REMINDER_QUEUE.payload>, { idempotencyKey: reminder!.idempotency_key! })).toBe(false);
    await db()
      .updateTable('jobs')
      .set({ state: 'ready', run_at: new Date(Date.now() - 1000) })
      .where('id', '=', reminder!.id)
      .execute();
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(2);

    // A letter read in time gets no reminder.
    const second = (await send()).json();
    expect((await c.get(`/api/citizen/letters/${second.id}`)).status).toBe(200);
    await worker.drain();
    await timePasses(f.citizen.id);
    await worker.drain();
    expect(smsTo(phone).map((s) => s.body.text)).toEqual([
      expect.stringContaining('nytt brev'),
      expect.stringContaining('Påminnelse'),
      expect.stringContaining('nytt brev'),
    ]);
  });

  it('reminds once of an important message left unread', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    await threadAnsweredBy(f, 'Viktig: ring oss', { important: true });
    await worker.drain();
    await timePasses(f.citizen.id);
    await worker.drain();
    await timePasses(f.citizen.id);
    await worker.drain();
    expect(smsTo(phone).map((s) => s.body.text)).toEqual([
      expect.stringContaining('ny melding'),
      expect.stringContaining('Påminnelse: Du har en viktig melding'),
    ]);
  });
});

describe('settings', () => {
  it('leaves out what the citizen turned off, and still sends what is mandatory, on the chosen channel', async () => {
    const f = await gpOffice(db());
    const { c, d } = await clients(f);
    const phone = newPhone();
    const email = newEmail();
    await setContact(f.citizen.id, phone, email);
    // Reminders are turned off while one is already on its way.
    await d.post(`/api/staff/units/${f.unit.id}/letters`, {
      template: 'general',
      contactId: f.contact.id,
      important: true,
      fields: { title: 'Brev', text: 'Tekst' },
    });
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
    const put = await c.put('/api/citizen/notification-settings', { channel: 'email', reminders: false, visits: false });
    expect(put.status).toBe(200);
    await timePasses(f.citizen.id);
    await worker.drain();
    await publish({ type: 'visit.completed', citizenId: f.citizen.id, unitId: f.unit.id, appointmentId: randomUUID(), by: 'unit' });
    expect((await jobsOf('notify.send', 'citizenId', f.citizen.id)).filter((j) => j.payload.kind === 'visit.completed')).toHaveLength(0);
    // Mandatory: a message from health personnel and an appointment change still go — by e-mail now.
    const t = (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
    await d.post(`/api/staff/threads/${t.id}/messages`, { text: 'Svar' });
    await publish({ type: 'appointment.changed', citizenId: f.citizen.id, unitId: f.unit.id, appointmentId: randomUUID(), by: 'unit', urgent: false });
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(1);
    expect(
      mailTo(email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Endret time på helsedialog', 'Ny melding på helsedialog']);
    const skipped = await db()
      .selectFrom('notifications')
      .select(['kind', 'state', 'reason'])
      .where('citizen_id', '=', f.citizen.id)
      .where('state', '=', 'skipped')
      .execute();
    expect(skipped).toEqual([]);
    // The reminder job found reminders turned off and enqueued nothing.
    expect((await jobsOf('notify.send', 'citizenId', f.citizen.id)).filter((j) => String(j.payload.kind).startsWith('reminder'))).toHaveLength(0);
  });

  it('skips an optional notice already queued when the recipient turned it off before it went', async () => {
    const f = await gpOffice(db());
    const phone = newPhone();
    await setContact(f.citizen.id, phone, null);
    setNotifyClock(new Date('2030-01-15T22:30:00Z'));
    await publish({ type: 'visit.completed', citizenId: f.citizen.id, unitId: f.unit.id, appointmentId: randomUUID(), by: 'unit' });
    setNotifyClock(NOON);
    await db().insertInto('notification_settings').values({ person_id: f.citizen.id, channel: 'sms', reminders: true, visits: false }).execute();
    await timePasses(f.citizen.id);
    await worker.drain();
    expect(smsTo(phone)).toHaveLength(0);
    const row = await db().selectFrom('notifications').selectAll().where('citizen_id', '=', f.citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'skipped', kind: 'visit.completed', reason: 'turned off (visits)' });
  });
});

describe('representation', () => {
  it('sends one SMS when parent and child share a phone; the other parent is told without a name', async () => {
    const f = await gpOffice(db());
    const address = `addr-${randomUUID()}`;
    const child = await createCitizen(db(), { age: 8, addressKey: address });
    const mother = await createCitizen(db(), { age: 38, addressKey: address });
    const father = await createCitizen(db(), { age: 40, addressKey: address });
    await db()
      .insertInto('parental_responsibilities')
      .values([
        { parent_id: mother.id, child_id: child.id },
        { parent_id: father.id, child_id: child.id },
      ])
      .execute();
    const shared = newPhone();
    const fathers = newPhone();
    await setContact(child.id, shared, null);
    await setContact(mother.id, shared, null);
    await setContact(father.id, fathers, null);
    const contact = await createContact(db(), child.id, f.unit.id);
    const d = new TestClient(srv.url);
    await login(d, 'staff', f.doctor.accountId);
    const started = await d.post(`/api/staff/units/${f.unit.id}/threads`, {
      contactId: contact.id,
      kind: 'ekontakt',
      topic: 'Vaksine',
      text: 'Emma skal ha vaksine.',
    });
    expect(started.status).toBe(201);
    await worker.drain();
    expect(smsTo(shared)).toHaveLength(1);
    expect(smsTo(fathers).map((s) => s.body.text)).toEqual([`Du har en ny melding for en du representerer. Logg inn for å lese: ${srv.config.publicUrl}/`]);
    for (const s of [...smsTo(shared), ...smsTo(fathers)]) expect(s.body.text).not.toContain(child.given_name);
  });

  it('does not tell the parent of a 14-year-old about the youth’s letters', async () => {
    const f = await gpOffice(db());
    const address = `addr-${randomUUID()}`;
    const youth = await createCitizen(db(), { age: 14, addressKey: address });
    const parent = await createCitizen(db(), { age: 44, addressKey: address });
    await db().insertInto('parental_responsibilities').values({ parent_id: parent.id, child_id: youth.id }).execute();
    const youthPhone = newPhone();
    const parentPhone = newPhone();
    await setContact(youth.id, youthPhone, null);
    await setContact(parent.id, parentPhone, null);
    const contact = await createContact(db(), youth.id, f.unit.id);
    const d = new TestClient(srv.url);
    await login(d, 'staff', f.doctor.accountId);
    expect(
      (await d.post(`/api/staff/units/${f.unit.id}/letters`, { template: 'general', contactId: contact.id, fields: { title: 'Til deg', text: 'Hei' } })).status,
    ).toBe(201);
    await worker.drain();
    expect(smsTo(youthPhone)).toHaveLength(1);
    expect(smsTo(parentPhone)).toHaveLength(0);
  });
});

describe('logs', () => {
  it('never hold a phone number, an e-mail address or content', () => {
    const all = logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('notification sent');
    for (const s of secrets) expect(all, `the logs contain "${s}"`).not.toContain(s);
  });
});
