/**
 * What clinicians decide about representation: grant a parent dialog for a youth (after an
 * assessment), hide a single item from parents, and grant flexible dialog for a period.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ContactDetailSchema, GrantResultSchema, ParentListSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { staffActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { HIDE_ALIASES } from '../../access/policy.ts';
import { contactDetail, contactParents, grantFlexibleDialog, grantParentDialog, revokeGrant, setHiddenFromParents } from './staff-representation.service.ts';

const errors = problemResponses;
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
/** Registers the clinician representation routes. */
export async function staffRepresentationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['representation (staff)'];
  const ContactParam = z.object({ contactId: z.uuid() });

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
      return contactDetail(ctx.db, a, request.params.contactId);
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
        response: { 200: GrantResultSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return revokeGrant(ctx.db, a, request.params.kind, request.params.grantId);
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
        response: { 200: ParentListSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return { items: await contactParents(ctx.db, a, request.params.contactId) };
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
        response: { 201: GrantResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      return reply.code(201).send(await grantParentDialog(ctx.db, a, request.params.contactId, request.body));
    },
  );

  r.post(
    '/api/staff/hidden-from-parents',
    {
      config: access('staff', 'unit', 'act'),
      schema: { tags, summary: 'Hide (or show again) a single item from the patient’s parents', body: HideSchema, response: { 200: GrantResultSchema, ...errors } },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return setHiddenFromParents(ctx.db, a, request.body);
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
        response: { 201: GrantResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      return reply.code(201).send(await grantFlexibleDialog(ctx.db, a, request.params.contactId, request.body));
    },
  );
}
