/** SQL for health contacts. */
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { ContactSource, UnitKind } from '../../platform/db-types.ts';

/** A health contact with its unit, as lists show it. */
export interface ContactRow {
  id: string;
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  organisationName: string;
  source: ContactSource;
  startedAt: Date;
  endsAt: Date | null;
  endedAt: Date | null;
  gpName: string | null;
}

/** All health contacts of a citizen, newest first, with unit and GP in one query. */
export async function listContactsOfCitizen(db: Db, citizenId: string): Promise<ContactRow[]> {
  const rows = await db
    .selectFrom('health_contacts as hc')
    .innerJoin('units as u', 'u.id', 'hc.unit_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .leftJoin('staff as gp', 'gp.id', 'hc.gp_staff_id')
    .select([
      'hc.id',
      'hc.unit_id',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'o.name as organisation_name',
      'hc.source',
      'hc.started_at',
      'hc.ends_at',
      'hc.ended_at',
      'gp.given_name as gp_given',
      'gp.family_name as gp_family',
    ])
    .where('hc.citizen_id', '=', citizenId)
    .orderBy('hc.started_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitKind: r.unit_kind,
    organisationName: r.organisation_name,
    source: r.source,
    startedAt: r.started_at,
    endsAt: r.ends_at,
    endedAt: r.ended_at,
    gpName: r.gp_given ? `${r.gp_given} ${r.gp_family}` : null,
  }));
}

/** The person with a national identity number, with their name. */
export async function personByNationalId(db: DbOrTx, nationalId: string) {
  return db.selectFrom('persons').select(['id', 'given_name', 'family_name']).where('national_id', '=', nationalId).executeTakeFirst();
}

/** Whether a staff member is a doctor in a unit. */
export async function doctorInUnit(db: DbOrTx, staffId: string, unitId: string) {
  return db
    .selectFrom('staff_memberships')
    .select('staff_id')
    .where('staff_id', '=', staffId)
    .where('unit_id', '=', unitId)
    .where('role', '=', 'doctor')
    .executeTakeFirst();
}

/** A health contact of the unit (whole row), or undefined. */
export async function contactOfUnit(db: DbOrTx, contactId: string, unitId: string) {
  return db.selectFrom('health_contacts').selectAll().where('id', '=', contactId).where('unit_id', '=', unitId).executeTakeFirst();
}

/** A citizen's health contacts with a unit that have not been ended by hand. */
export async function unendedContacts(db: DbOrTx, citizenId: string, unitId: string) {
  return db
    .selectFrom('health_contacts')
    .select(['id', 'started_at', 'ends_at', 'ended_at'])
    .where('citizen_id', '=', citizenId)
    .where('unit_id', '=', unitId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Adds a health contact; returns the whole row. */
export async function insertContact(
  db: DbOrTx,
  v: { citizen_id: string; unit_id: string; source: ContactSource; gp_staff_id: string | null; started_at: Date; ends_at: Date | null },
) {
  return db.insertInto('health_contacts').values(v).returningAll().executeTakeFirstOrThrow();
}

/** A health contact with its patient's name, locked for update. */
export async function lockContactWithPatient(db: DbOrTx, contactId: string) {
  return db
    .selectFrom('health_contacts as hc')
    .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
    .select(['hc.id', 'hc.unit_id', 'hc.citizen_id', 'hc.source', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'p.given_name', 'p.family_name'])
    .where('hc.id', '=', contactId)
    .forUpdate('hc')
    .executeTakeFirst();
}

/** Ends a health contact. */
export async function setContactEnded(db: DbOrTx, contactId: string, endedAt: Date): Promise<void> {
  await db.updateTable('health_contacts').set({ ended_at: endedAt }).where('id', '=', contactId).execute();
}
