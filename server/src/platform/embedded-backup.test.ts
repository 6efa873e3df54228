/**
 * npm run backup / npm run restore of the embedded database: refused while the server has the
 * folder open, a backup restores to exactly what it held, the access-log chains are verified
 * after restore, and a backup with a broken chain is refused without touching the current data.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db.ts';
import { backupEmbedded, BackupError, DataDirBusyError, restoreEmbedded } from './embedded-backup.ts';
import { migrateToLatest } from './migrate.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';

const main = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../main.ts');
const citizen = '22222222-2222-4222-8222-222222222222';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-backup-'));
  dirs.push(d);
  return d;
}

function cli(args: string[], dataDir: string) {
  return spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

async function audit(dataDir: string, actions: string[]): Promise<void> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    await migrateToLatest(database.db);
    await database.db.transaction().execute(async (tx) => {
      for (const action of actions) await recordAudit(tx, { citizenId: citizen, actorKind: 'staff', actorName: 'Lege Test', action, objectType: 'thread' });
    });
  } finally {
    await database.close();
  }
}

async function actions(dataDir: string): Promise<string[]> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    const rows = await database.db.selectFrom('audit_events').select('action').where('citizen_id', '=', citizen).orderBy('id').execute();
    return rows.map((r) => r.action);
  } finally {
    await database.close();
  }
}

describe('embedded backup and restore', () => {
  it('are refused while the server has the database open, and so is a second server', async () => {
    const dir = tempDir();
    await audit(dir, ['thread.read']);
    const open = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    try {
      await expect(backupEmbedded(dir, path.join(dir, 'b.tar.gz'))).rejects.toThrow(DataDirBusyError);
      await expect(restoreEmbedded(dir, path.join(dir, 'b.tar.gz'))).rejects.toThrow(/helsedialog server \(pid \d+/);
      await expect(openDatabase({ databaseUrl: undefined, dataDir: dir })).rejects.toThrow(/Stop the other process/);
      const r = cli(['backup'], dir);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/helsedialog backup refused[\s\S]*helsedialog server \(pid/);
      expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    } finally {
      await open.close();
    }
    // The lock is gone with the server; a lock left by a killed process is taken over.
    fs.writeFileSync(path.join(dir, 'pglite.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'server' }));
    const again = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await again.close();
  }, 300_000);

  it('restores exactly what the backup held, and verifies the access-log chains', async () => {
    const dir = tempDir();
    await audit(dir, ['thread.read', 'message.send']);
    const file = path.join(dir, 'backups', 'before.tar.gz');
    const made = await backupEmbedded(dir, file);
    expect(made.auditEntries).toBeGreaterThanOrEqual(2);
    expect(fs.statSync(file).size).toBe(made.bytes);
    await audit(dir, ['attachment.read']); // after the backup
    expect(await actions(dir)).toEqual(['thread.read', 'message.send', 'attachment.read']);

    const r = cli(['restore', file], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/its access log verifies \(\d+ entries\)/);
    expect(await actions(dir)).toEqual(['thread.read', 'message.send']);
    const kept = fs.readdirSync(dir).filter((n) => n.startsWith('pglite.before-restore-'));
    expect(kept).toHaveLength(1);
    const v = cli(['verify-audit'], dir);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/intact/);
  }, 300_000);

  it('refuses a backup whose access log is broken and leaves the current database as it was', async () => {
    const dir = tempDir();
    await audit(dir, ['thread.read', 'message.send', 'thread.read']);
    const tampered = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await sql.raw('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update').execute(tampered.db);
    await sql`UPDATE audit_events SET action = 'nothing.happened' WHERE citizen_id = ${citizen} AND action = 'message.send'`.execute(tampered.db);
    await sql.raw('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update').execute(tampered.db);
    await tampered.close();
    // A backup of a broken log is refused (and no file is left behind)...
    await expect(backupEmbedded(dir, path.join(dir, 'broken.tar.gz'))).rejects.toThrow(/access log in the backup is BROKEN/);
    expect(fs.existsSync(path.join(dir, 'broken.tar.gz'))).toBe(false);

    // ...and so is restoring one (a dump made by hand): the current database stays, nothing is swapped in.
    const badFile = path.join(dir, 'bad.tar.gz');
    fs.writeFileSync(badFile, await dumpOf(dir));
    await expect(restoreEmbedded(dir, badFile)).rejects.toThrow(BackupError);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('pglite'))).toEqual(['pglite']); // nothing swapped, no lock left
    expect(await actions(dir)).toEqual(['thread.read', 'nothing.happened', 'thread.read']);
  }, 300_000);
});

/** A dump of a closed database folder, taken with PGlite's own API (a backup file made by hand). */
async function dumpOf(dataDir: string): Promise<Buffer> {
  const { PGlite } = await import('@electric-sql/pglite');
  const c = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
  try {
    return Buffer.from(await (await c.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await c.close();
  }
}
