// Outcomes: questionnaires entered item by item, destinations, anonymous satisfaction forms and the follow-up-due queue.
import { changedMeanwhile } from '../audit/changed-meanwhile';
import { pageInMemory } from '../db/paging';
import type { Selectable } from 'kysely';
import { DateTime } from 'luxon';
import { ApiError, validationError } from '../../contract/errors';
import { collegeToday } from '../../contract/dates';
import {
  scoreQuestionnaire,
  WELLBEING_SCALE_ITEMS,
  type CourseRunOption,
  type Destination,
  type FollowUpDue,
  type Questionnaire,
  type QuestionnaireFields,
  type StudentCourseRun,
} from '../../contract/outcomes';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { checkLifeDate } from '../students/life-dates';
import { findStudent } from '../students/repository';
import {
  courseRunOptions,
  courseRunsOfStudent,
  courseRunTitle,
  destinationsOfStudent,
  findDestination,
  findQuestionnaire,
  outcomeEnrolment,
  questionnairesOfStudent,
  sameTimepointQuestionnaire,
  satisfactionResponsesOfRun,
} from './repository';
import type { OutcomeTables, QuestionnairesTable } from './tables';

const ITEM_COLUMNS = [
  'item_1', 'item_2', 'item_3', 'item_4', 'item_5', 'item_6', 'item_7',
  'item_8', 'item_9', 'item_10', 'item_11', 'item_12', 'item_13', 'item_14',
] as const;
type ItemColumn = (typeof ITEM_COLUMNS)[number];

/** The questionnaire's columns: items (unused ones null), completeness and the stored scores. */
export function questionnaireColumns(f: Pick<QuestionnaireFields, 'scale' | 'items'>) {
  const s = scoreQuestionnaire(f.scale, f.items);
  const items = Object.fromEntries(ITEM_COLUMNS.map((c, i) => [c, i < f.items.length ? f.items[i] : null])) as Record<ItemColumn, number | null>;
  return {
    ...items,
    complete: s.complete ? 1 : 0,
    raw_score: s.raw,
    // Stored in hundredths so sums and means in SQL are exact.
    score_centi: s.score === null ? null : Math.round(s.score * 100),
  };
}

async function getQuestionnaire(db: Db, id: number): Promise<Questionnaire> {
  const r = await findQuestionnaire(db, id);
  if (!r) throw new ApiError('record.not-found', 'That questionnaire could not be found. It may have been removed.');
  return toQuestionnaire(r);
}

function toQuestionnaire(r: Selectable<QuestionnairesTable> & { display_name: string; title: string | null }): Questionnaire {
  const n = WELLBEING_SCALE_ITEMS[r.scale];
  return {
    id: r.id,
    studentId: r.student_id,
    courseRunId: r.course_run_id,
    courseTitle: r.title,
    scale: r.scale,
    timepoint: r.timepoint,
    completedOn: r.completed_on,
    items: ITEM_COLUMNS.slice(0, n).map((c) => r[c]),
    complete: r.complete === 1,
    rawScore: r.raw_score,
    score: r.score_centi === null ? null : r.score_centi / 100,
    enteredBy: r.display_name,
    enteredAt: r.entered_at,
    version: r.version,
  };
}

async function checkQuestionnaire(db: Db, f: QuestionnaireFields, now: Date, excludeId?: number): Promise<void> {
  await checkLifeDate(db, f.studentId, 'completedOn', f.completedOn, now);
  if (f.courseRunId !== null) {
    const e = await outcomeEnrolment(db, f.courseRunId, f.studentId);
    if (!e) throw validationError({ courseRunId: 'This student is not enrolled on that course. Please choose one of their courses.' });
  }
  // One questionnaire per student, course and time point (one baseline per student): a second is almost always a typing slip.
  if (await sameTimepointQuestionnaire(db, f, excludeId)) {
    throw new ApiError(
      'questionnaire.already-entered',
      f.timepoint === 'baseline'
        ? 'This student already has a baseline questionnaire. To change it, correct the one already entered.'
        : 'This student already has a questionnaire for this course at this time point. To change it, correct the one already entered.',
    );
  }
}

async function studentCourseRuns(db: Db, studentId: number): Promise<StudentCourseRun[]> {
  const rows = await courseRunsOfStudent(db, studentId);
  return rows.map((r) => ({ courseRunId: r.id, courseTitle: r.title, termName: r.name, status: r.status, firstSession: r.first, lastSession: r.last }));
}

