/**
 * The population register's updates: a person's registered address and confidential-address
 * flag, and the complete list of children they have parental responsibility for, in one transaction.
 */
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { personIdByNationalId, personsByNationalIds, replaceChildren, updatePersonAddress } from './representation.repository.ts';

/** Applies one person's data from the population register; answers the person's id and their number of children. */
export async function applyPopulationPerson(
  db: Db,
  b: { person: string; addressKey?: string | null | undefined; confidentialAddress?: boolean | undefined; children?: string[] | undefined },
): Promise<{ person: string; children: number }> {
  return db.transaction().execute(async (tx) => {
    const p = await personIdByNationalId(tx, b.person);
    if (!p) throw new AppError('NOT_FOUND', 'No person with that national identity number is known to helsedialog.');
    const set: { address_key?: string | null; confidential_address?: boolean } = {};
    if (b.addressKey !== undefined) set.address_key = b.addressKey;
    if (b.confidentialAddress !== undefined) set.confidential_address = b.confidentialAddress;
    if (Object.keys(set).length) await updatePersonAddress(tx, p.id, set);
    let n = 0;
    if (b.children) {
      const kids = b.children.length ? await personsByNationalIds(tx, b.children) : [];
      if (kids.length !== b.children.length) throw new AppError('NOT_FOUND', 'One or more of the children are not known to helsedialog.');
      await replaceChildren(
        tx,
        p.id,
        kids.map((k) => k.id),
      );
      n = kids.length;
    }
    return { person: p.id, children: n };
  });
}
