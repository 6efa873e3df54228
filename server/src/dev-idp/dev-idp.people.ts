/** The people the development IdP offers, with a line saying who each one is in the demo. */
import { ageOn, todayInOslo } from '../platform/time.ts';
import type { Db } from '../platform/db.ts';
import type { DemoPerson } from './dev-idp.page.ts';

const ROLE_NB: Record<string, string> = { doctor: 'lege', nurse: 'sykepleier', secretary: 'sekretær', coordinator: 'koordinator' };

/** Lists citizens or staff with a short description derived from the data. */
export async function listDemoPeople(db: Db, kind: 'citizen' | 'staff'): Promise<DemoPerson[]> {
  if (kind === 'staff') {
    const rows = await db
      .selectFrom('staff')
      .innerJoin('staff_memberships as m', 'm.staff_id', 'staff.id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select(['staff.hpr_number', 'staff.given_name', 'staff.family_name', 'staff.title', 'm.role', 'm.is_admin', 'u.name as unit_name'])
      .orderBy('staff.family_name')
      .orderBy('staff.given_name')
      .limit(200)
      .execute();
    const byId = new Map<string, DemoPerson>();
    for (const r of rows) {
      const id = `s:${r.hpr_number}`;
      const line = `${ROLE_NB[r.role] ?? r.role}${r.is_admin ? ' (administrator)' : ''}, ${r.unit_name}`;
      const p = byId.get(id);
      if (p) p.description += `; ${line}`;
      else byId.set(id, { accountId: id, name: `${r.given_name} ${r.family_name}`, description: `${r.title} — ${line}`, identifier: `HPR ${r.hpr_number}` });
    }
    return [...byId.values()];
  }
  const people = await db
    .selectFrom('persons')
    .select(['id', 'national_id', 'given_name', 'family_name', 'birth_date'])
    .orderBy('family_name')
    .orderBy('given_name')
    .limit(200)
    .execute();
  const children = await db
    .selectFrom('parental_responsibilities as pr')
    .innerJoin('persons as c', 'c.id', 'pr.child_id')
    .select(['pr.parent_id', 'c.given_name', 'c.birth_date'])
    .execute();
  const poas = await db
    .selectFrom('powers_of_attorney as f')
    .innerJoin('persons as g', 'g.id', 'f.grantor_id')
    .select(['f.holder_id', 'g.given_name', 'g.family_name'])
    .where('f.revoked_at', 'is', null)
    .execute();
  const today = todayInOslo();
  return people.map((p) => {
    const age = ageOn(p.birth_date, today);
    const parts = [`${age} år`];
    const kids = children.filter((c) => c.parent_id === p.id);
    if (kids.length) parts.push(`forelder til ${kids.map((k) => `${k.given_name} (${ageOn(k.birth_date, today)})`).join(' og ')}`);
    const held = poas.filter((f) => f.holder_id === p.id);
    if (held.length) parts.push(`har fullmakt for ${held.map((f) => `${f.given_name} ${f.family_name}`).join(', ')}`);
    return { accountId: `p:${p.national_id}`, name: `${p.given_name} ${p.family_name}`, description: parts.join(', '), identifier: p.national_id };
  });
}
