/**
 * Patient letters: a unit sends a citizen a letter (a filled-in plain-language template or a
 * PDF); the citizen is notified (letter.sent), reminded if an important letter stays unread,
 * and reads it in the portal; the unit sees when it was read. Representation rules apply
 * (area 'documents'; letters hidden from parents). Every staff read is access-logged.
 */
import {
  renderLetter,
  type LetterDetail,
  type LetterList,
  type LetterSummary,
  type NewPdfLetterSchema,
  type NewTemplateLetterSchema,
  type StaffLetter,
  type StaffLetterList,
} from '@helsedialog/core';
import type { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { requireMembership, type CitizenActor, type StaffActor } from '../../access/actors.ts';
import { check, visibleTo } from '../../access/policy.ts';
import type { UploadedFile } from '../attachments/upload.ts';
import { once, requestHash, type Stored } from '../../platform/idempotency.ts';
import { auditRepresentative, auditStaff } from '../audit/access-log.writer.ts';
import { hiddenFromParents } from '../representation/representation.service.ts';
import {
  findLetter,
  insertLetter,
  letterPatient,
  letterPdf,
  listCitizenLetters,
  listUnitLetters,
  markLetterRead,
  type LetterRow,
} from './letters.repository.ts';
import { hideFromParents } from '../representation/representation.repository.ts';
import { contactOfUnit } from '../contacts/contacts.repository.ts';
import { now } from '../../platform/clock.ts';

type TemplateInput = z.output<typeof NewTemplateLetterSchema>;
type PdfInput = z.output<typeof NewPdfLetterSchema>;
export type SendLetterInput = ({ kind: 'template' } & TemplateInput) | ({ kind: 'pdf' } & PdfInput);

function summary(l: Pick<LetterRow, 'id' | 'title' | 'kind' | 'template' | 'unit_id' | 'unit_name' | 'sent_at' | 'read_at' | 'important'>): LetterSummary {
  return {
    id: l.id,
    title: l.title,
    kind: l.kind,
    template: l.template,
    unit: { id: l.unit_id, name: l.unit_name },
    sentAt: l.sent_at.toISOString(),
    readAt: l.read_at ? l.read_at.toISOString() : null,
    important: l.important,
  };
}

function detail(l: LetterRow): LetterDetail {
  return {
    ...summary(l),
    body: l.body,
    pdf: l.kind === 'pdf' && l.pdf_filename ? { filename: l.pdf_filename, sizeBytes: l.pdf_size ?? 0 } : null,
    sentBy: l.s_given ? `${l.s_given} ${l.s_family}` : null,
  };
}

async function staffDetail(db: DbOrTx, l: LetterRow): Promise<StaffLetter> {
  const p = await letterPatient(db, l.citizen_id);
  return {
    ...detail(l),
    citizen: { id: l.citizen_id, name: `${p.given_name} ${p.family_name}`, birthDate: p.birth_date },
    readByRepresentative: !!l.read_by_person_id && l.read_by_person_id !== l.citizen_id,
    hiddenFromParents: await hiddenFromParents(db, 'letter', l.id),
  };
}

/** A unit sends a letter to one of its patients (through the health contact). */
export async function sendLetter(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  input: SendLetterInput,
  pdf: UploadedFile | undefined,
  key: string | undefined,
): Promise<Stored<StaffLetter>> {
  const m = requireMembership(a, unitId);
  const hash = requestHash({ op: 'letter', unitId, input, pdf: pdf?.sha256 ?? null });
  const stored = await once(ctx.db, `staff:${a.staffId}`, key, hash, async (tx) => {
    const c = await contactOfUnit(tx, input.contactId, unitId);
    if (!c) throw notFound('The health contact');
    if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) !== 'active')
      throw new AppError('CONTACT_INACTIVE', 'The health contact with this patient has ended, so no letter can be sent through it.');
    const base = { citizen_id: c.citizen_id, unit_id: unitId, contact_id: c.id, sent_by: a.staffId, important: input.important, sent_at: now() };
    let row;
    if (input.kind === 'template') {
      const { title, body } = renderLetter({ template: input.template, fields: input.fields } as Parameters<typeof renderLetter>[0], m.unitName);
      row = await insertLetter(tx, { ...base, kind: 'template', template: input.template, fields: JSON.stringify(input.fields), title, body });
    } else {
      if (!pdf) throw new AppError('VALIDATION_FAILED', 'Attach the letter as one PDF file.');
      row = await insertLetter(tx, {
        ...base,
        kind: 'pdf',
        template: null,
        fields: '{}',
        title: input.title,
        body: null,
        pdf_filename: pdf.filename,
        pdf_data: pdf.data,
        pdf_size: pdf.data.length,
        pdf_sha256: pdf.sha256,
      });
    }
    if (input.hideFromParents) await hideFromParents(tx, { object_type: 'letter', object_id: row.id, citizen_id: c.citizen_id, hidden_by: a.staffId });
    await auditStaff(tx, a, m, { citizen_id: c.citizen_id, unit_id: unitId }, 'letter.send', 'letter', row.id);
    await ctx.events.publish(tx, { type: 'letter.sent', citizenId: c.citizen_id, unitId, letterId: row.id, by: 'unit', important: input.important });
    const l = await findLetter(tx, row.id);
    return { status: 201, body: await staffDetail(tx, l!) };
  });
  return stored;
}

