/**
 * Server-side sessions. The cookie carries 32 random bytes; the database keeps only their
 * SHA-256, so a copy of the sessions table cannot be replayed as cookies. Idle timeout and
 * absolute lifetime are checked on every request; logout ends the row.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import { template } from './query-template.ts';
import { now as clockNow, nowMs } from './clock.ts';

export const SESSION_COOKIE = 'hd_session';

/** The signed-in person as the rest of the app sees it. */
export interface Session {
  idHash: string;
  kind: 'citizen' | 'staff';
  personId: string | null;
  staffId: string | null;
  actingForId: string | null;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  idleExpiresAt: Date;
  /** The signed-in citizen's name and birth date, loaded with the session (saves a query per request). */
  citizen: { name: string; birthDate: string } | null;
  /** The signed-in staff member's name and unit memberships, loaded with the session in the same round trip. */
  staff: SessionStaff | null;
}

/** A staff member as loaded with the session: name and current unit memberships. */
export interface SessionStaff {
  name: string;
  memberships: Array<{ unitId: string; unitName: string; unitKind: string; role: string; isAdmin: boolean }>;
}

/** SHA-256 (hex) of a token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A random URL-safe token of n bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Compares two strings in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Cookie options: HttpOnly, SameSite=Lax, Secure unless served over plain http on localhost. */
export function cookieOptions(config: Pick<Config, 'publicUrl'>) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https://') };
}

/** Starts a session with a fresh id (never reuses one from before login); returns the cookie value. */
export async function createSession(
  db: Db,
  config: Pick<Config, 'sessionAbsoluteMs'>,
  who: { kind: 'citizen'; personId: string; acr: string | null } | { kind: 'staff'; staffId: string; acr: string | null },
): Promise<string> {
  const token = randomToken();
  const now = clockNow();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(token),
      kind: who.kind,
      person_id: who.kind === 'citizen' ? who.personId : null,
      staff_id: who.kind === 'staff' ? who.staffId : null,
      acr: who.acr,
      csrf_token: randomToken(24),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + config.sessionAbsoluteMs),
    })
    .execute();
  return token;
}

/** Ends the session behind a cookie value, if any. */
export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.updateTable('sessions').set({ ended_at: clockNow() }).where('id_hash', '=', sha256(token)).where('ended_at', 'is', null).execute();
}

/** The session row with the person's name, or the staff member's name and memberships (one round trip). */
const sessionByHash = template((db, a: { hash: string }) =>
  db
    .selectFrom('sessions')
    .leftJoin('persons as p', 'p.id', 'sessions.person_id')
    .selectAll('sessions')
    .select(['p.given_name', 'p.family_name', 'p.birth_date'])
    .select(
      sql<SessionStaff | null>`(SELECT json_build_object('name', s.given_name || ' ' || s.family_name, 'memberships', coalesce((SELECT json_agg(json_build_object('unitId', m.unit_id, 'unitName', u.name, 'unitKind', u.kind, 'role', m.role, 'isAdmin', m.is_admin)) FROM staff_memberships m JOIN units u ON u.id = m.unit_id WHERE m.staff_id = s.id), '[]'::json)) FROM staff s WHERE s.id = sessions.staff_id)`.as(
        'staff_info',
      ),
    )
    .where('id_hash', '=', a.hash),
);

/** A session's last activity is written when it is more than this old, which bounds idle-timeout error to it. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Writes sessions' last activity off the request path: a request that finds its session's last
 * activity older than TOUCH_EVERY_MS records the new time here, and every `everyMs` one statement
 * writes all recorded times (without waiting for the WAL flush: a touch lost in a crash only
 * makes a session idle out up to that much sooner). Until then, this process reads its own
 * recorded times in place of the stored ones.
 */
