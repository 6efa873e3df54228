/**
 * Demo organisation levels for statistics (docs/statistics.md): the hospital trust Helse Nordvest
 * HF (the heart and orthopaedic departments' organisation) sits under a region, and Per Sjøberg
 * leads the trust, so he sees the statistics of both departments and of the trust as a whole —
 * not only of the heart clinic he administers.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';

export async function seedStatistics(tx: Transaction<DB>, o: { trust: string; leader: string }): Promise<void> {
  const region = await tx
    .insertInto('organisations')
    .values({ name: 'Helse Vestkyst RHF', org_number: '999000010', level: 'region' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('organisations').set({ parent_id: region.id, level: 'trust' }).where('id', '=', o.trust).execute();
  await tx.insertInto('organisation_leaders').values({ staff_id: o.leader, organisation_id: o.trust }).execute();
}
