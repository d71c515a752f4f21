// The same logical schema on both engines (issue 12): a fresh SQLite file migrated 0001→latest and a fresh PostgreSQL
// database migrated by the same runner (the PostgreSQL baseline, then every later migration) have the same tables,
// columns, types, nullability, defaults, keys, CHECKs, indexes, triggers and seed rows. And migrating the server is
// all-or-nothing, one transaction per step, safe with two desks starting at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../db/migrations/engine';
import { LATEST_MIGRATION, MIGRATION_NAMES, migrations } from '../../db/migrations/index';
import { BASELINE_THROUGH } from '../../db/postgres/baseline';
import { appliedNames, MigrationStateError, runMigrations } from '../../src-main/core/db/migrate';
import { openPostgres, POSTGRES_MIGRATE, postgresKysely, createPostgresPool, ServerRefusedError } from '../../src-main/core/db/postgres';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { compareShapes, postgresShape, sqliteShape, type SchemaShape } from './schema-shape';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema is compared without today's schema types
type AnyDb = Kysely<any>;

failWithoutPostgresInCI();

const dropLater: FreshDatabase[] = [];
afterAll(async () => {
  for (const d of dropLater) await d.drop();
});
async function fresh(): Promise<FreshDatabase> {
  const d = await freshPostgresDatabase();
  dropLater.push(d);
  return d;
}

