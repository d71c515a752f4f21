// Migration 0005 (outcomes and returns): from 0003 with data in place, up to 0005, checks, and back down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
let db: Kysely<any>;
let migrator: Migrator;
const AT = '2025-01-01T00:00:00Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig5-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('adds the outcome and return tables without touching existing rows, and removes them again', async () => {
  expect((await migrator.migrateTo('0003_registers')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT }).execute();
  await db
    .insertInto('students')
    .values({ reference: 'RC-000001', first_name: 'A', surname: 'B', date_of_birth: '1980-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT })
    .execute();

  expect((await migrator.migrateTo('0005_outcomes')).error).toBeUndefined();
  expect(await db.selectFrom('students').select('reference').execute()).toEqual([{ reference: 'RC-000001' }]);

  const q = { student_id: 1, scale: 'SWEMWBS', timepoint: 'baseline', completed_on: '2025-01-01', item_1: 3, complete: 0, entered_by: 1, entered_at: AT, updated_at: AT };
  await db.insertInto('questionnaires').values(q).execute();
  await expect(db.insertInto('questionnaires').values({ ...q, item_2: 6 }).execute()).rejects.toThrow(/CHECK/);
  await expect(db.insertInto('questionnaires').values({ ...q, timepoint: '12m' }).execute()).rejects.toThrow(/CHECK/);
  await expect(db.insertInto('questionnaires').values({ ...q, student_id: 99 }).execute()).rejects.toThrow(/FOREIGN KEY/);
  await expect(
    db.insertInto('destinations').values({ student_id: 1, kind: 'retired', on_date: '2025-01-01', entered_by: 1, entered_at: AT }).execute(),
  ).rejects.toThrow(/CHECK/);
  const { id } = await db
    .insertInto('returns')
    .values({ period_kind: 'quarter', period_start: '2025-04-01', period_end: '2025-06-30', label: 'Q1', parameters: '{}', figures: '{}', figures_sha256: 'x', produced_by: 1, produced_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('return_files').values({ return_id: id, name: 'a.csv', mime_type: 'text/csv', sha256: 'y', size: 3, bytes: Buffer.from([1, 2, 3]) }).execute();
  const file = await db.selectFrom('return_files').select('bytes').executeTakeFirstOrThrow();
  expect(Buffer.from(file.bytes)).toEqual(Buffer.from([1, 2, 3]));
  const sat = await db.introspection.getTables();
  expect(sat.find((t) => t.name === 'satisfaction_responses')!.columns.map((c) => c.name)).not.toContain('student_id');

  expect((await migrator.migrateTo('0003_registers')).error).toBeUndefined();
  const names = (await db.introspection.getTables()).map((t) => t.name);
  for (const t of ['questionnaires', 'destinations', 'satisfaction_responses', 'returns', 'return_files', 'extract_runs']) expect(names).not.toContain(t);
  expect(names).toContain('students');
});

it('0006 adds the covering attendance index returns read, keeps the marks, and removes it again', async () => {
  expect((await migrator.migrateTo('0005_outcomes')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT }).execute();
  const indexes = async () =>
    (await db.selectFrom('sqlite_master' as never).select('name' as never).where('type' as never, '=', 'index' as never).where('tbl_name' as never, '=', 'attendance' as never).execute()).map(
      (r) => (r as { name: string }).name,
    );
  expect(await indexes()).not.toContain('attendance_session_student_mark');
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  expect(await indexes()).toContain('attendance_session_student_mark');
  expect((await migrator.migrateTo('0005_outcomes')).error).toBeUndefined();
  expect(await indexes()).not.toContain('attendance_session_student_mark');
});
