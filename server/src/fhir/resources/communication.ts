/**
 * Communication: a thread is a Communication without partOf (its header: topic, kind, status);
 * each message is a Communication with partOf Communication/<thread>. An EPJ answers in a
 * thread by creating a message Communication with partOf and a Practitioner of the unit as
 * sender: the same path as a staff reply (thread locked, status answered, fee for an
 * e-konsultasjon, audit), and message.created is published so the citizen is notified.
 */
import type { Binary, Communication } from '@medplum/fhirtypes';
import { answerAsUnit } from '../../modules/dialog/staff-dialog.service.ts';
import { findThread, lockThread } from '../../modules/dialog/threads.repository.ts';
import { badRequest, FhirError, notFound, unprocessable } from '../outcomes.ts';
import type { FhirContext, ResourceMapper } from '../router.ts';
import { auditEpj, isUuid, one, ref, refId, SYSTEM } from './common.ts';
import { relatedPersonId } from './related-person.ts';
import { createRecordBinary, readRecordBinary } from './records.ts';
import '../../modules/forms/forms.tables.ts';

const MAX_TEXT = 10_000;

function messagesQuery(ctx: FhirContext) {
  return ctx.app.db
    .selectFrom('messages as m')
    .innerJoin('threads as t', 't.id', 'm.thread_id')
    .select([
      'm.id',
      'm.thread_id',
      'm.citizen_id',
      'm.unit_id',
      'm.seq',
      'm.author_kind',
      'm.author_person_id',
      'm.on_behalf_of_id',
      'm.author_staff_id',
      'm.text',
      'm.created_at',
      'm.delivered_at',
      'm.read_at',
      't.kind',
      't.topic',
    ])
    .where('m.unit_id', 'in', ctx.auth.unitIds);
}
type MessageRow = Awaited<ReturnType<ReturnType<typeof messagesQuery>['executeTakeFirstOrThrow']>>;

type AttachmentRow = { id: string; filename: string; content_type: string; size_bytes: number; created_at: Date };

function message(base: string, m: MessageRow, attachments: AttachmentRow[]): Communication {
  const citizen = ref('Patient', m.citizen_id);
  const unit = ref('Organization', m.unit_id);
  const sender: Communication['sender'] =
    m.author_kind === 'citizen'
      ? m.author_person_id && m.author_person_id !== m.citizen_id
        ? { reference: `RelatedPerson/${relatedPersonId(m.author_person_id, m.citizen_id)}`, display: 'Representant' }
        : citizen
      : m.author_staff_id
        ? ref('Practitioner', m.author_staff_id)
        : unit;
  return {
    resourceType: 'Communication',
    id: m.id,
    partOf: [ref('Communication', m.thread_id)],
    status: 'completed',
    category: [{ coding: [{ system: SYSTEM.dialogKind, code: m.kind }] }],
    subject: citizen,
    topic: { text: m.topic },
    sent: m.created_at.toISOString(),
    received: m.delivered_at.toISOString(),
    sender,
    recipient: [m.author_kind === 'citizen' ? unit : citizen],
    payload: [
      { contentString: m.text },
      // The data is served as Binary (same unit scoping, audited): Attachment.url points there.
      ...attachments.map((a) => ({
        contentAttachment: {
          contentType: a.content_type,
          url: `${base}/Binary/${a.id}`,
          title: a.filename,
          size: a.size_bytes,
          creation: a.created_at.toISOString(),
        },
      })),
    ],
  };
}

async function withAttachments(ctx: FhirContext, rows: MessageRow[]): Promise<Communication[]> {
  const ids = rows.map((r) => r.id);
  const atts = ids.length
    ? await ctx.app.db
        .selectFrom('attachments')
        .select(['id', 'message_id', 'filename', 'content_type', 'size_bytes', 'created_at'])
        .where('message_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) =>
    message(
      ctx.base,
      r,
      atts.filter((a) => a.message_id === r.id),
    ),
  );
}

function header(t: { id: string; citizen_id: string; unit_id: string; kind: string; topic: string; status: string; created_at: Date }): Communication {
  return {
    resourceType: 'Communication',
    id: t.id,
    status: t.status === 'closed' ? 'completed' : 'in-progress',
    category: [{ coding: [{ system: SYSTEM.dialogKind, code: t.kind }] }],
    subject: ref('Patient', t.citizen_id),
    topic: { text: t.topic },
    sent: t.created_at.toISOString(),
    recipient: [ref('Organization', t.unit_id)],
  };
}