/** A fresh SQLite file migrated to the latest version by the app's runner, its shape and its seed rows. */
async function sqliteReference(): Promise<{ shape: SchemaShape; rows: Record<string, unknown[]> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-engines-'));
  const handle = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  const db: AnyDb = new Kysely({ dialect: new SqliteDialect({ database: handle }) });
  try {
    await runMigrations(db, migrations);
    const shape = sqliteShape(handle);
    return { shape, rows: await seedRows(db, shape) };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every row of every table, in primary-key order (a fresh database holds only the shipped reference data). */
async function seedRows(db: AnyDb, shape: SchemaShape): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const [table, t] of Object.entries(shape)) {
    // When each migration ran differs by nature; which migrations are recorded is compared below.
    const columns = t.columns.map((c) => c.name).filter((c) => !(table === 'kysely_migration' && c === 'timestamp'));
    let query = db.selectFrom(table).select(columns);
    for (const c of t.primaryKey.length ? t.primaryKey : columns) query = query.orderBy(c);
    const found = await query.execute();
    if (found.length > 0) rows[table] = found;
  }
  return rows;
}

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server (README:
// "Tests against PostgreSQL"); in CI failWithoutPostgresInCI() above fails instead, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('PostgreSQL', () => {
  let reference: { shape: SchemaShape; rows: Record<string, unknown[]> };
  beforeAll(async () => {
    reference = await sqliteReference();
  });

  it('gets the same logical schema and seed rows as SQLite from the same migrations', async () => {
    const server = await fresh();
    const opened = await openPostgres<unknown>(server.url, { migrate: true });
    try {
      expect(opened.applied).toEqual(MIGRATION_NAMES);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      let shape: SchemaShape;
      try {
        shape = await postgresShape(client);
      } finally {
        await client.end();
      }
      // One readable line per difference, naming the table and column.
      expect(compareShapes(reference.shape, shape)).toEqual([]);
      // The comparison is not vacuous: it sees the tables, keys and checks it compares.
      expect(Object.keys(shape).length).toBeGreaterThan(40);
      expect(shape.students.unique).toEqual(['nhs_number', 'reference']);
      expect(shape.claim_line_edits.checks).toHaveLength(1);
      expect(shape.audit_log.triggers).toEqual(['audit_log_no_delete', 'audit_log_no_update']);

      const rows = await seedRows(opened.db as AnyDb, shape);
      expect(Object.keys(rows).sort()).toEqual(Object.keys(reference.rows).sort());
      for (const table of Object.keys(reference.rows)) expect(rows[table], table).toEqual(reference.rows[table]);
    } finally {
      await opened.close();
    }
  });

  it('keeps the rules the schema enforces: checks, foreign keys, the audit guard, values back as on SQLite', async () => {
    const server = await fresh();
    const opened = await openPostgres<unknown>(server.url, { migrate: true });
    const db = opened.db as AnyDb;
    try {
      const AT = '2026-01-05T10:00:00.000Z';
      const staff = await db
        .insertInto('staff')
        .values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT })
        .returning(['id', 'active'])
        .executeTakeFirstOrThrow();
      // bigint ids and flags come back as numbers, as better-sqlite3 gives them; so does count(*).
      expect(staff).toEqual({ id: 1, active: 1 });
      expect(await db.selectFrom('staff').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).toEqual({ n: 1 });
      await expect(db.insertInto('staff').values({ username: 'x', display_name: 'X', role: 'boss', password_hash: 'x', created_at: AT }).execute()).rejects.toThrow(/check constraint/);
      await expect(
        db.insertInto('data_sharing_consents').values({ student_id: 99, given_on: '2026-01-01', recorded_by: 1, recorded_at: AT }).execute(),
      ).rejects.toThrow(/foreign key/);
      await db.insertInto('audit_log').values({ at: AT, staff_id: 1, action: 'create', entity: 'staff', entity_id: 1 }).execute();
      await expect(db.updateTable('audit_log').set({ summary: 'x' }).execute()).rejects.toThrow('audit rows cannot be changed');
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow('audit rows cannot be deleted');
      // Receipts and return files are bytes in, the same bytes out.
      const bytes = Buffer.from([0, 1, 2, 255, 0x27]);
      await db.insertInto('returns').values({ period_kind: 'quarter', period_start: '2026-01-01', period_end: '2026-03-31', label: 'Q4', parameters: '{}', figures: '{}', figures_sha256: 'x', produced_by: 1, produced_at: AT }).execute();
      await db.insertInto('return_files').values({ return_id: 1, name: 'a.csv', mime_type: 'text/csv', sha256: 'x', size: 5, bytes }).execute();
      const file = await db.selectFrom('return_files').select('bytes').executeTakeFirstOrThrow();
      expect(Buffer.compare(file.bytes as Buffer, bytes)).toBe(0);
      // Text compares and sorts by code point, as on SQLite, though this database's default collation is en-GB.
      const surnames = ['b', 'B', 'a', 'Zoë', 'Zoe', 'O’Donnell', 'Oakes'];
      for (const [i, surname] of surnames.entries()) {
        await db.insertInto('students').values({ reference: `RC-${i}`, first_name: 'A', surname, date_of_birth: '1990-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT }).execute();
      }
      const sorted = await db.selectFrom('students').select('surname').orderBy('surname').execute();
      expect(sorted.map((r) => r.surname)).toEqual([...surnames].sort());
      expect(await db.selectFrom('students').select('id').where('surname', '=', 'zoe').execute()).toEqual([]);
      // A reference number is taken the way core/db/counters.ts takes it.
      const next = await db.updateTable('counters').set((eb) => ({ next: eb('next', '+', 1) })).where('name', '=', 'student').returning('next').executeTakeFirst();
      expect(next).toEqual({ next: 2 });
    } finally {
      await opened.close();
    }
  });

  it('a failing migration leaves the server at the version before it (transactional DDL), and a rerun picks up', async () => {
    const server = await fresh();
    const pool = createPostgresPool(server.url);
    const db: AnyDb = postgresKysely(pool);
    try {
      // The baseline itself is all-or-nothing: half of it, then a failure, leaves an empty database.
      const halfBaseline = {
        ...POSTGRES_MIGRATE,
        baseline: {
          through: BASELINE_THROUGH,
          up: async (trx: AnyDb) => {
            await trx.schema.createTable('staff').addColumn('id', 'bigint').execute();
            throw new Error('connection lost half-way');
          },
        },
      };
      await expect(runMigrations(db, migrations, halfBaseline)).rejects.toThrow(/half-way/);
      expect(await appliedNames(db)).toEqual([]);
      expect(await userTables(db)).toEqual(['kysely_migration', 'kysely_migration_lock']);

      const later: Record<string, Migration> = {
        ...migrations,
        '0099_test_step': {
          up: async (trx) => {
            await trx.schema.createTable('later_step').addColumn('x', 'bigint').execute();
            await trx.schema.alterTable('students').addColumn('later_column', 'text').execute();
            await trx.insertInto('settings').values({ key: 'later', value: '1' }).execute();
            throw new Error('power cut half-way');
          },
        },
      };
      await expect(runMigrations(db, later, POSTGRES_MIGRATE)).rejects.toThrow(/power cut/);
      // Everything before the failing step committed; nothing of the failing step did.
      expect(await appliedNames(db)).toEqual([...MIGRATION_NAMES].sort());
      expect(await userTables(db)).not.toContain('later_step');
      const studentColumns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'students'`.execute(db);
      expect(studentColumns.rows.map((r) => r.column_name)).not.toContain('later_column');
      expect(await db.selectFrom('settings').selectAll().execute()).toEqual([]);

      const seen: (Engine | undefined)[] = [];
      later['0099_test_step'] = {
        up: async (trx, ...rest: unknown[]) => {
          seen.push(rest[0] as Engine);
          await trx.schema.createTable('later_step').addColumn('x', 'bigint').execute();
        },
      };
      expect(await runMigrations(db, later, POSTGRES_MIGRATE)).toEqual(['0099_test_step']);
      // A migration after the baseline is told which engine it is running on.
      expect(seen).toEqual(['postgres']);
      expect(await userTables(db)).toContain('later_step');
    } finally {
      await db.destroy();
    }
  });

  it('two desks starting on an empty server at once: each step is taken by one of them, the other waits and finds it done', async () => {
    const server = await fresh();
    const desks = [postgresKysely(createPostgresPool(server.url)), postgresKysely(createPostgresPool(server.url))] as AnyDb[];
    try {
      const results = await Promise.all(desks.map((d) => runMigrations(d, migrations, POSTGRES_MIGRATE)));
      // Each step is one transaction under the lock: the second desk may take a later step once the first has
      // committed an earlier one, but no step is ever applied twice, and none is missed.
      expect(results.flat().sort()).toEqual([...MIGRATION_NAMES].sort());
      expect(await appliedNames(desks[0])).toEqual([...MIGRATION_NAMES].sort());
    } finally {
      for (const d of desks) await d.destroy();
    }
  });

  it('refuses a server set up part of the way, or by a newer app, and one not set up unless told to migrate', async () => {
    const server = await fresh();
    await expect(openPostgres(server.url)).rejects.toMatchObject({ kind: 'not-set-up' });
    const opened = await openPostgres<unknown>(server.url, { migrate: true });
    const db = opened.db as AnyDb;
    try {
      expect((await openPostgres(server.url).then(async (o) => (await o.close(), o.applied)))).toEqual([]);
      await db.insertInto('kysely_migration').values({ name: '9999_from_the_future', timestamp: '2030-01-01' }).execute();
      const newer = await openPostgres(server.url).catch((e: unknown) => e);
      expect(newer).toBeInstanceOf(ServerRefusedError);
      expect(newer).toMatchObject({ kind: 'newer', message: expect.stringContaining('Ask IT to update this desk') });
      await db.deleteFrom('kysely_migration').where('name', 'in', ['9999_from_the_future', '0005_outcomes']).execute();
      await expect(runMigrations(db, migrations, POSTGRES_MIGRATE)).rejects.toBeInstanceOf(MigrationStateError);
    } finally {
      await opened.close();
    }
  });

  it('says plainly when the server cannot be reached or the database does not exist', async () => {
    const unreachable = new URL(POSTGRES_URL!);
    unreachable.port = '1';
    await expect(openPostgres(unreachable.toString())).rejects.toMatchObject({ kind: 'unreachable' });
    const missing = new URL(POSTGRES_URL!);
    missing.pathname = '/rcd_no_such_database';
    await expect(openPostgres(missing.toString())).rejects.toMatchObject({ kind: 'no-database' });
  });
});

it('the comparison names the table and column of each difference', async () => {
  const reference = await sqliteReference();
  const changed = structuredClone(reference.shape);
  changed.students.columns.find((c) => c.name === 'nhs_number')!.type = 'integer';
  changed.claims.columns.find((c) => c.name === 'notes')!.notNull = true;
  changed.sessions.indexes = changed.sessions.indexes.filter((i) => !i.startsWith('sessions_starts '));
  delete changed.venues;
  expect(compareShapes(reference.shape, changed)).toEqual([
    'table venues: only on sqlite',
    'table claims: column notes: notNull false on sqlite, true on postgres',
    'table sessions: index sessions_starts (starts_at) only on sqlite',
    'table students: column nhs_number: type "text" on sqlite, "integer" on postgres',
  ]);
});

it('the latest migration is covered on both engines (the baseline stands for 0001–0013; later ones run on both)', () => {
  expect(MIGRATION_NAMES).toContain(BASELINE_THROUGH);
  expect(MIGRATION_NAMES.indexOf(LATEST_MIGRATION)).toBeGreaterThanOrEqual(MIGRATION_NAMES.indexOf(BASELINE_THROUGH));
});

async function userTables(db: AnyDb): Promise<string[]> {
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() order by 1`.execute(db);
  return r.rows.map((x) => x.table_name);
}

