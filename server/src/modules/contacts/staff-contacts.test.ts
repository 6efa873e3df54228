/** Staff register a right to health care and end it; the citizen can then write, then no longer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff, createUnit, enableServices } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());

describe('health contacts registered by staff', () => {
  it('creates a care-right contact the citizen can write through, and ends it', async () => {
    const db = srv.database.db;
    const unit = await createUnit(db, { kind: 'hospital_department' });
    await enableServices(db, unit.id, ['standarddialog']);
    const coord = await createStaff(db, unit.id, { role: 'coordinator' });
    const p = await createCitizen(db);
    const staff = new TestClient(srv.url);
    await login(staff, 'staff', coord.accountId);
    const created = await staff.post(`/api/staff/units/${unit.id}/contacts`, { nationalId: p.national_id, source: 'care_right', endsOn: '2099-12-31' });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ citizenId: p.id, status: 'active', source: 'care_right' });
    expect((await staff.post(`/api/staff/units/${unit.id}/contacts`, { nationalId: p.national_id, source: 'care_right' })).status).toBe(409);

    const c = new TestClient(srv.url);
    await login(c, 'citizen', p.accountId);
    const contacts = (await c.get('/api/citizen/contacts')).json().items;
    expect(contacts).toEqual([expect.objectContaining({ id: created.json().id, status: 'active', source: 'care_right' })]);
    expect((await c.post(`/api/citizen/contacts/${created.json().id}/threads`, { kind: 'standarddialog', topic: 'Ventetid', text: 'Hei' })).status).toBe(201);

    const ended = await staff.post(`/api/staff/contacts/${created.json().id}/end`, {});
    expect(ended.json().status).toBe('previous');
    expect((await c.get('/api/citizen/contacts')).json().items[0].status).toBe('previous');
    const refused = await c.post(`/api/citizen/contacts/${created.json().id}/threads`, { kind: 'standarddialog', topic: 'Ventetid', text: 'Hei igjen' });
    expect(refused.status).toBe(409);
    expect(refused.json().code).toBe('CONTACT_INACTIVE');
  });

  it('refuses an invalid national id and a unit the staff member is not in', async () => {
    const db = srv.database.db;
    const unit = await createUnit(db);
    const other = await createUnit(db);
    const s = await createStaff(db, unit.id);
    const staff = new TestClient(srv.url);
    await login(staff, 'staff', s.accountId);
    expect((await staff.post(`/api/staff/units/${unit.id}/contacts`, { nationalId: '12345678901', source: 'manual' })).json().code).toBe('VALIDATION_FAILED');
    const p = await createCitizen(db);
    expect((await staff.post(`/api/staff/units/${other.id}/contacts`, { nationalId: p.national_id, source: 'manual' })).status).toBe(404);
  });

  it('a secretary who is not a unit administrator may neither register nor end a health contact; an administrator secretary may', async () => {
    const db = srv.database.db;
    const unit = await createUnit(db, { kind: 'gp_office' });
    const secretary = await createStaff(db, unit.id, { role: 'secretary' });
    const adminSecretary = await createStaff(db, unit.id, { role: 'secretary', isAdmin: true });
    const nurse = await createStaff(db, unit.id, { role: 'nurse' });
    const p = await createCitizen(db);
    const plain = new TestClient(srv.url);
    await login(plain, 'staff', secretary.accountId);
    const refused = await plain.post(`/api/staff/units/${unit.id}/contacts`, { nationalId: p.national_id, source: 'manual' });
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect(await db.selectFrom('health_contacts').select('id').where('citizen_id', '=', p.id).execute()).toEqual([]);

    const admin = new TestClient(srv.url);
    await login(admin, 'staff', adminSecretary.accountId);
    const created = await admin.post(`/api/staff/units/${unit.id}/contacts`, { nationalId: p.national_id, source: 'manual' });
    expect(created.status).toBe(201);
    const end = await plain.post(`/api/staff/contacts/${created.json().id}/end`);
    expect(end.status).toBe(403);
    const byNurse = new TestClient(srv.url);
    await login(byNurse, 'staff', nurse.accountId);
    expect((await byNurse.post(`/api/staff/contacts/${created.json().id}/end`)).status).toBe(200);
  });
});
