/**
 * Command line: serve (default) | migrate | seed | worker | verify-audit | backup [file] | restore <file>.
 * `serve` migrates, seeds demo data into an empty database (SEED_DEMO=auto), runs the
 * workers inline (WORKERS=inline) and listens on PORT.
 */
import path from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { DatabaseUnavailableError, openDatabase, redactUrl } from './platform/db.ts';
import { migrateToLatest } from './platform/migrate.ts';
import { DemoDataInProductionError, isEmpty, refuseDemoDataInProduction, seedDemo } from './seed/demo.ts';
import { createWorker } from './workers.ts';
import { verifyAuditChain } from './modules/audit/audit.service.ts';
import { backupEmbedded, BackupError, DataDirBusyError, defaultBackupFile, restoreEmbedded } from './platform/embedded-backup.ts';

async function main(command: string): Promise<void> {
  const t0 = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, config, process.argv[3]);
  let database;
  try {
    // Migrations may run long (an index on a big table): the `migrate` command waits for them.
    database = await openDatabase(command === 'migrate' ? { ...config, dbTimeouts: { ...config.dbTimeouts, statementMs: 0 } } : config);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) fail(err.message);
    throw err;
  }
  const where = config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)}` : `embedded PGlite in ${config.dataDir}`;

  if (command === 'migrate') {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `The schema in ${where} is up to date.`);
    await database.close();
    return;
  }
  if (command === 'seed') {
    if (config.nodeEnv === 'production') fail('Demo data is never loaded in production (its people and EPJ client secrets are published).');
    await migrateToLatest(database.db);
    if (await isEmpty(database.db)) {
      await seedDemo(database.db);
      console.log(`Loaded demo data into ${where}.`);
    } else console.log(`The database in ${where} already has people; demo data not loaded.`);
    await database.close();
    return;
  }
  // verify-audit only reads, so it also runs against a read-only standby (docs/operations.md).
  if (command !== 'verify-audit') await migrateToLatest(database.db);
  if (command === 'verify-audit') {
    const r = await verifyAuditChain(database.db);
    await database.close();
    if (r.ok) {
      console.log(`The access log is intact: ${r.checked} entries checked.`);
      return;
    }
    console.error(
      `The access log is BROKEN at entry ${r.brokenId} (citizen ${r.citizenId ?? 'none'}): ${r.reason}. ${r.checked} entries before it are intact.`,
    );
    process.exit(2);
  }
  // A production database with demo data in it (public credentials) is refused: nothing starts.
  try {
    await refuseDemoDataInProduction(database.db, config);
  } catch (err) {
    if (err instanceof DemoDataInProductionError) fail(err.message);
    throw err;
  }
  if (command === 'worker') {
    const app = await buildApp(config, database);
    const worker = createWorker(config, database, app.log);
    await worker.start();
    app.log.info('worker started');
    onStop(async () => {
      await worker.stop();
      await database.close();
    });
    return;
  }
  if (command !== 'serve') fail(`Unknown command "${command}". Use one of: serve, migrate, seed, worker, verify-audit, backup, restore.`);

  let seeded = false;
  if (config.seedDemo === 'auto' && (await isEmpty(database.db))) {
    await seedDemo(database.db);
    seeded = true;
  }
  const app = await buildApp(config, database);
  const worker = config.workers === 'inline' ? createWorker(config, database, app.log) : undefined;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') fail(`Port ${config.port} is already in use. Stop the other program or set PORT to another port.`);
    throw err;
  }
  await worker?.start();
  const ms = Math.round(performance.now() - t0);
  console.log(`\nhelsedialog is running at ${config.publicUrl}  (database: ${where}${seeded ? ', demo data loaded' : ''}; started in ${ms} ms)`);
  if (config.devIdp) {
    console.log(`\nDemo logins (development identity provider at ${config.publicUrl}/dev-idp):`);
    console.log('  Citizens (ID-porten):  Kari Demodatter (adult); Ola Eksempelsen (power of attorney for his mother Astrid, 84);');
    console.log('                         Nina and Jon Testrud (parents of Emma, 8, and Jonas, 14); Astrid Eksempelsen; Jonas Testrud');
    console.log('  Staff (HelseID):       Lise Fjellheim and Aksel Bergmo (GP doctors), Mona Strand (GP secretary, unit admin),');
    console.log('                         Per Sjøberg (hospital coordinator), Hanne Li (home-care nurse)');
    console.log(`  Open ${config.publicUrl} and choose "Logg inn"; pick a person on the login page.\n`);
  }
  onStop(async () => {
    await app.close();
    await worker?.stop();
    await database.close();
  });
}

/** `npm run backup [-- file]` and `npm run restore -- <file>` of the embedded database (platform/embedded-backup.ts). */
async function backupOrRestore(command: 'backup' | 'restore', config: Config, file: string | undefined): Promise<void> {
  if (config.databaseUrl)
    fail(
      `npm run ${command} is for the embedded database; DATABASE_URL points at a PostgreSQL server. Use pgBackRest (or pg_dump) there: see docs/operations.md, "Backups".`,
    );
  try {
    if (command === 'backup') {
      const r = await backupEmbedded(config.dataDir, path.resolve(file ?? defaultBackupFile(config.dataDir)));
      console.log(
        `Backed up the embedded database to ${r.file} (${Math.round(r.bytes / 1024)} KiB); it loads and its access log verifies (${r.auditEntries} entries).`,
      );
      return;
    }
    if (!file) fail('Name the backup to restore: npm run restore -- <file>.');
    const r = await restoreEmbedded(config.dataDir, path.resolve(file));
    console.log(
      `Restored ${file} into ${config.dataDir}/pglite; its access log verifies (${r.auditEntries} entries).` +
        (r.previous ? ` The database it replaced is kept in ${r.previous}.` : ''),
    );
  } catch (err) {
    if (err instanceof DataDirBusyError || err instanceof BackupError) {
      console.error(`\nhelsedialog ${command} refused.\n${err.message}\n`);
      process.exit(err instanceof DataDirBusyError ? 3 : 2);
    }
    throw err;
  }
}

function onStop(fn: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    fn().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function fail(message: string): never {
  console.error(`\nhelsedialog cannot start.\n${message}\n`);
  process.exit(1);
}

// A promise nobody handled must not end a server that hundreds of people use: it is logged (its
// message and code only; no stack, which could name data) and the process goes on. Such a
// rejection is a bug to fix, and db-faults.test.ts fails on one.
process.on('unhandledRejection', (reason) => {
  const e = reason as { message?: unknown; code?: unknown } | undefined;
  process.stderr.write(
    `${JSON.stringify({ level: 'error', msg: 'unhandled rejection', err: { message: String(e?.message ?? reason).slice(0, 200), code: e?.code } })}\n`,
  );
});

main(process.argv[2] ?? 'serve').catch((err: unknown) => {
  console.error('helsedialog stopped on an unexpected error:', err instanceof Error ? err.message : err);
  process.exit(1);
});
