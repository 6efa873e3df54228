/** Query templates: built once, run with new values, and misuse refused at the first build. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';
import { sql } from 'kysely';
import { compiledTemplate, renumber, template, templates } from './query-template.ts';
import { createCitizen } from '../test/factories.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('query templates', () => {
  it('run the same query with new values each time', async () => {
    const a = await createCitizen(database.db);
    const b = await createCitizen(database.db);
    const byId = template((db, x: { id: string }) => db.selectFrom('persons').select(['id', 'given_name']).where('id', '=', x.id));
    expect((await byId(database.db, { id: a.id }))[0]?.id).toBe(a.id);
    expect((await byId(database.db, { id: b.id }))[0]?.id).toBe(b.id);
  });

  it('keep constants of the query and fill in only the arguments', async () => {
    const a = await createCitizen(database.db);
    const named = template((db, x: { id: string }) =>
      db.selectFrom('persons').select('id').where('id', '=', x.id).where('given_name', '<>', 'Ingen-heter-dette'),
    );
    expect(await named(database.db, { id: a.id })).toEqual([{ id: a.id }]);
  });

  it('write the query\'s own constants into its SQL, so a partial index\'s predicate can match a reused plan', async () => {
    const a = await createCitizen(database.db);
    const q = compiledTemplate((db, x: { id: string; limit: number }) =>
      db
        .selectFrom('persons')
        .select('id')
        .where('given_name', '<>', "O'Neill")
        .where('id', '=', x.id)
        .where('family_name', '<>', 'C:\\dir')
        .limit(x.limit),
    );
    const c = q(database.db, { id: a.id, limit: 5 });
    // The constant is quoted in place (its quote doubled); the backslash one stays a parameter; the arguments are renumbered.
    expect(c.sql).toContain(`"given_name" <> 'O''Neill'`);
    expect(c.sql).toMatch(/"id" = \$1 and "family_name" <> \$2 limit \$3$/);
    expect(c.parameters).toEqual([a.id, 'C:\\dir', 5]);
    expect((await database.db.executeQuery(c)).rows).toEqual([{ id: a.id }]);
  });

  it('renumber parameters only outside strings, quoted names, dollar quotes and comments', () => {
    const text = `select $1, '$2 it''s', "a$2", $$ $1 $$, $t$ $2 $t$, x$1 /* $2 */ -- $1\n, $2`;
    expect(renumber(text, ["'k'", '$1'])).toBe(`select 'k', '$2 it''s', "a$2", $$ $1 $$, $t$ $2 $t$, x$1 /* $2 */ -- $1\n, $1`);
    expect(() => renumber('select $3', ['$1'])).toThrow(/has no value/);
  });

  it('run a constant in a raw SQL fragment the same as before', async () => {
    const q = template((db, x: { n: number }) => db.selectFrom('persons').select(sql<string>`${'a'} || ${'b'}`.as('ab')).where(sql<boolean>`${x.n}::int = 1`).limit(1));
    await createCitizen(database.db);
    expect(await q(database.db, { n: 1 })).toEqual([{ ab: 'ab' }]);
  });

  it('build one query per variant', async () => {
    const a = await createCitizen(database.db);
    const list = templates((db, x: { id: string; name?: string }, byName: boolean) => {
      let q = db.selectFrom('persons').select('id').where('id', '=', x.id);
      if (byName) q = q.where('given_name', '=', x.name!);
      return q;
    });
    expect(await list(database.db, false, { id: a.id })).toHaveLength(1);
    expect(await list(database.db, true, { id: a.id, name: 'Ikke-navnet' })).toHaveLength(0);
  });

  it('refuse an argument used inside a string, or not used as a value', async () => {
    const inString = template((db, x: { name: string }) => db.selectFrom('persons').select('id').where('given_name', 'like', `${x.name}%`));
    await expect(inString(database.db, { name: 'K' })).rejects.toThrow(/changed or used inside a string/);
    const unused = template((db, _x: { id: string }) => db.selectFrom('persons').select('id').limit(1));
    await expect(unused(database.db, { id: 'x' })).rejects.toThrow(/never reached the query/);
  });
});
