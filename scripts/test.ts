/**
 * `npm test`: the whole suite. Runs the unit and integration tests (Vitest, against PGlite,
 * or against PostgreSQL when DATABASE_URL is set), then the browser journeys when Chromium
 * is installed — otherwise says plainly that they were skipped and why.
 * Ends with one line "N passed, N failed" and writes test-results/summary-<label>.json.
 *
 *   node scripts/test.ts            everything
 *   node scripts/test.ts --no-e2e   only Vitest suites
 *   node scripts/test.ts --e2e-only only the browser journeys
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const label = process.env.TEST_LABEL ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
const out = path.join(root, 'test-results');
fs.mkdirSync(out, { recursive: true });
// Children run on this same Node (the pinned one), whatever `node` is first on PATH.
const childEnv = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
};
const vitestBin = path.join(root, 'node_modules/vitest/vitest.mjs');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };

function runVitest(name: string, extra: string[], env: NodeJS.ProcessEnv = {}): boolean {
  const json = path.join(out, `vitest-${name}-${label}.json`);
  fs.rmSync(json, { force: true });
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...extra], {
    cwd: root,
    stdio: 'inherit',
    env: { ...childEnv, ...env },
  });
  if (fs.existsSync(json)) {
    const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numTotalTests: number;
      testResults: Array<{ status: string }>;
    };
    total.passed += rep.numPassedTests;
    total.failed += rep.numFailedTests + rep.testResults.filter((t) => t.status === 'failed' && rep.numFailedTests === 0).length;
    total.skipped += rep.numPendingTests + rep.numTodoTests;
  } else total.failed += 1;
  return r.status === 0;
}

let ok = true;
if (!args.has('--e2e-only')) ok = runVitest('unit', []) && ok;

if (!args.has('--no-e2e')) {
  // The web build, then its JavaScript per route against the limits (scripts/bundle-size.ts),
  // then the browser journeys on that build.
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: childEnv });
  if (build.status !== 0) {
    console.log('The web build failed, so the bundle sizes and the browser tests could not be checked.');
    total.failed += 1;
    ok = false;
  } else {
    ok = runVitest('bundle', ['--config', 'scripts/vitest.bundle.config.ts']) && ok;
    if (!fs.existsSync(chromium)) {
      console.log(
        `\nBrowser tests SKIPPED: no Chromium at ${chromium}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH, then run npm run test:e2e.\n`,
      );
    } else ok = runVitest('e2e', ['--config', 'e2e/vitest.config.ts']) && ok;
  }
}

fs.writeFileSync(path.join(out, `summary-${label}.json`), JSON.stringify(total));
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 ? 0 : 1);
