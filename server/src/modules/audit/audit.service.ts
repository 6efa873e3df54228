/**
 * The access log (logginnsyn). Every staff read or change of a citizen's data, and every
 * action of a representative, is written in the same transaction as the work. Each entry
 * carries the hash of the previous entry of the same citizen: one chain per citizen, so
 * writes for different citizens never wait for each other, and a chain lives with the
 * citizen's rows when the database is sharded by citizen. A trigger refuses UPDATE/DELETE.
 */
import type { DbOrTx } from '../../platform/jobs.ts';
import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import { pipelined } from '../../platform/pg-connection.ts';
import { now } from '../../platform/clock.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { visibleLogEntries } from '../../access/policy.ts';

export interface AuditEntry {
  citizenId: string | null;
  actorKind: 'staff' | 'citizen' | 'representative' | 'system' | 'epj';
  actorStaffId?: string | null;
  actorPersonId?: string | null;
  actorName: string;
  actorRole?: string | null;
  unitId?: string | null;
  unitName?: string | null;
  /** What was done, e.g. 'thread.read', 'attachment.read', 'message.send'. */
  action: string;
  objectType: string;
  objectId?: string | null;
  reason?: string | null;
}

const FIELDS = [
  'at',
  'citizen_id',
  'actor_kind',
  'actor_staff_id',
  'actor_person_id',
  'actor_name',
  'actor_role',
  'unit_id',
  'unit_name',
  'action',
  'object_type',
  'object_id',
  'reason',
] as const;
type HashedRow = { [K in (typeof FIELDS)[number]]: unknown };

