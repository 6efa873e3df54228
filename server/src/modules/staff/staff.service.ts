/** The staff member themself: the units they work in. */
import type { Db } from '../../platform/db.ts';

/** The units a staff member works in, by name, with their role and whether they administer it. */
export async function unitsOfStaff(db: Db, staffId: string) {
  const rows = await db
    .selectFrom('staff_memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.name', 'u.kind', 'o.name as organisation_name', 'm.role', 'm.is_admin'])
    .where('m.staff_id', '=', staffId)
    .orderBy('u.name')
    .execute();
  return rows.map((u) => ({ id: u.id, name: u.name, kind: u.kind, organisationName: u.organisation_name, role: u.role, isAdmin: u.is_admin }));
}
