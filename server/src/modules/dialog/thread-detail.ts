/** Builds a thread as one side sees it: messages, attachments, renewal, and for staff notes and billing. */
import type { ThreadDetail } from '@helsedialog/core';
import type { DbOrTx } from '../../platform/jobs.ts';
import { messageList, threadSummary } from './dto.ts';
import { messagesOfThread, type ThreadRow } from './threads.repository.ts';
import { unitServices } from './catalogue.service.ts';
import { hiddenFromParents } from '../representation/representation.service.ts';

/** The patient fee (egenandel) for an e-konsultasjon with a GP, takst 2ae (NOK). */
export const E_CONSULTATION_FEE = { code: '2ae', amountNok: '167.00' };

/** The full thread for the citizen side or the unit side. */
export async function threadDetail(db: DbOrTx, t: ThreadRow, side: 'citizen' | 'unit'): Promise<ThreadDetail> {
  const [messages, items] = await Promise.all([
    messagesOfThread(db, t.id),
    t.kind === 'fornyresept' ? db.selectFrom('renewal_items').selectAll().where('thread_id', '=', t.id).orderBy('medication').execute() : Promise.resolve([]),
  ]);
  let declineReasons: string[] | undefined;
  if (side === 'unit' && t.kind === 'fornyresept')
    declineReasons = (await unitServices(db, t.unit_id)).find((s) => s.service === 'fornyresept')?.declineReasons;
  const detail: ThreadDetail = {
    ...threadSummary(t, side),
    contactId: t.contact_id,
    messages: messageList(messages, side),
    renewal:
      t.kind === 'fornyresept'
        ? {
            collectMethod: t.collect_method,
            items: items.map((i) => ({
              id: i.id,
              medication: i.medication,
              decision: i.decision,
              reason: i.reason,
              decidedAt: i.decided_at?.toISOString() ?? null,
            })),
            ...(declineReasons ? { declineReasons } : {}),
          }
        : null,
    fee: t.kind === 'ekonsultasjon' || t.conversion_state === 'pending' ? { amountNok: E_CONSULTATION_FEE.amountNok } : null,
  };
  if (side === 'unit') {
    const [notes, billing, people] = await Promise.all([
      db
        .selectFrom('thread_notes as n')
        .innerJoin('staff as s', 's.id', 'n.staff_id')
        .select(['n.id', 'n.text', 'n.created_at', 's.given_name', 's.family_name'])
        .where('n.thread_id', '=', t.id)
        .orderBy('n.created_at')
        .execute(),
      db.selectFrom('billing_lines').select(['code', 'amount_nok', 'created_at']).where('thread_id', '=', t.id).executeTakeFirst(),
      db
        .selectFrom('persons as p')
        .leftJoin('staff as a', (j) => j.on('a.id', '=', t.assigned_staff_id))
        .select(['p.given_name', 'p.family_name', 'p.birth_date', 'a.id as a_id', 'a.given_name as a_given', 'a.family_name as a_family'])
        .where('p.id', '=', t.citizen_id)
        .executeTakeFirst(),
    ]);
    detail.hiddenFromParents = await hiddenFromParents(db, 'thread', t.id);
    if (people) {
      detail.citizen = { id: t.citizen_id, name: `${people.given_name} ${people.family_name}`, birthDate: people.birth_date };
      detail.assignedTo = people.a_id ? { id: people.a_id, name: `${people.a_given} ${people.a_family}` } : null;
    }
    detail.notes = notes.map((n) => ({ id: n.id, author: `${n.given_name} ${n.family_name}`, text: n.text, createdAt: n.created_at.toISOString() }));
    detail.billing = billing ? { code: billing.code, amountNok: String(billing.amount_nok), createdAt: billing.created_at.toISOString() } : null;
  }
  return detail;
}
