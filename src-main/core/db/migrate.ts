// The migration runner: each migration and its bookkeeping row commit together in one transaction, so a kill at any
// moment leaves the database at the version before or after that step, never between. Written against Kysely only
// (no SQLite-specific SQL), so the same runner works on PostgreSQL, whose DDL is transactional too.
// Keeps Kysely's own bookkeeping tables, so databases stay readable by `Migrator` (the migration tests use it).
import type { Kysely, Migration } from 'kysely';

export const MIGRATION_TABLE = 'kysely_migration';
const LOCK_TABLE = 'kysely_migration_lock';
const LOCK_ID = 'migration_lock';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner must not depend on today's schema types
type AnyDb = Kysely<any>;

/** Applies every migration in `list` (in its order) that the database has not had. Returns the names applied. */
export async function runMigrations(db: AnyDb, list: Record<string, Migration>, onApplied?: (name: string) => void): Promise<string[]> {
  await ensureBookkeeping(db);
  const known = new Set(await appliedNames(db));
  const done: string[] = [];
  for (const [name, migration] of Object.entries(list)) {
    if (known.has(name)) continue;
    await db.transaction().execute(async (trx) => {
      // Re-read inside the transaction: another process may have applied it meanwhile (PostgreSQL, two desks).
      const already = await trx.selectFrom(MIGRATION_TABLE).select('name').where('name', '=', name).executeTakeFirst();
      if (already) return;
      await migration.up(trx);
      await trx.insertInto(MIGRATION_TABLE).values({ name, timestamp: new Date().toISOString() }).execute();
    });
    done.push(name);
    onApplied?.(name);
  }
  return done;
}

export async function appliedNames(db: AnyDb): Promise<string[]> {
  const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => r.name as string);
}

/** Kysely's two bookkeeping tables, created (if missing) in one transaction of their own. */
async function ensureBookkeeping(db: AnyDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
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
    const lock = await trx.selectFrom(LOCK_TABLE).select('id').where('id', '=', LOCK_ID).executeTakeFirst();
    if (!lock) await trx.insertInto(LOCK_TABLE).values({ id: LOCK_ID, is_locked: 0 }).execute();
  });
}
