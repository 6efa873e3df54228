/**
 * The access log's yearly partitions (migration 20261208T1700): maintenance creates next years'
 * partitions ahead of time and, past the access log's retention, archives a whole year: it keeps
 * per chain the hash of that year's newest entry (audit_anchors, so every chain still verifies),
 * optionally writes the year to a gzip'd NDJSON file first, then detaches and drops the partition.
 * No row is ever deleted: the append-only trigger stays; retention removes whole tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

/** One year's partition, as migration 20261208T1700 named the first ones. */
export function auditPartitionName(year: number): string {
  return `audit_events_y${year}`;
}
const PARTITION = /^audit_events_y(\d{4})$/;

/** The years that have a partition, oldest first. */
export async function auditPartitionYears(db: Db): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'audit_events'::regclass`.execute(db);
  return rows
    .map((r) => PARTITION.exec(r.name)?.[1])
    .filter((y): y is string => y !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Makes sure the years from `from` to `to` have partitions. A year whose entries already sit in
 * the DEFAULT partition (the server's clock ran ahead of maintenance) cannot get one; it is left
 * there and reported, and nothing is lost.
 */
export async function ensureAuditPartitions(db: Db, from: number, to: number): Promise<{ created: number[]; blocked: number[] }> {
  const have = new Set(await auditPartitionYears(db));
  const created: number[] = [];
  const blocked: number[] = [];
  for (let y = from; y <= to; y++) {
    if (have.has(y)) continue;
    const start = `${y}-01-01T00:00:00Z`;
    const end = `${y + 1}-01-01T00:00:00Z`;
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_events_default WHERE at >= ${start}::timestamptz AND at < ${end}::timestamptz`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) {
      blocked.push(y);
      continue;
    }
    await sql.raw(`CREATE TABLE IF NOT EXISTS ${auditPartitionName(y)} PARTITION OF audit_events FOR VALUES FROM ('${start}') TO ('${end}')`).execute(db);
    created.push(y);
  }
  return { created, blocked };
}

/** Writes one year's entries, in id order, as gzip'd NDJSON; returns the file's path. */
async function exportYear(db: Db, year: number, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `audit-${year}.ndjson.gz`);
  const tmp = `${file}.partial`;
  const table = auditPartitionName(year);
  async function* lines() {
    let after = 0;
    for (;;) {
      const { rows } = await sql<
        Record<string, unknown> & { id: number }
      >`SELECT * FROM ${sql.table(table)} WHERE id > ${after} ORDER BY id LIMIT 5000`.execute(db);
      if (rows.length === 0) return;
      for (const r of rows) yield `${JSON.stringify(r)}\n`;
      after = Number(rows.at(-1)!.id);
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), fs.createWriteStream(tmp));
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Archives every year that ended before `cutoff`: anchors kept, file written when `archiveDir`
 * is set, partition dropped. Returns the years archived and how many entries went.
 */
export async function archiveAuditYears(db: Db, cutoff: Date, archiveDir?: string): Promise<{ years: number[]; entries: number }> {
  const years = (await auditPartitionYears(db)).filter((y) => Date.UTC(y + 1, 0, 1) <= cutoff.getTime());
  let entries = 0;
  for (const year of years) {
    if (archiveDir) await exportYear(db, year, archiveDir);
    const table = auditPartitionName(year);
    entries += await db.transaction().execute(async (tx) => {
      // Nothing may be appended to the year while it is anchored and dropped.
      await sql`LOCK TABLE ${sql.table(table)} IN ACCESS EXCLUSIVE MODE`.execute(tx);
      const { rows } = await sql<{ n: number }>`
        WITH newest AS (
          SELECT DISTINCT ON (coalesce(citizen_id::text, '')) coalesce(citizen_id::text, '') AS chain, id, hash
          FROM ${sql.table(table)} ORDER BY coalesce(citizen_id::text, ''), id DESC
        ), counts AS (
          SELECT coalesce(citizen_id::text, '') AS chain, count(*) AS n FROM ${sql.table(table)} GROUP BY 1
        ), upserted AS (
          INSERT INTO audit_anchors (chain, anchor_id, anchor_hash, archived_entries)
          SELECT newest.chain, newest.id, newest.hash, counts.n FROM newest JOIN counts USING (chain)
          ON CONFLICT (chain) DO UPDATE SET
            anchor_id = EXCLUDED.anchor_id, anchor_hash = EXCLUDED.anchor_hash,
            archived_entries = audit_anchors.archived_entries + EXCLUDED.archived_entries, archived_at = now()
          WHERE audit_anchors.anchor_id < EXCLUDED.anchor_id
          RETURNING 1
        )
        SELECT coalesce((SELECT sum(n) FROM counts), 0)::int AS n`.execute(tx);
      await sql.raw(`ALTER TABLE audit_events DETACH PARTITION ${table}`).execute(tx);
      await sql.raw(`DROP TABLE ${table}`).execute(tx);
      return rows[0]?.n ?? 0;
    });
  }
  return { years, entries };
}
