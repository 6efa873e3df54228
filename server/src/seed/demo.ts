/**
 * Demo data: synthetic people (national ids with month + 80 and valid check digits) with
 * clearly fictional names, and the units they use. Loaded when the database is empty.
 * Ages are computed from today so the child stays 8 and the youth 14.
 */
import { syntheticNationalId } from '@helsedialog/core';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { todayInOslo } from '../platform/time.ts';
import { seedAppointments } from './appointments.ts';
import { seedDialog } from './dialog.ts';
import { DEMO_FHIR_CLIENTS, seedJournal } from './journal.ts';
import { seedLetters } from './letters.ts';
import { seedTools } from './tools.ts';
import { seedStatistics } from './statistics.ts';
import { seedForms } from './forms.ts';
import { nowMs } from '../platform/clock.ts';

/** A birth date `years` years and `days` days before today (Oslo). */
function born(years: number, days: number): string {
  const [y, m, d] = todayInOslo().split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

const PEOPLE = [
  {
    key: 'kari',
    given: 'Kari',
    family: 'Demodatter',
    years: 42,
    days: 37,
    address: 'demo-addr-1',
    phone: '+4799990001',
    email: 'kari.demodatter@example.test',
  },
  {
    key: 'ola',
    given: 'Ola',
    family: 'Eksempelsen',
    years: 55,
    days: 120,
    address: 'demo-addr-2',
    phone: '+4799990002',
    email: 'ola.eksempelsen@example.test',
  },
  { key: 'astrid', given: 'Astrid', family: 'Eksempelsen', years: 84, days: 15, address: 'demo-addr-3', phone: '+4799990003', email: null },
  { key: 'nina', given: 'Nina', family: 'Testrud', years: 39, days: 200, address: 'demo-addr-4', phone: '+4799990004', email: 'nina.testrud@example.test' },
  { key: 'jon', given: 'Jon', family: 'Testrud', years: 41, days: 90, address: 'demo-addr-4', phone: '+4799990005', email: 'jon.testrud@example.test' },
  { key: 'emma', given: 'Emma', family: 'Testrud', years: 8, days: 60, address: 'demo-addr-4', phone: null, email: null },
  { key: 'jonas', given: 'Jonas', family: 'Testrud', years: 14, days: 150, address: 'demo-addr-4', phone: '+4799990006', email: null },
] as const;

const STAFF = [
  { key: 'fjellheim', hpr: '9100001', given: 'Lise', family: 'Fjellheim', title: 'Fastlege', years: 51 },
  { key: 'bergmo', hpr: '9100002', given: 'Aksel', family: 'Bergmo', title: 'Fastlege', years: 38 },
  { key: 'strand', hpr: '9100003', given: 'Mona', family: 'Strand', title: 'Helsesekretær', years: 46 },
  { key: 'sjoberg', hpr: '9100004', given: 'Per', family: 'Sjøberg', title: 'Koordinator, sykepleier', years: 44 },
  { key: 'li', hpr: '9100005', given: 'Hanne', family: 'Li', title: 'Sykepleier', years: 33 },
] as const;

/**
 * Demo data left in a production database: the demo FHIR clients (their secrets are published in
 * docs/fhir.md), the demo staff (HPR numbers 9100001–9100005) and demo people (their names with a
 * synthetic national id, month + 80). Empty when there is none.
 */
export async function findDemoData(db: Db): Promise<string[]> {
  const found: string[] = [];
  const clients = await db
    .selectFrom('fhir_clients')
    .select('client_id')
    .where(
      'client_id',
      'in',
      Object.values(DEMO_FHIR_CLIENTS).map((c) => c.clientId),
    )
    .execute();
  for (const c of clients) found.push(`the demo FHIR client ${c.client_id}`);
  const staff = await db
    .selectFrom('staff')
    .select(['given_name', 'family_name'])
    .where(
      'hpr_number',
      'in',
      STAFF.map((s) => s.hpr),
    )
    .execute();
  for (const s of staff) found.push(`the demo staff member ${s.given_name} ${s.family_name}`);
  const people = await db
    .selectFrom('persons')
    .select(['given_name', 'family_name', 'national_id'])
    .where((eb) => eb.or(PEOPLE.map((x) => eb.and([eb('given_name', '=', x.given), eb('family_name', '=', x.family)]))))
    .execute();
  for (const p of people) if (Number(p.national_id.slice(2, 4)) > 80) found.push(`the demo person ${p.given_name} ${p.family_name}`);
  return found;
}

/**
 * Production never holds demo data: throws (and the server does not start) when it finds any.
 * Outside production it does nothing.
 */
export async function refuseDemoDataInProduction(db: Db, config: Pick<Config, 'nodeEnv'>): Promise<void> {
  if (config.nodeEnv !== 'production') return;
  const found = await findDemoData(db);
  if (found.length)
    throw new DemoDataInProductionError(
      `This production database holds demo data, whose credentials are public: ${found.join(', ')}. Remove it (or use a clean database) before starting.`,
    );
}

export class DemoDataInProductionError extends Error {}

/** True when the database holds no people yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** Loads the demo data in one transaction. */
export async function seedDemo(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const org = async (name: string, orgNumber: string) =>
      (await tx.insertInto('organisations').values({ name, org_number: orgNumber }).returning('id').executeTakeFirstOrThrow()).id;
    const gpOrg = await org('Fjordbyen legesenter AS', '999000001');
    const hospOrg = await org('Helse Nordvest HF', '999000002');
    const kommune = await org('Fjordbyen kommune', '999000003');
    const unit = async (organisation_id: string, name: string, kind: 'gp_office' | 'hospital_department' | 'home_care', her: string) =>
      (await tx.insertInto('units').values({ organisation_id, name, kind, her_id: her }).returning('id').executeTakeFirstOrThrow()).id;
    const gp = await unit(gpOrg, 'Fjordbyen legekontor', 'gp_office', '8100001');
    const cardio = await unit(hospOrg, 'Hjertemedisinsk poliklinikk, Sykehuset Nordvest', 'hospital_department', '8100002');
    const ortho = await unit(hospOrg, 'Ortopedisk poliklinikk, Sykehuset Nordvest', 'hospital_department', '8100003');
    const homeCare = await unit(kommune, 'Hjemmetjenesten Fjordbyen sentrum', 'home_care', '8100004');

    const staff: Record<string, string> = {};
    for (const [i, s] of STAFF.entries()) {
      staff[s.key] = (
        await tx
          .insertInto('staff')
          .values({
            hpr_number: s.hpr,
            national_id: syntheticNationalId(born(s.years, 10 + i), 100 + i * 7),
            given_name: s.given,
            family_name: s.family,
            title: s.title,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await tx
      .insertInto('staff_memberships')
      .values([
        { staff_id: staff.fjellheim!, unit_id: gp, role: 'doctor', is_admin: false },
        { staff_id: staff.bergmo!, unit_id: gp, role: 'doctor', is_admin: false },
        { staff_id: staff.strand!, unit_id: gp, role: 'secretary', is_admin: true },
        { staff_id: staff.sjoberg!, unit_id: cardio, role: 'coordinator', is_admin: true },
        { staff_id: staff.sjoberg!, unit_id: ortho, role: 'coordinator', is_admin: false },
        { staff_id: staff.li!, unit_id: homeCare, role: 'nurse', is_admin: true },
      ])
      .execute();
    await seedStatistics(tx, { trust: hospOrg, leader: staff.sjoberg! });

    const p: Record<string, string> = {};
    for (const [i, x] of PEOPLE.entries()) {
      p[x.key] = (
        await tx
          .insertInto('persons')
          .values({
            national_id: syntheticNationalId(born(x.years, x.days), i * 13),
            given_name: x.given,
            family_name: x.family,
            birth_date: born(x.years, x.days),
            address_key: x.address,
            phone: x.phone,
            email: x.email,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const ago = (days: number) => new Date(nowMs() - days * 86_400_000);
    const ahead = (days: number) => new Date(nowMs() + days * 86_400_000);
    await tx
      .insertInto('health_contacts')
      .values([
        { citizen_id: p.kari!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.fjellheim!, started_at: ago(2900) },
        { citizen_id: p.kari!, unit_id: cardio, source: 'care_right', gp_staff_id: null, started_at: ago(40), ends_at: ahead(365) },
        { citizen_id: p.kari!, unit_id: ortho, source: 'care_right', gp_staff_id: null, started_at: ago(700), ended_at: ago(400) },
        { citizen_id: p.ola!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.bergmo!, started_at: ago(5000) },
        { citizen_id: p.astrid!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.bergmo!, started_at: ago(9000) },
        { citizen_id: p.astrid!, unit_id: homeCare, source: 'municipal_service', gp_staff_id: null, started_at: ago(300) },
        { citizen_id: p.nina!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.fjellheim!, started_at: ago(3000) },
        { citizen_id: p.jon!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.bergmo!, started_at: ago(3000) },
        { citizen_id: p.emma!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.fjellheim!, started_at: ago(2900) },
        { citizen_id: p.jonas!, unit_id: gp, source: 'gp_list', gp_staff_id: staff.fjellheim!, started_at: ago(5000) },
        { citizen_id: p.jonas!, unit_id: ortho, source: 'care_right', gp_staff_id: null, started_at: ago(20), ends_at: ahead(180) },
      ])
      .execute();
    await tx
      .insertInto('parental_responsibilities')
      .values([
        { parent_id: p.nina!, child_id: p.emma! },
        { parent_id: p.jon!, child_id: p.emma! },
        { parent_id: p.nina!, child_id: p.jonas! },
        { parent_id: p.jon!, child_id: p.jonas! },
      ])
      .execute();
    // The service catalogue of each unit.
    const acute = 'Ikke for akutte henvendelser. Ring 113 ved fare for liv, eller legevakt 116 117.';
    const svc = (
      unit_id: string,
      service: string,
      o: { initiator?: 'citizen' | 'unit' | 'both'; days?: number | null; intro?: string; topics?: string[]; enabled?: boolean } = {},
    ) => ({
      unit_id,
      service,
      enabled: o.enabled ?? true,
      initiator: o.initiator ?? 'citizen',
      answer_days: o.days ?? null,
      intro_text: o.intro ?? null,
      settings: '{}',
      topics: o.topics ?? [],
    });
    const services = [
        svc(gp, 'ekontakt', {
          initiator: 'both',
          days: 3,
          intro: `Kontakt legekontoret om praktiske ting: timer, attester, prøvesvar. ${acute}`,
          topics: ['Time', 'Attest', 'Prøvesvar', 'Annet'],
        }),
        svc(gp, 'ekonsultasjon', {
          initiator: 'both',
          days: 5,
          intro: `E-konsultasjon med legen din om et kjent problem. Vanlig egenandel; barn under 16 år og de med frikort betaler ikke. ${acute}`,
          topics: ['Oppfølging', 'Spørsmål om medisiner', 'Hudproblem', 'Annet'],
        }),
        svc(gp, 'fornyresept', { days: 3, intro: 'Velg hvilke resepter du vil fornye. Legen vurderer hver enkelt.' }),
        svc(gp, 'journalkopi', { days: 20, intro: 'Be om kopi av journalen din. Du får svar innen 30 dager.' }),
        svc(gp, 'timebestilling', {}),
        svc(gp, 'avbestilling', {}),
        svc(gp, 'video', { initiator: 'both' }),
        svc(gp, 'skjema', { initiator: 'unit', days: null, intro: 'Legekontoret kan sende deg skjema å fylle ut, for eksempel før en time.' }),
        svc(cardio, 'standarddialog', {
          initiator: 'both',
          days: 5,
          intro: `Skriv til Hjertemedisinsk poliklinikk mens du venter på eller får behandling. ${acute}`,
          topics: ['Time', 'Behandling', 'Ventetid', 'Annet'],
        }),
        svc(cardio, 'timeonske', {}),
        svc(cardio, 'timevisning', {}),
        svc(ortho, 'standarddialog', { initiator: 'both', days: 5, intro: acute, topics: ['Time', 'Behandling', 'Annet'] }),
        svc(homeCare, 'standarddialog', {
          initiator: 'both',
          days: 2,
          intro: `Skriv til hjemmetjenesten om besøk og praktiske ting. ${acute}`,
          topics: ['Besøk', 'Medisiner', 'Annet'],
        }),
        svc(homeCare, 'timevisning', {}),
        svc(homeCare, 'avbestilling', {}),
      ];
    await tx
      .insertInto('unit_services')
      .values(services.map(({ topics: _topics, ...row }) => row))
      .execute();
    // Each service's suggested topics (modules/dialog/topics.service.ts); "Prøvesvar" carries guidance.
    const topicRows = services.flatMap((row) =>
      row.topics.map((label, position) => ({
        unit_id: row.unit_id,
        service: row.service,
        position,
        texts: JSON.stringify({
          nb: { label, guidance: label === 'Prøvesvar' ? 'Prøvesvar: svaret kommer i Mine dokumenter når legen har sett på det.' : null },
          ...(label === 'Prøvesvar' ? { en: { label: 'Test results', guidance: 'Test results: the answer comes in My documents once the doctor has looked at it.' } } : {}),
        }),
        role_pool: label === 'Attest' || label === 'Time' ? ('secretary' as const) : null,
      })),
    );
    if (topicRows.length) await tx.insertInto('unit_topics').values(topicRows).execute();
    await tx
      .insertInto('prescriptions')
      .values([
        { citizen_id: p.kari!, unit_id: gp, medication: 'Levaxin', strength: '50 mikrog tablett', dosage: '1 tablett om morgenen', prescribed_at: ago(300) },
        { citizen_id: p.kari!, unit_id: gp, medication: 'Ventoline', strength: '0,1 mg/dose inhalasjonsspray', dosage: 'Ved behov', prescribed_at: ago(200) },
        {
          citizen_id: p.kari!,
          unit_id: gp,
          medication: 'Cetirizin',
          strength: '10 mg tablett',
          dosage: '1 tablett daglig i pollensesongen',
          prescribed_at: ago(400),
        },
        { citizen_id: p.astrid!, unit_id: gp, medication: 'Albyl-E', strength: '75 mg tablett', dosage: '1 tablett daglig', prescribed_at: ago(100) },
        { citizen_id: p.astrid!, unit_id: gp, medication: 'Simvastatin', strength: '20 mg tablett', dosage: '1 tablett om kvelden', prescribed_at: ago(100) },
      ])
      .execute();
    await tx
      .insertInto('powers_of_attorney')
      .values({ grantor_id: p.astrid!, holder_id: p.ola!, areas: ['dialog', 'appointments', 'documents'], valid_from: ago(200) })
      .execute();
    // Astrid has reached this year's fee ceiling: her frikort makes an e-konsultasjon free (core/src/fees.ts).
    const year = todayInOslo().slice(0, 4);
    await tx
      .insertInto('fee_exemptions')
      .values({ citizen_id: p.astrid!, kind: 'frikort', valid_from: `${year}-01-01`, valid_to: `${year}-12-31` })
      .execute();
    await seedAppointments(tx, { units: { gp, cardio, ortho, homeCare }, staff, people: p });
    await seedJournal(tx, { gp, cardio, ortho, homeCare });
    await seedLetters(tx, { gp, cardio, staff, people: p });
    await seedTools(tx, { gp, ortho, staff, people: p });
    await seedForms(tx, { gp, staff, people: p });
    await seedDialog(tx, { units: { gp, cardio, homeCare }, staff, people: p });
  });
}
