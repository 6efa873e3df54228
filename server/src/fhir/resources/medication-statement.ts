/**
 * MedicationStatement: the prescriptions a citizen may ask to renew (table prescriptions). The
 * EPJ keeps the list current: create (identifier = the EPJ's own id), update (stop, change dosage).
 */
import type { MedicationStatement } from '@medplum/fhirtypes';
import { badRequest, notFound, unprocessable } from '../outcomes.ts';
import type { FhirContext, ResourceMapper } from '../router.ts';
import { auditEpj, instant, isUuid, onlyUnit, one, ref, refId, requireUnit, SYSTEM } from './common.ts';
import { now } from '../../platform/clock.ts';

type Row = {
  id: string;
  citizen_id: string;
  unit_id: string;
  medication: string;
  strength: string | null;
  dosage: string | null;
  prescribed_at: Date;
  active: boolean;
  external_id: string | null;
};

function statement(p: Row): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id: p.id,
    ...(p.external_id ? { identifier: [{ system: SYSTEM.prescription, value: p.external_id }] } : {}),
    status: p.active ? 'active' : 'stopped',
    medicationCodeableConcept: { text: p.medication, ...(p.strength ? { extension: [{ url: SYSTEM.strength, valueString: p.strength }] } : {}) },
    subject: ref('Patient', p.citizen_id),
    informationSource: ref('Organization', p.unit_id),
    effectiveDateTime: p.prescribed_at.toISOString(),
    ...(p.dosage ? { dosage: [{ text: p.dosage }] } : {}),
  };
}

const STATUSES: MedicationStatement['status'][] = ['active', 'stopped', 'completed'];

function fields(body: MedicationStatement) {
  const med = body.medicationCodeableConcept;
  const medication = med?.text?.trim();
  const strength = med?.extension?.find((e) => e.url === SYSTEM.strength)?.valueString ?? null;
  const dosage = body.dosage?.[0]?.text ?? null;
  if (!STATUSES.includes(body.status)) throw badRequest('status must be active, stopped or completed.');
  return { medication, strength, dosage, active: body.status === 'active' };
}

async function own(ctx: FhirContext, id: string) {
  if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
  return ctx.app.db.selectFrom('prescriptions').selectAll().where('id', '=', id).where('unit_id', 'in', ctx.auth.unitIds).executeTakeFirst();
}

/** MedicationStatement: read, search (patient, status), create, update. */
export const MedicationStatementMapper: ResourceMapper<MedicationStatement> = {
  type: 'MedicationStatement',
  searchParams: { patient: 'reference', subject: 'reference', status: 'token', identifier: 'token' },
  read: async (ctx, id) => {
    const p = await own(ctx, id);
    return p && statement(p);
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    const none = '00000000-0000-0000-0000-000000000000';
    let q = ctx.app.db.selectFrom('prescriptions').where('unit_id', 'in', ctx.auth.unitIds);
    const p = one(input, 'patient') ?? one(input, 'subject');
    if (p) {
      const id = refId(p, 'Patient') ?? p;
      q = q.where('citizen_id', '=', isUuid(id) ? id : none);
    }
    const status = one(input, 'status');
    if (status) q = q.where('active', '=', status === 'active');
    const ident = one(input, 'identifier');
    if (ident) q = q.where('external_id', '=', ident.includes('|') ? ident.slice(ident.indexOf('|') + 1) : ident);
    const id = one(input, '_id');
    if (id) q = q.where('id', '=', isUuid(id) ? id : none);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q.selectAll().orderBy('prescribed_at', 'desc').orderBy('id').limit(input.count).offset(input.offset).execute();
    return { resources: rows.map(statement), total };
  },
  async create(ctx, body) {
    const f = fields(body);
    if (!f.medication) throw badRequest('medicationCodeableConcept.text (the medication) is required.');
    const citizenId = refId(body.subject, 'Patient');
    if (!citizenId || !isUuid(citizenId)) throw badRequest('subject must reference the Patient.');
    const org = refId(body.informationSource, 'Organization');
    const unitId = org ? requireUnit(ctx, org, 'informationSource') : onlyUnit(ctx, 'informationSource');
    const contact = await ctx.app.db
      .selectFrom('health_contacts')
      .select('id')
      .where('citizen_id', '=', citizenId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    if (!contact) throw unprocessable('The patient has no health contact with the unit.');
    const externalId = body.identifier?.[0]?.value ?? null;
    return ctx.app.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('prescriptions')
        .values({
          citizen_id: citizenId,
          unit_id: unitId,
          medication: f.medication!,
          strength: f.strength,
          dosage: f.dosage,
          prescribed_at: body.effectiveDateTime ? instant(body.effectiveDateTime, 'effectiveDateTime') : now(),
          active: f.active,
          external_id: externalId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditEpj(tx, ctx, { citizenId, unitId, action: 'prescription.create', objectType: 'prescription', objectId: row.id });
      return statement(row);
    });
  },
  async update(ctx, id, body) {
    const p = await own(ctx, id);
    if (!p) throw notFound('MedicationStatement', id);
    const f = fields(body);
    return ctx.app.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('prescriptions')
        .set({ medication: f.medication ?? p.medication, strength: f.strength, dosage: f.dosage, active: f.active })
        .where('id', '=', p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditEpj(tx, ctx, { citizenId: p.citizen_id, unitId: p.unit_id, action: 'prescription.update', objectType: 'prescription', objectId: p.id });
      return statement(row);
    });
  },
};
