/** Runs the timestamped migrations in server/src/migrations, in name order, each once. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type DatabaseIntrospector } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './db.ts';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '../migrations');

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) out[f.replace(/\.ts$/, '')] = (await import(path.join(dir, f))) as Migration;
    return out;
  }
}

/**
 * Kysely's migrator finds its own tables by listing every table through the introspector, whose
 * PostgreSQL query calls functions on each table by name; a table dropped by another session at
 * that moment (maintenance archiving an access-log year, a test next door) fails the listing with
 * 42P01 although no migration ran. The migrator gets a listing that reads the catalogue only
 * (names and schemas, which is all it asks), so no concurrent DDL can fail it.
 */
function catalogueListing(db: Db): Db {
  const listing: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ schema: string; name: string; kind: string }>`
        SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm')`.execute(db);
      return rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === 'v' || r.kind === 'm', isForeign: false, columns: [] }));
    },
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return listing;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Brings the schema up to date; returns the names of migrations applied now. Throws on failure. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: catalogueListing(db),
    provider: new FolderProvider(),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${msg}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
