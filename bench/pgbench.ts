import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The baseline: pgbench running the bare SQL of the send transaction — the statements our
 * handler runs, with the same text, in the same order, without HTTP, validation or JSON — at the
 * same concurrency, against the same database, over the same kind of connection, as prepared
 * statements (as the server runs them). A random thread per transaction, among the threads of the
 * citizens the load signs in (bench/harness.ts SIGNED_IN), so both touch the same rows: the session statement
 * also looks up that thread's ids (`\gset`), which the handler has from the request and the
 * session, so the baseline makes no extra round trip for them. Times the server passes as
 * parameters are now() here, and ids it makes are gen_random_uuid(). The two NOTIFYs run after
 * COMMIT as one statement, as the server sends them (afterCommit and combineNotifies in
 * server/src/platform/pg-connection.ts).
 * The send carries an Idempotency-Key, as the web client's do: its claim and the stored answer
 * (of the size the server stores) are part of the transaction.
 * The session's last activity is not part of it: the server writes that for all sessions at once,
 * once a second. pgbench waits for each statement before the next; the server pipelines those
 * whose answer it does not need, which is part of what is being compared.
 */
export const SEND_SQL = `
\\set c random(1, :signed)
\\set j random(0, :per - 1)
\\set n :c + :j * :citizens
\\set r random(1, 1000000000000000)
SELECT s.id_hash, bt.id AS tid, c.id AS cid, u.id AS uid FROM (
  select "sessions".*, "p"."given_name", "p"."family_name", "p"."birth_date", (SELECT json_build_object('name', s.given_name || ' ' || s.family_name, 'memberships', coalesce((SELECT json_agg(json_build_object('unitId', m.unit_id, 'unitName', u.name, 'unitKind', u.kind, 'role', m.role, 'isAdmin', m.is_admin)) FROM staff_memberships m JOIN units u ON u.id = m.unit_id WHERE m.staff_id = s.id), '[]'::json)) FROM staff s WHERE s.id = sessions.staff_id) as "staff_info" from "sessions" left join "persons" as "p" on "p"."id" = "sessions"."person_id" where "id_hash" = :session
) s CROSS JOIN bench_threads bt JOIN bench_citizens c ON c.n = bt.citizen_n JOIN bench_units u ON u.n = bt.unit_n WHERE bt.n = :n
\\gset
BEGIN;
select "request_hash", "status", "response" from "idempotency_keys" where "scope" = 'citizen:' || :cid || ':' || :cid and "key" = 'pgbench-' || :r;
select "t"."id", "t"."citizen_id", "t"."unit_id", "t"."contact_id", "t"."kind", "t"."topic", "t"."status", "t"."started_by", "t"."addressed_staff_id", "t"."assigned_staff_id", "t"."due_at", "t"."replies_allowed", "t"."answered_at", "t"."closed_at", "t"."conversion_kind", "t"."conversion_state", "t"."collect_method", "t"."citizen_unread", "t"."unit_unread", "t"."created_at", "t"."last_message_at", "t"."created_by_person_id", "t"."last_seq", "u"."name" as "unit_name", "hc"."citizen_id" as "contact_citizen_id", "hc"."started_at" as "contact_started_at", "hc"."ends_at" as "contact_ends_at", "hc"."ended_at" as "contact_ended_at" from "threads" as "t" inner join "units" as "u" on "u"."id" = "t"."unit_id" left join "health_contacts" as "hc" on "hc"."id" = "t"."contact_id" where "t"."id" = :tid for update of "t"
\\gset p_
\\set seq :p_last_seq + 1
WITH m AS (INSERT INTO messages
      (id, thread_id, citizen_id, unit_id, seq, author_kind, author_person_id, on_behalf_of_id, author_staff_id, text, important, created_at, delivered_at)
    VALUES (gen_random_uuid(), :tid, :cid, :uid, :seq, 'citizen',
      :cid, :cid, NULL, 'pgbench baseline message', false, now(), now())
    ) UPDATE threads SET last_seq = :seq, search_tsv = search_tsv || search_lexemes('pgbench baseline message'), status = 'in_progress', last_message_at = now(), unit_unread = unit_unread + 1, closed_at = NULL WHERE id = :tid;
INSERT INTO journal_items
      (unit_id, citizen_id, thread_id, order_key, seq, object_type, object_id, event_type, dedupe_key, protocol, next_attempt_at)
    SELECT e.unit_id, :cid::uuid, :tid::uuid, :tid::text,
      (SELECT coalesce(max(seq), 0) + 1 FROM journal_items WHERE order_key = :tid),
      'message'::text, gen_random_uuid(), 'message.created'::text, 'pgbench-' || :r, e.protocol, now()::timestamptz
    FROM epj_endpoints e WHERE e.unit_id = :uid AND e.enabled
    ON CONFLICT (dedupe_key) DO NOTHING;
insert into "idempotency_keys" ("scope", "key", "request_hash", "status", "response") values ('citizen:' || :cid || ':' || :cid, 'pgbench-' || :r, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 201, :response);
COMMIT;
SELECT (SELECT pg_notify('helsedialog_jobs', 'journal') WHERE EXISTS (SELECT 1 FROM journal_items WHERE dedupe_key = 'pgbench-' || :r)), (SELECT pg_notify('helsedialog_events', :tid));
`;

/** A stored answer of the size the server stores with a send's Idempotency-Key (the new message and the thread's summary). */
const STORED_ANSWER = JSON.stringify({
  thread: {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'ekontakt',
    topic: 'Bench-emne',
    status: 'in_progress',
    startedBy: 'citizen',
    unit: { id: '00000000-0000-4000-8000-000000000002', name: 'Benchkontoret 1' },
    createdAt: '2026-12-01T10:00:00.000Z',
    lastMessageAt: '2026-12-02T10:00:00.000Z',
    dueAt: '2026-12-05T10:00:00.000Z',
    overdue: false,
    unread: 0,
    repliesAllowed: true,
    conversion: null,
    contactId: '00000000-0000-4000-8000-000000000003',
  },
  message: {
    id: '00000000-0000-4000-8000-000000000004',
    seq: 6,
    author: { kind: 'citizen', name: 'Bench Innbygger', onBehalfOf: null, role: null },
    mine: true,
    text: 'Bench-melding 1',
    important: false,
    createdAt: '2026-12-02T10:00:00.000Z',
    deliveredAt: '2026-12-02T10:00:00.000Z',
    readAt: null,
    attachments: [],
  },
});

export interface PgbenchResult {
  connections: number;
  tps: number;
  p50: number;
  p99: number;
}

/** Which threads the baseline picks from: those of citizens 1..signed (thread n belongs to citizen ((n - 1) % citizens) + 1). */
export interface ThreadPick {
  citizens: number;
  signed: number;
  perCitizen: number;
}

/** Runs pgbench for `seconds` at `connections`; latencies from its per-transaction log. */
export function runPgbench(url: string, connections: number, seconds: number, pick: ThreadPick, sessionHash: string): PgbenchResult | undefined {
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
      `citizens=${pick.citizens}`,
      '-D',
      `signed=${pick.signed}`,
      '-D',
      `per=${pick.perCitizen}`,
      '-D',
      `session=${sessionHash}`,
      '-D',
      `response=${STORED_ANSWER}`,
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
