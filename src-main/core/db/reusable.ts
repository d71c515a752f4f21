// Read queries on the everyday paths (a register, a mileage line, a search), built and compiled by Kysely once per shape
// and then run with each call's values: building and compiling a query costs several times what SQLite takes to answer
// it (about 30 µs against 6 µs for a session's details), and a register opens with six of them.
import { createQueryId, type CompiledQuery, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from '../api/handlers';
import { isWriteNode } from './read-only';
import type { Database } from './schema';

/** Stands in for a call's value while the query is compiled; replaced by the value itself at each run. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A read query whose SQL text depends only on its shape, compiled the first time it runs and reused after: `build`
 * receives placeholders in place of `args` (use them only as values — comparisons, LIMIT, `sql` parameters — never to
 * choose the query's shape, which must be the same for every call; shapes that vary need one reusable query each).
 * Writes are refused when compiled: a reused query skips the plugins' query check (the read-only handle's), so only
 * queries that check would let through may be reused.
 */
export function reusableQuery<A extends readonly unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R> | RawBuilder<R>): (db: Db, ...args: A) => Promise<R[]> {
  const compiledFor = new Map<object, CompiledQuery<R>>();
  return async (db, ...args) => {
    const dialect = dialectOf(db);
    let compiled = compiledFor.get(dialect);
    if (!compiled) {
      const slots = args.map((_, i) => new Slot(i)) as unknown as A;
      const q = build(db, ...slots);
      const c = 'isRawBuilder' in q ? (q as RawBuilder<R>).compile(db) : (q as Compilable<R>).compile();
      if (isWriteNode(c.query)) throw new Error(`Only reads may be reused (${c.query.kind})`);
      compiledFor.set(dialect, (compiled = c));
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    const { rows } = await db.executeQuery<R>({ sql: compiled.sql, query: compiled.query, parameters, queryId: createQueryId() });
    return rows;
  };
}

/**
 * The SQL dialect a handle speaks, as a key: each dialect gets its own compiled text (`?` for SQLite, `$1` for
 * PostgreSQL), since one core may use both at once (the training database stays SQLite beside a server). Kysely has no
 * public way to ask; its executor's adapter (one class per dialect) is shared by a handle's transactions and plugins.
 * test/db/reusable-engines.test.ts fails if a Kysely upgrade takes it away.
 */
function dialectOf(db: Db): object {
  return db.getExecutor().adapter.constructor;
}

/** One reusable query per shape (`make` is called once for each distinct shape, named by its JSON). */
export function byShape<S, Q>(make: (shape: S) => Q): (shape: S) => Q {
  const made = new Map<string, Q>();
  return (shape) => {
    const key = JSON.stringify(shape);
    let q = made.get(key);
    if (!q) made.set(key, (q = make(shape)));
    return q;
  };
}
