/**
 * The web app's index.html as sent for a client-side route: the built page with links naming what
 * that route needs beyond the entry chunk (web/dist/route-preloads.json, written by the web build
 * from its manifest: scripts/route-preloads.ts). The browser then fetches the page's chunks beside
 * the entry chunk instead of after it has run (issue 23). Without the list (an older build) every
 * route gets the page as built. One HTML per route pattern, made once.
 */
import fs from 'node:fs';
import path from 'node:path';

interface RoutePreload {
  path: string;
  scripts: string[];
  styles: string[];
}

/** A route pattern of App.tsx (`/a/:id`, `/*`) as a regular expression over a pathname. */
export function routePattern(route: string): RegExp {
  const body = route
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** The HTML for a pathname: index.html with the preload links of the first route that matches. */
export function indexPages(webDist: string): (pathname: string) => Buffer {
  const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const plain = Buffer.from(html);
  const listFile = path.join(webDist, 'route-preloads.json');
  let list: RoutePreload[];
  try {
    list = JSON.parse(fs.readFileSync(listFile, 'utf8')) as RoutePreload[];
    if (!Array.isArray(list)) return () => plain;
  } catch {
    // No list (an older build) or an unreadable one: the page as built, which loads all the same.
    return () => plain;
  }
  const routes = list
    // The catch-all (`/*`) only where nothing else matches.
    .sort((a, b) => Number(a.path.endsWith('*')) - Number(b.path.endsWith('*')))
    .map((r) => ({ ...r, re: routePattern(r.path) }));
  const made = new Map<string, Buffer>();
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return (pathname) => {
    const route = routes.find((r) => r.re.test(pathname));
    if (!route || (route.scripts.length === 0 && route.styles.length === 0)) return plain;
    let page = made.get(route.path);
    if (!page) {
      const links = [
        ...route.styles.map((f) => `<link rel="preload" as="style" crossorigin href="/${attr(f)}">`),
        ...route.scripts.map((f) => `<link rel="modulepreload" crossorigin href="/${attr(f)}">`),
      ].join('');
      page = Buffer.from(html.replace('</head>', `${links}</head>`));
      made.set(route.path, page);
    }
    return page;
  };
}
