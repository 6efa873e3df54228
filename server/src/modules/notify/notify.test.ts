/** Notifications: quiet hours, wording, channels, configuration, settings routes and the development mailbox. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { createCitizen, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { composeNotice, NOTICE_KINDS } from './notify.content.ts';
import { channelsFor } from './notify.plan.ts';
import { devMailbox } from './transports.ts';
import { quietHoursEnd } from './quiet-hours.ts';

describe('quiet hours (22:00–08:00 Europe/Oslo)', () => {
  const at = (iso: string) => quietHoursEnd(new Date(iso))?.toISOString() ?? null;
  it('lets daytime through', () => {
    expect(at('2026-06-10T06:00:00Z')).toBeNull(); // 08:00 CEST
    expect(at('2026-06-10T19:59:59Z')).toBeNull(); // 21:59 CEST
    expect(at('2026-01-10T20:59:00Z')).toBeNull(); // 21:59 CET
  });
  it('holds the evening until 08:00 the next morning and the small hours until 08:00 the same morning', () => {
    expect(at('2026-06-10T20:00:00Z')).toBe('2026-06-11T06:00:00.000Z'); // 22:00 CEST
    expect(at('2026-01-10T21:00:00Z')).toBe('2026-01-11T07:00:00.000Z'); // 22:00 CET
    expect(at('2026-01-11T06:59:00Z')).toBe('2026-01-11T07:00:00.000Z'); // 07:59 CET
    expect(at('2026-12-31T22:30:00Z')).toBe('2027-01-01T07:00:00.000Z'); // 23:30 on New Year's Eve
  });
  it('keeps 08:00 on the clock across both daylight-saving changes', () => {
    expect(at('2026-03-28T22:00:00Z')).toBe('2026-03-29T06:00:00.000Z'); // 23:00 CET → 08:00 CEST
    expect(at('2026-03-29T00:30:00Z')).toBe('2026-03-29T06:00:00.000Z'); // 01:30 CET, before the jump
    expect(at('2026-10-24T21:00:00Z')).toBe('2026-10-25T07:00:00.000Z'); // 23:00 CEST → 08:00 CET
    expect(at('2026-10-25T00:30:00Z')).toBe('2026-10-25T07:00:00.000Z'); // 02:30 CEST, the first time round
  });
});

describe('wording', () => {
  it('says only what happened, with a link to log in; for representatives without a name', () => {
    for (const kind of NOTICE_KINDS) {
      for (const onBehalfOf of [false, true]) {
        const s = composeNotice(kind, onBehalfOf, 'sms', 'https://helsedialog.example.no');
        expect(s.text).toMatch(/Logg inn for å lese: https:\/\/helsedialog\.example\.no\/$/);
        expect(s.text.length).toBeLessThanOrEqual(160);
        expect(/representerer/.test(s.text)).toBe(onBehalfOf);
        const e = composeNotice(kind, onBehalfOf, 'email', 'https://helsedialog.example.no/');
        expect(e.subject).toMatch(/helsedialog/);
        expect(e.html).toContain('href="https://helsedialog.example.no/"');
        // No notice tells what kind of care the person receives (issue 15: home visits did).
        for (const t of [s.text, e.subject, e.text]) expect(t, kind).not.toMatch(/hjemme|besøk|pleie|omsorg|sykehus|lege/i);
      }
    }
    expect(composeNotice('message', false, 'sms', 'http://x').text).toBe('Du har en ny melding på helsedialog. Logg inn for å lese: http://x/');
    expect(composeNotice('appointment.assigned', false, 'sms', 'http://x').text).toMatch(/^Du har fått en ny time\./);
    expect(composeNotice('letter', false, 'sms', 'http://x').text).toMatch(/^Du har et nytt brev/);
    expect(composeNotice('message', true, 'sms', 'http://x').text).toMatch(/^Du har en ny melding for en du representerer\./);
    expect(composeNotice('visit.completed', false, 'sms', 'http://x').text).toBe('Du har en ny melding på helsedialog. Logg inn for å lese: http://x/');
  });
});

describe('channels', () => {
  it('follows the choice and falls back to the other address when one is missing', () => {
    expect(channelsFor('sms', '+4799', 'a@b')).toEqual(['sms']);
    expect(channelsFor('sms', null, 'a@b')).toEqual(['email']);
    expect(channelsFor('email', '+4799', 'a@b')).toEqual(['email']);
    expect(channelsFor('email', '+4799', null)).toEqual(['sms']);
    expect(channelsFor('both', '+4799', 'a@b')).toEqual(['sms', 'email']);
    expect(channelsFor('both', null, 'a@b')).toEqual(['email']);
    expect(channelsFor('sms', null, null)).toEqual([]);
  });
});

describe('configuration', () => {
  it('defaults to the development mailbox and 3 reminder days', () => {
    const c = loadConfig({});
    expect(c.notify).toMatchObject({ smtpUrl: undefined, smsGatewayUrl: undefined, reminderDays: 3, smtpFrom: 'helsedialog <ikke-svar@localhost>' });
  });
  it('names the variable and the fix for bad values', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://x' })).toThrow(/SMS_GATEWAY_URL: must be an http/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.no/v1' })).toThrow(/SMS_GATEWAY_KEY: required when SMS_GATEWAY_URL is set/);
    expect(() => loadConfig({ SMS_GATEWAY_KEY: 'k' })).toThrow(/SMS_GATEWAY_URL: required when SMS_GATEWAY_KEY is set/);
    expect(() => loadConfig({ REMINDER_DAYS: '0' })).toThrow(/REMINDER_DAYS: must be at least 1 day/);
    expect(() => loadConfig({ REMINDER_DAYS: 'tre' })).toThrow(ConfigError);
    expect(
      loadConfig({ REMINDER_DAYS: '7', SMTP_URL: 'smtps://u:p@smtp.example.no:465', SMS_GATEWAY_URL: 'https://sms.example.no/v1', SMS_GATEWAY_KEY: 'k' })
        .notify,
    ).toMatchObject({ reminderDays: 7, smtpUrl: 'smtps://u:p@smtp.example.no:465', smsGatewayKey: 'k' });
  });
  it('requires real SMTP and an https SMS gateway in production', () => {
    try {
      loadConfig({ NODE_ENV: 'production', SMS_GATEWAY_URL: 'http://sms.example.no', SMS_GATEWAY_KEY: 'k' });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/SMTP_URL: required in production/);
      expect(msg).toMatch(/SMS_GATEWAY_URL: must use https:\/\/ in production/);
    }
  });
});

describe('over HTTP', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => srv?.close());

  it('keeps the signed-in person’s own settings, with masked addresses, also when acting for someone', async () => {
    const f = await gpOffice(srv.database.db);
    await srv.database.db.updateTable('persons').set({ phone: '+4791234567', email: 'kari@example.test' }).where('id', '=', f.citizen.id).execute();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    const first = await c.get('/api/citizen/notification-settings');
    expect(first.json()).toEqual({ channel: 'sms', reminders: true, visits: true, phone: '••• •• 567', email: 'k•••@example.test' });
    const put = await c.put('/api/citizen/notification-settings', { channel: 'both', reminders: false, visits: true });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({ channel: 'both', reminders: false, visits: true });
    expect((await c.get('/api/citizen/notification-settings')).json()).toMatchObject({ channel: 'both', reminders: false });
    const row = await srv.database.db.selectFrom('notification_settings').selectAll().where('person_id', '=', f.citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'both', reminders: false, visits: true });

    // Acting for a child: still one's own settings.
    const address = `addr-${randomUUID()}`;
    await srv.database.db.updateTable('persons').set({ address_key: address }).where('id', '=', f.citizen.id).execute();
    const child = await createCitizen(srv.database.db, { age: 6, addressKey: address });
    await srv.database.db.insertInto('parental_responsibilities').values({ parent_id: f.citizen.id, child_id: child.id }).execute();
    const acting = await c.put('/api/citizen/acting-for', { personId: child.id });
    expect(acting.status, acting.body).toBeLessThan(300);
    expect((await c.get('/api/citizen/notification-settings')).json()).toMatchObject({ channel: 'both', reminders: false });
    expect(await srv.database.db.selectFrom('notification_settings').select('person_id').where('person_id', '=', child.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a channel without a registered address, and bad input', async () => {
    const p = await createCitizen(srv.database.db);
    await srv.database.db.updateTable('persons').set({ phone: null, email: 'only-mail@example.test' }).where('id', '=', p.id).execute();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', p.accountId);
    const sms = await c.put('/api/citizen/notification-settings', { channel: 'sms', reminders: true, visits: true });
    expect(sms.status).toBe(409);
    expect(sms.json()).toMatchObject({ code: 'CONTACT_DETAILS_MISSING', detail: expect.stringMatching(/no mobile number/) });
    expect((await c.put('/api/citizen/notification-settings', { channel: 'pigeon', reminders: true, visits: true })).status).toBe(400);
    expect((await c.put('/api/citizen/notification-settings', { channel: 'email', reminders: true, visits: true })).status).toBe(200);
  });

  it('is for citizens only', async () => {
    const f = await gpOffice(srv.database.db);
    const d = new TestClient(srv.url);
    expect((await d.get('/api/citizen/notification-settings')).status).toBe(401);
    await login(d, 'staff', f.doctor.accountId);
    expect((await d.get('/api/citizen/notification-settings')).status).toBe(403);
  });

  it('shows the development mailbox outside production', async () => {
    const to = `dev-${randomUUID().slice(0, 8)}@example.test`;
    const box = devMailbox(srv.database.db);
    await box.email({ to, subject: 'Ny melding på helsedialog', text: 'Du har en ny melding', html: '<p>x</p>', reference: 'r1' });
    await box.sms({ to: '+4790000000', text: 'Du har en ny melding', reference: 'r2' });
    const res = await new TestClient(srv.url).get(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
    expect(res.status).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: expect.any(Number),
        channel: 'email',
        to,
        subject: 'Ny melding på helsedialog',
        body: 'Du har en ny melding',
        reference: 'r1',
        createdAt: expect.any(String),
      },
    ]);
  });
});

describe('in production', () => {
  it('has no development mailbox and no test clock', async () => {
    const srv = await startTestServer({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://helsedialog.example.no',
      CITIZEN_OIDC_ISSUER: 'https://idporten.example.no',
      STAFF_OIDC_ISSUER: 'https://helseid.example.no',
      CITIZEN_OIDC_CLIENT_SECRET: 'x',
      STAFF_OIDC_CLIENT_SECRET: 'y',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://unused@127.0.0.1/unused',
      SMTP_URL: 'smtp://127.0.0.1:1',
      SMS_GATEWAY_URL: 'https://127.0.0.1:1/sms',
      SMS_GATEWAY_KEY: 'k',
    });
    try {
      const url = `http://127.0.0.1:${srv.config.port}`;
      expect((await fetch(`${url}/api/dev/mailbox`)).status).toBe(404);
      expect(
        (await fetch(`${url}/api/test/notify/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"at":null}' })).status,
      ).toBe(404);
    } finally {
      await srv.close();
    }
  });
});
