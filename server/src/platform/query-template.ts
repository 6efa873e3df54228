/**
 * Query templates: a Kysely query built and compiled once, then run with new values.
 *
 * Building a query with Kysely's builder (parsing references, freezing nodes, compiling to SQL)
 * costs more CPU than PostgreSQL spends running our hot statements. A template builds its query
 * the first time with stand-in values, remembers the SQL and which parameter is which argument,
 * and afterwards only fills in the parameters. The SQL text is the same on every run, so the
 * statement is also prepared once per connection (pg-connection.ts).
 *
 * A template's own constants (`where('status', '<>', 'closed')`) are written into its SQL as
 * quoted literals, not sent as parameters: a prepared statement's generic plan — the plan
 * PostgreSQL keeps and reuses once a statement has run a few times — cannot tell that a
 * parameter matches a partial index's predicate (`WHERE status <> 'closed'`), so with the value
 * as a parameter PostgreSQL either plans the statement again on every run or leaves the index
 * out. A quoted literal is untyped until PostgreSQL resolves it from where it stands, just like
 * an untyped parameter, so the statement means the same.
 *
 * The rule for `build`: arguments are used only as whole values in comparisons, inserts and
 * updates (`where('id', '=', args.id)`), never to decide the query's shape, never inside a
 * string, never as a list for `in`. A query whose shape varies needs one template per shape
 * (see `templates`). Breaking the rule is caught when the template is first built.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './db-types.ts';
import { PLANNED_PER_RUN } from './pg-connection.ts';

type Executor = Pick<Kysely<DB>, 'executeQuery' | 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;
type Args = object;

const STAND_IN = '\u0001arg:';

interface Compiled {
  sql: string;
  /** For each parameter: the argument's name, or a constant of the query. */
  slots: Array<{ arg: string } | { value: unknown }>;
}

function compile<A extends Args>(db: Executor, build: (db: Executor, args: A) => Compilable<unknown>, keys: string[]): Compiled {
  const standIns = Object.fromEntries(keys.map((k) => [k, `${STAND_IN}${k}`])) as A;
  const q = build(db, standIns).compile();
  const used = new Set<string>();
  const slots: Compiled['slots'] = [];
  /** For each parameter of the built query ($1 is index 0): its new number, or the literal it becomes. */
  const replacement = q.parameters.map((p) => {
    if (typeof p === 'string' && p.includes(STAND_IN)) {
      const arg = p.slice(STAND_IN.length);
      if (!p.startsWith(STAND_IN) || !keys.includes(arg))
        throw new Error('Query template: an argument was changed or used inside a string; pass it as a whole value.');
      used.add(arg);
      slots.push({ arg });
      return `$${slots.length}`;
    }
    const literal = asLiteral(p);
    if (literal !== undefined) return literal;
    slots.push({ value: p });
    return `$${slots.length}`;
  });
  const unused = keys.filter((k) => !used.has(k));
  if (unused.length) throw new Error(`Query template: argument(s) ${unused.join(', ')} never reached the query as a value.`);
  return { sql: renumber(q.sql, replacement), slots };
}

/** A constant as a quoted literal, in the text node-postgres would send for it; undefined for values kept as parameters. */
function asLiteral(v: unknown): string | undefined {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else if (typeof v === 'boolean') text = String(v);
  else return undefined;
  // Kept as parameters: a NUL cannot be in a literal (PostgreSQL refuses it as a parameter too),
  // and a backslash would mean something else if standard_conforming_strings were ever off.
  if (text.includes('\0') || text.includes('\\')) return undefined;
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Replaces the parameter references ($1, $2, …) of SQL text by `replacement[n - 1]`, leaving
 * alone what is inside quoted strings, quoted identifiers, dollar-quoted strings and comments.
 */
export function renumber(sqlText: string, replacement: string[]): string {
  let out = '';
  let i = 0;
  const n = sqlText.length;
  while (i < n) {
    const c = sqlText[i]!;
    let end = i + 1;
    if (c === "'" || c === '"') {
      end = sqlText.indexOf(c, i + 1);
      while (end >= 0 && sqlText[end + 1] === c) end = sqlText.indexOf(c, end + 2);
      end = end < 0 ? n : end + 1;
    } else if (c === '-' && sqlText[i + 1] === '-') {
      end = sqlText.indexOf('\n', i);
      end = end < 0 ? n : end + 1;
    } else if (c === '/' && sqlText[i + 1] === '*') {
      end = sqlText.indexOf('*/', i + 2);
      end = end < 0 ? n : end + 2;
    } else if (c === '$') {
      const param = /^\$(\d+)/.exec(sqlText.slice(i, i + 12));
      const tag = param ? null : /^\$[A-Za-z_]?[A-Za-z_0-9]*\$/.exec(sqlText.slice(i, i + 64));
      if (param && !/[A-Za-z_0-9]/.test(out.at(-1) ?? '')) {
        const to = replacement[Number(param[1]) - 1];
        if (to === undefined) throw new Error(`Query template: $${param[1]} has no value.`);
        out += to;
        i += param[0].length;
        continue;
      }
      if (tag) {
        const close = sqlText.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? n : close + tag[0].length;
      }
    }
    out += sqlText.slice(i, end);
    i = end;
  }
  return out;
}

/** How a template's statement is run. */
export interface TemplateOptions {
  /** Planned by PostgreSQL for each run's values, never by a kept generic plan (pg-connection.ts PLANNED_PER_RUN). */
  plannedPerRun?: boolean;
}

/** A query of fixed shape, compiled for new values without running it (for `pipelined`). */
export function compiledTemplate<A extends Args, R>(
  build: (db: Executor, args: A) => Compilable<R>,
  opts: TemplateOptions = {},
): (db: Executor, args: A) => CompiledQuery<R> {
  let compiled: Compiled | undefined;
  const prefix = opts.plannedPerRun ? PLANNED_PER_RUN : '';
  return (db, args) => {
    compiled ??= compile(db, build, Object.keys(args));
    const values = args as Record<string, unknown>;
    return CompiledQuery.raw(
      prefix + compiled.sql,
      compiled.slots.map((s) => ('arg' in s ? values[s.arg] : s.value)),
    ) as CompiledQuery<R>;
  };
}

/** A query of fixed shape: `run(db, args)` returns its rows. */
export function template<A extends Args, R>(
  build: (db: Executor, args: A) => Compilable<R>,
  opts: TemplateOptions = {},
): (db: Executor, args: A) => Promise<R[]> {
  const bind = compiledTemplate(build, opts);
  return async (db, args) => (await db.executeQuery<R>(bind(db, args))).rows;
}

/**
 * A family of templates for a query whose shape varies: `variant` says which shape (for example
 * which filters are set) and is what `build` may branch on; each variant is built once.
 */
export function templates<V, A extends Args, R>(
  build: (db: Executor, args: A, variant: V) => Compilable<R>,
  opts: { plannedPerRun?: (variant: V) => boolean } = {},
): (db: Executor, variant: V, args: A) => Promise<R[]> {
  const byShape = new Map<string, (db: Executor, args: A) => Promise<R[]>>();
  return (db, variant, args) => {
    const key = JSON.stringify(variant);
    let t = byShape.get(key);
    if (!t) {
      t = template((d: Executor, a: A) => build(d, a, variant), { plannedPerRun: opts.plannedPerRun?.(variant) ?? false });
      byShape.set(key, t);
    }
    return t(db, args);
  };
}
