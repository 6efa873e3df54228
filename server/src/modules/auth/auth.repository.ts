/** SQL for logins: the single-use login attempts, and the people and staff a login or session names. */
import { sweepCutoff } from '../../platform/clock.ts';
import type { Language } from '@helsedialog/core';
import type { Db } from '../../platform/db.ts';

/** Deletes the login attempts past their time-to-live (a sweep of every process's rows: sweepCutoff). */
export async function deleteLoginAttemptsOlderThan(db: Db, ttlMs: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('created_at', '<', sweepCutoff(ttlMs)).execute();
}

/** Stores a login attempt. */
export async function insertLoginAttempt(
  db: Db,
  v: { id: string; kind: 'citizen' | 'staff'; state: string; nonce: string; code_verifier: string; return_to: string | null; created_at: Date },
): Promise<void> {
  await db.insertInto('login_attempts').values(v).execute();
}

/** Deletes a login attempt and returns it (undefined when there was none). */
export async function takeLoginAttemptRow(db: Db, id: string) {
  return db.deleteFrom('login_attempts').where('id', '=', id).returningAll().executeTakeFirst();
}

/** The person with a national identity number (id and birth date). */
export async function personForLogin(db: Db, nationalId: string) {
  return db.selectFrom('persons').select(['id', 'birth_date']).where('national_id', '=', nationalId).executeTakeFirst();
}

/** The staff member with an HPR number. */
export async function staffForLogin(db: Db, hprNumber: string) {
  return db.selectFrom('staff').select('id').where('hpr_number', '=', hprNumber).executeTakeFirst();
}

/** A person's name and chosen language. */
export async function personNameAndLanguage(db: Db, id: string) {
  return db.selectFrom('persons').select(['id', 'given_name', 'family_name', 'preferred_language']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** A staff member's name and chosen language. */
export async function staffNameAndLanguage(db: Db, id: string) {
  return db.selectFrom('staff').select(['id', 'given_name', 'family_name', 'preferred_language']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Sets a person's language. */
export async function setPersonLanguage(db: Db, id: string, language: Language): Promise<void> {
  await db.updateTable('persons').set({ preferred_language: language }).where('id', '=', id).execute();
}

/** Sets a staff member's language. */
export async function setStaffLanguage(db: Db, id: string, language: Language): Promise<void> {
  await db.updateTable('staff').set({ preferred_language: language }).where('id', '=', id).execute();
}
