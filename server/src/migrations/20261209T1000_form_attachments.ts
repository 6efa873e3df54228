/**
 * Files attached to a form's answers (a Questionnaire item of type `attachment`): uploaded through
 * the same checks as a message's attachments (type by content, size, malware scan), kept with the
 * form sent to the patient, and named in the answers by `urn:uuid:<id>` only.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE form_attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id uuid NOT NULL REFERENCES form_requests(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    uploaded_by_person_id uuid NOT NULL REFERENCES persons(id),
    filename text NOT NULL,
    content_type text NOT NULL,
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    data bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX form_attachments_request_idx ON form_attachments (request_id)`,
];

/** Creates the table of files attached to form answers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