export class ActivityRecorder {
  readonly #db: Db;
  readonly #everyMs: number;
  readonly #onError: (err: unknown) => void;
  #pending = new Map<string, Date>();
  /** The batch being written now: still this process's newest knowledge until it is stored. */
  #writing = new Map<string, Date>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Db, opts: { everyMs?: number; onError: (err: unknown) => void }) {
    this.#db = db;
    this.#everyMs = opts.everyMs ?? 1000;
    this.#onError = opts.onError;
  }

  /** Records activity of a session at `at`. */
  touch(idHash: string, at: Date): void {
    this.#pending.set(idHash, at);
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#everyMs);
      this.#timer.unref();
    }
  }

  /** The activity recorded here and not yet written, if any. */
  pending(idHash: string): Date | undefined {
    return this.#pending.get(idHash) ?? this.#writing.get(idHash);
  }

  /** Writes every recorded activity now (also at shutdown); a failed write is kept for the next. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (!batch.size) return this.#flushing;
    this.#pending = new Map();
    const hashes = [...batch.keys()];
    const times = [...batch.values()];
    this.#flushing = this.#flushing
      .then(() => {
        this.#writing = batch;
        return this.#db.transaction().execute(async (tx) => {
          await sql`SET LOCAL synchronous_commit TO off`.execute(tx);
          await sql`UPDATE sessions s SET last_seen_at = v.at
            FROM (SELECT unnest(${hashes}::text[]) AS id_hash, unnest(${times}::timestamptz[]) AS at) v
            WHERE s.id_hash = v.id_hash AND s.ended_at IS NULL AND s.last_seen_at < v.at`.execute(tx);
        });
      })
      .catch((err: unknown) => {
        this.#onError(err);
        for (const [h, at] of batch) if (!this.#pending.has(h)) this.touch(h, at);
      })
      .finally(() => {
        if (this.#writing === batch) this.#writing = new Map();
      });
    return this.#flushing;
  }
}

/**
 * The session loaded for each request. A WeakMap, not a property on the request: nothing about
 * who is signed in may be read through an object's prototype chain (a polluted
 * Object.prototype once made every cookie-less request run as a chosen session; issue 15).
 */
const sessionsOfRequests = new WeakMap<FastifyRequest, Session>();

/**
 * Loads the session of a request, or throws UNAUTHENTICATED / SESSION_EXPIRED. The session is
 * kept on the request, so later calls in the same request do not read it again — except with
 * `recheck` (a long-lived stream checking its session still holds), which reads it again and
 * does not count as activity.
 */
export async function loadSession(
  db: Db,
  config: Pick<Config, 'sessionIdleMs'>,
  request: FastifyRequest,
  activity: ActivityRecorder,
  opts: { recheck?: boolean } = {},
): Promise<Session> {
  const cached = sessionsOfRequests.get(request);
  if (cached && !opts.recheck) return cached;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError('UNAUTHENTICATED', 'You are not logged in. Log in to continue.');
  const row = (await sessionByHash(db, { hash: sha256(token) }))[0];
  if (!row || row.ended_at) throw new AppError('UNAUTHENTICATED', 'You are not logged in. Log in to continue.');
  const now = nowMs();
  const recorded = activity.pending(row.id_hash);
  let lastSeen = recorded && recorded > row.last_seen_at ? recorded : row.last_seen_at;
  if (now > row.expires_at.getTime() || now > lastSeen.getTime() + config.sessionIdleMs) {
    await db
      .updateTable('sessions')
      .set({ ended_at: new Date(now) })
      .where('id_hash', '=', row.id_hash)
      .where('ended_at', 'is', null)
      .execute();
    throw new AppError('SESSION_EXPIRED', 'Your session has expired. Log in again to continue.');
  }
  if (!opts.recheck && now - lastSeen.getTime() > TOUCH_EVERY_MS) {
    lastSeen = new Date(now);
    activity.touch(row.id_hash, lastSeen);
  }
  const session: Session = {
    idHash: row.id_hash,
    kind: row.kind,
    personId: row.person_id,
    staffId: row.staff_id,
    actingForId: row.acting_for_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: new Date(Math.min(row.expires_at.getTime(), lastSeen.getTime() + config.sessionIdleMs)),
    idleExpiresAt: new Date(lastSeen.getTime() + config.sessionIdleMs),
    citizen: row.given_name && row.birth_date ? { name: `${row.given_name} ${row.family_name}`, birthDate: row.birth_date } : null,
    staff: row.staff_info ?? null,
  };
  sessionsOfRequests.set(request, session);
  return session;
}

/** Clears the session cookie on the reply. */
export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/**
 * CSRF: every state-changing request under /api must carry the session's token in
 * X-CSRF-Token (synchronizer token) and, when the browser sends Origin, come from our origin.
 */
export function checkCsrf(request: FastifyRequest, session: Session, config: Pick<Config, 'publicUrl'>): void {
  const origin = request.headers.origin;
  if (origin && origin !== new URL(config.publicUrl).origin) {
    throw new AppError('CSRF_FAILED', 'This request came from another site and was refused. Reload the page and try again.');
  }
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
    throw new AppError('CSRF_FAILED', 'The security token of this page is missing or out of date. Reload the page and try again.');
  }
}
