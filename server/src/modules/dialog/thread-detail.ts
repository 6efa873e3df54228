/** Builds a thread as one side sees it: messages, attachments, renewal, and for staff notes and billing. */
import type { FeeDecision, FeeSchedule, ThreadDetail } from '@helsedialog/core';
import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/jobs.ts';
import { deferred } from '../../platform/pg-connection.ts';
import { messageList, threadSummary } from './dto.ts';
import { messagesOfThread, type ThreadRow } from './threads.repository.ts';
import { unitServices } from './catalogue.service.ts';
import { billedFee, decideFee } from '../fees/fees.service.ts';
import { flexibleDialogEnd } from '../representation/representation.service.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type { CitizenActor } from '../../access/actors.ts';
import { recordColumns, visibleTo } from '../../access/policy.ts';

/** The e-konsultasjon fee of a thread: as recorded once answered, else as it would be today (core's consultationFee). */
async function threadFee(db: DbOrTx, t: ThreadRow, schedule: FeeSchedule): Promise<FeeDecision | null> {
  if (t.kind !== 'ekonsultasjon' && t.conversion_state !== 'pending') return null;
  const billed = await deferred(
    db,
    db.selectFrom('billing_lines').select(['code', 'amount_nok', 'exempt_reason', 'consultation_date', 'created_at']).where('thread_id', '=', t.id).compile(),
  );
  if (billed[0]) return billedFee({ ...billed[0], amount_nok: String(billed[0].amount_nok) });
  return decideFee(db, schedule, { citizenId: t.citizen_id, kind: 'ekonsultasjon', at: clockNow() });
}

/** The full thread for the citizen side or the unit side; `fees` is the configured fee schedule. */
/**
 * `viewer` is the citizen-side actor (the citizen or whoever acts for them): what the thread links
 * to is shown only as far as the access policy lets them see it.
 */
export async function threadDetail(db: DbOrTx, t: ThreadRow, side: 'citizen' | 'unit', fees: FeeSchedule, viewer?: CitizenActor): Promise<ThreadDetail> {
  // Every read of the detail is deferred (pg-connection.ts): in a transaction they leave in one write.
  const renewal = t.kind === 'fornyresept';
  const [messages, items, extras, services, fee, flexEnd, about] = await Promise.all([
    messagesOfThread(db, t.id),
    renewal ? deferred(db, db.selectFrom('renewal_items').selectAll().where('thread_id', '=', t.id).orderBy('medication').compile()) : [],
    side === 'unit' ? unitExtras(db, t) : undefined,
    // Staff decide a renewal with the unit's standard reasons for declining.
    side === 'unit' && renewal ? unitServices(db, t.unit_id) : undefined,
    threadFee(db, t, fees),
    t.flexible_dialog_id ? flexibleDialogEnd(db, t.flexible_dialog_id) : undefined,
    side === 'unit' || viewer ? recordAbout(db, t.id, side === 'citizen' ? viewer : undefined) : [],
  ]);
  const declineReasons = services?.find((s) => s.service === 'fornyresept')?.declineReasons;
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
    fee,
    flexible: flexEnd ? { until: flexEnd.toISOString(), ended: flexEnd.getTime() <= clockNow().getTime() } : null,
    about: about[0] ? { recordId: about[0].id, kind: about[0].kind, title: about[0].title } : null,
  };
  if (side === 'unit') {
    const people = extras?.[0];
    detail.hiddenFromParents = people?.hidden ?? false;
    if (people) {
      detail.citizen = { id: t.citizen_id, name: `${people.given_name} ${people.family_name}`, birthDate: people.birth_date };
      detail.assignedTo = people.assigned;
    }
    // The promise (dueAt) and every escalation of it (escalation.ts).
    detail.escalations = (people?.escalations ?? []).map((e) => ({
      step: e.step,
      promisedAt: new Date(e.promised_at).toISOString(),
      escalatedAt: new Date(e.escalated_at).toISOString(),
      toStaff: e.to_staff,
      toRole: e.to_role,
    }));
    detail.notes = (people?.notes ?? []).map((n) => ({ id: n.id, author: n.author, text: n.text, createdAt: new Date(n.created_at).toISOString() }));
    detail.billing = people?.billing
      ? {
          code: people.billing.code,
          amountNok: people.billing.amount_nok,
          exemptReason: (people.billing.exempt_reason as 'under_16' | 'frikort' | null) ?? null,
          createdAt: new Date(people.billing.created_at).toISOString(),
        }
      : null;
  }
  return detail;
}

/**
 * The record item a thread was started about ("ask about this", records.service.ts), unless it has
 * since been withdrawn (entered in error). On the citizen's side, only as the access policy lets
 * the viewer see it (a parent does not see an item later hidden from parents).
 */
function recordAbout(db: DbOrTx, threadId: string, viewer: CitizenActor | undefined) {
  let q = db
    .selectFrom('record_thread_links as l')
    .innerJoin('record_items as ri', 'ri.id', 'l.item_id')
    .select(['ri.id', 'ri.kind', 'ri.title'])
    .where('l.thread_id', '=', threadId)
    .where('ri.status', '=', 'current');
  if (viewer) q = q.where(visibleTo(viewer, 'record', recordColumns('ri')));
  return deferred(db, q.limit(1).compile());
}

/** Notes, billing, the citizen, the assignee and the hide-from-parents flag of a thread, in one statement. */
function unitExtras(db: DbOrTx, t: ThreadRow) {
  return deferred(
    db,
    sql<{
      given_name: string;
      family_name: string;
      birth_date: string;
      notes: Array<{ id: string; text: string; created_at: string; author: string }>;
      billing: { code: string; amount_nok: string; exempt_reason: string | null; created_at: string } | null;
      assigned: { id: string; name: string } | null;
      hidden: boolean;
      escalations: Array<{ step: number; promised_at: string; escalated_at: string; to_staff: { id: string; name: string } | null; to_role: string | null }>;
    }>`SELECT p.given_name, p.family_name, p.birth_date,
        coalesce((SELECT json_agg(json_build_object('id', n.id, 'text', n.text, 'created_at', n.created_at, 'author', s.given_name || ' ' || s.family_name) ORDER BY n.created_at)
                  FROM thread_notes n JOIN staff s ON s.id = n.staff_id WHERE n.thread_id = ${t.id}), '[]'::json) AS notes,
        (SELECT json_build_object('code', b.code, 'amount_nok', b.amount_nok::text, 'exempt_reason', b.exempt_reason, 'created_at', b.created_at) FROM billing_lines b WHERE b.thread_id = ${t.id} LIMIT 1) AS billing,
        (SELECT json_build_object('id', a.id, 'name', a.given_name || ' ' || a.family_name) FROM staff a WHERE a.id = ${t.assigned_staff_id}) AS assigned,
        EXISTS (SELECT 1 FROM hidden_from_parents h WHERE h.object_type = 'thread' AND h.object_id = ${t.id}) AS hidden,
        coalesce((SELECT json_agg(json_build_object('step', e.step, 'promised_at', e.promised_at, 'escalated_at', e.escalated_at, 'to_role', e.to_role,
                    'to_staff', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'name', s.given_name || ' ' || s.family_name) END)
                    ORDER BY e.escalated_at, e.step)
                  FROM thread_escalations e LEFT JOIN staff s ON s.id = e.to_staff_id WHERE e.thread_id = ${t.id}), '[]'::json) AS escalations
      FROM persons p WHERE p.id = ${t.citizen_id}`.compile(db),
  );
}
