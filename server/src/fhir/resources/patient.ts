/** Patient (citizens with a health contact at the caller's units) and EpisodeOfCare (health contacts). */
import type { ContactSource } from '../../platform/db-types.ts';
import type { EpisodeOfCare, Patient, Reference } from '@medplum/fhirtypes';
import { badRequest, FhirError, notFound, unprocessable } from '../outcomes.ts';
import type { FhirContext, ResourceMapper, SearchInput } from '../router.ts';
import { auditEpj, instant, isUuid, one, ref, refId, requireUnit, SYSTEM, token } from './common.ts';
import { now as clockNow } from '../../platform/clock.ts';

type PersonRow = { id: string; national_id: string; given_name: string; family_name: string; birth_date: string };

function patient(p: PersonRow): Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ system: /^[4-7]/.test(p.national_id) ? SYSTEM.dnr : SYSTEM.fnr, value: p.national_id }],
    active: true,
    name: [{ use: 'official', family: p.family_name, given: [p.given_name], text: `${p.given_name} ${p.family_name}` }],
    birthDate: p.birth_date,
  };
}

function patients(ctx: FhirContext) {
  const units = ctx.auth.unitIds;
  return ctx.app.db
    .selectFrom('persons as p')
    .where((eb) => eb.exists(eb.selectFrom('health_contacts as hc').select('hc.id').whereRef('hc.citizen_id', '=', 'p.id').where('hc.unit_id', 'in', units)));
}

/** Patient: read, and search by identifier (urn:oid:2.16.578.1.12.4.1.4.1|fnr) or _id. */
export const PatientMapper: ResourceMapper<Patient> = {
  type: 'Patient',
  searchParams: { identifier: 'token' },
  sorts: ['birthdate'],
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const p = await patients(ctx).selectAll('p').where('p.id', '=', id).executeTakeFirst();
    return p && patient(p);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    const ident = one(input, 'identifier');
    const id = one(input, '_id');
    let q = patients(ctx);
    if (ident) {
      const t = token(ident);
      if (t.system && t.system !== SYSTEM.fnr && t.system !== SYSTEM.dnr) return { resources: [], total: 0 };
      q = q.where('p.national_id', '=', t.value);
    }
    if (id) q = isUuid(id) ? q.where('p.id', '=', id) : q.where('p.id', 'is', null);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q
      .selectAll('p')
      .orderBy('p.birth_date', input.sort[0]?.desc ? 'desc' : 'asc')
      .orderBy('p.id')
      .limit(input.count)
      .offset(input.offset)
      .execute();
    return { resources: rows.map(patient), total };
  },
};

// ---- EpisodeOfCare: the health contact (helsekontakt) ----

type ContactRow = {
  id: string;
  citizen_id: string;
  unit_id: string;
  source: ContactSource;
  gp_staff_id: string | null;
  started_at: Date;
  ends_at: Date | null;
  ended_at: Date | null;
};
const SOURCES: ContactSource[] = ['gp_list', 'care_right', 'municipal_service', 'manual'];

function episode(c: ContactRow): EpisodeOfCare {
  const now = clockNow();
  const end = c.ended_at ?? c.ends_at;
  const status = c.started_at > now ? 'planned' : end && end <= now ? 'finished' : 'active';
  return {
    resourceType: 'EpisodeOfCare',
    id: c.id,
    status,
    type: [{ coding: [{ system: SYSTEM.contactSource, code: c.source }] }],
    patient: ref('Patient', c.citizen_id),
    managingOrganization: ref('Organization', c.unit_id),
    period: { start: c.started_at.toISOString(), ...(end ? { end: end.toISOString() } : {}) },
    ...(c.gp_staff_id ? { careManager: ref('Practitioner', c.gp_staff_id) } : {}),
  };
}

async function findContact(ctx: FhirContext, id: string) {
  if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
  return ctx.app.db.selectFrom('health_contacts').selectAll().where('id', '=', id).where('unit_id', 'in', ctx.auth.unitIds).executeTakeFirst();
}

async function patientOf(ctx: FhirContext, p: Reference | undefined): Promise<string> {
  const byId = refId(p, 'Patient');
  const ident = p?.identifier;
  const q = ctx.app.db.selectFrom('persons').select('id');
  const row =
    byId && isUuid(byId)
      ? await q.where('id', '=', byId).executeTakeFirst()
      : ident?.value
        ? await q.where('national_id', '=', ident.value).executeTakeFirst()
        : undefined;
  if (!byId && !ident?.value) throw badRequest('patient must reference a Patient by id or by national identity number (identifier).');
  if (!row) throw unprocessable('The patient is not known to helsedialog.', 'not-found');
  return row.id;
}

/** The statuses an EPJ may give an EpisodeOfCare (the others are refused, never ignored). */
const EPISODE_CREATE_STATUSES: EpisodeOfCare['status'][] = ['active', 'finished'];

