/**
 * A granted flexible dialog from the citizen's side: offered on the contact's page for its period
 * (even where the unit does not offer standard dialog to everyone), lands assigned to its
 * addressee, and ends visibly: the thread says so and takes no more messages.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gpOffice } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { setClock } from '../../platform/clock.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
afterEach(() => setClock(undefined));

describe('flexible dialog from the citizen’s contact page', () => {
  it('is offered for its period, lands assigned to its addressee, and ends visibly', async () => {
    const f = await gpOffice(srv.database.db);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    // Before a grant the GP office offers no standard dialog.
    const before = (await c.get(`/api/citizen/contacts/${f.contact.id}/services`)).json();
    expect(before.items.map((i: { service: string }) => i.service)).not.toContain('standarddialog');

    const g = await doctor.post(`/api/staff/contacts/${f.contact.id}/flexible-dialog`, { personId: f.citizen.id, addressedStaffId: f.doctor.id, days: 14 });
    expect(g.status).toBe(201);
    const offered = (await c.get(`/api/citizen/contacts/${f.contact.id}/services`)).json();
    const flex = offered.items.find((i: { service: string }) => i.service === 'standarddialog');
    expect(flex).toMatchObject({ canStart: true, flexible: { addressedTo: f.doctor.name, until: expect.any(String) } });

    const sent = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'standarddialog', topic: 'Oppfølging', text: 'Hei, her er målingene.' });
    expect(sent.status).toBe(201);
    expect(sent.json().flexible).toMatchObject({ ended: false });
    const staffView = (await doctor.get(`/api/staff/threads/${sent.json().id}`)).json();
    expect(staffView.assignedTo).toMatchObject({ id: f.doctor.id });
    const mine = (await doctor.get(`/api/staff/units/${f.unit.id}/threads?assigned=me`)).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(sent.json().id);

    // 15 days later, in a new session (the old one has long expired).
    setClock(new Date(Date.now() + 15 * 86_400_000));
    await login(c, 'citizen', f.citizen.accountId);
    const later = (await c.get(`/api/citizen/threads/${sent.json().id}`)).json();
    expect(later.flexible).toMatchObject({ ended: true });
    const reply = await c.post(`/api/citizen/threads/${sent.json().id}/messages`, { text: 'En ting til.' });
    expect(reply.status).toBe(409);
    expect(reply.json().code).toBe('FLEXIBLE_DIALOG_ENDED');
    const after = (await c.get(`/api/citizen/contacts/${f.contact.id}/services`)).json();
    expect(after.items.map((i: { service: string }) => i.service)).not.toContain('standarddialog');
  });

  it('shows staff the role pool a role-addressed flexible dialog goes to', async () => {
    const f = await gpOffice(srv.database.db);
    const doctor = new TestClient(srv.url);
    await login(doctor, 'staff', f.doctor.accountId);
    const c = new TestClient(srv.url);
    await login(c, 'citizen', f.citizen.accountId);
    expect(
      (await doctor.post(`/api/staff/contacts/${f.contact.id}/flexible-dialog`, { personId: f.citizen.id, addressedRole: 'secretary', days: 7 })).status,
    ).toBe(201);
    const offered = (await c.get(`/api/citizen/contacts/${f.contact.id}/services`)).json();
    expect(offered.items.find((i: { service: string }) => i.service === 'standarddialog').flexible).toMatchObject({
      addressedRole: 'secretary',
      addressedTo: null,
    });
    const sent = await c.post(`/api/citizen/contacts/${f.contact.id}/threads`, { kind: 'standarddialog', topic: 'Spørsmål', text: 'Hei.' });
    const inbox = (await doctor.get(`/api/staff/units/${f.unit.id}/threads?sort=activity`)).json();
    expect(inbox.items.find((i: { id: string }) => i.id === sent.json().id)).toMatchObject({ addressedRole: 'secretary', assignedTo: null });
    expect((await doctor.get(`/api/staff/threads/${sent.json().id}`)).json()).toMatchObject({ addressedRole: 'secretary' });
  });
});
