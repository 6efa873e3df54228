/**
 * Digital forms: a unit's form library (import FHIR Questionnaires, versions, retire), forms
 * sent to patients (deadline, message, appointment; status; remind), the citizen filling them
 * (draft, submit once — validated here against the exact version, never trusting the
 * renderer), and forms in front of a service (structured questions, triage). Representation
 * rules: object kind 'form' in access/policy.ts. Staff reads and representatives' actions are
 * access-logged; every submitted response is journaled (form.submitted).
 */
import {
  type CitizenFormList,
  type FormDetail,
  type FormList,
  type FormRequestDetail,
  type FormRequestSummary,
  type FormResponse,
  type FormStatus,
  type FormSummary,
  type ImportFormSchema,
  type SendFormSchema,
  type ServiceForm,
  type ServiceMessage,
  type StaffFormRequestList,
  type ThreadForm,
} from '@helsedialog/core';
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../app.ts';
import type { DB } from '../../platform/db-types.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { endOfDayInOslo, todayInOslo } from '../../platform/time.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { requireMembership, type CitizenActor, type StaffActor } from '../../access/actors.ts';
import { check, decideOn, decideStaff, enforce, visibleTo } from '../../access/policy.ts';
import { auditRepresentative, auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { scope, startCitizenThreadInTx } from '../dialog/citizen-dialog.service.ts';
import { once, requestHash, type Stored } from '../../platform/idempotency.ts';
import type { UploadedFile } from '../attachments/upload.ts';
import type { ThreadDetail } from '@helsedialog/core';
import {
  findForm,
  findRequest,
  findVersion,
  formVersions,
  insertRequest,
  latestVersion,
  listUnitForms,
  listUnitRequests,
  lockRequest,
  requestRetiredAt,
  responseOfRequest,
  serviceFormRow,
  type RequestRow,
} from './forms.repository.ts';
import type { FormResponsesTable, Recommendation, Score } from './forms.tables.ts';
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { allItems, importable, type Questionnaire } from './questionnaire.ts';
import { responseLines } from './render.ts';
import { checkResponse } from './response.ts';
import { recommendChannel, REQUIRED_TRIAGE_LINK_IDS, withRuleId } from './triage.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';

type Tx = Transaction<DB>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------- the library

function adminOf(a: StaffActor, unitId: string) {
  const d = decideStaff(a, unitId, { admin: true });
  if (!d.allowed) {
    if (d.reason === 'NOT_UNIT_ADMIN') throw new AppError('NOT_UNIT_ADMIN', 'Only a unit administrator can change the form library of the unit.');
    enforce(d, 'The unit');
  }
  return d.membership!;
}

function summaryOf(r: Awaited<ReturnType<typeof listUnitForms>>[number]): FormSummary {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    purpose: r.purpose,
    retiredAt: iso(r.retired_at),
    latest: { id: r.version_id, seq: r.seq, version: r.version, createdAt: r.version_at.toISOString() },
    versions: r.versions,
  };
}

/** The unit's form library (members see it to send forms; retired forms on request). */
export async function unitForms(ctx: AppContext, a: StaffActor, unitId: string, includeRetired: boolean): Promise<FormList> {
  requireMembership(a, unitId);
  return { items: (await listUnitForms(ctx.db, unitId, { includeRetired })).map(summaryOf) };
}

