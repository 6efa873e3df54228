/**
 * SQL for representation: parental responsibility, powers of attorney, the clinicians' grants
 * (parent dialog, flexible dialog), items hidden from parents and the population register's data.
 * The rules are in the services (representation.service.ts, staff-representation.service.ts,
 * poa.service.ts, population.service.ts).
 */
import type { DbOrTx } from '../../platform/jobs.ts';
import type { HideableKind } from '../../access/policy.ts';

// ---- health contacts and people ----

/** A health contact with its patient's birth date, for the clinician routes. */
export async function findContactWithPatient(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.id', 'hc.unit_id', 'hc.citizen_id', 'p.birth_date', 'p.given_name'])
    .where('hc.id', '=', contactId)
    .executeTakeFirst();
}

/** A health contact's period and its patient's name, birth date and confidential flag. */
export async function contactPeriodAndPatient(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.started_at', 'hc.ends_at', 'hc.ended_at', 'p.given_name', 'p.family_name', 'p.birth_date', 'p.confidential_address'])
    .where('hc.id', '=', contactId)
    .executeTakeFirstOrThrow();
}

/** Whether a staff member works in a unit (any role). */
export async function staffInUnit(db: DbOrTx, staffId: string, unitId: string) {
  return db.selectFrom('staff_memberships').select('staff_id').where('staff_id', '=', staffId).where('unit_id', '=', unitId).executeTakeFirst();
}

/** A person, whole row. */
export async function personById(db: DbOrTx, id: string) {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A person by national identity number, whole row. */
export async function personByNationalId(db: DbOrTx, nationalId: string) {
  return db.selectFrom('persons').selectAll().where('national_id', '=', nationalId).executeTakeFirst();
}

/** A person's name. */
export async function personName(db: DbOrTx, id: string) {
  return db.selectFrom('persons').select(['given_name', 'family_name']).where('id', '=', id).executeTakeFirstOrThrow();
}

// ---- parental responsibility ----

/** The parents with parental responsibility for a child. */
export async function parentsOf(db: DbOrTx, childId: string) {
  return db
    .selectFrom('parental_responsibilities as pr')
    .innerJoin('persons as p', 'p.id', 'pr.parent_id')
    .select(['p.id', 'p.given_name', 'p.family_name'])
    .where('pr.child_id', '=', childId)
    .execute();
}

/** Whether a person has parental responsibility for a child. */
export async function findParentalResponsibility(db: DbOrTx, parentId: string, childId: string) {
  return db
    .selectFrom('parental_responsibilities')
    .select('parent_id')
    .where('parent_id', '=', parentId)
    .where('child_id', '=', childId)
    .executeTakeFirst();
}

/** The person, if they are a parent of the citizen or hold an unrevoked power of attorney from them. */
export async function findRelatedPerson(db: DbOrTx, personId: string, citizenId: string) {
  return db
    .selectFrom('persons')
    .select('id')
    .where('id', '=', personId)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('parental_responsibilities').select('parent_id').where('parent_id', '=', personId).where('child_id', '=', citizenId)),
        eb.exists(
          eb
            .selectFrom('powers_of_attorney')
            .select('id')
            .where('holder_id', '=', personId)
            .where('grantor_id', '=', citizenId)
            .where('revoked_at', 'is', null),
        ),
      ]),
    )
    .executeTakeFirst();
}

// ---- powers of attorney ----

