/**
 * The start catalogue (issue 23): the bokmål texts bundled with the shell are `web/src/i18n/nb.ts`;
 * every other area's bokmål texts (`web/src/i18n/nb-areas.ts`) load with the first page that is not
 * a start page (App.tsx's `named` waits for them; `namedStart` pages do not). So the shell and the
 * start pages may use only keys of the start catalogue. This walks their static imports from
 * `web/src/main.tsx` and the `namedStart` pages of App.tsx and lists every message key they name —
 * a string literal that is a key, or a template literal's key prefix (`dialog.kind.${kind}`) —
 * that is not in the start catalogue.
 *
 *   node scripts/i18n-start.ts     prints the keys out of place; exits 1 if there are any
 */
import fs from 'node:fs';
import path from 'node:path';
import { nb } from '../web/src/i18n/nb.ts';
import { nbAreas } from '../web/src/i18n/nb-areas.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const web = path.join(root, 'web/src');

/** The modules the start pages are made of: main.tsx and the `namedStart` pages, with their static imports. */
export function startModules(): string[] {
  const app = fs.readFileSync(path.join(web, 'App.tsx'), 'utf8');
  const starts = [...app.matchAll(/namedStart\(\(\) => import\('\.\/([^']+)'\)/g)].map((m) => path.join(web, m[1]!));
  if (starts.length === 0) throw new Error('App.tsx has no namedStart pages');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    // Static imports and re-exports only: `import type` brings no code, `import(…)` is another chunk.
    for (const m of source.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)) {
      const spec = m[1] ?? m[2]!;
      if (/\.(tsx?)$/.test(spec)) visit(path.resolve(path.dirname(file), spec));
    }
  };
  for (const f of [path.join(web, 'main.tsx'), ...starts]) visit(f);
  return [...seen].filter((f) => !f.includes(`${path.sep}i18n${path.sep}`) || /I18nProvider|LanguageSync|i18n-context|languages|error-text/.test(f)).sort();
}

/** Keys named by the start modules that are only in the lazily loaded area catalogue. */
export function keysOutsideStart(files = startModules()): Array<{ file: string; key: string }> {
  const start = new Set(Object.keys(nb));
  const areaKeys = Object.keys(nbAreas);
  const out: Array<{ file: string; key: string }> = [];
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    for (const m of source.matchAll(/'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
      if (!start.has(m[1]!) && areaKeys.includes(m[1]!)) out.push({ file: rel, key: m[1]! });
    }
    for (const m of source.matchAll(/`([a-z][\w-]*\.(?:[\w-]+\.)*)\$\{/g)) {
      for (const key of areaKeys.filter((k) => k.startsWith(m[1]!))) out.push({ file: rel, key });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = startModules();
  const bad = keysOutsideStart(files);
  console.log(`${files.length} modules in the start pages' download`);
  for (const b of bad) console.log(`  ${b.file}: ${b.key} is not in web/src/i18n/nb.ts`);
  console.log(bad.length ? `\n${bad.length} key(s) out of place.` : 'Every key they use is in the start catalogue.');
  process.exit(bad.length ? 1 : 0);
}
