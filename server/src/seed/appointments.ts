/**
 * Demo appointments: timebooks at Fjordbyen legekontor (two GPs and the laboratory), open slots
 * next week, Kari's GP, lab and hospital video appointments, and Astrid's planned home visits.
 * Times are Oslo wall-clock times, computed from today so the demo stays current.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { todayInOslo } from '../platform/time.ts';
import '../modules/appointments/appointments.tables.ts';
import type { AppointmentType } from '../modules/appointments/appointments.tables.ts';
import { addDays, expandPattern, isoWeekday, osloLocalToInstant } from '../modules/appointments/recurrence.ts';
import { nowMs } from '../platform/clock.ts';

export interface SeedIds {
  units: { gp: string; cardio: string; ortho: string; homeCare: string };
  /** Staff ids by key: fjellheim, bergmo, strand, sjoberg, li. */
  staff: Record<string, string>;
  /** People ids by key: kari, ola, astrid, nina, jon, emma, jonas. */
  people: Record<string, string>;
}

/** Adds the demo timebooks, slots and appointments (call inside the demo transaction). */
export async function seedAppointments(tx: Transaction<DB>, ids: SeedIds): Promise<void> {
  const { gp, cardio, homeCare } = ids.units;
  const st = ids.staff;
  const p = ids.people;
  const today = todayInOslo();
  const nextMonday = addDays(today, 8 - isoWeekday(today));
  const at = (date: string, time: string) => osloLocalToInstant(date, time) ?? osloLocalToInstant(date, '12:00')!;
  const contact = async (citizenId: string, unitId: string) =>
    (
      await tx
        .selectFrom('health_contacts')
        .select('id')
        .where('citizen_id', '=', citizenId)
        .where('unit_id', '=', unitId)
        .orderBy('started_at', 'desc')
        .executeTakeFirstOrThrow()
    ).id;

  // The unit's rules: cut-off for cancelling, drop-in video entrance.
  await tx
    .updateTable('unit_services')
    .set({ settings: JSON.stringify({ cutoffHours: 24 }) })
    .where('unit_id', '=', gp)
    .where('service', '=', 'avbestilling')
    .execute();
  await tx
    .updateTable('unit_services')
    .set({ settings: JSON.stringify({ cutoffHours: 4 }) })
    .where('unit_id', '=', homeCare)
    .where('service', '=', 'avbestilling')
    .execute();
  await tx
    .updateTable('unit_services')
    .set({ settings: JSON.stringify({ dropInUrl: 'https://video.example.test/fjordbyen-legekontor/venterom' }) })
    .where('unit_id', '=', gp)
    .where('service', '=', 'video')
    .execute();

  const timebook = async (
    unit_id: string,
    kind: 'clinician' | 'resource',
    staff_id: string | null,
    name: string,
    default_type: AppointmentType,
    location: string | null,
    directions: string | null,
  ) =>
    (await tx.insertInto('timebooks').values({ unit_id, kind, staff_id, name, default_type, location, directions }).returning('id').executeTakeFirstOrThrow())
      .id;
  const fjellheim = await timebook(
    gp,
    'clinician',
    st.fjellheim!,
    'Lise Fjellheim',
    'in_person',
    'Fjordbyen legekontor, Strandgata 12, 2. etasje',
    'Inngang fra Torget. Heis til venstre i resepsjonen.',
  );
  const bergmo = await timebook(
    gp,
    'clinician',
    st.bergmo!,
    'Aksel Bergmo',
    'in_person',
    'Fjordbyen legekontor, Strandgata 12, 2. etasje',
    'Inngang fra Torget. Heis til venstre i resepsjonen.',
  );
  const lab = await timebook(
    gp,
    'resource',
    null,
    'Blodprøve på laboratoriet',
    'in_person',
    'Laboratoriet, Strandgata 12, 1. etasje',
    'Ta kølapp i resepsjonen. Faste er ikke nødvendig med mindre legen har sagt det.',
  );
  const sjoberg = await timebook(cardio, 'clinician', st.sjoberg!, 'Per Sjøberg', 'video', 'Hjertemedisinsk poliklinikk, Sykehuset Nordvest, inngang B', null);
  const li = await timebook(homeCare, 'clinician', st.li!, 'Hanne Li', 'home_visit', null, null);

  // Published slots next week: Fjellheim Mon–Fri 08:00–11:00 (20 min), Bergmo Tue and Thu 12:00–14:00, the lab Mon–Fri 07:30–09:00 (10 min).
  const patterns: [string, string, number[], string, string, number][] = [
    [fjellheim, gp, [1, 2, 3, 4, 5], '08:00', '11:00', 20],
    [bergmo, gp, [2, 4], '12:00', '14:00', 20],
    [lab, gp, [1, 2, 3, 4, 5], '07:30', '09:00', 10],
  ];
  const slotIds = new Map<string, string>();
  for (const [tb, unit, weekdays, start, end, minutes] of patterns) {
    const pat = await tx
      .insertInto('slot_patterns')
      .values({
        timebook_id: tb,
        unit_id: unit,
        weekdays,
        start_time: start,
        end_time: end,
        slot_minutes: minutes,
        from_date: nextMonday,
        until_date: addDays(nextMonday, 4),
        type: 'in_person',
        created_by: st.strand!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const slots = expandPattern({ weekdays, startTime: start, endTime: end, slotMinutes: minutes, fromDate: nextMonday, untilDate: addDays(nextMonday, 4) });
    const rows = await tx
      .insertInto('slots')
      .values(slots.map((s) => ({ timebook_id: tb, unit_id: unit, pattern_id: pat.id, starts_at: s.startsAt, ends_at: s.endsAt, type: 'in_person' as const })))
      .returning(['id', 'starts_at'])
      .execute();
    for (const r of rows) slotIds.set(`${tb}:${r.starts_at.toISOString()}`, r.id);
  }
  const takeSlot = async (tb: string, date: string, time: string) => {
    const id = slotIds.get(`${tb}:${at(date, time).toISOString()}`)!;
    await tx.updateTable('slots').set({ status: 'booked' }).where('id', '=', id).execute();
    return id;
  };

  const kariGp = await contact(p.kari!, gp);
  const kariCardio = await contact(p.kari!, cardio);
  const astridHome = await contact(p.astrid!, homeCare);
  const base = {
    request_id: null,
    note: null,
    cancelled_at: null,
    cancelled_by: null,
    cancel_reason: null,
    completed_at: null,
    completed_by: null,
    thread_id: null,
    booked_by_person_id: null,
    created_by_staff_id: null,
  };
  const wed = addDays(nextMonday, 2);
  const tue = addDays(nextMonday, 1);
  await tx
    .insertInto('appointments')
    .values([
      // Kari: booked with her GP next Wednesday 09:00, a blood test on Tuesday, a video consultation at the hospital, and last spring's check-up.
      {
        ...base,
        citizen_id: p.kari!,
        unit_id: gp,
        contact_id: kariGp,
        timebook_id: fjellheim,
        slot_id: await takeSlot(fjellheim, wed, '09:00'),
        staff_id: st.fjellheim!,
        title: 'Time hos Lise Fjellheim',
        type: 'in_person',
        starts_at: at(wed, '09:00'),
        ends_at: at(wed, '09:20'),
        location: 'Fjordbyen legekontor, Strandgata 12, 2. etasje',
        directions: 'Inngang fra Torget. Heis til venstre i resepsjonen.',
        video_url: null,
        reason: 'Kontroll av stoffskiftet',
        source: 'citizen_booking',
        booked_by_person_id: p.kari!,
      },
      {
        ...base,
        citizen_id: p.kari!,
        unit_id: gp,
        contact_id: kariGp,
        timebook_id: lab,
        slot_id: await takeSlot(lab, tue, '07:40'),
        staff_id: null,
        title: 'Blodprøve på laboratoriet',
        type: 'in_person',
        starts_at: at(tue, '07:40'),
        ends_at: at(tue, '07:50'),
        location: 'Laboratoriet, Strandgata 12, 1. etasje',
        directions: 'Ta kølapp i resepsjonen.',
        video_url: null,
        reason: 'TSH og fritt T4',
        source: 'unit',
        created_by_staff_id: st.strand!,
      },
      {
        ...base,
        citizen_id: p.kari!,
        unit_id: cardio,
        contact_id: kariCardio,
        timebook_id: sjoberg,
        slot_id: null,
        staff_id: st.sjoberg!,
        title: 'Videotime hos Per Sjøberg',
        type: 'video',
        starts_at: at(addDays(today, 10), '13:00'),
        ends_at: at(addDays(today, 10), '13:30'),
        location: null,
        directions: null,
        video_url: 'https://video.example.test/sykehuset-nordvest/rom/7d1c2f',
        reason: 'Oppfølging etter hjerteundersøkelse',
        source: 'unit',
        created_by_staff_id: st.sjoberg!,
      },
      {
        ...base,
        citizen_id: p.kari!,
        unit_id: gp,
        contact_id: kariGp,
        timebook_id: fjellheim,
        slot_id: null,
        staff_id: st.fjellheim!,
        title: 'Time hos Lise Fjellheim',
        type: 'in_person',
        starts_at: at(addDays(today, -60), '10:00'),
        ends_at: at(addDays(today, -60), '10:20'),
        location: 'Fjordbyen legekontor, Strandgata 12, 2. etasje',
        directions: null,
        video_url: null,
        reason: 'Allergi',
        status: 'completed',
        completed_at: at(addDays(today, -60), '10:20'),
        completed_by: st.fjellheim!,
        source: 'citizen_booking',
      },
      // Astrid: home visits every morning this week, and yesterday's carried out.
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => ({
        ...base,
        citizen_id: p.astrid!,
        unit_id: homeCare,
        contact_id: astridHome,
        timebook_id: li,
        slot_id: null,
        staff_id: st.li!,
        title: 'Hjemmebesøk',
        type: 'home_visit' as const,
        starts_at: at(addDays(today, d + 1), '08:30'),
        ends_at: at(addDays(today, d + 1), '09:00'),
        location: 'Hjemme',
        directions: null,
        video_url: null,
        reason: 'Medisinutdeling og morgenstell',
        source: 'unit' as const,
        created_by_staff_id: st.li!,
      })),
      // Today's visit, under way (it started a quarter of an hour before the data was loaded): the one staff can mark carried out.
      {
        ...base,
        citizen_id: p.astrid!,
        unit_id: homeCare,
        contact_id: astridHome,
        timebook_id: li,
        slot_id: null,
        staff_id: st.li!,
        title: 'Hjemmebesøk',
        type: 'home_visit',
        starts_at: new Date(Math.floor(nowMs() / 300_000) * 300_000 - 15 * 60_000),
        ends_at: new Date(Math.floor(nowMs() / 300_000) * 300_000 + 45 * 60_000),
        location: 'Hjemme',
        directions: null,
        video_url: null,
        reason: 'Tilsyn og medisinutdeling',
        source: 'unit',
        created_by_staff_id: st.li!,
      },
      {
        ...base,
        citizen_id: p.astrid!,
        unit_id: homeCare,
        contact_id: astridHome,
        timebook_id: li,
        slot_id: null,
        staff_id: st.li!,
        title: 'Hjemmebesøk',
        type: 'home_visit',
        starts_at: at(addDays(today, -1), '08:30'),
        ends_at: at(addDays(today, -1), '09:00'),
        location: 'Hjemme',
        directions: null,
        video_url: null,
        reason: 'Medisinutdeling og morgenstell',
        status: 'completed',
        completed_at: at(addDays(today, -1), '09:05'),
        completed_by: st.li!,
        source: 'unit',
        created_by_staff_id: st.li!,
      },
    ])
    .execute();
}