/** The holders of a grantor's powers of attorney that are in force at `t`. */
export async function activePoaHolders(db: DbOrTx, grantorId: string, t: Date) {
  return db
    .selectFrom('powers_of_attorney as f')
    .innerJoin('persons as p', 'p.id', 'f.holder_id')
    .select(['p.id', 'p.given_name', 'p.family_name'])
    .where('f.grantor_id', '=', grantorId)
    .where('f.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('f.valid_until', 'is', null), eb('f.valid_until', '>', t)]))
    .execute();
}

/** Every power of attorney a person has given or received, newest first, with both names. */
export async function powersOfAttorneyOf(db: DbOrTx, personId: string) {
  return db
    .selectFrom('powers_of_attorney as f')
    .innerJoin('persons as g', 'g.id', 'f.grantor_id')
    .innerJoin('persons as h', 'h.id', 'f.holder_id')
    .select([
      'f.id',
      'f.grantor_id',
      'f.holder_id',
      'f.areas',
      'f.valid_from',
      'f.valid_until',
      'f.revoked_at',
      'g.given_name as g_given',
      'g.family_name as g_family',
      'h.given_name as h_given',
      'h.family_name as h_family',
    ])
    .where((eb) => eb.or([eb('f.grantor_id', '=', personId), eb('f.holder_id', '=', personId)]))
    .orderBy('f.created_at', 'desc')
    .execute();
}

export type PoaListRow = Awaited<ReturnType<typeof powersOfAttorneyOf>>[number];

/** Adds a power of attorney; returns its id. */
export async function insertPowerOfAttorney(
  db: DbOrTx,
  v: { grantor_id: string; holder_id: string; areas: string[]; valid_from: Date; valid_until: Date | null },
): Promise<string> {
  const row = await db.insertInto('powers_of_attorney').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One power of attorney, whole row. */
export async function findPowerOfAttorney(db: DbOrTx, id: string) {
  return db.selectFrom('powers_of_attorney').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a power of attorney. */
export async function revokePowerOfAttorney(db: DbOrTx, id: string, at: Date, by: string): Promise<void> {
  await db.updateTable('powers_of_attorney').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).execute();
}

// ---- clinicians' grants ----

/** A contact's parent-dialog grants, newest first, with the parent's name. */
export async function parentDialogGrantsOfContact(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('parent_dialog_grants as g')
    .innerJoin('persons as p', 'p.id', 'g.parent_id')
    .select(['g.id', 'g.valid_until', 'g.revoked_at', 'p.id as pid', 'p.given_name', 'p.family_name'])
    .where('g.contact_id', '=', contactId)
    .orderBy('g.created_at', 'desc')
    .execute();
}

/** A contact's flexible-dialog grants, newest first, with the person's name. */
export async function flexibleDialogsOfContact(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('flexible_dialogs as f')
    .innerJoin('persons as p', 'p.id', 'f.person_id')
    .select(['f.id', 'f.valid_until', 'f.revoked_at', 'f.addressed_role', 'p.id as pid', 'p.given_name', 'p.family_name'])
    .where('f.contact_id', '=', contactId)
    .orderBy('f.created_at', 'desc')
    .execute();
}

export type GrantKind = 'parent_dialog' | 'flexible_dialog';
const GRANT_TABLE = { parent_dialog: 'parent_dialog_grants', flexible_dialog: 'flexible_dialogs' } as const;

/** A grant of either kind with its contact's unit and citizen. */
export async function findGrant(db: DbOrTx, kind: GrantKind, grantId: string) {
  const table = GRANT_TABLE[kind];
  return db
    .selectFrom(`${table} as g` as 'parent_dialog_grants as g')
    .innerJoin('health_contacts as hc', 'hc.id', 'g.contact_id')
    .select(['g.id', 'g.revoked_at', 'hc.unit_id', 'hc.citizen_id'])
    .where('g.id', '=', grantId)
    .executeTakeFirst();
}

/** Ends a grant of either kind. */
export async function revokeGrant(db: DbOrTx, kind: GrantKind, grantId: string, at: Date): Promise<void> {
  await db
    .updateTable(GRANT_TABLE[kind] as 'parent_dialog_grants')
    .set({ revoked_at: at })
    .where('id', '=', grantId)
    .execute();
}

/** Adds a parent-dialog grant; returns its id. */
export async function insertParentDialogGrant(
  db: DbOrTx,
  v: { child_id: string; parent_id: string; contact_id: string; granted_by: string; reason: string; valid_from: Date; valid_until: Date },
): Promise<string> {
  const row = await db.insertInto('parent_dialog_grants').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a flexible-dialog grant; returns its id. */
export async function insertFlexibleDialog(
  db: DbOrTx,
  v: {
    contact_id: string;
    unit_id: string;
    citizen_id: string;
    person_id: string;
    addressed_role: 'doctor' | 'nurse' | 'secretary' | 'coordinator' | null;
    addressed_staff_id: string | null;
    granted_by: string;
    valid_from: Date;
    valid_until: Date;
  },
): Promise<string> {
  const row = await db.insertInto('flexible_dialogs').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

// ---- items hidden from parents ----

const HIDEABLE_TABLE = { thread: 'threads', appointment: 'appointments', letter: 'letters', record: 'record_items' } as const;

/** The unit and citizen of an item that can be hidden from parents (undefined when unknown). */
export async function findHideableItem(db: DbOrTx, objectType: HideableKind, objectId: string) {
  return db
    .selectFrom(HIDEABLE_TABLE[objectType] as 'threads')
    .select(['id', 'unit_id', 'citizen_id'])
    .where('id', '=', objectId)
    .executeTakeFirst()
    .catch(() => undefined);
}

/**
 * Marks an item hidden from parents (idempotent). A staff member's hiding of an item the EPJ had
 * hidden becomes theirs (decision 111): the EPJ's later versions can lift only its own hiding.
 */
export async function hideFromParents(db: DbOrTx, v: { object_type: string; object_id: string; citizen_id: string; hidden_by: string }): Promise<void> {
  await db
    .insertInto('hidden_from_parents')
    .values(v)
    .onConflict((oc) =>
      oc
        .columns(['object_type', 'object_id'])
        .doUpdateSet({ hidden_by: v.hidden_by, hidden_by_epj: null })
        .where('hidden_from_parents.hidden_by_epj', 'is not', null),
    )
    .execute();
}

/** Shows an item to parents again. */
export async function showToParents(db: DbOrTx, objectType: string, objectId: string): Promise<void> {
  await db.deleteFrom('hidden_from_parents').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
}

// ---- the population register ----

/** The id of the person with a national identity number. */
export async function personIdByNationalId(db: DbOrTx, nationalId: string) {
  return db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirst();
}

/** Sets a person's address key and confidential-address flag. */
export async function updatePersonAddress(db: DbOrTx, id: string, set: { address_key?: string | null; confidential_address?: boolean }): Promise<void> {
  await db.updateTable('persons').set(set).where('id', '=', id).execute();
}

/** The ids of the people with these national identity numbers. */
export async function personsByNationalIds(db: DbOrTx, nationalIds: string[]) {
  return db.selectFrom('persons').select(['id', 'national_id']).where('national_id', 'in', nationalIds).execute();
}

/** Replaces the list of children a parent has parental responsibility for. */
export async function replaceChildren(db: DbOrTx, parentId: string, childIds: string[]): Promise<void> {
  await db.deleteFrom('parental_responsibilities').where('parent_id', '=', parentId).execute();
  if (childIds.length)
    await db
      .insertInto('parental_responsibilities')
      .values(childIds.map((id) => ({ parent_id: parentId, child_id: id })))
      .execute();
}

// ---- the session's choice ----

/** Sets whom a session acts for (null: oneself). */
export async function setSessionActingFor(db: DbOrTx, idHash: string, actingForId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ acting_for_id: actingForId }).where('id_hash', '=', idHash).execute();
}

// ---- who may act for whom (representation.service.ts, evaluated on every request) ----

/** A person as the representation rules need them: name, birth date, address key and whether it is confidential. */
export async function personForRepresentation(db: DbOrTx, id: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'given_name', 'family_name', 'birth_date', 'address_key', 'confidential_address'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The contacts (and ends) of a parent's dialog grants for a child that are in their period at `now` and not revoked. */
export async function openParentDialogGrants(db: DbOrTx, parentId: string, childId: string, now: Date) {
  return db
    .selectFrom('parent_dialog_grants')
    .select(['contact_id', 'valid_until'])
    .where('child_id', '=', childId)
    .where('parent_id', '=', parentId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .execute();
}

/** The areas and ends of the powers of attorney from a grantor to a holder that are in force at `now`. */
export async function poasInForce(db: DbOrTx, grantorId: string, holderId: string, now: Date) {
  return db
    .selectFrom('powers_of_attorney')
    .select(['areas', 'valid_until'])
    .where('grantor_id', '=', grantorId)
    .where('holder_id', '=', holderId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .execute();
}

/** The contacts where a flexible dialog is granted to a person for a citizen at `now`. */
export async function openFlexibleDialogContacts(db: DbOrTx, personId: string, citizenId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('flexible_dialogs')
    .select('contact_id')
    .where('person_id', '=', personId)
    .where('citizen_id', '=', citizenId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .execute();
  return rows.map((r) => r.contact_id);
}

/** Whether a flexible dialog grant is in its period and not revoked at `now`. */
export async function flexibleDialogIsOpen(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('flexible_dialogs')
    .select('id')
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .executeTakeFirst();
  return !!row;
}

/** A flexible dialog grant's end of period and revocation, or undefined. */
export async function flexibleDialogPeriod(db: DbOrTx, id: string) {
  return db.selectFrom('flexible_dialogs').select(['valid_until', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** The flexible dialog a person has in a contact at `now` (the one lasting longest), or undefined. */
export async function openFlexibleDialogInContact(db: DbOrTx, personId: string, contactId: string, now: Date) {
  return db
    .selectFrom('flexible_dialogs')
    .select(['id', 'addressed_role', 'addressed_staff_id', 'valid_until'])
    .where('person_id', '=', personId)
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .orderBy('valid_until', 'desc')
    .executeTakeFirst();
}

/** The children a person has parental responsibility for (candidates; the rules decide). */
export async function childIdsOf(db: DbOrTx, parentId: string) {
  return db.selectFrom('parental_responsibilities').select('child_id as id').where('parent_id', '=', parentId).execute();
}

/** The grantors of the unrevoked powers of attorney a person holds (candidates; the rules decide). */
export async function poaGrantorIdsOf(db: DbOrTx, holderId: string) {
  return db.selectFrom('powers_of_attorney').select('grantor_id as id').where('holder_id', '=', holderId).where('revoked_at', 'is', null).execute();
}

/** Everyone registered with parental responsibility for a child (candidates; the rules decide). */
export async function parentIdsOf(db: DbOrTx, childId: string) {
  return db.selectFrom('parental_responsibilities').select('parent_id as id').where('child_id', '=', childId).execute();
}

/** The holders of a grantor's unrevoked powers of attorney (candidates; the rules decide). */
export async function poaHolderIdsOf(db: DbOrTx, grantorId: string) {
  return db.selectFrom('powers_of_attorney').select('holder_id as id').where('grantor_id', '=', grantorId).where('revoked_at', 'is', null).execute();
}

/** Whether an item is hidden from parents. */
export async function isHiddenFromParents(db: DbOrTx, objectType: string, objectId: string): Promise<boolean> {
  const row = await db
    .selectFrom('hidden_from_parents')
    .select('object_id')
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  return !!row;
}

/** A person's phone number and e-mail address, or undefined. */
export async function contactDetails(db: DbOrTx, id: string) {
  return db.selectFrom('persons').select(['phone', 'email']).where('id', '=', id).executeTakeFirst();
}
