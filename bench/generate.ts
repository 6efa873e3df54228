/**
 * Fills a PostgreSQL database with a national-scale synthetic data set, generated inside the
 * server with INSERT … SELECT FROM generate_series (no client round trips), in batches with a
 * progress bar. Identity numbers start with day 99, so they can never be a real person's.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hd_bench node bench/generate.ts --scale full
 *   … --scale small | --units 1000 --citizens 1000000 --messages 10000000
 */
import pg from 'pg';
import { openDatabase } from '../server/src/platform/db.ts';
import { migrateToLatest } from '../server/src/platform/migrate.ts';

export interface Scale {
  units: number;
  citizens: number;
  /** Health contacts per citizen (the national set has 2 M contacts for 1 M citizens). */
  contactsPerCitizen: number;
  messages: number;
  messagesPerThread: number;
}

export const SCALES: Record<string, Scale> = {
  small: { units: 50, citizens: 20_000, contactsPerCitizen: 2, messages: 200_000, messagesPerThread: 5 },
  medium: { units: 200, citizens: 200_000, contactsPerCitizen: 2, messages: 2_000_000, messagesPerThread: 5 },
  full: { units: 1_000, citizens: 1_000_000, contactsPerCitizen: 2, messages: 10_000_000, messagesPerThread: 5 },
};

function bar(label: string, done: number, total: number, t0: number): void {
  const w = 30;
  const f = Math.min(1, done / total);
  const secs = (performance.now() - t0) / 1000;
  const rate = done / Math.max(secs, 0.001);
  process.stdout.write(
    `\r${label.padEnd(16)} [${'#'.repeat(Math.round(f * w)).padEnd(w)}] ${(f * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round(rate).toLocaleString('en')}/s)   `,
  );
  if (done >= total) process.stdout.write('\n');
}

async function batched(client: pg.Client, label: string, total: number, batch: number, sql: (from: number, to: number) => string): Promise<void> {
  const t0 = performance.now();
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await client.query(sql(from, to));
    bar(label, to, total, t0);
  }
}

/** Generates the data set; returns how long it took. */
/**
 * One in twenty threads has a small PDF on its first message, so reading a thread exercises the
 * attachment lookup as in production (an empty table would be scanned, not indexed, by the planner).
 */
export const ATTACHMENTS_SQL = `
  INSERT INTO attachments (message_id, thread_id, citizen_id, filename, content_type, size_bytes, sha256, data)
  SELECT m.id, m.thread_id, m.citizen_id, 'vedlegg-' || b.n || '.pdf', 'application/pdf', 1024, md5(b.n::text), decode(repeat('25', 1024), 'hex')
  FROM bench_threads b JOIN messages m ON m.thread_id = b.id AND m.seq = 1
  WHERE b.n % 20 = 0`;

