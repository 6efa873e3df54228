/** Liveness and readiness (/api/health) and Prometheus metrics (/metrics). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { jobStats } from '../../platform/jobs.ts';
import { journalCounts } from '../journal/journal.repository.ts';
import { access } from '../../access/route-access.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  database: z.object({ status: z.enum(['ok', 'down']), kind: z.enum(['pglite', 'postgres']), latencyMs: z.number() }),
  jobs: z.object({ ready: z.number(), running: z.number(), dead: z.number(), oldestReadySeconds: z.number() }).nullable(),
  journal: z.object({ waiting: z.number(), dead: z.number() }).nullable(),
  uptimeSeconds: z.number(),
});

/** Registers /api/health and /metrics. */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: access('public', 'none', 'see'),
      schema: { tags: ['operations'], summary: 'Database and job state', response: { 200: HealthSchema, 503: HealthSchema } },
    },
    async (_request, reply) => {
      const t0 = performance.now();
      let dbOk = true;
      let jobs: z.infer<typeof HealthSchema>['jobs'] = null;
      let journal: z.infer<typeof HealthSchema>['journal'] = null;
      try {
        await sql`SELECT 1`.execute(ctx.db);
        const s = await jobStats(ctx.db);
        jobs = { ready: s.ready, running: s.running, dead: s.dead, oldestReadySeconds: s.oldestReadySeconds };
        const j = await journalCounts(ctx.db);
        journal = { waiting: j.waiting + j.sending, dead: j.dead };
      } catch {
        dbOk = false;
      }
      const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
      const status = !dbOk ? 'down' : (jobs && jobs.dead > 0) || (journal && journal.dead > 0) ? 'degraded' : 'ok';
      return reply.code(dbOk ? 200 : 503).send({
        status,
        database: { status: dbOk ? 'ok' : 'down', kind: ctx.database.kind, latencyMs },
        jobs,
        journal,
        uptimeSeconds: Math.round(process.uptime()),
      });
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    try {
      const s = await jobStats(ctx.db);
      for (const state of ['ready', 'running', 'dead'] as const) ctx.metrics.jobs.set({ state }, s[state]);
    } catch {
      // The database being down is reported by /api/health; metrics still answer.
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
