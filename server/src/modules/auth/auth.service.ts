/**
 * The rules of logging in and of "who am I": single-use login attempts with a time-to-live, who
 * may get a citizen or a staff session, and the signed-in person's name, language and representation.
 * The OpenID Connect exchange itself and the cookies stay in auth.routes.ts.
 */
import { isLanguage, type Language } from '@helsedialog/core';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { createSession, type Session } from '../../platform/session.ts';
import { ownAccessAllowed, underOwnAccessAge } from '../../access/policy.ts';
import { ageOn, todayInOslo } from '../../platform/time.ts';
import { now, nowMs } from '../../platform/clock.ts';
import { representationOf } from '../representation/representation.service.ts';
import type { LoginKind } from './oidc.ts';
import {
  deleteLoginAttemptsOlderThan,
  insertLoginAttempt,
  personForLogin,
  personNameAndLanguage,
  setPersonLanguage,
  setStaffLanguage,
  staffForLogin,
  staffNameAndLanguage,
  takeLoginAttemptRow,
} from './auth.repository.ts';

export const ATTEMPT_TTL_MS = 10 * 60_000;

/** Stores a new login attempt, clearing the attempts past their time-to-live as it goes. */
export async function saveLoginAttempt(db: Db, kind: LoginKind, attempt: { id: string; state: string; nonce: string; codeVerifier: string }): Promise<void> {
  // Old attempts are useless after their time-to-live; clear them as we go.
  await deleteLoginAttemptsOlderThan(db, ATTEMPT_TTL_MS);
  await insertLoginAttempt(db, {
    id: attempt.id,
    kind,
    state: attempt.state,
    nonce: attempt.nonce,
    code_verifier: attempt.codeVerifier,
    return_to: null,
    created_at: now(),
  });
}

/** Takes (deletes) a login attempt of this kind that is still within its time-to-live, or refuses. */
export async function takeLoginAttempt(db: Db, attemptId: string | undefined, kind: LoginKind) {
  if (!attemptId) throw new AppError('LOGIN_ATTEMPT_EXPIRED', 'This login link has expired or was already used. Start the login again.');
  // Single use: the attempt is deleted whatever happens next, so a replayed callback finds nothing.
  const attempt = await takeLoginAttemptRow(db, attemptId);
  if (!attempt || attempt.kind !== kind || attempt.created_at.getTime() < nowMs() - ATTEMPT_TTL_MS) {
    throw new AppError('LOGIN_ATTEMPT_EXPIRED', 'This login link has expired or was already used. Start the login again.');
  }
  return attempt;
}

/** A session for the citizen with this national identity number (pid claim); returns the session token. */
export async function citizenSession(db: Db, config: Config, pid: string, acr: string | null): Promise<string> {
  const person = await personForLogin(db, pid);
  if (!person) throw new AppError('LOGIN_UNKNOWN_PERSON', 'We could not find you in helsedialog. Contact your health service.');
  // Children under 12 have no own access (access/policy.ts): a parent acts for them.
  if (!ownAccessAllowed(ageOn(person.birth_date, todayInOslo(now())))) throw underOwnAccessAge();
  return createSession(db, config, { kind: 'citizen', personId: person.id, acr });
}

/** A session for the staff member with this HPR number; returns the session token. */
export async function staffSession(db: Db, config: Config, hpr: string, acr: string | null): Promise<string> {
  const staff = hpr ? await staffForLogin(db, hpr) : undefined;
  if (!staff) throw new AppError('LOGIN_UNKNOWN_PERSON', 'Your HPR number is not registered in any unit in helsedialog. Ask your unit administrator.');
  return createSession(db, config, { kind: 'staff', staffId: staff.id, acr });
}

/** The signed-in person (or staff member), their chosen language, and whom they act for. */
export async function whoAmI(db: Db, s: Session) {
  let name = '';
  let id = '';
  let language: Language | null = null;
  if (s.kind === 'citizen' && s.personId) {
    const p = await personNameAndLanguage(db, s.personId);
    name = `${p.given_name} ${p.family_name}`;
    id = p.id;
    language = isLanguage(p.preferred_language) ? p.preferred_language : null;
  } else if (s.staffId) {
    const p = await staffNameAndLanguage(db, s.staffId);
    name = `${p.given_name} ${p.family_name}`;
    id = p.id;
    language = isLanguage(p.preferred_language) ? p.preferred_language : null;
  }
  let actingFor: { id: string; name: string; relation: 'self' | 'parent' | 'poa' } | null = null;
  if (s.kind === 'citizen' && s.personId && s.actingForId) {
    const rep = await representationOf(db, s.personId, s.actingForId);
    if (rep) actingFor = { id: rep.subjectId, name: rep.subjectName, relation: rep.relation };
  }
  return { person: { id, name }, actingFor, language };
}

/** Sets the signed-in person's own language (also when acting for someone else). */
export async function setMyLanguage(db: Db, s: Pick<Session, 'kind' | 'personId' | 'staffId'>, language: Language): Promise<void> {
  if (s.kind === 'citizen' && s.personId) await setPersonLanguage(db, s.personId, language);
  else if (s.staffId) await setStaffLanguage(db, s.staffId, language);
}
