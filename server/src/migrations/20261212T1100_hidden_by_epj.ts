/**
 * A record item can be hidden from parents by the record system that shares it (issue 21): the
 * EPJ marks the DocumentReference, ServiceRequest or DiagnosticReport with the security label
 * `hidden-from-parents` (docs/records.md). Such a hiding has no staff member behind it: it names
 * the FHIR client instead, and the EPJ's later versions of the item keep or lift it (never a
 * clinician's own hiding).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE hidden_from_parents ALTER COLUMN hidden_by DROP NOT NULL`).execute(db);
  await sql.raw(`ALTER TABLE hidden_from_parents ADD COLUMN hidden_by_epj text`).execute(db);
  await sql
    .raw(`ALTER TABLE hidden_from_parents ADD CONSTRAINT hidden_from_parents_by_one CHECK ((hidden_by IS NULL) <> (hidden_by_epj IS NULL))`)
    .execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
