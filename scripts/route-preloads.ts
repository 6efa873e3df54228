/**
 * What each client-side route needs beyond the entry chunk, for the server to name in the page's
 * HTML (`<link rel="modulepreload">`, `<link rel="preload" as="style">`): the route's page chunk,
 * its static imports and their stylesheets, and the areas' bokmål texts for a page that waits for
 * them (App.tsx). Without it the browser learns of them only once the entry chunk has downloaded
 * and run — one more round trip and the entry's whole download on every first page (issue 23).
 * Written by the web build (web/vite.config.ts) to web/dist/route-preloads.json; read by
 * server/src/web-index.ts. Routes and their pages come from App.tsx, as scripts/bundle-size.ts reads them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AREA_TEXTS, closure, routesOf, type Manifest } from './bundle-size.ts';

export interface RoutePreload {
  /** The route as App.tsx writes it (`/citizen/messages/:threadId`, `/*`). */
  path: string;
  /** Files under the web root, without a leading slash, in the order to announce them. */
  scripts: string[];
  styles: string[];
}

/** The preloads of every route of App.tsx, from the build's manifest. */
export function routePreloads(manifest: Manifest, appSource: string): RoutePreload[] {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry chunk');
  const base = new Set<string>();
  closure(manifest, entry, base);
  return routesOf(appSource).map((r) => {
    if (!manifest[r.module]) throw new Error(`the manifest has no chunk for ${r.module} (route ${r.path})`);
    const keys = new Set<string>();
    closure(manifest, r.module, keys);
    if (!r.start && manifest[AREA_TEXTS]) closure(manifest, AREA_TEXTS, keys);
    const own = [...keys].filter((k) => !base.has(k));
    const scripts = [...new Set(own.map((k) => manifest[k]!.file))];
    const styles = [...new Set(own.flatMap((k) => manifest[k]!.css ?? []))];
    return { path: r.path, scripts, styles };
  });
}

/** Writes web/dist/route-preloads.json from the build's manifest (run by the web build). */
export function writeRoutePreloads(distDir: string, appTsx: string): RoutePreload[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const preloads = routePreloads(manifest, fs.readFileSync(appTsx, 'utf8'));
  fs.writeFileSync(path.join(distDir, 'route-preloads.json'), JSON.stringify(preloads));
  return preloads;
}