/** EpisodeOfCare: the health contacts of the caller's units; create (care right by default), finish by PUT/PATCH. */
export const EpisodeOfCareMapper: ResourceMapper<EpisodeOfCare> = {
  type: 'EpisodeOfCare',
  searchParams: { patient: 'reference', organization: 'reference', status: 'token' },
  sorts: ['date'],
  read: async (ctx, id) => {
    const c = await findContact(ctx, id);
    return c && episode(c);
  },
  async search(ctx, input: SearchInput) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = ctx.app.db.selectFrom('health_contacts').where('unit_id', 'in', ctx.auth.unitIds);
    const p = one(input, 'patient');
    const o = one(input, 'organization');
    const id = one(input, '_id');
    const status = one(input, 'status');
    if (p) q = q.where('citizen_id', '=', isUuid(refId(p, 'Patient') ?? p) ? (refId(p, 'Patient') ?? p) : '00000000-0000-0000-0000-000000000000');
    if (o) q = q.where('unit_id', '=', isUuid(refId(o, 'Organization') ?? o) ? (refId(o, 'Organization') ?? o) : '00000000-0000-0000-0000-000000000000');
    if (id) q = q.where('id', '=', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000');
    if (status === 'active')
      q = q
        .where('started_at', '<=', clockNow())
        .where((eb) =>
          eb.and([eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', clockNow())]), eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', clockNow())])]),
        );
    else if (status === 'finished') q = q.where((eb) => eb.or([eb('ended_at', '<=', clockNow()), eb('ends_at', '<=', clockNow())]));
    else if (status) return { resources: [], total: 0 };
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q
      .selectAll()
      .orderBy('started_at', input.sort[0]?.desc ? 'desc' : 'asc')
      .orderBy('id')
      .limit(input.count)
      .offset(input.offset)
      .execute();
    return { resources: rows.map(episode), total };
  },
  async create(ctx, body) {
    const unitId = requireUnit(ctx, refId(body.managingOrganization, 'Organization'), 'managingOrganization');
    const citizenId = await patientOf(ctx, body.patient);
    const code = body.type?.[0]?.coding?.[0]?.code ?? 'care_right';
    if (!SOURCES.includes(code as ContactSource)) throw badRequest(`type must be one of ${SOURCES.join(', ')} (system ${SYSTEM.contactSource}).`);
    const period = body.period ?? {};
    const now = clockNow();
    const start = period.start ? instant(period.start, 'period.start') : now;
    const end = period.end ? instant(period.end, 'period.end') : null;
    if (end && end <= start) throw unprocessable('period.end must be after period.start.');
    // The status is honoured: an active contact lets the citizen write to the unit from now on;
    // a finished one records a contact that has ended. Nothing else has a meaning here.
    const status = body.status;
    if (!EPISODE_CREATE_STATUSES.includes(status))
      throw unprocessable(
        `EpisodeOfCare.status ${status} is not supported: a health contact is created active (the citizen may write to the unit from period.start) or finished (period.end in the past).`,
        'not-supported',
      );
    if (status === 'active' && start > now)
      throw unprocessable('An active EpisodeOfCare cannot start in the future (planned contacts are not supported); create it when it starts.');
    if (status === 'active' && end && end <= now) throw unprocessable('period.end is in the past: that is a finished EpisodeOfCare, not an active one.');
    if (status === 'finished' && (!end || end > now)) throw unprocessable('A finished EpisodeOfCare needs period.end, in the past.');
    const gp = refId(body.careManager, 'Practitioner');
    return ctx.app.db.transaction().execute(async (tx) => {
      const open =
        status === 'active' &&
        (await tx
          .selectFrom('health_contacts')
          .select('id')
          .where('citizen_id', '=', citizenId)
          .where('unit_id', '=', unitId)
          .where('ended_at', 'is', null)
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', clockNow())]))
          .executeTakeFirst());
      if (open) throw new FhirError(409, 'duplicate', `The patient already has an active health contact with this unit: EpisodeOfCare/${open.id}.`);
      if (gp) {
        const member =
          isUuid(gp) &&
          (await tx.selectFrom('staff_memberships').select('staff_id').where('staff_id', '=', gp).where('unit_id', '=', unitId).executeTakeFirst());
        if (!member) throw unprocessable('careManager must be a Practitioner of the unit.');
      }
      const row = await tx
        .insertInto('health_contacts')
        .values({
          citizen_id: citizenId,
          unit_id: unitId,
          source: code as ContactSource,
          gp_staff_id: gp ?? null,
          started_at: start,
          ends_at: status === 'active' ? end : null,
          ended_at: status === 'finished' ? end : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditEpj(tx, ctx, { citizenId, unitId, action: 'contact.create', objectType: 'health_contact', objectId: row.id });
      return episode(row);
    });
  },
  async update(ctx, id, body) {
    const c = await findContact(ctx, id);
    if (!c) throw notFound('EpisodeOfCare', id);
    const period = body.period ?? {};
    const now = clockNow();
    const set: { ended_at?: Date; ends_at?: Date | null } = {};
    if (body.status === 'finished' && !c.ended_at) set.ended_at = period.end ? instant(period.end, 'period.end') : now;
    else if (body.status === 'active' && (c.ended_at ?? c.ends_at ?? now) <= now && (c.ended_at || c.ends_at))
      throw unprocessable('A finished health contact cannot be made active again; create a new one.');
    else if (body.status !== episode(c).status && !EPISODE_CREATE_STATUSES.includes(body.status))
      throw unprocessable(
        `EpisodeOfCare.status ${body.status} is not supported: a health contact is active or finished (finish it with status finished or period.end).`,
        'not-supported',
      );
    if (period.end && !set.ended_at) {
      const end = instant(period.end, 'period.end');
      if (end <= c.started_at) throw unprocessable('period.end must be after period.start.');
      if (end <= now) set.ended_at = end;
      else set.ends_at = end;
    }
    return ctx.app.db.transaction().execute(async (tx) => {
      const row = Object.keys(set).length
        ? await tx.updateTable('health_contacts').set(set).where('id', '=', c.id).returningAll().executeTakeFirstOrThrow()
        : c;
      await auditEpj(tx, ctx, {
        citizenId: c.citizen_id,
        unitId: c.unit_id,
        action: set.ended_at ? 'contact.end' : 'contact.update',
        objectType: 'health_contact',
        objectId: c.id,
      });
      return episode(row);
    });
  },
};
