/** Liveness and readiness (/api/health) and Prometheus metrics (/metrics). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { jobStats } from '../../platform/jobs.ts';
import { pingDatabase, RETRY_AFTER_SECONDS } from '../../platform/db-availability.ts';
import { journalCounts, oldestUndocumentedAt } from '../journal/journal.repository.ts';
import { access } from '../../access/route-access.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  database: z.object({ status: z.enum(['ok', 'down']), kind: z.enum(['pglite', 'postgres']), latencyMs: z.number() }),
  jobs: z.object({ ready: z.number(), running: z.number(), dead: z.number(), oldestReadySeconds: z.number() }).nullable(),
  journal: z
    .object({ waiting: z.number(), dead: z.number(), oldestUndocumentedSeconds: z.number(), alertAfterSeconds: z.number(), late: z.boolean() })
    .nullable(),
  uptimeSeconds: z.number(),
});

/**
 * The longest /api/health waits for the database: a frozen database (or a full pool) is reported
 * as down within it, so a load balancer's probe gets an answer in well under 2 s.
 */
export const HEALTH_BUDGET_MS = 1500;

/** Resolves with what `work` gives, or rejects once `ms` have passed (the work is left to end on its own). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The journal's state for operators: counts, the age of the oldest undocumented item, and whether that is too old. */
async function journalHealth(ctx: AppContext) {
  const j = await journalCounts(ctx.db);
  const oldest = await oldestUndocumentedAt(ctx.db);
  // eslint-disable-next-line no-restricted-syntax -- created_at is the database's now(), an age for operators on the machine's clock
  const oldestUndocumentedSeconds = oldest ? Math.max(0, Math.round((Date.now() - oldest.getTime()) / 1000)) : 0;
  const alertAfterSeconds = Math.round(ctx.config.journalAlertMs / 1000);
  return { waiting: j.waiting + j.sending, dead: j.dead, oldestUndocumentedSeconds, alertAfterSeconds, late: oldestUndocumentedSeconds > alertAfterSeconds };
}

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
        const [s, j] = await within(
          HEALTH_BUDGET_MS,
          (async () => {
            await pingDatabase(ctx.db);
            return Promise.all([jobStats(ctx.db), journalHealth(ctx)]);
          })(),
        );
        jobs = { ready: s.ready, running: s.running, dead: s.dead, oldestReadySeconds: s.oldestReadySeconds };
        journal = j;
      } catch {
        dbOk = false;
        reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      }
      const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
      // Degraded: a dead job or journal item, or an item that has waited too long for the record.
      const status = !dbOk ? 'down' : (jobs && jobs.dead > 0) || (journal && (journal.dead > 0 || journal.late)) ? 'degraded' : 'ok';
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
      const s = await within(HEALTH_BUDGET_MS, jobStats(ctx.db));
      for (const state of ['ready', 'running', 'dead'] as const) ctx.metrics.jobs.set({ state }, s[state]);
      const j = await within(HEALTH_BUDGET_MS, journalHealth(ctx));
      ctx.metrics.journalItems.set({ status: 'waiting' }, j.waiting);
      ctx.metrics.journalItems.set({ status: 'dead' }, j.dead);
      ctx.metrics.journalOldest.set(j.oldestUndocumentedSeconds);
    } catch {
      // The database being down is reported by /api/health; metrics still answer.
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