/** When each follow-up questionnaire falls due after a course's last session, and when it becomes overdue. */
export const FOLLOW_UP_RULES = {
  // Due from the last week of the course; overdue two weeks after the last session.
  end: { dueFrom: { days: -7 }, dueOn: { days: 0 }, overdueAfter: { days: 14 } },
  '3m': { dueFrom: { months: 3, days: -14 }, dueOn: { months: 3 }, overdueAfter: { months: 3, days: 28 } },
  '6m': { dueFrom: { months: 6, days: -14 }, dueOn: { months: 6 }, overdueAfter: { months: 6, days: 28 } },
} as const;
/** Items drop off the queue this long after they became overdue: too late to ask. */
const GIVE_UP_AFTER = { days: 90 };

export async function followUpDue(db: Db, today: string): Promise<FollowUpDue[]> {
  const t = DateTime.fromISO(today, { zone: 'utc' });
  const earliestLast = t.minus({ months: 6, days: 28 }).minus(GIVE_UP_AFTER).toISODate()!;
  const latestLast = t.plus({ days: 7 }).toISODate()!;
  const runs = await db
    .selectFrom('sessions')
    .innerJoin('course_runs as cr', 'cr.id', 'sessions.course_run_id')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .select(['cr.id', 'c.title'])
    .select((eb) => eb.fn.max('sessions.date').as('last'))
    .where('sessions.status', '=', 'scheduled')
    .where('cr.cancelled_at', 'is', null)
    .groupBy(['cr.id', 'c.title'])
    .having((eb) => eb.fn.max('sessions.date'), '>=', earliestLast)
    .having((eb) => eb.fn.max('sessions.date'), '<=', latestLast)
    .execute();
  if (runs.length === 0) return [];
  const runIds = runs.map((r) => r.id);
  const enrolled = await db
    .selectFrom('enrolments as e')
    .innerJoin('students as s', 's.id', 'e.student_id')
    .select(['e.course_run_id', 's.id', 's.reference', 's.first_name', 's.surname', 's.preferred_name'])
    .where('e.course_run_id', 'in', runIds)
    .where('e.status', '=', 'enrolled')
    .where('s.archived_at', 'is', null)
    .execute();
  const recorded = await db
    .selectFrom('questionnaires')
    .select(['student_id', 'course_run_id', 'timepoint', 'complete'])
    .where('course_run_id', 'in', runIds)
    .execute();
  const has = new Set(recorded.map((q) => `${q.student_id}:${q.course_run_id}:${q.timepoint}`));
  const endComplete = new Set(recorded.filter((q) => q.timepoint === 'end' && q.complete === 1).map((q) => `${q.student_id}:${q.course_run_id}`));
  const runById = new Map(runs.map((r) => [r.id, r]));
  // A run's dates for each timepoint are the same for everyone on it: worked out once per run (date arithmetic is the
  // costly part of this list, and Today reads it every minute).
  const windows = new Map<string, { from: string; dueOn: string; overdueAfter: string; giveUpAfter: string }>();
  const windowOf = (run: (typeof runs)[number], timepoint: keyof typeof FOLLOW_UP_RULES) => {
    const key = `${run.id}:${timepoint}`;
    let w = windows.get(key);
    if (!w) {
      const last = DateTime.fromISO(run.last as string, { zone: 'utc' });
      const rule = FOLLOW_UP_RULES[timepoint];
      const overdueAfter = last.plus(rule.overdueAfter);
      w = { from: last.plus(rule.dueFrom).toISODate()!, dueOn: last.plus(rule.dueOn).toISODate()!, overdueAfter: overdueAfter.toISODate()!, giveUpAfter: overdueAfter.plus(GIVE_UP_AFTER).toISODate()! };
      windows.set(key, w);
    }
    return w;
  };
  const out: FollowUpDue[] = [];
  for (const e of enrolled) {
    const run = runById.get(e.course_run_id)!;
    for (const timepoint of ['end', '3m', '6m'] as const) {
      // 3- and 6-month questionnaires are optional: asked only of students who answered at the end of the course.
      if (timepoint !== 'end' && !endComplete.has(`${e.id}:${e.course_run_id}`)) continue;
      if (has.has(`${e.id}:${e.course_run_id}:${timepoint}`)) continue;
      const w = windowOf(run, timepoint);
      if (today < w.from || today > w.giveUpAfter) continue;
      out.push({
        studentId: e.id,
        reference: e.reference,
        name: `${e.preferred_name ?? e.first_name} ${e.surname}`,
        courseRunId: e.course_run_id,
        courseTitle: run.title,
        timepoint,
        dueOn: w.dueOn,
        overdue: today > w.overdueAfter,
      });
    }
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.name.localeCompare(b.name));
}

