/**
 * A result's value keeps its comparator (FHIR Quantity.comparator: `<`, `<=`, `>=`, `>`): "<5 mg/L"
 * is a value under the laboratory's limit, and was shown as "5 mg/L" (docs/records.md).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE record_observations ADD COLUMN comparator text CHECK (comparator IN ('<', '<=', '>=', '>'))`).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
