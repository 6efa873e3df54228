/** Login through the dev IdP over real HTTP, and every way a login must be refused. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, pickPerson, startLogin, TestClient } from '../../test/http-client.ts';
import { sha256 } from '../../platform/session.ts';
import { shiftClock } from '../../platform/clock.ts';

let srv: TestServer;
let citizen: Awaited<ReturnType<typeof createCitizen>>;
let staff: Awaited<ReturnType<typeof createStaff>>;
let unit: Awaited<ReturnType<typeof createUnit>>;

beforeAll(async () => {
  srv = await startTestServer();
  const db = srv.database.db;
  unit = await createUnit(db, { kind: 'gp_office' });
  citizen = await createCitizen(db, { age: 35 });
  staff = await createStaff(db, unit.id, { role: 'doctor', isAdmin: true });
  await createContact(db, citizen.id, unit.id, { gpStaffId: staff.id });
});
afterAll(async () => srv?.close());

function location(res: { headers: Headers }) {
  const loc = res.headers.get('location') ?? '';
  const u = new URL(loc, srv.url);
  return { path: u.pathname, error: u.searchParams.get('error'), message: u.searchParams.get('message') };
}

describe('citizen login', () => {
  it('logs in with acr high and sees own health contacts', async () => {
    const c = new TestClient(srv.url);
    const res = await login(c, 'citizen', citizen.accountId);
    expect(res.status).toBe(303);
    expect(location(res).path).toBe('/citizen');
    const setCookie = res.headers.getSetCookie().find((h) => h.startsWith('hd_session='));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'citizen', person: { id: citizen.id, name: citizen.name } });
    const contacts = await c.get('/api/citizen/contacts');
    expect(contacts.status).toBe(200);
    expect(contacts.json().items).toEqual([
      expect.objectContaining({ unit: expect.objectContaining({ id: unit.id }), status: 'active', gp: { name: staff.name } }),
    ]);
  });

  it('gives a new session id at each login', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const first = c.cookie('hd_session');
    await login(c, 'citizen', citizen.accountId);
    const second = c.cookie('hd_session');
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });

  it('refuses a login below security level high, with a clear message', async () => {
    const c = new TestClient(srv.url);
    const interaction = await startLogin(c, 'citizen');
    const callback = await pickPerson(c, interaction, citizen.accountId, 'idporten-loa-substantial');
    const res = await c.get(callback);
    expect(res.status).toBe(303);
    expect(location(res)).toMatchObject({ path: '/', error: 'LOGIN_ACR_TOO_LOW' });
    expect(location(res).message).toMatch(/security level high/);
    expect(c.cookie('hd_session')).toBeUndefined();
  });

  it('refuses a wrong state', async () => {
    const c = new TestClient(srv.url);
    const interaction = await startLogin(c, 'citizen');
    const callback = await pickPerson(c, interaction, citizen.accountId);
    const u = new URL(callback, srv.url);
    u.searchParams.set('state', 'forged-state');
    const res = await c.get(u.pathname + u.search, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'LOGIN_STATE_MISMATCH', detail: expect.stringMatching(/state/) });
    expect(c.cookie('hd_session')).toBeUndefined();
  });

  it('a login in flight survives a sweep by a process whose clock runs days ahead; attempts past their time are swept', async () => {
    const c = new TestClient(srv.url);
    const interaction = await startLogin(c, 'citizen');
    const stale = await srv.database.db
      .insertInto('login_attempts')
      .values({
        id: `stale-${Date.now()}`,
        kind: 'citizen',
        state: 's',
        nonce: 'n',
        code_verifier: 'v',
        return_to: null,
        created_at: new Date(Date.now() - 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Another login started by a process two days ahead (a test sharing the database, a skewed
    // machine) sweeps old attempts as it goes: ours is not old by the database's clock.
    shiftClock(2 * 86_400_000);
    try {
      await startLogin(new TestClient(srv.url), 'citizen');
    } finally {
      shiftClock(0);
    }
    expect(await srv.database.db.selectFrom('login_attempts').select('id').where('id', '=', stale.id).executeTakeFirst()).toBeUndefined();
    const callback = await pickPerson(c, interaction, citizen.accountId);
    const res = await c.get(callback, { headers: { accept: 'application/json' } });
    expect(res.status, res.body).toBeLessThan(400);
    expect(c.cookie('hd_session')).toBeDefined();
  });

  it('refuses an ID token whose nonce does not match the login that was started', async () => {
    const c = new TestClient(srv.url);
    const interaction = await startLogin(c, 'citizen');
    // The login attempt row holds the nonce we sent; change it as an attacker's injected response would not match.
    await srv.database.db.updateTable('login_attempts').set({ nonce: 'some-other-nonce' }).where('id', '=', c.cookie('hd_login')!).execute();
    const callback = await pickPerson(c, interaction, citizen.accountId);
    const res = await c.get(callback, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: 'LOGIN_NONCE_MISMATCH' });
    expect(c.cookie('hd_session')).toBeUndefined();
  });

  it('refuses a replayed callback, and the identity provider refuses a replayed code', async () => {
    const c = new TestClient(srv.url);
    const interaction = await startLogin(c, 'citizen');
    const attemptId = c.cookie('hd_login')!;
    const attempt = await srv.database.db.selectFrom('login_attempts').selectAll().where('id', '=', attemptId).executeTakeFirstOrThrow();
    const callback = await pickPerson(c, interaction, citizen.accountId);
    const ok = await c.get(callback);
    expect(location(ok).path).toBe('/citizen');

    // 1. The same callback again: the login attempt was single-use.
    const attacker = new TestClient(srv.url);
    attacker.cookies.push({ name: 'hd_login', value: attemptId, path: '/auth' });
    const replay = await attacker.get(callback, { headers: { accept: 'application/json' } });
    expect(replay.status).toBe(400);
    expect(replay.json().code).toBe('LOGIN_ATTEMPT_EXPIRED');

    // 2. Even with a matching login attempt restored, the IdP will not redeem the code twice.
    await srv.database.db
      .insertInto('login_attempts')
      .values({ ...attempt, created_at: new Date() })
      .execute();
    attacker.cookies.push({ name: 'hd_login', value: attemptId, path: '/auth' });
    const replay2 = await attacker.get(callback, { headers: { accept: 'application/json' } });
    expect(replay2.status).toBe(400);
    expect(replay2.json().code).toBe('LOGIN_CODE_INVALID');
    expect(attacker.cookie('hd_session')).toBeUndefined();
  });

  it('moves a login started on another host name (127.0.0.1) to PUBLIC_URL first, so its cookie comes back', async () => {
    const res = await fetch(`${srv.url.replace('localhost', '127.0.0.1')}/auth/citizen/login`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${srv.url}/auth/citizen/login`);
  });

  it('redirects a refused browser login to the start page with the reason', async () => {
    const c = new TestClient(srv.url);
    const res = await c.get('/auth/callback/citizen?code=x&state=y');
    expect(res.status).toBe(303);
    expect(location(res)).toMatchObject({ path: '/', error: 'LOGIN_ATTEMPT_EXPIRED' });
  });
});

describe('staff login', () => {
  it('logs in with HelseID claims and lists the units', async () => {
    const c = new TestClient(srv.url);
    const res = await login(c, 'staff', staff.accountId);
    expect(location(res).path).toBe('/clinician');
    const units = await c.get('/api/staff/units');
    expect(units.status).toBe(200);
    expect(units.json().items).toEqual([
      { id: unit.id, name: unit.name, kind: 'gp_office', organisationName: expect.any(String), role: 'doctor', isAdmin: true },
    ]);
  });

  it('does not let a staff session use citizen routes, nor a citizen staff routes', async () => {
    const s = new TestClient(srv.url);
    await login(s, 'staff', staff.accountId);
    expect((await s.get('/api/citizen/contacts')).status).toBe(403);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    expect((await c.get('/api/staff/units')).status).toBe(403);
  });
});

describe('sessions', () => {
  it('ends the session on the server at logout: the old cookie no longer works', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const old = c.cookie('hd_session')!;
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const again = new TestClient(srv.url);
    again.cookies.push({ name: 'hd_session', value: old, path: '/' });
    const res = await again.get('/api/citizen/contacts');
    expect(res.status).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    const row = await srv.database.db.selectFrom('sessions').select('ended_at').where('id_hash', '=', sha256(old)).executeTakeFirstOrThrow();
    expect(row.ended_at).not.toBeNull();
  });

  it('refuses logout without the CSRF token', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const res = await c.request('POST', '/api/auth/logout', { headers: { 'x-csrf-token': 'wrong' } });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('refuses a state-changing request from another origin', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const res = await c.request('POST', '/api/auth/logout', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
  });

  it('expires a session idle for more than 30 minutes, with a clear message', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    await srv.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('id_hash', '=', sha256(c.cookie('hd_session')!))
      .execute();
    const res = await c.get('/api/citizen/contacts');
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SESSION_EXPIRED', detail: expect.stringMatching(/expired/) });
    // And it stays ended even if touched again.
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('keeps an active session alive: a request after more than 30 s moves its last activity, one within 30 s does not', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    const hash = sha256(c.cookie('hd_session')!);
    const lastSeen = async () =>
      (await srv.database.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', hash).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const twentyNineMinutesAgo = new Date(Date.now() - 29 * 60_000);
    await srv.database.db.updateTable('sessions').set({ last_seen_at: twentyNineMinutesAgo }).where('id_hash', '=', hash).execute();
    const before = Date.now();
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    // Touched: the idle timeout counts from now again, and the answer says so; the new time is
    // written within a second, off the request path.
    expect(new Date(me.json().sessionExpiresAt).getTime()).toBeGreaterThan(before + 29 * 60_000);
    await vi.waitFor(async () => expect(await lastSeen()).toBeGreaterThanOrEqual(before - 1000), { timeout: 5000, interval: 100 });
    const touched = await lastSeen();
    expect((await c.get('/api/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await lastSeen()).toBe(touched);
  });

  it('expires a session past its absolute lifetime of 12 hours even when active', async () => {
    const c = new TestClient(srv.url);
    await login(c, 'citizen', citizen.accountId);
    await srv.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', sha256(c.cookie('hd_session')!))
      .execute();
    const res = await c.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
  });

  it('GET /api/session answers 200 with or without a session: nobody, who (as GET /api/me), or that the session expired', async () => {
    const c = new TestClient(srv.url);
    const anonymous = await c.get('/api/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    expect(anonymous.json()).toEqual({ signedIn: false, reason: 'UNAUTHENTICATED' });

    await login(c, 'citizen', citizen.accountId);
    const signedIn = await c.get('/api/session');
    expect(signedIn.status).toBe(200);
    const me = (await c.get('/api/me')).json();
    expect(signedIn.json()).toEqual({ signedIn: true, me: { ...me, sessionExpiresAt: expect.any(String) } });
    expect(signedIn.json().me).toMatchObject({ kind: 'citizen', person: { id: citizen.id, name: citizen.name }, csrfToken: expect.any(String) });

    await srv.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('id_hash', '=', sha256(c.cookie('hd_session')!))
      .execute();
    expect((await c.get('/api/session')).json()).toEqual({ signedIn: false, reason: 'SESSION_EXPIRED' });
    // Ended by that answer, as GET /api/me would end it.
    expect((await c.get('/api/session')).json()).toEqual({ signedIn: false, reason: 'UNAUTHENTICATED' });
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('answers anonymous API calls with 401 problem+json', async () => {
    const res = await new TestClient(srv.url).get('/api/citizen/contacts');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: expect.any(String) });
  });
});
