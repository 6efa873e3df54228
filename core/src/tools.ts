/**
 * Digital tools (verktøy) and the patient's tasks (oppgaver). A catalogue administrator keeps
 * the catalogue of quality-assured tools; a clinician sends one to a patient with a short note
 * and maybe a deadline; the citizen finds it among their tasks — with forms to fill and
 * appointments to confirm — overdue first, then by deadline; done ones move to the history.
 */
import { z } from 'zod';

export const TOOL_KINDS = ['web', 'app'] as const;
export const MAX_TOOL_NOTE = 500;

const age = z.number().int().min(0, 'must be 0 or more').max(120, 'must be 120 or less').nullable();

export const NewToolSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120, 'may be at most 120 characters'),
    purpose: z.string().trim().min(1, 'is required').max(1000, 'may be at most 1000 characters'),
    publisher: z.string().trim().min(1, 'is required').max(200, 'may be at most 200 characters'),
    kind: z.enum(TOOL_KINDS),
    url: z
      .string()
      .trim()
      .max(500)
      .regex(/^https:\/\/[^\s/]+\.[^\s]+$/, 'must be an https:// address'),
    minAge: age.default(null),
    maxAge: age.default(null),
    qualityAssured: z.boolean().default(false),
  })
  .refine((t) => t.minAge === null || t.maxAge === null || t.minAge <= t.maxAge, { message: 'must not be below the lowest age', path: ['maxAge'] });
export type NewTool = z.input<typeof NewToolSchema>;

export const ToolSchema = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  publisher: z.string(),
  kind: z.enum(TOOL_KINDS),
  url: z.string(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  qualityAssured: z.boolean(),
  retired: z.boolean(),
});
export type Tool = z.infer<typeof ToolSchema>;
export const ToolListSchema = z.object({ items: z.array(ToolSchema) });
export type ToolList = z.infer<typeof ToolListSchema>;

export const SendToolSchema = z.object({
  toolId: z.uuid({ message: 'must be a tool id' }),
  contactId: z.uuid({ message: 'must be a health contact id' }),
  note: z.string().trim().max(MAX_TOOL_NOTE, `may be at most ${MAX_TOOL_NOTE} characters`).optional(),
  /** The last day to use it (Europe/Oslo), if any. */
  dueDate: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }).optional(),
});
export type SendTool = z.input<typeof SendToolSchema>;

export const ToolAssignmentSchema = z.object({
  id: z.string(),
  tool: ToolSchema,
  unit: z.object({ id: z.string(), name: z.string() }),
  note: z.string().nullable(),
  sentBy: z.string(),
  sentAt: z.string(),
  dueAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type ToolAssignment = z.infer<typeof ToolAssignmentSchema>;
export const ToolAssignmentListSchema = z.object({ items: z.array(ToolAssignmentSchema) });
export type ToolAssignmentList = z.infer<typeof ToolAssignmentListSchema>;

export const TASK_KINDS = ['form', 'tool', 'appointment-confirmation', 'check-in'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** One thing the patient is asked to do, wherever it comes from. */
export const TaskItemSchema = z.object({
  kind: z.enum(TASK_KINDS),
  id: z.string(),
  title: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** Where in the portal it is done. */
  href: z.string(),
});
export type TaskItem = z.infer<typeof TaskItemSchema>;
export const TaskListSchema = z.object({ open: z.array(TaskItemSchema), done: z.array(TaskItemSchema), overdue: z.number() });
export type TaskList = z.infer<typeof TaskListSchema>;

/** Overdue first, then by deadline (none last), then oldest first: the order of the task list. */
export function compareTasks(a: TaskItem, b: TaskItem, now: Date): number {
  const over = (t: TaskItem) => (t.dueAt !== null && Date.parse(t.dueAt) < now.getTime() ? 0 : 1);
  if (over(a) !== over(b)) return over(a) - over(b);
  const due = (t: TaskItem) => (t.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(t.dueAt));
  if (due(a) !== due(b)) return due(a) - due(b);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
