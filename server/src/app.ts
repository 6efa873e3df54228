/**
 * buildApp(config, database): every plugin and route, no listen, so tests can use it
 * directly. main.ts decides what to run (serve, migrate, seed, worker).
 */
import { indexPages } from './web-index.ts';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.ts';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './platform/config.ts';
import { openReadDatabase, type Database, type Db } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { genReqId, installHttpBasics } from './platform/http.ts';
import { installInputGuards } from './platform/input-guard.ts';
import { installRouteAuth } from './platform/route-auth.ts';
import { FailureLimiter } from './platform/failure-limit.ts';
import { scannerOf, type MalwareScanner } from './platform/malware-scan.ts';
import { loggerOptions } from './platform/logger.ts';
import { ActivityRecorder, checkCsrf, loadSession, type Session } from './platform/session.ts';
import { Metrics } from './platform/metrics.ts';
import { registerDevIdp } from './dev-idp/dev-idp.ts';
import type { EventBus } from './platform/events.ts';
import { createEventBus } from './domain-events.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { contactRoutes } from './modules/contacts/contacts.routes.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { staffContactRoutes } from './modules/contacts/staff-contacts.routes.ts';
import multipart from '@fastify/multipart';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '@helsedialog/core';
import { catalogueRoutes } from './modules/dialog/catalogue.routes.ts';
import { dialogRulesRoutes } from './modules/dialog/dialog-rules.routes.ts';
import { citizenDialogRoutes } from './modules/dialog/citizen-dialog.routes.ts';
import { staffDialogRoutes } from './modules/dialog/staff-dialog.routes.ts';
import { workspaceRoutes } from './modules/dialog/workspace.routes.ts';
import { eventRoutes } from './modules/dialog/events.routes.ts';
import { appointmentRoutes } from './modules/appointments/appointments.routes.ts';
import { representationRoutes } from './modules/representation/representation.routes.ts';
import { journalRoutes } from './modules/journal/journal.routes.ts';
import { fhirRoutes } from './fhir/fhir.routes.ts';
import { poaRoutes } from './modules/representation/poa.routes.ts';
import { staffRepresentationRoutes } from './modules/representation/staff-representation.routes.ts';
import { checkIntegrationKey, populationRoutes } from './modules/representation/population.routes.ts';
import { accessLogRoutes } from './modules/audit/access-log.routes.ts';
import { letterRoutes } from './modules/letters/letters.routes.ts';
import { recordRoutes } from './modules/records/records.routes.ts';
import { notifyRoutes } from './modules/notify/notify.routes.ts';
import { toolRoutes } from './modules/tools/tools.routes.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { formRoutes } from './modules/forms/forms.routes.ts';
import { access, requireRouteAccess } from './access/route-access.ts';
import { citizenActor } from './access/actors.ts';

/** What routes and services share. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /**
   * For read-only work that may lag (statistics' counts): READ_DATABASE_URL's standby when set,
   * else the primary. Who may see what is always decided on the primary.
   */
  readDb: Db;
  metrics: Metrics;
  /** Sessions' last activity, written in batches off the request path. */
  activity: ActivityRecorder;
  /** The session of a request; for state-changing methods also checks CSRF. */
  requireSession(request: FastifyRequest): Promise<Session>;
  requireCitizen(request: FastifyRequest): Promise<Session & { personId: string }>;
  requireStaff(request: FastifyRequest): Promise<Session & { staffId: string }>;
  /** Live domain events (LISTEN/NOTIFY) and in-transaction subscribers. */
  events: EventBus;
  /** Failed attempts at machine secrets (FHIR client secret, integration key), per client id and address. */
  secretFailures: FailureLimiter;
  /** Scans every uploaded file before it is stored (CLAMD_URL); undefined: scanning is off. */
  malwareScanner: MalwareScanner | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Cache-Control of the web app's hashed files (as the nginx edge sets it: deploy/nginx). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Builds the Fastify app with all routes. */
