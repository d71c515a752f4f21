// Test helper: inserts timetable, register, consent and outcome rows directly with Kysely, so outcome and return
// tests do not depend on the scheduling or registers services. Each function returns the new row's id.
import type { Kysely } from 'kysely';
import type { Database } from '../../src-main/core/db/schema';

const AT = '2025-01-01T09:00:00.000Z';

export function returnsFixtures(db: Kysely<Database>, staffId = 1) {
  let students = 0;
  const ins = async <T extends keyof Database & string>(table: T, values: Record<string, unknown>): Promise<number> => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test helper writing rows of many tables
    const r = await (db as Kysely<any>).insertInto(table).values(values).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  };
  let termId: number | null = null;
  let venueId: number | null = null;

  return {
    async student(over: Partial<Database['students']> = {}): Promise<number> {
      students++;
      return ins('students', {
        reference: `RC-T${String(students).padStart(5, '0')}`,
        first_name: `Student${students}`,
        surname: 'Fixture',
        date_of_birth: '1980-01-01',
        referral_source: 'self',
        secondary_mh_services: 'no',
        ethnic_category: 'Z',
        gender_identity: 'Z',
        employment_status: 'ZZ',
        created_at: AT,
        updated_at: AT,
        ...over,
      });
    },
    async consent(studentId: number, givenOn: string, withdrawnOn: string | null = null): Promise<number> {
      return ins('data_sharing_consents', { student_id: studentId, given_on: givenOn, withdrawn_on: withdrawnOn, recorded_by: staffId, recorded_at: AT });
    },
    async courseRun(title: string, over: Partial<Database['course_runs']> = {}): Promise<number> {
      termId ??= await ins('terms', { name: 'Fixture term', starts_on: '2025-01-01', ends_on: '2025-12-31', created_at: AT });
      venueId ??= await ins('venues', { name: 'Fixture venue' });
      const courseId = await ins('courses', {
        title,
        sessions_count: 5,
        default_session_minutes: 120,
        default_capacity: 15,
        created_at: AT,
        updated_at: AT,
      });
      return ins('course_runs', { course_id: courseId, term_id: termId, venue_id: venueId, capacity: 15, created_at: AT, updated_at: AT, ...over });
    },
    async facilitator(kind: 'staff' | 'peer_trainer' | 'volunteer', firstName: string = kind): Promise<number> {
      return ins('facilitators', { first_name: firstName, surname: 'Fixture', kind, created_at: AT });
    },
    async team(courseRunId: number, facilitatorIds: number[]): Promise<void> {
      for (const [i, f] of facilitatorIds.entries()) {
        await db.insertInto('course_run_facilitators').values({ course_run_id: courseRunId, facilitator_id: f, role: i === 0 ? 'lead' : 'co' }).execute();
      }
    },
    /** A session on a date, wall-clock times; `starts_at`/`ends_at` written as if UTC (fine for these tests). */
    async session(courseRunId: number, date: string, opts: { start?: string; end?: string; cancelled?: boolean } = {}): Promise<number> {
      const start = opts.start ?? '10:00';
      const end = opts.end ?? '12:00';
      return ins('sessions', {
        course_run_id: courseRunId,
        date,
        start_time: start,
        end_time: end,
        starts_at: `${date}T${start}:00.000Z`,
        ends_at: `${date}T${end}:00.000Z`,
        status: opts.cancelled ? 'cancelled' : 'scheduled',
        created_at: AT,
        updated_at: AT,
      });
    },
    async enrol(courseRunId: number, studentId: number, enrolledOn: string | null, status: 'enrolled' | 'waiting' | 'withdrawn' = 'enrolled'): Promise<number> {
      return ins('enrolments', {
        course_run_id: courseRunId,
        student_id: studentId,
        status,
        enrolled_on: enrolledOn,
        waiting_since: status === 'waiting' ? AT : null,
        withdrawn_on: status === 'withdrawn' ? enrolledOn : null,
        created_at: AT,
        updated_at: AT,
      });
    },
    async mark(sessionId: number, studentId: number, mark: 'present' | 'late' | 'absent' | 'apologies'): Promise<number> {
      return ins('attendance', { session_id: sessionId, student_id: studentId, mark, marked_by: staffId, marked_at: AT });
    },
    async delivered(sessionId: number, facilitatorIds: number[]): Promise<void> {
      for (const f of facilitatorIds) {
        await db.insertInto('session_delivery').values({ session_id: sessionId, facilitator_id: f, recorded_by: staffId, recorded_at: AT }).execute();
      }
    },
    async destination(studentId: number, kind: Database['destinations']['kind'], onDate: string, withCollege = false): Promise<number> {
      return ins('destinations', { student_id: studentId, kind, on_date: onDate, with_college: withCollege ? 1 : 0, entered_by: staffId, entered_at: AT });
    },
    async satisfaction(courseRunId: number, receivedOn: string, rating: number | null, wouldRecommend: boolean | null, comment: string | null = null): Promise<number> {
      return ins('satisfaction_responses', {
        course_run_id: courseRunId,
        received_on: receivedOn,
        rating,
        would_recommend: wouldRecommend === null ? null : wouldRecommend ? 1 : 0,
        comment,
        entered_by: staffId,
        entered_at: AT,
      });
    },
  };
}

export type ReturnsFixtures = ReturnType<typeof returnsFixtures>;
