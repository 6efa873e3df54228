/**
 * Powers of attorney (fullmakt), managed by the people themselves: a citizen of 16 or more
 * gives one to a person of 18 or more, for chosen areas or all, with an optional end date;
 * either side ends it at once. People with a confidential address can neither give nor get one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isValidNationalId } from '@helsedialog/core';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { now } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { ageOn, todayInOslo } from '../../platform/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { endOfDayInOslo } from '../../platform/working-days.ts';
import { access } from '../../access/route-access.ts';

const AreaSchema = z.enum(['dialog', 'appointments', 'documents', 'all']);
const PoaSchema = z.object({
  id: z.string(),
  grantor: z.object({ id: z.string(), name: z.string() }),
  holder: z.object({ id: z.string(), name: z.string() }),
  areas: z.array(AreaSchema),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
const ListSchema = z.object({ given: z.array(PoaSchema), received: z.array(PoaSchema) });
const CreateSchema = z.object({
  holderNationalId: z.string().trim().refine(isValidNationalId, 'is not a valid national identity number'),
  areas: z.array(AreaSchema).min(1, 'Choose at least one area, or all.'),
  validUntil: z.iso.date().nullable().optional(),
});
const errors = problemResponses;

/** Registers the power-of-attorney routes. */
export async function poaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['representation'];

  async function list(personId: string) {
    const rows = await ctx.db
      .selectFrom('powers_of_attorney as f')
      .innerJoin('persons as g', 'g.id', 'f.grantor_id')
      .innerJoin('persons as h', 'h.id', 'f.holder_id')
      .select([
        'f.id',
        'f.grantor_id',
        'f.holder_id',
        'f.areas',
        'f.valid_from',
        'f.valid_until',
        'f.revoked_at',
        'g.given_name as g_given',
        'g.family_name as g_family',
        'h.given_name as h_given',
        'h.family_name as h_family',
      ])
      .where((eb) => eb.or([eb('f.grantor_id', '=', personId), eb('f.holder_id', '=', personId)]))
      .orderBy('f.created_at', 'desc')
      .execute();
    const t = now();
    const dto = (f: (typeof rows)[number]) => ({
      id: f.id,
      grantor: { id: f.grantor_id, name: `${f.g_given} ${f.g_family}` },
      holder: { id: f.holder_id, name: `${f.h_given} ${f.h_family}` },
      areas: f.areas as z.infer<typeof AreaSchema>[],
      validFrom: f.valid_from.toISOString(),
      validUntil: f.valid_until?.toISOString() ?? null,
      revokedAt: f.revoked_at?.toISOString() ?? null,
      active: !f.revoked_at && f.valid_from <= t && (!f.valid_until || f.valid_until > t),
    });
    return { given: rows.filter((f) => f.grantor_id === personId).map(dto), received: rows.filter((f) => f.holder_id === personId).map(dto) };
  }

  r.get(
    '/api/citizen/powers-of-attorney',
    {
      config: access('citizen', 'none', 'see'),
      schema: { tags, summary: 'Powers of attorney I have given and received', response: { 200: ListSchema, ...errors } },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      return list(s.personId);
    },
  );

  r.post(
    '/api/citizen/powers-of-attorney',
    {
      config: access('citizen', 'power_of_attorney', 'act'),
      schema: { tags, summary: 'Give a power of attorney (always as oneself)', body: CreateSchema, response: { 201: PoaSchema, ...errors } },
    },
    async (request, reply) => {
      const s = await ctx.requireCitizen(request);
      if (s.actingForId) throw new AppError('FORBIDDEN', 'Only the person themself can give a power of attorney. Switch to acting for yourself first.');
      const b = request.body;
      const today = todayInOslo(now());
      if (b.validUntil && b.validUntil <= today) throw new AppError('VALIDATION_FAILED', 'The end date must be in the future.');
      const id = await ctx.db.transaction().execute(async (tx) => {
        const grantor = await tx.selectFrom('persons').selectAll().where('id', '=', s.personId).executeTakeFirstOrThrow();
        const holder = await tx.selectFrom('persons').selectAll().where('national_id', '=', b.holderNationalId).executeTakeFirst();
        if (!holder) throw new AppError('NOT_FOUND', 'We found no one with that national identity number in helsedialog.');
        if (holder.id === grantor.id) throw new AppError('VALIDATION_FAILED', 'You cannot give a power of attorney to yourself.');
        if (ageOn(grantor.birth_date, today) < 16) throw new AppError('FORBIDDEN', 'You must be 16 or older to give a power of attorney.');
        if (ageOn(holder.birth_date, today) < 18)
          throw new AppError('VALIDATION_FAILED', 'A power of attorney can only be given to a person who is 18 or older.');
        // The same words whichever side has the confidential address: it reveals nothing about the holder.
        if (grantor.confidential_address || holder.confidential_address)
          throw new AppError('FORBIDDEN', 'A power of attorney cannot be given here between these two people. Contact your health service for help.');
        const areas = b.areas.includes('all') ? ['all'] : [...new Set(b.areas)];
        const row = await tx
          .insertInto('powers_of_attorney')
          .values({ grantor_id: grantor.id, holder_id: holder.id, areas, valid_from: now(), valid_until: b.validUntil ? endOfDayInOslo(b.validUntil) : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(tx, {
          citizenId: grantor.id,
          actorKind: 'citizen',
          actorPersonId: grantor.id,
          actorName: `${grantor.given_name} ${grantor.family_name}`,
          action: 'poa.give',
          objectType: 'power_of_attorney',
          objectId: row.id,
        });
        return row.id;
      });
      const all = await list(s.personId);
      return reply.code(201).send(all.given.find((g) => g.id === id)!);
    },
  );

  r.post(
    '/api/citizen/powers-of-attorney/:id/revoke',
    {
      config: access('citizen', 'none', 'act'),
      schema: { tags, summary: 'End a power of attorney at once (either side)', params: z.object({ id: z.uuid() }), response: { 200: PoaSchema, ...errors } },
    },
    async (request) => {
      const s = await ctx.requireCitizen(request);
      await ctx.db.transaction().execute(async (tx) => {
        const f = await tx.selectFrom('powers_of_attorney').selectAll().where('id', '=', request.params.id).executeTakeFirst();
        if (!f || (f.grantor_id !== s.personId && f.holder_id !== s.personId)) throw notFound('The power of attorney');
        if (f.revoked_at) throw new AppError('CONFLICT', 'This power of attorney has already ended.');
        await tx.updateTable('powers_of_attorney').set({ revoked_at: now(), revoked_by: s.personId }).where('id', '=', f.id).execute();
        const me = await tx.selectFrom('persons').select(['given_name', 'family_name']).where('id', '=', s.personId).executeTakeFirstOrThrow();
        await recordAudit(tx, {
          citizenId: f.grantor_id,
          actorKind: s.personId === f.grantor_id ? 'citizen' : 'representative',
          actorPersonId: s.personId,
          actorName: `${me.given_name} ${me.family_name}`,
          action: 'poa.revoke',
          objectType: 'power_of_attorney',
          objectId: f.id,
        });
      });
      const all = await list(s.personId);
      return [...all.given, ...all.received].find((g) => g.id === request.params.id)!;
    },
  );
}
