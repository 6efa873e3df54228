import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The baseline: pgbench running the bare SQL of the send transaction — the statements our
 * handler runs, in the same order, without HTTP, validation or JSON — at the same concurrency,
 * against the same database, over the same kind of connection, as prepared statements (as the
 * server runs them). A random thread per transaction; `(SELECT id FROM bench_threads …)` stands
 * in for the ids the handler already holds, so the baseline has no extra round trip. pgbench
 * waits for each statement before the next; the server pipelines those whose answer it does not
 * need (server/src/platform/pg-connection.ts), which is part of what is being compared.
 */
export const SEND_SQL = `
\\set n random(1, :threads)
SELECT s.*, p.given_name, p.family_name, p.birth_date, (SELECT json_build_object('name', st.given_name) FROM staff st WHERE st.id = s.staff_id) AS staff_info
  FROM sessions s LEFT JOIN persons p ON p.id = s.person_id WHERE s.id_hash = :session;
BEGIN;
SELECT t.*, u.name, hc.citizen_id, hc.started_at, hc.ends_at, hc.ended_at
  FROM threads t JOIN units u ON u.id = t.unit_id LEFT JOIN health_contacts hc ON hc.id = t.contact_id
  WHERE t.id = (SELECT id FROM bench_threads WHERE n = :n) FOR UPDATE OF t;
WITH m AS (
  INSERT INTO messages (thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, text, important, created_at, delivered_at)
  SELECT t.id, t.citizen_id, t.unit_id, (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE thread_id = t.id), 'citizen', t.citizen_id, t.citizen_id,
         'pgbench baseline message', false, now(), now()
  FROM threads t WHERE t.id = (SELECT id FROM bench_threads WHERE n = :n) RETURNING id, seq, created_at
), u AS (
  UPDATE threads SET status = 'in_progress', closed_at = NULL, unit_unread = unit_unread + 1, last_message_at = now() WHERE id = (SELECT id FROM bench_threads WHERE n = :n)
) SELECT id, seq, created_at FROM m;
SELECT pg_advisory_xact_lock(hashtextextended((SELECT id::text FROM bench_threads WHERE n = :n), 7));
INSERT INTO journal_items (unit_id, citizen_id, thread_id, order_key, seq, object_type, object_id, event_type, dedupe_key, protocol, next_attempt_at)
  SELECT e.unit_id, t.citizen_id, t.id, t.id::text, (SELECT coalesce(max(seq), 0) + 1 FROM journal_items WHERE order_key = t.id::text),
         'message', gen_random_uuid(), 'message.created', 'pgbench:' || gen_random_uuid(), e.protocol, now()
  FROM threads t JOIN epj_endpoints e ON e.unit_id = t.unit_id AND e.enabled WHERE t.id = (SELECT id FROM bench_threads WHERE n = :n)
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING id;
WITH ins AS (INSERT INTO jobs (queue, payload, idempotency_key, run_at, max_attempts) VALUES ('bench.journal', '{}', 'pgbench:' || gen_random_uuid(), now(), 20)
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING id) SELECT id, pg_notify('helsedialog_jobs', 'bench.journal') FROM ins;
SELECT pg_notify('helsedialog_events', (SELECT id::text FROM bench_threads WHERE n = :n));
SELECT m.id, m.seq, m.author_kind, m.text, m.created_at, m.read_at, ap.given_name, s.given_name,
       coalesce((SELECT json_agg(a.id) FROM attachments a WHERE a.message_id = m.id), '[]'::json)
  FROM messages m LEFT JOIN persons ap ON ap.id = m.author_person_id LEFT JOIN staff s ON s.id = m.author_staff_id
  WHERE m.thread_id = (SELECT id FROM bench_threads WHERE n = :n) ORDER BY m.seq;
COMMIT;
`;

export interface PgbenchResult {
  connections: number;
  tps: number;
  p50: number;
  p99: number;
}

/** Runs pgbench for `seconds` at `connections`; latencies from its per-transaction log. */
export function runPgbench(url: string, connections: number, seconds: number, threads: number, sessionHash: string): PgbenchResult | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-pgbench-'));
  const script = path.join(dir, 'send.sql');
  fs.writeFileSync(script, SEND_SQL);
  const u = new URL(url);
  const r = spawnSync(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(connections),
      '-j',
      String(Math.min(connections, 2)),
      '-T',
      String(seconds),
      '-D',
      `threads=${threads}`,
      '-D',
      `session=${sessionHash}`,
      '-f',
      script,
      '-l',
      '--log-prefix',
      path.join(dir, 'log'),
      '-h',
      u.searchParams.get('host') ?? u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      u.pathname.slice(1),
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } },
  );
  if (r.error || r.status !== 0) {
    console.error(`pgbench failed: ${r.error?.message ?? r.stderr}`);
    return undefined;
  }
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1] ?? /tps = ([\d.]+)/.exec(r.stdout)?.[1] ?? 0);
  const lat: number[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('log'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (Number.isFinite(us) && us > 0) lat.push(us / 1000);
    }
  }
  lat.sort((a, b) => a - b);
  fs.rmSync(dir, { recursive: true, force: true });
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
  return { connections, tps, p50: pct(50), p99: pct(99) };
}
