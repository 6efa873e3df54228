/** scripts/precompress.ts: the brotli and gzip copies the web build writes beside its files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompress } from './precompress.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-precompress-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('precompress', () => {
  it('writes .br and .gz beside text files that decode to the file, and leaves small, binary and manifest files alone', async () => {
    const js = Buffer.from('const x = "helsedialog";\n'.repeat(400));
    const css = Buffer.from('.hd-card { padding: 1rem; }\n'.repeat(200));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.mkdirSync(path.join(dir, '.vite'));
    fs.writeFileSync(path.join(dir, 'assets/index-abc.js'), js);
    fs.writeFileSync(path.join(dir, 'assets/index-abc.css'), css);
    fs.writeFileSync(path.join(dir, 'assets/small.js'), 'export {};\n');
    fs.writeFileSync(path.join(dir, 'assets/font.woff2'), Buffer.alloc(4096, 1));
    fs.writeFileSync(path.join(dir, '.vite/manifest.json'), JSON.stringify({ pad: 'x'.repeat(4096) }));

    const done = await precompress(dir);

    expect(done.map((f) => f.file)).toEqual(['assets/index-abc.css', 'assets/index-abc.js']);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'assets/index-abc.js.br'))).equals(js)).toBe(true);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'assets/index-abc.js.gz'))).equals(js)).toBe(true);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'assets/index-abc.css.br'))).equals(css)).toBe(true);
    for (const f of ['assets/small.js', 'assets/font.woff2', '.vite/manifest.json']) {
      expect(fs.existsSync(path.join(dir, `${f}.br`)), f).toBe(false);
      expect(fs.existsSync(path.join(dir, `${f}.gz`)), f).toBe(false);
    }
    const js0 = done.find((f) => f.file === 'assets/index-abc.js')!;
    expect(js0.brBytes).toBeLessThan(js0.gzBytes);
  });
});
