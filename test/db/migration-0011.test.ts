// Migration 0011 (indexes for the contract return): from 0006 with data in place, up to 0011, the return's period
// filters use the new indexes, nothing else changes, and down removes them again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

let dir: string;
let sqlite: BetterSqlite3.Database;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
let db: Kysely<any>;
let migrator: Migrator;
const AT = '2025-01-01T00:00:00Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig11-'));
  sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (q: string) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
const ENROLMENTS_IN_PERIOD = `SELECT count(*) FROM enrolments WHERE status IN ('enrolled','withdrawn') AND enrolled_on >= '2025-04-01' AND enrolled_on <= '2026-03-31'`;
const INCOMPLETE_IN_PERIOD = `SELECT count(*) FROM questionnaires WHERE complete = 0 AND completed_on >= '2025-04-01' AND completed_on <= '2026-03-31'`;

it('lets the return count a period’s enrolments and incomplete questionnaires by index, keeping every row, and can be undone', async () => {
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT }).execute();
  await db
    .insertInto('students')
    .values({ reference: 'RC-000001', first_name: 'A', surname: 'B', date_of_birth: '1980-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT })
    .execute();
  await db.insertInto('courses').values({ title: 'C', sessions_count: 4, default_session_minutes: 120, default_capacity: 12, created_at: AT, updated_at: AT }).execute();
  await db.insertInto('terms').values({ name: 'T', starts_on: '2025-04-01', ends_on: '2025-07-01', created_at: AT }).execute();
  await db.insertInto('venues').values({ name: 'V' }).execute();
  await db.insertInto('course_runs').values({ course_id: 1, term_id: 1, venue_id: 1, capacity: 12, created_at: AT, updated_at: AT }).execute();
  await db.insertInto('enrolments').values({ course_run_id: 1, student_id: 1, status: 'enrolled', enrolled_on: '2025-04-02', created_at: AT, updated_at: AT }).execute();
  await db
    .insertInto('questionnaires')
    .values({ student_id: 1, scale: 'SWEMWBS', timepoint: 'baseline', completed_on: '2025-04-03', item_1: 3, complete: 0, entered_by: 1, entered_at: AT, updated_at: AT })
    .execute();
  expect(plan(ENROLMENTS_IN_PERIOD)).not.toMatch(/enrolments_enrolled_on/);

  expect((await migrator.migrateTo('0011_return_indexes')).error).toBeUndefined();
  expect(plan(ENROLMENTS_IN_PERIOD)).toMatch(/USING INDEX enrolments_enrolled_on/);
  expect(plan(INCOMPLETE_IN_PERIOD)).toMatch(/USING (COVERING )?INDEX questionnaires_complete_on/);
  expect(sqlite.prepare(ENROLMENTS_IN_PERIOD).pluck().get()).toBe(1);
  expect(sqlite.prepare(INCOMPLETE_IN_PERIOD).pluck().get()).toBe(1);

  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  const indexes = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name);
  expect(indexes).not.toContain('enrolments_enrolled_on');
  expect(indexes).not.toContain('questionnaires_complete_on');
  expect(await db.selectFrom('enrolments').select('enrolled_on').execute()).toEqual([{ enrolled_on: '2025-04-02' }]);
});
