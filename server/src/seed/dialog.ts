/**
 * Demo conversations, so the messages pages and the team inboxes show something from the first
 * start: Kari Demodatter asked her GP office a practical question last week and got an answer
 * from Dr. Fjellheim; yesterday she wrote to the heart clinic about her waiting time, and that
 * message waits, unread, in Per Sjøberg's inbox. Astrid Eksempelsen's son Ola asked the home-care
 * service on her behalf, and Hanne Li answered. Synthetic texts without health details.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { nowMs } from '../platform/clock.ts';

interface Turn {
  by: 'citizen' | 'staff';
  /** The staff author (key of ids.staff), for staff turns. */
  staff?: string;
  /** The citizen side's author when someone else than the patient writes (key of ids.people). */
  author?: string;
  text: string;
  daysAgo: number;
  /** Read by the other side. */
  read: boolean;
}

interface Conversation {
  citizen: string;
  unit: string;
  kind: 'ekontakt' | 'standarddialog';
  topic: string;
  status: 'new' | 'answered';
  answerDays: number;
  turns: Turn[];
}

/** Adds the demo conversations (call inside the demo transaction, after contacts and services exist). */
export async function seedDialog(
  tx: Transaction<DB>,
  ids: { units: Record<'gp' | 'cardio' | 'homeCare', string>; staff: Record<string, string>; people: Record<string, string> },
): Promise<void> {
  const at = (daysAgo: number, minutes = 0) => new Date(nowMs() - daysAgo * 86_400_000 + minutes * 60_000);
  const conversations: Conversation[] = [
    {
      citizen: 'kari',
      unit: ids.units.gp,
      kind: 'ekontakt',
      topic: 'Time',
      status: 'answered',
      answerDays: 3,
      turns: [
        { by: 'citizen', text: 'Hei! Kan jeg flytte timen min neste uke til en ettermiddag? Jeg jobber til klokka 15.', daysAgo: 6, read: true },
        {
          by: 'staff',
          staff: 'fjellheim',
          text: 'Hei Kari. Det går fint. Du finner ledige ettermiddagstimer under Timeavtaler, eller så flytter vi den for deg hvis du svarer her.',
          daysAgo: 5,
          read: true,
        },
      ],
    },
    {
      citizen: 'kari',
      unit: ids.units.cardio,
      kind: 'standarddialog',
      topic: 'Ventetid',
      status: 'new',
      answerDays: 5,
      turns: [{ by: 'citizen', text: 'Hei. Jeg lurer på omtrent når jeg kan vente å få time hos dere?', daysAgo: 1, read: false }],
    },
    {
      citizen: 'astrid',
      unit: ids.units.homeCare,
      kind: 'standarddialog',
      topic: 'Besøk',
      status: 'answered',
      answerDays: 2,
      turns: [
        { by: 'citizen', author: 'ola', text: 'Hei. Mor er hos meg fra fredag til søndag. Kan besøkene de dagene utgå?', daysAgo: 3, read: true },
        {
          by: 'staff',
          staff: 'li',
          text: 'Hei Ola. Takk for beskjed, vi tar ut besøkene fredag til søndag og kommer igjen mandag morgen.',
          daysAgo: 2,
          read: false,
        },
      ],
    },
  ];
  for (const c of conversations) {
    const citizenId = ids.people[c.citizen]!;
    const contact = await tx
      .selectFrom('health_contacts')
      .select(['id', 'gp_staff_id'])
      .where('citizen_id', '=', citizenId)
      .where('unit_id', '=', c.unit)
      .executeTakeFirstOrThrow();
    const first = c.turns[0]!;
    const last = c.turns.at(-1)!;
    const firstAt = at(first.daysAgo);
    const staffTurn = c.turns.find((t) => t.by === 'staff');
    const thread = await tx
      .insertInto('threads')
      .values({
        citizen_id: citizenId,
        unit_id: c.unit,
        contact_id: contact.id,
        kind: c.kind,
        topic: c.topic,
        status: c.status,
        started_by: 'citizen',
        addressed_staff_id: contact.gp_staff_id,
        created_by_person_id: ids.people[first.author ?? c.citizen]!,
        due_at: addWorkingDays(firstAt, c.answerDays),
        answered_at: staffTurn ? at(staffTurn.daysAgo) : null,
        assigned_staff_id: staffTurn ? ids.staff[staffTurn.staff!]! : null,
        unit_unread: c.turns.filter((t) => t.by === 'citizen' && !t.read).length,
        citizen_unread: c.turns.filter((t) => t.by === 'staff' && !t.read).length,
        created_at: firstAt,
        last_message_at: at(last.daysAgo),
        last_seq: c.turns.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('messages')
      .values(
        c.turns.map((t, i) => {
          const written = at(t.daysAgo, i);
          const readAt = t.read ? at(t.daysAgo, i + 90) : null;
          const citizenSide = t.by === 'citizen';
          return {
            thread_id: thread.id,
            citizen_id: citizenId,
            unit_id: c.unit,
            seq: i + 1,
            author_kind: t.by,
            author_person_id: citizenSide ? ids.people[t.author ?? c.citizen]! : null,
            on_behalf_of_id: citizenSide ? citizenId : null,
            author_staff_id: citizenSide ? null : ids.staff[t.staff!]!,
            text: t.text,
            created_at: written,
            delivered_at: written,
            read_at: readAt,
            read_by_staff_id: readAt && citizenSide ? (staffTurn ? ids.staff[staffTurn.staff!]! : null) : null,
            read_by_person_id: readAt && !citizenSide ? citizenId : null,
          };
        }),
      )
      .execute();
    // Written here in bulk, not through insertMessage: the thread's search words from scratch.
    await sql`UPDATE threads SET search_tsv = thread_search_vector(id) WHERE id = ${thread.id}`.execute(tx);
  }
}
