/** Bench fixtures: sessions for sample citizens and staff, and the thread ids they use. */
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface Actor {
  cookie: string;
  csrf: string;
}
export interface Fixtures {
  citizens: Array<Actor & { threads: string[] }>;
  staff: Array<Actor & { unitId: string; threads: string[] }>;
  threadCount: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Inserts sessions (known tokens, stored hashed as in production) for `n` citizens and one staff member per unit. */
export async function createFixtures(url: string, n: number): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DELETE FROM sessions WHERE csrf_token = 'bench-csrf'`);
  // Every unit documents to an EPJ, as in production: each send writes a journal outbox row in its
  // transaction. The server runs with WORKERS=off, so nothing is delivered.
  await client.query(
    `INSERT INTO epj_endpoints (unit_id, protocol, transport, url) SELECT id, 'fhir', 'http', 'http://127.0.0.1:9/fhir' FROM bench_units ON CONFLICT (unit_id) DO NOTHING`,
  );
  const citizens = await client.query<{ n: number; id: string; threads: string[] }>(
    `SELECT c.n, c.id, array_agg(t.id) AS threads FROM bench_citizens c JOIN bench_threads t ON t.citizen_n = c.n WHERE c.n <= $1 GROUP BY c.n, c.id ORDER BY c.n`,
    [n],
  );
  const staff = await client.query<{ n: number; id: string; unit_id: string; threads: string[] }>(
    `SELECT s.n, s.id, u.id AS unit_id, (SELECT array_agg(id) FROM (SELECT id FROM bench_threads t WHERE t.unit_n = s.unit_n LIMIT 200) x) AS threads
     FROM bench_staff s JOIN bench_units u ON u.n = s.unit_n WHERE s.n % 5 = 1 ORDER BY s.n`,
  );
  const values: unknown[] = [];
  const rows: string[] = [];
  const add = (token: string, kind: 'citizen' | 'staff', personId: string | null, staffId: string | null) => {
    const i = values.length;
    values.push(sha(token), kind, personId, staffId);
    rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, 'bench-csrf', now(), now(), now() + interval '12 hours')`);
  };
  for (const c of citizens.rows) add(`bench-citizen-${c.n}`, 'citizen', c.id, null);
  for (const s of staff.rows) add(`bench-staff-${s.n}`, 'staff', null, s.id);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const params = values.slice(i * 4, (i + chunk.length) * 4);
    const renumbered = chunk.map(
      (_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}, 'bench-csrf', now(), now(), now() + interval '12 hours')`,
    );
    await client.query(
      `INSERT INTO sessions (id_hash, kind, person_id, staff_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ${renumbered.join(',')}`,
      params,
    );
  }
  const total = await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_threads`);
  await client.end();
  return {
    citizens: citizens.rows.map((c) => ({ cookie: `hd_session=bench-citizen-${c.n}`, csrf: 'bench-csrf', threads: c.threads })),
    staff: staff.rows
      .filter((s) => s.threads?.length)
      .map((s) => ({ cookie: `hd_session=bench-staff-${s.n}`, csrf: 'bench-csrf', unitId: s.unit_id, threads: s.threads })),
    threadCount: Number(total.rows[0]!.n),
  };
}
