/**
 * Files of a submitted response are tied to that response (`response_id`): the journal sends
 * them with it, the FHIR API serves them as Binary, and the files of a form in front of a
 * service (which has no form request) can be stored at all. `request_id` is now optional (a
 * service's form has none); a file belongs to a request, a response, or both. Files named in
 * responses already submitted are tied to them here.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE form_attachments ALTER COLUMN request_id DROP NOT NULL`,
  `ALTER TABLE form_attachments ADD COLUMN response_id uuid REFERENCES form_responses(id)`,
  `ALTER TABLE form_attachments ADD CONSTRAINT form_attachments_owner_chk CHECK (request_id IS NOT NULL OR response_id IS NOT NULL)`,
  `CREATE INDEX form_attachments_response_idx ON form_attachments (response_id) WHERE response_id IS NOT NULL`,
  `UPDATE form_attachments fa SET response_id = r.id
     FROM form_responses r
    WHERE r.request_id = fa.request_id AND r.status = 'completed'
      AND position(('urn:uuid:' || fa.id::text) in r.items::text) > 0`,
];

/** Ties form files to the response that names them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
