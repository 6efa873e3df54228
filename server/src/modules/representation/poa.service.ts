/**
 * Powers of attorney (fullmakt), managed by the people themselves: a citizen of 16 or more
 * gives one to a person of 18 or more, for chosen areas or all, with an optional end date;
 * either side ends it at once. People with a confidential address can neither give nor get one.
 */
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { ageOn, todayInOslo } from '../../platform/time.ts';
import { endOfDayInOslo } from '../../platform/working-days.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  findPowerOfAttorney,
  insertPowerOfAttorney,
  personById,
  personByNationalId,
  personName,
  powersOfAttorneyOf,
  revokePowerOfAttorney as revokePowerOfAttorneyRow,
  type PoaListRow,
} from './representation.repository.ts';

export type PoaArea = 'dialog' | 'appointments' | 'documents' | 'all';

/** A power of attorney as the citizen's pages show it. */
export interface PowerOfAttorney {
  id: string;
  grantor: { id: string; name: string };
  holder: { id: string; name: string };
  areas: PoaArea[];
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  active: boolean;
}

/** The powers of attorney a person has given and received. */
export async function listPowersOfAttorney(db: DbOrTx, personId: string): Promise<{ given: PowerOfAttorney[]; received: PowerOfAttorney[] }> {
  const rows = await powersOfAttorneyOf(db, personId);
  const t = now();
  const dto = (f: PoaListRow): PowerOfAttorney => ({
    id: f.id,
    grantor: { id: f.grantor_id, name: `${f.g_given} ${f.g_family}` },
    holder: { id: f.holder_id, name: `${f.h_given} ${f.h_family}` },
    areas: f.areas as PoaArea[],
    validFrom: f.valid_from.toISOString(),
    validUntil: f.valid_until?.toISOString() ?? null,
    revokedAt: f.revoked_at?.toISOString() ?? null,
    active: !f.revoked_at && f.valid_from <= t && (!f.valid_until || f.valid_until > t),
  });
  return { given: rows.filter((f) => f.grantor_id === personId).map(dto), received: rows.filter((f) => f.holder_id === personId).map(dto) };
}

/** Gives a power of attorney from the signed-in person (never while acting for someone else). */
export async function givePowerOfAttorney(
  db: Db,
  s: { personId: string; actingForId?: string | null | undefined },
  b: { holderNationalId: string; areas: PoaArea[]; validUntil?: string | null | undefined },
): Promise<PowerOfAttorney> {
  if (s.actingForId) throw new AppError('FORBIDDEN', 'Only the person themself can give a power of attorney. Switch to acting for yourself first.');
  const today = todayInOslo(now());
  if (b.validUntil && b.validUntil <= today) throw new AppError('VALIDATION_FAILED', 'The end date must be in the future.');
  const id = await db.transaction().execute(async (tx) => {
    const grantor = await personById(tx, s.personId);
    const holder = await personByNationalId(tx, b.holderNationalId);
    if (!holder) throw new AppError('NOT_FOUND', 'We found no one with that national identity number in helsedialog.');
    if (holder.id === grantor.id) throw new AppError('VALIDATION_FAILED', 'You cannot give a power of attorney to yourself.');
    if (ageOn(grantor.birth_date, today) < 16) throw new AppError('FORBIDDEN', 'You must be 16 or older to give a power of attorney.');
    if (ageOn(holder.birth_date, today) < 18) throw new AppError('VALIDATION_FAILED', 'A power of attorney can only be given to a person who is 18 or older.');
    // The same words whichever side has the confidential address: it reveals nothing about the holder.
    if (grantor.confidential_address || holder.confidential_address)
      throw new AppError('FORBIDDEN', 'A power of attorney cannot be given here between these two people. Contact your health service for help.');
    const areas = b.areas.includes('all') ? ['all'] : [...new Set(b.areas)];
    const id = await insertPowerOfAttorney(tx, {
      grantor_id: grantor.id,
      holder_id: holder.id,
      areas,
      valid_from: now(),
      valid_until: b.validUntil ? endOfDayInOslo(b.validUntil) : null,
    });
    await recordAudit(tx, {
      citizenId: grantor.id,
      actorKind: 'citizen',
      actorPersonId: grantor.id,
      actorName: `${grantor.given_name} ${grantor.family_name}`,
      action: 'poa.give',
      objectType: 'power_of_attorney',
      objectId: id,
    });
    return id;
  });
  const all = await listPowersOfAttorney(db, s.personId);
  return all.given.find((g) => g.id === id)!;
}

/** Ends a power of attorney at once; either side may. */
export async function revokePowerOfAttorney(db: Db, personId: string, id: string): Promise<PowerOfAttorney> {
  await db.transaction().execute(async (tx) => {
    const f = await findPowerOfAttorney(tx, id);
    if (!f || (f.grantor_id !== personId && f.holder_id !== personId)) throw notFound('The power of attorney');
    if (f.revoked_at) throw new AppError('CONFLICT', 'This power of attorney has already ended.');
    await revokePowerOfAttorneyRow(tx, f.id, now(), personId);
    const me = await personName(tx, personId);
    await recordAudit(tx, {
      citizenId: f.grantor_id,
      actorKind: personId === f.grantor_id ? 'citizen' : 'representative',
      actorPersonId: personId,
      actorName: `${me.given_name} ${me.family_name}`,
      action: 'poa.revoke',
      objectType: 'power_of_attorney',
      objectId: f.id,
    });
  });
  const all = await listPowersOfAttorney(db, personId);
  return [...all.given, ...all.received].find((g) => g.id === id)!;
}
