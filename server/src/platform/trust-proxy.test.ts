/**
 * TRUST_PROXY as a list of proxy addresses: X-Forwarded-For counts only when the connection comes
 * from a listed proxy, so the login rate limit counts real clients behind the proxy and a client
 * connecting directly cannot pick its own address. (e2e/nginx.e2e.ts checks the same through nginx.)
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.ts';

let srv: TestServer;
beforeAll(async () => {
  // The proxy is 127.0.0.2; clients connect from 127.0.0.1 (all loopback).
  srv = await startTestServer({ TRUST_PROXY: '127.0.0.2', LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
});
afterAll(async () => srv?.close());

function loginFrom(localAddress: string, forwardedFor: string): Promise<number> {
  const u = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: '/auth/citizen/login', localAddress, agent: false, headers: { host: u.host, 'x-forwarded-for': forwardedFor } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TRUST_PROXY with the proxy address', () => {
  it('counts the client named by the proxy, one limit per real client', async () => {
    const codes = [];
    for (let i = 1; i <= 4; i++) codes.push(await loginFrom('127.0.0.2', `198.51.100.${i}`));
    expect(codes).toEqual([303, 303, 303, 303]); // four clients, one attempt each
    expect(await loginFrom('127.0.0.2', '198.51.100.9')).toBe(303);
    expect(await loginFrom('127.0.0.2', '198.51.100.9')).toBe(303);
    expect(await loginFrom('127.0.0.2', '198.51.100.9')).toBe(429); // the same client a third time
  });

  it('ignores X-Forwarded-For from anyone but the proxy', async () => {
    const codes = [];
    for (let i = 1; i <= 3; i++) codes.push(await loginFrom('127.0.0.1', `203.0.113.${i}`));
    expect(codes).toEqual([303, 303, 429]); // counted as 127.0.0.1 whatever it claims
  });
});
