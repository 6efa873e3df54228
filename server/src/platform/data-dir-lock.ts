/**
 * One server per embedded database folder. PGlite is a single-process database: two servers on
 * one DATA_DIR both start and silently lose acknowledged writes and corrupt tables. The first
 * server takes `DATA_DIR/pglite.lock`, created with O_EXCL (exclusive create: of two processes
 * racing for it, one gets it) and holding its pid, host and start time; a second server finds it
 * and refuses to start, saying which process holds the folder. A lock left by a process that no
 * longer runs (killed, crashed) on this host is stale and taken over.
 * (proper-lockfile does the same with a directory and mtime refreshes; a pid check is exact on
 * one host, which is the only place an embedded database can be shared.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
  /** What the holder does with the folder: 'server', 'backup', 'restore', 'migrate'. */
  purpose?: string;
}

/** The folder is used by another running server. */
export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(file: string): Holder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    // A lock without a host was written on this one (older lock files name only the pid).
    return typeof h.pid === 'number'
      ? { pid: h.pid, host: typeof h.host === 'string' ? h.host : os.hostname(), startedAt: String(h.startedAt ?? ''), ...(h.purpose ? { purpose: String(h.purpose) } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of a data folder for this process; returns its release. Throws DataDirLockedError
 * when another live process holds it. Every opener of the folder takes it: the server for its
 * life, `npm run backup` / `restore` (embedded-backup.ts) while they work.
 */
export function lockDataDir(dir: string, purpose = 'server'): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'pglite.lock');
  // The machine's time, not the app clock: the lock file is read by other processes, next to file times.
  // eslint-disable-next-line no-restricted-syntax -- shared with other processes on the machine's clock
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), purpose };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = read(file);
      // Half-written by a process starting this very moment: look again.
      if (!holder) {
        // eslint-disable-next-line no-restricted-syntax -- a file's mtime is on the machine's clock
        const age = Date.now() - fs.statSync(file, { throwIfNoEntry: false })!.mtimeMs;
        if (age < 2000 && attempt < 2) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
          continue;
        }
      } else if (holder.host !== me.host || alive(holder.pid)) {
        const what = !holder.purpose || holder.purpose === 'server' ? 'Another helsedialog server' : `A helsedialog ${holder.purpose} run`;
        throw new DataDirLockedError(
          `${what} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) is using the embedded database in ${dir}. ` +
            `PGlite is a single-process database: two processes on one DATA_DIR corrupt it, and it cannot be copied or replaced consistently while open. ` +
            `Stop the other process (the server stops cleanly on SIGTERM), or give this one its own DATA_DIR (e.g. DATA_DIR=./data2). ` +
            `If no such process runs, delete ${file}.`,
        );
      }
      // Stale: left by a process that no longer runs on this host.
      fs.rmSync(file, { force: true });
      continue;
    }
    fs.writeSync(fd, JSON.stringify(me));
    fs.closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (read(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new DataDirLockedError(`Could not take the lock of the embedded database in ${dir} (${file}); another server is starting on it.`);
}
