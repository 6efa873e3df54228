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
/** Record items per citizen (issue 21): documents and results shared by the EPJ, released. */
export const RECORDS_PER_CITIZEN = { documents: 4, results: 6 };

/**
 * The citizen's record for citizens a..b: documents (one in four not available digitally) and lab
 * results over the past two years, at the citizen's first unit, released at registration.
 */
export function recordsSql(a: number, b: number): string {
  const { documents, results } = RECORDS_PER_CITIZEN;
  return `
    INSERT INTO record_items (citizen_id, unit_id, kind, category, title, effective_at, available_digitally, resource, release_mode, released_at, registered_at, updated_at)
    SELECT c.id, u.id,
           CASE WHEN k <= ${documents} THEN 'document' ELSE 'result' END,
           CASE WHEN k <= ${documents} THEN 'document' ELSE 'lab' END,
           CASE WHEN k <= ${documents} THEN 'Epikrise ' || k ELSE 'Blodprøver' END,
           now() - (k * 61 + c.n % 30) * interval '1 day',
           NOT (k <= ${documents} AND k % 4 = 0),
           '{}'::jsonb, 'automatic', now() - (k * 61) * interval '1 day', now() - (k * 61) * interval '1 day', now()
    FROM bench_citizens c
    JOIN bench_units u ON u.n = (c.n % (SELECT count(*) FROM bench_units)) + 1
    CROSS JOIN generate_series(1, ${documents + results}) k
    WHERE c.n BETWEEN ${a} AND ${b}`;
}

/** Three analyses (Hb, CRP, leukocytes) per result of citizens a..b. */
export function observationsSql(a: number, b: number): string {
  return `
    INSERT INTO record_observations (item_id, citizen_id, position, code, code_system, display, value_num, unit, ref_low, ref_high, effective_at)
    SELECT r.id, r.citizen_id, o.pos, o.code, 'http://loinc.org', o.display, o.base + ((hashtext(r.id::text) & 1023) / 1023.0 - 0.5) * o.spread, o.unit, o.lo, o.hi, r.effective_at
    FROM bench_citizens c
    JOIN record_items r ON r.citizen_id = c.id AND r.kind = 'result'
    CROSS JOIN (VALUES (0, '718-7', 'Hemoglobin', 13.5, 4.0, 'g/dL', 11.7, 15.3), (1, '1988-5', 'CRP', 4.0, 8.0, 'mg/L', NULL, 5.0), (2, '6690-2', 'Leukocytter', 7.0, 6.0, '10*9/L', 3.5, 10.0))
      AS o(pos, code, display, base, spread, unit, lo, hi)
    WHERE c.n BETWEEN ${a} AND ${b}`;
}

/** Forms per citizen (issue 20): one answered, one still open (on the to-do list), at the citizen's first unit. */
export const FORMS_PER_CITIZEN = 2;

/** One form with one version per unit (a two-question pre-consultation form). */
export const FORMS_SQL = `
  WITH f AS (
    INSERT INTO forms (unit_id, url, title)
    SELECT b.id, 'https://bench.helsedialog.no/fhir/Questionnaire/forkonsultasjon-' || b.n, 'Før konsultasjonen'
    FROM bench_units b RETURNING id, unit_id
  )
  INSERT INTO form_versions (form_id, seq, version, questionnaire)
  SELECT f.id, 1, '1', '{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"1","text":"Hva gjelder det?","type":"string","required":true}]}'::jsonb FROM f`;

/**
 * Form requests of citizens a..b: the first sent a year ago and answered, the second sent lately
 * and open with a deadline (overdue for one in five), both from the citizen's first unit.
 */
