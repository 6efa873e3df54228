/**
 * Keeps the documented layering true (docs/architecture.md, "Data flows one way"): a route file
 * (`*.routes.ts`) parses, calls a service and shapes the answer; it runs no SQL. A route file
 * that builds a query (`selectFrom`, `insertInto`, `updateTable`, `deleteFrom`) or imports or
 * uses Kysely's `sql` fails here, unless it is on the allow-list below, and every entry of the
 * allow-list must be named in docs/architecture.md with its reason (and must still need it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const ARCHITECTURE = path.join(SRC, '../../docs/architecture.md');

/** Route files that may still run SQL, relative to server/src; each is explained in docs/architecture.md. */
const ALLOWED: Record<string, string> = {
  'modules/campaigns/campaigns.routes.ts': 'not moved yet (issue 24); its test-only data routes stay here',
};

const SQL_IN_ROUTES: Array<{ what: string; re: RegExp }> = [
  { what: 'a query builder call (selectFrom/insertInto/updateTable/deleteFrom)', re: /\.\s*(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/ },
  { what: 'raw SQL (sql`…`)', re: /\bsql\s*`/ },
  { what: 'an import of Kysely’s sql', re: /import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*['"]kysely['"]/ },
];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : routeFiles(p);
    return e.name.endsWith('.routes.ts') ? [p] : [];
  });
}

/** What SQL a source file runs, by kind (comments are not code). */
function sqlFindings(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return SQL_IN_ROUTES.filter((p) => p.re.test(code)).map((p) => p.what);
}

describe('layering: route → service → repository', () => {
  const files = routeFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));

  it('finds the route files', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('modules/auth/auth.routes.ts');
  });

  it('runs no SQL in a route file outside the documented allow-list', () => {
    const offenders = files
      .filter((f) => !(f in ALLOWED))
      .map((f) => ({ file: f, found: sqlFindings(fs.readFileSync(path.join(SRC, f), 'utf8')) }))
      .filter((o) => o.found.length > 0)
      .map((o) => `${o.file}: ${o.found.join(', ')} — move it to the module's service or repository`);
    expect(offenders).toEqual([]);
  });

  it('keeps the allow-list true: every entry exists, still runs SQL, and is explained in docs/architecture.md', () => {
    const doc = fs.readFileSync(ARCHITECTURE, 'utf8');
    const stale = Object.keys(ALLOWED).flatMap((f) => {
      const p = path.join(SRC, f);
      if (!fs.existsSync(p)) return [`${f}: no such file`];
      const out: string[] = [];
      if (sqlFindings(fs.readFileSync(p, 'utf8')).length === 0) out.push(`${f}: runs no SQL any more — take it off the allow-list and out of docs/architecture.md`);
      if (!doc.includes(f)) out.push(`${f}: not explained in docs/architecture.md`);
      return out;
    });
    expect(stale).toEqual([]);
  });

  it('recognises SQL and ignores comments', () => {
    expect(sqlFindings("await ctx.db.selectFrom('persons').selectAll().execute();")).toHaveLength(1);
    expect(sqlFindings('await tx\n  .updateTable("jobs")')).toHaveLength(1);
    expect(sqlFindings("import { sql } from 'kysely';\nawait sql`SELECT 1`.execute(db);")).toHaveLength(2);
    expect(sqlFindings("import { type Kysely, sql } from 'kysely';")).toHaveLength(1);
    expect(sqlFindings('// ctx.db.selectFrom(x) is what we do not do\n/* .deleteFrom( */ const a = 1;')).toEqual([]);
    expect(sqlFindings('return listPowersOfAttorney(ctx.db, s.personId);')).toEqual([]);
  });
});
