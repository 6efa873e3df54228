/**
 * Each journal item tells its own event: an appointment booked at 00:30, moved to 11:30 and
 * cancelled while the EPJ is down gives three notes with their own time and status (not three
 * copies of the state at sending); DatoNotat is the date in Oslo; completing a video
 * appointment is documented; code/display pairs follow the KITH code lists.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { login, TestClient } from '../../test/http-client.ts';
import { registerJournalWorker } from './journal.worker.ts';
import { parseDialogMessage } from './kith/parse.ts';
import { validateKithXml } from './kith/validate.ts';
import { journalFixtures } from './journal.fixtures.ts';
import { r4Problems } from '../../test/r4.ts';
import type { Bundle } from '@medplum/fhirtypes';

let srv: TestServer;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv?.close());
const db = () => srv.database.db;

const j = journalFixtures(() => srv);
const { epjMode } = j;
/** Every round makes the unit's waiting items due (the EPJ was down: they wait for a retry). */
const settle = (unitId: string) => j.settle(unitId, { retryNow: true });
async function kithUnit() {
  const f = await j.unitWith('kith');
  return { ...f, d: await j.loggedIn('staff', f.doctor.accountId) };
}
async function fhirUnit() {
  const f = await j.unitWith('fhir');
  return { ...f, d: await j.loggedIn('staff', f.doctor.accountId) };
}

/** The documented notes of an appointment, in order. */
async function notes(appointmentId: string) {
  const items = await db().selectFrom('journal_items').select(['id', 'status', 'event_type']).where('object_id', '=', appointmentId).orderBy('seq').execute();
  const out = [];
  for (const i of items) {
    expect(i.status).toBe('documented');
    const arrival = await db().selectFrom('dev_epj_inbox').select('body').where('stable_id', '=', i.id).where('answer', '=', 'ok').executeTakeFirstOrThrow();
    expect(await validateKithXml(arrival.body, 'msghead-dialogmelding')).toEqual({ valid: true, errors: [] });
    const parsed = parseDialogMessage(arrival.body);
    if (parsed.content.kind !== 'notat') throw new Error('expected a Notat');
    out.push({ event: i.event_type, xml: arrival.body, ...parsed.content });
  }
  return out;
}

