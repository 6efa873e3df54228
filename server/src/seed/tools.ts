/**
 * Demo tool catalogue (fictitious tools at example addresses) and its administrator, Per Sjøberg;
 * Kari Demodatter has a sleep diary from her GP (due in five days) and a finished breathing course;
 * Jonas (14) has a knee programme from the orthopaedic clinic.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import '../modules/tools/tools.tables.ts';
import { now as clockNow, nowMs } from '../platform/clock.ts';

const TOOLS = [
  {
    key: 'sleep',
    name: 'Søvndagbok',
    purpose: 'Før dagbok over søvnen din i to uker, så du og legen din kan se mønstre og finne tiltak som hjelper.',
    publisher: 'Demo: Nasjonal kompetansetjeneste for søvn',
    kind: 'web' as const,
    url: 'https://verktoy.example.no/sovndagbok',
    min_age: 16,
    max_age: null,
    quality_assured: true,
  },
  {
    key: 'breathing',
    name: 'Pusteøvelser ved uro',
    purpose: 'Korte, lydbaserte pusteøvelser du kan gjøre hjemme når du kjenner på uro eller stress.',
    publisher: 'Demo: Helsedirektoratet',
    kind: 'app' as const,
    url: 'https://verktoy.example.no/pust',
    min_age: 12,
    max_age: null,
    quality_assured: true,
  },
  {
    key: 'knee',
    name: 'Treningsprogram etter kneskade',
    purpose: 'Øvelser med video for å bygge opp styrke og bevegelighet i kneet, tilpasset ungdom.',
    publisher: 'Demo: Sykehuset Nordvest, fysioterapien',
    kind: 'web' as const,
    url: 'https://verktoy.example.no/kne-ung',
    min_age: 10,
    max_age: 20,
    quality_assured: false,
  },
  {
    key: 'bp',
    name: 'Blodtrykksdagbok',
    purpose: 'Før blodtrykksmålinger hjemme morgen og kveld i en uke, og del oversikten med legen din.',
    publisher: 'Demo: Norsk kardiologisk selskap',
    kind: 'web' as const,
    url: 'https://verktoy.example.no/blodtrykk',
    min_age: 18,
    max_age: null,
    quality_assured: true,
  },
];

/** Adds the demo catalogue and tasks (call inside the demo transaction, after contacts exist). */
export async function seedTools(
  tx: Transaction<DB>,
  ids: { gp: string; ortho: string; staff: Record<string, string>; people: Record<string, string> },
): Promise<void> {
  await tx.updateTable('staff').set({ catalogue_admin: true }).where('id', '=', ids.staff.sjoberg!).execute();
  const tool: Record<string, string> = {};
  for (const { key, ...t } of TOOLS)
    tool[key] = (
      await tx
        .insertInto('tools')
        .values({ ...t, updated_at: clockNow() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const contact = async (citizen: string, unitId: string) =>
    (await tx.selectFrom('health_contacts').select('id').where('citizen_id', '=', citizen).where('unit_id', '=', unitId).executeTakeFirstOrThrow()).id;
  const day = (offset: number) => new Date(nowMs() + offset * 86_400_000);
  const kari = ids.people.kari!;
  const jonas = ids.people.jonas!;
  await tx
    .insertInto('tool_assignments')
    .values([
      {
        tool_id: tool.sleep!,
        citizen_id: kari,
        unit_id: ids.gp,
        contact_id: await contact(kari, ids.gp),
        sent_by: ids.staff.fjellheim!,
        note: 'Fyll ut dagboken hver morgen fram til neste time, så ser vi på den sammen.',
        due_at: day(5),
        sent_at: day(-2),
      },
      {
        tool_id: tool.breathing!,
        citizen_id: kari,
        unit_id: ids.gp,
        contact_id: await contact(kari, ids.gp),
        sent_by: ids.staff.fjellheim!,
        note: null,
        due_at: null,
        sent_at: day(-40),
        opened_at: day(-39),
        done_at: day(-20),
        done_by_person_id: kari,
      },
      {
        tool_id: tool.knee!,
        citizen_id: jonas,
        unit_id: ids.ortho,
        contact_id: await contact(jonas, ids.ortho),
        sent_by: ids.staff.sjoberg!,
        note: 'Gjør øvelsene tre ganger i uken.',
        due_at: day(10),
        sent_at: day(-1),
      },
    ])
    .execute();
}
