// Attendance figures for a course run and for a student, read from the one SQL definition in place-figures.ts.
import { ApiError } from '../../contract/errors';
import type { RunAttendance, RunSessionSummary, StudentAttendance, StudentRunAttendance } from '../../contract/registers';
import type { Db } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { ratePercent, type CollegeNow, type StudentSession } from './attendance';
import { heldSql, placeFigures, sessionFigures, type PlaceFigureRow } from './place-figures';
import { byName, loadRunEnrolments } from './queries';

/** A run's sessions with their timing, whether they were cancelled, and whether they have been held by now. */
export async function runSessions(db: Db, now: CollegeNow, courseRunIds: readonly number[]): Promise<Map<number, StudentSession[]>> {
  const out = new Map<number, StudentSession[]>();
  if (courseRunIds.length === 0) return out;
  const rows = await db
    .selectFrom('sessions as s')
    .select(['s.id', 's.course_run_id', 's.date', 's.start_time', 's.status'])
    .select(heldSql(now, 's').as('held'))
    .where('s.course_run_id', 'in', courseRunIds)
    .orderBy('s.date')
    .orderBy('s.start_time')
    .orderBy('s.id')
    .execute();
  for (const r of rows) {
    let list = out.get(r.course_run_id);
    if (!list) out.set(r.course_run_id, (list = []));
    list.push({ id: r.id, date: r.date, startTime: r.start_time, cancelled: r.status === 'cancelled', held: Boolean(r.held) });
  }
  return out;
}

const figuresOf = (p: PlaceFigureRow | undefined) => ({
  held: p?.held ?? 0,
  attended: p?.attended ?? 0,
  ratePercent: ratePercent(p?.attended ?? 0, p?.held ?? 0),
  completed: p?.completed === 1,
  placeStatus: p?.status ?? 'continuing',
});

export async function runAttendance(db: Db, now: CollegeNow, courseRunId: number): Promise<RunAttendance> {
  const run = await db
    .selectFrom('course_runs as r')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['r.id', 'c.title', 't.name'])
    .where('r.id', '=', courseRunId)
    .executeTakeFirst();
  if (!run) throw new ApiError('record.not-found', 'That course run could not be found.');
  const { completionThresholdPercent } = await readSettings(db);
  const sessions = (await runSessions(db, now, [courseRunId])).get(courseRunId) ?? [];
  const enrolments = (await loadRunEnrolments(db, courseRunId)).filter((e) => e.status !== 'waiting');
  const places = new Map((await placeFigures(db, now, completionThresholdPercent, { runIds: [courseRunId] })).map((p) => [p.student_id, p]));
  const perSession = await sessionFigures(db, now, courseRunId);
  const students = enrolments
    .map((e) => ({
      studentId: e.studentId,
      reference: e.reference,
      firstName: e.firstName,
      surname: e.surname,
      status: e.status,
      enrolledOn: e.enrolledOn,
      withdrawnOn: e.withdrawnOn,
      ...figuresOf(places.get(e.studentId)),
    }))
    .sort(byName);
  const summaries: RunSessionSummary[] = sessions.map((s) => {
    const f = perSession.get(s.id);
    return { sessionId: s.id, date: s.date, startTime: s.startTime, cancelled: s.cancelled, held: s.held, expected: f?.expected ?? 0, marked: f?.marked ?? 0, attended: f?.attended ?? 0 };
  });
  return {
    courseRunId,
    courseTitle: run.title,
    termName: run.name,
    thresholdPercent: completionThresholdPercent,
    sessions: summaries,
    students,
    heldSessions: summaries.filter((s) => s.held).length,
    completers: students.filter((s) => s.completed).length,
  };
}

export async function studentAttendance(db: Db, now: CollegeNow, studentId: number): Promise<StudentAttendance> {
  const student = await db.selectFrom('students').select('id').where('id', '=', studentId).executeTakeFirst();
  if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
  const { completionThresholdPercent } = await readSettings(db);
  const enrolments = await db
    .selectFrom('enrolments as e')
    .innerJoin('course_runs as r', 'r.id', 'e.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['e.course_run_id', 'e.status', 'c.title', 't.name', 't.starts_on'])
    .where('e.student_id', '=', studentId)
    .where('e.status', '!=', 'waiting')
    .orderBy('t.starts_on', 'desc')
    .orderBy('c.title')
    .execute();
  const places = new Map((await placeFigures(db, now, completionThresholdPercent, { studentId })).map((p) => [p.course_run_id, p]));
  const runs: StudentRunAttendance[] = enrolments.map((e) => ({
    courseRunId: e.course_run_id,
    courseTitle: e.title,
    termName: e.name,
    status: e.status,
    ...figuresOf(places.get(e.course_run_id)),
  }));
  return { studentId, thresholdPercent: completionThresholdPercent, runs };
}

