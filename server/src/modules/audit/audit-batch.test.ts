/**
 * The access log's writer for many patients at once (decision 103): a list of 20 patients writes
 * 20 entries in three statements, each linked to its own chain's head, and lists written at the
 * same time about the same patients keep every chain intact.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../platform/db-types.ts';
import { createContact } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { unitWithSentForms } from './audit.fixtures.ts';
import { entryHash, recordAudit, recordAudits, verifyAuditChain, type AuditEntry } from './audit.service.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

const db = () => srv.database.db;

/** A citizen's chain, oldest first. */
function chainOf(citizenId: string | null) {
  const q = db().selectFrom('audit_events').selectAll().orderBy('id');
  return (citizenId ? q.where('citizen_id', '=', citizenId) : q.where('citizen_id', 'is', null)).execute();
}

/** Checks one chain link by link from where it starts (an anchor, or nothing). */
async function expectChainIntact(citizenId: string, startsAt: string | null = null) {
  let prev = startsAt;
  for (const r of await chainOf(citizenId)) {
    expect(r.prev_hash).toBe(prev);
    expect(entryHash(r.prev_hash, r)).toBe(r.hash);
    prev = r.hash;
  }
}

const staffEntry = (citizenId: string | null, action = 'form.list'): AuditEntry => ({
  citizenId,
  actorKind: 'staff',
  actorStaffId: null,
  actorName: 'Lege Test',
  actorRole: 'doctor',
  unitId: null,
  unitName: 'Testenhet',
  action,
  objectType: 'form',
  objectId: null,
});

/** Runs `work` in a transaction and counts the statements it sends. */
async function countingStatements(work: (tx: Transaction<DB>) => Promise<void>): Promise<number> {
  let n = 0;
  await db()
    .transaction()
    .execute(async (tx) => {
      const execute = tx.executeQuery.bind(tx);
      tx.executeQuery = ((q: Parameters<typeof execute>[0]) => {
        n++;
        return execute(q);
      }) as typeof tx.executeQuery;
      await work(tx);
    });
  return n;
}

