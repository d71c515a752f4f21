// Which engine a Kysely handle talks to, for the few queries whose SQL must differ between a desk's SQLite file and the
// college's PostgreSQL server (issue 12). Engine-specific SQL lives in a few named files (students/search.ts's two
// halves, returns/sqlite.ts and returns/postgres.ts, db/postgres.ts); everything else asks here only for small,
// named pieces of syntax, never writes `if postgres` inline.
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Engine } from '../../../db/migrations/engine';

export type { Engine };

const engines = new WeakMap<object, Engine>();

/** The engine behind a handle (a transaction or a plugin-wrapped handle answers as the database it came from). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export function engineOf(db: Kysely<any>): Engine {
  const adapter = db.getExecutor().adapter;
  let engine = engines.get(adapter);
  if (!engine) engines.set(adapter, (engine = adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'));
  return engine;
}
