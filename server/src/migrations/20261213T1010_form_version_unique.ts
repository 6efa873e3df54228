/**
 * A form's `version` names one version: the FHIR API answers `url|version` (a response's
 * `questionnaire`, a search by it), so two imports with the same version string made it
 * ambiguous. The import now refuses a version the form has (422 QUESTIONNAIRE_INVALID), and this
 * index keeps it so. Duplicates from before (none in the demo data, which imports each form once)
 * are told apart first: a later one becomes "<version> (<seq>)".
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `UPDATE form_versions v SET version = v.version || ' (' || v.seq || ')'
    WHERE EXISTS (SELECT 1 FROM form_versions o WHERE o.form_id = v.form_id AND o.version = v.version AND o.seq < v.seq)`,
  // version is NOT NULL (an import without one gets its sequence number), so the index needs no WHERE.
  `CREATE UNIQUE INDEX form_versions_version_uq ON form_versions (form_id, version)`,
];

/** One version per version string. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
