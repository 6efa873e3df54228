/** Starts the platform as `npm start` would (built web app, fresh data folder, demo data). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let child: ChildProcess | undefined;
let dataDir: string | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helsedialog-e2e-'));
  const logFile = path.join(root, 'test-results', 'e2e-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  child = spawn(process.execPath, ['--disable-proto=throw', path.join(root, 'server/src/main.ts'), 'serve'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', DATABASE_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    stdio: ['ignore', log, log],
  });
  const base = `http://localhost:${port}`;
  // A loaded machine (several test runs side by side) can need longer: E2E_SERVER_START_SECONDS.
  const startSeconds = Number(process.env.E2E_SERVER_START_SECONDS) || 90;
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start; see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start in ${startSeconds} s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseUrl', base);
  return async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
