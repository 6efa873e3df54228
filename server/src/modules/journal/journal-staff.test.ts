/**
 * Staff and operators see EPJ trouble: rejected items of every kind (messages, appointments,
 * letters) are listed for unit administrators with reason and attempts and can be resent; the
 * list says how many wait; inbox rows flag threads not yet in the record; /api/health degrades
 * (and /metrics tells) when the oldest undocumented item has waited past the threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { TestClient } from '../../test/http-client.ts';
import { journalFixtures } from './journal.fixtures.ts';

let srv: TestServer;
let base: string;
beforeAll(async () => {
  srv = await startTestServer();
  base = `http://127.0.0.1:${srv.config.port}`;
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

const { epjMode, settle, unitWith, loggedIn } = journalFixtures(() => srv);
async function kithUnit() {
  const f = await unitWith('kith');
  return { ...f, d: await loggedIn('staff', f.doctor.accountId), admin: await loggedIn('staff', f.secretary.accountId), c: await loggedIn('citizen', f.citizen.accountId) };
}

describe('staff see what the EPJ did not take', () => {
  it('rejected messages, appointments and letters are listed with reason and attempts, resent; the inbox flags the thread', async () => {
    const s = await kithUnit();
    await epjMode('reject');
    try {
      const t = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
      expect(t.status).toBe(201);
      const appt = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, { contactId: s.contact.id, date: '2030-04-02', time: '09:00' });
      expect(appt.status).toBe(201);
      const letter = await s.d.post(`/api/staff/units/${s.unit.id}/letters`, {
        template: 'appointment_notice',
        contactId: s.contact.id,
        fields: { date: '2030-04-02', time: '09:00', place: 'Legekontoret', bring: 'Ingenting' },
      });
      expect(letter.status).toBe(201);
      await settle(s.unit.id);

      const list = await s.admin.get(`/api/staff/units/${s.unit.id}/journal`);
      expect(list.status).toBe(200);
      const items = list.json().items as { objectType: string; status: string; reason: string; attempts: number; itemId: string; at: string | null }[];
      expect(items.map((i) => i.objectType).sort()).toEqual(['appointment', 'letter', 'message']);
      for (const i of items) {
        expect(i.status).toBe('rejected');
        expect(i.reason).toMatch(/E35/);
        expect(i.attempts).toBe(1);
      }
      expect(items.find((i) => i.objectType === 'appointment')?.at).toBe(new Date('2030-04-02T07:00:00Z').toISOString());
      expect(list.json().waiting).toEqual({ count: 0, oldestAt: null });
      // A member who is no administrator does not get the list, and is told so (not about "services").
      const denied = await s.d.get(`/api/staff/units/${s.unit.id}/journal`);
      expect(denied.status).toBe(403);
      const put = await s.d.put(`/api/staff/units/${s.unit.id}/epj-endpoint`, {
        protocol: 'kith',
        transport: 'http',
        url: `${base}/dev-epj/kith`,
        enabled: true,
      });
      expect(put.status).toBe(403);
      expect(put.json()).toMatchObject({ code: 'NOT_UNIT_ADMIN', detail: 'Only an administrator of the unit can do this.' });
      // Bad status: a clear 400.
      expect((await s.admin.get(`/api/staff/units/${s.unit.id}/journal?status=lost`)).status).toBe(400);

      // The inbox row of the thread is flagged.
      const inbox = await s.d.get(`/api/staff/units/${s.unit.id}/threads`);
      expect(inbox.json().items.find((i: { id: string }) => i.id === t.json().id)).toMatchObject({ journal: 'problem' });

      // The EPJ takes it again; the appointment is resent and documented; the list says what waits meanwhile.
      await epjMode('accept');
      const appointmentItem = items.find((i) => i.objectType === 'appointment')!;
      expect((await s.d.post(`/api/staff/journal/${appointmentItem.itemId}/resend`)).status).toBe(200);
      const waiting = (await s.admin.get(`/api/staff/units/${s.unit.id}/journal`)).json();
      expect(waiting.waiting.count).toBe(1);
      expect(waiting.waiting.oldestAt).toEqual(expect.any(String));
      await settle(s.unit.id);
      const after = (await s.admin.get(`/api/staff/units/${s.unit.id}/journal?status=documented,rejected`)).json().items as {
        objectType: string;
        status: string;
      }[];
      expect(after.find((i) => i.objectType === 'appointment')?.status).toBe('documented');
    } finally {
      await epjMode('accept');
    }
  });
});

describe('operators see the record falling behind', () => {
  it('health degrades and the metric tells when the oldest undocumented item is older than the threshold', async () => {
    const s = await kithUnit();
    await epjMode('down');
    try {
      const t = await s.c.post(`/api/citizen/contacts/${s.contact.id}/threads`, { kind: 'ekontakt', topic: 'Annet', text: 'Hei' });
      expect(t.status).toBe(201);
      const inbox = await s.d.get(`/api/staff/units/${s.unit.id}/threads`);
      expect(inbox.json().items.find((i: { id: string }) => i.id === t.json().id)).toMatchObject({ journal: 'pending' });
      // Written two hours ago (the default threshold is 60 minutes).
      await db()
        .updateTable('journal_items')
        .set({ created_at: new Date(Date.now() - 2 * 3_600_000) })
        .where('thread_id', '=', t.json().id)
        .execute();
      const health = (await new TestClient(srv.url).get('/api/health')).json();
      expect(health.status).toBe('degraded');
      expect(health.journal).toMatchObject({ late: true, alertAfterSeconds: 3600 });
      expect(health.journal.oldestUndocumentedSeconds).toBeGreaterThanOrEqual(7200);
      const metrics = await (await fetch(`${srv.url}/metrics`)).text();
      const age = Number(/^journal_oldest_undocumented_seconds (\d+)/m.exec(metrics)?.[1]);
      expect(age).toBeGreaterThanOrEqual(7200);
    } finally {
      await epjMode('accept');
      await settle(s.unit.id);
    }
  });
});
