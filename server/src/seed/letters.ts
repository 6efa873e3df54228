/** Demo letters: Kari Demodatter has an unread appointment notice from her GP office and a read waiting-list letter. */
import { renderLetter } from '@helsedialog/core';
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { nowMs } from '../platform/clock.ts';

/** Adds the demo letters (call inside the demo transaction, after contacts exist). */
export async function seedLetters(
  tx: Transaction<DB>,
  ids: { gp: string; cardio: string; staff: Record<string, string>; people: Record<string, string> },
): Promise<void> {
  const kari = ids.people.kari!;
  const contact = async (unitId: string) =>
    (await tx.selectFrom('health_contacts').select('id').where('citizen_id', '=', kari).where('unit_id', '=', unitId).executeTakeFirstOrThrow()).id;
  const unitName = async (unitId: string) => (await tx.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirstOrThrow()).name;
  const day = (offset: number) => new Date(nowMs() + offset * 86_400_000);
  const inTwoWeeks = day(14).toISOString().slice(0, 10);

  const notice = { date: inTwoWeeks, time: '10:15', place: 'Fjordbyen legekontor, Storgata 1, 2. etasje', bring: 'Liste over medisinene du bruker.' };
  const a = renderLetter({ template: 'appointment_notice', fields: notice }, await unitName(ids.gp));
  const waiting = { expected: 'innen seks uker' };
  const b = renderLetter({ template: 'waiting_list', fields: waiting }, await unitName(ids.cardio));
  await tx
    .insertInto('letters')
    .values([
      {
        citizen_id: kari,
        unit_id: ids.cardio,
        contact_id: await contact(ids.cardio),
        sent_by: ids.staff.sjoberg!,
        kind: 'template',
        template: 'waiting_list',
        fields: JSON.stringify(waiting),
        title: b.title,
        body: b.body,
        important: false,
        sent_at: day(-30),
        read_at: day(-29),
        read_by_person_id: kari,
      },
      {
        citizen_id: kari,
        unit_id: ids.gp,
        contact_id: await contact(ids.gp),
        sent_by: ids.staff.fjellheim!,
        kind: 'template',
        template: 'appointment_notice',
        fields: JSON.stringify(notice),
        title: a.title,
        body: a.body,
        important: true,
        sent_at: day(-1),
      },
    ])
    .execute();
}