/** Imports a Questionnaire: a new form, or a new version of the unit's form with the same url. */
export async function importForm(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: z.output<typeof ImportFormSchema>,
): Promise<{ created: boolean; form: FormDetail }> {
  adminOf(a, unitId);
  const checked = importable(input.questionnaire);
  const problems = checked.problems;
  // What is stored and served: the import without its narrative (importable).
  const q = checked.questionnaire ?? (input.questionnaire as Questionnaire);
  if (!problems.length && input.purpose === 'triage') {
    const ids = new Set(allItems(q.item).map((i) => i.linkId));
    for (const l of REQUIRED_TRIAGE_LINK_IDS) if (!ids.has(l)) problems.push(`A triage form needs an item with linkId "${l}" (see docs/forms.md, triage).`);
  }
  if (problems.length)
    throw new AppError(
      'QUESTIONNAIRE_INVALID',
      `The questionnaire cannot be imported: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      {
        problems,
      },
    );
  const { formId, created } = await ctx.db.transaction().execute(async (tx) => {
    // One library entry per (unit, url): a second import of the url is its next version.
    const existing = await tx
      .selectFrom('forms')
      .select(['id', 'retired_at'])
      .where('unit_id', '=', unitId)
      .where('url', '=', q.url)
      .forUpdate()
      .executeTakeFirst();
    let id = existing?.id;
    const last = id ? await latestVersion(tx, id) : undefined;
    const seq = (last?.seq ?? 0) + 1;
    const version = q.version?.trim() || String(seq);
    // url|version names one version (the FHIR API's canonical reference): a version string is imported once.
    if (id && (await tx.selectFrom('form_versions').select('id').where('form_id', '=', id).where('version', '=', version).executeTakeFirst()))
      throw new AppError('QUESTIONNAIRE_INVALID', `The form already has a version "${version}". Give the Questionnaire a new version and import it again.`, {
        problems: [
          q.version?.trim()
            ? `version "${version}" is already imported for this form (url ${q.url}): every version needs its own version string.`
            : `The form already has a version "${version}", the number this import would get: give the Questionnaire a version.`,
        ],
      });
    if (!id)
      id = (
        await tx
          .insertInto('forms')
          .values({ unit_id: unitId, url: q.url, title: q.title.trim(), purpose: input.purpose })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    else
      await tx.updateTable('forms').set({ title: q.title.trim(), purpose: input.purpose, retired_at: null, retired_by: null }).where('id', '=', id).execute();
    await tx
      .insertInto('form_versions')
      .values({
        form_id: id,
        seq,
        version,
        questionnaire: JSON.stringify({ ...q, status: 'active' }),
        imported_by: a.staffId,
      })
      .execute();
    return { formId: id, created: !existing };
  });
  return { created, form: await formDetail(ctx.db, formId) };
}

async function formDetail(db: DbOrTx, formId: string): Promise<FormDetail> {
  const f = (await findForm(db, formId))!;
  const versions = await formVersions(db, formId);
  const latest = versions[0]!;
  const usedBy = await db.selectFrom('service_forms').select('service').where('form_id', '=', formId).execute();
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    purpose: f.purpose,
    retiredAt: iso(f.retired_at),
    latest: { id: latest.id, seq: latest.seq, version: latest.version, createdAt: latest.created_at.toISOString() },
    versions: versions.length,
    versionList: versions.map((v) => ({ id: v.id, seq: v.seq, version: v.version, createdAt: v.created_at.toISOString(), questionnaire: v.questionnaire })),
    usedBy: usedBy.map((u) => u.service),
  };
}

/** A form of one of the actor's units, with all its versions (preview). */
export async function openForm(ctx: AppContext, a: StaffActor, formId: string): Promise<FormDetail> {
  const f = await findForm(ctx.db, formId);
  if (!f || !a.memberships.has(f.unit_id)) throw notFound('The form');
  return formDetail(ctx.db, formId);
}

/**
 * Retires a form: it can no longer be sent or filled (open requests answer FORM_RETIRED). The
 * retirement is written on each version too, so a later import of the url (a new start for the
 * form) does not reopen the requests sent with these versions.
 */
export async function retireForm(ctx: AppContext, a: StaffActor, formId: string): Promise<FormDetail> {
  const f = await findForm(ctx.db, formId);
  if (!f || !a.memberships.has(f.unit_id)) throw notFound('The form');
  adminOf(a, f.unit_id);
  if (f.retired_at) throw new AppError('CONFLICT', 'The form is already retired.');
  await ctx.db.transaction().execute(async (tx) => {
    const at = clockNow();
    await tx.updateTable('forms').set({ retired_at: at, retired_by: a.staffId }).where('id', '=', formId).execute();
    await tx.updateTable('form_versions').set({ retired_at: at }).where('form_id', '=', formId).where('retired_at', 'is', null).execute();
    await tx.deleteFrom('service_forms').where('form_id', '=', formId).execute();
  });
  return formDetail(ctx.db, formId);
}

/** Puts a form in front of a service of the unit (or takes it away with null). */
export async function setServiceForm(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  service: 'ekontakt' | 'ekonsultasjon' | 'standarddialog',
  formId: string | null,
) {
  adminOf(a, unitId);
  if (formId) {
    const f = await findForm(ctx.db, formId);
    if (!f || f.unit_id !== unitId) throw notFound('The form');
    if (f.retired_at) throw new AppError('FORM_RETIRED', 'The form is retired. Import it again, or choose another form.');
    await ctx.db
      .insertInto('service_forms')
      .values({ unit_id: unitId, service, form_id: formId })
      .onConflict((oc) => oc.columns(['unit_id', 'service']).doUpdateSet({ form_id: formId, created_at: clockNow() }))
      .execute();
  } else await ctx.db.deleteFrom('service_forms').where('unit_id', '=', unitId).where('service', '=', service).execute();
  return { service, formId };
}

/** The forms a unit has put in front of its services. */
export async function unitServiceForms(ctx: AppContext, a: StaffActor, unitId: string) {
  requireMembership(a, unitId);
  const rows = await ctx.db.selectFrom('service_forms').select(['service', 'form_id']).where('unit_id', '=', unitId).orderBy('service').execute();
  return { items: rows.map((r) => ({ service: r.service, formId: r.form_id })) };
}

// ---------------------------------------------------------------- sending and following

/** The status of a sent form, now. */
export function statusOf(r: Pick<RequestRow, 'submitted_at' | 'due_at' | 'opened_at' | 'response_status'>, now = clockNow()): FormStatus {
  if (r.submitted_at) return 'submitted';
  if (r.due_at && r.due_at.getTime() < now.getTime()) return 'overdue';
  if (r.response_status === 'in-progress') return 'draft';
  if (r.opened_at) return 'opened';
  return 'sent';
}

function requestSummary(r: RequestRow): FormRequestSummary {
  return {
    id: r.id,
    formId: r.form_id,
    title: r.title,
    unit: { id: r.unit_id, name: r.unit_name },
    status: statusOf(r),
    dueAt: iso(r.due_at),
    sentAt: r.created_at.toISOString(),
    openedAt: iso(r.opened_at),
    submittedAt: iso(r.submitted_at),
    remindedAt: iso(r.reminded_at),
    retired: !!r.retired_at,
  };
}

/** A unit sends a form to one of its patients (through the health contact). */
export async function sendForm(ctx: AppContext, a: StaffActor, unitId: string, input: z.output<typeof SendFormSchema>): Promise<FormRequestDetail> {
  const m = requireMembership(a, unitId);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('health_contacts').selectAll().where('id', '=', input.contactId).where('unit_id', '=', unitId).executeTakeFirst();
    if (!c) throw notFound('The health contact');
    if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) !== 'active')
      throw new AppError('CONTACT_INACTIVE', 'The health contact with this patient has ended, so no form can be sent through it.');
    const f = await findForm(tx, input.formId);
    if (!f || f.unit_id !== unitId) throw notFound('The form');
    if (f.retired_at) throw new AppError('FORM_RETIRED', 'The form is retired and can no longer be sent. Choose another form.');
    if (input.dueDate && input.dueDate < todayInOslo()) throw new AppError('VALIDATION_FAILED', 'The deadline is in the past. Choose today or a later date.');
    if (input.appointmentId) {
      const ap = await tx
        .selectFrom('appointments')
        .select(['id', 'status', 'starts_at'])
        .where('id', '=', input.appointmentId)
        .where('citizen_id', '=', c.citizen_id)
        .where('unit_id', '=', unitId)
        .executeTakeFirst();
      if (!ap) throw notFound('The appointment');
      // A form "before the appointment" is for one still to come: not a cancelled, held or past one.
      if (ap.status !== 'booked' || ap.starts_at.getTime() <= clockNow().getTime())
        throw new AppError('FORM_APPOINTMENT_NOT_UPCOMING', 'The appointment is cancelled or already past. Tie the form to a coming appointment, or to none.');
    }
    const v = (await latestVersion(tx, f.id))!;
    const row = await insertRequest(tx, {
      citizen_id: c.citizen_id,
      unit_id: unitId,
      contact_id: c.id,
      form_id: f.id,
      version_id: v.id,
      sent_by: a.staffId,
      message: input.message || null,
      appointment_id: input.appointmentId,
      due_at: input.dueDate ? endOfDayInOslo(input.dueDate) : null,
    });
    await auditStaff(tx, a, m, { citizen_id: c.citizen_id }, 'form.send', 'form', row.id);
    await ctx.events.publish(tx, { type: 'form.sent', citizenId: c.citizen_id, unitId, formRequestId: row.id, by: 'unit' });
    return row.id;
  });
  return staffRequestDetail(ctx.db, (await findRequest(ctx.db, id))!);
}


/** A unit's sent forms with status, newest first (keyset-paged). Lists names: access-logged per patient. */
export async function unitRequests(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  q: { limit: number; cursor?: string | undefined; formId?: string | undefined },
): Promise<StaffFormRequestList> {
  const m = requireMembership(a, unitId);
  const rows = await listUnitRequests(ctx.db, unitId, q.limit + 1, decodeCursor(q.cursor) ?? null, q.formId);
  const page = rows.slice(0, q.limit);
  if (page.length)
    await ctx.db.transaction().execute((tx) =>
      auditStaff(
        tx,
        a,
        m,
        page.map((r) => r.citizen_id),
        'form.list',
        'form',
        null,
      ),
    );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...requestSummary(r), citizen: { id: r.citizen_id, name: `${r.given_name} ${r.family_name}`, birthDate: r.birth_date } })),
    next: rows.length > q.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  };
}

function responseView(
  r: Pick<FormResponsesTable, 'status'> & {
    id: string;
    items: QuestionnaireResponseItem[];
    scores: Score[];
    recommendation: Recommendation | null;
    submitted_at: Date | null;
    updated_at: Date;
  },
  qn: Questionnaire,
  submittedBy: string | null,
  opts: { staff: boolean },
): FormResponse {
  return {
    id: r.id,
    status: r.status,
    item: r.items,
    lines: responseLines(qn, r.items),
    scores: r.scores,
    // A triage recommendation is for staff (as on the thread: threadForm).
    recommendation: opts.staff ? withRuleId(r.recommendation) : null,
    submittedAt: iso(r.submitted_at),
    submittedBy,
    updatedAt: r.updated_at.toISOString(),
  };
}

async function submitterName(db: DbOrTx, r: { citizen_id: string; submitted_by_person_id: string | null }) {
  if (!r.submitted_by_person_id || r.submitted_by_person_id === r.citizen_id) return null;
  const p = await db.selectFrom('persons').select(['given_name', 'family_name']).where('id', '=', r.submitted_by_person_id).executeTakeFirst();
  return p ? `${p.given_name} ${p.family_name}` : null;
}

/**
 * A sent form with its version and response. `viewer`: the citizen side's actor — the appointment
 * the form is tied to is shown only where the access policy lets the viewer see that appointment
 * (one hidden from parents is not named to a parent through the form).
 */
async function requestDetail(db: DbOrTx, r: RequestRow, opts: { staff: true } | { staff: false; viewer: CitizenActor }): Promise<FormRequestDetail> {
  const v = (await findVersion(db, r.version_id))!;
  const resp = await responseOfRequest(db, r.id);
  const sender = r.sent_by
    ? await db.selectFrom('staff').select(['given_name', 'family_name', 'title']).where('id', '=', r.sent_by).executeTakeFirst()
    : undefined;
  const apVisible = !r.appointment_id || opts.staff || (await decideOn(db, opts.viewer, 'appointment', 'see', r.appointment_id)).allowed;
  const ap =
    r.appointment_id && apVisible
      ? await db.selectFrom('appointments').select(['id', 'title', 'starts_at']).where('id', '=', r.appointment_id).executeTakeFirst()
      : undefined;
  const qn = v.questionnaire;
  // Staff see answers only once submitted; a draft is the patient's own until then.
  const showResponse = resp && (!opts.staff || resp.status === 'completed');
  return {
    ...requestSummary(r),
    message: r.message,
    sentBy: sender ? `${sender.given_name} ${sender.family_name}` : null,
    appointment: ap ? { id: ap.id, title: ap.title, startsAt: ap.starts_at.toISOString() } : null,
    version: { id: v.id, seq: v.seq, version: v.version },
    questionnaire: v.questionnaire,
    response: showResponse ? responseView(resp, qn, await submitterName(db, resp), opts) : null,
  };
}

async function staffRequestDetail(db: DbOrTx, r: RequestRow): Promise<FormRequestDetail> {
  const p = await db.selectFrom('persons').select(['given_name', 'family_name', 'birth_date']).where('id', '=', r.citizen_id).executeTakeFirstOrThrow();
  return { ...(await requestDetail(db, r, { staff: true })), citizen: { id: r.citizen_id, name: `${p.given_name} ${p.family_name}`, birthDate: p.birth_date } };
}

async function unitRequest(ctx: AppContext, a: StaffActor, requestId: string) {
  const r = await findRequest(ctx.db, requestId);
  if (!r || !a.memberships.has(r.unit_id)) throw notFound('The form');
  return { r, m: requireMembership(a, r.unit_id) };
}

/** Staff open a sent form and its response: written to the access log. */
export async function openStaffRequest(ctx: AppContext, a: StaffActor, requestId: string): Promise<FormRequestDetail> {
  const { r, m } = await unitRequest(ctx, a, requestId);
  await ctx.db.transaction().execute((tx) => auditStaff(tx, a, m, r, 'form.read', 'form', r.id));
  return staffRequestDetail(ctx.db, r);
}

/** Reminds the patient of a form not yet submitted: a neutral notice through the notify module. */
export async function remindRequest(ctx: AppContext, a: StaffActor, requestId: string): Promise<FormRequestDetail> {
  const { r, m } = await unitRequest(ctx, a, requestId);
  if (r.submitted_at) throw new AppError('FORM_ALREADY_SUBMITTED', 'The patient has already submitted this form; there is nothing to remind about.');
  if (r.retired_at) throw new AppError('FORM_RETIRED', 'The form is retired and can no longer be filled in, so there is nothing to remind about.');
  // Past the deadline the patient can no longer submit it: a reminder would ask for what cannot be done.
  if (r.due_at && r.due_at.getTime() < clockNow().getTime())
    throw new AppError('FORM_OVERDUE', 'The deadline of this form has passed, so the patient can no longer submit it. Send the form again with a new deadline.', {
      dueAt: r.due_at.toISOString(),
    });
  await ctx.db.transaction().execute(async (tx) => {
    const now = clockNow();
    await tx.updateTable('form_requests').set({ reminded_at: now }).where('id', '=', r.id).execute();
    await auditStaff(tx, a, m, r, 'form.remind', 'form', r.id);
    await ctx.events.publish(tx, {
      type: 'form.reminded',
      citizenId: r.citizen_id,
      unitId: r.unit_id,
      formRequestId: r.id,
      by: 'unit',
      eventId: `${r.id}:${now.getTime()}`,
    });
  });
  return staffRequestDetail(ctx.db, (await findRequest(ctx.db, r.id))!);
}

// ---------------------------------------------------------------- the citizen

/** The forms of the subject the actor may see: open ones (deadline first, overdue first) and done ones. */
export async function citizenForms(ctx: AppContext, a: CitizenActor, limit: number): Promise<CitizenFormList> {
  const base = ctx.db
    .selectFrom('form_requests as r')
    .innerJoin('forms as f', 'f.id', 'r.form_id')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('form_responses as resp', 'resp.request_id', 'r.id')
    .select([
      'r.id',
      'r.citizen_id',
      'r.unit_id',
      'r.contact_id',
      'r.form_id',
      'r.version_id',
      'r.sent_by',
      'r.message',
      'r.appointment_id',
      'r.due_at',
      'r.opened_at',
      'r.reminded_at',
      'r.submitted_at',
      'r.created_at',
      'f.title',
      'u.name as unit_name',
      'resp.id as response_id',
      'resp.status as response_status',
    ])
    .select(requestRetiredAt.as('retired_at'))
    .where(visibleTo(a, 'form', { id: 'r.id', citizenId: 'r.citizen_id' }));
  const open = await base
    .where('r.submitted_at', 'is', null)
    .where('f.retired_at', 'is', null)
    .where('v.retired_at', 'is', null)
    .orderBy('r.due_at', (ob) => ob.asc().nullsLast())
    .orderBy('r.id')
    .limit(limit)
    .execute();
  const done = await base.where('r.submitted_at', 'is not', null).orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return { open: open.map(requestSummary), done: done.map(requestSummary) };
}

/** A request of the subject the actor may see (policy 'form'), or 404. */
async function citizenRequest(db: DbOrTx, a: CitizenActor, requestId: string): Promise<RequestRow> {
  const r = await findRequest(db, requestId);
  if (!r) throw notFound('The form');
  await check(db, a, 'form', 'see', { id: r.id, citizenId: r.citizen_id }, 'The form');
  return r;
}

/**
 * The citizen opens a form: the first opening marks it opened; every opening by a representative
 * is access-logged (as a tool's: openAssignment), not only the first.
 */
export async function openCitizenRequest(ctx: AppContext, a: CitizenActor, requestId: string): Promise<FormRequestDetail> {
  const r = await citizenRequest(ctx.db, a, requestId);
  await ctx.db.transaction().execute(async (tx) => {
    if (!r.opened_at) await tx.updateTable('form_requests').set({ opened_at: clockNow() }).where('id', '=', r.id).where('opened_at', 'is', null).execute();
    await auditRepresentative(tx, a, 'form.open', 'form', r.id, { id: r.unit_id, name: r.unit_name });
  });
  return requestDetail(ctx.db, (await findRequest(ctx.db, r.id))!, { staff: false, viewer: a });
}

/** Why a request can no longer be answered, if it cannot. */
function refuseAnswer(r: RequestRow, submitted: Date | null, now: Date): void {
  if (submitted) throw new AppError('FORM_ALREADY_SUBMITTED', 'This form has already been submitted. A form can be submitted only once.');
  if (r.retired_at)
    throw new AppError('FORM_RETIRED', 'The unit has retired this form, so it can no longer be filled in. Contact the unit if you still need to answer.');
  if (r.due_at && r.due_at.getTime() < now.getTime())
    throw new AppError(
      'FORM_DEADLINE_PASSED',
      'The deadline for this form has passed, so it can no longer be submitted. Contact the unit if you still need to answer.',
      {
        dueAt: r.due_at.toISOString(),
      },
    );
}

function invalid(problems: string[]): AppError {
  return new AppError(
    'FORM_RESPONSE_INVALID',
    `The answers do not fit the form: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    {
      problems,
    },
  );
}