describe('journal items carry the state at their event', () => {
  it('FHIR: each event of an appointment is a transaction Bundle with the Appointment as it was, valid R4', async () => {
    const s = await fhirUnit();
    const created = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, { contactId: s.contact.id, date: '2030-02-04', time: '09:30', title: 'Kontroll' });
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    expect((await s.d.post(`/api/staff/appointments/${id}/cancel`, { reason: 'Legen er syk' })).status).toBe(200);
    await settle(s.unit.id);
    const items = await db().selectFrom('journal_items').select(['id', 'status']).where('object_id', '=', id).orderBy('seq').execute();
    expect(items.map((i) => i.status)).toEqual(['documented', 'documented']);
    const bundles: Bundle[] = [];
    for (const i of items) {
      const arrival = await db().selectFrom('dev_epj_inbox').select('body').where('stable_id', '=', i.id).where('answer', '=', 'ok').executeTakeFirstOrThrow();
      bundles.push(JSON.parse(arrival.body) as Bundle);
    }
    for (const b of bundles) expect(r4Problems(b)).toEqual([]);
    expect(bundles.map((b) => b.entry![0]!.resource)).toMatchObject([
      { resourceType: 'Appointment', status: 'booked', description: 'Kontroll', comment: 'Avtalt' },
      { resourceType: 'Appointment', status: 'cancelled', cancelationReason: { text: 'Legen er syk' } },
    ]);
    expect(bundles[0]!.entry![0]!.request).toEqual({ method: 'PUT', url: `Appointment?identifier=https://helsedialog.no/fhir/NamingSystem/appointment|${id}` });
  });

  it('booked at 00:30, moved to 11:30, cancelled during an EPJ outage: three notes, each telling its own event, dated in Oslo', async () => {
    const s = await kithUnit();
    await epjMode('down');
    try {
      const created = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, {
        contactId: s.contact.id,
        date: '2030-02-04',
        time: '00:30',
        title: 'Kontroll',
      });
      expect(created.status).toBe(201);
      const id = created.json().id as string;
      expect((await s.d.post(`/api/staff/appointments/${id}/change`, { time: '11:30' })).status).toBe(200);
      expect((await s.d.post(`/api/staff/appointments/${id}/cancel`, { reason: 'Legen er syk' })).status).toBe(200);
      // The EPJ is down: the worker tries and fails.
      const w = registerJournalWorker(new Worker(srv.database, log), srv.config, srv.database, log, { backoffBaseMs: 60_000 });
      await w.drain();
      await epjMode('accept');
      await settle(s.unit.id);

      const n = await notes(id);
      expect(n.map((x) => x.event)).toEqual(['appointment.assigned', 'appointment.changed', 'appointment.cancelled']);
      const [booked, moved, cancelled] = n as [(typeof n)[0], (typeof n)[0], (typeof n)[0]];
      expect(booked.tekstNotatInnhold).toMatch(/kl\. 00:30|00:30/);
      expect(booked.tekstNotatInnhold).toMatch(/Status: Avtalt/);
      expect(booked.tekstNotatInnhold).not.toMatch(/11:30/);
      expect(moved.tekstNotatInnhold).toMatch(/11:30/);
      expect(moved.tekstNotatInnhold).toMatch(/Status: Flyttet \(var .*00:30\)/);
      expect(cancelled.tekstNotatInnhold).toMatch(/11:30/);
      expect(cancelled.tekstNotatInnhold).toMatch(/Status: Avlyst \(av enheten\): Legen er syk/);
      // 00:30 in Oslo on 4 February is 23:30 UTC on the 3rd: the note's date is Oslo's.
      expect(n.map((x) => x.datoNotat)).toEqual(['2030-02-04', '2030-02-04', '2030-02-04']);
      // KITH code lists: 7601 HE is "Henvendelse" (not a display of our own).
      for (const x of n) expect(x.xml).toContain('<TemaKodet V="HE" S="2.16.578.1.12.4.1.1.7601" DN="Henvendelse"/>');
    } finally {
      await epjMode('accept');
    }
  });

  it('completing a video appointment is documented as carried out', async () => {
    const s = await kithUnit();
    const created = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, {
      contactId: s.contact.id,
      date: '2030-03-05',
      time: '10:00',
      type: 'video',
      videoUrl: 'https://video.example.no/rom/1',
    });
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    // Carried out is allowed from the start time on (issue 17): refused now, then the appointment
    // is moved into the past in the database (as if its time had come).
    expect((await s.d.post(`/api/staff/appointments/${id}/complete`, {})).status).toBe(409);
    await db()
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 30 * 60_000), ends_at: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', id)
      .execute();
    expect((await s.d.post(`/api/staff/appointments/${id}/complete`, {})).status).toBe(200);
    await settle(s.unit.id);
    const n = await notes(id);
    expect(n.map((x) => x.event)).toEqual(['appointment.assigned', 'appointment.completed']);
    expect(n[1]!.tekstNotatInnhold).toMatch(/\(video\)[\s\S]*Status: Gjennomført/);
  });

  it('a patient who did not attend is documented as "Ikke møtt"', async () => {
    const s = await kithUnit();
    const created = await s.d.post(`/api/staff/units/${s.unit.id}/appointments`, {
      contactId: s.contact.id,
      date: '2030-03-06',
      time: '09:00',
      type: 'in_person',
    });
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    await db()
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 30 * 60_000), ends_at: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', id)
      .execute();
    expect((await s.d.post(`/api/staff/appointments/${id}/not-attended`, {})).status).toBe(200);
    await settle(s.unit.id);
    const n = await notes(id);
    expect(n.map((x) => x.event)).toEqual(['appointment.assigned', 'appointment.not_attended']);
    expect(n[1]!.tekstNotatInnhold).toMatch(/Status: Ikke møtt/);
  });

  it('a renewal request is TypeForesp 7601 RF and the unit’s answer TemaKodet 7602 14 "Resept er fornyet"', async () => {
    const s = await kithUnit();
    const c = new TestClient(srv.url);
    await login(c, 'citizen', s.citizen.accountId);
    const t = await c.post(`/api/citizen/contacts/${s.contact.id}/threads`, {
      kind: 'fornyresept',
      prescriptionIds: [s.prescriptions[0]!.id],
      collectMethod: 'e_resept_pharmacy',
    });
    expect(t.status).toBe(201);
    const view = (await s.d.get(`/api/staff/threads/${t.json().id}`)).json();
    const decided = await s.d.post(`/api/staff/threads/${t.json().id}/renewal`, { decisions: [{ itemId: view.renewal.items[0].id, decision: 'renewed' }] });
    expect(decided.status).toBe(200);
    await settle(s.unit.id);
    const items = await db().selectFrom('journal_items').select(['id', 'status']).where('thread_id', '=', t.json().id).orderBy('seq').execute();
    expect(items.length).toBeGreaterThanOrEqual(2);
    const bodies = [];
    for (const i of items) {
      expect(i.status).toBe('documented');
      bodies.push(
        (await db().selectFrom('dev_epj_inbox').select('body').where('stable_id', '=', i.id).where('answer', '=', 'ok').executeTakeFirstOrThrow()).body,
      );
    }
    expect(bodies[0]).toContain('<TypeForesp V="RF" S="2.16.578.1.12.4.1.1.7601" DN="Reseptfornyelse"/>');
    for (const b of bodies.slice(1)) expect(b).toContain('<TemaKodet V="14" S="2.16.578.1.12.4.1.1.7602" DN="Resept er fornyet"/>');
  });
});
