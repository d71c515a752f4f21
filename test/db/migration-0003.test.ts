// Migration 0003 (registers): migrate to 0002, add a timetable, migrate to 0003, and check the new tables and their rules.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { applyConnectionPragmas, openSqlite, tableExists, type SqliteHandle } from '../../src-main/core/db/sqlite';

let dir: string;
let sqlite: SqliteHandle;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration test talks to the schema as it was, not as the app types it today
let db: Kysely<any>;
let migrator: Migrator;
const T = '2026-01-01T00:00:00.000Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig3-'));
  sqlite = openSqlite(path.join(dir, 'db.sqlite'));
  applyConnectionPragmas(sqlite);
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function seedTimetable(): Promise<{ staff: number; student: number; session: number; run: number; facilitator: number }> {
  const staff = await db
    .insertInto('staff')
    .values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: T })
    .returning('id')
    .executeTakeFirstOrThrow();
  const student = await db
    .insertInto('students')
    .values({
      reference: 'RC-000001',
      first_name: 'A',
      surname: 'B',
      date_of_birth: '1980-01-01',
      referral_source: 'self',
      secondary_mh_services: 'no',
      ethnic_category: 'Z',
      gender_identity: 'Z',
      employment_status: 'ZZ',
      created_at: T,
      updated_at: T,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const course = await db
    .insertInto('courses')
    .values({ title: 'C', sessions_count: 1, default_session_minutes: 60, default_capacity: 10, created_at: T, updated_at: T })
    .returning('id')
    .executeTakeFirstOrThrow();
  const term = await db.insertInto('terms').values({ name: 'T', starts_on: '2026-01-01', ends_on: '2026-03-31', created_at: T }).returning('id').executeTakeFirstOrThrow();
  const venue = await db.insertInto('venues').values({ name: 'V' }).returning('id').executeTakeFirstOrThrow();
  const run = await db
    .insertInto('course_runs')
    .values({ course_id: course.id, term_id: term.id, venue_id: venue.id, capacity: 10, created_at: T, updated_at: T })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await db
    .insertInto('sessions')
    .values({
      course_run_id: run.id,
      date: '2026-02-04',
      start_time: '10:00',
      end_time: '12:00',
      starts_at: '2026-02-04T10:00:00.000Z',
      ends_at: '2026-02-04T12:00:00.000Z',
      created_at: T,
      updated_at: T,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const facilitator = await db
    .insertInto('facilitators')
    .values({ first_name: 'F', surname: 'G', kind: 'peer_trainer', created_at: T })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { staff: staff.id, student: student.id, session: session.id, run: run.id, facilitator: facilitator.id };
}

describe('migration 0003_registers', () => {
  it('adds attendance, session_delivery and follow_up_contacts on top of an existing timetable', async () => {
    const to2 = await migrator.migrateTo('0002_scheduling');
    expect(to2.error).toBeUndefined();
    expect(tableExists(sqlite, 'attendance')).toBe(false);
    const ids = await seedTimetable();

    const to3 = await migrator.migrateTo('0003_registers');
    expect(to3.error).toBeUndefined();
    for (const t of ['attendance', 'session_delivery', 'follow_up_contacts']) expect(tableExists(sqlite, t)).toBe(true);
    // Earlier data is untouched.
    expect(await db.selectFrom('sessions').select('date').execute()).toEqual([{ date: '2026-02-04' }]);

    const mark = { session_id: ids.session, student_id: ids.student, marked_by: ids.staff, marked_at: T };
    await db.insertInto('attendance').values({ ...mark, mark: 'present' }).execute();
    const row = await db.selectFrom('attendance').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mark: 'present', drop_in: 0, note: null });

    // One mark per session and student: a second insert fails, an upsert updates.
    await expect(db.insertInto('attendance').values({ ...mark, mark: 'late' }).execute()).rejects.toThrow(/UNIQUE/);
    await db
      .insertInto('attendance')
      .values({ ...mark, mark: 'late' })
      .onConflict((oc) => oc.columns(['session_id', 'student_id']).doUpdateSet({ mark: 'late' }))
      .execute();
    expect(await db.selectFrom('attendance').select('mark').execute()).toEqual([{ mark: 'late' }]);

    // Marks are one of four words; references are enforced.
    await expect(db.updateTable('attendance').set({ mark: 'asleep' }).execute()).rejects.toThrow(/CHECK/);
    await expect(db.insertInto('attendance').values({ ...mark, student_id: 999, mark: 'present' }).execute()).rejects.toThrow(/FOREIGN KEY/);

    await db.insertInto('session_delivery').values({ session_id: ids.session, facilitator_id: ids.facilitator, recorded_by: ids.staff, recorded_at: T }).execute();
    await expect(
      db.insertInto('session_delivery').values({ session_id: ids.session, facilitator_id: ids.facilitator, recorded_by: ids.staff, recorded_at: T }).execute(),
    ).rejects.toThrow(/UNIQUE|PRIMARY/);
    await db
      .insertInto('follow_up_contacts')
      .values({ student_id: ids.student, course_run_id: ids.run, contacted_on: '2026-02-12', contacted_by: ids.staff, outcome: 'Spoke on the phone', created_at: T })
      .execute();
    expect(await db.selectFrom('follow_up_contacts').select('outcome').execute()).toEqual([{ outcome: 'Spoke on the phone' }]);
  });

  it('goes back down to 0002 cleanly', async () => {
    await migrator.migrateTo('0003_registers');
    const down = await migrator.migrateTo('0002_scheduling');
    expect(down.error).toBeUndefined();
    for (const t of ['attendance', 'session_delivery', 'follow_up_contacts']) expect(tableExists(sqlite, t)).toBe(false);
    expect(tableExists(sqlite, 'sessions')).toBe(true);
  });
});
