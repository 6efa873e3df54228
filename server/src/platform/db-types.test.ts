/**
 * The table types match the database the migrations make. Kysely's `DB` (platform/db-types.ts,
 * with each module's `*.tables.ts` adding its tables by `declare module`) is written by hand; this
 * reads it with the TypeScript compiler and compares it, table by table and column by column, with
 * the migrated test database's catalogue (PGlite here, PostgreSQL in CI's second run). A column a
 * migration adds without its type, a type for a column no migration made, or a table on one side
 * only fails here, naming it (decision 106).
 */
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const serverSrc = path.resolve(here, '..');

/** The migrator's own bookkeeping (platform/migrate.ts), never read through Kysely's types. */
const UNTYPED = new Set(['schema_migrations', 'schema_migrations_lock']);

/** Every table of `DB` and its columns, as the TypeScript compiler sees the merged interface. */
function typedTables(): Map<string, Set<string>> {
  const configFile = ts.findConfigFile(path.resolve(serverSrc, '..'), ts.sys.fileExists, 'tsconfig.json')!;
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // Only the type files: db-types.ts and every module's *.tables.ts (their augmentations of DB).
  const roots = parsed.fileNames.filter((f) => f.endsWith('/platform/db-types.ts') || f.endsWith('.tables.ts'));
  const program = ts.createProgram(roots, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(serverSrc, 'platform/db-types.ts'))!;
  const db = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'DB')!;
  const tables = new Map<string, Set<string>>();
  for (const table of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(db))) {
    const type = checker.getTypeOfSymbolAtLocation(table, source);
    tables.set(table.name, new Set(checker.getPropertiesOfType(type).map((c) => c.name)));
  }
  return tables;
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('the table types', () => {
  it('name exactly the tables and columns the migrations make', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = c.table_schema)
      WHERE c.table_schema = current_schema() AND NOT k.relispartition`.execute(database.db);
    const actual = new Map<string, Set<string>>();
    for (const r of rows) {
      if (UNTYPED.has(r.table_name)) continue;
      if (!actual.has(r.table_name)) actual.set(r.table_name, new Set());
      actual.get(r.table_name)!.add(r.column_name);
    }
    const typed = typedTables();
    const differences: string[] = [];
    for (const [table, columns] of actual) {
      const t = typed.get(table);
      if (!t) {
        // A table another test file made for itself while sharing the database (PostgreSQL run).
        if (/_probe_|^test_|^migrate_race_/.test(table)) continue;
        differences.push(`table ${table}: in the database, not in DB`);
        continue;
      }
      for (const c of columns) if (!t.has(c)) differences.push(`${table}.${c}: in the database, not in its type`);
      for (const c of t) if (!columns.has(c)) differences.push(`${table}.${c}: in its type, not in the database`);
    }
    for (const table of typed.keys()) if (!actual.has(table)) differences.push(`table ${table}: in DB, not in the database`);
    expect(differences).toEqual([]);
    expect(typed.size).toBeGreaterThan(40);
  });
});
