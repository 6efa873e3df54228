/**
 * Fee rules (core/src/fees.ts): a billing line records whether the patient was exempt and why
 * (under 16, frikort) and the consultation date it was decided on; frikort periods are kept per
 * citizen so the fee of an answer can be decided on the consultation date.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE billing_lines ADD COLUMN IF NOT EXISTS exempt_reason text CHECK (exempt_reason IN ('under_16','frikort'))`,
  `ALTER TABLE billing_lines ADD COLUMN IF NOT EXISTS consultation_date date`,
  `CREATE TABLE IF NOT EXISTS fee_exemptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    kind text NOT NULL CHECK (kind IN ('frikort')),
    valid_from date NOT NULL,
    valid_to date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to >= valid_from)
  )`,
  `CREATE INDEX IF NOT EXISTS fee_exemptions_citizen ON fee_exemptions (citizen_id, valid_to)`,
];

/** Adds the exemption columns of billing lines and the frikort table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
