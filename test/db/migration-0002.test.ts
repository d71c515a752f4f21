// Migration 0002: adds the timetable to a database that already holds students, seeds bank holidays, and keeps the students.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-m2-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TIMETABLE = ['courses', 'terms', 'closures', 'bank_holidays', 'venues', 'rooms', 'facilitators', 'course_runs', 'course_run_facilitators', 'sessions', 'enrolments'];

it('0002_scheduling creates the timetable tables, seeds bank holidays 2024–2032, and keeps existing students', async () => {
  const sqlite = new BetterSqlite3(path.join(dir, 'm.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migration tests talk to the raw schema
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo('0001_foundation')).error).toBeUndefined();
  const tables = () => (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  expect(tables()).not.toContain('sessions');

  const student = { first_name: 'Ada', surname: 'Lovelace', date_of_birth: '1980-12-10', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: 'x', updated_at: 'x', reference: 'RC-000001' };
  await db.insertInto('students').values(student).execute();

  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  expect(tables()).toEqual(expect.arrayContaining(TIMETABLE));
  expect(await db.selectFrom('students').select(['reference', 'surname']).execute()).toEqual([{ reference: 'RC-000001', surname: 'Lovelace' }]);

  const holidays = await db.selectFrom('bank_holidays').selectAll().orderBy('date').execute();
  expect(holidays).toHaveLength(9 * 8);
  expect(holidays[0]).toEqual({ date: '2024-01-01', name: 'New Year’s Day' });
  expect(holidays.at(-1)).toEqual({ date: '2032-12-28', name: 'Boxing Day (substitute day)' });
  for (let y = 2024; y <= 2032; y++) expect(holidays.filter((h) => h.date.startsWith(`${y}-`))).toHaveLength(8);

  // The student can be linked as a facilitator and enrolled; the constraints hold.
  await db.insertInto('facilitators').values({ first_name: 'Ada', surname: 'Lovelace', kind: 'peer_trainer', student_id: 1, created_at: 'x' }).execute();
  await expect(db.insertInto('facilitators').values({ first_name: 'A', surname: 'L', kind: 'peer_trainer', student_id: 1, created_at: 'x' }).execute()).rejects.toThrow(/UNIQUE/);
  await expect(db.insertInto('facilitators').values({ first_name: 'A', surname: 'L', kind: 'wizard', created_at: 'x' }).execute()).rejects.toThrow(/CHECK/);
  await db.insertInto('courses').values({ title: 'Hope', sessions_count: 6, default_session_minutes: 120, default_capacity: 12, created_at: 'x', updated_at: 'x' }).execute();
  await db.insertInto('terms').values({ name: 'Autumn', starts_on: '2027-09-06', ends_on: '2027-12-17', created_at: 'x' }).execute();
  await db.insertInto('venues').values({ name: 'Civic Centre' }).execute();
  await db.insertInto('course_runs').values({ course_id: 1, term_id: 1, venue_id: 1, capacity: 12, created_at: 'x', updated_at: 'x' }).execute();
  await db.insertInto('enrolments').values({ course_run_id: 1, student_id: 1, status: 'enrolled', created_at: 'x', updated_at: 'x' }).execute();
  await expect(db.insertInto('enrolments').values({ course_run_id: 1, student_id: 1, status: 'waiting', created_at: 'x', updated_at: 'x' }).execute()).rejects.toThrow(/UNIQUE/);
  await expect(db.insertInto('enrolments').values({ course_run_id: 1, student_id: 99, status: 'enrolled', created_at: 'x', updated_at: 'x' }).execute()).rejects.toThrow(/FOREIGN KEY/);

  // Down to 0001 removes the timetable and still keeps the student.
  await db.deleteFrom('enrolments').execute();
  await db.deleteFrom('course_runs').execute();
  await db.deleteFrom('facilitators').execute();
  expect((await migrator.migrateTo('0001_foundation')).error).toBeUndefined();
  expect(tables().filter((t) => TIMETABLE.includes(t))).toEqual([]);
  expect(await db.selectFrom('students').select('reference').execute()).toEqual([{ reference: 'RC-000001' }]);
  await db.destroy();
});
