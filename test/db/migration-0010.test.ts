// Migration 0010 (backup settings) and the migration runner: each step commits with its bookkeeping, or not at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect, type Migration } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { appliedNames, runMigrations } from '../../src-main/core/db/migrate';

let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
let db: Kysely<any>;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig10-'));
  db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(path.join(dir, 'db.sqlite')) }) });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('0010 adds backup_settings on top of 0006 without touching the college settings, and goes back down', async () => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  await db.insertInto('settings').values({ key: 'collegeName', value: '"Southend"' }).execute();
  expect((await migrator.migrateTo('0010_backup_settings')).error).toBeUndefined();
  await db.insertInto('backup_settings').values({ key: 'secondFolder', value: '"E:\\\\Backups"' }).execute();
  expect(await db.selectFrom('settings').selectAll().execute()).toEqual([{ key: 'collegeName', value: '"Southend"' }]);
  await expect(db.insertInto('backup_settings').values({ key: 'secondFolder', value: '"x"' }).execute()).rejects.toThrow(/UNIQUE/);
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  expect(await sql`SELECT name FROM sqlite_master WHERE name = 'backup_settings'`.execute(db).then((r) => r.rows)).toEqual([]);
});

it('the runner applies each migration with its bookkeeping in one transaction: a step that fails leaves nothing of itself', async () => {
  const steps: Record<string, Migration> = {
    '0001_a': { up: async (d) => void (await d.schema.createTable('a').addColumn('x', 'integer').execute()) },
    '0002_b': {
      up: async (d) => {
        await d.schema.createTable('b').addColumn('x', 'integer').execute();
        await d.insertInto('a').values({ x: 1 }).execute();
        throw new Error('power cut half-way');
      },
    },
  };
  await expect(runMigrations(db, steps)).rejects.toThrow(/power cut/);
  expect(await appliedNames(db)).toEqual(['0001_a']);
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')`.execute(db);
  expect(tables.rows.map((r) => r.name)).toEqual(['a']);
  expect(await db.selectFrom('a').selectAll().execute()).toEqual([]);
  // Run again once the step is fixed: it picks up where it stopped, and Kysely's Migrator agrees on what is applied.
  steps['0002_b'] = { up: async (d) => void (await d.schema.createTable('b').addColumn('x', 'integer').execute()) };
  expect(await runMigrations(db, steps)).toEqual(['0002_b']);
  const info = await new Migrator({ db, provider: { getMigrations: async () => steps } }).getMigrations();
  expect(info.map((m) => [m.name, !!m.executedAt])).toEqual([
    ['0001_a', true],
    ['0002_b', true],
  ]);
});
