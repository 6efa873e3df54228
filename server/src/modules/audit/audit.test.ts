/** The access log: written with the work, shown to the citizen, append-only, and a hash chain that shows any edit. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';
import { openDatabase } from '../../platform/db.ts';
import { migrateToLatest } from '../../platform/migrate.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

async function conversation() {
  const f = await gpOffice(srv.database.db);
  const c = new TestClient(srv.url);
  await login(c, 'citizen', f.citizen.accountId);
  const d = new TestClient(srv.url);
  await login(d, 'staff', f.doctor.accountId);
  const t = (await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' })).json();
  return { ...f, c, d, t };
}

describe('access log', () => {
  it('shows the citizen which clinician read their message, with role and unit', async () => {
    const s = await conversation();
    await s.d.get(`/api/staff/threads/${s.t.id}`);
    const log = await s.c.get('/api/citizen/access-log');
    expect(log.status).toBe(200);
    expect(log.json().items[0]).toMatchObject({
      actor: { kind: 'staff', name: s.doctor.name, role: 'doctor' },
      unit: { id: s.unit.id, name: s.unit.name },
      action: 'thread.read',
      objectType: 'thread',
    });
  });

  it('fails the work when the audit entry cannot be written', async () => {
    const s = await conversation();
    // Make audit inserts fail for this unit only (other suites may share the database).
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION audit_fail_${s.unit.id.replace(/-/g, '')}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.unit_id = '${s.unit.id}' THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END $$`,
      )
      .execute(srv.database.db);
    await sql
      .raw(
        `CREATE TRIGGER audit_fail_${s.unit.id.replace(/-/g, '')} BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_fail_${s.unit.id.replace(/-/g, '')}()`,
      )
      .execute(srv.database.db);
    try {
      const res = await s.d.get(`/api/staff/threads/${s.t.id}`);
      expect(res.status).toBe(500);
      expect(res.json().detail).not.toContain('audit store');
      // Nothing of the work happened: the message is still unread and the thread still new.
      const m = await srv.database.db.selectFrom('messages').select('read_at').where('thread_id', '=', s.t.id).executeTakeFirstOrThrow();
      expect(m.read_at).toBeNull();
      const t = await srv.database.db.selectFrom('threads').select('status').where('id', '=', s.t.id).executeTakeFirstOrThrow();
      expect(t.status).toBe('new');
      const reply = await s.d.post(`/api/staff/threads/${s.t.id}/messages`, { text: 'Svar' });
      expect(reply.status).toBe(500);
      expect(await srv.database.db.selectFrom('messages').select('id').where('thread_id', '=', s.t.id).execute()).toHaveLength(1);
    } finally {
      await sql.raw(`DROP TRIGGER audit_fail_${s.unit.id.replace(/-/g, '')} ON audit_events`).execute(srv.database.db);
    }
  });

  it('refuses UPDATE and DELETE on the audit table', async () => {
    const s = await conversation();
    await s.d.get(`/api/staff/threads/${s.t.id}`);
    await expect(sql`UPDATE audit_events SET actor_name = 'Noen andre' WHERE citizen_id = ${s.citizen.id}`.execute(srv.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_events WHERE citizen_id = ${s.citizen.id}`.execute(srv.database.db)).rejects.toThrow(/append-only/);
  });
});

describe('hash chain', () => {
  it('verifies, and names the first broken link after a row is edited directly', async () => {
    const s = await conversation();
    await s.d.get(`/api/staff/threads/${s.t.id}`);
    await s.d.post(`/api/staff/threads/${s.t.id}/messages`, { text: 'Svar' });
    await s.d.get(`/api/staff/threads/${s.t.id}`);
    const before = await verifyAuditChain(srv.database.db);
    expect(before.ok).toBe(true);
    const rows = await srv.database.db.selectFrom('audit_events').select('id').where('citizen_id', '=', s.citizen.id).orderBy('id').execute();
    const target = rows[1]!.id;
    // An attacker with database rights: switch off the guard, edit, switch it on again. All in one
    // transaction that is rolled back, so suites sharing this database (which verify every chain)
    // never see the broken link.
    const after = await srv.database.db
      .transaction()
      .execute(async (tx) => {
        await sql.raw('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update').execute(tx);
        await sql`UPDATE audit_events SET actor_name = 'Noen andre' WHERE id = ${target}`.execute(tx);
        await sql.raw('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update').execute(tx);
        const result = await verifyAuditChain(tx);
        throw Object.assign(new Error('roll back'), { result });
      })
      .catch((e: { result?: unknown }) => e.result);
    expect(after).toMatchObject({ ok: false, brokenId: target, citizenId: s.citizen.id, reason: expect.stringContaining('changed') });
    expect((await verifyAuditChain(srv.database.db)).ok).toBe(true);
  });

  it('has a command (npm run audit:verify) that reports an intact log and names a broken link', async () => {
    // The command opens a database from its environment; a fresh embedded one in a temp folder keeps this independent.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-audit-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrateToLatest(db.db);
    await db.db.transaction().execute(async (tx) => {
      for (const action of ['thread.read', 'message.send', 'thread.read']) {
        await recordAudit(tx, { citizenId: '11111111-1111-4111-8111-111111111111', actorKind: 'staff', actorName: 'Lege Test', action, objectType: 'thread' });
      }
    });
    const main = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../main.ts');
    const run = () =>
      spawnSync(process.execPath, [main, 'verify-audit'], {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ids = await db.db.selectFrom('audit_events').select('id').orderBy('id').execute();
    await db.close();
    const ok = run();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/intact: 3 entries checked/);
    const again = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await sql.raw('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update').execute(again.db);
    await sql`UPDATE audit_events SET action = 'nothing.happened' WHERE id = ${ids[1]!.id}`.execute(again.db);
    await again.close();
    const broken = run();
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`BROKEN at entry ${ids[1]!.id}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
