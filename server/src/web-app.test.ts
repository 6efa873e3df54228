/**
 * The built web app as the app server sends it (server/src/app.ts): the precompressed copy the
 * browser accepts (brotli before gzip) with Content-Encoding and Vary, hashed assets cached for a
 * year, index.html for client-side routes and never cached without revalidation. A small web/dist
 * is made here; the build writes the `.br`/`.gz` copies with scripts/precompress.ts (tested in
 * scripts/precompress.test.ts), the test writes them the same way.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.ts';

let dir: string;
let srv: TestServer;
const SCRIPT = 'assets/index-AbC123xy.js';
const script = Buffer.from(`export const greeting = ${JSON.stringify('Hei og velkommen til helsedialog. '.repeat(200))};\n`);
const html = Buffer.from('<!doctype html><html lang="nb"><head><title>helsedialog</title></head><body><div id="root"></div></body></html>');

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET with the given Accept-Encoding, the body as it came over the wire (fetch would decode it). */
function get(p: string, acceptEncoding?: string): Promise<Raw> {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { hostname, port, path: p, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dir, SCRIPT), script);
  fs.writeFileSync(path.join(dir, `${SCRIPT}.br`), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(dir, `${SCRIPT}.gz`), zlib.gzipSync(script));
  // What the web build writes from its manifest (scripts/route-preloads.ts).
  fs.writeFileSync(
    path.join(dir, 'route-preloads.json'),
    JSON.stringify([
      { path: '/', scripts: [], styles: [] },
      { path: '/*', scripts: ['assets/NotFoundPage-Nf12ab34.js'], styles: [] },
      {
        path: '/citizen/messages/:threadId',
        scripts: ['assets/ThreadPage-Tp12ab34.js', 'assets/parts-Pa12ab34.js'],
        styles: ['assets/ThreadPage-Tp12ab34.css'],
      },
    ]),
  );
  srv = await startTestServer({ WEB_DIST: dir });
});
afterAll(async () => {
  await srv?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web app from the app server', () => {
  it('sends the brotli copy to a browser that accepts it, and it decodes to the file', async () => {
    const res = await get(`/${SCRIPT}`, 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(zlib.brotliDecompressSync(res.body).equals(script)).toBe(true);
  });

  it('sends the gzip copy when brotli is not accepted', async () => {
    const res = await get(`/${SCRIPT}`, 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(res.body).equals(script)).toBe(true);
  });

  it('sends the file as it is to a client that accepts no encoding, still saying it varies', async () => {
    for (const accept of [undefined, 'identity']) {
      const res = await get(`/${SCRIPT}`, accept);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.equals(script)).toBe(true);
    }
  });

  it('caches hashed assets for a year and revalidates everything else', async () => {
    expect((await get(`/${SCRIPT}`, 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(`/${SCRIPT}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/favicon.svg', 'br')).headers['cache-control']).toBe('no-cache');
    expect((await get('/index.html', 'br')).headers['cache-control']).toBe('no-cache');
  });

  it('answers a client-side route with index.html naming that route’s chunks, not cached without revalidation', async () => {
    const res = await get('/citizen/messages/123', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const page = res.body.toString();
    expect(page).toContain('<link rel="modulepreload" crossorigin href="/assets/ThreadPage-Tp12ab34.js">');
    expect(page).toContain('<link rel="modulepreload" crossorigin href="/assets/parts-Pa12ab34.js">');
    expect(page).toContain('<link rel="preload" as="style" crossorigin href="/assets/ThreadPage-Tp12ab34.css">');
    expect(page.replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '')).toBe(html.toString());
    // The start page needs nothing beyond the entry; any other path gets the catch-all's chunk.
    expect((await get('/', 'br')).body.equals(html)).toBe(true);
    expect((await get('/citizen/messages/123/extra')).body.toString()).toContain('/assets/NotFoundPage-Nf12ab34.js');
    expect((await get('/citizen/messages/123?x=1')).body.toString()).toContain('/assets/ThreadPage-Tp12ab34.js');
  });

  it('answers a missing asset with 404, not index.html', async () => {
    const res = await get('/assets/index-Missing1.js', 'br');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
