/**
 * A record PDF (record_binaries) belongs to the one item it was first attached to, for good
 * (decision 113): `item_id` and `citizen_id` are set when a DocumentReference or DiagnosticReport
 * first points to it and never change, so the access log's release filter and the EPJ's Binary
 * read find the item (and the patient) of a PDF the EPJ has since replaced — record_items.binary_id
 * names only the current one.
 *
 * Existing PDFs are bound from every version ever shared (record_item_versions keeps each
 * version's resource, whose attachment url is `Binary/<id>`), to the earliest item that named them.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE record_binaries ADD COLUMN item_id uuid REFERENCES record_items(id)`,
  `ALTER TABLE record_binaries ADD COLUMN citizen_id uuid REFERENCES persons(id)`,
  `ALTER TABLE record_binaries ADD CONSTRAINT record_binaries_bound_whole CHECK ((item_id IS NULL) = (citizen_id IS NULL))`,
  `WITH named AS (
     SELECT v.item_id, i.citizen_id, i.registered_at, v.version,
            substr(coalesce(v.resource->'content'->0->'attachment'->>'url', v.resource->'presentedForm'->0->>'url'), 8) AS binary_id
     FROM record_item_versions v JOIN record_items i ON i.id = v.item_id
     UNION ALL
     SELECT i.id, i.citizen_id, i.registered_at, i.version, i.binary_id::text FROM record_items i WHERE i.binary_id IS NOT NULL
   ), first AS (
     SELECT DISTINCT ON (binary_id) binary_id, item_id, citizen_id
     FROM named
     WHERE binary_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     ORDER BY binary_id, registered_at, item_id, version
   )
   UPDATE record_binaries b SET item_id = first.item_id, citizen_id = first.citizen_id
   FROM first WHERE b.id = first.binary_id::uuid`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
