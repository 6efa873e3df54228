/**
 * Renders deploy/nginx/helsedialog.conf.template: fills in the ${HD_…} placeholders and drops the
 * brotli blocks when the brotli module is not installed. Used by the nginx journey
 * (e2e/nginx.e2e.ts), the Lighthouse run through the edge (scripts/lighthouse.ts,
 * LIGHTHOUSE_VIA_NGINX=1) and the failover drill; in production run it once, or fill in by hand.
 * Also starts such a private nginx with a test certificate (`makeTestCertificate`, `startStandalone`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
export const TEMPLATE = path.join(here, '../deploy/nginx/helsedialog.conf.template');
/** Debian's brotli filter module (libnginx-mod-http-brotli-filter). */
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so';

export interface EdgeSettings {
  /** e.g. ['127.0.0.1:3001', '127.0.0.1:3002'] */
  upstreams: string[];
  httpListen: string;
  httpsListen: string;
  serverName: string;
  publicUrl: string;
  cert: string;
  key: string;
  /** The address nginx connects to the app from; the app's TRUST_PROXY. */
  proxyBind: string;
  brotli: boolean;
}

/** The site configuration (an http-level block). */
export function renderSite(s: EdgeSettings): string {
  let text = fs.readFileSync(TEMPLATE, 'utf8');
  if (!s.brotli) text = text.replace(/^\s*# BEGIN brotli[\s\S]*?# END brotli\n/gm, '');
  const values: Record<string, string> = {
    HD_UPSTREAM_SERVERS: s.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join('\n'),
    HD_HTTP_LISTEN: s.httpListen,
    HD_HTTPS_LISTEN: s.httpsListen,
    HD_SERVER_NAME: s.serverName,
    HD_PUBLIC_URL: s.publicUrl,
    HD_TLS_CERT: s.cert,
    HD_TLS_KEY: s.key,
    HD_PROXY_BIND: s.proxyBind,
  };
  return text.replace(/\$\{(HD_[A-Z_]+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`deploy/nginx template: no value for ${name}`);
    return v;
  });
}

/**
 * A whole nginx.conf for a private, unprivileged instance in `dir` (pid, logs, temp folders
 * there), wrapping the site: what the journey and the drills run.
 */
export function renderStandalone(dir: string, s: EdgeSettings): string {
  for (const d of ['logs', 'tmp']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const site = path.join(dir, 'helsedialog.conf');
  fs.writeFileSync(site, renderSite(s));
  return [
    s.brotli ? `load_module ${BROTLI_MODULE};` : '',
    'worker_processes 1;',
    // As root nginx would switch its workers to nobody, who cannot read the temp dir's files.
    process.getuid?.() === 0 ? 'user root;' : '',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/logs/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${dir}/logs/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/tmp/${t};`),
    `  include ${site};`,
    '}',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** Whether Debian's brotli module is installed. */
export function brotliAvailable(): boolean {
  return fs.existsSync(BROTLI_MODULE);
}

/** Debian's nginx binary, if installed. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

/** A self-signed certificate for localhost and 127.0.0.1, valid one day, made with openssl in `dir`. */
export function makeTestCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * Checks and starts a private nginx (renderStandalone) in `dir` as a daemon; `stop` ends it (by the
 * pid it wrote). Throws with nginx's own message when the configuration is refused.
 */
export function startStandalone(dir: string, s: EdgeSettings): { stop(): void } {
  if (!NGINX) throw new Error('nginx is not installed (Debian: apt-get install nginx libnginx-mod-http-brotli-filter)');
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, renderStandalone(dir, s));
  execFileSync(NGINX, ['-t', '-c', conf, '-p', dir], { stdio: 'pipe' });
  execFileSync(NGINX, ['-c', conf, '-p', dir], { stdio: 'pipe' });
  return {
    stop() {
      try {
        process.kill(Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8')), 'SIGTERM');
      } catch {
        /* not running */
      }
    },
  };
}

/**
 * A local TLS edge in front of one app port, as the tests and measurements run it: a test
 * certificate for localhost in `dir`, free ports, the production site through a private nginx
 * (proxying from 127.0.0.2, so the app sees a proxy address it trusts), brotli when the module is
 * installed. `base` is the https URL the browser uses; `cert` is the certificate to trust.
 */
export async function startLocalEdge(dir: string, appPort: number): Promise<{ base: string; httpsPort: number; cert: string; brotli: boolean; stop(): void }> {
  const { cert, key } = makeTestCertificate(dir);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const base = `https://localhost:${httpsPort}`;
  const brotli = brotliAvailable();
  const edge = startStandalone(dir, {
    upstreams: [`127.0.0.1:${appPort}`],
    httpListen: `127.0.0.1:${httpPort}`,
    httpsListen: `127.0.0.1:${httpsPort}`,
    serverName: 'localhost',
    publicUrl: base,
    cert,
    key,
    proxyBind: '127.0.0.2',
    brotli,
  });
  return { base, httpsPort, cert, brotli, stop: () => edge.stop() };
}
