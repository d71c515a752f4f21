// Setting up the college's server (issue 12): the owner credential builds the schema; the desks' role reads and writes
// rows but cannot alter or drop tables, cannot touch the migration bookkeeping, and can only add to the audit log.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrations } from '../../db/migrations/index';
import { runMigrations } from '../../src-main/core/db/migrate';
import { openPostgres, POSTGRES_MIGRATE } from '../../src-main/core/db/postgres';
import { setUpServer } from '../../src-main/core/db/postgres-setup';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

const AT = '2026-01-05T10:00:00.000Z';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** Roles belong to the whole server, not one database: each test's role is dropped again afterwards. */
async function dropRole(database: FreshDatabase, role: string): Promise<void> {
  await database.drop();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop role if exists ${role}`);
  } finally {
    await client.end();
  }
}

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server;
// failWithoutPostgresInCI() above fails instead in CI, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('setting up the server', () => {
  it('builds the schema, creates the desks’ role with only what it needs, and can be run again', async () => {
    const database = await freshPostgresDatabase();
    const role = `rcd_desk_${randomBytes(3).toString('hex')}`;
    cleanup.push(() => dropRole(database, role));

    const first = await setUpServer(database.url, { appRole: role, appPassword: 'desk password' });
    expect(first).toEqual({ applied: MIGRATION_NAMES, createdRole: true });
    expect(await setUpServer(database.url, { appRole: role })).toEqual({ applied: [], createdRole: false });

    const asDesk = new URL(database.url);
    asDesk.username = role;
    asDesk.password = 'desk password';
    // A desk opens the server without migrating (it has no right to), and works with rows as usual.
    const desk = await openPostgres<unknown>(asDesk.toString());
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- privileges are about tables, not row types
    const db = desk.db as Kysely<any>;
    try {
      const { id } = await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT }).returning('id').executeTakeFirstOrThrow();
      await db.updateTable('staff').set({ display_name: 'Manager' }).where('id', '=', id).execute();
      await db.insertInto('audit_log').values({ at: AT, staff_id: id, action: 'create', entity: 'staff', entity_id: id }).execute();
      await db.updateTable('audit_chain_head').set({ row_count: 1 }).where('id', '=', 1).execute();
      expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'create' }]);

      const refused = /permission denied|must be owner/;
      await expect(db.updateTable('audit_log').set({ summary: 'x' }).execute()).rejects.toThrow(refused);
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(refused);
      await expect(db.deleteFrom('kysely_migration').execute()).rejects.toThrow(refused);
      await expect(db.insertInto('kysely_migration').values({ name: '9999_x', timestamp: AT }).execute()).rejects.toThrow(refused);
      await expect(db.schema.dropTable('students').execute()).rejects.toThrow(refused);
      await expect(db.schema.alterTable('students').addColumn('x', 'text').execute()).rejects.toThrow(refused);
      await expect(db.schema.createTable('mine').addColumn('x', 'text').execute()).rejects.toThrow(refused);
      // Nor may a desk's role bring the schema up to date itself: upgrades need the owner credential.
      const newer = { ...migrations, '0099_next': { up: async (trx: Kysely<unknown>) => void (await trx.schema.createTable('next_step').addColumn('x', 'text').execute()) } };
      await expect(runMigrations(db, newer, POSTGRES_MIGRATE)).rejects.toThrow(refused);
    } finally {
      await desk.close();
    }
  });

  it('refuses a role name that is not a plain identifier', async () => {
    await expect(setUpServer(POSTGRES_URL!, { appRole: 'desk"; drop table students; --' })).rejects.toThrow(/role name/);
  });
});
