/**
 * Test data factories. Every test makes its own units and people with random synthetic
 * identities, so suites can share one database server without truncating anything.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { syntheticNationalId } from '@helsedialog/core';
import type { Db } from '../platform/db.ts';
import type { ContactSource, StaffRole, UnitKind } from '../platform/db-types.ts';
import { now as clockNow, nowMs } from '../platform/clock.ts';

const tag = () => randomUUID().slice(0, 8);

/** A birth date for an age in whole years (minus some days, so birthdays are not today). */
export function birthDateForAge(years: number, extraDays = randomInt(1, 300)): string {
  const d = clockNow();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - extraDays);
  return d.toISOString().slice(0, 10);
}

/** Creates an organisation with one unit. */
export async function createUnit(db: Db, opts: { kind?: UnitKind; name?: string } = {}) {
  const t = tag();
  const org = await db
    .insertInto('organisations')
    .values({ name: `Testorg ${t}`, org_number: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = await db
    .insertInto('units')
    .values({ organisation_id: org.id, name: opts.name ?? `Testenhet ${t}`, kind: opts.kind ?? 'gp_office', her_id: null })
    .returning(['id', 'name', 'kind'])
    .executeTakeFirstOrThrow();
  return { ...unit, organisationId: org.id };
}

/** Creates a citizen with a synthetic national id; account id for the dev IdP included. */
export async function createCitizen(
  db: Db,
  opts: { age?: number; birthDate?: string; given?: string; family?: string; confidential?: boolean; addressKey?: string } = {},
) {
  for (let attempt = 0; ; attempt++) {
    const birthDate = opts.birthDate ?? birthDateForAge(opts.age ?? 40);
    const nationalId = syntheticNationalId(birthDate, randomInt(0, 500));
    const exists = await db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirst();
    if (exists && attempt < 20) continue;
    const row = await db
      .insertInto('persons')
      .values({
        national_id: nationalId,
        given_name: opts.given ?? `Test${tag()}`,
        family_name: opts.family ?? 'Innbygger',
        birth_date: birthDate,
        address_key: opts.addressKey ?? null,
        confidential_address: opts.confidential ?? false,
        phone: null,
        email: null,
      })
      .returning(['id', 'national_id', 'given_name', 'family_name', 'birth_date'])
      .executeTakeFirstOrThrow();
    return { ...row, accountId: `p:${row.national_id}`, name: `${row.given_name} ${row.family_name}` };
  }
}

/** Creates a staff member working in a unit. */
export async function createStaff(db: Db, unitId: string, opts: { role?: StaffRole; isAdmin?: boolean; given?: string } = {}) {
  const hpr = String(randomInt(10_000_000, 99_999_999));
  const row = await db
    .insertInto('staff')
    .values({ hpr_number: hpr, national_id: null, given_name: opts.given ?? `Lege${tag()}`, family_name: 'Testesen', title: 'Lege' })
    .returning(['id', 'hpr_number', 'given_name', 'family_name'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('staff_memberships')
    .values({ staff_id: row.id, unit_id: unitId, role: opts.role ?? 'doctor', is_admin: opts.isAdmin ?? false })
    .execute();
  return { ...row, accountId: `s:${row.hpr_number}`, name: `${row.given_name} ${row.family_name}` };
}

/** Links a citizen to a unit. */
export async function createContact(
  db: Db,
  citizenId: string,
  unitId: string,
  opts: { source?: ContactSource; gpStaffId?: string; endsAt?: Date; endedAt?: Date; startedAt?: Date } = {},
) {
  return db
    .insertInto('health_contacts')
    .values({
      citizen_id: citizenId,
      unit_id: unitId,
      source: opts.source ?? 'gp_list',
      gp_staff_id: opts.gpStaffId ?? null,
      started_at: opts.startedAt ?? new Date(nowMs() - 86_400_000),
      ends_at: opts.endsAt ?? null,
      ended_at: opts.endedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Switches services on for a unit (defaults suited to tests: citizen and unit may start). */
export async function enableServices(
  db: Db,
  unitId: string,
  services: string[],
  opts: { initiator?: 'citizen' | 'unit' | 'both'; answerDays?: number | null; topics?: string[] } = {},
) {
  await db
    .insertInto('unit_services')
    .values(
      services.map((service) => ({
        unit_id: unitId,
        service,
        enabled: true,
        initiator: opts.initiator ?? 'both',
        answer_days: opts.answerDays === undefined ? 5 : opts.answerDays,
        intro_text: `Tekst for ${service}`,
        settings: '{}',
      })),
    )
    .onConflict((oc) => oc.columns(['unit_id', 'service']).doUpdateSet({ enabled: true }))
    .execute();
  // The suggested topics (modules/dialog/topics.service.ts), unless the service has some already.
  const labels = opts.topics ?? ['Annet'];
  const have = new Set(
    (await db.selectFrom('unit_topics').select('service').where('unit_id', '=', unitId).where('service', 'in', services).execute()).map((r) => r.service),
  );
  const rows = services
    .filter((s) => !have.has(s))
    .flatMap((service) => labels.map((label, position) => ({ unit_id: unitId, service, texts: JSON.stringify({ nb: { label, guidance: null } }), position })));
  if (rows.length) await db.insertInto('unit_topics').values(rows).execute();
}

/** A GP office with every dialog service on, a doctor, an admin secretary, a listed citizen with prescriptions. */
export async function gpOffice(db: Db) {
  const unit = await createUnit(db, { kind: 'gp_office' });
  await enableServices(db, unit.id, ['ekontakt', 'ekonsultasjon', 'fornyresept', 'journalkopi']);
  const doctor = await createStaff(db, unit.id, { role: 'doctor' });
  const secretary = await createStaff(db, unit.id, { role: 'secretary', isAdmin: true });
  const citizen = await createCitizen(db, { age: 45 });
  const contact = await createContact(db, citizen.id, unit.id, { gpStaffId: doctor.id });
  const prescriptions = await db
    .insertInto('prescriptions')
    .values([
      { citizen_id: citizen.id, unit_id: unit.id, medication: 'Levaxin', strength: '50 mikrog', dosage: null, prescribed_at: clockNow() },
      { citizen_id: citizen.id, unit_id: unit.id, medication: 'Ventoline', strength: null, dosage: null, prescribed_at: clockNow() },
    ])
    .returning(['id', 'medication'])
    .execute();
  return { unit, doctor, secretary, citizen, contact, prescriptions };
}
