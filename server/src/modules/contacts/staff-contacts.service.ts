/**
 * Staff register and end health contacts: a granted right to health care (specialist care),
 * municipal service, or manually. Each change runs in one transaction with its access-log entry.
 */
import type { Db } from '../../platform/db.ts';
import type { ContactSource } from '../../platform/db-types.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { endOfDayInOslo } from '../../platform/working-days.ts';
import { requireContactRegistrar, type StaffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from './contacts.service.ts';
import { doctorInUnit, insertContact, lockContactWithPatient, personByNationalId, setContactEnded, unendedContacts } from './contacts.repository.ts';

/** A health contact as the staff routes answer it. */
export interface StaffContact {
  id: string;
  citizenId: string;
  name: string;
  source: ContactSource;
  status: 'active' | 'previous';
  startedAt: string;
  endsAt: string | null;
}

/** Registers a health contact between a citizen (by national identity number) and a unit. */
export async function registerContact(
  db: Db,
  a: StaffActor,
  unitId: string,
  b: { nationalId: string; source: ContactSource; endsOn?: string | null | undefined; gpStaffId?: string | null | undefined },
): Promise<StaffContact> {
  const m = requireContactRegistrar(a, unitId);
  if (b.source === 'gp_list' && m.unitKind !== 'gp_office') throw new AppError('VALIDATION_FAILED', 'Only a GP office has a GP list.');
  if (b.endsOn && endOfDayInOslo(b.endsOn) <= now()) throw new AppError('VALIDATION_FAILED', 'The end date must be in the future.');
  return db.transaction().execute(async (tx) => {
    const p = await personByNationalId(tx, b.nationalId);
    if (!p) throw new AppError('NOT_FOUND', 'No person with that national identity number is known to helsedialog.');
    if (b.gpStaffId) {
      const gp = await doctorInUnit(tx, b.gpStaffId, unitId);
      if (!gp) throw new AppError('VALIDATION_FAILED', 'The GP must be a doctor in this unit.');
    }
    const existing = await unendedContacts(tx, p.id, unitId);
    if (existing.some((c) => contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'active')) {
      throw new AppError('CONFLICT', 'The citizen already has an active health contact with this unit.');
    }
    const c = await insertContact(tx, {
      citizen_id: p.id,
      unit_id: unitId,
      source: b.source,
      gp_staff_id: b.gpStaffId ?? null,
      started_at: now(),
      ends_at: b.endsOn ? endOfDayInOslo(b.endsOn) : null,
    });
    await auditStaff(tx, a, m, { citizen_id: p.id, unit_id: unitId }, 'contact.create', 'health_contact', c.id);
    return {
      id: c.id,
      citizenId: p.id,
      name: `${p.given_name} ${p.family_name}`,
      source: c.source,
      status: 'active' as const,
      startedAt: c.started_at.toISOString(),
      endsAt: c.ends_at?.toISOString() ?? null,
    };
  });
}

/** Ends a health contact of one of the actor's units now. */
export async function endContact(db: Db, a: StaffActor, contactId: string): Promise<StaffContact> {
  return db.transaction().execute(async (tx) => {
    const c = await lockContactWithPatient(tx, contactId);
    if (!c || !a.memberships.has(c.unit_id)) throw notFound('The health contact');
    const m = requireContactRegistrar(a, c.unit_id);
    if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'previous')
      throw new AppError('CONFLICT', 'The health contact has already ended.');
    const ended = now();
    await setContactEnded(tx, c.id, ended);
    await auditStaff(tx, a, m, c, 'contact.end', 'health_contact', c.id);
    return {
      id: c.id,
      citizenId: c.citizen_id,
      name: `${c.given_name} ${c.family_name}`,
      source: c.source,
      status: 'previous' as const,
      startedAt: c.started_at.toISOString(),
      endsAt: ended.toISOString(),
    };
  });
}