/** The letters a unit sent, with read status. */
export async function unitLetters(ctx: AppContext, a: StaffActor, unitId: string, limit: number): Promise<StaffLetterList> {
  requireMembership(a, unitId);
  const rows = await listUnitLetters(ctx.db, unitId, limit);
  return { items: rows.map((l) => ({ ...summary(l), citizen: { id: l.citizen_id, name: `${l.given_name} ${l.family_name}`, birthDate: l.birth_date } })) };
}

/** A letter of one of the actor's units, or 404. */
async function unitLetter(ctx: AppContext, a: StaffActor, letterId: string) {
  const l = await findLetter(ctx.db, letterId);
  if (!l || !a.memberships.has(l.unit_id)) throw notFound('The letter');
  return { l, m: requireMembership(a, l.unit_id) };
}

/** Staff open a letter: written to the access log. */
export async function openStaffLetter(ctx: AppContext, a: StaffActor, letterId: string): Promise<StaffLetter> {
  const { l, m } = await unitLetter(ctx, a, letterId);
  await ctx.db.transaction().execute((tx) => auditStaff(tx, a, m, l, 'letter.read', 'letter', l.id));
  return staffDetail(ctx.db, l);
}

/** Staff download a letter's PDF: written to the access log. */
export async function staffLetterPdf(ctx: AppContext, a: StaffActor, letterId: string): Promise<{ filename: string; content_type: string; data: Buffer }> {
  const { l, m } = await unitLetter(ctx, a, letterId);
  const f = await letterPdf(ctx.db, l.id);
  if (!f?.pdf_data || !f.pdf_filename) throw notFound('The PDF of the letter');
  await ctx.db.transaction().execute((tx) => auditStaff(tx, a, m, l, 'letter.pdf.read', 'letter', l.id));
  return { filename: f.pdf_filename, content_type: 'application/pdf', data: f.pdf_data };
}

/** The citizen's letters (or those of the person acted for), newest first, as the access policy lets them see. */
export async function citizenLetters(ctx: AppContext, a: CitizenActor, limit: number): Promise<LetterList> {
  const rows = await listCitizenLetters(ctx.db, a.subjectId, limit, visibleTo(a, 'letter', { id: 'l.id', citizenId: 'l.citizen_id' }));
  return { items: rows.map(summary), unread: rows.filter((l) => !l.read_at).length };
}

async function citizenLetter(ctx: AppContext, a: CitizenActor, letterId: string): Promise<LetterRow> {
  const l = await findLetter(ctx.db, letterId);
  if (!l) throw notFound('The letter');
  await check(ctx.db, a, 'letter', 'see', { id: l.id, citizenId: l.citizen_id }, 'The letter');
  return l;
}

/** Reading marks the letter read (the unit sees when); a representative's read is access-logged. */
async function markRead(ctx: AppContext, a: CitizenActor, l: LetterRow, action: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const first = await markLetterRead(tx, l.id, a.userId);
    await auditRepresentative(tx, a, action, 'letter', l.id, l.unit_id);
    if (first) await ctx.events.publish(tx, { type: 'letter.read', citizenId: l.citizen_id, unitId: l.unit_id, letterId: l.id, by: 'citizen' });
  });
}

/** The citizen opens a letter. */
export async function openCitizenLetter(ctx: AppContext, a: CitizenActor, letterId: string): Promise<LetterDetail> {
  const l = await citizenLetter(ctx, a, letterId);
  await markRead(ctx, a, l, 'letter.read');
  return detail((await findLetter(ctx.db, l.id))!);
}

/** The citizen downloads the PDF of a letter (also marks it read). */
export async function citizenLetterPdf(ctx: AppContext, a: CitizenActor, letterId: string): Promise<{ filename: string; content_type: string; data: Buffer }> {
  const l = await citizenLetter(ctx, a, letterId);
  const f = await letterPdf(ctx.db, l.id);
  if (!f?.pdf_data || !f.pdf_filename) throw notFound('The PDF of the letter');
  await markRead(ctx, a, l, 'letter.pdf.read');
  return { filename: f.pdf_filename, content_type: 'application/pdf', data: f.pdf_data };
}
