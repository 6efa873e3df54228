/** Query templates: built once, run with new values, and misuse refused at the first build. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.ts';
import type { Database } from './db.ts';
import { template, templates } from './query-template.ts';
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
