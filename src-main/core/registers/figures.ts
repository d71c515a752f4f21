// Attendance figures for a course run and for a student, read from the one SQL definition in place-figures.ts.
import { ApiError } from '../../contract/errors';
import type { RunAttendance, RunSessionSummary, StudentAttendance, StudentRunAttendance } from '../../contract/registers';
import type { Db } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { ratePercent, type CollegeNow } from './attendance';
import { placeFigures, sessionFigures, type PlaceFigureRow } from './place-figures';
import { findStudent } from '../students/repository';
import { byName, findRunTitles, loadRunEnrolments, placesOfStudent, runSessions } from './queries';

export { runSessions };

const figuresOf = (p: PlaceFigureRow | undefined) => ({
  held: p?.held ?? 0,
  attended: p?.attended ?? 0,
  ratePercent: ratePercent(p?.attended ?? 0, p?.held ?? 0),
  completed: p?.completed === 1,
  placeStatus: p?.status ?? 'continuing',
});

export async function runAttendance(db: Db, now: CollegeNow, courseRunId: number): Promise<RunAttendance> {
  const run = await findRunTitles(db, courseRunId);
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
  const student = await findStudent(db, studentId);
  if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
  const { completionThresholdPercent } = await readSettings(db);
  const enrolments = await placesOfStudent(db, studentId);
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

