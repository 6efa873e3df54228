/**
 * Issue 15: a patient search of "%" or "_" listed the whole unit. LIKE wildcards are escaped, and a
 * search needs a whole national identity number or at least two letters of a name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { escapeLike } from './patient-search.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('patient search', () => {
  it('refuses wildcard-only and too short queries, escapes wildcards, finds by name or whole national id', async () => {
    const f = await gpOffice(srv.database.db);
    const other = await createCitizen(srv.database.db, { given: 'Åse', family: 'Prosentsen' });
    await createContact(srv.database.db, other.id, f.unit.id);
    const c = new TestClient(srv.url);
    await login(c, 'staff', f.doctor.accountId);
    const search = (q: string) => c.get(`/api/staff/units/${f.unit.id}/patients?q=${encodeURIComponent(q)}`);

    for (const q of ['%', '%%', '__', '_%', '%a', '1', '12345', f.citizen.national_id.slice(0, 6)]) {
      const res = await search(q);
      expect(res.status, q).toBe(400);
      expect(res.json(), q).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'querystring.q' }] });
    }
    // Wildcards next to letters match themselves, not everyone.
    expect((await search('%%ås')).json().items).toEqual([]);
    expect((await search('_se')).json().items).toEqual([]);
    const byName = (await search('Åse Pro')).json().items as { citizenId: string }[];
    expect(byName.map((i) => i.citizenId)).toEqual([other.id]);
    const byId = (await search(f.citizen.national_id)).json().items as { citizenId: string }[];
    expect(byId.map((i) => i.citizenId)).toEqual([f.citizen.id]);
    expect(escapeLike('a%b_c\\')).toBe('a\\%b\\_c\\\\');
  });
});
