/** Letter routes: units send and follow their letters; citizens list, read and download theirs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LetterDetailSchema, LetterListSchema, NewPdfLetterSchema, NewTemplateLetterSchema, StaffLetterListSchema, StaffLetterSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { readMessageRequest } from '../attachments/upload.ts';
import { IdParam, parseBody, sendDownload } from '../../platform/route-helpers.ts';
import { checkKey } from '../../platform/idempotency.ts';
import {
  citizenLetterPdf,
  citizenLetters,
  openCitizenLetter,
  openStaffLetter,
  sendLetter,
  staffLetterPdf,
  unitLetters,
  type SendLetterInput,
} from './letters.service.ts';
import { access } from '../../access/route-access.ts';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  415: ProblemSchema,
  422: ProblemSchema,
};
const Limit = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const sendDoc =
  'A template letter as JSON ({template, fields, contactId, important, hideFromParents}); or a PDF letter as multipart/form-data with a `payload` field holding {title, contactId, important, hideFromParents} and exactly one PDF file (checked by its content). An `Idempotency-Key` header makes retries safe. Raises letter.sent: the patient (and those who act for them) are notified.';

/** Registers the letter routes. */
export async function letterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staffTags = ['staff letters'];
  const tags = ['citizen letters'];

  r.post(
    '/api/staff/units/:unitId/letters',
    {
      config: access('staff', 'letter', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Send a patient letter (template or PDF)',
        description: sendDoc,
        params: IdParam('unitId'),
        response: { 200: StaffLetterSchema, 201: StaffLetterSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const key = checkKey(request.headers['idempotency-key']);
      let input: SendLetterInput;
      let pdf;
      if (request.isMultipart()) {
        const { body, files } = await readMessageRequest(request, ctx.malwareScanner);
        input = { kind: 'pdf', ...parseBody(NewPdfLetterSchema, body) };
        if (files.length !== 1) throw new AppError('VALIDATION_FAILED', 'Attach the letter as exactly one PDF file.');
        pdf = files[0]!;
        if (pdf.contentType !== 'application/pdf')
          throw new AppError('LETTER_NOT_PDF', `The file ${pdf.filename} is not a PDF. A letter can only be sent as a PDF.`);
      } else {
        input = { kind: 'template', ...parseBody(NewTemplateLetterSchema, request.body ?? {}) };
      }
      const res = await sendLetter(ctx, a, request.params.unitId, input, pdf, key);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.get(
    '/api/staff/units/:unitId/letters',
    {
      config: access('staff', 'letter', 'see'),
      schema: {
        tags: staffTags,
        summary: 'Letters the unit sent, newest first, with read status',
        params: IdParam('unitId'),
        querystring: Limit,
        response: { 200: StaffLetterListSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return unitLetters(ctx, a, request.params.unitId, request.query.limit);
    },
  );

  r.get(
    '/api/staff/letters/:letterId',
    {
      config: access('staff', 'letter', 'see'),
      schema: {
        tags: staffTags,
        summary: 'One letter of the unit (writes an access-log entry)',
        params: IdParam('letterId'),
        response: { 200: StaffLetterSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      return openStaffLetter(ctx, a, request.params.letterId);
    },
  );

  r.get(
    '/api/staff/letters/:letterId/pdf',
    {
      config: access('staff', 'letter', 'see'),
      schema: { tags: staffTags, summary: 'Download the PDF of a letter (writes an access-log entry)', params: IdParam('letterId') },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      return sendDownload(reply, await staffLetterPdf(ctx, a, request.params.letterId));
    },
  );

  r.get(
    '/api/citizen/letters',
    {
      config: access('citizen', 'letter', 'see'),
      schema: {
        tags,
        summary: 'My letters (or those of the person I act for), newest first',
        querystring: Limit,
        response: { 200: LetterListSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'documents');
      return citizenLetters(ctx, a, request.query.limit);
    },
  );

  r.get(
    '/api/citizen/letters/:letterId',
    {
      config: access('citizen', 'letter', 'see'),
      schema: {
        tags,
        summary: 'Read a letter (marks it read; the unit sees when)',
        params: IdParam('letterId'),
        response: { 200: LetterDetailSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request, 'documents');
      return openCitizenLetter(ctx, a, request.params.letterId);
    },
  );

  r.get(
    '/api/citizen/letters/:letterId/pdf',
    { config: access('citizen', 'letter', 'see'), schema: { tags, summary: 'Download the PDF of a letter', params: IdParam('letterId') } },
    async (request, reply) => {
      const a = await citizenActor(ctx, request, 'documents');
      return sendDownload(reply, await citizenLetterPdf(ctx, a, request.params.letterId));
    },
  );
}
