// The welfare follow-up list (two held sessions missed in a row without apologies) and the contacts made afterwards.
import { ApiError } from '../../contract/errors';
import type { FollowUpContact, FollowUpEntry, Mark } from '../../contract/registers';
import type { Db, StaffContext } from '../api/handlers';
import { dayBefore, missedInARow, type CollegeNow } from './attendance';
import { expectedAt } from './place-figures';
import { checkLifeDate } from '../students/life-dates';
import { findEnrolment } from '../scheduling/rows';
import { runSessions } from './figures';

/** By default the list looks at misses in the last eight weeks: older ones belong to runs that have finished. */
const DEFAULT_LOOKBACK_DAYS = 56;

export async function followUpList(db: Db, now: CollegeNow, input: { courseRunId?: number; since?: string }): Promise<FollowUpEntry[]> {
  const since = input.since ?? dayBefore(now.today, DEFAULT_LOOKBACK_DAYS);
  // Candidates: anyone with an absence at a session in the window. Sessions first (by date), then their absences, so the
  // plan stays on the date and session indexes; the rule itself is applied in TypeScript (attendance.ts).
  let sq = db.selectFrom('sessions').select(['id', 'course_run_id']).where('date', '>=', since).where('date', '<=', now.today).where('status', '=', 'scheduled');
  if (input.courseRunId !== undefined) sq = sq.where('course_run_id', '=', input.courseRunId);
  const inWindow = await sq.execute();
  const runOfSession = new Map(inWindow.map((s) => [s.id, s.course_run_id]));
  const seen = new Set<string>();
  const candidates: { course_run_id: number; student_id: number }[] = [];
  for (const ids of chunks(inWindow.map((s) => s.id), 900)) {
    const absences = await db.selectFrom('attendance').select(['session_id', 'student_id']).where('session_id', 'in', ids).where('mark', '=', 'absent').execute();
    for (const a of absences) {
      const runId = runOfSession.get(a.session_id) as number;
      const key = `${runId}:${a.student_id}`;
      if (!seen.has(key)) {
        seen.add(key);
        candidates.push({ course_run_id: runId, student_id: a.student_id });
      }
    }
  }
  if (candidates.length === 0) return [];

  const out: FollowUpEntry[] = [];
  const runIds = [...new Set(candidates.map((c) => c.course_run_id))];
  for (const chunk of chunks(runIds, 200)) {
    const inChunk = new Set(chunk);
    const pairs = candidates.filter((c) => inChunk.has(c.course_run_id));
    const sessions = await runSessions(db, now, chunk);
    const students = [...new Set(pairs.map((c) => c.student_id))];
    const runOf = new Map([...sessions].flatMap(([runId, list]) => list.map((x): [number, number] => [x.id, runId])));
    const byPair = new Map<string, Map<number, Mark>>();
    for (const ids of chunks([...runOf.keys()], 900)) {
      const marks = await db.selectFrom('attendance').select(['session_id', 'student_id', 'mark']).where('session_id', 'in', ids).execute();
      for (const m of marks) {
        const key = `${runOf.get(m.session_id)}:${m.student_id}`;
        if (!seen.has(key)) continue;
        let map = byPair.get(key);
        if (!map) byPair.set(key, (map = new Map()));
        map.set(m.session_id, m.mark);
      }
    }
    const expected = await expectedAt(db, [...runOf.keys()]);
    const enrolments = await db
      .selectFrom('enrolments')
      .select(['course_run_id', 'student_id', 'status'])
      .where('course_run_id', 'in', chunk)
      .where('student_id', 'in', students)
      .execute();
    const enrolmentOf = new Map(enrolments.map((e) => [`${e.course_run_id}:${e.student_id}`, e]));
    for (const c of pairs) {
      const e = enrolmentOf.get(`${c.course_run_id}:${c.student_id}`);
      if (!e || e.status !== 'enrolled') continue;
      // Only sessions they were expected at (the register's own rule): a mark left over from before a re-enrolment, or
      // one made during an agreed break, does not start a run of misses.
      const theirs = (sessions.get(c.course_run_id) ?? []).filter((s) => expected.get(s.id)?.has(c.student_id));
      const missed = missedInARow(theirs, byPair.get(`${c.course_run_id}:${c.student_id}`) ?? new Map());
      if (missed.length === 0 || missed[missed.length - 1] < since) continue;
      out.push({ studentId: c.student_id, courseRunId: c.course_run_id, missedDates: missed } as FollowUpEntry);
    }
  }
  if (out.length === 0) return [];

  const studentIds = [...new Set(out.map((o) => o.studentId))];
  const people = await db
    .selectFrom('students')
    .select(['id', 'reference', 'first_name', 'surname', 'preferred_name', 'phone', 'email', 'emergency_contact_name', 'emergency_contact_phone'])
    .where('id', 'in', studentIds)
    .execute();
  const courses = await db
    .selectFrom('course_runs as r')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .select(['r.id', 'c.title'])
    .where(
      'r.id',
      'in',
      out.map((o) => o.courseRunId),
    )
    .execute();
  const contacts = await db
    .selectFrom('follow_up_contacts as f')
    .innerJoin('staff', 'staff.id', 'f.contacted_by')
    .select(['f.id', 'f.student_id', 'f.course_run_id', 'f.contacted_on', 'f.outcome', 'staff.display_name'])
    .where('f.student_id', 'in', studentIds)
    .orderBy('f.contacted_on')
    .orderBy('f.id')
    .execute();
  const entries = out.map((o): FollowUpEntry => {
    const p = people.find((x) => x.id === o.studentId);
    if (!p) throw new Error(`Student ${o.studentId} vanished while building the follow-up list`);
    const lastMissedOn = o.missedDates[o.missedDates.length - 1];
    const theirs = contacts
      .filter((c) => c.student_id === o.studentId && c.course_run_id === o.courseRunId)
      .map((c) => ({ id: c.id, contactedOn: c.contacted_on, contactedBy: c.display_name, outcome: c.outcome }));
    return {
      studentId: o.studentId,
      reference: p.reference,
      firstName: p.first_name,
      surname: p.surname,
      preferredName: p.preferred_name,
      phone: p.phone,
      email: p.email,
      emergencyContactName: p.emergency_contact_name,
      emergencyContactPhone: p.emergency_contact_phone,
      courseRunId: o.courseRunId,
      courseTitle: courses.find((c) => c.id === o.courseRunId)?.title ?? '',
      missedDates: o.missedDates,
      lastMissedOn,
      contacts: theirs,
      contactedSinceLastMiss: theirs.some((c) => c.contactedOn >= lastMissedOn),
    };
  });
  // Nobody in touch yet first, longest-waiting first within that.
  return entries.sort(
    (a, b) =>
      Number(a.contactedSinceLastMiss) - Number(b.contactedSinceLastMiss) ||
      a.lastMissedOn.localeCompare(b.lastMissedOn) ||
      a.surname.localeCompare(b.surname) ||
      a.studentId - b.studentId,
  );
}

export async function recordFollowUp(
  ctx: StaffContext,
  now: CollegeNow,
  input: { studentId: number; courseRunId: number; contactedOn: string; outcome: string },
): Promise<FollowUpContact> {
  await checkLifeDate(ctx.db, input.studentId, 'contactedOn', input.contactedOn, ctx.now());
  const e = await findEnrolment(ctx.db, input.courseRunId, input.studentId);
  if (!e) throw new ApiError('record.not-found', 'That student is not on this course run. Please reload the follow-up list.');
  const { id } = await ctx.db
    .insertInto('follow_up_contacts')
    .values({
      student_id: input.studentId,
      course_run_id: input.courseRunId,
      contacted_on: input.contactedOn,
      contacted_by: ctx.staff.id,
      outcome: input.outcome,
      created_at: ctx.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The outcome may say something personal: the audit records that contact was made, not what was said.
  ctx.audit({
    action: 'follow-up-contact',
    entity: 'student',
    entityId: input.studentId,
    fields: ['followUpContact'],
    summary: `Welfare contact on ${input.contactedOn} (course run ${input.courseRunId})`,
  });
  return { id, contactedOn: input.contactedOn, contactedBy: ctx.staff.displayName, outcome: input.outcome };
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
