// Attendance figures for a course run and for a student, computed with the definitions in attendance.ts.
import { ApiError } from '../../contract/errors';
import type { Mark, RunAttendance, RunSessionSummary, StudentAttendance, StudentRunAttendance } from '../../contract/registers';
import type { Db } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { figuresFor, isAttended, isComplete, isExpectedOn, isHeld, type CollegeNow, type StudentSession } from './attendance';
import { byName, loadRunEnrolments } from './queries';

/** A run's sessions with their timing and whether they (or the whole run) were cancelled. */
export async function runSessions(db: Db, courseRunIds: readonly number[]): Promise<Map<number, StudentSession[]>> {
  const out = new Map<number, StudentSession[]>();
  if (courseRunIds.length === 0) return out;
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
    .select(['s.id', 's.course_run_id', 's.date', 's.start_time', 's.status', 'r.cancelled_at'])
    .where('s.course_run_id', 'in', courseRunIds)
    .orderBy('s.date')
    .orderBy('s.start_time')
    .orderBy('s.id')
    .execute();
  for (const r of rows) {
    let list = out.get(r.course_run_id);
    if (!list) out.set(r.course_run_id, (list = []));
    list.push({ id: r.id, date: r.date, startTime: r.start_time, cancelled: r.status === 'cancelled' || r.cancelled_at !== null });
  }
  return out;
}

export async function runAttendance(db: Db, now: CollegeNow, courseRunId: number): Promise<RunAttendance> {
  const run = await db
    .selectFrom('course_runs as r')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['r.id', 'c.title', 't.name'])
    .where('r.id', '=', courseRunId)
    .executeTakeFirst();
  if (!run) throw new ApiError('NOT_FOUND', 'That course run could not be found.');
  const { completionThresholdPercent } = await readSettings(db);
  const sessions = (await runSessions(db, [courseRunId])).get(courseRunId) ?? [];
  const enrolments = (await loadRunEnrolments(db, courseRunId)).filter((e) => e.status !== 'waiting');
  const marks = await db
    .selectFrom('attendance as a')
    .innerJoin('sessions as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.student_id', 'a.mark'])
    .where('s.course_run_id', '=', courseRunId)
    .execute();
  const byStudent = new Map<number, Map<number, Mark>>();
  for (const m of marks) {
    let map = byStudent.get(m.student_id);
    if (!map) byStudent.set(m.student_id, (map = new Map()));
    map.set(m.session_id, m.mark);
  }
  const students = enrolments
    .map((e) => ({
      studentId: e.studentId,
      reference: e.reference,
      firstName: e.firstName,
      surname: e.surname,
      status: e.status,
      enrolledOn: e.enrolledOn,
      withdrawnOn: e.withdrawnOn,
      ...figuresFor(sessions, e, byStudent.get(e.studentId) ?? new Map(), now, completionThresholdPercent),
    }))
    .sort(byName);
  const summaries: RunSessionSummary[] = sessions.map((s) => {
    let expected = 0;
    let marked = 0;
    let attended = 0;
    for (const e of enrolments) {
      const mark = byStudent.get(e.studentId)?.get(s.id);
      if (isExpectedOn(e, s.date) || mark) expected++;
      if (mark) marked++;
      if (isAttended(mark)) attended++;
    }
    return { sessionId: s.id, date: s.date, startTime: s.startTime, cancelled: s.cancelled, held: isHeld(s, now), expected, marked, attended };
  });
  return {
    courseRunId,
    courseTitle: run.title,
    termName: run.name,
    thresholdPercent: completionThresholdPercent,
    sessions: summaries,
    students,
    heldSessions: summaries.filter((s) => s.held).length,
    completers: students.filter((s) => isComplete(s.attended, s.held, completionThresholdPercent)).length,
  };
}

export async function studentAttendance(db: Db, now: CollegeNow, studentId: number): Promise<StudentAttendance> {
  const student = await db.selectFrom('students').select('id').where('id', '=', studentId).executeTakeFirst();
  if (!student) throw new ApiError('NOT_FOUND', 'That student record could not be found.');
  const { completionThresholdPercent } = await readSettings(db);
  const enrolments = await db
    .selectFrom('enrolments as e')
    .innerJoin('course_runs as r', 'r.id', 'e.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['e.course_run_id', 'e.status', 'e.enrolled_on', 'e.withdrawn_on', 'e.created_at', 'e.updated_at', 'c.title', 't.name', 't.starts_on'])
    .where('e.student_id', '=', studentId)
    .where('e.status', '!=', 'waiting')
    .orderBy('t.starts_on', 'desc')
    .orderBy('c.title')
    .execute();
  const sessions = await runSessions(
    db,
    enrolments.map((e) => e.course_run_id),
  );
  const marks = await db
    .selectFrom('attendance')
    .select(['session_id', 'mark'])
    .where('student_id', '=', studentId)
    .execute();
  const markMap = new Map(marks.map((m) => [m.session_id, m.mark]));
  const runs: StudentRunAttendance[] = enrolments.map((e) => ({
    courseRunId: e.course_run_id,
    courseTitle: e.title,
    termName: e.name,
    status: e.status,
    ...figuresFor(
      sessions.get(e.course_run_id) ?? [],
      { status: e.status, enrolledOn: e.enrolled_on, withdrawnOn: e.withdrawn_on, createdAt: e.created_at, updatedAt: e.updated_at },
      markMap,
      now,
      completionThresholdPercent,
    ),
  }));
  return { studentId, thresholdPercent: completionThresholdPercent, runs };
}
