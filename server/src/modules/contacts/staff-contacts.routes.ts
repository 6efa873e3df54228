/**
 * Staff register and end health contacts: a granted right to health care (specialist care),
 * municipal service, or manually. GP-list contacts come from the list register (or the API).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isValidNationalId } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { endOfDayInOslo } from '../../platform/working-days.ts';
import { requireContactRegistrar, staffActor } from '../../access/actors.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from './contacts.service.ts';
import { access } from '../../access/route-access.ts';

const errors = problemResponses;
const CreateSchema = z.object({
  nationalId: z.string().trim().refine(isValidNationalId, 'is not a valid national identity number'),
  source: z.enum(['care_right', 'municipal_service', 'manual', 'gp_list']),
  endsOn: z.iso.date().nullable().optional(),
  gpStaffId: z.uuid().nullable().optional(),
});
const ContactOut = z.object({
  id: z.string(),
  citizenId: z.string(),
  name: z.string(),
  source: z.string(),
  status: z.enum(['active', 'previous']),
  startedAt: z.string(),
  endsAt: z.string().nullable(),
});

/** Registers POST /api/staff/units/:unitId/contacts and POST /api/staff/contacts/:contactId/end. */
export async function staffContactRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['health contacts (staff)'];

  r.post(
    '/api/staff/units/:unitId/contacts',
    {
      config: access('staff', 'contact', 'act'),
      schema: {
        tags,
        summary: 'Register a health contact for a citizen',
        params: z.object({ unitId: z.uuid() }),
        body: CreateSchema,
        response: { 201: ContactOut, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const m = requireContactRegistrar(a, request.params.unitId);
      const b = request.body;
      if (b.source === 'gp_list' && m.unitKind !== 'gp_office') throw new AppError('VALIDATION_FAILED', 'Only a GP office has a GP list.');
      if (b.endsOn && endOfDayInOslo(b.endsOn) <= now()) throw new AppError('VALIDATION_FAILED', 'The end date must be in the future.');
      const out = await ctx.db.transaction().execute(async (tx) => {
        const p = await tx.selectFrom('persons').select(['id', 'given_name', 'family_name']).where('national_id', '=', b.nationalId).executeTakeFirst();
        if (!p) throw new AppError('NOT_FOUND', 'No person with that national identity number is known to helsedialog.');
        if (b.gpStaffId) {
          const gp = await tx
            .selectFrom('staff_memberships')
            .select('staff_id')
            .where('staff_id', '=', b.gpStaffId)
            .where('unit_id', '=', request.params.unitId)
            .where('role', '=', 'doctor')
            .executeTakeFirst();
          if (!gp) throw new AppError('VALIDATION_FAILED', 'The GP must be a doctor in this unit.');
        }
        const existing = await tx
          .selectFrom('health_contacts')
          .select(['id', 'started_at', 'ends_at', 'ended_at'])
          .where('citizen_id', '=', p.id)
          .where('unit_id', '=', request.params.unitId)
          .where('ended_at', 'is', null)
          .execute();
        if (existing.some((c) => contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'active')) {
          throw new AppError('CONFLICT', 'The citizen already has an active health contact with this unit.');
        }
        const c = await tx
          .insertInto('health_contacts')
          .values({
            citizen_id: p.id,
            unit_id: request.params.unitId,
            source: b.source,
            gp_staff_id: b.gpStaffId ?? null,
            started_at: now(),
            ends_at: b.endsOn ? endOfDayInOslo(b.endsOn) : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await auditStaff(tx, a, m, { citizen_id: p.id, unit_id: request.params.unitId }, 'contact.create', 'health_contact', c.id);
        return {
          id: c.id,
          citizenId: p.id,
          name: `${p.given_name} ${p.family_name}`,
          source: c.source,
          status: 'active' as const,
          startedAt: c.started_at.toISOString(),
          endsAt: c.ends_at?.toISOString() ?? null,
        };
      });
      return reply.code(201).send(out);
    },
  );

  r.post(
    '/api/staff/contacts/:contactId/end',
    {
      config: access('staff', 'contact', 'act'),
      schema: { tags, summary: 'End a health contact now', params: z.object({ contactId: z.uuid() }), response: { 200: ContactOut, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return ctx.db.transaction().execute(async (tx) => {
        const c = await tx
          .selectFrom('health_contacts as hc')
          .innerJoin('persons as p', 'p.id', 'hc.citizen_id')
          .select(['hc.id', 'hc.unit_id', 'hc.citizen_id', 'hc.source', 'hc.started_at', 'hc.ends_at', 'hc.ended_at', 'p.given_name', 'p.family_name'])
          .where('hc.id', '=', request.params.contactId)
          .forUpdate('hc')
          .executeTakeFirst();
        if (!c || !a.memberships.has(c.unit_id)) throw notFound('The health contact');
        const m = requireContactRegistrar(a, c.unit_id);
        if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) === 'previous')
          throw new AppError('CONFLICT', 'The health contact has already ended.');
        const ended = now();
        await tx.updateTable('health_contacts').set({ ended_at: ended }).where('id', '=', c.id).execute();
        await auditStaff(tx, a, m, c, 'contact.end', 'health_contact', c.id);
        return {
          id: c.id,
          citizenId: c.citizen_id,
          name: `${c.given_name} ${c.family_name}`,
          source: c.source,
          status: 'previous' as const,
          startedAt: c.started_at.toISOString(),
          endsAt: ended.toISOString(),
        };
      });
    },
  );
}