/** The hash of an entry: SHA-256 over the previous hash and the entry's fields in a fixed order. */
export function entryHash(prevHash: string | null, row: HashedRow): string {
  const at = row.at instanceof Date ? row.at.toISOString() : new Date(String(row.at)).toISOString();
  const canonical = JSON.stringify([prevHash ?? '', ...FIELDS.map((f) => (f === 'at' ? at : (row[f] ?? null)))]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends an entry; must run inside the transaction of the work it records. */
export async function recordAudit(tx: Transaction<DB>, e: AuditEntry): Promise<void> {
  await recordAudits(tx, [e]);
}

/** The lock key of the system chain (entries about no citizen; its anchor is kept under ''). */
const SYSTEM_CHAIN = '00000000-0000-0000-0000-000000000000';

/**
 * The newest hash of each chain ('' is the system chain), in one statement: the chain's newest
 * entry, or — for a chain's first entry, or the first after retention removed all of it — the
 * anchor retention left (maintenance.ts archives a year). COALESCE and CASE evaluate a subquery
 * only when it is needed, so a chain with entries costs one index probe (citizen_id, id DESC),
 * as a read per chain did.
 */
const HEADS = `SELECT c.chain, COALESCE(
    CASE WHEN c.chain = ''
      THEN (SELECT e.hash FROM audit_events e WHERE e.citizen_id IS NULL ORDER BY e.id DESC LIMIT 1)
      ELSE (SELECT e.hash FROM audit_events e WHERE e.citizen_id = c.chain::uuid ORDER BY e.id DESC LIMIT 1)
    END,
    (SELECT a.anchor_hash FROM audit_anchors a WHERE a.chain = c.chain)) AS hash
  FROM unnest($1::text[]) AS c(chain)`;

/**
 * Every entry in one statement, whatever their number (one SQL text, so it is prepared once per
 * connection): one array per column, unnested in step. The rows are inserted in the order given
 * (ORDER BY the position), so their ids — the sequence's next values, drawn as the rows are
 * inserted — keep two entries of one chain in the order their hashes link them.
 */
const INSERT = `INSERT INTO audit_events
    (at, citizen_id, actor_kind, actor_staff_id, actor_person_id, actor_name, actor_role, unit_id, unit_name, action, object_type, object_id, reason, prev_hash, hash)
  SELECT at, citizen_id, actor_kind, actor_staff_id, actor_person_id, actor_name, actor_role, unit_id, unit_name, action, object_type, object_id, reason, prev_hash, hash
  FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[],
              $12::text[], $13::text[], $14::text[], $15::text[])
    WITH ORDINALITY AS r(at, citizen_id, actor_kind, actor_staff_id, actor_person_id, actor_name, actor_role, unit_id, unit_name, action, object_type,
                         object_id, reason, prev_hash, hash, n)
  ORDER BY n`;

/**
 * Appends entries, possibly for many citizens (a list shown to staff writes one per patient);
 * must run inside the transaction of the work it records. Three statements, whatever the number
 * of entries, sent together and waited for once:
 *
 * 1. the advisory locks of every chain the call writes, taken in one statement in one global
 *    order (sorted by lock key): each chain has one writer at a time, and two transactions that
 *    log the same patients in different orders (a list by time and a list newest-first) can never
 *    wait for each other in a cycle — they deadlocked before the locks were sorted;
 * 2. the heads of those chains, in one query. It is a statement of its own, after the locks: in
 *    READ COMMITTED each statement reads what was committed when it starts, so it sees the entries
 *    of the transaction that held a lock before us (a read in the lock's statement would not);
 * 3. all the entries in one INSERT, each hashed over its chain's head (or the entry before it of
 *    the same chain in this call). It is not waited for; the transaction's COMMIT fails if it does.
 *
 * Before, each entry read its chain's head (and a new chain its anchor) and was inserted on its
 * own: for a page of 20 patients 41 statements, 20 of them waited for (61 and 40 when the chains
 * are new) (decision 103).
 */
export async function recordAudits(tx: Transaction<DB>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const chains = [...new Set(entries.map((e) => e.citizenId ?? ''))];
  const lockKeys = chains.map((c) => c || SYSTEM_CHAIN);
  await pipelined(
    tx,
    sql`SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c, 42) AS k FROM unnest(${lockKeys}::text[]) AS c ORDER BY k) AS ordered`.compile(
      tx,
    ),
  );
  const heads = await tx.executeQuery<{ chain: string; hash: string | null }>(CompiledQuery.raw(HEADS, [chains]));
  const head = new Map(heads.rows.map((r) => [r.chain, r.hash]));
  // The app's time in milliseconds (not the database's now(), in microseconds), so the hash
  // recomputes exactly from what the database stores.
  const at = now();
  const cols: unknown[][] = Array.from({ length: 15 }, () => []);
  for (const e of entries) {
    const chain = e.citizenId ?? '';
    const row = {
      at,
      citizen_id: e.citizenId,
      actor_kind: e.actorKind,
      actor_staff_id: e.actorStaffId ?? null,
      actor_person_id: e.actorPersonId ?? null,
      actor_name: e.actorName,
      actor_role: e.actorRole ?? null,
      unit_id: e.unitId ?? null,
      unit_name: e.unitName ?? null,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId ?? null,
      reason: e.reason ?? null,
    };
    const prevHash = head.get(chain) ?? null;
    const hash = entryHash(prevHash, row);
    head.set(chain, hash);
    const values = [at.toISOString(), ...FIELDS.slice(1).map((f) => row[f]), prevHash, hash];
    values.forEach((v, i) => cols[i]!.push(v));
  }
  await pipelined(tx, CompiledQuery.raw(INSERT, cols));
}

type Verdict = { ok: true; checked: number } | { ok: false; checked: number; brokenId: number; citizenId: string | null; reason: string };

/**
 * Walks every chain; returns the first broken link (by id), or ok. The walk reads one snapshot
 * (a REPEATABLE READ, read-only transaction, unless it is given a transaction): on a database in
 * use, an entry whose transaction has not committed yet holds a lower id than entries committed
 * after it, so pages read at different moments could miss it and report the next entry of its
 * chain as broken. In one snapshot each chain is whole up to its newest committed entry, because
 * a writer links to a head that committed before it (the chain's lock).
 */
export async function verifyAuditChain(db: DbOrTx): Promise<Verdict> {
  if (db.isTransaction) return walkChains(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(walkChains);
}

async function walkChains(db: DbOrTx): Promise<Verdict> {
  // A chain whose oldest entries retention removed starts from its anchor (maintenance.ts).
  const last = new Map<string, string>((await db.selectFrom('audit_anchors').select(['chain', 'anchor_hash']).execute()).map((a) => [a.chain, a.anchor_hash]));
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(5000).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      const chain = r.citizen_id ?? '';
      const expectedPrev = last.get(chain) ?? null;
      if ((r.prev_hash ?? null) !== expectedPrev)
        return {
          ok: false,
          checked,
          brokenId: r.id,
          citizenId: r.citizen_id,
          reason: 'prev_hash does not match the previous entry (an entry was removed or inserted)',
        };
      if (entryHash(r.prev_hash, r) !== r.hash)
        return { ok: false, checked, brokenId: r.id, citizenId: r.citizen_id, reason: 'the entry was changed after it was written' };
      last.set(chain, r.hash);
      checked++;
      after = r.id;
    }
  }
}

/**
 * One page of a citizen's access log (logginnsyn), newest first, keyset paged by id. The policy's
 * SQL filter leaves out what the actor may not see (what is hidden from parents).
 */
export async function citizenAccessLog(db: DbOrTx, a: CitizenActor, cursor: string | undefined, limit: number) {
  let q = db
    .selectFrom('audit_events')
    .select(['id', 'at', 'actor_kind', 'actor_name', 'actor_role', 'unit_id', 'unit_name', 'action', 'object_type'])
    .where(visibleLogEntries(a, { citizenId: 'audit_events.citizen_id', objectId: 'audit_events.object_id', objectType: 'audit_events.object_type', action: 'audit_events.action' }))
    // The citizen's own actions are not access by others.
    .where((eb) => eb.or([eb('actor_kind', '<>', 'citizen'), eb('actor_person_id', '<>', a.subjectId)]));
  if (cursor) q = q.where('id', '<', Number(cursor));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: { kind: e.actor_kind, name: e.actor_name, role: e.actor_role },
      unit: e.unit_id ? { id: e.unit_id, name: e.unit_name ?? '' } : null,
      action: e.action,
      objectType: e.object_type,
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
  };
}