export async function generate(url: string, s: Scale): Promise<number> {
  const t0 = performance.now();
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  await migrateToLatest(database.db);
  await database.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  // The generated rows are consistent by construction; skip per-row foreign-key triggers while loading.
  await client.query('SET session_replication_role = replica');
  const exists = await client.query(`SELECT to_regclass('bench_threads') AS t`);
  if (exists.rows[0].t) {
    console.log('The database already holds a generated data set (bench_threads exists). Drop the database to generate again.');
    await client.end();
    return 0;
  }
  const threads = Math.ceil(s.messages / s.messagesPerThread);
  const contacts = s.citizens * s.contactsPerCitizen;
  console.log(
    `Generating: ${s.units} units, ${s.citizens.toLocaleString('en')} citizens, ${contacts.toLocaleString('en')} health contacts, ${threads.toLocaleString('en')} threads, ${s.messages.toLocaleString('en')} messages`,
  );

  // Numbered keys for the generator and the load scripts; the real tables keep their UUIDs.
  await client.query(`CREATE TABLE bench_units (n int PRIMARY KEY, id uuid NOT NULL)`);
  await client.query(`CREATE TABLE bench_citizens (n int PRIMARY KEY, id uuid NOT NULL)`);
  await client.query(`CREATE TABLE bench_staff (n int PRIMARY KEY, id uuid NOT NULL, unit_n int NOT NULL)`);
  await client.query(`CREATE TABLE bench_threads (n int PRIMARY KEY, id uuid NOT NULL, citizen_n int NOT NULL, unit_n int NOT NULL)`);

  await client.query(`INSERT INTO organisations (id, name) SELECT gen_random_uuid(), 'Bench-organisasjon ' || g FROM generate_series(1, ${s.units}) g`);
  await client.query(`INSERT INTO bench_units SELECT g, gen_random_uuid() FROM generate_series(1, ${s.units}) g`);
  await client.query(`
    INSERT INTO units (id, organisation_id, name, kind)
    SELECT b.id, (SELECT id FROM organisations ORDER BY id LIMIT 1), 'Bench-enhet ' || b.n, CASE WHEN b.n % 3 = 0 THEN 'hospital_department' ELSE 'gp_office' END
    FROM bench_units b`);
  await client.query(`
    INSERT INTO unit_services (unit_id, service, enabled, initiator, answer_days)
    SELECT b.id, s, true, 'both', 5 FROM bench_units b CROSS JOIN unnest(ARRAY['ekontakt','ekonsultasjon','standarddialog']) s`);
  await client.query(`
    INSERT INTO unit_topics (unit_id, service, texts)
    SELECT b.id, s, '{"nb":{"label":"Annet","guidance":null}}'::jsonb FROM bench_units b CROSS JOIN unnest(ARRAY['ekontakt','ekonsultasjon','standarddialog']) s`);
  // Five staff per unit.
  await client.query(`INSERT INTO bench_staff SELECT g, gen_random_uuid(), ((g - 1) / 5) + 1 FROM generate_series(1, ${s.units * 5}) g`);
  await client.query(`INSERT INTO staff (id, hpr_number, given_name, family_name, title) SELECT id, 'B' || n, 'Bench', 'Lege ' || n, 'Lege' FROM bench_staff`);
  await client.query(
    `INSERT INTO staff_memberships (staff_id, unit_id, role, is_admin) SELECT s.id, u.id, 'doctor', (s.n % 5 = 1) FROM bench_staff s JOIN bench_units u ON u.n = s.unit_n`,
  );

  await batched(client, 'citizens', s.citizens, 200_000, (a, b) => `INSERT INTO bench_citizens SELECT g, gen_random_uuid() FROM generate_series(${a}, ${b}) g`);
  await batched(
    client,
    'persons',
    s.citizens,
    100_000,
    (a, b) => `
      INSERT INTO persons (id, national_id, given_name, family_name, birth_date, address_key)
      SELECT c.id, '99' || lpad(c.n::text, 9, '0'), 'Bench', 'Innbygger ' || c.n, date '1950-01-01' + (c.n % 20000), 'bench-' || c.n
      FROM bench_citizens c WHERE c.n BETWEEN ${a} AND ${b}`,
  );
  await batched(
    client,
    'health contacts',
    s.citizens,
    100_000,
    (a, b) => `
      INSERT INTO health_contacts (citizen_id, unit_id, source, started_at)
      SELECT c.id, u.id, CASE WHEN k = 0 THEN 'gp_list' ELSE 'care_right' END, now() - interval '400 days'
      FROM bench_citizens c CROSS JOIN generate_series(0, ${s.contactsPerCitizen - 1}) k
      JOIN bench_units u ON u.n = ((c.n + k * 7) % ${s.units}) + 1
      WHERE c.n BETWEEN ${a} AND ${b}`,
  );
  await batched(
    client,
    'threads',
    threads,
    100_000,
    (a, b) => `
      WITH t AS (
        SELECT g AS n, gen_random_uuid() AS id, ((g - 1) % ${s.citizens}) + 1 AS citizen_n FROM generate_series(${a}, ${b}) g
      ), ins AS (
        INSERT INTO bench_threads SELECT t.n, t.id, t.citizen_n, ((t.citizen_n + ((t.n / ${s.citizens}) % ${s.contactsPerCitizen}) * 7) % ${s.units}) + 1 FROM t RETURNING *
      )
      INSERT INTO threads (id, citizen_id, unit_id, contact_id, kind, topic, status, started_by, created_at, last_message_at, due_at, created_by_person_id, last_seq)
      SELECT ins.id, c.id, u.id, hc.id, 'ekontakt', 'Bench-emne', CASE WHEN ins.n % 4 = 0 THEN 'new' WHEN ins.n % 4 = 1 THEN 'in_progress' ELSE 'answered' END,
             'citizen', now() - (ins.n % 500) * interval '1 hour', now() - (ins.n % 500) * interval '1 hour' + interval '10 minutes', now() + interval '3 days', c.id,
             ${s.messagesPerThread}
      FROM ins
      JOIN bench_citizens c ON c.n = ins.citizen_n
      JOIN bench_units u ON u.n = ins.unit_n
      JOIN LATERAL (SELECT id FROM health_contacts WHERE citizen_id = c.id AND unit_id = u.id LIMIT 1) hc ON true`,
  );
  await batched(
    client,
    'messages',
    threads,
    20_000,
    (a, b) => `
      INSERT INTO messages (thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, author_staff_id, text, created_at, delivered_at, read_at)
      SELECT t.id, t.citizen_id, t.unit_id, k, CASE WHEN k % 2 = 1 THEN 'citizen' ELSE 'staff' END,
             CASE WHEN k % 2 = 1 THEN t.citizen_id END, CASE WHEN k % 2 = 1 THEN t.citizen_id END,
             CASE WHEN k % 2 = 0 THEN st.id END,
             'Syntetisk meldingstekst nummer ' || k || ' i en bench-tråd. Ingen helseopplysninger her.',
             t.created_at + k * interval '1 minute', t.created_at + k * interval '1 minute', t.created_at + k * interval '2 minutes'
      FROM bench_threads b
      JOIN threads t ON t.id = b.id
      JOIN bench_staff st ON st.n = (b.unit_n - 1) * 5 + 1
      CROSS JOIN generate_series(1, ${s.messagesPerThread}) k
      WHERE b.n BETWEEN ${a} AND ${b}`,
  );
  await client.query(`UPDATE threads SET unit_unread = 1 WHERE status = 'new'`);
  await client.query(ATTACHMENTS_SQL);
  // VACUUM as well: otherwise autovacuum visits every freshly loaded table during the first
  // runs and takes CPU from them, and the first readers of each page pay for its hint bits.
  process.stdout.write('vacuum, analyze, checkpoint …');
  await client.query('VACUUM ANALYZE');
  await client.query('CHECKPOINT');
  process.stdout.write(' done\n');
  await client.end();
  return (performance.now() - t0) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to the PostgreSQL database to fill (it is created by bench/run.ts; here it must exist).');
    process.exit(1);
  }
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const base = SCALES[arg('scale') ?? 'small'] ?? SCALES.small!;
  const scale: Scale = {
    ...base,
    ...(arg('units') ? { units: Number(arg('units')) } : {}),
    ...(arg('citizens') ? { citizens: Number(arg('citizens')) } : {}),
    ...(arg('messages') ? { messages: Number(arg('messages')) } : {}),
  };
  generate(url, scale).then(
    (s) => console.log(`Generated in ${s.toFixed(1)} s.`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
