/**
 * The access log (logginnsyn). Every staff read or change of a citizen's data, and every
 * action of a representative, is written in the same transaction as the work. Each entry
 * carries the hash of the previous entry of the same citizen: one chain per citizen, so
 * writes for different citizens never wait for each other, and a chain lives with the
 * citizen's rows when the database is sharded by citizen. A trigger refuses UPDATE/DELETE.
 */
import type { DbOrTx } from '../../platform/jobs.ts';
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import { pipelined } from '../../platform/pg-connection.ts';
import { compiledTemplate, template } from '../../platform/query-template.ts';
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

// Query templates (query-template.ts): the chain's head and the insert are built once.
const lastHashOf = template((db, a: { citizenId: string }) =>
  db.selectFrom('audit_events').select('hash').where('citizen_id', '=', a.citizenId).orderBy('id', 'desc').limit(1),
);
const lastSystemHash = template((db, _a: Record<string, never>) =>
  db.selectFrom('audit_events').select('hash').where('citizen_id', 'is', null).orderBy('id', 'desc').limit(1),
);
/** Where a chain whose every entry retention removed goes on from (maintenance.ts archives a year). */
const anchorOf = template((db, a: { chain: string }) => db.selectFrom('audit_anchors').select('anchor_hash as hash').where('chain', '=', a.chain));
type EntryRow = { [K in (typeof FIELDS)[number]]: Insertable<DB['audit_events']>[K] } & { prev_hash: string | null; hash: string };
const insertEntry = compiledTemplate((db, r: EntryRow) =>
  db.insertInto('audit_events').values({
    at: r.at,
    citizen_id: r.citizen_id,
    actor_kind: r.actor_kind,
    actor_staff_id: r.actor_staff_id,
    actor_person_id: r.actor_person_id,
    actor_name: r.actor_name,
    actor_role: r.actor_role,
    unit_id: r.unit_id,
    unit_name: r.unit_name,
    action: r.action,
    object_type: r.object_type,
    object_id: r.object_id,
    reason: r.reason,
    prev_hash: r.prev_hash,
    hash: r.hash,
  }),
);

/** Appends an entry; must run inside the transaction of the work it records. */
export async function recordAudit(tx: Transaction<DB>, e: AuditEntry): Promise<void> {
  await recordAudits(tx, [e]);
}

const SYSTEM_CHAIN = '00000000-0000-0000-0000-000000000000';

/**
 * Appends entries, possibly for many citizens (a list shown to staff writes one per patient);
 * must run inside the transaction of the work it records. Each chain is serialised by an
 * advisory lock on its citizen, and all the locks a call needs are taken first, in one global
 * order (sorted by lock key), in one statement: two transactions that log the same patients in
 * different orders (a list by time and a list newest-first) can then never wait for each other
 * in a cycle — they deadlocked before. A transaction that logs several patients does so in one
 * call, so its locks are taken in that order too.
 */
export async function recordAudits(tx: Transaction<DB>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const chains = [...new Set(entries.map((e) => e.citizenId ?? SYSTEM_CHAIN))];
  if (chains.length === 1) {
    await pipelined(tx, sql`SELECT pg_advisory_xact_lock(hashtextextended(${chains[0]!}, 42))`.compile(tx));
  } else {
    await pipelined(
      tx,
      sql`SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c, 42) AS k FROM unnest(${chains}::text[]) AS c ORDER BY k) AS ordered`.compile(
        tx,
      ),
    );
  }
  for (const e of entries) {
    const prev =
      (e.citizenId ? (await lastHashOf(tx, { citizenId: e.citizenId }))[0] : (await lastSystemHash(tx, {}))[0]) ??
      // Only a chain's first entry, or the first after retention removed all of it, looks further.
      (await anchorOf(tx, { chain: e.citizenId ?? '' }))[0];
    // The app's time in milliseconds (not the database's now(), in microseconds), so the hash
    // recomputes exactly from what the database stores.
    const at = now();
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
    const prevHash = prev?.hash ?? null;
    // The insert is not waited for; the transaction's COMMIT fails if it does.
    await pipelined(tx, insertEntry(tx, { ...row, prev_hash: prevHash, hash: entryHash(prevHash, row) }));
  }
}

/** Walks every chain; returns the first broken link (by id), or ok. */
export async function verifyAuditChain(
  db: DbOrTx,
): Promise<{ ok: true; checked: number } | { ok: false; checked: number; brokenId: number; citizenId: string | null; reason: string }> {
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
    .where(visibleLogEntries(a, { citizenId: 'audit_events.citizen_id', objectId: 'audit_events.object_id', action: 'audit_events.action' }))
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
