// Enrolment: places up to capacity, then a waiting list that promotes in order (waiting longest first) when a place frees.
import { ApiError } from '../../contract/errors';
import { collegeToday } from '../../contract/dates';
import type { PromotedStudent } from '../../contract/scheduling';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { checkClashes, type Candidate } from './clashes';
import { enrolmentRows, notFound, personName, runRow } from './rows';

type H = HandlersFor<'scheduling.'>;
type Ctx = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

async function enrolledCount(db: Db, runId: number): Promise<number> {
  const r = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('course_run_id', '=', runId)
    .where('status', '=', 'enrolled')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Fills free places from the waiting list, in order; returns who was promoted. The caller owns the transaction. */
export async function promoteWaiting(trx: Db, ctx: Ctx, runId: number): Promise<PromotedStudent[]> {
  const run = await runRow(trx, runId);
  const free = run.capacity - (await enrolledCount(trx, runId));
  if (free <= 0) return [];
  const next = await trx
    .selectFrom('enrolments as e')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .select(['e.id', 'e.student_id', 'st.reference', 'st.first_name', 'st.surname', 'st.preferred_name'])
    .where('e.course_run_id', '=', runId)
    .where('e.status', '=', 'waiting')
    .orderBy('e.waiting_since')
    .orderBy('e.id')
    .limit(free)
    .execute();
  const now = ctx.now().toISOString();
  const today = collegeToday(ctx.now());
  const promoted: PromotedStudent[] = [];
  for (const w of next) {
    await trx.updateTable('enrolments').set({ status: 'enrolled', enrolled_on: today, promoted_at: now, updated_at: now }).where('id', '=', w.id).execute();
    ctx.audit({ action: 'promote', entity: 'enrolment', entityId: w.id, fields: ['status'], summary: `Promoted from the waiting list of run ${runId}` });
    promoted.push({ studentId: w.student_id, reference: w.reference, name: personName(w) });
  }
  return promoted;
}

async function enrolmentOf(db: Db, runId: number, studentId: number) {
  const row = (await enrolmentRows(db, runId)).find((e) => e.studentId === studentId);
  if (!row) throw notFound('enrolment');
  return row;
}

export const enrolmentHandlers = {
  'scheduling.enrol': async (ctx, { runId, studentId, confirmStudentClash }) => {
    const run = await runRow(ctx.db, runId);
    if (run.cancelled_at) throw new ApiError('CONFLICT', 'This course run has been cancelled, so nobody can be enrolled on it.');
    const student = await ctx.db.selectFrom('students').selectAll().where('id', '=', studentId).executeTakeFirst();
    if (!student) throw notFound('student record');
    const name = personName(student);
    if (student.archived_at) throw new ApiError('CONFLICT', `${name}’s record is archived. Restore it before enrolling them.`);
    const existing = await ctx.db.selectFrom('enrolments').selectAll().where('course_run_id', '=', runId).where('student_id', '=', studentId).executeTakeFirst();
    if (existing?.status === 'enrolled') throw new ApiError('CONFLICT', `${name} is already enrolled on this course run.`);
    if (existing?.status === 'waiting') {
      const pos = (await enrolmentOf(ctx.db, runId, studentId)).waitingPosition;
      throw new ApiError('CONFLICT', `${name} is already on the waiting list for this course run (place ${pos}).`);
    }

    // Warn (once, before they hold a place or a waiting-list spot) if the run's sessions overlap their other courses.
    const upcoming = await ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('course_run_id', '=', runId)
      .where('status', '=', 'scheduled')
      .where('date', '>=', collegeToday(ctx.now()))
      .execute();
    const candidates: Candidate[] = upcoming.map((s) => ({ date: s.date, startTime: s.start_time, endTime: s.end_time, startsAt: s.starts_at, endsAt: s.ends_at, roomId: s.room_id }));
    await checkClashes(ctx.db, candidates, { runId, checkRooms: false, facilitatorIds: [], studentIds: [studentId], confirmStudentClash });

    // Nobody jumps the queue: fill any free places from the waiting list first.
    await promoteWaiting(ctx.db, ctx, runId);
    const waitingAhead = await ctx.db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('course_run_id', '=', runId)
      .where('status', '=', 'waiting')
      .executeTakeFirstOrThrow();
    const status = (await enrolledCount(ctx.db, runId)) < run.capacity && Number(waitingAhead.n) === 0 ? 'enrolled' : 'waiting';
    const now = ctx.now().toISOString();
    const values = {
      status,
      enrolled_on: status === 'enrolled' ? collegeToday(ctx.now()) : null,
      waiting_since: status === 'waiting' ? now : null,
      promoted_at: null,
      withdrawn_on: null,
      withdraw_reason: null,
      updated_at: now,
    } as const;
    let id: number;
    if (existing) {
      await ctx.db.updateTable('enrolments').set(values).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      id = (await ctx.db.insertInto('enrolments').values({ ...values, course_run_id: runId, student_id: studentId, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    ctx.audit({
      action: status === 'enrolled' ? 'enrol' : 'join-waiting-list',
      entity: 'enrolment',
      entityId: id,
      fields: ['status'],
      summary: `Student ${student.reference} on run ${runId}${confirmStudentClash ? ' (clash confirmed)' : ''}`,
    });
    const enrolment = await enrolmentOf(ctx.db, runId, studentId);
    return { enrolment, status };
  },

  'scheduling.withdraw': async (ctx, { runId, studentId, reason }) => {
    await runRow(ctx.db, runId);
    const e = await ctx.db.selectFrom('enrolments').selectAll().where('course_run_id', '=', runId).where('student_id', '=', studentId).executeTakeFirst();
    if (!e || e.status === 'withdrawn') throw new ApiError('CONFLICT', 'This student is not enrolled or waiting on this course run, so there is nothing to withdraw.');
    const now = ctx.now().toISOString();
    await ctx.db
      .updateTable('enrolments')
      .set({ status: 'withdrawn', withdrawn_on: collegeToday(ctx.now()), withdraw_reason: reason, updated_at: now })
      .where('id', '=', e.id)
      .execute();
    ctx.audit({
      action: e.status === 'waiting' ? 'leave-waiting-list' : 'withdraw',
      entity: 'enrolment',
      entityId: e.id,
      fields: ['status', 'withdrawReason'],
      summary: reason,
    });
    const promoted = e.status === 'enrolled' ? await promoteWaiting(ctx.db, ctx, runId) : [];
    return { enrolment: await enrolmentOf(ctx.db, runId, studentId), promoted };
  },
} satisfies Partial<H>;
