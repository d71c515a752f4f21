// Which engine a Kysely handle talks to, for the few queries whose SQL must differ between a desk's SQLite file and the
// college's PostgreSQL server (issue 12). Engine-specific SQL lives in a few named files (students/search.ts and
// students/search-postgres.ts, returns/sqlite.ts and returns/postgres.ts, db/postgres.ts); everything else asks here only for small,
// named pieces of syntax, never writes `if postgres` inline.
import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
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

/** Escapes `%`, `_` and `\` in text a person typed, so `likeCaseless` matches them as themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `text LIKE pattern` ignoring the case of the ASCII letters, and only those, on both engines: SQLite's LIKE does so
 * itself; PostgreSQL's ILIKE does so under the "C" collation every app text column has (db/postgres/baseline.ts), since
 * the column's collation wins over the pattern's. `\` escapes (`escapeLike`), written as a one-character string that both
 * engines read the same way.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export function likeCaseless(db: Kysely<any>, text: Expression<string | null>, pattern: string): RawBuilder<SqlBool> {
  return engineOf(db) === 'postgres' ? sql<SqlBool>`${text} ILIKE ${pattern} ESCAPE '\\'` : sql<SqlBool>`${text} LIKE ${pattern} ESCAPE '\\'`;
}
