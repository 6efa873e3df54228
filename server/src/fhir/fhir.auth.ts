/**
 * OAuth2 client credentials for EPJ systems (HelseID-style machine clients, scoped to units).
 * Client secrets are stored as scrypt hashes; access tokens are opaque random strings of which
 * only the SHA-256 is stored, so a database dump holds no usable credential.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import type { DbOrTx } from '../platform/jobs.ts';
import './fhir.tables.ts';
import { now as clockNow, nowMs, sweepCutoff } from '../platform/clock.ts';

export const TOKEN_TTL_SECONDS = 3600;
export const FHIR_SCOPE = 'system/*.read system/*.write';

/** A scrypt hash of a client secret: scrypt$<salt>$<hash>. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(secret, salt, 32).toString('base64url')}`;
}

/** True if the secret matches the stored hash (constant time). */
export function verifySecret(secret: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64url');
  const got = scryptSync(secret, Buffer.from(salt, 'base64url'), want.length);
  return timingSafeEqual(want, got);
}

/** Registers (or replaces) an EPJ client allowed to see the given units. */
export async function createFhirClient(db: DbOrTx, c: { clientId: string; name: string; secret: string; unitIds: string[] }): Promise<void> {
  const values = { name: c.name, secret_hash: hashSecret(c.secret), unit_ids: c.unitIds, active: true };
  await db
    .insertInto('fhir_clients')
    .values({ client_id: c.clientId, ...values })
    .onConflict((oc) => oc.column('client_id').doUpdateSet(values))
    .execute();
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Checks client credentials and issues a bearer token; undefined when they are wrong. */
export async function issueToken(db: Db, clientId: string, secret: string): Promise<{ accessToken: string; expiresIn: number; scope: string } | undefined> {
  const c = await db.selectFrom('fhir_clients').selectAll().where('client_id', '=', clientId).where('active', '=', true).executeTakeFirst();
  if (!c || !verifySecret(secret, c.secret_hash)) return undefined;
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('fhir_tokens')
    .values({
      token_hash: sha256(token),
      client_id: c.client_id,
      unit_ids: c.unit_ids,
      scope: FHIR_SCOPE,
      expires_at: new Date(nowMs() + TOKEN_TTL_SECONDS * 1000),
    })
    .execute();
  // Tokens expired a day ago are of no use to anyone: drop them on the way (every process's: sweepCutoff).
  await db.deleteFrom('fhir_tokens').where('expires_at', '<', sweepCutoff(86_400_000)).execute();
  return { accessToken: token, expiresIn: TOKEN_TTL_SECONDS, scope: FHIR_SCOPE };
}

/** Who is calling the FHIR API. */
export interface FhirAuth {
  clientId: string;
  clientName: string;
  unitIds: string[];
}

/** The client of a bearer token, or undefined if it is unknown or expired. */
export async function verifyToken(db: Db, token: string): Promise<FhirAuth | undefined> {
  const row = await db
    .selectFrom('fhir_tokens as t')
    .innerJoin('fhir_clients as c', 'c.client_id', 't.client_id')
    .select(['t.client_id', 't.unit_ids', 't.expires_at', 'c.name', 'c.active'])
    .where('t.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || !row.active || row.expires_at <= clockNow()) return undefined;
  return { clientId: row.client_id, clientName: row.name, unitIds: row.unit_ids };
}
