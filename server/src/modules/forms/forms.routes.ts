/** Form routes: the unit's form library, forms sent to patients, and the citizen filling them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswersSchema,
  CitizenFormListSchema,
  FormDetailSchema,
  FormListSchema,
  FormRequestDetailSchema,
  FormServiceSchema,
  ImportFormSchema,
  SendFormSchema,
  ServiceMessageSchema,
  ServiceFormSchema,
  SetServiceFormSchema,
  StaffFormRequestListSchema,
  ThreadDetailSchema,
  ThreadFormSchema,
} from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { check } from '../../access/policy.ts';
import { IdParam, parseBody, sendDownload } from '../../platform/route-helpers.ts';
import { notFound } from '../../platform/errors.ts';
import { access } from '../../access/route-access.ts';
import { findThread } from '../dialog/threads.repository.ts';
import { auditStaff } from '../audit/access-log.writer.ts';
import { readMessageRequest } from '../attachments/upload.ts';
import { checkKey } from '../../platform/idempotency.ts';
import {
  citizenForms,
  formAttachment,
  importForm,
  openCitizenRequest,
  openForm,
  openStaffRequest,
  remindRequest,
  retireForm,
  saveDraft,
  sendForm,
  serviceForm,
  setServiceForm,
  startThreadWithForm,
  submitRequest,
  threadForm,
  threadFormFile,
  unitForms,
  unitRequests,
  unitServiceForms,
  uploadFormAttachment,
} from './forms.service.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const Limit = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Registers the form routes. */
export async function formRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staffTags = ['staff forms'];
  const tags = ['citizen forms'];

  r.get(
    '/api/staff/units/:unitId/forms',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'The unit’s form library (latest version of each form)',
        params: IdParam('unitId'),
        querystring: z.object({ retired: z.enum(['true', 'false']).default('false') }),
        response: { 200: FormListSchema, ...errors },
      },
    },
    async (request) => unitForms(ctx, await staffActor(ctx, request), request.params.unitId, request.query.retired === 'true'),
  );

  r.post(
    '/api/staff/units/:unitId/forms',
    {
      config: access('staff', 'form', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Import a FHIR R4 Questionnaire (unit administrators)',
        description:
          'A new form, or — when the unit already has a form with the same canonical url — its next version (201 when new, 200 for a new version). An invalid Questionnaire is 422 QUESTIONNAIRE_INVALID with every problem in `problems`.',
        params: IdParam('unitId'),
        body: ImportFormSchema,
        response: { 200: FormDetailSchema, 201: FormDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const res = await importForm(ctx, await staffActor(ctx, request), request.params.unitId, request.body);
      return reply.code(res.created ? 201 : 200).send(res.form);
    },
  );

  r.get(
    '/api/staff/forms/:formId',
    {
      config: access('staff', 'form', 'see'),
      schema: { tags: staffTags, summary: 'A form with all its versions (preview)', params: IdParam('formId'), response: { 200: FormDetailSchema, ...errors } },
    },
    async (request) => openForm(ctx, await staffActor(ctx, request), request.params.formId),
  );

  r.post(
    '/api/staff/forms/:formId/retire',
    {
      config: access('staff', 'form', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Retire a form (unit administrators): it can no longer be sent or filled in',
        params: IdParam('formId'),
        response: { 200: FormDetailSchema, ...errors },
      },
    },
    async (request) => retireForm(ctx, await staffActor(ctx, request), request.params.formId),
  );

  r.get(
    '/api/staff/units/:unitId/service-forms',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'The forms the unit puts in front of its services',
        params: IdParam('unitId'),
        response: { 200: z.object({ items: z.array(z.object({ service: FormServiceSchema, formId: z.string() })) }), ...errors },
      },
    },
    async (request) => unitServiceForms(ctx, await staffActor(ctx, request), request.params.unitId),
  );

  r.put(
    '/api/staff/units/:unitId/service-forms/:service',
    {
      config: access('staff', 'form', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Put a form in front of a service, or take it away with formId null (unit administrators)',
        description: 'The citizen fills the form before the message goes; a triage form in front of e-konsultasjon recommends a channel.',
        params: z.object({ unitId: z.uuid(), service: FormServiceSchema }),
        body: SetServiceFormSchema,
        response: { 200: z.object({ service: FormServiceSchema, formId: z.string().nullable() }), ...errors },
      },
    },
    async (request) => setServiceForm(ctx, await staffActor(ctx, request), request.params.unitId, request.params.service, request.body.formId),
  );

  r.post(
    '/api/staff/units/:unitId/form-requests',
    {
      config: access('staff', 'form', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Send a form to a patient of the unit (alone, with a message, or tied to an appointment), with a deadline',
        description:
          'Raises form.sent: the patient (and those who may act for them) get a neutral notice. An appointment of another patient or unit is 404; a cancelled, held or past one 409 FORM_APPOINTMENT_NOT_UPCOMING.',
        params: IdParam('unitId'),
        body: SendFormSchema,
        response: { 201: FormRequestDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await sendForm(ctx, await staffActor(ctx, request), request.params.unitId, request.body)),
  );

  r.get(
    '/api/staff/units/:unitId/form-requests',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'Forms the unit sent, newest first, with status (sent, opened, draft, submitted, overdue); keyset-paged by `cursor`',
        params: IdParam('unitId'),
        querystring: Limit.extend({ cursor: z.string().max(200).optional(), formId: z.uuid().optional() }),
        response: { 200: StaffFormRequestListSchema, ...errors },
      },
    },
    async (request) => unitRequests(ctx, await staffActor(ctx, request), request.params.unitId, request.query),
  );

  r.get(
    '/api/staff/form-requests/:requestId',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'One sent form with the exact questionnaire version and, once submitted, the response and scores (writes an access-log entry)',
        params: IdParam('requestId'),
        response: { 200: FormRequestDetailSchema, ...errors },
      },
    },
    async (request) => openStaffRequest(ctx, await staffActor(ctx, request), request.params.requestId),
  );

  r.post(
    '/api/staff/form-requests/:requestId/remind',
    {
      config: access('staff', 'form', 'act'),
      schema: {
        tags: staffTags,
        summary: 'Remind the patient of a form not yet submitted (a neutral notice)',
        description:
          '409 FORM_ALREADY_SUBMITTED when it is submitted, FORM_RETIRED when the form is retired, FORM_OVERDUE when its deadline has passed (it can no longer be submitted).',
        params: IdParam('requestId'),
        response: { 200: FormRequestDetailSchema, ...errors },
      },
    },
    async (request) => remindRequest(ctx, await staffActor(ctx, request), request.params.requestId),
  );

  r.get(
    '/api/staff/threads/:threadId/form',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'The structured answers a thread began with',
        params: IdParam('threadId'),
        response: { 200: ThreadFormSchema, ...errors },
      },
    },
    async (request) => {
      const a = await staffActor(ctx, request);
      const t = await findThread(ctx.db, request.params.threadId);
      if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
      const res = await threadForm(ctx.db, t.id, { staff: true });
      if (res.response) await ctx.db.transaction().execute((tx) => auditStaff(tx, a, a.memberships.get(t.unit_id)!, t, 'form.read', 'form', res.response!.id));
      return res;
    },
  );

  r.get(
    '/api/citizen/forms',
    {
      config: access('citizen', 'form', 'see'),
      schema: {
        tags,
        summary: 'My forms (or those of the person I act for): open ones by deadline, and submitted ones',
        querystring: Limit,
        response: { 200: CitizenFormListSchema, ...errors },
      },
    },
    async (request) => citizenForms(ctx, await citizenActor(ctx, request), request.query.limit),
  );

  r.get(
    '/api/citizen/form-requests/:requestId',
    {
      config: access('citizen', 'form', 'see'),
      schema: {
        tags,
        summary: 'Open a form (with its questionnaire and my draft or answers)',
        params: IdParam('requestId'),
        response: { 200: FormRequestDetailSchema, ...errors },
      },
    },
    async (request) => openCitizenRequest(ctx, await citizenActor(ctx, request), request.params.requestId),
  );

  r.put(
    '/api/citizen/form-requests/:requestId/draft',
    {
      config: access('citizen', 'form', 'act'),
      schema: {
        tags,
        summary: 'Save the answers so far as a draft (QuestionnaireResponse.item)',
        params: IdParam('requestId'),
        body: AnswersSchema,
        response: { 200: FormRequestDetailSchema, ...errors },
      },
    },
    async (request) => saveDraft(ctx, await citizenActor(ctx, request), request.params.requestId, request.body.item),
  );

  r.post(
    '/api/citizen/form-requests/:requestId/submit',
    {
      config: access('citizen', 'form', 'act'),
      schema: {
        tags,
        summary: 'Submit the answers (once)',
        description:
          'Checked against the exact questionnaire version: 422 FORM_RESPONSE_INVALID naming each problem; 409 FORM_ALREADY_SUBMITTED, FORM_RETIRED or FORM_DEADLINE_PASSED. Nothing is saved on a refusal.',
        params: IdParam('requestId'),
        body: AnswersSchema,
        response: { 200: FormRequestDetailSchema, ...errors },
      },
    },
    async (request) => submitRequest(ctx, await citizenActor(ctx, request), request.params.requestId, request.body.item),
  );

  r.post(
    '/api/citizen/form-requests/:requestId/attachments',
    {
      config: access('citizen', 'form', 'act'),
      schema: {
        tags,
        summary: 'Upload the file for an attachment question (multipart, one file in `files`)',
        description:
          'The same checks as a message attachment: PDF, JPEG or PNG by content, at most 10 MB, malware scan. Answers with the FHIR Attachment to put in the answer (`url` is `urn:uuid:<id>`); a draft or submit naming any other file is 422 FORM_RESPONSE_INVALID. 409 FORM_TAKES_NO_FILES when the form has no attachment question; 409 FORM_ATTACHMENT_LIMIT after 10 files for the form (replaced ones count).',
        params: IdParam('requestId'),
        response: {
          201: z.object({ url: z.string(), contentType: z.string(), title: z.string(), size: z.number() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request);
      const { files } = await readMessageRequest(request, ctx.malwareScanner);
      return reply.code(201).send(await uploadFormAttachment(ctx, a, request.params.requestId, files));
    },
  );

  r.get(
    '/api/citizen/form-requests/:requestId/attachments/:attachmentId',
    {
      config: access('citizen', 'form', 'see'),
      schema: { tags, summary: 'A file attached to my answers', params: z.object({ requestId: z.uuid(), attachmentId: z.uuid() }) },
    },
    async (request, reply) =>
      sendDownload(reply, await formAttachment(ctx, { citizen: await citizenActor(ctx, request) }, request.params.requestId, request.params.attachmentId)),
  );

  r.get(
    '/api/staff/form-requests/:requestId/attachments/:attachmentId',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'A file the patient attached to their submitted answers (writes an access-log entry)',
        description: 'Only a file the submitted response names; a file uploaded for a draft, or replaced before the submit, is 404.',
        params: z.object({ requestId: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) =>
      sendDownload(reply, await formAttachment(ctx, { staff: await staffActor(ctx, request) }, request.params.requestId, request.params.attachmentId)),
  );

  r.get(
    '/api/citizen/contacts/:contactId/service-forms/:service',
    {
      // Part of writing a message: the thread's rule (dialog), as the answers travel with the thread.
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'The form the unit asks me to fill before writing through a service (form null: none)',
        params: z.object({ contactId: z.uuid(), service: FormServiceSchema }),
        response: { 200: ServiceFormSchema, ...errors },
      },
    },
    async (request) => serviceForm(ctx, await citizenActor(ctx, request), request.params.contactId, request.params.service),
  );

  r.post(
    '/api/citizen/contacts/:contactId/service-forms/:service',
    {
      config: access('citizen', 'thread', 'act'),
      schema: {
        tags,
        summary: 'Send a message through a service with its form filled in (one step: the answers and the message)',
        description:
          'JSON (`topic`, `topicId`, `text`, `versionId`, `item`), or multipart/form-data with that JSON in `payload`, the message’s attachments in `files`, and the files of attachment questions each in a part whose field name is the `cid:<name>` URL its answer’s valueAttachment.url gives (the same limits, type check and malware scan as any message attachment; at most 5 of each). `Idempotency-Key` as for a new conversation. 422 FORM_RESPONSE_INVALID naming each problem (an answer naming a file not sent, inline data, a file no answer names); 409 FORM_CHANGED when the service no longer asks for this form version. Nothing is saved on a refusal.',
        params: z.object({ contactId: z.uuid(), service: FormServiceSchema }),
        response: { 200: ThreadDetailSchema, 201: ThreadDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request);
      const key = checkKey(request.headers['idempotency-key']);
      const { body, files, answerFiles } = await readMessageRequest(request, ctx.malwareScanner, { answerFiles: true });
      const input = parseBody(ServiceMessageSchema, body);
      const res = await startThreadWithForm(ctx, a, request.params.contactId, request.params.service, input, files, key, answerFiles);
      return reply
        .code(res.replayed ? 200 : res.status)
        .header('Idempotent-Replayed', String(res.replayed))
        .send(res.body);
    },
  );

  r.get(
    '/api/staff/threads/:threadId/form/attachments/:attachmentId',
    {
      config: access('staff', 'form', 'see'),
      schema: {
        tags: staffTags,
        summary: 'A file of the structured answers a thread began with (writes an access-log entry)',
        params: z.object({ threadId: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const a = await staffActor(ctx, request);
      const t = await findThread(ctx.db, request.params.threadId);
      if (!t || !a.memberships.has(t.unit_id)) throw notFound('The conversation');
      const { responseId, file } = await threadFormFile(ctx.db, t.id, request.params.attachmentId);
      await ctx.db.transaction().execute((tx) => auditStaff(tx, a, a.memberships.get(t.unit_id)!, t, 'form.read', 'form', responseId));
      return sendDownload(reply, file);
    },
  );

  r.get(
    '/api/citizen/threads/:threadId/form/attachments/:attachmentId',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'A file of the structured answers a conversation began with',
        params: z.object({ threadId: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const a = await citizenActor(ctx, request);
      const t = await findThread(ctx.db, request.params.threadId);
      if (!t) throw notFound('The conversation');
      await check(
        ctx.db,
        a,
        'thread',
        'see',
        { id: t.id, citizenId: t.citizen_id, contactId: t.contact_id, createdByPersonId: t.created_by_person_id },
        'The conversation',
      );
      return sendDownload(reply, (await threadFormFile(ctx.db, t.id, request.params.attachmentId)).file);
    },
  );

  r.get(
    '/api/citizen/threads/:threadId/form',
    {
      config: access('citizen', 'thread', 'see'),
      schema: {
        tags,
        summary: 'The structured answers a conversation began with',
        params: IdParam('threadId'),
        response: { 200: ThreadFormSchema, ...errors },
      },
    },
    async (request) => {
      const a = await citizenActor(ctx, request);
      const t = await findThread(ctx.db, request.params.threadId);
      if (!t) throw notFound('The conversation');
      await check(
        ctx.db,
        a,
        'thread',
        'see',
        { id: t.id, citizenId: t.citizen_id, contactId: t.contact_id, createdByPersonId: t.created_by_person_id },
        'The conversation',
      );
      return threadForm(ctx.db, t.id, { staff: false });
    },
  );
}
