// Enrolment: places up to capacity, then a waiting list that promotes in order (waiting longest first) when a place frees.
// The one home of these rules: enrolment and a drop-in at a register both take a place through `takePlaceOrWait`.
// Also agreed breaks in a place (ILR "break in learning") and withdrawal with a reason.
import { ApiError } from '../../contract/errors';
import { collegeToday, formatDate } from '../../contract/dates';
import type { PromotedStudent } from '../../contract/scheduling';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { checkClashes, type Candidate } from './clashes';
import { findStudent } from '../students/repository';
import { enrolledCount, enrolmentRows, findEnrolment, nextOnWaitingList, notFound, openBreakOf, personName, runRow, upcomingSessionsOfRun, waitingCountExcept } from './rows';

type H = HandlersFor<'scheduling.'>;
type Ctx = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

/** Fills free places from the waiting list, in order; returns who was promoted. The caller owns the transaction. */
export async function promoteWaiting(trx: Db, ctx: Ctx, runId: number): Promise<PromotedStudent[]> {
  const run = await runRow(trx, runId);
  const free = run.capacity - (await enrolledCount(trx, runId));
  if (free <= 0) return [];
  const next = await nextOnWaitingList(trx, runId, free);
  const now = ctx.now().toISOString();
  const today = collegeToday(ctx.now());
  const promoted: PromotedStudent[] = [];
  for (const w of next) {
    await trx
      .updateTable('enrolments')
      .set({ status: 'enrolled', enrolled_on: today, promoted_at: now, joined_by: 'waiting_list', updated_at: now })
      .where('id', '=', w.id)
      .execute();
    ctx.audit({ action: 'promote', entity: 'enrolment', entityId: w.id, fields: ['status'], summary: `Promoted from the waiting list of run ${runId}` });
    promoted.push({ studentId: w.student_id, reference: w.reference, name: personName(w) });
  }
  return promoted;
}

type EnrolmentRowDb = { id: number; status: 'enrolled' | 'waiting' | 'withdrawn'; waiting_since: string | null };

/**
 * The enrolment rule: nobody jumps the queue — free places are filled from the waiting list first, in order — then the
 * student takes a place if one is still free, else joins the waiting list (keeping their turn if already on it).
 * A drop-in takes its place from the session they came to (`from`). The caller writes its own audit row.
 */
