/**
 * Staff notices (decision 81): the one writer of `staff_notices`. A conversation that comes to a
 * person — assigned by a colleague, routed to them as cover, escalated to them — is a row here
 * (read on *Mine varsler* and in the workspace, `GET /api/staff/notices`), and each recipient's
 * open workspace is nudged by one `staff.notice` live event (ids only; staff of the unit only,
 * as every `staff.` event). There is no second mechanism: the live event carries nothing the
 * row does not.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { EventBus } from '../../platform/events.ts';

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
