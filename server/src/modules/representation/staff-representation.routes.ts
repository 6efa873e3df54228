/**
 * What clinicians decide about representation: grant a parent dialog for a youth (after an
 * assessment), hide a single item from parents, and grant flexible dialog for a period.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { ageOn, todayInOslo } from '../../platform/time.ts';
import { requireMembership, staffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { access } from '../../access/route-access.ts';
import { HIDE_ALIASES } from '../../access/policy.ts';

const errors = problemResponses;
const Ok = z.object({ id: z.string(), validUntil: z.string().nullable() });
const GrantSchema = z.object({
  parentId: z.uuid(),
  days: z.number().int().min(1).max(365),
  reason: z.string().trim().min(3, 'Write down the assessment behind the grant.').max(500),
});
const HideSchema = z.object({
  objectType: z.enum(Object.keys(HIDE_ALIASES) as [keyof typeof HIDE_ALIASES, ...(keyof typeof HIDE_ALIASES)[]], {
    message: `objectType must be one of ${Object.keys(HIDE_ALIASES).join(', ')}`,
  }),
  objectId: z.uuid(),
  hidden: z.boolean(),
});
const FlexSchema = z
  .object({
    personId: z.uuid(),
    addressedRole: z.enum(['doctor', 'nurse', 'secretary', 'coordinator']).nullable().optional(),
    addressedStaffId: z.uuid().nullable().optional(),
    days: z.number().int().min(1).max(365),
  })
  .refine((v) => v.addressedRole || v.addressedStaffId, 'Address the dialog to a role or a person in the unit.');
const ParentsSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
const ContactDetailSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  citizenId: z.string(),
  name: z.string(),
  birthDate: z.string(),
  age: z.number(),
  status: z.enum(['active', 'previous']),
  relatives: z.array(z.object({ id: z.string(), name: z.string(), relation: z.enum(['parent', 'poa']) })),
  grants: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['parent_dialog', 'flexible_dialog']),
      person: z.object({ id: z.string(), name: z.string() }),
      addressedRole: z.string().nullable(),
      validUntil: z.string(),
      active: z.boolean(),
    }),
  ),
});

/** Registers the clinician representation routes. */
export async function staffRepresentationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['representation (staff)'];
  const ContactParam = z.object({ contactId: z.uuid() });

  async function contactInUnit(actorUnits: Set<string>, contactId: string) {
    const c = await ctx.db
      .selectFrom('health_contacts as hc')
      .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
      .select(['hc.id', 'hc.unit_id', 'hc.citizen_id', 'p.birth_date', 'p.given_name'])
      .where('hc.id', '=', contactId)
      .executeTakeFirst();
    if (!c || !actorUnits.has(c.unit_id)) throw notFound('The health contact');
    return c;
  }

  r.get(
    '/api/staff/contacts/:contactId',
    {
      config: access('staff', 'contact', 'see'),
      schema: {
        tags,
        summary: 'One health contact of the unit: the patient, relatives who may act for them, and grants',
        params: ContactParam,
        response: { 200: ContactDetailSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const c = await contactInUnit(new Set(a.memberships.keys()), request.params.contactId);
      const full = await ctx.db
        .selectFrom('health_contacts as hc')
        .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
        .select(['hc.started_at', 'hc.ends_at', 'hc.ended_at', 'p.given_name', 'p.family_name', 'p.birth_date', 'p.confidential_address'])
        .where('hc.id', '=', c.id)
        .executeTakeFirstOrThrow();
      const t = now();
      const [parents, holders, parentGrants, flex] = await Promise.all([
        ctx.db
          .selectFrom('parental_responsibilities as pr')
          .innerJoin('persons as p', 'p.id', 'pr.parent_id')
          .select(['p.id', 'p.given_name', 'p.family_name'])
          .where('pr.child_id', '=', c.citizen_id)
          .execute(),
        ctx.db
          .selectFrom('powers_of_attorney as f')
          .innerJoin('persons as p', 'p.id', 'f.holder_id')
          .select(['p.id', 'p.given_name', 'p.family_name'])
          .where('f.grantor_id', '=', c.citizen_id)
          .where('f.revoked_at', 'is', null)
          .where((eb) => eb.or([eb('f.valid_until', 'is', null), eb('f.valid_until', '>', t)]))
          .execute(),
        ctx.db
          .selectFrom('parent_dialog_grants as g')
          .innerJoin('persons as p', 'p.id', 'g.parent_id')
          .select(['g.id', 'g.valid_until', 'g.revoked_at', 'p.id as pid', 'p.given_name', 'p.family_name'])
          .where('g.contact_id', '=', c.id)
          .orderBy('g.created_at', 'desc')
          .execute(),
        ctx.db
          .selectFrom('flexible_dialogs as f')
          .innerJoin('persons as p', 'p.id', 'f.person_id')
          .select(['f.id', 'f.valid_until', 'f.revoked_at', 'f.addressed_role', 'p.id as pid', 'p.given_name', 'p.family_name'])
          .where('f.contact_id', '=', c.id)
          .orderBy('f.created_at', 'desc')
          .execute(),
      ]);
      await ctx.db.transaction().execute((tx) => auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'contact.read', 'health_contact', c.id));
      return {
        id: c.id,
        unitId: c.unit_id,
        citizenId: c.citizen_id,
        name: `${full.given_name} ${full.family_name}`,
        birthDate: full.birth_date,
        age: ageOn(full.birth_date, todayInOslo(t)),
        status: contactStatus({ startedAt: full.started_at, endsAt: full.ends_at, endedAt: full.ended_at }, t),
        // People with a confidential address are never shown to anyone acting for others; staff see the relations.
        relatives: [
          ...parents.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, relation: 'parent' as const })),
          ...holders.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, relation: 'poa' as const })),
        ],
        grants: [
          ...parentGrants.map((g) => ({
            id: g.id,
            kind: 'parent_dialog' as const,
            person: { id: g.pid, name: `${g.given_name} ${g.family_name}` },
            addressedRole: null,
            validUntil: g.valid_until.toISOString(),
            active: !g.revoked_at && g.valid_until > t,
          })),
          ...flex.map((g) => ({
            id: g.id,
            kind: 'flexible_dialog' as const,
            person: { id: g.pid, name: `${g.given_name} ${g.family_name}` },
            addressedRole: g.addressed_role,
            validUntil: g.valid_until.toISOString(),
            active: !g.revoked_at && g.valid_until > t,
          })),
        ],
      };
    },
  );

  r.post(
    '/api/staff/grants/:kind/:grantId/revoke',
    {
      config: access('staff', 'contact', 'act'),
      schema: {
        tags,
        summary: 'End a parent-dialog or flexible-dialog grant now',
        params: z.object({ kind: z.enum(['parent_dialog', 'flexible_dialog']), grantId: z.uuid() }),
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const { kind, grantId } = request.params;
      const table = kind === 'parent_dialog' ? 'parent_dialog_grants' : 'flexible_dialogs';
      return ctx.db.transaction().execute(async (tx) => {
        const g = await tx
          .selectFrom(`${table} as g` as 'parent_dialog_grants as g')
          .innerJoin('health_contacts as hc', 'hc.id', 'g.contact_id')
          .select(['g.id', 'g.revoked_at', 'hc.unit_id', 'hc.citizen_id'])
          .where('g.id', '=', grantId)
          .executeTakeFirst();
        if (!g || !a.memberships.has(g.unit_id)) throw notFound('The grant');
        if (g.revoked_at) throw new AppError('CONFLICT', 'This grant has already ended.');
        await tx
          .updateTable(table as 'parent_dialog_grants')
          .set({ revoked_at: now() })
          .where('id', '=', grantId)
          .execute();
        await auditStaff(tx, a, requireMembership(a, g.unit_id), g, `${kind}.revoke`, 'health_contact', grantId);
        return { id: grantId, validUntil: now().toISOString() };
      });
    },
  );

  r.get(
    '/api/staff/contacts/:contactId/parents',
    {
      config: access('staff', 'contact', 'see'),
      schema: {
        tags,
        summary: 'Parents with parental responsibility for the patient of a contact',
        params: ContactParam,
        response: { 200: ParentsSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const c = await contactInUnit(new Set(a.memberships.keys()), request.params.contactId);
      const rows = await ctx.db
        .selectFrom('parental_responsibilities as pr')
        .innerJoin('persons as p', 'p.id', 'pr.parent_id')
        .select(['p.id', 'p.given_name', 'p.family_name'])
        .where('pr.child_id', '=', c.citizen_id)
        .execute();
      return { items: rows.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}` })) };
    },
  );

  r.post(
    '/api/staff/contacts/:contactId/parent-dialog',
    {
      config: access('staff', 'contact', 'act'),
      schema: {
        tags,
        summary: 'After assessment, let a parent of a youth (12–15) use dialog in this contact for a period',
        params: ContactParam,
        body: GrantSchema,
        response: { 201: Ok, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const c = await contactInUnit(new Set(a.memberships.keys()), request.params.contactId);
      const age = ageOn(c.birth_date, todayInOslo(now()));
      if (age < 12 || age >= 16)
        throw new AppError(
          'CONFLICT',
          'Parent dialog grants are for patients aged 12 to 15. Younger children’s parents already have access; from 16 a power of attorney is needed.',
        );
      const parent = await ctx.db
        .selectFrom('parental_responsibilities')
        .select('parent_id')
        .where('parent_id', '=', request.body.parentId)
        .where('child_id', '=', c.citizen_id)
        .executeTakeFirst();
      if (!parent) throw new AppError('VALIDATION_FAILED', 'That person does not have parental responsibility for the patient.');
      const until = new Date(now().getTime() + request.body.days * 86_400_000);
      const id = await ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('parent_dialog_grants')
          .values({
            child_id: c.citizen_id,
            parent_id: request.body.parentId,
            contact_id: c.id,
            granted_by: a.staffId,
            reason: request.body.reason,
            valid_from: now(),
            valid_until: until,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'parent_dialog.grant', 'health_contact', c.id);
        return row.id;
      });
      return reply.code(201).send({ id, validUntil: until.toISOString() });
    },
  );

  r.post(
    '/api/staff/hidden-from-parents',
    {
      config: access('staff', 'unit', 'act'),
      schema: { tags, summary: 'Hide (or show again) a single item from the patient’s parents', body: HideSchema, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const { objectId, hidden } = request.body;
      // Stored and checked under the policy's name for the kind ("document" is a letter).
      const objectType = HIDE_ALIASES[request.body.objectType]!;
      // The item must belong to one of the actor's units.
      const table = { thread: 'threads', appointment: 'appointments', letter: 'letters', record: 'record_items' } as const;
      const row = await ctx.db
        .selectFrom(table[objectType] as 'threads')
        .select(['id', 'unit_id', 'citizen_id'])
        .where('id', '=', objectId)
        .executeTakeFirst()
        .catch(() => undefined);
      if (!row || !a.memberships.has(row.unit_id)) throw notFound('The item');
      await ctx.db.transaction().execute(async (tx) => {
        if (hidden) {
          await tx
            .insertInto('hidden_from_parents')
            .values({ object_type: objectType, object_id: objectId, citizen_id: row.citizen_id, hidden_by: a.staffId })
            .onConflict((oc) => oc.columns(['object_type', 'object_id']).doNothing())
            .execute();
        } else {
          await tx.deleteFrom('hidden_from_parents').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
        }
        await auditStaff(tx, a, requireMembership(a, row.unit_id), row, hidden ? 'item.hide_from_parents' : 'item.show_to_parents', objectType, objectId);
      });
      return { id: objectId, validUntil: null };
    },
  );

  r.post(
    '/api/staff/contacts/:contactId/flexible-dialog',
    {
      config: access('staff', 'contact', 'act'),
      schema: {
        tags,
        summary: 'Grant flexible dialog to a person (the patient, a parent, a relative with power of attorney) for a period',
        params: ContactParam,
        body: FlexSchema,
        response: { 201: Ok, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const c = await contactInUnit(new Set(a.memberships.keys()), request.params.contactId);
      const b = request.body;
      if (b.addressedStaffId) {
        const member = await ctx.db
          .selectFrom('staff_memberships')
          .select('staff_id')
          .where('staff_id', '=', b.addressedStaffId)
          .where('unit_id', '=', c.unit_id)
          .executeTakeFirst();
        if (!member) throw new AppError('VALIDATION_FAILED', 'The addressed person does not work in this unit.');
      }
      if (b.personId !== c.citizen_id) {
        const related = await ctx.db
          .selectFrom('persons')
          .select('id')
          .where('id', '=', b.personId)
          .where((eb) =>
            eb.or([
              eb.exists(
                eb.selectFrom('parental_responsibilities').select('parent_id').where('parent_id', '=', b.personId).where('child_id', '=', c.citizen_id),
              ),
              eb.exists(
                eb
                  .selectFrom('powers_of_attorney')
                  .select('id')
                  .where('holder_id', '=', b.personId)
                  .where('grantor_id', '=', c.citizen_id)
                  .where('revoked_at', 'is', null),
              ),
            ]),
          )
          .executeTakeFirst();
        if (!related)
          throw new AppError('VALIDATION_FAILED', 'Flexible dialog can be granted to the patient, a parent, or a relative with a power of attorney.');
      }
      const until = new Date(now().getTime() + b.days * 86_400_000);
      const id = await ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('flexible_dialogs')
          .values({
            contact_id: c.id,
            unit_id: c.unit_id,
            citizen_id: c.citizen_id,
            person_id: b.personId,
            addressed_role: b.addressedRole ?? null,
            addressed_staff_id: b.addressedStaffId ?? null,
            granted_by: a.staffId,
            valid_from: now(),
            valid_until: until,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditStaff(tx, a, requireMembership(a, c.unit_id), c, 'flexible_dialog.grant', 'health_contact', c.id);
        return row.id;
      });
      return reply.code(201).send({ id, validUntil: until.toISOString() });
    },
  );
}