export async function takePlaceOrWait(
  ctx: Ctx & Pick<StaffContext, 'db'>,
  run: { id: number; capacity: number; cancelled_at: string | null },
  studentId: number,
  existing: EnrolmentRowDb | null,
  opts: { joinedBy: 'enrolment' | 'drop_in'; from: string },
): Promise<{ id: number; status: 'enrolled' | 'waiting'; promoted: PromotedStudent[] }> {
  if (run.cancelled_at) throw new ApiError('run.cancelled', 'This course run has been cancelled, so nobody can be enrolled on it.');
  if (existing?.status === 'enrolled') return { id: existing.id, status: 'enrolled', promoted: [] };
  const db = ctx.db;
  const promoted = await promoteWaiting(db, ctx, run.id);
  if (existing && promoted.some((p) => p.studentId === studentId)) return { id: existing.id, status: 'enrolled', promoted };
  const waitingAhead = await waitingCountExcept(db, run.id, studentId);
  const status = (await enrolledCount(db, run.id)) < run.capacity && waitingAhead === 0 ? 'enrolled' : 'waiting';
  const now = ctx.now().toISOString();
  const values = {
    status,
    enrolled_on: status === 'enrolled' ? opts.from : null,
    waiting_since: status === 'waiting' ? (existing?.status === 'waiting' ? existing.waiting_since : now) : null,
    promoted_at: null,
    withdrawn_on: null,
    withdraw_reason: null,
    withdraw_reason_code: null,
    joined_by: opts.joinedBy,
    updated_at: now,
  } as const;
  if (existing) {
    await db.updateTable('enrolments').set(values).where('id', '=', existing.id).execute();
    return { id: existing.id, status, promoted };
  }
  const { id } = await db.insertInto('enrolments').values({ ...values, course_run_id: run.id, student_id: studentId, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return { id, status, promoted };
}

async function enrolmentOf(db: Db, runId: number, studentId: number) {
  const row = (await enrolmentRows(db, runId)).find((e) => e.studentId === studentId);
  if (!row) throw notFound('enrolment');
  return row;
}

export const enrolmentHandlers = {
  'scheduling.enrol': async (ctx, { runId, studentId, confirmStudentClash }) => {
    const run = await runRow(ctx.db, runId);
    const student = await findStudent(ctx.db, studentId);
    if (!student) throw notFound('student record');
    const name = personName(student);
    if (student.archived_at) throw new ApiError('student.archived', `${name}’s record is archived. Restore it before enrolling them.`);
    const existing = await findEnrolment(ctx.db, runId, studentId);
    if (existing?.status === 'enrolled') throw new ApiError('enrolment.already-enrolled', `${name} is already enrolled on this course run.`);
    if (existing?.status === 'waiting') {
      const pos = (await enrolmentOf(ctx.db, runId, studentId)).waitingPosition;
      throw new ApiError('enrolment.already-waiting', `${name} is already on the waiting list for this course run (place ${pos}).`);
    }

    // Warn (once, before they hold a place or a waiting-list spot) if the run's sessions overlap their other courses.
    const upcoming = await upcomingSessionsOfRun(ctx.db, runId, collegeToday(ctx.now()));
    const candidates: Candidate[] = upcoming.map((s) => ({ date: s.date, startTime: s.start_time, endTime: s.end_time, startsAt: s.starts_at, endsAt: s.ends_at, roomId: s.room_id }));
    await checkClashes(ctx.db, candidates, { runId, checkRooms: false, facilitatorIds: [], studentIds: [studentId], confirmStudentClash });

    const { id, status } = await takePlaceOrWait(ctx, run, studentId, existing ?? null, { joinedBy: 'enrolment', from: collegeToday(ctx.now()) });
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

  'scheduling.withdraw': async (ctx, { runId, studentId, reason, reasonCode }) => {
    await runRow(ctx.db, runId);
    const student = await findStudent(ctx.db, studentId);
    const e = await findEnrolment(ctx.db, runId, studentId);
    if (!e || e.status === 'withdrawn') throw new ApiError('enrolment.not-enrolled', 'This student is not enrolled or waiting on this course run, so there is nothing to withdraw.');
    const now = ctx.now().toISOString();
    await ctx.db
      .updateTable('enrolments')
      .set({ status: 'withdrawn', withdrawn_on: collegeToday(ctx.now()), withdraw_reason: reason, withdraw_reason_code: e.status === 'waiting' ? null : reasonCode, updated_at: now })
      .where('id', '=', e.id)
      .execute();
    ctx.audit({
      action: e.status === 'waiting' ? 'leave-waiting-list' : 'withdraw',
      entity: 'enrolment',
      entityId: e.id,
      fields: ['status', 'withdrawReason', 'withdrawReasonCode'],
      // The fact, never the reason's text: the audit log cannot be erased, and why someone left is often about their health.
      summary: `Student ${student?.reference ?? studentId} ${e.status === 'waiting' ? 'left the waiting list of' : 'withdrawn from'} run ${runId}`,
    });
    await ctx.db.updateTable('enrolment_breaks').set({ resumed_on: collegeToday(ctx.now()) }).where('enrolment_id', '=', e.id).where('resumed_on', 'is', null).execute();
    const promoted = e.status === 'enrolled' ? await promoteWaiting(ctx.db, ctx, runId) : [];
    return { enrolment: await enrolmentOf(ctx.db, runId, studentId), promoted };
  },

  // An agreed break keeps the place (nobody is promoted into it); sessions during it count neither for nor against them.
  'scheduling.startBreak': async (ctx, { runId, studentId, reason }) => {
    await runRow(ctx.db, runId);
    const e = await findEnrolment(ctx.db, runId, studentId);
    if (!e || e.status !== 'enrolled') throw new ApiError('enrolment.not-enrolled', 'Only a student with a place on this course run can take an agreed break from it.');
    const open = await openBreakOf(ctx.db, e.id);
    if (open) throw new ApiError('enrolment.on-break', `This student is already on an agreed break (since ${formatDate(open.starts_on)}).`);
    const today = collegeToday(ctx.now());
    const { id } = await ctx.db
      .insertInto('enrolment_breaks')
      .values({ enrolment_id: e.id, starts_on: today, reason, recorded_by: ctx.staff.id, recorded_at: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'start-break', entity: 'enrolment', entityId: e.id, fields: ['break'], summary: `Agreed break ${id} from ${today}` });
    return enrolmentOf(ctx.db, runId, studentId);
  },

  'scheduling.resumeFromBreak': async (ctx, { runId, studentId }) => {
    await runRow(ctx.db, runId);
    const e = await findEnrolment(ctx.db, runId, studentId);
    const open = e && (await openBreakOf(ctx.db, e.id));
    if (!e || !open) throw new ApiError('enrolment.not-on-break', 'This student is not on an agreed break from this course run.');
    const today = collegeToday(ctx.now());
    await ctx.db.updateTable('enrolment_breaks').set({ resumed_on: today }).where('id', '=', open.id).execute();
    ctx.audit({ action: 'end-break', entity: 'enrolment', entityId: e.id, fields: ['break'], summary: `Back from agreed break ${open.id} on ${today}` });
    return enrolmentOf(ctx.db, runId, studentId);
  },
} satisfies Partial<H>;
