/**
 * Whom a signed-in person may act for, and with what. Evaluated on every request, so a
 * revoked power of attorney or a birthday takes effect on the very next request.
 *  - self: everything (a youth of 12–15 uses dialog only where the unit allows it);
 *  - parent with parental responsibility living at the child's address:
 *      under 12: everything; 12–15: contacts and appointments, and dialog only in contacts
 *      where a clinician granted it for a period; from 16: nothing;
 *  - holder of a power of attorney (grantor 16+, holder 18+, neither with a confidential
 *    address): the areas given, until it ends or is revoked.
 * Ages are counted on the calendar date in Europe/Oslo.
 */
import { REPRESENTATION_AREAS } from '@helsedialog/core';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  childIdsOf,
  contactDetails,
  findParentalResponsibility,
  flexibleDialogIsOpen,
  flexibleDialogPeriod,
  isHiddenFromParents,
  openFlexibleDialogContacts,
  openFlexibleDialogInContact,
  openParentDialogGrants,
  parentIdsOf,
  personForRepresentation,
  personName,
  poaGrantorIdsOf,
  poaHolderIdsOf,
  poasInForce,
  setSessionActingFor,
} from './representation.repository.ts';
import { ageOn, startOfDayInOslo, todayInOslo } from '../../platform/time.ts';
import { now as clockNow } from '../../platform/clock.ts';

/** What a representation covers (core's list, which the API's answers use). */
export const AREAS = REPRESENTATION_AREAS;
export type Area = (typeof AREAS)[number];

/** What the user may do for one subject. */
export interface Representation {
  subjectId: string;
  subjectName: string;
  subjectAge: number;
  relation: 'self' | 'parent' | 'poa';
  areas: Set<Area>;
  /** Contacts where dialog is allowed; null means every contact. */
  dialogContacts: Set<string> | null;
  /** True when parent rules apply (items hidden from parents are filtered out). */
  parentView: boolean;
  /** When the access ends by itself (PoA end, grant end, the child's birthday), if known. */
  until: Date | null;
}

type Person = { id: string; given_name: string; family_name: string; birth_date: string; address_key: string | null; confidential_address: boolean };

async function person(db: DbOrTx, id: string): Promise<Person | undefined> {
  return personForRepresentation(db, id);
}

function birthdayInstant(birthDate: string, years: number): Date {
  // Midnight in Oslo on the birthday (29 February counts on 1 March in common years).
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return startOfDayInOslo(new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10));
}

/** Evaluates the user's access to one subject at an instant, or undefined when there is none. */
export async function representationOf(db: DbOrTx, userId: string, subjectId: string, now: Date = clockNow()): Promise<Representation | undefined> {
  const subject = await person(db, subjectId);
  if (!subject) return undefined;
  const today = todayInOslo(now);
  const age = ageOn(subject.birth_date, today);
  const name = `${subject.given_name} ${subject.family_name}`;
  if (userId === subjectId) {
    return { subjectId, subjectName: name, subjectAge: age, relation: 'self', areas: new Set(AREAS), dialogContacts: null, parentView: false, until: null };
  }
  const user = await person(db, userId);
  if (!user) return undefined;
  const areas = new Set<Area>();
  let dialogContacts: Set<string> | null = new Set();
  let relation: Representation['relation'] | undefined;
  let parentView = false;
  let until: Date | null = null;

  const parental = await findParentalResponsibility(db, userId, subjectId);
  if (parental && user.address_key && user.address_key === subject.address_key && age < 16) {
    relation = 'parent';
    parentView = true;
    if (age < 12) {
      for (const a of AREAS) areas.add(a);
      dialogContacts = null;
      until = birthdayInstant(subject.birth_date, 12);
    } else {
      areas.add('contacts');
      areas.add('appointments');
      until = birthdayInstant(subject.birth_date, 16);
      const grants = await openParentDialogGrants(db, userId, subjectId, now);
      if (grants.length) {
        areas.add('dialog');
        for (const g of grants) dialogContacts.add(g.contact_id);
      }
    }
  }

  if (!user.confidential_address && !subject.confidential_address) {
    const poas = await poasInForce(db, subjectId, userId, now);
    if (poas.length && age >= 16 && ageOn(user.birth_date, today) >= 18) {
      relation = relation ?? 'poa';
      areas.add('contacts');
      for (const p of poas) {
        for (const a of p.areas.includes('all') ? AREAS : (p.areas as Area[])) if ((AREAS as readonly string[]).includes(a)) areas.add(a);
        if (p.areas.includes('dialog') || p.areas.includes('all')) dialogContacts = null;
        if (p.valid_until && (!until || p.valid_until < until)) until = p.valid_until;
      }
    }
  }
  if (!relation || areas.size === 0) return undefined;
  // Flexible dialog granted to this person for this citizen opens dialog in those contacts.
  if (dialogContacts) {
    const flex = await flexibleDialogContacts(db, userId, subjectId, now);
    if (flex.length) {
      areas.add('dialog');
      for (const c of flex) dialogContacts.add(c);
    }
  }
  return { subjectId, subjectName: name, subjectAge: age, relation, areas, dialogContacts, parentView, until };
}

