/**
 * Authentication before validation (issue 15: 28 routes answered a validation error to a request
 * without a session). Who the caller is, is checked in a preParsing hook that runs before the body is
 * read and before any route's schema, body guard or handler, from the route's URL pattern:
 *
 * | route                                   | caller                                   |
 * |-----------------------------------------|------------------------------------------|
 * | /api/staff/…                            | a staff session (HelseID)                |
 * | /api/citizen/…                          | a citizen session (ID-porten)            |
 * | /api/integration/…                      | the population-register integration key  |
 * | /api/health, /api/openapi.json, /api/dev/… | nobody (public, or development only)  |
 * | any other /api/… (/api/me, /api/events, /api/auth/logout) | any session             |
 * | /auth/…, /fhir/… (own bearer tokens), /dev-idp, /dev-epj, /dev/…, the web app | checked by the route itself |
 *
 * A route may say otherwise with `config: { auth: … }`, or by declaring its caller (`config.access`):
 * `/api/session` is public (it answers whether there is a session at all). Unknown /api routes need a session (fail
 * closed). Handlers still call requireStaff/requireCitizen, which return the session this hook
 * loaded (kept per request), so nothing is read twice. What a caller may do on an object stays
 * with the handlers (and the access policy).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RouteAuth = 'none' | 'session' | 'citizen' | 'staff' | 'integration';

const PUBLIC_API = ['/api/health', '/api/openapi.json'];

/** What caller a route pattern needs. */
export function routeAuthOf(url: string): RouteAuth {
  if (!url.startsWith('/api/')) return 'none';
  if (PUBLIC_API.includes(url) || url.startsWith('/api/dev/')) return 'none';
  if (url.startsWith('/api/staff/')) return 'staff';
  if (url.startsWith('/api/citizen/')) return 'citizen';
  if (url.startsWith('/api/integration/')) return 'integration';
  return 'session';
}

export interface RouteAuthChecks {
  session(request: FastifyRequest): Promise<unknown>;
  citizen(request: FastifyRequest): Promise<unknown>;
  staff(request: FastifyRequest): Promise<unknown>;
  integration(request: FastifyRequest): Promise<unknown> | void;
}

/** A registered route and the caller it needs (for tests walking every route). */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: RouteAuth;
}

const routesOfApps = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered after installRouteAuth, with its caller. */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return routesOfApps.get(app) ?? [];
}

/** The check each caller a route declares in `config.access` (access/route-access.ts) needs. */
const CALLER_AUTH: Record<string, RouteAuth> = { citizen: 'citizen', staff: 'staff', session: 'session', public: 'none' };

/**
 * The caller a route needs: its own `config.auth`, else the caller it declares for the access
 * policy (`config.access.caller`: one declaration serves both), else its URL pattern.
 */
function authOfRoute(url: string, config: unknown): RouteAuth {
  const c = config as { auth?: RouteAuth; access?: { caller?: string } } | undefined;
  if (c?.auth) return c.auth;
  const caller = c?.access?.caller;
  // An EPJ system: the population-register key on /api/integration, its own bearer token on FHIR.
  if (caller === 'epj') return url.startsWith('/api/integration/') ? 'integration' : 'none';
  if (caller && CALLER_AUTH[caller]) return CALLER_AUTH[caller];
  return routeAuthOf(url);
}

/** Installs the hook (call before any route is registered). */
export function installRouteAuth(app: FastifyInstance, checks: RouteAuthChecks): void {
  const list: RegisteredRoute[] = [];
  routesOfApps.set(app, list);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') list.push({ method, url: route.url, auth: authOfRoute(route.url, route.config) });
  });
  // preParsing: before the body is even read, so a bad body cannot answer before "who are you".
  app.addHook('preParsing', async (request, _reply, payload) => {
    const auth = authOfRoute(request.routeOptions.url ?? '', request.routeOptions.config);
    if (auth !== 'none') await checks[auth](request);
    return payload;
  });
}
