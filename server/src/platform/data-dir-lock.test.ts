/**
 * One server per embedded database folder: a second server on the same DATA_DIR refuses to start
 * with a clear message (two on one folder silently lost acknowledged messages and corrupted
 * tables), and a lock left by a killed server does not block the next one.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/harness.ts';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

const main = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../main.ts');
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the DATA_DIR lock', () => {
  it('refuses a second holder while the first lives, and lets the next one in after release', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.pid}.*DATA_DIR`));
    release();
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a stale lock left by a process that no longer runs', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(path.join(dir, 'pglite.lock'), JSON.stringify({ pid: dead, host: os.hostname(), startedAt: '2026-12-07T00:00:00Z' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('two servers on one DATA_DIR: the second refuses to start and says why; the first runs on', async () => {
    const dir = tempDir();
    const env = (port: number) => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dir,
      PORT: String(port),
      SEED_DEMO: 'never',
      WORKERS: 'off',
      LOG_LEVEL: 'warn',
    });
    const portA = await freePort();
    const a = spawn(process.execPath, [main, 'serve'], { env: env(portA), stdio: ['ignore', 'pipe', 'pipe'] });
    let outA = '';
    a.stdout.on('data', (d) => (outA += String(d)));
    a.stderr.on('data', (d) => (outA += String(d)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (outA.includes('is running')) {
            clearInterval(t);
            resolve();
          }
        }, 100);
        a.on('exit', (code) => reject(new Error(`the first server stopped (${code}): ${outA}`)));
      });
      const b = spawnSync(process.execPath, [main, 'serve'], { env: env(await freePort()), encoding: 'utf8', timeout: 60_000 });
      expect(b.status).toBe(1);
      expect(`${b.stdout}${b.stderr}`).toMatch(new RegExp(`Another helsedialog server \\(pid ${a.pid} .*is using the embedded database in ${dir}`));
      // The first is unharmed.
      expect((await fetch(`http://127.0.0.1:${portA}/api/health`)).status).toBe(200);
    } finally {
      a.kill('SIGTERM');
      await new Promise((r) => (a.exitCode !== null ? r(undefined) : a.on('exit', r)));
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  }, 240_000);
});
