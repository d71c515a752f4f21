// Reading outcomes data: questionnaires, destinations, satisfaction forms and the course runs they belong to. Writers stay
// beside their handlers; the follow-up-due queue keeps its own queries in outcomes.ts.
import { sql } from 'kysely';
import type { QuestionnaireTimepoint } from '../../contract/outcomes';
import type { Db } from '../api/handlers';

/** Questionnaires with who entered them and their course's title. */
function questionnaireQuery(db: Db) {
  return db
    .selectFrom('questionnaires as q')
    .innerJoin('staff', 'staff.id', 'q.entered_by')
    .leftJoin('course_runs as cr', 'cr.id', 'q.course_run_id')
    .leftJoin('courses as c', 'c.id', 'cr.course_id')
    .selectAll('q')
    .select(['staff.display_name', 'c.title']);
}

export async function findQuestionnaire(db: Db, id: number) {
  return questionnaireQuery(db).where('q.id', '=', id).executeTakeFirst();
}

/** A student's questionnaires, latest first. */
export async function questionnairesOfStudent(db: Db, studentId: number) {
  return questionnaireQuery(db).where('q.student_id', '=', studentId).orderBy('q.completed_on', 'desc').orderBy('q.id', 'desc').execute();
}

/**
 * Another questionnaire for the same student and time point (and, after the baseline, the same course run), if any.
 * `excludeId` is the one being corrected.
 */
export async function sameTimepointQuestionnaire(
  db: Db,
  f: { studentId: number; timepoint: QuestionnaireTimepoint; courseRunId: number | null },
  excludeId?: number,
) {
  let dup = db.selectFrom('questionnaires').select('id').where('student_id', '=', f.studentId).where('timepoint', '=', f.timepoint);
  if (f.timepoint !== 'baseline') dup = dup.where('course_run_id', '=', f.courseRunId);
  if (excludeId !== undefined) dup = dup.where('id', '!=', excludeId);
  return dup.executeTakeFirst();
}

/** The student's enrolment on a run that outcomes may be recorded against (enrolled or since withdrawn), if any. */
export async function outcomeEnrolment(db: Db, courseRunId: number, studentId: number) {
  return db
    .selectFrom('enrolments')
    .select('id')
    .where('course_run_id', '=', courseRunId)
    .where('student_id', '=', studentId)
    .where('status', 'in', ['enrolled', 'withdrawn'])
    .executeTakeFirst();
}

/** The course runs a student has an enrolment on, with first and last scheduled session, latest first. */
export async function courseRunsOfStudent(db: Db, studentId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('course_runs as cr', 'cr.id', 'e.course_run_id')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .innerJoin('terms as t', 't.id', 'cr.term_id')
    .leftJoin('sessions as s', (j) => j.onRef('s.course_run_id', '=', 'cr.id').on('s.status', '=', 'scheduled'))
    .select(['cr.id', 'c.title', 't.name', 'e.status'])
    .select((eb) => [eb.fn.min('s.date').as('first'), eb.fn.max('s.date').as('last')])
    .where('e.student_id', '=', studentId)
    .groupBy(['cr.id', 'c.title', 't.name', 'e.status'])
    // A run with no session yet last, as SQLite sorts NULL by default (PostgreSQL would put it first).
    .orderBy('first', (ob) => ob.desc().nullsLast())
    .orderBy('cr.id', 'desc')
    .execute();
}

/** Destinations with who entered them. */
function destinationQuery(db: Db) {
  return db.selectFrom('destinations as d').innerJoin('staff', 'staff.id', 'd.entered_by').selectAll('d').select('staff.display_name');
}

export async function findDestination(db: Db, id: number) {
  return destinationQuery(db).where('d.id', '=', id).executeTakeFirst();
}

/** A student's destinations, latest first. */
export async function destinationsOfStudent(db: Db, studentId: number) {
  return destinationQuery(db).where('d.student_id', '=', studentId).orderBy('d.on_date', 'desc').execute();
}

/** A course run's title, or undefined if there is no such run. */
export async function courseRunTitle(db: Db, courseRunId: number) {
  return db.selectFrom('course_runs as cr').innerJoin('courses as c', 'c.id', 'cr.course_id').select('c.title').where('cr.id', '=', courseRunId).executeTakeFirst();
}

/** Up to 50 runs not cancelled whose course title or term name contains `query`, latest last session first. */
export async function courseRunOptions(db: Db, query: string) {
  let q = db
    .selectFrom('course_runs as cr')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .innerJoin('terms as t', 't.id', 'cr.term_id')
    .leftJoin('sessions as s', (j) => j.onRef('s.course_run_id', '=', 'cr.id').on('s.status', '=', 'scheduled'))
    .select(['cr.id', 'c.title', 't.name'])
    .select((eb) => eb.fn.max('s.date').as('last'))
    .where('cr.cancelled_at', 'is', null)
    .groupBy(['cr.id', 'c.title', 't.name']);
  // lower() on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
  const contains = sql<string>`lower(${`%${query}%`})`;
  if (query) q = q.where((eb) => eb.or([eb(eb.fn('lower', ['c.title']), 'like', contains), eb(eb.fn('lower', ['t.name']), 'like', contains)]));
  return q.orderBy('last', (ob) => ob.desc().nullsLast()).orderBy('cr.id', 'desc').limit(50).execute();
}

/** A run's satisfaction forms in the order they were received. */
export async function satisfactionResponsesOfRun(db: Db, courseRunId: number) {
  return db
    .selectFrom('satisfaction_responses')
    .select(['id', 'received_on', 'rating', 'would_recommend', 'comment'])
    .where('course_run_id', '=', courseRunId)
    .orderBy('received_on')
    .orderBy('id')
    .execute();
}
