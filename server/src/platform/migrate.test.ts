/** Migrations are idempotent: a second run finds nothing to do and changes nothing. */
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import { migrateToLatest } from './migrate.ts';

describe('migrations', () => {
  it('run twice without error', async () => {
    const database = await openTestDatabase();
    try {
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual([]);
      const tables = await database.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['persons', 'units', 'health_contacts', 'sessions', 'jobs']));
    } finally {
      await database.close();
    }
  });
});
