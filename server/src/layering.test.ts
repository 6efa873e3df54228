/**
 * Keeps the documented layering true (docs/architecture.md, "Data flows one way"): a route file
 * (`*.routes.ts`) parses, calls a service and shapes the answer; it runs no SQL. A service file
 * (`*.service.ts`) holds the rules and opens the transactions; the SQL is in the module's
 * repository. A route or service file that builds a query (`selectFrom`, `insertInto`,
 * `updateTable`, `deleteFrom`) or imports or uses Kysely's `sql` fails here, unless it is on an
 * allow-list below, and every entry of an allow-list must be named in docs/architecture.md with
 * its reason (and must still need it), so the lists can only shrink.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const ARCHITECTURE = path.join(SRC, '../../docs/architecture.md');

/** Route files that may still run SQL, relative to server/src; each is explained in docs/architecture.md. */
const ALLOWED_ROUTES: Record<string, string> = {};

/**
 * Service files that may still build SQL, relative to server/src; each is explained in
 * docs/architecture.md. Two kinds: a module without a repository whose service is its SQL
 * (named query functions, as docs/architecture.md allows), and a service not moved yet (issue 24).
 */
const ALLOWED_SERVICES: Record<string, string> = {
  // The service is the module's repository (a module without a *.repository.ts).
  'modules/attachments/attachments.service.ts': 'the one writer of attachment rows: one insert, no other SQL in the module',
  'modules/fees/fees.service.ts': 'the fee inputs and the billing-line insert (returned unexecuted so callers pipeline it); no repository',
  'modules/staff/staff.service.ts': 'one query (the staff member’s units); the service is the module’s repository',
  'modules/audit/audit.service.ts': 'the hash chain’s writes and the citizen’s view of the log; the chain is SQL (advisory lock, pipelined insert)',
  // Modules with a repository whose service still builds some SQL itself: not moved yet (issue 24).
  'modules/forms/forms.service.ts': 'not moved yet (issue 24)',
};

const SQL_PATTERNS: Array<{ what: string; re: RegExp }> = [
  { what: 'a query builder call (selectFrom/insertInto/updateTable/deleteFrom)', re: /\.\s*(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/ },
  { what: 'raw SQL (sql`…`)', re: /\bsql\s*`/ },
  { what: 'an import of Kysely’s sql', re: /import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*['"]kysely['"]/ },
];

/** The files under `dir` whose name ends with `suffix`, relative to server/src with forward slashes. */
function filesEndingWith(suffix: string, dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesEndingWith(suffix, p);
    return e.name.endsWith(suffix) ? [path.relative(SRC, p).split(path.sep).join('/')] : [];
  });
}

/** What SQL a source file runs, by kind (comments are not code). */
function sqlFindings(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return SQL_PATTERNS.filter((p) => p.re.test(code)).map((p) => p.what);
}

/** The files that build SQL without being on the allow-list, each with what it builds. */
function offenders(files: string[], allowed: Record<string, string>, hint: string): string[] {
  return files
    .filter((f) => !(f in allowed))
    .map((f) => ({ file: f, found: sqlFindings(fs.readFileSync(path.join(SRC, f), 'utf8')) }))
    .filter((o) => o.found.length > 0)
    .map((o) => `${o.file}: ${o.found.join(', ')} — ${hint}`);
}

/** What is wrong with an allow-list: entries that do not exist, build no SQL any more, or are not explained in docs/architecture.md. */
function staleEntries(allowed: Record<string, string>, suffix: string): string[] {
  const doc = fs.readFileSync(ARCHITECTURE, 'utf8');
  return Object.keys(allowed).flatMap((f) => {
    const p = path.join(SRC, f);
    if (!f.endsWith(suffix) || !fs.existsSync(p)) return [`${f}: no such ${suffix} file`];
    const out: string[] = [];
    if (sqlFindings(fs.readFileSync(p, 'utf8')).length === 0) out.push(`${f}: builds no SQL any more — take it off the allow-list and out of docs/architecture.md`);
    if (!doc.includes(f)) out.push(`${f}: not explained in docs/architecture.md`);
    return out;
  });
}

describe('layering: route → service → repository', () => {
  const routes = filesEndingWith('.routes.ts');
  const services = filesEndingWith('.service.ts');

  it('finds the route and service files', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('modules/auth/auth.routes.ts');
    expect(services.length).toBeGreaterThan(20);
    expect(services).toContain('modules/dialog/staff-dialog.service.ts');
  });

  it('runs no SQL in a route file outside the documented allow-list', () => {
    expect(offenders(routes, ALLOWED_ROUTES, "move it to the module's service or repository")).toEqual([]);
  });

  it('builds no SQL in a service file outside the documented allow-list', () => {
    expect(offenders(services, ALLOWED_SERVICES, "move the query into the module's repository (a named function; pass the service's tx)")).toEqual([]);
  });

  it('keeps the allow-lists true: every entry exists, still builds SQL, and is explained in docs/architecture.md', () => {
    expect(staleEntries(ALLOWED_ROUTES, '.routes.ts')).toEqual([]);
    expect(staleEntries(ALLOWED_SERVICES, '.service.ts')).toEqual([]);
  });

  it('holds the services moved out of SQL to it: none of them is allow-listed', () => {
    for (const f of [
      'modules/campaigns/campaigns.service.ts',
      'modules/appointments/staff-appointments.service.ts',
      'modules/appointments/waitlist.service.ts',
      'modules/dialog/staff-dialog.service.ts',
      'modules/appointments/answers.service.ts',
      'modules/appointments/appointments.service.ts',
      'modules/appointments/calendar.service.ts',
      'modules/dialog/citizen-dialog.service.ts',
      'modules/dialog/catalogue.service.ts',
      'modules/dialog/topics.service.ts',
      'modules/dialog/absences.service.ts',
      'modules/dialog/workspace.service.ts',
      'modules/representation/representation.service.ts',
      'modules/tools/tools.service.ts',
      'modules/records/records.service.ts',
      'modules/journal/journal.service.ts',
      'modules/letters/letters.service.ts',
    ]) {
      expect(services).toContain(f);
      expect(f in ALLOWED_SERVICES).toBe(false);
    }
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
