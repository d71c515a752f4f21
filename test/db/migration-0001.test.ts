// Migration 0001: builds the foundation tables from nothing, and its search triggers keep the index in step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-m1-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('0001_foundation creates staff, settings, audit, students, consents and the search index', async () => {
  const sqlite = new BetterSqlite3(path.join(dir, 'm.sqlite'));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migration tests talk to the raw schema
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('0001_foundation');
  expect(error).toBeUndefined();
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['staff', 'settings', 'audit_log', 'students', 'data_sharing_consents', 'students_fts']));

  const values = { first_name: 'Ada', surname: 'Lovelace', date_of_birth: '1980-12-10', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: 'x', updated_at: 'x' };
  await db.insertInto('students').values({ ...values, reference: 'RC-000042', nhs_number: '9990000018', phone_digits: '07700900123' }).execute();
  const match = async (q: string) => (await sql<{ rowid: number }>`SELECT rowid FROM students_fts WHERE students_fts MATCH ${q}`.execute(db)).rows.length;
  expect(await match('"lovel"*')).toBe(1);
  expect(await match('"42"*')).toBe(1); // the reference number without its padding
  expect(await match('"999000"*')).toBe(1);
  await db.updateTable('students').set({ surname: 'Byron' }).execute();
  expect(await match('"lovel"*')).toBe(0);
  expect(await match('"byron"*')).toBe(1);
  await db.deleteFrom('students').execute();
  expect(await match('"byron"*')).toBe(0);

  // Down removes everything it made.
  expect((await migrator.migrateDown()).error).toBeUndefined();
  expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'students'").get()).toEqual({ n: 0 });
  await db.destroy();
});
