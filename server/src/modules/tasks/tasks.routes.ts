/** The citizen's to-do list (Oppgaver). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TaskListSchema } from '@helsedialog/core';
import type { AppContext } from '../../app.ts';
import { ProblemSchema } from '../../platform/schemas.ts';
import { citizenActor } from '../../access/actors.ts';
import { access } from '../../access/route-access.ts';
import { listTasks } from './tasks.ts';

/** Registers the task routes. */
export async function taskRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/citizen/tasks',
    {
      config: access('citizen', 'task', 'see'),
      schema: {
        tags: ['citizen tasks'],
        summary: 'My tasks (or those of the person I act for): open ones overdue first then by deadline, and the history',
        response: { 200: TaskListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => listTasks(ctx.db, await citizenActor(ctx, request)),
  );
}
