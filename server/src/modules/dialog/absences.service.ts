/** Out-of-office periods with their cover (decision 71); the rule that applies them is cover.ts. */
import type { Absence, NewAbsence } from '@helsedialog/core';
import type { Membership, StaffActor } from '../../access/actors.ts';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { absenceOverlaps, absenceRows, deleteAbsence, endAbsenceAt, findAbsence, insertAbsence, lockStaff, membersAmong } from './settings.repository.ts';

/** A unit's absences that have not ended, soonest first. */
export async function unitAbsences(db: DbOrTx, unitId: string, at: Date = clockNow()): Promise<Absence[]> {
  const rows = await absenceRows(db, unitId, at);
  return rows.map((r) => ({
    id: r.id,
    staff: { id: r.staff_id, name: `${r.given_name} ${r.family_name}` },
    cover: { id: r.cover_staff_id, name: `${r.c_given} ${r.c_family}` },
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    current: r.starts_at <= at && r.ends_at > at,
  }));
}

/**
 * Registers an absence: one's own, or (a unit administrator) a colleague's. The cover is another
 * member of the same unit; two absences of one person in a unit do not overlap.
 */
export async function addAbsence(db: Db, a: StaffActor, m: Membership, unitId: string, v: NewAbsence): Promise<Absence> {
  const staffId = v.staffId ?? a.staffId;
  if (staffId !== a.staffId && !m.isAdmin) throw new AppError('NOT_UNIT_ADMIN', 'Only an administrator of the unit can register a colleague’s absence.');
  const startsAt = new Date(v.startsAt);
  const endsAt = new Date(v.endsAt);
  if (endsAt <= clockNow()) throw new AppError('VALIDATION_FAILED', 'The absence has already ended. Choose an end in the future.');
  return db.transaction().execute(async (tx) => {
    const members = await membersAmong(tx, unitId, [staffId, v.coverStaffId]);
    if (!members.includes(staffId)) throw notFound('The staff member');
    if (v.coverStaffId === staffId || !members.includes(v.coverStaffId))
      throw new AppError('COVER_NOT_COLLEAGUE', 'The cover must be another person working in this unit. Choose a colleague from the list.');
    // Serialises registrations of one person's absences (the overlap check below then holds).
    await lockStaff(tx, staffId);
    if (await absenceOverlaps(tx, unitId, staffId, startsAt, endsAt))
      throw new AppError('ABSENCE_OVERLAP', 'An absence is already registered in this period. Change the dates or end the other absence first.');
    const id = await insertAbsence(tx, {
      unit_id: unitId,
      staff_id: staffId,
      cover_staff_id: v.coverStaffId,
      starts_at: startsAt,
      ends_at: endsAt,
      created_by: a.staffId,
    });
    return (await unitAbsences(tx, unitId)).find((x) => x.id === id)!;
  });
}

/** Ends an absence now (one's own, or a unit administrator for anyone); one that has not begun is removed. */
export async function endAbsence(db: Db, a: StaffActor, m: Membership, unitId: string, absenceId: string): Promise<void> {
  const row = await findAbsence(db, unitId, absenceId);
  if (!row) throw notFound('The absence');
  if (row.staff_id !== a.staffId && !m.isAdmin) throw new AppError('NOT_UNIT_ADMIN', 'Only an administrator of the unit can end a colleague’s absence.');
  const at = clockNow();
  if (row.ends_at <= at) return;
  if (row.starts_at >= at) await deleteAbsence(db, row.id);
  else await endAbsenceAt(db, row.id, at);
}
