/**
 * Issue 15: a unit administrator must not be able to exfiltrate the EPJ client secret or make the
 * server reach internal addresses. Changing any URL of an endpoint clears its stored secrets;
 * endpoint URLs naming or resolving to loopback, link-local, private or unique-local addresses are
 * refused when saved, and again at the address each connection actually uses; plain http:// is
 * refused in production.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTargetUrl, EgressRefused, isPublicAddress, type EgressPolicy } from '../../platform/egress.ts';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { findEndpoint } from './journal.repository.ts';
import { publishKithAmqp, sendKithHttp, TransientError } from './journal.transport.ts';

let srv: TestServer;
beforeAll(async () => {
  // No allow list: this server treats localhost like any other internal address.
  srv = await startTestServer({ EPJ_ALLOWED_HOSTS: '' });
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

async function adminOf() {
  const f = await gpOffice(db());
  const admin = new TestClient(srv.url);
  await login(admin, 'staff', f.secretary.accountId);
  return { ...f, admin, url: `/api/staff/units/${f.unit.id}/epj-endpoint` };
}

const fhirBody = {
  protocol: 'fhir',
  transport: 'http',
  url: 'https://epj.example.no/fhir',
  auth: { tokenUrl: 'https://epj.example.no/token', clientId: 'helsedialog', clientSecret: 's3cret-value' },
  enabled: true,
};

describe('EPJ endpoint secrets', () => {
  it('changing the token URL, the base URL or the broker URL clears the stored secret: the admin must give it again', async () => {
    const f = await adminOf();
    expect((await f.admin.put(f.url, fhirBody)).status).toBe(200);
    const { clientSecret: _, ...auth } = fhirBody.auth;
    // Same URLs: the stored secret is kept.
    expect((await f.admin.put(f.url, { ...fhirBody, auth })).status).toBe(200);
    for (const body of [
      { ...fhirBody, auth: { ...auth, tokenUrl: 'https://collector.example.com/token' } },
      { ...fhirBody, url: 'https://collector.example.com/fhir', auth },
    ]) {
      const res = await f.admin.put(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'auth.clientSecret' }] });
    }
    expect(await findEndpoint(db(), f.unit.id)).toMatchObject({ auth: { tokenUrl: fhirBody.auth.tokenUrl, clientSecret: 's3cret-value' } });
    // With the secret given again the change is taken.
    const moved = { ...fhirBody, auth: { ...fhirBody.auth, tokenUrl: 'https://epj2.example.no/token', clientSecret: 'new-secret' } };
    expect((await f.admin.put(f.url, moved)).status).toBe(200);
    expect((await findEndpoint(db(), f.unit.id))?.auth.clientSecret).toBe('new-secret');

    // AMQP: the masked password is kept only for the very same URL (here the virtual host changes).
    const amqp = { protocol: 'kith', transport: 'amqp', url: 'amqps://hd:broker-pass@mq.example.no:5671/epj', queue: 'epj.in', enabled: true };
    expect((await f.admin.put(f.url, amqp)).status).toBe(200);
    expect((await f.admin.put(f.url, { ...amqp, url: 'amqps://hd:***@mq.example.no:5671/epj' })).status).toBe(200);
    const other = await f.admin.put(f.url, { ...amqp, url: 'amqps://hd:***@mq.example.no:5671/elsewhere' });
    expect(other.status).toBe(400);
    expect(other.json().detail).toMatch(/password/);
    expect((await findEndpoint(db(), f.unit.id))?.url).toBe('amqps://hd:broker-pass@mq.example.no:5671/epj');
  });
});

describe('EPJ endpoint addresses', () => {
  it('refuses URLs that name or resolve to internal addresses when saved', async () => {
    const f = await adminOf();
    const cases: [unknown, string][] = [
      [{ ...fhirBody, url: 'https://169.254.169.254/latest/meta-data' }, 'url'],
      [{ ...fhirBody, url: 'https://10.1.2.3/fhir' }, 'url'],
      [{ ...fhirBody, url: 'https://192.168.0.10/fhir' }, 'url'],
      [{ ...fhirBody, url: 'https://[::1]/fhir' }, 'url'],
      [{ ...fhirBody, url: 'https://[fd12:3456::1]/fhir' }, 'url'],
      [{ ...fhirBody, url: 'https://[::ffff:127.0.0.1]/fhir' }, 'url'],
      [{ ...fhirBody, auth: { ...fhirBody.auth, tokenUrl: 'https://localhost:8443/token' } }, 'auth.tokenUrl'],
      [{ ...fhirBody, auth: { ...fhirBody.auth, tokenUrl: 'https://127.0.0.1/token' } }, 'auth.tokenUrl'],
      [{ protocol: 'kith', transport: 'amqp', url: 'amqp://hd:pw@172.16.0.9:5672', queue: 'q', enabled: true }, 'url'],
      [{ protocol: 'kith', transport: 'http', url: 'http://localhost:9999/kith', enabled: true }, 'url'],
    ];
    for (const [body, path] of cases) {
      const res = await f.admin.put(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json(), JSON.stringify(body)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path }] });
      expect(res.json().detail).toMatch(/internal address/);
    }
    expect(await findEndpoint(db(), f.unit.id)).toBeUndefined();
  });

  it('in production refuses plain http:// and amqp://; the address ranges are the internal ones', () => {
    const prod: EgressPolicy = { requireTls: true, allowedHosts: new Set() };
    expect(() => checkTargetUrl(prod, 'http://epj.example.no/fhir', ['https', 'http'])).toThrow(/https:\/\/ in production/);
    expect(() => checkTargetUrl(prod, 'amqp://mq.example.no', ['amqps', 'amqp'])).toThrow(/amqps:\/\/ in production/);
    expect(checkTargetUrl(prod, 'https://epj.example.no/fhir', ['https', 'http']).hostname).toBe('epj.example.no');
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', 'fd00::1', '::ffff:10.0.0.1'])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '151.101.1.1', '2001:4860:4860::8888']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('checks the address each connection uses: a name resolving to loopback is not connected to unless allowed', async () => {
    let hits = 0;
    const epj = http.createServer((_req, res) => {
      hits++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => epj.listen(0, '127.0.0.1', r));
    const port = (epj.address() as AddressInfo).port;
    try {
      const none: EgressPolicy = { requireTls: false, allowedHosts: new Set() };
      for (const url of [`http://localhost:${port}/kith`, `http://127.0.0.1:${port}/kith`]) {
        const err = await sendKithHttp(none, url, '<x/>', 'msg-1').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransientError);
        expect((err as Error).message).toMatch(/internal address/);
      }
      const amqpErr = await publishKithAmqp(none, { url: `amqp://localhost:${port}`, queue: 'q' } as never, 'id', 'DIALOG', '<x/>').catch((e: unknown) => e);
      expect(amqpErr).toBeInstanceOf(TransientError);
      expect(String((amqpErr as Error).message)).toMatch(/internal address/);
      expect(hits).toBe(0);
      // Allowed by name (the development EPJ on this machine): it connects.
      const dev: EgressPolicy = { requireTls: false, allowedHosts: new Set(['localhost']) };
      await expect(sendKithHttp(dev, `http://localhost:${port}/kith`, '<x/>', 'msg-1')).rejects.toThrow(/answered 500/);
      expect(hits).toBe(1);
    } finally {
      epj.close();
    }
  });

  it('EgressRefused is what the policy throws', () => {
    expect(() => checkTargetUrl({ requireTls: false, allowedHosts: new Set() }, 'https://169.254.169.254/', ['https'])).toThrow(EgressRefused);
  });
});
