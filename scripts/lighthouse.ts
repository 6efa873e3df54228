/**
 * Lighthouse figures for the pages a person lands on first (issue 23): the public front page `/`,
 * the citizen start page `/citizen` and a conversation `/citizen/messages/:threadId` (logged in as
 * a demo citizen) and the clinician start page `/clinician` (logged in as a demo staff member). Lighthouse (the npm package, pinned) drives
 * Debian's Chromium through chrome-launcher; its default config is a mobile form factor with
 * simulated throttling (slow 4G, 4× CPU slowdown). Categories: performance, accessibility,
 * best practices. Each page is measured LIGHTHOUSE_RUNS times (default 3) and the run with the
 * median performance score is reported.
 *
 * The server runs as in the browser journeys (e2e/server.ts: the built web app, a fresh embedded
 * database with demo data, a free port); the web is built first when web/dist is missing. The
 * logins go through the development IdP with fetch, like a browser would, and the session cookie
 * is passed to Lighthouse as an extra header.
 *
 * The app serves the built files itself, brotli/gzip-compressed (precompressed at build time), over
 * plain HTTP/1.1. With LIGHTHOUSE_VIA_NGINX=1 the pages are measured through the production edge
 * instead: a private nginx with deploy/nginx's configuration (TLS with a test certificate, HTTP/2,
 * its compression and caching rules) in front of the same server, started as the nginx journey
 * starts it (scripts/nginx.ts).
 *
 * The figures are reported, not asserted: the script exits 0 whatever the scores, and non-zero
 * only when Lighthouse could not measure a page. Prints a table and writes it to
 * bench/results/<date>-lighthouse.md (-nginx.md through nginx; a second run the same day is added
 * under the first); the full reports (HTML and JSON) go to test-results/lighthouse/.
 *
 *   npm run lighthouse                       (CHROMIUM_PATH overrides /usr/bin/chromium)
 *   LIGHTHOUSE_VIA_NGINX=1 npm run lighthouse
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { generateReport, type Flags, type Result } from 'lighthouse';
import { root, startDemoServer, type DemoServer } from '../e2e/server.ts';
import { freePort } from './free-port.ts';
import { pickPerson, startLogin, TestClient } from '../server/src/test/http-client.ts';
import { NGINX, startLocalEdge } from './nginx.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
/** Runs per page; the median run (by performance score) is reported. */
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS) || 3);
/** Measure through nginx (TLS, HTTP/2, the edge's compression) instead of the app server alone. */
const VIA_NGINX = process.env.LIGHTHOUSE_VIA_NGINX === '1';

interface Target {
  /** Where Lighthouse and the logins go. */
  base: string;
  /** How the pages are served, for the report. */
  servedBy: string;
  stop(): Promise<void>;
}

/** The demo server on its own: the built files compressed by the app (precompressed), HTTP/1.1. */
async function appAlone(logFile: string): Promise<Target> {
  const server = await startDemoServer({ logFile });
  return {
    base: server.base,
    servedBy: 'served by the app itself over plain HTTP/1.1, the built files brotli-compressed at build time (scripts/precompress.ts)',
    stop: () => server.stop(),
  };
}

/**
 * The demo server behind a private nginx with the production edge's configuration (deploy/nginx,
 * rendered and started by scripts/nginx.ts as e2e/nginx.e2e.ts does): TLS with a test certificate
 * that this process and the app trust, HTTP/2, nginx's compression and caching rules.
 */
