/**
 * Digital tools (issue 20): the catalogue (kept by catalogue administrators, read by every
 * clinician), a clinician sending one to a patient through the health contact, and the citizen
 * opening it and marking it done. What the citizen sees of it is a task (toolTasks below, one
 * source of the to-do list in modules/tasks). Who may see or do what: access/policy.ts ('tool'),
 * actors.ts (requireToolSender, requireCatalogueAdmin). Every staff send and every
 * representative's open or done is in the citizen's access log.
 */
import './tools.tables.ts';
import { ageOn, type NewToolSchema, type SendToolSchema, type TaskItem, type Tool, type ToolAssignment } from '@helsedialog/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { now } from '../../platform/clock.ts';
import { endOfDayInOslo, todayInOslo } from '../../platform/time.ts';
import { once, requestHash, type Stored } from '../../platform/idempotency.ts';
import { requireCatalogueAdmin, requireMembership, requireToolSender, type CitizenActor, type StaffActor } from '../../access/actors.ts';
import { check, decideKind } from '../../access/policy.ts';
import { auditRepresentative, auditStaff } from '../audit/access-log.writer.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import type { ToolsTable } from './tools.tables.ts';
import { contactOfUnit } from '../contacts/contacts.repository.ts';
import {
  assignmentsOfUnit,
  birthDateOf,
  catalogueRows,
  findAssignment,
  findTool,
  insertAssignment,
  insertTool,
  isCatalogueAdmin,
  markAssignmentOpened,
  retireToolRow,
  setAssignmentDoneRow,
  toolTaskRows,
  updateToolRow,
  type AssignmentRow,
} from './tools.repository.ts';

type NewToolInput = z.output<typeof NewToolSchema>;
type SendToolInput = z.output<typeof SendToolSchema>;

