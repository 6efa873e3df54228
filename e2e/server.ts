/**
 * Starts the platform as `npm start` would (built web app, fresh data folder with the embedded
 * database, demo data) on a free port. Used by the browser journeys (e2e/global-setup.ts) and the
 * Lighthouse run (scripts/lighthouse.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../scripts/free-port.ts';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface DemoServer {
  /** http://localhost:<port> */
  base: string;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the server and waits for /api/health. A loaded machine (several test runs side by side)
 * can need longer than the default 90 s: E2E_SERVER_START_SECONDS.
 */
export async function startDemoServer(opts: {
  logFile: string;
  startSeconds?: number;
  /** The port to listen on (default: a free one). */
  port?: number;
  /** More environment for the server (e.g. PUBLIC_URL and TRUST_PROXY behind a proxy). */
  env?: Record<string, string>;
}): Promise<DemoServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-e2e-'));
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, 'w');
  const child = spawn(process.execPath, ['--disable-proto=throw', path.join(root, 'server/src/main.ts'), 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      DATABASE_URL: '',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...opts.env,
    },
    stdio: ['ignore', log, log],
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const base = `http://localhost:${port}`;
  const startSeconds = opts.startSeconds ?? (Number(process.env.E2E_SERVER_START_SECONDS) || 90);
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited during start; see ${opts.logFile}`);
    }
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start in ${startSeconds} s; see ${opts.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, stop };
}
