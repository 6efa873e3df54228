/**
 * One keyset cursor for every paged list: what a client made up or mangled is a 400 with one
 * message on every list, never a database error (a probe's cursor with a malformed uuid, or a
 * time out of PostgreSQL's range, was a 500 on the record lists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { gpOffice } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/harness.ts';
import { login, TestClient } from '../test/http-client.ts';
import { KEYSET_COLUMNS } from '../migrations/20261213T1200_keyset_milliseconds.ts';
import { sql } from 'kysely';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const ID = '0b9f2c1e-4f3a-4b8e-9a61-2d7c0e5f8a13';
const BAD = [
  b64(`2026-12-01T00:00:00.000Z|${'-'.repeat(36)}`),
  b64(`-271821-04-20T00:00:00.000Z|${ID}`),
  b64(`+275760-09-13T00:00:00.000Z|${ID}`),
  b64(`0000-01-01T00:00:00.000Z|${ID}`),
  b64(`2026-12-01|${ID}`),
  b64(`2026-12-01T00:00:00.000Z|${ID}|more`),
  b64('nonsense'),
  'not base64 at all!',
];

describe('decodeCursor', () => {
  it('reads what encodeCursor wrote, and an upper-case id as the same id', () => {
    const at = new Date('2026-12-01T10:11:12.134Z');
    expect(decodeCursor(encodeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    expect(decodeCursor(b64(`${at.toISOString()}|${ID.toUpperCase()}`))).toEqual({ at, id: ID });
    // A record item the EPJ dated long ago (a journal from 1850) pages on like any other.
    const old = new Date('1850-06-01T00:00:00.000Z');
    expect(decodeCursor(encodeCursor({ at: old, id: ID }))).toEqual({ at: old, id: ID });
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each(BAD)('refuses %s with VALIDATION_FAILED', (c) => {
    expect(() => decodeCursor(c)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('every paged list refuses a made-up cursor with 400', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => srv?.close());

  it('citizen and staff lists: 400 VALIDATION_FAILED, not 500', async () => {
    const f = await gpOffice(srv.database.db);
    const citizen = new TestClient(srv.url);
    await login(citizen, 'citizen', f.citizen.accountId);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const u = f.unit.id;
    const lists: Array<[TestClient, (c: string) => string]> = [
      [citizen, (c) => `/api/citizen/threads?cursor=${c}`],
      [citizen, (c) => `/api/citizen/records?kind=result&cursor=${c}`],
      [citizen, (c) => `/api/citizen/records?kind=document&cursor=${c}`],
      [doctor, (c) => `/api/staff/units/${u}/threads?cursor=${c}`],
      [doctor, (c) => `/api/staff/inbox?cursor=${c}`],
      [doctor, (c) => `/api/staff/units/${u}/records/awaiting-release?cursor=${c}`],
      [doctor, (c) => `/api/staff/units/${u}/form-requests?cursor=${c}`],
      [doctor, (c) => `/api/staff/units/${u}/appointment-answers?after=${c}`],
    ];
    for (const [client, url] of lists)
      for (const c of BAD.slice(0, 4)) {
        const res = await client.get(url(encodeURIComponent(c)));
        expect({ url: url('…'), status: res.status, code: res.json().code }).toEqual({ url: url('…'), status: 400, code: 'VALIDATION_FAILED' });
      }
    // The access log's cursor is an entry number: one past any bigint is refused by its schema.
    const log = await citizen.get('/api/citizen/access-log?cursor=99999999999999999999');
    expect([log.status, log.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await citizen.get('/api/citizen/access-log?cursor=12')).status).toBe(200);
  });

  it('the keyset columns hold milliseconds, as the cursor does (a row a microsecond later is not skipped)', async () => {
    for (const [table, column] of KEYSET_COLUMNS) {
      const r = await sql<{ p: number }>`SELECT datetime_precision AS p FROM information_schema.columns WHERE table_name = ${table} AND column_name = ${column}`.execute(srv.database.db);
      expect({ table, column, precision: r.rows[0]?.p }).toEqual({ table, column, precision: 3 });
    }
  });
});
