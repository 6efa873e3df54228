/**
 * The access matrix: every dialog route × {the citizen, another citizen, a clinician of the
 * unit, a clinician of another unit, anonymous}. A denial changes nothing and reveals nothing:
 * 404 for what the caller may not know exists, 401 without a session, 403 for the wrong role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createContact, createStaff, createUnit, enableServices, gpOffice } from '../../test/factories.ts';
import { multipart, pdfBytes } from '../../test/files.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';

let srv: TestServer;
type Who = 'citizen' | 'otherCitizen' | 'unitStaff' | 'otherStaff' | 'anonymous';
const clients = {} as Record<Who, TestClient>;
const ids = {} as Record<string, string>;

beforeAll(async () => {
  srv = await startTestServer();
  const db = srv.database.db;
  const f = await gpOffice(db);
  const otherUnit = await createUnit(db);
  await enableServices(db, otherUnit.id, ['ekontakt']);
  const otherStaff = await createStaff(db, otherUnit.id, { role: 'doctor', isAdmin: true });
  const other = await createCitizen(db);
  const otherContact = await createContact(db, other.id, otherUnit.id);
  for (const w of ['citizen', 'otherCitizen', 'unitStaff', 'otherStaff', 'anonymous'] as Who[]) clients[w] = new TestClient(srv.url);
  await login(clients.citizen, 'citizen', f.citizen.accountId);
  await login(clients.otherCitizen, 'citizen', other.accountId);
  await login(clients.unitStaff, 'staff', f.secretary.accountId);
  await login(clients.otherStaff, 'staff', otherStaff.accountId);
  const t = await clients.citizen.upload(
    `/api/citizen/contacts/${f.contact.id}/threads`,
    multipart({ kind: 'ekontakt', topic: 'Annet', text: 'Hei' }, [{ name: 'a.pdf', type: 'application/pdf', data: pdfBytes() }]),
  );
  Object.assign(ids, {
    unit: f.unit.id,
    contact: f.contact.id,
    thread: t.json().id,
    attachment: t.json().messages[0].attachments[0].id,
    otherContact: otherContact.id,
    prescription: f.prescriptions[0]!.id,
  });
});
afterAll(async () => srv?.close());

type Route = { name: string; method: 'GET' | 'POST' | 'PUT'; path: () => string; body?: () => unknown; allow: Who[] };
const routes: Route[] = [
  { name: 'list services of a contact', method: 'GET', path: () => `/api/citizen/contacts/${ids.contact}/services`, allow: ['citizen'] },
  { name: 'list prescriptions', method: 'GET', path: () => `/api/citizen/contacts/${ids.contact}/prescriptions`, allow: ['citizen'] },
  {
    name: 'start a thread',
    method: 'POST',
    path: () => `/api/citizen/contacts/${ids.contact}/threads`,
    body: () => ({ kind: 'ekontakt', topic: 'X', text: 'Y' }),
    allow: ['citizen'],
  },
  { name: 'list my threads', method: 'GET', path: () => '/api/citizen/threads', allow: ['citizen', 'otherCitizen'] },
  { name: 'read a thread (citizen)', method: 'GET', path: () => `/api/citizen/threads/${ids.thread}`, allow: ['citizen'] },
  { name: 'reply (citizen)', method: 'POST', path: () => `/api/citizen/threads/${ids.thread}/messages`, body: () => ({ text: 'Z' }), allow: ['citizen'] },
  { name: 'download attachment (citizen)', method: 'GET', path: () => `/api/citizen/attachments/${ids.attachment}`, allow: ['citizen'] },
  { name: 'team inbox', method: 'GET', path: () => `/api/staff/units/${ids.unit}/threads`, allow: ['unitStaff'] },
  { name: 'unit unread count', method: 'GET', path: () => `/api/staff/units/${ids.unit}/unread`, allow: ['unitStaff'] },
  { name: 'unit members', method: 'GET', path: () => `/api/staff/units/${ids.unit}/members`, allow: ['unitStaff'] },
  { name: 'patient search', method: 'GET', path: () => `/api/staff/units/${ids.unit}/patients?q=Test`, allow: ['unitStaff'] },
  { name: 'open a thread (staff)', method: 'GET', path: () => `/api/staff/threads/${ids.thread}`, allow: ['unitStaff'] },
  { name: 'internal note', method: 'POST', path: () => `/api/staff/threads/${ids.thread}/notes`, body: () => ({ text: 'note' }), allow: ['unitStaff'] },
  { name: 'assign', method: 'POST', path: () => `/api/staff/threads/${ids.thread}/assign`, body: () => ({ staffId: null }), allow: ['unitStaff'] },
  { name: 'download attachment (staff)', method: 'GET', path: () => `/api/staff/attachments/${ids.attachment}`, allow: ['unitStaff'] },
  { name: 'unit services', method: 'GET', path: () => `/api/staff/units/${ids.unit}/services`, allow: ['unitStaff'] },
  {
    name: 'switch a service',
    method: 'PUT',
    path: () => `/api/staff/units/${ids.unit}/services/skjema`,
    body: () => ({ enabled: false, initiator: 'both', answerDays: null, introText: null, topics: [] }),
    allow: ['unitStaff'],
  },
  { name: 'staff reply', method: 'POST', path: () => `/api/staff/threads/${ids.thread}/messages`, body: () => ({ text: 'Svar' }), allow: ['unitStaff'] },
];

const who: Who[] = ['citizen', 'otherCitizen', 'unitStaff', 'otherStaff', 'anonymous'];

describe.each(routes)('$name', (route) => {
  it.each(who)('as %s', async (w) => {
    const before = await snapshot();
    const res = await clients[w].request(route.method, route.path(), route.body ? { body: route.body() } : {});
    if (route.allow.includes(w)) {
      expect(res.status, res.body).toBeLessThan(300);
      return;
    }
    const expected = w === 'anonymous' ? 401 : isWrongRole(route, w) ? 403 : 404;
    expect(res.status, res.body).toBe(expected);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Nothing changed, nothing revealed.
    expect(await snapshot()).toEqual(before);
    expect(res.body).not.toContain('Hei');
    // The problem names no unit, person or content (only, as `instance`, the caller's own path).
    expect(JSON.parse(res.body).detail).not.toMatch(/Testenhet|Innbygger/);
  });
});

function isWrongRole(route: Route, w: Who): boolean {
  const staffRoute = route.path().startsWith('/api/staff/');
  return staffRoute ? w === 'citizen' || w === 'otherCitizen' : w === 'unitStaff' || w === 'otherStaff';
}

async function snapshot() {
  const db = srv.database.db;
  const [threads, messages, notes, services] = await Promise.all([
    db
      .selectFrom('threads')
      .select(['id', 'status', 'assigned_staff_id', 'unit_unread', 'citizen_unread'])
      .where('unit_id', '=', ids.unit!)
      .orderBy('id')
      .execute(),
    db.selectFrom('messages').select(['id', 'read_at']).where('unit_id', '=', ids.unit!).orderBy('id').execute(),
    db.selectFrom('thread_notes').select('id').where('unit_id', '=', ids.unit!).execute(),
    db.selectFrom('unit_services').select(['service', 'enabled']).where('unit_id', '=', ids.unit!).orderBy('service').execute(),
  ]);
  return { threads, messages, notes, services };
}
