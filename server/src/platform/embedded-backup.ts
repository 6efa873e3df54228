/**
 * Backup and restore of the embedded database (PGlite in DATA_DIR/pglite): `npm run backup` and
 * `npm run restore` (docs/operations.md, "Backups").
 *
 * PGlite is a single-process database: only the process that opened the folder can read it
 * consistently, and copying the folder under a running server can copy a half-written page. So
 * every opener of the folder holds DATA_DIR/pglite.lock (the server from start to stop, a backup or
 * restore while it works), and a backup or restore started while the server runs refuses clearly
 * instead of copying something torn. A backup is PGlite's own dump of its data folder (a gzipped
 * tarball) taken after a CHECKPOINT; both commands load what they wrote or read into a separate
 * database and verify every access-log hash chain before they say it is good. A restore never
 * touches the current folder until the backup has loaded and verified; the folder it replaces is
 * kept beside it (pglite.before-restore-<time>).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from './db-types.ts';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';
import { pgliteExtensions } from './db.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';
import { now as clockNow } from './clock.ts';

/** The folder is in use by another process and cannot be backed up or restored now (the one lock: data-dir-lock.ts). */
export { DataDirLockedError as DataDirBusyError };

const INT8 = 20;
const DATE = 1082;
const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };

/** A backup could not be made or restored; nothing was changed. */
export class BackupError extends Error {}

async function verifyIn(client: PGlite): Promise<number> {
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: client }) });
  const r = await verifyAuditChain(db);
  if (!r.ok)
    throw new BackupError(
      `The access log in the backup is BROKEN at entry ${r.brokenId} (citizen ${r.citizenId ?? 'none'}): ${r.reason}. ${r.checked} entries before it are intact.`,
    );
  return r.checked;
}

function stamp(d = clockNow()): string {
  return d
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Default file of a backup: DATA_DIR/backups/helsedialog-<UTC time>.tar.gz. */
export function defaultBackupFile(dataDir: string, at = clockNow()): string {
  return path.join(dataDir, 'backups', `helsedialog-${stamp(at)}.tar.gz`);
}

/**
 * Backs up DATA_DIR/pglite into `file` (written to a temporary name, fsynced, then renamed), after
 * checking the backup loads and its access-log chains verify. Refuses while the server runs.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<{ file: string; bytes: number; auditEntries: number }> {
  const dir = path.join(dataDir, 'pglite');
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw new BackupError(`There is no embedded database in ${dir} to back up.`);
  const release = lockDataDir(dataDir, 'backup');
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = await PGlite.create({ dataDir: dir, parsers, extensions: await pgliteExtensions() });
    let dump: Blob;
    try {
      await client.exec('CHECKPOINT');
      dump = await client.dumpDataDir('gzip');
    } finally {
      await client.close();
    }
    const bytes = Buffer.from(await dump.arrayBuffer());
    const check = await PGlite.create({ loadDataDir: new Blob([bytes]), parsers, extensions: await pgliteExtensions() });
    let auditEntries: number;
    try {
      auditEntries = await verifyIn(check);
    } finally {
      await check.close();
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.partial`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return { file, bytes: bytes.length, auditEntries };
  } finally {
    release();
  }
}

/**
 * Restores a backup made by backupEmbedded into DATA_DIR/pglite: loads it into a new folder,
 * verifies its access-log chains, then swaps it in, keeping the replaced folder beside it.
 * Refuses while the server runs; on any failure the current database is left as it was.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ auditEntries: number; previous: string | undefined }> {
  const release = lockDataDir(dataDir, 'restore');
  if (!fs.existsSync(file)) {
    release();
    throw new BackupError(`The backup file ${file} does not exist.`);
  }
  const dir = path.join(dataDir, 'pglite');
  const incoming = path.join(dataDir, `pglite.restoring-${process.pid}`);
  try {
    fs.rmSync(incoming, { recursive: true, force: true });
    fs.mkdirSync(incoming, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    let auditEntries: number;
    try {
      const client = await PGlite.create({ dataDir: incoming, loadDataDir: new Blob([fs.readFileSync(file)]), parsers, extensions: await pgliteExtensions() });
      try {
        auditEntries = await verifyIn(client);
        await client.exec('CHECKPOINT');
      } finally {
        await client.close();
      }
    } catch (err) {
      fs.rmSync(incoming, { recursive: true, force: true });
      if (err instanceof BackupError) throw err;
      throw new BackupError(`The backup ${file} could not be loaded: ${err instanceof Error ? err.message : String(err)}. Nothing was changed.`);
    }
    let previous: string | undefined;
    if (fs.existsSync(dir)) {
      previous = path.join(dataDir, `pglite.before-restore-${stamp()}`);
      fs.renameSync(dir, previous);
    }
    fs.renameSync(incoming, dir);
    return { auditEntries, previous };
  } finally {
    release();
  }
}
