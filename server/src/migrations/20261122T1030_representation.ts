/** Representation: clinician grants of dialog to parents of youths, items hidden from parents, flexible dialog. */
import { sql, type Kysely } from 'kysely';

const statements = [
  // A clinician, after assessing it, lets a parent of a 12–16-year-old use dialog in one contact for a period.
  `CREATE TABLE parent_dialog_grants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    child_id uuid NOT NULL REFERENCES persons(id),
    parent_id uuid NOT NULL REFERENCES persons(id),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    granted_by uuid NOT NULL REFERENCES staff(id),
    reason text,
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_until timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX parent_dialog_grants_idx ON parent_dialog_grants (child_id, parent_id)`,
  // Items a clinician hid from parents (any kind: thread, appointment, letter, document).
  `CREATE TABLE hidden_from_parents (
    object_type text NOT NULL,
    object_id uuid NOT NULL,
    citizen_id uuid NOT NULL REFERENCES persons(id),
    hidden_by uuid NOT NULL REFERENCES staff(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (object_type, object_id)
  )`,
  `CREATE INDEX hidden_from_parents_citizen_idx ON hidden_from_parents (citizen_id)`,
  // Flexible dialog: extended dialog for chosen people for a period, addressed to roles or persons.
  `CREATE TABLE flexible_dialogs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    contact_id uuid NOT NULL REFERENCES health_contacts(id),
    unit_id uuid NOT NULL REFERENCES units(id),
    citizen_id uuid NOT NULL REFERENCES persons(id),
    person_id uuid NOT NULL REFERENCES persons(id),
    addressed_role text,
    addressed_staff_id uuid REFERENCES staff(id),
    granted_by uuid NOT NULL REFERENCES staff(id),
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_until timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX flexible_dialogs_person_idx ON flexible_dialogs (person_id, citizen_id)`,
  `CREATE INDEX flexible_dialogs_unit_idx ON flexible_dialogs (unit_id)`,
  // Whether a unit lets youths (12–16) use dialog themselves.
  `ALTER TABLE units ADD COLUMN youth_dialog boolean NOT NULL DEFAULT true`,
  // Who started a thread on the citizen side (the citizen, or someone acting for them).
  `ALTER TABLE threads ADD COLUMN created_by_person_id uuid REFERENCES persons(id)`,
  // A flexible dialog may address a role in the unit (e.g. the coordinator) rather than a person.
  `ALTER TABLE threads ADD COLUMN addressed_role text`,
];

/** Creates the representation tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
