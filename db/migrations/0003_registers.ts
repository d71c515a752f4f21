// Migration 0003 (frozen once landed): registers — one mark per student per session, who delivered each session,
// and the welfare follow-up contacts made after missed sessions.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // mark: present | late | absent | apologies (authorised absence). Unique per session and student: a later write updates.
  await db.schema
    .createTable('attendance')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('mark', 'text', (c) => c.notNull().check(sql`mark in ('present','late','absent','apologies')`))
    .addColumn('note', 'text')
    .addColumn('drop_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marked_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('attendance_session_student', ['session_id', 'student_id'])
    .execute();
  await db.schema.createIndex('attendance_student').on('attendance').columns(['student_id', 'session_id']).execute();

  // Facilitators who actually delivered a session (defaults to the run's planned team when the register is taken).
  await db.schema
    .createTable('session_delivery')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('facilitator_id', 'integer', (c) => c.notNull().references('facilitators.id'))
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_delivery_pk', ['session_id', 'facilitator_id'])
    .execute();

  // A welfare check after two missed sessions in a row: who got in touch, when, and what happened.
  await db.schema
    .createTable('follow_up_contacts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('course_run_id', 'integer', (c) => c.notNull().references('course_runs.id'))
    .addColumn('contacted_on', 'text', (c) => c.notNull())
    .addColumn('contacted_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('follow_up_contacts_student').on('follow_up_contacts').columns(['student_id', 'course_run_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['follow_up_contacts', 'session_delivery', 'attendance']) await db.schema.dropTable(t).execute();
}
