/**
 * Routes cannot forget the policy: every route under /api, /auth and the FHIR base declares in
 * its Fastify `config.access` who calls it and which object and action it touches. The server
 * refuses to start with a route that declares none (`requireRouteAccess`, an onRoute hook), and
 * `citizenActor()` applies the declared object's rule (area, age, self-only) to every citizen
 * request, so a route cannot leave out e.g. the power-of-attorney area check.
 */
import type { FastifyInstance } from 'fastify';
import { OBJECT_KINDS, type Action, type ObjectKind } from './policy.ts';

/** Who may call a route at all. */
export type Caller = 'citizen' | 'staff' | 'session' | 'public' | 'epj';
/** What a route touches: a citizen object, a unit (staff), or nothing beyond the caller. */
export type RouteObject = ObjectKind | 'unit' | 'none';

export interface RouteAccess {
  caller: Caller;
  object: RouteObject;
  action: Action;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Shorthands for route options: `config: access('citizen', 'appointment', 'act')`. */
export function access(caller: Caller, object: RouteObject, action: Action = 'see'): { access: RouteAccess } {
  return { access: { caller, object, action } };
}

/** The paths that must declare access. */
export function needsDeclaration(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/auth/') || url.startsWith('/fhir');
}

/** Installs the start-up check; call before any route is registered. */
export function requireRouteAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!needsDeclaration(route.url)) return;
    const a = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!a) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access): say who calls it and which object it touches.`);
    // The URL says who may call it too (platform/route-auth.ts checks the declared caller before
    // the body is read): a declaration that disagrees with its prefix is refused, so neither can
    // quietly widen the other.
    const prefix = route.url.startsWith('/api/staff/') ? 'staff' : route.url.startsWith('/api/citizen/') ? 'citizen' : undefined;
    if (prefix && a.caller !== prefix)
      throw new Error(`Route ${String(route.method)} ${route.url} declares caller "${a.caller}", but routes under /api/${prefix}/ are for ${prefix} only.`);
    if (a.object !== 'unit' && a.object !== 'none' && !(OBJECT_KINDS as readonly string[]).includes(a.object))
      throw new Error(`Route ${String(route.method)} ${route.url} declares an unknown object kind "${a.object}".`);
  });
}