describe('a list of 20 patients', () => {
  it('writes 20 entries through the route, each on its own chain, and every chain verifies', async () => {
    const f = await unitWithSentForms(db(), 20);
    // Half the patients already have a chain: the list's entry must link to its head.
    for (const c of f.citizens.slice(0, 10))
      await db()
        .transaction()
        .execute((tx) => recordAudit(tx, staffEntry(c, 'thread.read')));
    const d = new TestClient(srv.url);
    await login(d, 'staff', f.staff.accountId);
    const res = await d.get(`/api/staff/units/${f.unit.id}/form-requests?limit=20`);
    expect(res.status).toBe(200);
    expect(res.json().items).toHaveLength(20);
    const listed = await db().selectFrom('audit_events').selectAll().where('citizen_id', 'in', f.citizens).where('action', '=', 'form.list').execute();
    expect(listed).toHaveLength(20);
    expect(new Set(listed.map((e) => e.citizen_id))).toEqual(new Set(f.citizens));
    expect(listed.every((e) => e.actor_staff_id === f.staff.id && e.unit_id === f.unit.id && e.actor_role === 'doctor')).toBe(true);
    for (const [i, c] of f.citizens.entries()) {
      const chain = await chainOf(c);
      expect(chain.map((e) => e.action)).toEqual(i < 10 ? ['thread.read', 'form.list'] : ['form.list']);
      await expectChainIntact(c);
    }
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('costs three statements whatever the number of patients (locks, heads, one insert)', async () => {
    const citizens = Array.from({ length: 20 }, () => randomUUID());
    expect(
      await countingStatements((tx) =>
        recordAudits(
          tx,
          citizens.map((c) => staffEntry(c)),
        ),
      ),
    ).toBe(3);
    expect(
      await countingStatements((tx) =>
        recordAudits(
          tx,
          citizens.map((c) => staffEntry(c)),
        ),
      ),
    ).toBe(3);
    expect(await countingStatements((tx) => recordAudit(tx, staffEntry(citizens[0]!)))).toBe(3);
    for (const [i, c] of citizens.entries()) {
      expect((await chainOf(c)).length).toBe(i === 0 ? 3 : 2);
      await expectChainIntact(c);
    }
  });

  it('links two entries of one chain in one call in the order given, writes the system chain, and starts a chain from its anchor', async () => {
    const [a, b, anchored] = [randomUUID(), randomUUID(), randomUUID()];
    // A chain whose entries retention archived goes on from its anchor (audit-partitions.ts).
    const anchor = 'f'.repeat(64);
    await db().insertInto('audit_anchors').values({ chain: anchored, anchor_id: 1, anchor_hash: anchor, archived_entries: 3 }).execute();
    const systemBefore = (await chainOf(null)).length;
    await db()
      .transaction()
      .execute((tx) =>
        recordAudits(tx, [staffEntry(a, 'first'), staffEntry(b, 'only'), staffEntry(null, 'system'), staffEntry(a, 'second'), staffEntry(anchored, 'after')]),
      );
    expect((await chainOf(a)).map((e) => e.action)).toEqual(['first', 'second']);
    await expectChainIntact(a);
    await expectChainIntact(b);
    await expectChainIntact(anchored, anchor);
    const system = await chainOf(null);
    expect(system).toHaveLength(systemBefore + 1);
    expect(system.at(-1)!.prev_hash).toBe(systemBefore ? system.at(-2)!.hash : null);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });
});

// Skipped on PGlite: one connection runs one transaction at a time, so nothing is concurrent.
describe.skipIf(!process.env.DATABASE_URL)(
  'lists written at the same time (PostgreSQL; skipped on PGlite: one connection runs one transaction at a time)',
  () => {
    it('keep every chain intact and never deadlock when they name the same patients in different orders', async () => {
      const citizens = Array.from({ length: 20 }, () => randomUUID());
      const rounds = 8;
      // Each list writes every patient, in its own order, in its own transaction (its own session),
      // and holds its locks a moment so the others queue behind them.
      const lists = Array.from({ length: rounds }, (_, i) => {
        const order = i % 2 ? [...citizens].reverse() : [...citizens].sort(() => Math.random() - 0.5);
        return db()
          .transaction()
          .execute(async (tx) => {
            await recordAudits(
              tx,
              order.map((c) => staffEntry(c, `list.${i}`)),
            );
            await sql`SELECT pg_sleep(0.02)`.execute(tx);
          });
      });
      await Promise.all(lists);
      for (const c of citizens) {
        const chain = await chainOf(c);
        expect(chain).toHaveLength(rounds);
        expect(new Set(chain.map((e) => e.action)).size).toBe(rounds);
        await expectChainIntact(c);
      }
      expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
    });

    it('through the route: concurrent pages of two units sharing their patients', async () => {
      const f = await unitWithSentForms(db(), 20);
      const other = await unitWithSentForms(db(), 0);
      // The same patients in the other unit, sent in the opposite order, so its page lists them reversed.
      for (const c of [...f.citizens].reverse()) {
        const contact = await createContact(db(), c, other.unit.id);
        await db()
          .insertInto('form_requests')
          .values({
            citizen_id: c,
            unit_id: other.unit.id,
            contact_id: contact.id,
            form_id: other.formId,
            version_id: other.versionId,
            sent_by: other.staff.id,
          })
          .execute();
      }
      const one = new TestClient(srv.url);
      await login(one, 'staff', f.staff.accountId);
      const two = new TestClient(srv.url);
      await login(two, 'staff', other.staff.accountId);
      const pages = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 ? two.get(`/api/staff/units/${other.unit.id}/form-requests?limit=20`) : one.get(`/api/staff/units/${f.unit.id}/form-requests?limit=20`),
        ),
      );
      expect(pages.map((p) => p.status)).toEqual(Array(6).fill(200));
      for (const c of f.citizens) {
        const chain = await chainOf(c);
        expect(chain.filter((e) => e.action === 'form.list')).toHaveLength(6);
        await expectChainIntact(c);
      }
    });
  },
);
