/** Storage of patient letters. The PDF bytes are read only when downloaded. */
import type { Expression, Insertable, SqlBool } from 'kysely';
import type { DbOrTx } from '../../platform/jobs.ts';
import type { LettersTable } from './letters.tables.ts';
import { now } from '../../platform/clock.ts';

const COLUMNS = [
  'l.id',
  'l.citizen_id',
  'l.unit_id',
  'l.contact_id',
  'l.sent_by',
  'l.kind',
  'l.template',
  'l.title',
  'l.body',
  'l.pdf_filename',
  'l.pdf_size',
  'l.important',
  'l.sent_at',
  'l.read_at',
  'l.read_by_person_id',
  'u.name as unit_name',
] as const;

export type LetterRow = NonNullable<Awaited<ReturnType<typeof findLetter>>>;

/** Adds a letter; returns its id and sending time. */
export async function insertLetter(db: DbOrTx, values: Insertable<LettersTable>): Promise<{ id: string; sent_at: Date }> {
  return db.insertInto('letters').values(values).returning(['id', 'sent_at']).executeTakeFirstOrThrow();
}

/** One letter with its unit's name and sender, without the PDF bytes. */
export async function findLetter(db: DbOrTx, id: string) {
  return db
    .selectFrom('letters as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .leftJoin('staff as s', 's.id', 'l.sent_by')
    .select([...COLUMNS, 's.given_name as s_given', 's.family_name as s_family', 's.title as s_title'])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

/** The PDF of a letter. */
export async function letterPdf(db: DbOrTx, id: string) {
  return db.selectFrom('letters').select(['pdf_filename', 'pdf_data']).where('id', '=', id).executeTakeFirst();
}

/** A citizen's letters, newest first. */
export async function listCitizenLetters(db: DbOrTx, citizenId: string, limit: number, visible: Expression<SqlBool>) {
  return db
    .selectFrom('letters as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .select([...COLUMNS])
    .where('l.citizen_id', '=', citizenId)
    .where(visible)
    .orderBy('l.sent_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
}

/** The letters a unit sent, newest first, with the patient. */
export async function listUnitLetters(db: DbOrTx, unitId: string, limit: number) {
  return db
    .selectFrom('letters as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('persons as p', 'p.id', 'l.citizen_id')
    .select([...COLUMNS, 'p.given_name', 'p.family_name', 'p.birth_date'])
    .where('l.unit_id', '=', unitId)
    .orderBy('l.sent_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
}

/** Marks a letter read the first time; returns true when it was unread. */
export async function markLetterRead(db: DbOrTx, id: string, personId: string): Promise<boolean> {
  const res = await db
    .updateTable('letters')
    .set({ read_at: now(), read_by_person_id: personId })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The name and birth date of a letter's patient. */
export async function letterPatient(db: DbOrTx, citizenId: string) {
  return db.selectFrom('persons').select(['given_name', 'family_name', 'birth_date']).where('id', '=', citizenId).executeTakeFirstOrThrow();
}