function toTool(r: Selectable<ToolsTable>): Tool {
  return {
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    publisher: r.publisher,
    kind: r.kind,
    url: r.url,
    minAge: r.min_age,
    maxAge: r.max_age,
    qualityAssured: r.quality_assured,
    retired: r.retired_at !== null,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The catalogue: active tools by name; retired ones too for its administrators. */
export async function listCatalogue(ctx: AppContext, a: StaffActor, opts: { includeRetired: boolean }): Promise<{ items: Tool[]; canEdit: boolean }> {
  const canEdit = await isCatalogueAdmin(ctx.db, a.staffId);
  return { items: (await catalogueRows(ctx.db, opts.includeRetired && canEdit)).map(toTool), canEdit };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

const columns = (t: NewToolInput) => ({
  name: t.name,
  purpose: t.purpose,
  publisher: t.publisher,
  kind: t.kind,
  url: t.url,
  min_age: t.minAge,
  max_age: t.maxAge,
  quality_assured: t.qualityAssured,
});

/** A catalogue administrator adds a tool. */
export async function createTool(ctx: AppContext, a: StaffActor, t: NewToolInput): Promise<Tool> {
  await requireCatalogueAdmin(ctx.db, a);
  try {
    return toTool(await insertTool(ctx.db, { ...columns(t), updated_at: now() }));
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('TOOL_NAME_TAKEN', `A tool named "${t.name}" is already in the catalogue.`);
    throw err;
  }
}

/** A catalogue administrator corrects a tool (sent copies show the tool as it is now). */
export async function updateTool(ctx: AppContext, a: StaffActor, toolId: string, t: NewToolInput): Promise<Tool> {
  await requireCatalogueAdmin(ctx.db, a);
  try {
    const r = await updateToolRow(ctx.db, toolId, { ...columns(t), updated_at: now() });
    if (!r) throw notFound('The tool');
    return toTool(r);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('TOOL_NAME_TAKEN', `A tool named "${t.name}" is already in the catalogue.`);
    throw err;
  }
}

/** A catalogue administrator retires a tool: it can no longer be sent; what was sent stays. */
export async function retireTool(ctx: AppContext, a: StaffActor, toolId: string): Promise<Tool> {
  await requireCatalogueAdmin(ctx.db, a);
  const r = await retireToolRow(ctx.db, toolId, now());
  if (r) return toTool(r);
  const exists = await findTool(ctx.db, toolId);
  if (!exists) throw notFound('The tool');
  return toTool(exists);
}

function toAssignment(r: AssignmentRow): ToolAssignment {
  return {
    id: r.id,
    tool: toTool({
      id: r.t_id,
      name: r.t_name,
      purpose: r.t_purpose,
      publisher: r.t_publisher,
      kind: r.t_kind,
      url: r.t_url,
      min_age: r.t_min_age,
      max_age: r.t_max_age,
      quality_assured: r.t_quality_assured,
      retired_at: r.t_retired_at,
      created_at: r.t_created_at,
      updated_at: r.t_updated_at,
    }),
    unit: { id: r.unit_id, name: r.unit_name },
    note: r.note,
    sentBy: `${r.s_given} ${r.s_family}`,
    sentAt: r.sent_at.toISOString(),
    dueAt: iso(r.due_at),
    openedAt: iso(r.opened_at),
    doneAt: iso(r.done_at),
  };
}

/** A clinician sends a tool to a patient of the unit (through the active health contact). */
export async function sendTool(ctx: AppContext, a: StaffActor, unitId: string, input: SendToolInput, key: string | undefined): Promise<Stored<ToolAssignment>> {
  const m = requireToolSender(a, unitId);
  const hash = requestHash({ op: 'tool.send', unitId, input });
  return once(ctx.db, `staff:${a.staffId}`, key, hash, async (tx) => {
    const c = await contactOfUnit(tx, input.contactId, unitId);
    if (!c) throw notFound('The health contact');
    if (contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at }) !== 'active')
      throw new AppError('CONTACT_INACTIVE', 'The health contact with this patient has ended, so no tool can be sent through it.');
    const tool = await findTool(tx, input.toolId);
    if (!tool) throw notFound('The tool');
    if (tool.retired_at) throw new AppError('TOOL_RETIRED', `${tool.name} has been retired from the catalogue and can no longer be sent.`);
    const birthDate = await birthDateOf(tx, c.citizen_id);
    const today = todayInOslo(now());
    const age = ageOn(birthDate, today);
    if ((tool.min_age !== null && age < tool.min_age) || (tool.max_age !== null && age > tool.max_age)) {
      const range = tool.max_age === null ? `${tool.min_age} and older` : tool.min_age === null ? `up to ${tool.max_age}` : `${tool.min_age}–${tool.max_age}`;
      throw new AppError('TOOL_AGE_LIMIT', `${tool.name} is made for ages ${range}; the patient is ${age}. Choose another tool.`);
    }
    if (input.dueDate && input.dueDate < today) throw new AppError('VALIDATION_FAILED', 'The deadline must be today or later.', { field: 'dueDate' });
    const id = await insertAssignment(tx, {
      tool_id: tool.id,
      citizen_id: c.citizen_id,
      unit_id: unitId,
      contact_id: c.id,
      sent_by: a.staffId,
      note: input.note ? input.note : null,
      due_at: input.dueDate ? endOfDayInOslo(input.dueDate) : null,
      sent_at: now(),
    });
    await auditStaff(tx, a, m, { citizen_id: c.citizen_id, unit_id: unitId }, 'tool.send', 'tool', id);
    await ctx.events.publish(tx, { type: 'tool.sent', citizenId: c.citizen_id, unitId, toolAssignmentId: id, by: 'unit' });
    return { status: 201, body: toAssignment((await findAssignment(tx, id))!) };
  });
}

/** What the unit sent, newest first; for one patient's contact when given. Keyset by (sent_at, id). */
export async function unitAssignments(
  ctx: AppContext,
  a: StaffActor,
  unitId: string,
  opts: { contactId?: string | undefined; limit: number },
): Promise<{ items: ToolAssignment[] }> {
  const m = requireMembership(a, unitId);
  const rows = await assignmentsOfUnit(ctx.db, unitId, opts.contactId, opts.limit);
  // A list naming patients is a read of each patient's data.
  if (opts.contactId && rows.length) {
    await ctx.db.transaction().execute((tx) => auditStaff(tx, a, m, { citizen_id: rows[0]!.citizen_id, unit_id: unitId }, 'tool.list', 'tool', null));
  }
  return { items: rows.map(toAssignment) };
}

/** The citizen (or someone acting for them, where the policy allows) opens a tool sent to them. */
export async function openAssignment(ctx: AppContext, a: CitizenActor, id: string): Promise<ToolAssignment> {
  const r = await findAssignment(ctx.db, id);
  if (!r) throw notFound('The tool');
  await check(ctx.db, a, 'tool', 'see', { id: r.id, citizenId: r.citizen_id, contactId: r.contact_id }, 'The tool');
  await ctx.db.transaction().execute(async (tx) => {
    await markAssignmentOpened(tx, id, now());
    await auditRepresentative(tx, a, 'tool.open', 'tool', id, r.unit_id);
  });
  return toAssignment((await findAssignment(ctx.db, id))!);
}

/** Marks a tool done (or not done again); it moves to the history. */
export async function setAssignmentDone(ctx: AppContext, a: CitizenActor, id: string, done: boolean): Promise<ToolAssignment> {
  const r = await findAssignment(ctx.db, id);
  if (!r) throw notFound('The tool');
  await check(ctx.db, a, 'tool', 'act', { id: r.id, citizenId: r.citizen_id, contactId: r.contact_id }, 'The tool');
  await ctx.db.transaction().execute(async (tx) => {
    await setAssignmentDoneRow(tx, id, done ? { at: now(), by: a.userId } : null);
    await auditRepresentative(tx, a, done ? 'tool.done' : 'tool.undone', 'tool', id, r.unit_id);
  });
  return toAssignment((await findAssignment(ctx.db, id))!);
}

/** How many finished tasks the history shows. */
const HISTORY = 50;

/** The tools among the citizen's tasks: every open one, and the latest finished ones. */
export async function toolTasks(db: DbOrTx, a: CitizenActor): Promise<TaskItem[]> {
  if (!decideKind(a, 'tool').allowed) return [];
  return (await toolTaskRows(db, a.subjectId, HISTORY)).map((r) => ({
    kind: 'tool' as const,
    id: r.id,
    title: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    dueAt: iso(r.due_at),
    doneAt: iso(r.done_at),
    href: `/citizen/oppgaver/verktoy/${r.id}`,
  }));
}
