/**
 * The baseline: pgbench running the bare SQL of the send transaction (the statements our
 * handler runs, without HTTP, validation or JSON) at the same concurrency, same database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SEND_SQL = `
\\set n random(1, :threads)
SELECT t.id AS tid, t.citizen_id AS cid, t.unit_id AS uid, t.contact_id AS hcid FROM bench_threads b JOIN threads t ON t.id = b.id WHERE b.n = :n \\gset
SELECT * FROM sessions WHERE id_hash = ':session';
SELECT id, given_name, family_name, birth_date, address_key, confidential_address FROM persons WHERE id = ':cid';
BEGIN;
SELECT id FROM threads WHERE id = ':tid' FOR UPDATE;
SELECT t.*, u.name FROM threads t JOIN units u ON u.id = t.unit_id WHERE t.id = ':tid';
SELECT hc.id, hc.unit_id, hc.gp_staff_id, hc.started_at, hc.ends_at, hc.ended_at, u.name FROM health_contacts hc JOIN units u ON u.id = hc.unit_id WHERE hc.id = ':hcid' AND hc.citizen_id = ':cid';
INSERT INTO messages (thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, text, created_at, delivered_at)
  VALUES (':tid', ':cid', ':uid', (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE thread_id = ':tid'), 'citizen', ':cid', ':cid', 'pgbench baseline message', now(), now());
UPDATE threads SET status = 'in_progress', unit_unread = unit_unread + 1, last_message_at = now() WHERE id = ':tid';
INSERT INTO jobs (queue, payload, idempotency_key) VALUES ('bench.outbox', '{}', NULL);
SELECT pg_notify('helsedialog_events', ':tid');
SELECT m.id, m.seq, m.text FROM messages m WHERE m.thread_id = ':tid' ORDER BY m.seq;
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
      u.hostname,
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
