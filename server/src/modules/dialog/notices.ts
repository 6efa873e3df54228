/**
 * Staff notices (decision 81): the one writer of `staff_notices`. A conversation that comes to a
 * person — assigned by a colleague, routed to them as cover, escalated to them — is a row here
 * (read on *Mine varsler* and in the workspace, `GET /api/staff/notices`), and each recipient's
 * open workspace is nudged by one `staff.notice` live event (ids only; staff of the unit only,
 * as every `staff.` event). There is no second mechanism: the live event carries nothing the
 * row does not.
 */
import { now } from '../../platform/clock.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { StaffActor } from '../../access/actors.ts';

export type StaffNoticeKind = 'escalation' | 'cover' | 'assigned';

/** Writes one notice per recipient and nudges each recipient's workspace. */
export async function addStaffNotices(
  tx: Transaction<DB>,
  events: Pick<EventBus, 'publish'>,
  n: { kind: StaffNoticeKind; to: readonly string[]; unitId: string; threadId: string; citizenId: string; byStaffId?: string | null; at: Date },
): Promise<void> {
  if (!n.to.length) return;
  await tx
    .insertInto('staff_notices')
    .values(n.to.map((staff_id) => ({ staff_id, unit_id: n.unitId, thread_id: n.threadId, kind: n.kind, by_staff_id: n.byStaffId ?? null, created_at: n.at })))
    .execute();
  for (const staffId of n.to)
    await events.publish(tx, {
      type: 'staff.notice',
      citizenId: n.citizenId,
      unitId: n.unitId,
      threadId: n.threadId,
      by: n.byStaffId ? 'unit' : 'system',
      staffId,
      notice: n.kind,
    });
}

/** A staff member's newest 50 notices (or only the unread), in the units they still work in. */
export async function myNotices(db: Db, a: StaffActor, unreadOnly: boolean) {
  let q = db
    .selectFrom('staff_notices as n')
    .leftJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('staff as b', 'b.id', 'n.by_staff_id')
    .select(['n.id', 'n.kind', 'n.unit_id', 'n.thread_id', 'n.created_at', 'n.read_at', 't.topic', 'n.by_staff_id', 'b.given_name', 'b.family_name'])
    .where('n.staff_id', '=', a.staffId);
  if (unreadOnly) q = q.where('n.read_at', 'is', null);
  const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(50).execute();
  // Only notices of units the person still works in.
  return rows
    .filter((n) => a.memberships.has(n.unit_id))
    .map((n) => ({
      id: n.id,
      kind: n.kind,
      unitId: n.unit_id,
      by: n.by_staff_id ? { id: n.by_staff_id, name: `${n.given_name ?? ''} ${n.family_name ?? ''}`.trim() } : null,
      threadId: n.thread_id,
      topic: n.topic,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
    }));
}

/** Marks one of the staff member's notices read; 404 when it is not theirs. */
export async function markNoticeRead(db: Db, staffId: string, noticeId: string): Promise<void> {
  const res = await db
    .updateTable('staff_notices')
    .set({ read_at: now() })
    .where('id', '=', noticeId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('The notice');
}
