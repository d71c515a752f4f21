// Migration 0002 (frozen once landed): the timetable — courses, terms, closures, bank holidays, venues, rooms,
// facilitators, course runs, sessions and enrolments. Times: `date` + `start_time`/`end_time` are Europe/London
// wall-clock (what staff see); `starts_at`/`ends_at` are the same moments in UTC, for overlap checks.
import { sql, type Kysely } from 'kysely';

/** England and Wales bank holidays shipped with the app; coordinators can edit them. */
const BANK_HOLIDAYS: [string, string][] = [
  ['2024-01-01', 'New Year’s Day'],
  ['2024-03-29', 'Good Friday'],
  ['2024-04-01', 'Easter Monday'],
  ['2024-05-06', 'Early May bank holiday'],
  ['2024-05-27', 'Spring bank holiday'],
  ['2024-08-26', 'Summer bank holiday'],
  ['2024-12-25', 'Christmas Day'],
  ['2024-12-26', 'Boxing Day'],
  ['2025-01-01', 'New Year’s Day'],
  ['2025-04-18', 'Good Friday'],
  ['2025-04-21', 'Easter Monday'],
  ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'],
  ['2025-08-25', 'Summer bank holiday'],
  ['2025-12-25', 'Christmas Day'],
  ['2025-12-26', 'Boxing Day'],
  ['2026-01-01', 'New Year’s Day'],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  ['2027-01-01', 'New Year’s Day'],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
  ['2028-01-03', 'New Year’s Day (substitute day)'],
  ['2028-04-14', 'Good Friday'],
  ['2028-04-17', 'Easter Monday'],
  ['2028-05-01', 'Early May bank holiday'],
  ['2028-05-29', 'Spring bank holiday'],
  ['2028-08-28', 'Summer bank holiday'],
  ['2028-12-25', 'Christmas Day'],
  ['2028-12-26', 'Boxing Day'],
  ['2029-01-01', 'New Year’s Day'],
  ['2029-03-30', 'Good Friday'],
  ['2029-04-02', 'Easter Monday'],
  ['2029-05-07', 'Early May bank holiday'],
  ['2029-05-28', 'Spring bank holiday'],
  ['2029-08-27', 'Summer bank holiday'],
  ['2029-12-25', 'Christmas Day'],
  ['2029-12-26', 'Boxing Day'],
  ['2030-01-01', 'New Year’s Day'],
  ['2030-04-19', 'Good Friday'],
  ['2030-04-22', 'Easter Monday'],
  ['2030-05-06', 'Early May bank holiday'],
  ['2030-05-27', 'Spring bank holiday'],
  ['2030-08-26', 'Summer bank holiday'],
  ['2030-12-25', 'Christmas Day'],
  ['2030-12-26', 'Boxing Day'],
  ['2031-01-01', 'New Year’s Day'],
  ['2031-04-11', 'Good Friday'],
  ['2031-04-14', 'Easter Monday'],
  ['2031-05-05', 'Early May bank holiday'],
  ['2031-05-26', 'Spring bank holiday'],
  ['2031-08-25', 'Summer bank holiday'],
  ['2031-12-25', 'Christmas Day'],
  ['2031-12-26', 'Boxing Day'],
  ['2032-01-01', 'New Year’s Day'],
  ['2032-03-26', 'Good Friday'],
  ['2032-03-29', 'Easter Monday'],
  ['2032-05-03', 'Early May bank holiday'],
  ['2032-05-31', 'Spring bank holiday'],
  ['2032-08-30', 'Summer bank holiday'],
  ['2032-12-27', 'Christmas Day (substitute day)'],
  ['2032-12-28', 'Boxing Day (substitute day)'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category', 'text')
    .addColumn('sessions_count', 'integer', (c) => c.notNull())
    .addColumn('default_session_minutes', 'integer', (c) => c.notNull())
    .addColumn('default_capacity', 'integer', (c) => c.notNull())
    .addColumn('co_produced', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('peer_training', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('terms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // A closure belongs to a term (half-term week) or to the whole college when term_id is null (Christmas).
  await db.schema
    .createTable('closures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('term_id', 'integer', (c) => c.references('terms.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bank_holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  for (const [date, name] of BANK_HOLIDAYS) await db.insertInto('bank_holidays').values({ date, name }).execute();

  await db.schema
    .createTable('venues')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('accessibility_notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('venues.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('accessibility_notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // kind: staff | peer_trainer | volunteer. A peer trainer who is also a student links to their student record.
  await db.schema
    .createTable('facilitators')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('staff','peer_trainer','volunteer')`))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('student_id', 'integer', (c) => c.references('students.id').unique())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('course_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('venues.id'))
    .addColumn('room_id', 'integer', (c) => c.references('rooms.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_runs_term').on('course_runs').columns(['term_id']).execute();

  // role: lead | co. The planned team for every session of the run.
  await db.schema
    .createTable('course_run_facilitators')
    .addColumn('course_run_id', 'integer', (c) => c.notNull().references('course_runs.id'))
    .addColumn('facilitator_id', 'integer', (c) => c.notNull().references('facilitators.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead','co')`))
    .addPrimaryKeyConstraint('course_run_facilitators_pk', ['course_run_id', 'facilitator_id'])
    .execute();
  await db.schema.createIndex('crf_facilitator').on('course_run_facilitators').columns(['facilitator_id']).execute();

  // status: scheduled | cancelled.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('course_run_id', 'integer', (c) => c.notNull().references('course_runs.id'))
    .addColumn('room_id', 'integer', (c) => c.references('rooms.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','cancelled')`))
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_run').on('sessions').columns(['course_run_id', 'date']).execute();
  await db.schema.createIndex('sessions_date').on('sessions').columns(['date', 'start_time']).execute();
  await db.schema.createIndex('sessions_room_time').on('sessions').columns(['room_id', 'starts_at']).execute();
  await db.schema.createIndex('sessions_starts').on('sessions').columns(['starts_at']).execute();

  // status: enrolled | waiting | withdrawn. Waiting-list order is `waiting_since`, then id.
  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('course_run_id', 'integer', (c) => c.notNull().references('course_runs.id'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('enrolled','waiting','withdrawn')`))
    .addColumn('enrolled_on', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('promoted_at', 'text')
    .addColumn('withdrawn_on', 'text')
    .addColumn('withdraw_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('enrolments_run_student', ['course_run_id', 'student_id'])
    .execute();
  await db.schema.createIndex('enrolments_student').on('enrolments').columns(['student_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['enrolments', 'sessions', 'course_run_facilitators', 'course_runs', 'facilitators', 'rooms', 'venues', 'bank_holidays', 'closures', 'terms', 'courses']) {
    await db.schema.dropTable(t).execute();
  }
}
