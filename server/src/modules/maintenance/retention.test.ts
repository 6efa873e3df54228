/**
 * Retention beyond housekeeping (issue 25): closed conversations go only once the EPJ documented
 * them, the notification log is kept for its period, and the access log drops whole years while
 * every chain still verifies from its anchor.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { createCitizen, createContact, createStaff, createUnit } from '../../test/factories.ts';
import { openTestDatabase } from '../../test/harness.ts';
import { entryHash, recordAudit, verifyAuditChain } from '../audit/audit.service.ts';
import { auditPartitionYears, ensureAuditPartitions } from '../audit/audit-partitions.ts';
import { cleanup } from './maintenance.ts';
import { removeExpiredThreads, THREAD_DEPENDENTS } from './thread-retention.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('retention of conversations', () => {
  it('knows every table that refers to threads or messages (a new one must be listed in THREAD_DEPENDENTS)', async () => {
    const { rows } = await sql<{ table: string; column: string; refers: string }>`
      SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confrelid::regclass::text AS refers
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid IN ('threads'::regclass, 'messages'::regclass)`.execute(database.db);
    const inDb = rows.map((r) => `${r.table}.${r.column}->${r.refers}`).sort();
    const listed = THREAD_DEPENDENTS.map((d) => `${d.table}.${d.column}->${d.refers}`).sort();
    expect(listed).toEqual(inDb);
  });

  it('removes a closed thread only when the EPJ documented every message and its billing line is past bookkeeping', async () => {
    const db = database.db;
    const unit = await createUnit(db);
    const doctor = await createStaff(db, unit.id, { role: 'doctor' });
    const citizen = await createCitizen(db);
    const contact = await createContact(db, citizen.id, unit.id);
    const old = ago(400 * DAY);

    async function thread(opts: { status?: 'closed' | 'answered'; documented?: boolean[]; billedAt?: Date }) {
      const t = await db
        .insertInto('threads')
        .values({
          citizen_id: citizen.id,
          unit_id: unit.id,
          contact_id: contact.id,
          kind: 'ekonsultasjon',
          topic: 'Retention',
          status: opts.status ?? 'closed',
          started_by: 'citizen',
          closed_at: opts.status === 'answered' ? null : old,
          created_at: old,
          last_message_at: old,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const documented = opts.documented ?? [true, true];
      for (const [i, done] of documented.entries()) {
        const m = await db
          .insertInto('messages')
          .values({
            thread_id: t.id,
            citizen_id: citizen.id,
            unit_id: unit.id,
            seq: i + 1,
            author_kind: i ? 'staff' : 'citizen',
            text: 'Tekst',
            created_at: old,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('attachments')
          .values({
            message_id: m.id,
            thread_id: t.id,
            citizen_id: citizen.id,
            filename: 'a.pdf',
            content_type: 'application/pdf',
            size_bytes: 4,
            sha256: 'x',
            data: Buffer.from('%PDF'),
          })
          .execute();
        await db
          .insertInto('journal_items')
          .values({
            unit_id: unit.id,
            citizen_id: citizen.id,
            thread_id: t.id,
            order_key: t.id,
            seq: i + 1,
            object_type: 'message',
            object_id: m.id,
            event_type: 'message.sent',
            dedupe_key: `message:${m.id}`,
            protocol: 'fhir',
            status: done ? 'documented' : 'rejected',
            documented_at: done ? old : null,
          })
          .execute();
      }
      if (opts.billedAt)
        await db
          .insertInto('billing_lines')
          .values({ thread_id: t.id, citizen_id: citizen.id, unit_id: unit.id, staff_id: doctor.id, code: '2ae', amount_nok: '167', created_at: opts.billedAt })
          .execute();
      await db.insertInto('thread_notes').values({ thread_id: t.id, unit_id: unit.id, staff_id: doctor.id, text: 'Notat' }).execute();
      return t.id;
    }

    const gone = await thread({ billedAt: ago(2200 * DAY) });
    const undocumented = await thread({ documented: [true, false] });
    const recentlyBilled = await thread({ billedAt: ago(300 * DAY) });
    const open = await thread({ status: 'answered' });
    const alsoGone = await thread({});

    // Off by default: nothing goes.
    expect(loadConfig({ NODE_ENV: 'test' }).maintenance.threadsMs).toBe(0);
    expect(await removeExpiredThreads(db, { threadsMs: 0, billingMs: 2192 * DAY }, new Date())).toBe(0);

    await removeExpiredThreads(db, { threadsMs: 365 * DAY, billingMs: 2192 * DAY }, new Date());
    const left = new Set(
      (await db.selectFrom('threads').select('id').where('id', 'in', [gone, undocumented, recentlyBilled, open, alsoGone]).execute()).map((t) => t.id),
    );
    expect([...left].sort()).toEqual([undocumented, recentlyBilled, open].sort());
    for (const id of [gone, alsoGone]) {
      expect(await db.selectFrom('messages').select('id').where('thread_id', '=', id).execute()).toEqual([]);
      expect(await db.selectFrom('attachments').select('id').where('thread_id', '=', id).execute()).toEqual([]);
      expect(await db.selectFrom('journal_items').select('id').where('thread_id', '=', id).execute()).toEqual([]);
      expect(await db.selectFrom('billing_lines').select('id').where('thread_id', '=', id).execute()).toEqual([]);
    }
    // What was kept is whole.
    expect(await db.selectFrom('messages').select('id').where('thread_id', '=', undocumented).execute()).toHaveLength(2);
  });

  it('keeps the notification log for its period', async () => {
    const db = database.db;
    const citizen = await createCitizen(db);
    const key = randomUUID();
    await db
      .insertInto('notifications')
      .values([
        {
          idempotency_key: `${key}-old`,
          person_id: citizen.id,
          citizen_id: citizen.id,
          kind: 'message',
          channel: 'sms',
          state: 'sent',
          created_at: ago(400 * DAY),
        },
        {
          idempotency_key: `${key}-new`,
          person_id: citizen.id,
          citizen_id: citizen.id,
          kind: 'message',
          channel: 'sms',
          state: 'sent',
          created_at: ago(10 * DAY),
        },
        {
          idempotency_key: `${key}-busy`,
          person_id: citizen.id,
          citizen_id: citizen.id,
          kind: 'message',
          channel: 'sms',
          state: 'sending',
          created_at: ago(400 * DAY),
        },
      ])
      .execute();
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.maintenance.notificationsMs).toBe(395 * DAY);
    await cleanup(db, config.maintenance);
    const left = (await db.selectFrom('notifications').select('idempotency_key').where('citizen_id', '=', citizen.id).execute())
      .map((n) => n.idempotency_key)
      .sort();
    expect(left).toEqual([`${key}-busy`, `${key}-new`]);
  });
});

describe('retention of the access log', () => {
  it('creates next years ahead, drops a whole year past retention, keeps anchors so every chain still verifies, and archives the year first', async () => {
    const db = database.db;
    const citizen = await createCitizen(db);
    const thisYear = new Date().getUTCFullYear();
    // A year long past gets a partition, as the migration gives the first year with entries.
    const past = 2001;
    await ensureAuditPartitions(db, past, past);
    const entry = (action: string) => ({
      citizenId: citizen.id,
      actorKind: 'system' as const,
      actorName: 'Test',
      action,
      objectType: 'person',
      objectId: citizen.id,
    });
    await db.transaction().execute(async (tx) => {
      await recordAudit(tx, entry('first'));
      await recordAudit(tx, entry('second'));
    });
    // Move the citizen's two entries into the past year as a restore of old data would hold them
    // (the append-only trigger is lifted for this setup only). One transaction: suites sharing
    // this database verify every chain and must never see this one half moved.
    await db.transaction().execute(async (tx) => {
      await sql.raw('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update').execute(tx);
      await sql`UPDATE audit_events SET at = at - make_interval(years => ${thisYear - past}) WHERE citizen_id = ${citizen.id}`.execute(tx);
      // The hashes cover `at`, so recompute the moved chain as it would have been written then.
      const moved = await tx.selectFrom('audit_events').selectAll().where('citizen_id', '=', citizen.id).orderBy('id').execute();
      let prev: string | null = null;
      for (const r of moved) {
        const hash = entryHash(prev, r);
        await sql`UPDATE audit_events SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`.execute(tx);
        prev = hash;
      }
      await sql.raw('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update').execute(tx);
    });
    expect(await auditPartitionYears(db)).toContain(past);
    await db.transaction().execute(async (tx) => recordAudit(tx, entry('third, this year')));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-archive-'));
    const counts = await cleanup(db, { ...loadConfig({ NODE_ENV: 'test' }).maintenance, auditArchiveDir: dir });
    expect(counts.auditYearsArchived).toBeGreaterThanOrEqual(1);
    const years = await auditPartitionYears(db);
    expect(years).not.toContain(past);
    expect(years).toEqual(expect.arrayContaining([thisYear, thisYear + 1, thisYear + 2]));
    const left = await db.selectFrom('audit_events').select('action').where('citizen_id', '=', citizen.id).execute();
    expect(left.map((r) => r.action)).toEqual(['third, this year']);
    const anchor = await db.selectFrom('audit_anchors').selectAll().where('chain', '=', citizen.id).executeTakeFirstOrThrow();
    expect(Number(anchor.archived_entries)).toBe(2);
    // The archive holds the year, in order.
    const archived = gunzipSync(fs.readFileSync(path.join(dir, `audit-${past}.ndjson.gz`)))
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { citizen_id: string; action: string })
      .filter((r) => r.citizen_id === citizen.id);
    expect(archived.map((r) => r.action)).toEqual(['first', 'second']);
    // Every chain verifies from its anchor, including one whose whole past went and that goes on.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    await db.transaction().execute(async (tx) => recordAudit(tx, entry('fourth')));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // Rows are never deleted one by one: the append-only trigger still refuses.
    await expect(sql`DELETE FROM audit_events WHERE citizen_id = ${citizen.id}`.execute(db)).rejects.toThrow(/append-only/);
  });
});
