// The two database engines the migrations serve: SQLite (each desk's own file, and the training database) and
// PostgreSQL (the college's server, issue 12). A migration after the PostgreSQL baseline runs on both; the runner
// passes it the engine as a second argument, so the few statements that differ can be branched in that one file.
import { sql, type Kysely, type RawBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/**
 * A migration that may differ by engine. Kysely's own `Migrator` (the SQLite migration tests) calls `up(db)` alone,
 * so `engine` is optional and means SQLite when absent.
 */
export interface EngineMigration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  up(db: Kysely<any>, engine?: Engine): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  down?(db: Kysely<any>, engine?: Engine): Promise<void>;
}

/**
 * The type of a text column in a migration after the baseline: SQLite's `text` compares by code point (BINARY); on
 * PostgreSQL the same needs `collate "C"`, or the server's default collation would sort and compare differently.
 */
export function textType(engine: Engine = 'sqlite'): 'text' | RawBuilder<unknown> {
  return engine === 'postgres' ? sql`text collate "C"` : 'text';
}
