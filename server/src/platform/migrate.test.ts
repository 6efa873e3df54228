/** Migrations are idempotent: a second run finds nothing to do and changes nothing. */
import { sql } from 'kysely';
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

  // CI failed once this way: the access-log retention test dropped a year's partition in the
  // shared test database while this file's migrator listed the tables, and the listing failed.
  // Skipped on PGlite: one session only, so no other session can create and drop tables.
  it.skipIf(!process.env.DATABASE_URL)(
    'run while another session creates and drops tables (skipped on PGlite: one session only)',
    async () => {
      const runner = await openTestDatabase();
      const dropper = await openTestDatabase();
      let stop = false;
      const churn = (async () => {
        for (let i = 0; !stop; i++) {
          const name = `migrate_race_${process.pid}_${i % 4}`;
          await sql.raw(`CREATE TABLE IF NOT EXISTS ${name} (id serial PRIMARY KEY, note text)`).execute(dropper.db);
          await sql.raw(`DROP TABLE IF EXISTS ${name}`).execute(dropper.db);
        }
      })();
      try {
        for (let i = 0; i < 40; i++) expect(await migrateToLatest(runner.db)).toEqual([]);
      } finally {
        stop = true;
        await churn;
        await runner.close();
        await dropper.close();
      }
    },
    60_000,
  );
});