async function getDestination(db: Db, id: number): Promise<Destination> {
  return toDestination((await findDestination(db, id))!);
}

function toDestination(r: Selectable<OutcomeTables['destinations']> & { display_name: string }): Destination {
  return {
    id: r.id,
    studentId: r.student_id,
    kind: r.kind,
    withCollege: r.with_college === 1,
    onDate: r.on_date,
    notes: r.notes,
    enteredBy: r.display_name,
    enteredAt: r.entered_at,
  };
}

async function assertCourseRun(db: Db, courseRunId: number): Promise<{ title: string }> {
  const run = await courseRunTitle(db, courseRunId);
  if (!run) throw validationError({ courseRunId: 'That course run could not be found. Please choose another.' });
  return run;
}

function today(ctx: Pick<StaffContext, 'now'>): string {
  return collegeToday(ctx.now());
}

export const outcomeHandlers: HandlersFor<'outcomes.'> = {
  'outcomes.forStudent': async (ctx, input) => {
    const student = await findStudent(ctx.db, input.studentId);
    if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
    const { wellbeingScale } = await readSettings(ctx.db);
    const qs = await questionnairesOfStudent(ctx.db, input.studentId);
    const ds = await destinationsOfStudent(ctx.db, input.studentId);
    return {
      studentId: input.studentId,
      scale: wellbeingScale,
      questionnaires: qs.map(toQuestionnaire),
      destinations: ds.map(toDestination),
      courseRuns: await studentCourseRuns(ctx.db, input.studentId),
    };
  },

  'outcomes.recordQuestionnaire': async (ctx, input) => {
    await checkQuestionnaire(ctx.db, input, ctx.now());
    const now = ctx.now().toISOString();
    const { id } = await ctx.db
      .insertInto('questionnaires')
      .values({
        student_id: input.studentId,
        course_run_id: input.courseRunId,
        scale: input.scale,
        timepoint: input.timepoint,
        completed_on: input.completedOn,
        ...questionnaireColumns(input),
        entered_by: ctx.staff.id,
        entered_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const q = await getQuestionnaire(ctx.db, id);
    ctx.audit({
      action: 'create',
      entity: 'questionnaire',
      entityId: id,
      summary: `${input.scale} ${input.timepoint} for student ${input.studentId}${q.complete ? '' : ' (incomplete)'}`,
    });
    return q;
  },

  'outcomes.correctQuestionnaire': async (ctx, input) => {
    const before = await getQuestionnaire(ctx.db, input.id);
    if (before.version !== input.version) {
      throw await changedMeanwhile(ctx.db, 'questionnaire', input.id, 'questionnaire');
    }
    if (before.studentId !== input.fields.studentId) throw validationError({ studentId: 'A questionnaire cannot be moved to another student; remove it and enter it again.' });
    await checkQuestionnaire(ctx.db, input.fields, ctx.now(), input.id);
    // Compare-and-set on the version in the one statement, so a correction saved by another desk in between is never overwritten.
    const saved = await ctx.db
      .updateTable('questionnaires')
      .set((eb) => ({
        course_run_id: input.fields.courseRunId,
        scale: input.fields.scale,
        timepoint: input.fields.timepoint,
        completed_on: input.fields.completedOn,
        ...questionnaireColumns(input.fields),
        updated_at: ctx.now().toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) === 0) throw await changedMeanwhile(ctx.db, 'questionnaire', input.id, 'questionnaire');
    ctx.audit({ action: 'correct', entity: 'questionnaire', entityId: input.id, fields: ['items', 'completedOn', 'timepoint', 'courseRunId', 'scale'] });
    return getQuestionnaire(ctx.db, input.id);
  },

  'outcomes.deleteQuestionnaire': async (ctx, input) => {
    const q = await getQuestionnaire(ctx.db, input.id);
    await ctx.db.deleteFrom('questionnaires').where('id', '=', input.id).execute();
    ctx.audit({ action: 'delete', entity: 'questionnaire', entityId: input.id, summary: `${q.scale} ${q.timepoint} for student ${q.studentId}: ${input.reason}` });
    return null;
  },

  'outcomes.recordDestination': async (ctx, input) => {
    await checkLifeDate(ctx.db, input.studentId, 'onDate', input.onDate, ctx.now());
    if (input.withCollege && input.kind !== 'volunteering_started') throw validationError({ withCollege: '“With the college” applies to volunteering only.' });
    const { id } = await ctx.db
      .insertInto('destinations')
      .values({
        student_id: input.studentId,
        kind: input.kind,
        with_college: input.withCollege ? 1 : 0,
        on_date: input.onDate,
        notes: input.notes,
        entered_by: ctx.staff.id,
        entered_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'destination', entityId: id, summary: `${input.kind} for student ${input.studentId}` });
    return getDestination(ctx.db, id);
  },

  'outcomes.deleteDestination': async (ctx, input) => {
    const d = await findDestination(ctx.db, input.id);
    if (!d) throw new ApiError('record.not-found', 'That destination could not be found. It may have been removed.');
    await ctx.db.deleteFrom('destinations').where('id', '=', input.id).execute();
    ctx.audit({ action: 'delete', entity: 'destination', entityId: input.id, summary: `${d.kind} for student ${d.student_id}: ${input.reason}` });
    return null;
  },

  'outcomes.followUpDue': async (ctx) => followUpDue(ctx.db, today(ctx)),

  'outcomes.questionnairesDue': async (ctx, input) => {
    let due = await followUpDue(ctx.db, today(ctx));
    if (input.overdueOnly) due = due.filter((d) => d.overdue);
    const words = input.query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length) due = due.filter((d) => words.every((w) => `${d.name} ${d.reference} ${d.courseTitle}`.toLowerCase().includes(w)));
    return pageInMemory(
      due,
      { student: (d) => d.name, course: (d) => d.courseTitle, questionnaire: (d) => ['end', '3m', '6m'].indexOf(d.timepoint), due: (d) => d.dueOn },
      (d) => `${String(d.studentId).padStart(10, '0')}:${String(d.courseRunId).padStart(10, '0')}:${d.timepoint}`,
      input,
    );
  },

  'outcomes.courseRunOptions': async (ctx, input) => {
    const rows = await courseRunOptions(ctx.db, input.query.trim());
    return rows.map((r): CourseRunOption => ({ courseRunId: r.id, courseTitle: r.title, termName: r.name, lastSession: r.last }));
  },

  'outcomes.recordSatisfaction': async (ctx, input) => {
    await assertCourseRun(ctx.db, input.courseRunId);
    if (input.receivedOn > today(ctx)) throw validationError({ receivedOn: 'Please use today’s date or an earlier one.' });
    if (input.rating === null && input.wouldRecommend === null && input.comment === null) {
      throw validationError({ rating: 'This form is blank: please enter at least the rating, the recommendation or a comment.' });
    }
    const { id } = await ctx.db
      .insertInto('satisfaction_responses')
      .values({
        course_run_id: input.courseRunId,
        received_on: input.receivedOn,
        rating: input.rating,
        would_recommend: input.wouldRecommend === null ? null : input.wouldRecommend ? 1 : 0,
        comment: input.comment,
        entered_by: ctx.staff.id,
        entered_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'satisfaction', entityId: id, summary: `Form for course run ${input.courseRunId}` });
    return { id, receivedOn: input.receivedOn, rating: input.rating, wouldRecommend: input.wouldRecommend, comment: input.comment };
  },

  'outcomes.satisfactionForRun': async (ctx, input) => {
    const run = await assertCourseRun(ctx.db, input.courseRunId);
    const rows = await satisfactionResponsesOfRun(ctx.db, input.courseRunId);
    const rated = rows.filter((r) => r.rating !== null);
    const answered = rows.filter((r) => r.would_recommend !== null);
    return {
      courseRunId: input.courseRunId,
      courseTitle: run.title,
      responses: rows.map((r) => ({
        id: r.id,
        receivedOn: r.received_on,
        rating: r.rating,
        wouldRecommend: r.would_recommend === null ? null : r.would_recommend === 1,
        comment: r.comment,
      })),
      meanRating: rated.length ? Math.round((rated.reduce((a, r) => a + r.rating!, 0) / rated.length) * 10) / 10 : null,
      recommendPercent: answered.length ? Math.round((answered.filter((r) => r.would_recommend === 1).length / answered.length) * 1000) / 10 : null,
    };
  },
};