async function behindNginx(logFile: string): Promise<Target> {
  if (!NGINX) throw new Error('LIGHTHOUSE_VIA_NGINX=1 needs nginx (Debian: apt-get install nginx libnginx-mod-http-brotli-filter)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-lighthouse-edge-'));
  const appPort = await freePort();
  const edge = await startLocalEdge(dir, appPort);
  const { base, cert, brotli } = edge;
  // The logins below (fetch) go through nginx: trust the test certificate in this process too.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), fs.readFileSync(cert, 'utf8')]);
  let server: DemoServer;
  try {
    server = await startDemoServer({
      logFile,
      port: appPort,
      env: { HOST: '127.0.0.1', PUBLIC_URL: base, TRUST_PROXY: '127.0.0.2', NODE_EXTRA_CA_CERTS: cert },
    });
  } catch (e) {
    edge.stop();
    throw e;
  }
  return {
    base,
    servedBy: `served through nginx (deploy/nginx: TLS, HTTP/2, ${brotli ? 'brotli and gzip' : 'gzip (no brotli module)'} for what the app does not send compressed)`,
    async stop() {
      await server.stop();
      edge.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface PageToMeasure {
  label: string;
  /** The route (as in scripts/bundle-size.ts); `resolve` fills in its parameters. */
  path: string;
  /** The demo people the browser journeys log in as (e2e/*.e2e.ts). */
  login?: { kind: 'citizen' | 'staff'; name: string };
  resolve?: (base: string, cookie: string) => Promise<string>;
}

/** The first conversation in the citizen's list (GET /api/citizen/threads) in the demo data. */
async function firstThread(base: string, cookie: string): Promise<string> {
  const res = await fetch(`${base}/api/citizen/threads?limit=1`, { headers: { cookie } });
  const id = res.ok ? ((await res.json()) as { items: Array<{ id: string }> }).items[0]?.id : undefined;
  if (!id) throw new Error(`no conversation to open (GET /api/citizen/threads: ${res.status})`);
  return `/citizen/messages/${id}`;
}

const PAGES: PageToMeasure[] = [
  { label: 'front page', path: '/' },
  { label: 'citizen start page', path: '/citizen', login: { kind: 'citizen', name: 'Kari Demodatter' } },
  { label: 'citizen thread page', path: '/citizen/messages/:threadId', login: { kind: 'citizen', name: 'Kari Demodatter' }, resolve: firstThread },
  { label: 'clinician start page', path: '/clinician', login: { kind: 'staff', name: 'Per Sjøberg' } },
];

interface Row {
  label: string;
  path: string;
  /** Where Lighthouse ended up, if not where it was sent (a redirect to the front page would mean the login did not hold). */
  finalPath: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  transferKb: number | null;
  warnings: string[];
  /** Audits that could not run (diagnostics; an audit that counts for a score would leave it null). */
  auditErrors: Array<{ id: string; message: string }>;
  /** The performance score of every run (the row shows the median run). */
  performanceRuns?: Array<number | null>;
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Logs in through the development IdP as the person with this name (as e2e/browser.ts `loginAs`
 * picks them on the person picker) and returns the Cookie header of the session.
 */
async function sessionCookie(base: string, kind: 'citizen' | 'staff', name: string): Promise<string> {
  const client = new TestClient(base);
  const interaction = await startLogin(client, kind);
  const picker = await client.get(interaction);
  const m = new RegExp(`name="account" value="([^"]+)"><strong>${escapeRe(name)}</strong>`).exec(picker.body);
  if (!m) throw new Error(`the development IdP has no ${kind} named ${name}`);
  const callback = await pickPerson(client, interaction, m[1]!);
  await client.get(callback, { follow: true });
  const cookie = client.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const me = await fetch(`${base}/api/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`the login as ${name} did not give a session (GET /api/me: ${me.status})`);
  return cookie;
}

const numeric = (lhr: Result, audit: string): number | null => lhr.audits[audit]?.numericValue ?? null;

function rowOf(label: string, pagePath: string, requested: string, lhr: Result): Row {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? null])) as Row['scores'];
  const bytes = numeric(lhr, 'total-byte-weight');
  return {
    label,
    path: pagePath,
    finalPath: new URL(lhr.finalDisplayedUrl).pathname === requested ? pagePath : new URL(lhr.finalDisplayedUrl).pathname,
    scores,
    fcpMs: numeric(lhr, 'first-contentful-paint'),
    lcpMs: numeric(lhr, 'largest-contentful-paint'),
    tbtMs: numeric(lhr, 'total-blocking-time'),
    cls: numeric(lhr, 'cumulative-layout-shift'),
    transferKb: bytes === null ? null : bytes / 1024,
    warnings: [...(lhr.runtimeError ? [`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`] : []), ...lhr.runWarnings],
    auditErrors: Object.values(lhr.audits)
      .filter((a) => a.scoreDisplayMode === 'error')
      .map((a) => ({ id: a.id, message: a.errorMessage ?? 'error' })),
  };
}

const score = (s: number | null) => (s === null ? '–' : String(Math.round(s * 100)));
const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v).toLocaleString('en-US')} ms`);
const seconds = (v: number | null) => (v === null ? '–' : `${(v / 1000).toFixed(1)} s`);

function table(rows: Row[]): string[] {
  return [
    '| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS | transfer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.label} \`${r.path}\`${r.finalPath !== r.path ? ` (ended at \`${r.finalPath}\`)` : ''} | ${score(r.scores.performance)} | ${score(r.scores.accessibility)} | ${score(r.scores['best-practices'])} | ${seconds(r.fcpMs)} | ${seconds(r.lcpMs)} | ${ms(r.tbtMs)} | ${r.cls === null ? '–' : r.cls.toFixed(3)} | ${r.transferKb === null ? '–' : `${r.transferKb.toFixed(1)} kB`} |`,
    ),
  ];
}

async function main(): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`lighthouse: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
    return 1;
  }
  if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) {
    console.log('lighthouse: web/dist is missing, building the web first');
    const build = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('lighthouse: the web build failed');
      return 1;
    }
  }
  const reportsDir = path.join(root, 'test-results', 'lighthouse');
  fs.mkdirSync(reportsDir, { recursive: true });
  const loadBefore = os.loadavg();
  const server = await (VIA_NGINX ? behindNginx : appAlone)(path.join(reportsDir, 'server.log'));
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  // CI bounds the run with `timeout`: Chromium runs in its own process group (chrome-launcher
  // detaches it), so a terminated run must stop it and the server itself.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`lighthouse: ${signal}, stopping Chromium and the server`);
    chrome?.kill();
    void server.stop().finally(() => process.exit(1));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const rows: Row[] = [];
  const failed: string[] = [];
  let lighthouseVersion = '';
  let chromeVersion = '';
  try {
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      // Bokmål, the portal's default, so the page does not switch to the browser's English (on
      // Linux Chromium takes its UI language from LANG; --accept-lang sets navigator.languages).
      chromeFlags: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--lang=nb-NO',
        '--accept-lang=nb-NO,nb,no',
        // Through nginx: its certificate is the test certificate made above.
        ...(VIA_NGINX ? ['--ignore-certificate-errors'] : []),
      ],
      envVars: { ...(process.env as Record<string, string>), LANG: 'nb_NO.UTF-8', LANGUAGE: 'nb' },
      logLevel: 'silent',
    });
    for (const page of PAGES) {
      try {
        const cookie = page.login ? await sessionCookie(server.base, page.login.kind, page.login.name) : undefined;
        const requested = page.resolve ? await page.resolve(server.base, cookie ?? '') : page.path;
        const url = `${server.base}${requested}`;
        const flags: Flags = {
          port: chrome.port,
          onlyCategories: [...CATEGORIES],
          logLevel: 'error',
          ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
        };
        const started = Date.now();
        const runs: Result[] = [];
        for (let i = 0; i < RUNS; i++) {
          const result = await lighthouse(url, flags);
          if (!result) throw new Error('Lighthouse returned no result');
          runs.push(result.lhr);
        }
        // The run with the median performance score stands for the page (scores vary run to run);
        // a run without a score (Lighthouse's own error, named below) does not count.
        const scored = runs.filter((r) => typeof r.categories.performance?.score === 'number');
        scored.sort((a, b) => a.categories.performance!.score! - b.categories.performance!.score!);
        const lhr = scored[Math.floor(scored.length / 2)] ?? runs[0]!;
        lighthouseVersion = lhr.lighthouseVersion;
        chromeVersion = lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? lhr.environment.hostUserAgent;
        const name = (page.path === '/' ? 'front' : page.path.slice(1).replace(/\W+/g, '-')) + (VIA_NGINX ? '-nginx' : '');
        fs.writeFileSync(path.join(reportsDir, `${name}.html`), generateReport(lhr, 'html'));
        fs.writeFileSync(path.join(reportsDir, `${name}.json`), JSON.stringify(lhr));
        const row = rowOf(page.label, page.path, requested, lhr);
        row.performanceRuns = runs.map((r) => r.categories.performance?.score ?? null);
        for (const [i, r] of runs.entries())
          if (r !== lhr && r.runtimeError) row.warnings.push(`run ${i + 1} of ${RUNS}: ${r.runtimeError.code}: ${r.runtimeError.message}`);
        rows.push(row);
        if (lhr.runtimeError || CATEGORIES.some((c) => row.scores[c] === null)) failed.push(`${page.path}: ${row.warnings.join('; ') || 'no scores'}`);
        console.log(`lighthouse: ${page.path} measured ${RUNS}× in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      } catch (e) {
        failed.push(`${page.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    chrome?.kill();
    await server.stop();
  }
  const loadAfter = os.loadavg();
  const date = new Date().toISOString().slice(0, 10);
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');
  const warnings = rows.flatMap((r) => r.warnings.map((w) => `- \`${r.path}\`: ${w}`));
  const auditErrors = new Map<string, { ids: Set<string>; paths: Set<string> }>();
  for (const r of rows)
    for (const a of r.auditErrors) {
      const entry = auditErrors.get(a.message) ?? { ids: new Set(), paths: new Set() };
      entry.ids.add(a.id);
      entry.paths.add(`\`${r.path}\``);
      auditErrors.set(a.message, entry);
    }
  for (const [message, e] of auditErrors) warnings.push(`- audits not run on ${[...e.paths].join(', ')}: ${[...e.ids].join(', ')} (${message})`);
  const time = new Date().toISOString().slice(11, 16);
  const lines = [
    `# Lighthouse, ${date}${VIA_NGINX ? ', through nginx' : ''}`,
    '',
    `Measured at ${time} UTC.`,
    '',
    `Lighthouse ${lighthouseVersion || '?'} on Debian's Chromium (${chromeVersion || '?'}), headless; the default (mobile) config: ` +
      'Moto G Power–sized screen, simulated throttling (150 ms RTT, 1.6 Mbit/s, 4× CPU slowdown). ' +
      `The median of ${RUNS} runs per page (by performance score) on the built web app with demo data on a fresh embedded database, ` +
      `${server.servedBy}; ` +
      'the citizen pages as Kari Demodatter (the thread: the first in her list), the clinician page as Per Sjøberg (logged in through the development IdP).',
    `Machine: ${os.cpus().length} cores, load average ${load(loadBefore)} before and ${load(loadAfter)} after (1, 5, 15 min).`,
    '',
    ...table(rows),
    '',
    'Scores are 0–100. FCP/LCP: first and largest contentful paint; TBT: total blocking time; CLS: cumulative layout shift; ' +
      'transfer: every byte the page downloaded (Lighthouse `total-byte-weight`). Reported, not asserted (docs/performance.md).',
    ...(failed.length ? ['', 'Not measured:', ...failed.map((f) => `- ${f}`)] : []),
    ...(RUNS > 1
      ? ['', `Performance score of each run: ${rows.map((r) => `\`${r.path}\` ${(r.performanceRuns ?? []).map(score).join(' / ')}`).join('; ')}.`]
      : []),
    ...(warnings.length ? ['', 'Warnings:', ...warnings] : []),
    '',
  ];
  const out = path.join(root, 'bench', 'results', `${date}-lighthouse${VIA_NGINX ? '-nginx' : ''}.md`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // A later run the same day is added below the earlier ones (its heading one level down), not written over them.
  if (fs.existsSync(out)) fs.appendFileSync(out, ['', '---', '', `#${lines[0]}`, ...lines.slice(1)].join('\n'));
  else fs.writeFileSync(out, lines.join('\n'));
  console.log(lines.join('\n'));
  console.log(`lighthouse: written to ${path.relative(root, out)}; HTML reports in ${path.relative(root, reportsDir)}/`);
  return failed.length || rows.length === 0 ? 1 : 0;
}

process.exitCode = await main();