/** Communication: read (thread header or message), search messages by subject / part-of, create an answer. */
export const CommunicationMapper: ResourceMapper<Communication> = {
  type: 'Communication',
  searchParams: { subject: 'reference', patient: 'reference', 'part-of': 'reference', organization: 'reference' },
  sorts: ['sent'],
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const m = await messagesQuery(ctx).where('m.id', '=', id).executeTakeFirst();
    if (m) return (await withAttachments(ctx, [m]))[0];
    const t = await findThread(ctx.app.db, id);
    return t && ctx.auth.unitIds.includes(t.unit_id) ? header(t) : undefined;
  },
  async search(ctx, input) {
    if (!ctx.auth.unitIds.length) return { resources: [], total: 0 };
    let q = messagesQuery(ctx);
    const none = '00000000-0000-0000-0000-000000000000';
    const subject = one(input, 'subject') ?? one(input, 'patient');
    const partOf = one(input, 'part-of');
    const id = one(input, '_id');
    // organization: the unit of the conversation (a client acting for several units picks one).
    const unit = one(input, 'organization');
    if (unit) {
      const u = refId(unit, 'Organization') ?? unit;
      q = q.where('m.unit_id', '=', isUuid(u) ? u : none);
    }
    if (subject) {
      const s = refId(subject, 'Patient') ?? subject;
      q = q.where('m.citizen_id', '=', isUuid(s) ? s : none);
    }
    if (partOf) {
      const t = refId(partOf, 'Communication') ?? partOf;
      q = q.where('m.thread_id', '=', isUuid(t) ? t : none);
    }
    if (id) q = q.where('m.id', '=', isUuid(id) ? id : none);
    const total = Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const desc = input.sort.find((s) => s.key === 'sent')?.desc ?? false;
    const rows = await q
      .orderBy('m.created_at', desc ? 'desc' : 'asc')
      .orderBy('m.seq', desc ? 'desc' : 'asc')
      .orderBy('m.id')
      .limit(input.count)
      .offset(input.offset)
      .execute();
    return { resources: await withAttachments(ctx, rows), total };
  },
  async create(ctx, body) {
    const threadId = refId(body.partOf?.[0], 'Communication');
    if (!threadId) throw badRequest('An answer needs partOf: [{ reference: "Communication/<thread id>" }].');
    const text = body.payload
      ?.map((p) => p.contentString)
      .filter((s) => s !== undefined)
      .join('\n\n')
      .trim();
    if (!text) throw badRequest('An answer needs payload[].contentString with the text.');
    if (text.length > MAX_TEXT) throw badRequest(`The text is too long: at most ${MAX_TEXT} characters.`);
    const staffId = refId(body.sender, 'Practitioner');
    if (!staffId || !isUuid(staffId)) throw badRequest('sender must be the Practitioner (of the unit) who answers.');
    const created = await ctx.app.db.transaction().execute(async (tx) => {
      const t = isUuid(threadId) ? await lockThread(tx, threadId) : undefined;
      if (!t || !ctx.auth.unitIds.includes(t.unit_id)) throw notFound('Communication', threadId);
      const member = await tx
        .selectFrom('staff_memberships')
        .select('role')
        .where('staff_id', '=', staffId)
        .where('unit_id', '=', t.unit_id)
        .executeTakeFirst();
      if (!member) throw unprocessable('sender is not a Practitioner of the unit of this conversation.');
      if (!t.replies_allowed) throw new FhirError(409, 'business-rule', 'This conversation is closed and takes no more replies.');
      if (t.conversion_state === 'pending') throw new FhirError(409, 'business-rule', 'The citizen has not yet accepted the e-konsultasjon and its fee.');
      // The same steps as a staff reply; source 'epj': notifications fire, and the journal does
      // not send it back to the EPJ that wrote it.
      const { message } = await answerAsUnit(ctx.app, tx, t, {
        staffId,
        // The answer when the Practitioner's role can give it (core's answerRule).
        role: member.role,
        text,
        source: 'epj',
        audit: () => auditEpj(tx, ctx, { citizenId: t.citizen_id, unitId: t.unit_id, action: 'message.send', objectType: 'thread', objectId: t.id }),
      });
      return message.id;
    });
    return (await CommunicationMapper.read(ctx, created))!;
  },
};

