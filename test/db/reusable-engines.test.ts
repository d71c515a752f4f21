// A reusable query (core/db/reusable.ts) compiled once per SQL dialect: one core may read the training database
// (SQLite) and the college's server (PostgreSQL) in the same process, and each needs its own placeholders.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { runMigrations } from '../../src-main/core/db/migrate';
import { openPostgres } from '../../src-main/core/db/postgres';
import { reusableQuery } from '../../src-main/core/db/reusable';
import type { Database } from '../../src-main/core/db/schema';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

const nextNumber = reusableQuery((db, name: string) => db.selectFrom('counters').select('next').where('name', '=', name));

async function sqliteDatabase(): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner is schema-agnostic
  await runMigrations(db as Kysely<any>, migrations);
  return db;
}

it('is compiled once for SQLite and reused in transactions and plugin-wrapped handles', async () => {
  const db = await sqliteDatabase();
  try {
    await db.updateTable('counters').set({ next: 7 }).where('name', '=', 'claim').execute();
    expect(await nextNumber(db, 'claim')).toEqual([{ next: 7 }]);
    expect(await db.transaction().execute((trx) => nextNumber(trx, 'student'))).toEqual([{ next: 1 }]);
    expect(await nextNumber(db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result }), 'claim')).toEqual([{ next: 7 }]);
  } finally {
    await db.destroy();
  }
});

const drop: FreshDatabase[] = [];
afterAll(async () => {
  for (const d of drop) await d.drop();
});

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server;
// failWithoutPostgresInCI() above fails instead in CI, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('with a PostgreSQL server too', () => {
  it('answers on both engines in one process, in either order', async () => {
    const fresh = await freshPostgresDatabase();
    drop.push(fresh);
    const server = await openPostgres<Database>(fresh.url, { migrate: true });
    const local = await sqliteDatabase();
    try {
      await server.db.updateTable('counters').set({ next: 42 }).where('name', '=', 'claim').execute();
      const query = reusableQuery((db, name: string) => db.selectFrom('counters').select('next').where('name', '=', name));
      expect(await query(local, 'claim')).toEqual([{ next: 1 }]);
      expect(await query(server.db, 'claim')).toEqual([{ next: 42 }]);
      expect(await server.db.transaction().execute((trx) => query(trx, 'claim'))).toEqual([{ next: 42 }]);
      expect(await query(local, 'claim')).toEqual([{ next: 1 }]);
      expect(await nextNumber(server.db, 'claim')).toEqual([{ next: 42 }]);
    } finally {
      await local.destroy();
      await server.close();
    }
  });
});
