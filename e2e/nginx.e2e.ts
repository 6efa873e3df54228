/**
 * The production edge: helsedialog behind nginx (deploy/nginx) terminating TLS with a certificate
 * made here with openssl. Secure cookies and HSTS, TRUST_PROXY honoured from the proxy's address
 * only, the login rate limit counting the real client address, HTTP/2, compression, cache headers
 * of hashed assets and API answers, and live events (SSE) through the proxy without buffering.
 *
 * nginx connects to the app from 127.0.0.2 (proxy_bind) and the app trusts only that address
 * (TRUST_PROXY=127.0.0.2); clients reach nginx or the app from 127.0.0.1, .3, .4 — all loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { brotliAvailable, NGINX, startLocalEdge } from '../scripts/nginx.ts';
import { launch, loginAs, visible } from './browser.ts';
import { freePort } from '../scripts/free-port.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skipReason = !NGINX
  ? 'nginx is not installed (Debian: apt-get install nginx libnginx-mod-http-brotli-filter; .ci/run installs it)'
  : !fs.existsSync(CHROMIUM)
    ? `Chromium is not installed at ${CHROMIUM}`
    : undefined;
if (skipReason) console.warn(`nginx journey skipped: ${skipReason}`);

const LIMIT = 4;
let dir: string;
let app: ChildProcess | undefined;
let appPort: number;
let httpsPort: number;
let base: string;
let ca: Buffer;
let browser: Browser | undefined;
let edge: { stop(): void } | undefined;
const brotli = brotliAvailable();

async function waitFor(check: () => Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${ms / 1000} s; see ${dir}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One request over HTTPS/1.1 to nginx from a chosen loopback address. */
function viaNginx(p: string, localAddress: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: httpsPort,
        path: p,
        ca,
        localAddress,
        headers: { host: `localhost:${httpsPort}`, ...headers },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** One request straight to the app (not through the proxy) from a chosen loopback address. */
function direct(p: string, localAddress: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: appPort, path: p, localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTP/2 request: status, headers and body. */
function h2(p: string, headers: Record<string, string> = {}): Promise<{ headers: http2.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = http2.connect(`https://localhost:${httpsPort}`, { ca });
    client.on('error', reject);
    const req = client.request({ ':path': p, ...headers });
    const chunks: Buffer[] = [];
    let head: http2.IncomingHttpHeaders = {};
    req.on('response', (h) => (head = h));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      client.close();
      resolve({ headers: head, body: Buffer.concat(chunks) });
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!!skipReason)('behind nginx with TLS', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-edge-'));
    appPort = await freePort();
    const local = await startLocalEdge(dir, appPort);
    edge = local;
    ({ base, httpsPort } = local);
    ca = fs.readFileSync(local.cert);

    const log = fs.openSync(path.join(dir, 'app.log'), 'w');
    app = spawn(process.execPath, [path.join(root, 'server/src/main.ts'), 'serve'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dir, 'data'),
        DATABASE_URL: '',
        PUBLIC_URL: base,
        TRUST_PROXY: '127.0.0.2',
        LOGIN_RATE_LIMIT_PER_MINUTE: String(LIMIT),
        LOG_LEVEL: 'warn',
        // The app reaches its own development IdP through the proxy, so it must trust the test certificate.
        NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
      },
      stdio: ['ignore', log, log],
    });
    // A fresh embedded database is migrated and seeded first: minutes on a busy 2-core machine.
    await waitFor(async () => (await viaNginx('/api/health', '127.0.0.1')).status === 200, 'the app behind nginx', 240_000);
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    app?.kill('SIGTERM');
    edge?.stop();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTP/2 with HSTS, compresses hashed assets and caches them for a year, never caches API answers', async () => {
    const page = await h2('/');
    expect(page.headers[':status']).toBe(200);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = /\/assets\/[^"]+\.js/.exec(page.body.toString('utf8'))?.[0];
    expect(asset, 'index.html names a hashed script').toBeTruthy();

    const gz = await h2(asset!, { 'accept-encoding': 'gzip' });
    expect(gz.headers[':status']).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    if (brotli) {
      const br = await h2(asset!, { 'accept-encoding': 'br, gzip' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.body.length).toBeLessThan(gz.body.length);
    }

    const api = await h2('/api/health', { 'accept-encoding': 'gzip, br' });
    expect(api.headers[':status']).toBe(200);
    expect(api.headers['cache-control']).toBe('no-store');
    const missing = await h2('/api/nothing-here');
    expect(missing.headers[':status']).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('counts logins by the real client address: the proxy is trusted, a client claiming another address is not', async () => {
    // Through nginx from 127.0.0.5: the limit applies to that client (a forged X-Forwarded-For changes nothing)...
    // (127.0.0.1 is left alone: the browser logs in from it below.)
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await viaNginx('/auth/citizen/login', '127.0.0.5', { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(statuses.slice(0, LIMIT).every((s) => s === 303)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
    // ...not to the proxy: another client through the same nginx still gets in.
    expect((await viaNginx('/auth/citizen/login', '127.0.0.3')).status).toBe(303);
    // A client reaching the app directly is not the proxy: its X-Forwarded-For is ignored.
    const forged: number[] = [];
    for (let i = 0; i <= LIMIT; i++)
      forged.push(
        await direct('/auth/staff/login', '127.0.0.4', { 'x-forwarded-for': `198.51.100.${i}`, 'x-forwarded-proto': 'https', host: `localhost:${httpsPort}` }),
      );
    expect(forged.slice(0, LIMIT).every((s) => s === 303)).toBe(true);
    expect(forged[LIMIT]).toBe(429);
  });

  it('logs in over TLS with Secure cookies and delivers live events through the proxy without buffering', { timeout: 120_000 }, async () => {
    const ctx = await browser!.newContext({ baseURL: base, ignoreHTTPSErrors: true, locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
    try {
      const page: Page = await ctx.newPage();
      await loginAs(page, 'citizen', 'Kari Demodatter');
      await page.waitForURL(/\/citizen$/);
      const cookies = await ctx.cookies(base);
      expect(cookies.length).toBeGreaterThan(0);
      for (const c of cookies) expect({ name: c.name, secure: c.secure, httpOnly: c.httpOnly }).toMatchObject({ secure: true, httpOnly: true });

      // The session's live-event stream, over HTTP/2 through nginx.
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const client = http2.connect(base, { ca });
      const stream = client.request({ ':path': '/api/events', cookie, 'accept-encoding': 'gzip, br' });
      let text = '';
      let head: http2.IncomingHttpHeaders = {};
      stream.on('response', (h) => (head = h));
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (text += c));
      try {
        await waitFor(async () => text.includes(': connected'), 'the event stream', 15_000);
        expect(head[':status']).toBe(200);
        expect(head['content-type']).toMatch(/^text\/event-stream/);
        expect(head['content-encoding']).toBeUndefined();

        // Kari sends a message in the browser; its event reaches the stream at once (a buffering
        // proxy would hold these few bytes until the stream closed).
        await page.goto('/citizen');
        await page.getByRole('link', { name: /Tjenester og meldinger.*Fjordbyen legekontor/ }).click();
        await page.waitForURL(/\/citizen\/contacts\/[0-9a-f-]+$/);
        await page.getByRole('link', { name: 'Kontakt legekontoret' }).click();
        await visible(page.locator('#message-text'));
        const other = page.getByRole('radio', { name: /^Annet$/ });
        if (await other.count()) await other.check({ force: true });
        if (await page.locator('#topic-own').count()) await page.locator('#topic-own').fill('Spørsmål via TLS');
        await page.locator('#message-text').fill('Hei, dette er sendt gjennom nginx.');
        const sentAt = Date.now();
        await page.getByRole('button', { name: /^Send$/ }).click();
        await page.waitForURL(/\/citizen\/messages\/[0-9a-f-]+$/);
        await waitFor(async () => /event: message/.test(text), 'the message event through nginx', 10_000);
        expect(Date.now() - sentAt).toBeLessThan(10_000);
      } finally {
        stream.close();
        client.close();
      }
    } finally {
      await ctx.close();
    }
  });
});

// Reported as skipped (with why) only on a machine without nginx or openssl; CI installs nginx,
// so there it runs.
if (skipReason) it.skip(`nginx journey: ${skipReason}`, () => undefined);