/**
 * Binary: the bytes of a message attachment, or of a PDF shared for the record (records.ts) (Communication.payload.contentAttachment.url), for
 * the client's units only (the same scoping as the Communication). Each read is in the
 * citizen's access log (epj.read, object Binary) before the data leaves. No search: a Binary
 * is reached from its Communication.
 */
/** A file a submitted form response names (valueAttachment.url points here), for the unit's clients only. */
async function formResponseBinary(ctx: FhirContext, id: string): Promise<Binary | undefined> {
  const f = await ctx.app.db
    .selectFrom('form_attachments as fa')
    .innerJoin('form_responses as r', 'r.id', 'fa.response_id')
    .select(['fa.id', 'fa.content_type', 'fa.data', 'r.id as response_id', 'r.citizen_id', 'r.unit_id'])
    .where('fa.id', '=', id)
    .where('r.status', '=', 'completed')
    .where('r.unit_id', 'in', ctx.auth.unitIds)
    .executeTakeFirst();
  if (!f) return undefined;
  await ctx.app.db
    .transaction()
    .execute((tx) => auditEpj(tx, ctx, { citizenId: f.citizen_id, unitId: f.unit_id, action: 'epj.read', objectType: 'Binary', objectId: f.id }));
  return {
    resourceType: 'Binary',
    id: f.id,
    contentType: f.content_type,
    meta: { versionId: '1' },
    securityContext: ref('QuestionnaireResponse', f.response_id),
    data: Buffer.from(f.data).toString('base64'),
  };
}

export const BinaryMapper: ResourceMapper<Binary> = {
  type: 'Binary',
  searchParams: {},
  async read(ctx, id) {
    if (!isUuid(id) || !ctx.auth.unitIds.length) return undefined;
    const r = await readRecordBinary(ctx, id);
    if (r) {
      // A PDF shared for the record: in the citizen's access log once it belongs to an item.
      if (r.citizen_id)
        await ctx.app.db
          .transaction()
          .execute((tx) => auditEpj(tx, ctx, { citizenId: r.citizen_id, unitId: r.unit_id, action: 'epj.read', objectType: 'Binary', objectId: r.id }));
      const context = r.item_id ? ref(r.kind === 'document' ? 'DocumentReference' : 'DiagnosticReport', r.item_id) : ref('Organization', r.unit_id);
      return {
        resourceType: 'Binary',
        id: r.id,
        contentType: r.content_type,
        meta: { versionId: '1' },
        securityContext: context,
        data: Buffer.from(r.data).toString('base64'),
      };
    }
    const a = await ctx.app.db
      .selectFrom('attachments as a')
      .innerJoin('messages as m', 'm.id', 'a.message_id')
      .select(['a.id', 'a.message_id', 'a.content_type', 'a.data', 'm.citizen_id', 'm.unit_id'])
      .where('a.id', '=', id)
      .where('m.unit_id', 'in', ctx.auth.unitIds)
      .executeTakeFirst();
    if (!a) return formResponseBinary(ctx, id);
    await ctx.app.db
      .transaction()
      .execute((tx) => auditEpj(tx, ctx, { citizenId: a.citizen_id, unitId: a.unit_id, action: 'epj.read', objectType: 'Binary', objectId: a.id }));
    return {
      resourceType: 'Binary',
      id: a.id,
      contentType: a.content_type,
      meta: { versionId: '1' },
      securityContext: ref('Communication', a.message_id),
      data: Buffer.from(a.data).toString('base64'),
    };
  },
  // A Binary never changes: its one version, 1, is the current one, which the router answers from read.
  async vread() {
    return undefined;
  },
  async search() {
    throw new FhirError(405, 'not-supported', 'Binary cannot be searched; follow Communication.payload.contentAttachment.url or QuestionnaireResponse answers’ valueAttachment.url.');
  },
  // A PDF for the record (issue 21), checked as attachments are; a DocumentReference or
  // DiagnosticReport then points to it with attachment.url = Binary/<id>.
  create: createRecordBinary,
};
