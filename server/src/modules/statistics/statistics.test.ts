/**
 * Statistics over HTTP: exact counts of every metric for a unit and for the trust above it, the
 * period before for comparison, Europe/Oslo period boundaries, who may see which scope (unit
 * administrator, leader of a trust or region above, nobody else), and the errors for bad periods.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod, periodOf, previousPeriod, suppressSmall, type MetricResult, type Statistics } from '@helsedialog/core';
import { createCitizen, createContact, createStaff } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { openDatabase } from '../../platform/db.ts';
import { migrateToLatest } from '../../platform/migrate.ts';
import { FINAL_AFTER_DAYS, rolledUpBefore, rollupMessageDays } from './rollup.ts';
import { addDays, todayInOslo } from '../../platform/time.ts';
import { now } from '../../platform/clock.ts';

let srv: TestServer;
const ids = {} as Record<'region' | 'trust' | 'otherOrg' | 'unitA' | 'unitB' | 'unitC', string>;
const clients = {} as Record<'adminA' | 'memberA' | 'trustLeader' | 'regionLeader' | 'adminC', TestClient>;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  srv = await startTestServer();
  const db = srv.database.db;
  const org = async (name: string, parent: string | null, level: 'region' | 'trust' | 'organisation') =>
    (await db.insertInto('organisations').values({ name, org_number: null, parent_id: parent, level }).returning('id').executeTakeFirstOrThrow()).id;
  ids.region = await org('Region Test RHF', null, 'region');
  ids.trust = await org('Helse Test HF', ids.region, 'trust');
  ids.otherOrg = await org('Annen org', null, 'organisation');
  const unit = async (organisation_id: string, name: string) =>
    (await db.insertInto('units').values({ organisation_id, name, kind: 'hospital_department', her_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  ids.unitA = await unit(ids.trust, 'A Hjerte');
  ids.unitB = await unit(ids.trust, 'B Ortopedi');
  ids.unitC = await unit(ids.otherOrg, 'C Annen');

  const adminA = await createStaff(db, ids.unitA, { role: 'coordinator', isAdmin: true });
  const memberA = await createStaff(db, ids.unitA, { role: 'doctor', isAdmin: false });
  const trustLeader = await createStaff(db, ids.unitC, { role: 'doctor', isAdmin: false });
  const regionLeader = await createStaff(db, ids.unitC, { role: 'doctor', isAdmin: false });
  const adminC = await createStaff(db, ids.unitC, { role: 'doctor', isAdmin: true });
  await db
    .insertInto('organisation_leaders')
    .values([
      { staff_id: trustLeader.id, organisation_id: ids.trust },
      { staff_id: regionLeader.id, organisation_id: ids.region },
    ])
    .execute();
  for (const [k, s] of Object.entries({ adminA, memberA, trustLeader, regionLeader, adminC })) {
    const c = new TestClient(srv.url);
    await login(c, 'staff', s.accountId);
    clients[k as keyof typeof clients] = c;
  }

  // Health contacts: A has two started in October 2026 and one from before that ended 10 Sept.
  const p1 = await createCitizen(db, { age: 40 });
  const p2 = await createCitizen(db, { age: 40 });
  const cA1 = await createContact(db, p1.id, ids.unitA, { startedAt: at('2026-10-05T10:00:00Z') });
  await createContact(db, p2.id, ids.unitA, { startedAt: at('2026-09-30T22:30:00Z') }); // 1 October 00:30 in Oslo
  await createContact(db, p2.id, ids.unitB, { startedAt: at('2025-01-01T10:00:00Z'), endedAt: at('2026-09-10T10:00:00Z') });

  // Threads: in A, three citizen threads in October (answered in 2 h within the promise, answered
  // in 50 h after the deadline, unanswered and overdue), one in September answered in 4 h.
  const thread = async (o: {
    unit: string;
    created: string;
    answered?: string;
    due?: string;
    status: 'new' | 'in_progress' | 'answered' | 'closed';
    kind?: 'ekontakt' | 'ekonsultasjon';
  }) =>
    (
      await db
        .insertInto('threads')
        .values({
          citizen_id: p1.id,
          unit_id: o.unit,
          contact_id: cA1.id,
          kind: o.kind ?? 'ekontakt',
          topic: 'Statistikk',
          status: o.status,
          started_by: 'citizen',
          created_at: at(o.created),
          last_message_at: at(o.created),
          due_at: o.due ? at(o.due) : null,
          answered_at: o.answered ? at(o.answered) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const t1 = await thread({
    unit: ids.unitA,
    created: '2026-10-06T08:00:00Z',
    answered: '2026-10-06T10:00:00Z',
    due: '2026-10-13T08:00:00Z',
    status: 'answered',
    kind: 'ekonsultasjon',
  });
  const t2 = await thread({
    unit: ids.unitA,
    created: '2026-10-07T08:00:00Z',
    answered: '2026-10-09T10:00:00Z',
    due: '2026-10-08T08:00:00Z',
    status: 'answered',
  });
  await thread({ unit: ids.unitA, created: '2026-10-08T08:00:00Z', due: '2026-10-09T08:00:00Z', status: 'in_progress' });
  const t4 = await thread({
    unit: ids.unitA,
    created: '2026-09-10T08:00:00Z',
    answered: '2026-09-10T12:00:00Z',
    due: '2026-09-17T08:00:00Z',
    status: 'answered',
  });
  // In B, one October thread answered in 10 h.
  await thread({ unit: ids.unitB, created: '2026-10-20T08:00:00Z', answered: '2026-10-20T18:00:00Z', due: '2026-10-27T08:00:00Z', status: 'answered' });

  // Messages: t1 one from the patient and one to the patient (read after 30 h); t2 one from,
  // one to (read after 5 days), one to (never read); t4 (September) one to the patient, read after 2 h.
  const msg = async (thread_id: string, seq: number, author: 'citizen' | 'staff', created: string, read?: string) =>
    db
      .insertInto('messages')
      .values({
        thread_id,
        citizen_id: p1.id,
        unit_id: ids.unitA,
        seq,
        author_kind: author,
        author_person_id: author === 'citizen' ? p1.id : null,
        author_staff_id: author === 'staff' ? adminA.id : null,
        text: 'Innholdet telles aldri',
        created_at: at(created),
        delivered_at: at(created),
        read_at: read ? at(read) : null,
      })
      .execute();
  await msg(t1, 1, 'citizen', '2026-10-06T08:00:00Z');
  await msg(t1, 2, 'staff', '2026-10-06T10:00:00Z', '2026-10-07T16:00:00Z');
  await msg(t2, 1, 'citizen', '2026-10-07T08:00:00Z');
  await msg(t2, 2, 'staff', '2026-10-09T10:00:00Z', '2026-10-14T10:00:00Z');
  await msg(t2, 3, 'staff', '2026-10-09T11:00:00Z');
  await msg(t4, 1, 'citizen', '2026-09-10T08:00:00Z');
  await msg(t4, 2, 'staff', '2026-09-10T12:00:00Z', '2026-09-10T14:00:00Z');

  // Fees: two e-konsultasjon lines in October, one exempt (frikort).
  await db
    .insertInto('billing_lines')
    .values([
      { thread_id: t1, citizen_id: p1.id, unit_id: ids.unitA, staff_id: adminA.id, code: '2ae', amount_nok: 180, created_at: at('2026-10-06T10:00:00Z') },
      {
        thread_id: t2,
        citizen_id: p1.id,
        unit_id: ids.unitA,
        staff_id: adminA.id,
        code: '2ae',
        amount_nok: 0,
        exempt_reason: 'frikort',
        created_at: at('2026-10-09T10:00:00Z'),
      },
    ])
    .execute();

  // Appointments in A: two booked in October (one by the patient), one of them cancelled by the patient, one completed.
  const appt = async (o: { created: string; source: 'citizen_booking' | 'unit'; cancelled?: string; completed?: string; notAttended?: string }) =>
    db
      .insertInto('appointments')
      .values({
        citizen_id: p1.id,
        unit_id: ids.unitA,
        contact_id: cA1.id,
        timebook_id: null,
        slot_id: null,
        staff_id: null,
        request_id: null,
        title: 'Kontroll',
        type: 'in_person',
        starts_at: at('2026-10-20T08:00:00Z'),
        ends_at: at('2026-10-20T08:20:00Z'),
        location: null,
        directions: null,
        video_url: null,
        reason: null,
        note: null,
        source: o.source,
        booked_by_person_id: o.source === 'citizen_booking' ? p1.id : null,
        created_by_staff_id: null,
        status: o.cancelled ? 'cancelled' : o.completed ? 'completed' : o.notAttended ? 'not_attended' : 'booked',
        cancelled_at: o.cancelled ? at(o.cancelled) : null,
        cancelled_by: o.cancelled ? 'citizen' : null,
        completed_at: o.completed ? at(o.completed) : null,
        not_attended_at: o.notAttended ? at(o.notAttended) : null,
        created_at: at(o.created),
      })
      .execute();
  await appt({ created: '2026-10-02T08:00:00Z', source: 'citizen_booking', cancelled: '2026-10-10T08:00:00Z' });
  await appt({ created: '2026-10-03T08:00:00Z', source: 'unit', completed: '2026-10-20T09:00:00Z' });
  // Booked in September, the patient did not come (marked 20 October).
  await appt({ created: '2026-09-15T08:00:00Z', source: 'unit', notAttended: '2026-10-20T09:05:00Z' });

  // Forms in A: sent 20 Sept (answered 2 Oct), 30 Sept 22:30 UTC (1 October in Oslo; answered
  // 5 Oct), 10 Oct (a draft only) and 12 Oct (not opened); one filled in front of a message
  // (8 Oct, no request); one sent and answered in September.
  const form = await db
    .insertInto('forms')
    .values({ unit_id: ids.unitA, url: 'https://example.org/Questionnaire/s', title: 'Skjema' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('form_versions')
    .values({ form_id: form.id, seq: 1, version: '1', questionnaire: JSON.stringify({ resourceType: 'Questionnaire' }), imported_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const response = (o: { request: string | null; thread?: string; submitted: string | null }) =>
    db
      .insertInto('form_responses')
      .values({
        request_id: o.request,
        version_id: version.id,
        citizen_id: p1.id,
        unit_id: ids.unitA,
        thread_id: o.thread ?? null,
        status: o.submitted ? 'completed' : 'in-progress',
        author_person_id: p1.id,
        submitted_by_person_id: o.submitted ? p1.id : null,
        submitted_at: o.submitted ? at(o.submitted) : null,
      })
      .execute();
  const request = async (created: string, answered: string | null | undefined) => {
    const r = await db
      .insertInto('form_requests')
      .values({
        citizen_id: p1.id,
        unit_id: ids.unitA,
        contact_id: cA1.id,
        form_id: form.id,
        version_id: version.id,
        sent_by: adminA.id,
        created_at: at(created),
        submitted_at: answered ? at(answered) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (answered !== undefined) await response({ request: r.id, submitted: answered });
  };
  await request('2026-09-20T08:00:00Z', '2026-10-02T08:00:00Z');
  await request('2026-09-30T22:30:00Z', '2026-10-05T08:00:00Z');
  await request('2026-10-10T08:00:00Z', null);
  await request('2026-10-12T08:00:00Z', undefined);
  await request('2026-09-03T08:00:00Z', '2026-09-04T08:00:00Z');
  await response({ request: null, thread: t1, submitted: '2026-10-08T08:00:00Z' });
  // The data above is written into the past; a rollup made before it (this file run earlier on
  // the same database) would not hold it. Rebuilt from nothing, as after an import of history.
  await sql`DELETE FROM stats_message_days`.execute(db);
  await sql`DELETE FROM stats_rollups`.execute(db);
}, 120_000);
afterAll(async () => srv?.close());

function metric(s: Statistics, id: MetricResult['id']): MetricResult {
  return s.metrics.find((m) => m.id === id)!;
}
function row(rows: MetricResult['current'], dims: Record<string, string>) {
  return rows.find((r) => Object.entries(dims).every(([k, v]) => r.dims[k] === v))?.values;
}

describe('periods (core/src/statistics.ts)', () => {
  it('parses months and ISO weeks, and the period before', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', label: '2026-11', from: '2026-11-01', to: '2026-12-01' });
    expect(parsePeriod('2026-W01')).toMatchObject({ from: '2025-12-29', to: '2026-01-05' });
    expect(parsePeriod('2026-W53')).toMatchObject({ from: '2026-12-28', to: '2027-01-04' });
    expect(parsePeriod('2025-W53')).toBeUndefined();
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(previousPeriod(parsePeriod('2026-01')!).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2027-W01')!).label).toBe('2026-W53');
    expect(periodOf('week', '2027-01-01').label).toBe('2026-W53');
    expect(suppressSmall(0)).toBe('0');
    expect(suppressSmall(4)).toBe('<5');
    expect(suppressSmall(5)).toBe('5');
  });
});

describe('statistics of a unit', () => {
  let s: Statistics;
  beforeAll(async () => {
    const r = await clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`);
    expect(r.status, r.body).toBe(200);
    s = r.json();
  });

  it('names the period and the one before', () => {
    expect(s.scope).toMatchObject({ kind: 'unit', id: ids.unitA, name: 'A Hjerte' });
    expect(s.period.label).toBe('2026-10');
    expect(s.previous.label).toBe('2026-09');
    expect(s.units).toEqual([{ id: ids.unitA, name: 'A Hjerte' }]);
  });

  it('counts health contacts created and active, on Oslo calendar days', () => {
    const m = metric(s, 'contacts');
    // 30 Sept 22:30 UTC is 1 October in Oslo: October.
    expect(row(m.current, { unit: ids.unitA })).toEqual({ created: 2, active: 2 });
    expect(row(m.previous, { unit: ids.unitA })).toEqual({ created: 0, active: 0 });
  });

  it('counts messages per service kind and direction', () => {
    const m = metric(s, 'messages');
    expect(row(m.current, { unit: ids.unitA, kind: 'ekonsultasjon', direction: 'from_patients' })).toEqual({ messages: 1 });
    expect(row(m.current, { unit: ids.unitA, kind: 'ekonsultasjon', direction: 'to_patients' })).toEqual({ messages: 1 });
    expect(row(m.current, { unit: ids.unitA, kind: 'ekontakt', direction: 'from_patients' })).toEqual({ messages: 1 });
    expect(row(m.current, { unit: ids.unitA, kind: 'ekontakt', direction: 'to_patients' })).toEqual({ messages: 2 });
    expect(m.current).toHaveLength(4);
    expect(row(m.previous, { unit: ids.unitA, kind: 'ekontakt', direction: 'to_patients' })).toEqual({ messages: 1 });
  });

  it('gives answer times (median, 90th percentile) against the promise', () => {
    const v = row(metric(s, 'answerTimes').current, { unit: ids.unitA })!;
    expect(v).toMatchObject({ threads: 3, answered: 2, withinPromise: 1, withPromise: 2 });
    expect(v.medianHours).toBeCloseTo(26, 5); // 2 h and 50 h
    expect(v.p90Hours).toBeCloseTo(45.2, 5);
    expect(row(metric(s, 'answerTimes').previous, { unit: ids.unitA })).toMatchObject({ threads: 1, answered: 1, medianHours: 4 });
  });

  it('counts overdue threads: answered late and still awaiting an answer past the deadline', () => {
    expect(row(metric(s, 'overdue').current, { unit: ids.unitA })).toEqual({ withDeadline: 3, answeredLate: 1, stillOverdue: 1 });
  });

  it('gives how many messages to patients were read within 1, 3 and 7 days', () => {
    expect(row(metric(s, 'readWithin').current, { unit: ids.unitA })).toEqual({ sent: 3, read1d: 0, read3d: 1, read7d: 2 });
    expect(row(metric(s, 'readWithin').previous, { unit: ids.unitA })).toEqual({ sent: 1, read1d: 1, read3d: 1, read7d: 1 });
  });

  it('counts fees recorded, and bookings, cancellations, completed and not attended appointments', () => {
    expect(row(metric(s, 'fees').current, { unit: ids.unitA })).toEqual({ recorded: 2, paying: 1, exemptUnder16: 0, exemptFrikort: 1 });
    expect(row(metric(s, 'appointments').current, { unit: ids.unitA })).toEqual({
      booked: 2,
      bookedByPatients: 1,
      cancelled: 1,
      cancelledByPatients: 1,
      completed: 1,
      notAttended: 1,
    });
    expect(row(metric(s, 'appointments').previous, { unit: ids.unitA })).toEqual({
      booked: 1,
      bookedByPatients: 0,
      cancelled: 0,
      cancelledByPatients: 0,
      completed: 0,
      notAttended: 0,
    });
  });

  it('counts forms sent, answered, and filled in front of a message (drafts are not answers)', () => {
    expect(row(metric(s, 'forms').current, { unit: ids.unitA })).toEqual({ sent: 3, answered: 2, withMessage: 1 });
    expect(row(metric(s, 'forms').previous, { unit: ids.unitA })).toEqual({ sent: 2, answered: 1, withMessage: 0 });
  });

  it('holds no person and no text', () => {
    const body = JSON.stringify(s);
    expect(body).not.toContain('Innholdet');
    expect(body).not.toMatch(/\d{11}/);
  });

  it('counts an ISO week', async () => {
    const r = await clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-W41`); // 5–11 October
    expect(r.status, r.body).toBe(200);
    expect(row(metric(r.json(), 'answerTimes').current, { unit: ids.unitA })).toMatchObject({ threads: 3 });
    expect(r.json().previous.label).toBe('2026-W40');
  });
});

describe('statistics of the trust', () => {
  it('counts every unit below it, with a total answer time over all', async () => {
    const r = await clients.trustLeader.get(`/api/staff/statistics/organisations/${ids.trust}?period=2026-10`);
    expect(r.status, r.body).toBe(200);
    const s: Statistics = r.json();
    expect(s.units.map((u) => u.name)).toEqual(['A Hjerte', 'B Ortopedi']);
    const at = metric(s, 'answerTimes');
    expect(row(at.current, { unit: ids.unitB })).toMatchObject({ threads: 1, answered: 1, medianHours: 10 });
    expect(row(at.current, { unit: 'all' })).toMatchObject({ threads: 4, answered: 3, medianHours: 10 });
    // B had a contact active in September until the 10th; none in October.
    expect(row(metric(s, 'contacts').previous, { unit: ids.unitB })).toEqual({ created: 0, active: 1 });
    expect(row(metric(s, 'contacts').current, { unit: ids.unitB })).toEqual({ created: 0, active: 0 });
  });

  it('is open to a leader of the region above, and the leader sees each unit', async () => {
    expect((await clients.regionLeader.get(`/api/staff/statistics/organisations/${ids.trust}?period=2026-10`)).status).toBe(200);
    expect((await clients.regionLeader.get(`/api/staff/statistics/organisations/${ids.region}?period=2026-10`)).status).toBe(200);
    expect((await clients.trustLeader.get(`/api/staff/statistics/units/${ids.unitB}?period=2026-10`)).status).toBe(200);
  });

  it('lists the scopes each may choose', async () => {
    const names = async (c: TestClient) =>
      (await c.get('/api/staff/statistics/scopes')).json().items.map((i: { name: string; via: string }) => `${i.name}/${i.via}`);
    expect(await names(clients.trustLeader)).toEqual(['Helse Test HF/leader', 'A Hjerte/leader', 'B Ortopedi/leader']);
    expect(await names(clients.regionLeader)).toEqual(['Helse Test HF/leader', 'Region Test RHF/leader', 'A Hjerte/leader', 'B Ortopedi/leader']);
    expect(await names(clients.adminA)).toEqual(['A Hjerte/unit_admin']);
    expect(await names(clients.memberA)).toEqual([]);
  });
});

// The daily rollup (rollup.ts) must not change any answer: every count the page shows is the
// same counted from the messages, summed from days up to the middle of the period, and summed
// from days for the whole of it.
describe('the daily rollup of messages', () => {
  it('gives exactly the answers counted from every message, wherever the rolled-up days end', async () => {
    const asked = [
      () => clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`),
      () => clients.trustLeader.get(`/api/staff/statistics/organisations/${ids.trust}?period=2026-10`),
      () => clients.trustLeader.get(`/api/staff/statistics/organisations/${ids.trust}?period=2026-W41`),
      () => clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-11`),
    ];
    const answers = async () => Promise.all(asked.map(async (get) => ({ ...(await get()).json(), ms: 0 })));
    const db = srv.database.db;
    // From no rollup at all (a database this file ran on before keeps its rollup).
    await sql`DELETE FROM stats_message_days`.execute(db);
    await sql`DELETE FROM stats_rollups`.execute(db);
    const before = await answers();
    expect(await rolledUpBefore(db)).toBeUndefined();
    // The days up to 9 October are final on 17 October: the period is split inside its days.
    expect(await rollupMessageDays(db, new Date('2026-10-17T12:00:00Z'))).toBeGreaterThan(0);
    expect(await rolledUpBefore(db)).toBe('2026-10-09');
    expect(await answers()).toEqual(before);
    // Today: every day that is final (8 days old) is rolled up; October whole, November in part.
    await rollupMessageDays(db);
    expect(await rolledUpBefore(db)).toBe(addDays(todayInOslo(now()), -FINAL_AFTER_DAYS));
    const days = await db.selectFrom('stats_message_days' as never).select(sql`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(Number((days as { n: number }).n)).toBeGreaterThan(0);
    expect(await answers()).toEqual(before);
    // A rerun adds nothing and changes nothing.
    expect(await rollupMessageDays(db)).toBe(0);
    expect(await answers()).toEqual(before);
  });
});

describe('who may not see statistics', () => {
  it('refuses a member of the unit who is not its administrator (403), and others without revealing (404)', async () => {
    const member = await clients.memberA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`);
    expect(member.status).toBe(403);
    expect(member.json().code).toBe('NOT_UNIT_ADMIN');
    expect((await clients.adminC.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`)).status).toBe(404);
    expect((await clients.adminA.get(`/api/staff/statistics/units/${ids.unitB}?period=2026-10`)).status).toBe(404);
    expect((await clients.adminA.get(`/api/staff/statistics/organisations/${ids.trust}?period=2026-10`)).status).toBe(404);
    // A trust leader does not see the region above; in a unit of another organisation where they
    // are a member without the administrator flag, they are refused as any such member.
    expect((await clients.trustLeader.get(`/api/staff/statistics/organisations/${ids.region}?period=2026-10`)).status).toBe(404);
    expect((await clients.trustLeader.get(`/api/staff/statistics/organisations/${ids.otherOrg}?period=2026-10`)).status).toBe(404);
    expect((await clients.trustLeader.get(`/api/staff/statistics/units/${ids.unitC}?period=2026-10`)).json().code).toBe('NOT_UNIT_ADMIN');
  });
});

describe('bad periods', () => {
  it.each(['2026-13', 'november', '2025-W53', '1999-01', ''])('refuses %j as a period with problem+json', async (p) => {
    const r = await clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=${encodeURIComponent(p)}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json().code).toBe(p === '' ? 'VALIDATION_FAILED' : 'STATISTICS_PERIOD_INVALID');
  });
  it('refuses a period that has not begun', async () => {
    const r = await clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2099-01`);
    expect(r.status).toBe(400);
    expect(r.json().code).toBe('STATISTICS_PERIOD_IN_FUTURE');
    expect(r.json().detail).toContain('2099-01');
  });
});

// READ_DATABASE_URL: the counts come from the standby, who may see them from the primary. Proven
// with a "standby" that is an empty database of the same schema: the primary's leader check
// passes, and every count is what that other database holds (nothing).
// Skipped on PGlite: a standby needs a second PostgreSQL server.
describe.skipIf(!process.env.DATABASE_URL)('statistics on a read-only standby (skipped on PGlite: no second server)', () => {
  it('counts on READ_DATABASE_URL, decides access on the primary, and refuses READ_DATABASE_URL without DATABASE_URL', async () => {
    const primary = new URL(process.env.DATABASE_URL!);
    const name = `${primary.pathname.slice(1)}_read_${process.pid}`;
    await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(srv.database.db);
    await sql.raw(`CREATE DATABASE ${name}`).execute(srv.database.db);
    const readUrl = new URL(primary);
    readUrl.pathname = `/${name}`;
    const standby = await openDatabase({ databaseUrl: readUrl.toString(), dataDir: '' });
    await migrateToLatest(standby.db);
    await standby.close();
    const read = await startTestServer({ DATABASE_URL: process.env.DATABASE_URL!, READ_DATABASE_URL: readUrl.toString() }, srv.database);
    try {
      const c = new TestClient(read.url);
      const admin = await createStaff(srv.database.db, ids.unitA, { role: 'coordinator', isAdmin: true });
      await login(c, 'staff', admin.accountId);
      const onPrimary: Statistics = (await clients.adminA.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`)).json();
      expect(row(metric(onPrimary, 'contacts').current, { unit: ids.unitA })).toMatchObject({ created: 2 });
      const r = await c.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`);
      expect(r.status, r.body).toBe(200);
      const onStandby: Statistics = r.json();
      expect(onStandby.units.map((u) => u.name)).toEqual(['A Hjerte']);
      expect(row(metric(onStandby, 'contacts').current, { unit: ids.unitA })).toEqual({ created: 0, active: 0 });
      expect(metric(onStandby, 'messages').current).toEqual([]);
      // Access is the primary's: a member who is not the administrator is still refused.
      const member = await createStaff(srv.database.db, ids.unitA, { role: 'doctor', isAdmin: false });
      const m = new TestClient(read.url);
      await login(m, 'staff', member.accountId);
      expect((await m.get(`/api/staff/statistics/units/${ids.unitA}?period=2026-10`)).json().code).toBe('NOT_UNIT_ADMIN');
    } finally {
      await read.close();
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(srv.database.db);
    }
    const { loadConfig, ConfigError } = await import('../../platform/config.ts');
    expect(() => loadConfig({ NODE_ENV: 'test', READ_DATABASE_URL: readUrl.toString() })).toThrow(ConfigError);
  });
});