/** Saves the answers so far (a draft the citizen can come back to). */
export async function saveDraft(ctx: AppContext, a: CitizenActor, requestId: string, item: unknown[]): Promise<FormRequestDetail> {
  await citizenRequest(ctx.db, a, requestId);
  await ctx.db.transaction().execute(async (tx) => {
    const locked = await lockRequest(tx, requestId);
    const r = (await findRequest(tx, requestId))!;
    refuseAnswer(r, locked?.submitted_at ?? null, clockNow());
    const v = (await findVersion(tx, r.version_id))!;
    const checked = checkResponse(v.questionnaire, item, { final: false });
    if (checked.problems.length) throw invalid(checked.problems);
    const items = await bindAttachments(tx, r.id, checked.items);
    await upsertResponse(tx, r, a, { status: 'in-progress', items, scores: checked.scores, recommendation: null });
    await auditRepresentative(tx, a, 'form.draft', 'form', r.id, { id: r.unit_id, name: r.unit_name });
  });
  return requestDetail(ctx.db, (await findRequest(ctx.db, requestId))!, { staff: false, viewer: a });
}

async function upsertResponse(
  tx: Tx,
  r: RequestRow,
  a: CitizenActor,
  v: { status: 'in-progress' | 'completed'; items: unknown[]; scores: Score[]; recommendation: Recommendation | null },
): Promise<string> {
  const now = clockNow();
  const values = {
    status: v.status,
    items: JSON.stringify(v.items),
    scores: JSON.stringify(v.scores),
    recommendation: v.recommendation ? JSON.stringify(v.recommendation) : null,
    author_person_id: a.userId,
    updated_at: now,
    submitted_at: v.status === 'completed' ? now : null,
    submitted_by_person_id: v.status === 'completed' ? a.userId : null,
  };
  const existing = await responseOfRequest(tx, r.id);
  if (existing) {
    await tx.updateTable('form_responses').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await tx
    .insertInto('form_responses')
    .values({ ...values, request_id: r.id, version_id: r.version_id, citizen_id: r.citizen_id, unit_id: r.unit_id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Submits the answers once: checked against the exact version, stored, journaled, told to the unit. */
export async function submitRequest(ctx: AppContext, a: CitizenActor, requestId: string, item: unknown[]): Promise<FormRequestDetail> {
  await citizenRequest(ctx.db, a, requestId);
  await ctx.db.transaction().execute(async (tx) => {
    // The row lock makes a second submit wait for the first and then see it submitted (409).
    const locked = await lockRequest(tx, requestId);
    const r = (await findRequest(tx, requestId))!;
    refuseAnswer(r, locked?.submitted_at ?? null, clockNow());
    const v = (await findVersion(tx, r.version_id))!;
    const f = (await findForm(tx, r.form_id))!;
    const checked = checkResponse(v.questionnaire, item, { final: true });
    if (checked.problems.length) throw invalid(checked.problems);
    const items = await bindAttachments(tx, r.id, checked.items);
    const recommendation = f.purpose === 'triage' ? recommendChannel(items) : null;
    const responseId = await upsertResponse(tx, r, a, { status: 'completed', items, scores: checked.scores, recommendation });
    // The files the submitted answers name go with the response (journal, FHIR API); the others stay the patient's.
    const named = namedFileIds(items);
    if (named.length)
      await tx.updateTable('form_attachments').set({ response_id: responseId }).where('request_id', '=', r.id).where('id', 'in', named).execute();
    await tx.updateTable('form_requests').set({ submitted_at: clockNow() }).where('id', '=', r.id).execute();
    await auditRepresentative(tx, a, 'form.submit', 'form', r.id, { id: r.unit_id, name: r.unit_name });
    await ctx.events.publish(tx, {
      type: 'form.submitted',
      citizenId: r.citizen_id,
      unitId: r.unit_id,
      formRequestId: r.id,
      formResponseId: responseId,
      by: 'citizen',
    });
  });
  return requestDetail(ctx.db, (await findRequest(ctx.db, requestId))!, { staff: false, viewer: a });
}

// ---------------------------------------------------------------- files attached to answers

/** How an answer names an uploaded file (FHIR Attachment.url); nothing else is accepted. */
const ATTACHMENT_URN = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** How many files can be uploaded for one sent form, replaced ones included (the patient's own until submitted). */
export const MAX_FORM_FILES = 10;

interface AttachmentAnswer {
  url: string;
  contentType: string;
  title: string;
  size: number;
}

/**
 * Uploads the file for an attachment question. It went through the message path's checks on the
 * way in (readMessageRequest: type by content, size, malware scan); it is kept with the form sent
 * to the patient, and the answer names it by `urn:uuid:<id>` (bindAttachments checks that).
 */
export async function uploadFormAttachment(ctx: AppContext, a: CitizenActor, requestId: string, files: UploadedFile[]): Promise<AttachmentAnswer> {
  const r = await citizenRequest(ctx.db, a, requestId);
  refuseAnswer(r, r.submitted_at, clockNow());
  if (files.length !== 1) throw new AppError('VALIDATION_FAILED', 'Send exactly one file (field "files") for an attachment question.');
  const f = files[0]!;
  const v = (await findVersion(ctx.db, r.version_id))!;
  if (!allItems(v.questionnaire.item).some((i) => i.type === 'attachment'))
    throw new AppError('FORM_TAKES_NO_FILES', 'This form has no question that takes a file.');
  return ctx.db.transaction().execute(async (tx) => {
    // Under the request's lock (as a draft or submit): two uploads at once cannot both pass the cap.
    const locked = await lockRequest(tx, r.id);
    refuseAnswer(r, locked?.submitted_at ?? null, clockNow());
    const count = await tx
      .selectFrom('form_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', r.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_FORM_FILES)
      throw new AppError(
        'FORM_ATTACHMENT_LIMIT',
        `At most ${MAX_FORM_FILES} files can be uploaded for one form (files chosen and replaced count too). Contact the unit if you need to send more.`,
        { max: MAX_FORM_FILES },
      );
    const row = await tx
      .insertInto('form_attachments')
      .values({
        request_id: r.id,
        citizen_id: r.citizen_id,
        uploaded_by_person_id: a.userId,
        filename: f.filename,
        content_type: f.contentType,
        size_bytes: f.data.length,
        sha256: f.sha256,
        data: f.data,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRepresentative(tx, a, 'form.attach', 'form', r.id, { id: r.unit_id, name: r.unit_name });
    return { url: `urn:uuid:${row.id}`, contentType: f.contentType, title: f.filename, size: f.data.length };
  });
}

/**
 * Every valueAttachment in the answers must name a file uploaded for this form (never inline
 * data, never another form's file); its type, name and size are the stored file's, whatever the
 * page sent. Refused as FORM_RESPONSE_INVALID otherwise.
 */
async function bindAttachments<T>(tx: Tx, requestId: string, items: T[]): Promise<T[]> {
  const found: { value: Record<string, unknown>; id: string | undefined }[] = [];
  const walk = (list: unknown[]) => {
    for (const it of list as { answer?: { valueAttachment?: Record<string, unknown>; item?: unknown[] }[]; item?: unknown[] }[]) {
      for (const ans of it.answer ?? []) {
        if (ans.valueAttachment) found.push({ value: ans.valueAttachment, id: ATTACHMENT_URN.exec(String(ans.valueAttachment.url ?? ''))?.[1] });
        if (ans.item) walk(ans.item);
      }
      if (it.item) walk(it.item);
    }
  };
  walk(items as unknown[]);
  if (!found.length) return items;
  const ids = found.map((x) => x.id).filter((x): x is string => !!x);
  const rows = ids.length
    ? await tx.selectFrom('form_attachments').select(['id', 'filename', 'content_type', 'size_bytes']).where('request_id', '=', requestId).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(rows.map((x) => [x.id, x]));
  const problems = found
    .filter((x) => !x.id || !byId.has(x.id))
    .map(() => 'An attached file was not uploaded for this form: upload it again with the form’s upload button.');
  if (problems.length) throw invalid([...new Set(problems)]);
  for (const x of found) {
    const row = byId.get(x.id!)!;
    for (const k of Object.keys(x.value)) delete x.value[k];
    Object.assign(x.value, { url: `urn:uuid:${row.id}`, contentType: row.content_type, title: row.filename, size: row.size_bytes });
  }
  return items;
}

/** Every valueAttachment of the answers (nested ones too), in order. */
function attachmentAnswers(items: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (list: unknown[]) => {
    for (const it of list as { answer?: { valueAttachment?: Record<string, unknown>; item?: unknown[] }[]; item?: unknown[] }[]) {
      for (const ans of it.answer ?? []) {
        if (ans.valueAttachment) out.push(ans.valueAttachment);
        if (ans.item) walk(ans.item);
      }
      if (it.item) walk(it.item);
    }
  };
  walk(items);
  return out;
}

/** The ids of the stored files the (bound) answers name. */
function namedFileIds(items: unknown[]): string[] {
  return [...new Set(attachmentAnswers(items).flatMap((v) => ATTACHMENT_URN.exec(String(v.url ?? ''))?.[1] ?? []))];
}

/**
 * The answers of a service's form name their files as parts of the same request: each
 * valueAttachment.url is `cid:<name>`, the field name of a file part that went through the
 * message path's checks (type by content, size, malware scan). Each file gets its stored id
 * now (`urn:uuid:<id>`, the stored type, name and size, as for a sent form's files); an answer
 * naming anything else, or a file no answer names, is FORM_RESPONSE_INVALID.
 */
function bindServiceFiles<T>(items: T[], parts: Map<string, UploadedFile>): { items: T[]; files: { id: string; file: UploadedFile }[] } {
  const found = attachmentAnswers(items as unknown[]);
  const ids = new Map<string, string>();
  const problems: string[] = [];
  for (const v of found) {
    const name = String(v.url ?? '');
    const file = parts.get(name);
    if (!file) {
      problems.push('An attached file of the answers was not sent with them: choose the file again.');
      continue;
    }
    const id = ids.get(name) ?? randomUUID();
    ids.set(name, id);
    for (const k of Object.keys(v)) delete v[k];
    Object.assign(v, { url: `urn:uuid:${id}`, contentType: file.contentType, title: file.filename, size: file.data.length });
  }
  for (const name of parts.keys()) if (!ids.has(name) && !problems.length) problems.push(`The file ${parts.get(name)!.filename} was sent, but no answer names it.`);
  if (problems.length) throw invalid([...new Set(problems)]);
  return { items, files: [...ids].map(([name, id]) => ({ id, file: parts.get(name)! })) };
}

/** A file attached to a form's answers, for the patient (and those acting for them) or the unit's staff. */
export async function formAttachment(
  ctx: AppContext,
  who: { citizen: CitizenActor } | { staff: StaffActor },
  requestId: string,
  attachmentId: string,
): Promise<{ filename: string; content_type: string; data: Buffer }> {
  if ('citizen' in who) {
    await citizenRequest(ctx.db, who.citizen, requestId);
    const file = await ctx.db
      .selectFrom('form_attachments')
      .select(['filename', 'content_type', 'data'])
      .where('id', '=', attachmentId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!file) throw notFound('The attachment');
    return file;
  }
  // Staff get only the files the submitted response names (tied to it on submit): a file the
  // patient chose for a draft, or replaced, stays theirs — staff never see a draft's answers either.
  const { r, m } = await unitRequest(ctx, who.staff, requestId);
  const file = await ctx.db
    .selectFrom('form_attachments as fa')
    .innerJoin('form_responses as resp', 'resp.id', 'fa.response_id')
    .select(['fa.filename', 'fa.content_type', 'fa.data'])
    .where('fa.id', '=', attachmentId)
    .where('fa.request_id', '=', requestId)
    .where('resp.request_id', '=', requestId)
    .where('resp.status', '=', 'completed')
    .executeTakeFirst();
  if (!file) throw notFound('The attachment');
  await ctx.db.transaction().execute((tx) => auditStaff(tx, who.staff, m, r, 'form.read', 'form', r.id));
  return file;
}

// ---------------------------------------------------------------- forms in front of a service

async function contactOf(db: DbOrTx, a: CitizenActor, contactId: string) {
  const c = await db.selectFrom('health_contacts').select(['id', 'unit_id', 'citizen_id']).where('id', '=', contactId).executeTakeFirst();
  if (!c || c.citizen_id !== a.subjectId) throw notFound('The health contact');
  return c;
}

/** The form a unit asks the citizen to fill before writing through a service (or none). */
export async function serviceForm(ctx: AppContext, a: CitizenActor, contactId: string, service: string): Promise<ServiceForm> {
  const c = await contactOf(ctx.db, a, contactId);
  const f = await serviceFormRow(ctx.db, c.unit_id, service);
  if (!f) return { form: null };
  const v = (await latestVersion(ctx.db, f.id))!;
  return { form: { id: f.id, versionId: v.id, title: f.title, purpose: f.purpose, questionnaire: v.questionnaire } };
}

/**
 * Sends a message through a service that has a form in front of it: the answers are checked,
 * the thread is started (with the message's attachments, already scanned) and the response is
 * stored with it — one transaction, nothing half-saved, once per idempotency key. The thread's
 * first message is the citizen's text; the structured answers show on top.
 */
export async function startThreadWithForm(
  ctx: AppContext,
  a: CitizenActor,
  contactId: string,
  kind: 'ekontakt' | 'ekonsultasjon' | 'standarddialog',
  input: ServiceMessage,
  files: UploadedFile[],
  key: string | undefined,
  answerFiles: Map<string, UploadedFile> = new Map(),
): Promise<Stored<ThreadDetail>> {
  const c = await contactOf(ctx.db, a, contactId);
  const hash = requestHash({
    op: 'start-with-form',
    contactId,
    kind,
    input,
    files: files.map((f) => f.sha256),
    answerFiles: [...answerFiles].map(([name, f]) => [name, f.sha256]),
  });
  return once(ctx.db, scope(a), key, hash, async (tx) => {
    const f = await serviceFormRow(tx, c.unit_id, kind);
    if (!f) throw new AppError('FORM_CHANGED', 'This service no longer asks for a form. Send the message without it.');
    // Only the version the service asks now (the form's latest): answers to an older one, opened
    // before a new version was imported, are FORM_CHANGED as the route says.
    const v = await findVersion(tx, input.versionId);
    const latest = await latestVersion(tx, f.id);
    if (!v || v.form_id !== f.id || v.id !== latest?.id)
      throw new AppError('FORM_CHANGED', 'The form has changed since you opened it. Open the service again to fill in the current version.');
    const checked = checkResponse(v.questionnaire, input.item, { final: true });
    if (checked.problems.length) throw invalid(checked.problems);
    const bound = bindServiceFiles(checked.items, answerFiles);
    const message = { kind, topic: input.topic, text: input.text, ...(input.topicId ? { topicId: input.topicId } : {}) };
    const thread = await startCitizenThreadInTx(ctx, tx, a, contactId, message, files);
    const recommendation = f.purpose === 'triage' ? recommendChannel(bound.items) : null;
    const at = clockNow();
    const resp = await tx
      .insertInto('form_responses')
      .values({
        request_id: null,
        version_id: v.id,
        citizen_id: a.subjectId,
        unit_id: c.unit_id,
        thread_id: thread.id,
        status: 'completed',
        items: JSON.stringify(bound.items),
        scores: JSON.stringify(checked.scores),
        recommendation: recommendation ? JSON.stringify(recommendation) : null,
        author_person_id: a.userId,
        submitted_by_person_id: a.userId,
        updated_at: at,
        submitted_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const { id, file } of bound.files)
      await tx
        .insertInto('form_attachments')
        .values({
          id,
          request_id: null,
          response_id: resp.id,
          citizen_id: a.subjectId,
          uploaded_by_person_id: a.userId,
          filename: file.filename,
          content_type: file.contentType,
          size_bytes: file.data.length,
          sha256: file.sha256,
          data: file.data,
        })
        .execute();
    await ctx.events.publish(tx, {
      type: 'form.submitted',
      citizenId: a.subjectId,
      unitId: c.unit_id,
      threadId: thread.id,
      formResponseId: resp.id,
      by: 'citizen',
    });
    return { status: 201, body: thread };
  });
}

/** A file of the structured answers a thread began with (the caller has checked the thread). */
export async function threadFormFile(db: DbOrTx, threadId: string, attachmentId: string): Promise<{ responseId: string; file: { filename: string; content_type: string; data: Buffer } }> {
  const row = await db
    .selectFrom('form_attachments as fa')
    .innerJoin('form_responses as r', 'r.id', 'fa.response_id')
    .select(['r.id as response_id', 'fa.filename', 'fa.content_type', 'fa.data'])
    .where('fa.id', '=', attachmentId)
    .where('r.thread_id', '=', threadId)
    .where('r.status', '=', 'completed')
    .executeTakeFirst();
  if (!row) throw notFound('The attachment');
  return { responseId: row.response_id, file: { filename: row.filename, content_type: row.content_type, data: Buffer.from(row.data) } };
}

/** The structured answers a thread began with (null when it began without a form); a triage recommendation is for staff. */
export async function threadForm(db: DbOrTx, threadId: string, opts: { staff: boolean }): Promise<ThreadForm> {
  const r = await db
    .selectFrom('form_responses as r')
    .innerJoin('form_versions as v', 'v.id', 'r.version_id')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select(['r.id', 'r.items', 'r.scores', 'r.recommendation', 'r.submitted_at', 'v.questionnaire', 'v.version', 'f.title'])
    .where('r.thread_id', '=', threadId)
    .where('r.status', '=', 'completed')
    .executeTakeFirst();
  if (!r) return { response: null };
  return {
    response: {
      id: r.id,
      title: r.title,
      version: r.version,
      lines: responseLines(r.questionnaire, r.items),
      scores: r.scores,
      recommendation: opts.staff ? withRuleId(r.recommendation) : null,
      submittedAt: r.submitted_at!.toISOString(),
    },
  };
}