export function formRequestsSql(a: number, b: number): string {
  return `
    WITH r AS (
      INSERT INTO form_requests (citizen_id, unit_id, contact_id, form_id, version_id, due_at, opened_at, submitted_at, created_at)
      SELECT c.id, u.id, hc.id, f.id, v.id,
             CASE WHEN k = 1 THEN now() - interval '350 days' ELSE now() + ((c.n % 5) * 3 - 2) * interval '1 day' END,
             CASE WHEN k = 1 THEN now() - interval '355 days' END,
             CASE WHEN k = 1 THEN now() - interval '352 days' END,
             CASE WHEN k = 1 THEN now() - interval '360 days' ELSE now() - (c.n % 20) * interval '1 day' END
      FROM bench_citizens c
      JOIN bench_units u ON u.n = (c.n % (SELECT count(*) FROM bench_units)) + 1
      JOIN health_contacts hc ON hc.citizen_id = c.id AND hc.unit_id = u.id
      JOIN forms f ON f.unit_id = u.id
      JOIN form_versions v ON v.form_id = f.id
      CROSS JOIN generate_series(1, ${FORMS_PER_CITIZEN}) k
      WHERE c.n BETWEEN ${a} AND ${b}
      RETURNING id, citizen_id, unit_id, version_id, submitted_at
    )
    INSERT INTO form_responses (request_id, version_id, citizen_id, unit_id, status, items, author_person_id, submitted_by_person_id, updated_at, submitted_at)
    SELECT r.id, r.version_id, r.citizen_id, r.unit_id, 'completed', '[{"linkId":"1","answer":[{"valueString":"Bench-svar"}]}]'::jsonb, r.citizen_id, r.citizen_id, r.submitted_at, r.submitted_at
    FROM r WHERE r.submitted_at IS NOT NULL`;
}

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

  // Organisation levels for the statistics (docs/statistics.md): regions over trusts over the
  // units; each unit belongs to one trust (unit n → trust ((n - 1) % trusts) + 1).
  const regions = Math.max(1, Math.min(4, Math.ceil(s.units / 250)));
  const trusts = Math.max(regions, Math.ceil(s.units / 50));
  await client.query(`CREATE TABLE bench_orgs (n int PRIMARY KEY, id uuid NOT NULL, level text NOT NULL, parent_n int)`);
  await client.query(`INSERT INTO bench_orgs SELECT g, gen_random_uuid(), 'region', NULL FROM generate_series(1, ${regions}) g`);
  await client.query(
    `INSERT INTO bench_orgs SELECT ${regions} + g, gen_random_uuid(), 'trust', ((g - 1) % ${regions}) + 1 FROM generate_series(1, ${trusts}) g`,
  );
  await client.query(`INSERT INTO organisations (id, name, level) SELECT id, 'Bench-' || level || ' ' || n, level FROM bench_orgs ORDER BY n`);
  await client.query(`UPDATE organisations o SET parent_id = p.id FROM bench_orgs b JOIN bench_orgs p ON p.n = b.parent_n WHERE o.id = b.id`);
  await client.query(`INSERT INTO bench_units SELECT g, gen_random_uuid() FROM generate_series(1, ${s.units}) g`);
  await client.query(`
    INSERT INTO units (id, organisation_id, name, kind)
    SELECT b.id, o.id, 'Bench-enhet ' || b.n, CASE WHEN b.n % 3 = 0 THEN 'hospital_department' ELSE 'gp_office' END
    FROM bench_units b JOIN bench_orgs o ON o.n = ${regions} + ((b.n - 1) % ${trusts}) + 1`);
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
  // The second staff member of unit n leads organisation n (regions first, then trusts).
  await client.query(
    `INSERT INTO organisation_leaders (staff_id, organisation_id) SELECT s.id, o.id FROM bench_orgs o JOIN bench_staff s ON s.n = (o.n - 1) * 5 + 2`,
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
      SELECT c.id, u.id, CASE WHEN k = 0 THEN 'gp_list' ELSE 'care_right' END, now() - interval '30 days' - (c.n % 700) * interval '1 day'
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
      INSERT INTO threads (id, citizen_id, unit_id, contact_id, kind, topic, status, started_by, created_at, last_message_at, due_at, created_by_person_id, last_seq, answered_at)
      SELECT ins.id, c.id, u.id, hc.id, (ARRAY['ekontakt','ekonsultasjon','standarddialog'])[ins.n % 3 + 1], 'Bench-emne',
             CASE WHEN ins.n % 4 = 0 THEN 'new' WHEN ins.n % 4 = 1 THEN 'in_progress' ELSE 'answered' END,
             'citizen', now() - (ins.n % 8760) * interval '1 hour', now() - (ins.n % 8760) * interval '1 hour' + interval '10 minutes',
             -- open threads stay within their deadline (as before); answered ones were promised 5 days
             CASE WHEN ins.n % 4 >= 2 THEN now() - (ins.n % 8760) * interval '1 hour' + interval '5 days' ELSE now() + interval '3 days' END, c.id, ${s.messagesPerThread},
             -- answered threads: the first answer came 1–150 hours after the request (some after the deadline)
             CASE WHEN ins.n % 4 >= 2 THEN now() - (ins.n % 8760) * interval '1 hour' + ((ins.n * 7) % 150 + 1) * interval '1 hour' END
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
      INSERT INTO messages (thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, author_staff_id, text, created_at, delivered_at, read_at, kind)
      SELECT t.id, t.citizen_id, t.unit_id, k, CASE WHEN k % 2 = 1 THEN 'citizen' ELSE 'staff' END,
             CASE WHEN k % 2 = 1 THEN t.citizen_id END, CASE WHEN k % 2 = 1 THEN t.citizen_id END,
             CASE WHEN k % 2 = 0 THEN st.id END,
             'Syntetisk meldingstekst nummer ' || k || ' i en bench-tråd. Ingen helseopplysninger her.',
             t.created_at + k * interval '1 minute', t.created_at + k * interval '1 minute',
             CASE WHEN b.n % 10 = 9 THEN NULL ELSE t.created_at + k * interval '2 minutes' + (b.n % 7) * interval '20 hours' END,
             -- set here: the loader runs with triggers off (session_replication_role = replica)
             t.kind
      FROM bench_threads b
      JOIN threads t ON t.id = b.id
      JOIN bench_staff st ON st.n = (b.unit_n - 1) * 5 + 1
      CROSS JOIN generate_series(1, ${s.messagesPerThread}) k
      WHERE b.n BETWEEN ${a} AND ${b}`,
  );
  await client.query(`UPDATE threads SET unit_unread = 1 WHERE status = 'new'`);
  // The threads' search words (migration 20261211T0900): kept by triggers and insertMessage in
  // the product; the loader runs with triggers off, so computed here once the messages exist.
  await batched(
    client,
    'search words',
    threads,
    50_000,
    (a, b) => `UPDATE threads t SET search_tsv = thread_search_vector(t.id) FROM bench_threads b WHERE b.id = t.id AND b.n BETWEEN ${a} AND ${b}`,
  );

  await client.query(ATTACHMENTS_SQL);
  await batched(client, 'record items', s.citizens, 50_000, (a, b) => recordsSql(a, b));
  await batched(client, 'observations', s.citizens, 50_000, (a, b) => observationsSql(a, b));
  await client.query(FORMS_SQL);
  await batched(client, 'form requests', s.citizens, 50_000, (a, b) => formRequestsSql(a, b));
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
