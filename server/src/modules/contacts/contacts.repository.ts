/** SQL for health contacts. */
import type { Db } from '../../platform/db.ts';
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
