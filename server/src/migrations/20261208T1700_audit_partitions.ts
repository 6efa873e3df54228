/**
 * The access log (audit_events) becomes a table partitioned by year (PostgreSQL declarative
 * partitioning, on PGlite as on a server), so retention drops a whole year's partition instead
 * of deleting rows — the append-only trigger stays on every row. A DEFAULT partition catches an
 * entry whose year has no partition yet (maintenance creates them ahead; docs/operations.md).
 * audit_anchors keeps, per chain, the last hash of what retention removed, so the chains stay
 * verifiable after old entries are gone (decision 74).
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = `
    id bigint NOT NULL DEFAULT nextval('audit_events_id_seq'),
    at timestamptz NOT NULL DEFAULT now(),
    citizen_id uuid,
    actor_kind text NOT NULL CONSTRAINT audit_events_actor_kind_check CHECK (actor_kind IN ('staff','citizen','representative','system','epj')),
    actor_staff_id uuid,
    actor_person_id uuid,
    actor_name text NOT NULL,
    actor_role text,
    unit_id uuid,
    unit_name text,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text,
    reason text,
    prev_hash text,
    hash text NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id, at)`;

/** The name of one year's partition (frozen here; modules/audit/audit-partitions.ts uses the same). */
function auditPartitionName(year: number): string {
  return `audit_events_y${year}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ first: number | null }>`SELECT extract(year FROM min(at) AT TIME ZONE 'UTC')::int AS first FROM audit_events`.execute(db);
  // eslint-disable-next-line no-restricted-syntax -- a migration imports no app code (it is history) and runs before any test sets the clock
  const thisYear = new Date().getUTCFullYear();
  const first = Math.min(rows[0]?.first ?? thisYear, thisYear);
  const statements = [
    `ALTER TABLE audit_events RENAME TO audit_events_unpartitioned`,
    `ALTER INDEX audit_events_citizen_idx RENAME TO audit_events_unpartitioned_citizen_idx`,
    `ALTER TABLE audit_events_unpartitioned RENAME CONSTRAINT audit_events_pkey TO audit_events_unpartitioned_pkey`,
    `ALTER TABLE audit_events_unpartitioned RENAME CONSTRAINT audit_events_actor_kind_check TO audit_events_unpartitioned_actor_kind_check`,
    `ALTER SEQUENCE audit_events_id_seq OWNED BY NONE`,
    `CREATE TABLE audit_events (${COLUMNS}) PARTITION BY RANGE (at)`,
    `CREATE INDEX audit_events_citizen_idx ON audit_events (citizen_id, id DESC)`,
    `CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT`,
  ];
  for (let y = first; y <= thisYear + 1; y++) {
    statements.push(`CREATE TABLE ${auditPartitionName(y)} PARTITION OF audit_events FOR VALUES FROM ('${y}-01-01T00:00:00Z') TO ('${y + 1}-01-01T00:00:00Z')`);
  }
  statements.push(
    `INSERT INTO audit_events SELECT id, at, citizen_id, actor_kind, actor_staff_id, actor_person_id, actor_name, actor_role, unit_id, unit_name,
       action, object_type, object_id, reason, prev_hash, hash FROM audit_events_unpartitioned ORDER BY id`,
    `DROP TABLE audit_events_unpartitioned`,
    `ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id`,
    `CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    // Per chain ('' is the system chain): the newest entry retention removed.
    `CREATE TABLE audit_anchors (
       chain text PRIMARY KEY,
       anchor_id bigint NOT NULL,
       anchor_hash text NOT NULL,
       archived_entries bigint NOT NULL,
       archived_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
