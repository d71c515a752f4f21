// The migration runner: each migration and its bookkeeping row commit together in one transaction, so a kill at any
// moment leaves the database at the version before or after that step, never between. Written against Kysely only
// (no engine-specific SQL: what differs comes in through the options), so the same runner serves SQLite and
// PostgreSQL, whose DDL is transactional too.
// Keeps Kysely's own bookkeeping tables, so databases stay readable by `Migrator` (the migration tests use it).
import type { Kysely, Migration } from 'kysely';
import type { Engine, EngineMigration } from '../../../db/migrations/engine';

export const MIGRATION_TABLE = 'kysely_migration';
const LOCK_TABLE = 'kysely_migration_lock';
const LOCK_ID = 'migration_lock';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner must not depend on today's schema types
type AnyDb = Kysely<any>;

/** A fresh database's shortcut: one step that stands for every migration in the list up to and including `through`. */
export interface Baseline {
  through: string;
  up(db: AnyDb): Promise<void>;
}

export interface MigrateOptions {
  /** Passed to each migration as its second argument (default SQLite). */
  engine?: Engine;
  /** A database with no migrations yet gets this instead of the migrations it covers (PostgreSQL: db/postgres/baseline.ts). */
  baseline?: Baseline;
  /**
   * Called first in each of the runner's transactions, to keep two processes from migrating one database at once
   * (PostgreSQL: an advisory lock; a SQLite file has one writer anyway).
   */
  lock?: (trx: AnyDb) => Promise<void>;
  onApplied?: (name: string) => void;
}

/** The database was set up in a way this runner cannot continue from (for staff: ask IT). */
export class MigrationStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationStateError';
  }
}

/** Applies every migration in `list` (in its order) that the database has not had. Returns the names applied. */
export async function runMigrations(db: AnyDb, list: Record<string, Migration>, options: MigrateOptions = {}): Promise<string[]> {
  const { engine = 'sqlite', baseline, lock, onApplied } = options;
  await ensureBookkeeping(db, lock);
  const done: string[] = [];
  if (baseline) done.push(...(await applyBaseline(db, list, baseline, lock)));
  const known = new Set(await appliedNames(db));
  for (const [name, migration] of Object.entries(list)) {
    if (known.has(name)) continue;
    let applied = false;
    await db.transaction().execute(async (trx) => {
      await lock?.(trx);
      // Re-read inside the transaction: another process may have applied it meanwhile (PostgreSQL, two desks).
      const already = await trx.selectFrom(MIGRATION_TABLE).select('name').where('name', '=', name).executeTakeFirst();
      if (already) return;
      await (migration as EngineMigration).up(trx, engine);
      await trx.insertInto(MIGRATION_TABLE).values({ name, timestamp: new Date().toISOString() }).execute();
      applied = true;
    });
    if (!applied) continue;
    done.push(name);
    onApplied?.(name);
  }
  return done;
}

/** On an empty database, the baseline and the names it stands for, in one transaction. Returns those names (or none). */
async function applyBaseline(db: AnyDb, list: Record<string, Migration>, baseline: Baseline, lock: MigrateOptions['lock']): Promise<string[]> {
  const names = Object.keys(list);
  const end = names.indexOf(baseline.through);
  if (end < 0) throw new Error(`The baseline stands for ${baseline.through}, which is not in the list of migrations.`);
  const covered = names.slice(0, end + 1);
  return db.transaction().execute(async (trx) => {
    await lock?.(trx);
    const applied = new Set((await trx.selectFrom(MIGRATION_TABLE).select('name').execute()).map((r) => r.name as string));
    if (applied.size > 0) {
      const missing = covered.filter((n) => !applied.has(n));
      if (missing.length > 0) {
        throw new MigrationStateError(`This database was set up only part of the way (it lacks ${missing.join(', ')}), so the app will not change it. Please ask IT to set up a new, empty database.`);
      }
      return [];
    }
    await baseline.up(trx);
    const timestamp = new Date().toISOString();
    await trx.insertInto(MIGRATION_TABLE).values(covered.map((name) => ({ name, timestamp }))).execute();
    return covered;
  });
}

export async function appliedNames(db: AnyDb): Promise<string[]> {
  const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => r.name as string);
}

/** Kysely's two bookkeeping tables, created (if missing) in one transaction of their own. */
async function ensureBookkeeping(db: AnyDb, lock: MigrateOptions['lock']): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lock?.(trx);
    await trx.schema
      .createTable(MIGRATION_TABLE)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    await trx.schema
      .createTable(LOCK_TABLE)
      .ifNotExists()
      .addColumn('id', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('is_locked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    const row = await trx.selectFrom(LOCK_TABLE).select('id').where('id', '=', LOCK_ID).executeTakeFirst();
    if (!row) await trx.insertInto(LOCK_TABLE).values({ id: LOCK_ID, is_locked: 0 }).execute();
  });
}