export async function buildApp(config: Config, database: Database, opts: { logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const logger = loggerOptions(config);
  const app = Fastify({
    logger: opts.logStream && typeof logger === 'object' ? { ...logger, stream: opts.logStream } : logger,
    genReqId,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576, // JSON; uploads are limited per file by multipart
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installHttpBasics(app, config, database.availability);
  database.availability.logger = app.log;

  const metrics = new Metrics();
  const db = database.db;
  const activity = new ActivityRecorder(db, {
    onError: (err) => app.log.warn({ err: { message: (err as Error).message } }, 'could not record session activity'),
  });
  app.addHook('onClose', async () => activity.flush());
  const readDatabase = config.readDatabaseUrl ? await openReadDatabase(config.readDatabaseUrl, config.dbTimeouts) : undefined;
  if (readDatabase) app.addHook('onClose', async () => readDatabase.close());
  const ctx: AppContext = {
    activity,
    events: createEventBus(config, database),
    config,
    database,
    db,
    readDb: readDatabase?.db ?? db,
    metrics,
    secretFailures: new FailureLimiter({ max: config.loginRateLimitPerMinute }),
    malwareScanner: scannerOf(config.clamdUrl),
    async requireSession(request) {
      const s = await loadSession(db, config, request, activity);
      if (!SAFE_METHODS.has(request.method)) checkCsrf(request, s, config);
      return s;
    },
    async requireCitizen(request) {
      const s = await ctx.requireSession(request);
      if (s.kind !== 'citizen' || !s.personId) throw new AppError('FORBIDDEN', 'This page is for citizens. Log in as a citizen to use it.');
      return s as Session & { personId: string };
    },
    async requireStaff(request) {
      const s = await ctx.requireSession(request);
      if (s.kind !== 'staff' || !s.staffId) throw new AppError('FORBIDDEN', 'This page is for health personnel. Log in with HelseID to use it.');
      return s as Session & { staffId: string };
    },
  };
  // Who the caller is, before what they sent: authentication, then the input guards, then schemas.
  installRouteAuth(app, {
    session: (r) => ctx.requireSession(r),
    citizen: (r) => ctx.requireCitizen(r),
    staff: (r) => ctx.requireStaff(r),
    integration: (r) => checkIntegrationKey(ctx, r),
  });
  installInputGuards(app);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { files: MAX_ATTACHMENTS + 1, fileSize: MAX_ATTACHMENT_BYTES, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'helsedialog API',
        version: '0.1.0',
        description: 'The citizen and clinician API of helsedialog. Errors are application/problem+json (RFC 9457).',
      },
    },
    transform: jsonSchemaTransform,
  });
  metrics.install(app);

  // Every route declares who calls it and what it touches (access/route-access.ts); the declared
  // object's rule is applied to citizens before the body is read (authentication and the
  // representation's area first: a parent of a 14-year-old gets 403, not a parse error).
  requireRouteAccess(app);
  app.addHook('preParsing', async (request, _reply, payload) => {
    const declared = request.routeOptions.config?.access;
    if (declared?.caller === 'citizen' && declared.object !== 'none' && declared.object !== 'unit') await citizenActor(ctx, request);
    return payload;
  });
  if (config.devIdp) await registerDevIdp(app, config, db);
  await authRoutes(app, ctx);
  await healthRoutes(app, ctx);
  await contactRoutes(app, ctx);
  await staffRoutes(app, ctx);
  await staffContactRoutes(app, ctx);
  await catalogueRoutes(app, ctx);
  await dialogRulesRoutes(app, ctx);
  await citizenDialogRoutes(app, ctx);
  await staffDialogRoutes(app, ctx);
  await workspaceRoutes(app, ctx);
  await eventRoutes(app, ctx);
  await appointmentRoutes(app, ctx);
  await representationRoutes(app, ctx);
  await journalRoutes(app, ctx);
  await fhirRoutes(app, ctx);
  await poaRoutes(app, ctx);
  await staffRepresentationRoutes(app, ctx);
  await populationRoutes(app, ctx);
  await accessLogRoutes(app, ctx);
  await letterRoutes(app, ctx);
  await recordRoutes(app, ctx);
  await notifyRoutes(app, ctx);
  await toolRoutes(app, ctx);
  await taskRoutes(app, ctx);
  await statisticsRoutes(app, ctx);
  await campaignRoutes(app, ctx);
  await formRoutes(app, ctx);

  app.get('/api/openapi.json', { config: access('public', 'none', 'see'), schema: { hide: true } }, async () => app.swagger());

  // The web app: built files, with index.html for every client-side route. The build writes a
  // brotli and a gzip copy beside each text file (scripts/precompress.ts); the one the browser
  // accepts is sent with Content-Encoding and Vary: Accept-Encoding. Files under /assets/ carry a
  // content hash in their name (Vite) and never change: cached for a year; everything else (the
  // favicon, index.html) is revalidated on every use.
  const index = path.join(config.webDist, 'index.html');
  if (fs.existsSync(index)) {
    const assets = path.join(config.webDist, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => void reply.header('Cache-Control', file.startsWith(assets) ? IMMUTABLE : 'no-cache'),
    });
    // index.html naming the route's own chunks, so they download beside the entry (web-index.ts).
    const htmlFor = indexPages(config.webDist);
    app.setNotFoundHandler((request, reply) => {
      const p = request.url.split('?')[0] ?? '/';
      if (request.method === 'GET' && !p.startsWith('/api/') && !p.startsWith('/auth/') && !p.startsWith('/fhir/') && !path.extname(p)) {
        return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(htmlFor(p));
      }
      throw new AppError('NOT_FOUND', `There is nothing at ${p}.`);
    });
  } else {
    app.setNotFoundHandler((request) => {
      throw new AppError('NOT_FOUND', `There is nothing at ${request.url.split('?')[0]}. (The web app is not built: run npm run build.)`);
    });
  }
  return app;
}
