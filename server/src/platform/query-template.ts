/**
 * Query templates: a Kysely query built and compiled once, then run with new values.
 *
 * Building a query with Kysely's builder (parsing references, freezing nodes, compiling to SQL)
 * costs more CPU than PostgreSQL spends running our hot statements. A template builds its query
 * the first time with stand-in values, remembers the SQL and which parameter is which argument,
 * and afterwards only fills in the parameters. The SQL text is the same on every run, so the
 * statement is also prepared once per connection (pg-connection.ts).
 *
 * The rule for `build`: arguments are used only as whole values in comparisons, inserts and
 * updates (`where('id', '=', args.id)`), never to decide the query's shape, never inside a
 * string, never as a list for `in`. A query whose shape varies needs one template per shape
 * (see `templates`). Breaking the rule is caught when the template is first built.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './db-types.ts';

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
  const slots = q.parameters.map((p) => {
    if (typeof p === 'string' && p.includes(STAND_IN)) {
      const arg = p.slice(STAND_IN.length);
      if (!p.startsWith(STAND_IN) || !keys.includes(arg))
        throw new Error('Query template: an argument was changed or used inside a string; pass it as a whole value.');
      used.add(arg);
      return { arg };
    }
    return { value: p };
  });
  const unused = keys.filter((k) => !used.has(k));
  if (unused.length) throw new Error(`Query template: argument(s) ${unused.join(', ')} never reached the query as a value.`);
  return { sql: q.sql, slots };
}

/** A query of fixed shape, compiled for new values without running it (for `pipelined`). */
export function compiledTemplate<A extends Args, R>(build: (db: Executor, args: A) => Compilable<R>): (db: Executor, args: A) => CompiledQuery<R> {
  let compiled: Compiled | undefined;
  return (db, args) => {
    compiled ??= compile(db, build, Object.keys(args));
    const values = args as Record<string, unknown>;
    return CompiledQuery.raw(
      compiled.sql,
      compiled.slots.map((s) => ('arg' in s ? values[s.arg] : s.value)),
    ) as CompiledQuery<R>;
  };
}

/** A query of fixed shape: `run(db, args)` returns its rows. */
export function template<A extends Args, R>(build: (db: Executor, args: A) => Compilable<R>): (db: Executor, args: A) => Promise<R[]> {
  const bind = compiledTemplate(build);
  return async (db, args) => (await db.executeQuery<R>(bind(db, args))).rows;
}

/**
 * A family of templates for a query whose shape varies: `variant` says which shape (for example
 * which filters are set) and is what `build` may branch on; each variant is built once.
 */
export function templates<V, A extends Args, R>(
  build: (db: Executor, args: A, variant: V) => Compilable<R>,
): (db: Executor, variant: V, args: A) => Promise<R[]> {
  const byShape = new Map<string, (db: Executor, args: A) => Promise<R[]>>();
  return (db, variant, args) => {
    const key = JSON.stringify(variant);
    let t = byShape.get(key);
    if (!t) {
      t = template((d: Executor, a: A) => build(d, a, variant));
      byShape.set(key, t);
    }
    return t(db, args);
  };
}
