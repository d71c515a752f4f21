// Test fixtures for the timetable, inserted directly with Kysely so registers tests do not depend on the scheduling services.
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../src-main/core/db/schema';

const STAMP = '2026-01-01T09:00:00.000Z';

function utc(date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/London' }).toUTC().toISO() as string;
}

export interface RunFixture {
  courseRunId: number;
  courseId: number;
  sessionIds: number[];
  studentIds: number[];
  facilitatorIds: number[];
}

export class Timetable {
  private n = 0;
  constructor(readonly db: Kysely<Database>) {}

  async student(p: { firstName?: string; surname?: string; dateOfBirth?: string; phone?: string | null } = {}): Promise<number> {
    const i = ++this.n;
    const { id } = await this.db
      .insertInto('students')
      .values({
        reference: `FX-${String(i).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`,
        first_name: p.firstName ?? `First${i}`,
        surname: p.surname ?? `Surname${i}`,
        date_of_birth: p.dateOfBirth ?? '1980-01-01',
        phone: p.phone ?? null,
        referral_source: 'self',
        secondary_mh_services: 'no',
        ethnic_category: 'Z',
        gender_identity: 'Z',
        employment_status: 'ZZ',
        created_at: STAMP,
        updated_at: STAMP,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async facilitator(p: { firstName: string; surname: string; kind?: 'staff' | 'peer_trainer' | 'volunteer' }): Promise<number> {
    const { id } = await this.db
      .insertInto('facilitators')
      .values({ first_name: p.firstName, surname: p.surname, kind: p.kind ?? 'staff', created_at: STAMP })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** A course, term, venue and run, with planned facilitators and a session on each date (10:00–12:00 London time). */
  async run(p: {
    title?: string;
    dates: string[];
    facilitators?: { id: number; role: 'lead' | 'co' }[];
    start?: string;
    end?: string;
  }): Promise<{ courseRunId: number; sessionIds: number[] }> {
    const course = await this.db
      .insertInto('courses')
      .values({
        title: p.title ?? 'Understanding Anxiety',
        sessions_count: p.dates.length,
        default_session_minutes: 120,
        default_capacity: 16,
        created_at: STAMP,
        updated_at: STAMP,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const term = await this.db
      .insertInto('terms')
      .values({ name: 'Spring 2026', starts_on: '2026-01-05', ends_on: '2026-07-17', created_at: STAMP })
      .returning('id')
      .executeTakeFirstOrThrow();
    const venue = await this.db.insertInto('venues').values({ name: 'Southend Hub' }).returning('id').executeTakeFirstOrThrow();
    const room = await this.db.insertInto('rooms').values({ venue_id: venue.id, name: 'Room 2', capacity: 20 }).returning('id').executeTakeFirstOrThrow();
    const run = await this.db
      .insertInto('course_runs')
      .values({ course_id: course.id, term_id: term.id, venue_id: venue.id, room_id: room.id, capacity: 16, created_at: STAMP, updated_at: STAMP })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of p.facilitators ?? []) {
      await this.db.insertInto('course_run_facilitators').values({ course_run_id: run.id, facilitator_id: f.id, role: f.role }).execute();
    }
    const sessionIds: number[] = [];
    const start = p.start ?? '10:00';
    const end = p.end ?? '12:00';
    for (const date of p.dates) {
      const { id } = await this.db
        .insertInto('sessions')
        .values({
          course_run_id: run.id,
          room_id: null,
          date,
          start_time: start,
          end_time: end,
          starts_at: utc(date, start),
          ends_at: utc(date, end),
          created_at: STAMP,
          updated_at: STAMP,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      sessionIds.push(id);
    }
    return { courseRunId: run.id, sessionIds };
  }

  async enrol(
    courseRunId: number,
    studentId: number,
    p: { status?: 'enrolled' | 'waiting' | 'withdrawn'; enrolledOn?: string | null; withdrawnOn?: string | null } = {},
  ): Promise<void> {
    const status = p.status ?? 'enrolled';
    await this.db
      .insertInto('enrolments')
      .values({
        course_run_id: courseRunId,
        student_id: studentId,
        status,
        enrolled_on: p.enrolledOn === undefined ? (status === 'waiting' ? null : '2026-01-01') : p.enrolledOn,
        waiting_since: status === 'waiting' ? '2026-01-01' : null,
        withdrawn_on: p.withdrawnOn ?? null,
        created_at: STAMP,
        updated_at: STAMP,
      })
      .execute();
  }

  async cancelSession(sessionId: number): Promise<void> {
    await this.db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: 'Facilitator unwell' }).where('id', '=', sessionId).execute();
  }

  /** A run with `students` enrolled people and two planned facilitators (a staff lead and a peer trainer). */
  async fullRun(p: { dates: string[]; students: number; title?: string; names?: [string, string][] }): Promise<RunFixture> {
    const lead = await this.facilitator({ firstName: 'Sam', surname: 'Okafor', kind: 'staff' });
    const peer = await this.facilitator({ firstName: 'Jo', surname: 'Bright', kind: 'peer_trainer' });
    const { courseRunId, sessionIds } = await this.run({
      title: p.title,
      dates: p.dates,
      facilitators: [
        { id: lead, role: 'lead' },
        { id: peer, role: 'co' },
      ],
    });
    const studentIds: number[] = [];
    for (let i = 0; i < p.students; i++) {
      const name = p.names?.[i];
      const id = await this.student(name ? { firstName: name[0], surname: name[1] } : {});
      await this.enrol(courseRunId, id);
      studentIds.push(id);
    }
    const course = await this.db.selectFrom('course_runs').select('course_id').where('id', '=', courseRunId).executeTakeFirstOrThrow();
    return { courseRunId, courseId: course.course_id, sessionIds, studentIds, facilitatorIds: [lead, peer] };
  }
}
