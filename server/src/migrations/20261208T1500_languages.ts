/**
 * Languages (issue 23): each person's and staff member's chosen language (nb, nn, se, en; NULL:
 * not chosen, bokmål for what the server writes), and unit-written service texts per language
 * (`unit_services.texts`: {"nn": {"intro": "...", "topics": ["..."]}, "se": {...}, "en": {...}};
 * the bokmål text stays in intro_text/topics and is the fallback).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE persons ADD COLUMN IF NOT EXISTS preferred_language text CHECK (preferred_language IN ('nb','nn','se','en'))`,
  `ALTER TABLE staff ADD COLUMN IF NOT EXISTS preferred_language text CHECK (preferred_language IN ('nb','nn','se','en'))`,
  `ALTER TABLE unit_services ADD COLUMN IF NOT EXISTS texts jsonb NOT NULL DEFAULT '{}'::jsonb`,
];

/** Adds the language columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
