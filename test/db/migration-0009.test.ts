// Migration 0009 (the college's rules): from 0006 with data in place, up to 0009, checks, and back down.
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
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig9-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('records how places began, withdrawal reasons, agreed breaks and who edited each claim line, keeping existing rows', async () => {
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'a', display_name: 'A', role: 'admin', password_hash: 'x', created_at: AT }).execute();
  await db.insertInto('staff').values({ username: 'c', display_name: 'C', role: 'coordinator', password_hash: 'x', created_at: AT }).execute();
  for (const ref of ['RC-000001', 'RC-000002', 'RC-000003']) {
    await db
      .insertInto('students')
      .values({ reference: ref, first_name: 'A', surname: ref, date_of_birth: '1980-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT })
      .execute();
  }
  await db.insertInto('courses').values({ title: 'C', sessions_count: 4, default_session_minutes: 120, default_capacity: 10, created_at: AT, updated_at: AT }).execute();
  await db.insertInto('terms').values({ name: 'T', starts_on: '2025-01-01', ends_on: '2025-03-31', created_at: AT }).execute();
  await db.insertInto('venues').values({ name: 'V' }).execute();
  await db.insertInto('course_runs').values({ course_id: 1, term_id: 1, venue_id: 1, capacity: 10, created_at: AT, updated_at: AT }).execute();
  await db.insertInto('enrolments').values({ course_run_id: 1, student_id: 1, status: 'enrolled', enrolled_on: '2025-01-02', created_at: AT, updated_at: AT }).execute();
  await db.insertInto('enrolments').values({ course_run_id: 1, student_id: 2, status: 'enrolled', enrolled_on: '2025-01-09', promoted_at: '2025-01-09T12:00:00Z', created_at: AT, updated_at: AT }).execute();
  await db.insertInto('enrolments').values({ course_run_id: 1, student_id: 3, status: 'withdrawn', enrolled_on: '2025-01-02', withdrawn_on: '2025-01-20', withdraw_reason: 'Moved', created_at: AT, updated_at: AT }).execute();
  await db.insertInto('payees').values({ name: 'P', payment_method: 'cash', created_at: AT, updated_at: AT }).execute();
  const payee = await db.selectFrom('payees').select('id').executeTakeFirstOrThrow();
  {
    await db.insertInto('claims').values({ reference: 'EX-1', payee_id: payee.id, status: 'draft', entered_by: 1, entered_at: AT, updated_at: AT }).execute();
    await db
      .insertInto('claim_lines')
      .values({ claim_id: 1, line_date: '2025-01-02', category: 'parking', amount_pence: 500, receipt_waived_reason: 'Lost', receipt_waived_by: 2, receipt_waived_at: AT, created_by: 1, created_at: AT })
      .execute();
  }

  expect((await migrator.migrateTo('0009_college_rules')).error).toBeUndefined();
  const places = await db.selectFrom('enrolments').select(['student_id', 'status', 'joined_by', 'withdraw_reason_code', 'withdraw_reason']).orderBy('student_id').execute();
  expect(places).toEqual([
    { student_id: 1, status: 'enrolled', joined_by: 'enrolment', withdraw_reason_code: null, withdraw_reason: null },
    { student_id: 2, status: 'enrolled', joined_by: 'waiting_list', withdraw_reason_code: null, withdraw_reason: null },
    { student_id: 3, status: 'withdrawn', joined_by: 'enrolment', withdraw_reason_code: 'other', withdraw_reason: 'Moved' },
  ]);
  await expect(db.updateTable('enrolments').set({ joined_by: 'magic' }).where('student_id', '=', 1).execute()).rejects.toThrow(/CHECK/);
  await db.insertInto('enrolment_breaks').values({ enrolment_id: 1, starts_on: '2025-01-10', reason: 'Agreed', recorded_by: 1, recorded_at: AT }).execute();
  await expect(db.insertInto('enrolment_breaks').values({ enrolment_id: 99, starts_on: '2025-01-10', reason: 'x', recorded_by: 1, recorded_at: AT }).execute()).rejects.toThrow(/FOREIGN KEY/);
  {
    const edits = await db.selectFrom('claim_line_edits').select(['line_id', 'action', 'staff_id']).orderBy('id').execute();
    expect(edits).toEqual([
      { line_id: 1, action: 'add', staff_id: 1 },
      { line_id: 1, action: 'waive-receipt', staff_id: 2 },
    ]);
  }

  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  const cols = (await db.introspection.getTables()).find((tb) => tb.name === 'enrolments')?.columns.map((c) => c.name);
  expect(cols).not.toContain('joined_by');
  expect((await db.introspection.getTables()).map((tb) => tb.name)).not.toContain('enrolment_breaks');
  expect(await db.selectFrom('enrolments').select('student_id').execute()).toHaveLength(3);
});
