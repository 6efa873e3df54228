/**
 * Precompressed copies of the built web app (issue 23): beside every text file of web/dist worth
 * compressing (JavaScript, CSS, HTML, SVG, JSON; 1 kB or more) a `.br` (brotli, quality 11) and a
 * `.gz` (gzip, level 9), written at build time by the Vite plugin in web/vite.config.ts. The app
 * server sends them with the right Content-Encoding (@fastify/static `preCompressed`, server/src/app.ts),
 * so the app compresses as well as the nginx edge without spending CPU per request. Fonts
 * (woff/woff2) and images are compressed formats already; source maps are for developer tools only.
 *
 *   node scripts/precompress.ts [dir]     (default web/dist; the build runs it itself)
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Extensions whose files are compressed. */
export const COMPRESSIBLE = ['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt'];
/** Smaller files are sent as they are: the headers would cost about what compression saves. */
export const MIN_BYTES = 1024;

export interface Precompressed {
  file: string;
  bytes: number;
  brBytes: number;
  gzBytes: number;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Writes `<file>.br` and `<file>.gz` for every compressible file under `dir` (a variant that would
 * not be smaller is not written). Returns what was written, paths relative to `dir`.
 */
export async function precompress(dir: string): Promise<Precompressed[]> {
  const files = filesUnder(dir).filter((f) => COMPRESSIBLE.includes(path.extname(f)) && !f.includes(`${path.sep}.vite${path.sep}`));
  const out: Precompressed[] = [];
  await Promise.all(
    files.map(async (file) => {
      const data = await fs.promises.readFile(file);
      if (data.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzip(data, { level: 9 }),
      ]);
      if (br.length < data.length) await fs.promises.writeFile(`${file}.br`, br);
      if (gz.length < data.length) await fs.promises.writeFile(`${file}.gz`, gz);
      out.push({ file: path.relative(dir, file), bytes: data.length, brBytes: br.length, gzBytes: gz.length });
    }),
  );
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../web/dist'));
  const done = await precompress(dir);
  const sum = (k: 'bytes' | 'brBytes' | 'gzBytes') => (done.reduce((n, f) => n + f[k], 0) / 1024).toFixed(0);
  console.log(`precompress: ${done.length} files in ${dir}: ${sum('bytes')} kB → ${sum('brBytes')} kB brotli, ${sum('gzBytes')} kB gzip`);
}
