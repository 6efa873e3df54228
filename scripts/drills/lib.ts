/**
 * Shared parts of the fault drills (scripts/drills/*.ts): Debian packages installed when missing,
 * private ports on 127.0.0.1, processes started in their own process groups (as the postgres user
 * where PostgreSQL needs it) and all stopped at the end, a temp folder removed at the end. The
 * drills never touch the PostgreSQL cluster on port 5432.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.ts';

export { freePort };

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Installs Debian packages whose command is missing (`apt-get install`); exits when it cannot. */
export function ensurePackages(need: Array<{ command: string; pkg: string[] }>): void {
  const missing = need.filter((n) => !fs.existsSync(n.command) && spawnSync('sh', ['-c', `command -v ${n.command}`]).status !== 0);
  if (!missing.length) return;
  const pkgs = [...new Set(missing.flatMap((m) => m.pkg))];
  if (process.getuid?.() !== 0) {
    console.error(`The drill needs ${pkgs.join(', ')} (Debian). Install them: sudo apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing from Debian: ${pkgs.join(' ')}`);
  // Debian starts services at install; a policy-rc.d (as in containers) keeps them stopped. Either
  // way the drill runs its own instances on private ports.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  }
  if (r.status !== 0) {
    console.error(`Could not install ${pkgs.join(' ')}.`);
    process.exit(1);
  }
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it is true; throws naming `what` after `ms`. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${Math.round(ms / 1000)} s`);
    await sleep(250);
  }
}

/** A drill's workspace: temp folder, its processes, and their cleanup. */
export class Workspace {
  readonly dir: string;
  readonly procs: Array<{ name: string; child: ChildProcess }> = [];
  private pgUid: number;
  private pgGid: number;

  constructor(prefix: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.chmodSync(this.dir, 0o755);
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    this.pgUid = process.getuid?.() === 0 ? id('-u') : (process.getuid?.() ?? 0);
    this.pgGid = process.getuid?.() === 0 ? id('-g') : (process.getgid?.() ?? 0);
  }

  /** A folder in the workspace owned by the postgres user (PostgreSQL refuses to run as root). */
  pgDir(name: string): string {
    const d = path.join(this.dir, name);
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    fs.chownSync(d, this.pgUid, this.pgGid);
    return d;
  }

  chownToPg(file: string): void {
    fs.chownSync(file, this.pgUid, this.pgGid);
  }

  /** Starts a process in its own process group, output to <dir>/<name>.log; asPostgres drops root. */
  start(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; asPostgres?: boolean } = {}): ChildProcess {
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const [c, a] =
      opts.asPostgres && process.getuid?.() === 0
        ? ['setpriv', [`--reuid=${this.pgUid}`, `--regid=${this.pgGid}`, '--init-groups', cmd, ...args]]
        : [cmd, args];
    const child = spawn(c, a, { env: { ...process.env, HOME: this.dir, ...opts.env }, stdio: ['ignore', log, log], detached: true });
    this.procs.push({ name, child });
    return child;
  }

  /**
   * Starts a process and starts it again whenever it exits (as systemd's Restart=always does in
   * production), until cleanup; `restarts` counts how often.
   */
  supervise(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): { restarts: number } {
    const state = { restarts: 0 };
    const launch = () => {
      const child = this.start(name, cmd, args, opts);
      child.on('exit', () => {
        if (this.stopping) return;
        state.restarts++;
        setTimeout(() => {
          if (!this.stopping) launch();
        }, 500);
      });
    };
    launch();
    return state;
  }

  private stopping = false;

  /** Runs a command as the postgres user and returns its output (throws on failure). */
  runAsPg(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
    const [c, a] = process.getuid?.() === 0 ? ['setpriv', [`--reuid=${this.pgUid}`, `--regid=${this.pgGid}`, '--init-groups', cmd, ...args]] : [cmd, args];
    return execFileSync(c, a, { env: { ...process.env, HOME: this.dir, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  log(name: string): string {
    try {
      return fs.readFileSync(path.join(this.dir, `${name}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops every process group (TERM, then KILL) and removes the folder unless DRILL_KEEP=1. */
  async cleanup(): Promise<void> {
    this.stopping = true;
    for (const { child } of [...this.procs].reverse()) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
    }
    await sleep(1500);
    for (const { child } of this.procs) {
      if (!child.pid) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (process.env.DRILL_KEEP === '1') console.log(`Kept ${this.dir} (DRILL_KEEP=1).`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Ends the drill after `ms` whatever happens (cleanup first). */
export function bound(ms: number, cleanup: () => Promise<void>): NodeJS.Timeout {
  const t = setTimeout(() => {
    console.error(`The drill did not finish within ${Math.round(ms / 1000)} s; stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, ms);
  t.unref();
  return t;
}