/** Contacts where a flexible dialog is granted to a person for a citizen, now. */
export async function flexibleDialogContacts(db: DbOrTx, personId: string, citizenId: string, now: Date = clockNow()): Promise<string[]> {
  return openFlexibleDialogContacts(db, personId, citizenId, now);
}

/** Whether a flexible dialog grant is in its period and not revoked, now. */
export async function flexibleDialogOpen(db: DbOrTx, id: string, now: Date = clockNow()): Promise<boolean> {
  return flexibleDialogIsOpen(db, id, now);
}

/** When a flexible dialog grant ends (or ended): its end of period, or its revocation if earlier. */
export async function flexibleDialogEnd(db: DbOrTx, id: string): Promise<Date | undefined> {
  const row = await flexibleDialogPeriod(db, id);
  if (!row) return undefined;
  const until = new Date(row.valid_until);
  return row.revoked_at && new Date(row.revoked_at) < until ? new Date(row.revoked_at) : until;
}

/** The flexible dialog a person has in a contact now, if any. */
export async function activeFlexibleDialog(db: DbOrTx, personId: string, contactId: string, now: Date = clockNow()) {
  return openFlexibleDialogInContact(db, personId, contactId, now);
}

/** Everyone the user may act for, the user first. */
export async function listRepresentations(db: DbOrTx, userId: string, now: Date = clockNow()): Promise<Representation[]> {
  const [children, grantors] = await Promise.all([childIdsOf(db, userId), poaGrantorIdsOf(db, userId)]);
  const ids = [...new Set([userId, ...children.map((c) => c.id), ...grantors.map((g) => g.id)])];
  const out: Representation[] = [];
  for (const id of ids) {
    const r = await representationOf(db, userId, id, now);
    if (r) out.push(r);
  }
  return out;
}

/** Is an item hidden from parents? */
export async function hiddenFromParents(db: DbOrTx, objectType: string, objectId: string): Promise<boolean> {
  return isHiddenFromParents(db, objectType, objectId);
}

/**
 * The people to notify about a citizen's item in an area: the citizen (if 12 or older, or
 * if they have contact details), and everyone who may act for them in that area. Deduplicated
 * by phone number and e-mail address so no one gets the same notice twice.
 */
export async function notificationRecipients(db: DbOrTx, citizenId: string, area: Area, opts: { objectType?: string; objectId?: string; now?: Date } = {}) {
  const now = opts.now ?? clockNow();
  const candidates = new Set<string>([citizenId]);
  const [parents, holders] = await Promise.all([parentIdsOf(db, citizenId), poaHolderIdsOf(db, citizenId)]);
  for (const p of [...parents, ...holders]) candidates.add(p.id);
  const hidden = opts.objectType && opts.objectId ? await hiddenFromParents(db, opts.objectType, opts.objectId) : false;
  const out: { personId: string; phone: string | null; email: string | null; onBehalfOf: boolean }[] = [];
  const seenPhone = new Set<string>();
  const seenEmail = new Set<string>();
  for (const id of candidates) {
    const r = await representationOf(db, id, citizenId, now);
    if (!r || !r.areas.has(area)) continue;
    if (hidden && r.parentView) continue;
    const p = await contactDetails(db, id);
    if (!p) continue;
    const phone = p.phone && !seenPhone.has(p.phone) ? p.phone : null;
    const email = p.email && !seenEmail.has(p.email.toLowerCase()) ? p.email : null;
    if (phone) seenPhone.add(phone);
    if (email) seenEmail.add(email.toLowerCase());
    if (phone || email) out.push({ personId: id, phone, email, onBehalfOf: id !== citizenId });
  }
  return out;
}

/**
 * Makes a session act for a person the signed-in person may represent (or for themself again);
 * starting to act for someone else is written to that person's access log in the same transaction.
 */
export async function chooseActingFor(db: Db, s: { personId: string; idHash: string }, personId: string): Promise<Representation> {
  const rep = await representationOf(db, s.personId, personId);
  if (!rep) throw new AppError('NOT_FOUND', 'You cannot act for that person.');
  await db.transaction().execute(async (tx) => {
    await setSessionActingFor(tx, s.idHash, rep.subjectId === s.personId ? null : rep.subjectId);
    if (rep.subjectId !== s.personId) {
      const me = await personName(tx, s.personId);
      await recordAudit(tx, {
        citizenId: rep.subjectId,
        actorKind: 'representative',
        actorPersonId: s.personId,
        actorName: `${me.given_name} ${me.family_name}`,
        actorRole: rep.relation,
        action: 'representation.start',
        objectType: 'person',
        objectId: rep.subjectId,
      });
    }
  });
  return rep;
}
