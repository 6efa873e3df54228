/** Rules for health contacts. */
import type { Db } from '../../platform/db.ts';
import { listContactsOfCitizen, type ContactRow } from './contacts.repository.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** Active while not ended and before any end date. */
export function contactStatus(c: Pick<ContactRow, 'endsAt' | 'endedAt' | 'startedAt'>, now = clockNow()): 'active' | 'previous' {
  if (c.endedAt && c.endedAt <= now) return 'previous';
  if (c.endsAt && c.endsAt <= now) return 'previous';
  return 'active';
}

/** The citizen's health contacts with their status. */
export async function contactsForCitizen(db: Db, citizenId: string) {
  const now = clockNow();
  const rows = await listContactsOfCitizen(db, citizenId);
  return rows.map((c) => ({
    id: c.id,
    unit: { id: c.unitId, name: c.unitName, kind: c.unitKind, organisationName: c.organisationName },
    source: c.source,
    status: contactStatus(c, now),
    startedAt: c.startedAt.toISOString(),
    endsAt: (c.endedAt ?? c.endsAt)?.toISOString() ?? null,
    gp: c.gpName ? { name: c.gpName } : null,
  }));
}
