// Reading registers: a session with its course details, who is expected, their marks, and the facilitators.
import { ApiError } from '../../contract/errors';
import type { FacilitatorRef, Mark, RegisterCounts, RegisterRow, RegisterSession, RegisterView } from '../../contract/registers';
import type { Db } from '../api/handlers';
import { canTakeRegister, type CollegeNow, type StudentSession } from './attendance';
import { reusableQuery } from '../db/reusable';
import { expectedAt, heldSql } from './place-figures';

export interface SessionCore extends RegisterSession {
  roomId: number | null;
}

const sessionQuery = reusableQuery((db, sessionId: number) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .innerJoin('venues as v', 'v.id', 'r.venue_id')
    .leftJoin('rooms as sr', 'sr.id', 's.room_id')
    .leftJoin('rooms as rr', 'rr.id', 'r.room_id')
    .select([
      's.id',
      's.course_run_id',
      's.date',
      's.start_time',
      's.end_time',
      's.status',
      's.room_id',
      'c.title',
      't.name as term_name',
      'v.name as venue_name',
      'sr.name as session_room',
      'rr.name as run_room',
    ])
    .where('s.id', '=', sessionId),
);

export async function loadSession(db: Db, sessionId: number): Promise<SessionCore> {
  const [s] = await sessionQuery(db, sessionId);
  if (!s) throw new ApiError('record.not-found', 'That session could not be found. It may have been removed from the timetable.');
  return {
    id: s.id,
    courseRunId: s.course_run_id,
    courseTitle: s.title,
    termName: s.term_name,
    date: s.date,
    startTime: s.start_time,
    endTime: s.end_time,
    venueName: s.venue_name,
    roomName: s.session_room ?? s.run_room ?? null,
    roomId: s.room_id,
    // Cancelling a run part-way cancels only its sessions still to come: the held ones keep their registers.
    cancelled: s.status === 'cancelled',
  };
}

/** Refuses changes to a register that cannot be taken: cancelled sessions have none, future ones open on the day. */
export function assertCanTake(s: SessionCore, now: CollegeNow): void {
  if (s.cancelled) throw new ApiError('session.cancelled', 'This session was cancelled, so it has no register. Nobody’s attendance is affected.');
  if (!canTakeRegister(s, now)) {
    throw new ApiError('session.not-yet', 'This session has not happened yet. Its register can be taken from the day of the session.');
  }
}

export interface EnrolmentRow {
  studentId: number;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  enrolledOn: string | null;
  withdrawnOn: string | null;
  reference: string;
  firstName: string;
  surname: string;
  preferredName: string | null;
}

const runEnrolmentsQuery = reusableQuery((db, courseRunId: number) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .select([
      'e.student_id',
      'e.status',
      'e.enrolled_on',
      'e.withdrawn_on',
      'st.reference',
      'st.first_name',
      'st.surname',
      'st.preferred_name',
    ])
    .where('e.course_run_id', '=', courseRunId),
);

export async function loadRunEnrolments(db: Db, courseRunId: number): Promise<EnrolmentRow[]> {
  const rows = await runEnrolmentsQuery(db, courseRunId);
  return rows.map((r) => ({
    studentId: r.student_id,
    status: r.status,
    enrolledOn: r.enrolled_on,
    withdrawnOn: r.withdrawn_on,
    reference: r.reference,
    firstName: r.first_name,
    surname: r.surname,
    preferredName: r.preferred_name,
  }));
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base' });

/** Registers list people by surname, then first name, then record number, so the order never shifts between visits. */
export function byName(a: { surname: string; firstName: string; studentId: number }, b: typeof a): number {
  return collator.compare(a.surname, b.surname) || collator.compare(a.firstName, b.firstName) || a.studentId - b.studentId;
}

const sessionMarksQuery = reusableQuery((db, sessionId: number) =>
  db
    .selectFrom('attendance as a')
    .innerJoin('staff', 'staff.id', 'a.marked_by')
    .select(['a.student_id', 'a.mark', 'a.note', 'a.drop_in', 'a.marked_at', 'staff.display_name'])
    .where('a.session_id', '=', sessionId),
);

export async function loadRows(db: Db, session: SessionCore): Promise<RegisterRow[]> {
  const [enrolments, expectedHere, marks] = await Promise.all([
    loadRunEnrolments(db, session.courseRunId),
    expectedAt(db, [session.id]).then((m) => m.get(session.id) ?? new Set<number>()),
    sessionMarksQuery(db, session.id),
  ]);
  const markBy = new Map(marks.map((m) => [m.student_id, m]));
  const rows: RegisterRow[] = [];
  const seen = new Set<number>();
  for (const e of enrolments) {
    const m = markBy.get(e.studentId);
    const expected = expectedHere.has(e.studentId);
    if (!expected && !m) continue;
    seen.add(e.studentId);
    rows.push(toRow(e, m, expected));
  }
  // Marks for people with no enrolment row at all (should not happen, but a mark is never hidden).
  const orphans = marks.filter((m) => !seen.has(m.student_id)).map((m) => m.student_id);
  if (orphans.length > 0) {
    const people = await db.selectFrom('students').select(['id', 'reference', 'first_name', 'surname', 'preferred_name']).where('id', 'in', orphans).execute();
    for (const p of people) {
      rows.push(
        toRow(
          { studentId: p.id, reference: p.reference, firstName: p.first_name, surname: p.surname, preferredName: p.preferred_name },
          markBy.get(p.id),
          false,
        ),
      );
    }
  }
  return rows.sort(byName);
}

function toRow(
  e: Pick<EnrolmentRow, 'studentId' | 'reference' | 'firstName' | 'surname' | 'preferredName'>,
  m: { mark: Mark; note: string | null; drop_in: number; marked_at: string; display_name: string } | undefined,
  expected: boolean,
): RegisterRow {
  return {
    studentId: e.studentId,
    reference: e.reference,
    firstName: e.firstName,
    surname: e.surname,
    preferredName: e.preferredName,
    mark: m?.mark ?? null,
    note: m?.note ?? null,
    dropIn: m ? m.drop_in === 1 : false,
    markedAt: m?.marked_at ?? null,
    markedBy: m?.display_name ?? null,
    expected,
  };
}

export function countRows(rows: readonly RegisterRow[]): RegisterCounts {
  const c: RegisterCounts = { expected: 0, marked: 0, missing: 0, present: 0, late: 0, absent: 0, apologies: 0 };
  for (const r of rows) {
    if (r.expected || r.mark) c.expected++;
    if (r.mark) {
      c.marked++;
      c[r.mark]++;
    } else if (r.expected) c.missing++;
  }
  return c;
}

const plannedQuery = reusableQuery((db, courseRunId: number) =>
  db
    .selectFrom('course_run_facilitators as p')
    .innerJoin('facilitators as f', 'f.id', 'p.facilitator_id')
    .select(['f.id', 'f.first_name', 'f.surname', 'f.kind', 'p.role'])
    .where('p.course_run_id', '=', courseRunId),
);

export async function plannedFacilitators(db: Db, courseRunId: number): Promise<FacilitatorRef[]> {
  const rows = await plannedQuery(db, courseRunId);
  return rows
    .map((r) => ({ id: r.id, name: `${r.first_name} ${r.surname}`, kind: r.kind, role: r.role }))
    .sort((a, b) => (a.role === b.role ? collator.compare(a.name, b.name) : a.role === 'lead' ? -1 : 1));
}

const deliveredQuery = reusableQuery((db, courseRunId: number, sessionId: number) =>
  db
    .selectFrom('session_delivery as d')
    .innerJoin('facilitators as f', 'f.id', 'd.facilitator_id')
    .leftJoin('course_run_facilitators as p', (j) => j.onRef('p.facilitator_id', '=', 'd.facilitator_id').on('p.course_run_id', '=', courseRunId))
    .select(['f.id', 'f.first_name', 'f.surname', 'f.kind', 'p.role'])
    .where('d.session_id', '=', sessionId),
);

export async function deliveredFacilitators(db: Db, session: SessionCore): Promise<FacilitatorRef[]> {
  const rows = await deliveredQuery(db, session.courseRunId, session.id);
  return rows
    .map((r) => ({ id: r.id, name: `${r.first_name} ${r.surname}`, kind: r.kind, role: r.role ?? null }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function loadRegister(db: Db, sessionId: number, now: CollegeNow, session?: SessionCore): Promise<RegisterView> {
  const s = session ?? (await loadSession(db, sessionId));
  if (s.cancelled) throw new ApiError('session.cancelled', 'This session was cancelled, so it has no register. Nobody’s attendance is affected.');
  const [rows, planned, delivered] = await Promise.all([loadRows(db, s), plannedFacilitators(db, s.courseRunId), deliveredFacilitators(db, s)]);
  const { roomId: _roomId, ...sessionView } = s;
  return {
    session: sessionView,
    today: now.today,
    canMark: canTakeRegister(s, now),
    lateCorrection: s.date < now.today,
    rows,
    counts: countRows(rows),
    plannedFacilitators: planned,
    deliveredFacilitators: delivered.length > 0 ? delivered : planned,
    deliveredRecorded: delivered.length > 0,
  };
}

// ── look-ups the register handlers share ──────────────────────

/** A student's mark on a session, if they have one. */
export async function markOf(db: Db, sessionId: number, studentId: number) {
  return db.selectFrom('attendance').select(['mark', 'note']).where('session_id', '=', sessionId).where('student_id', '=', studentId).executeTakeFirst();
}

/** Who is recorded as having delivered a session (empty until the register is first saved). */
export async function deliveryOf(db: Db, sessionId: number) {
  return db.selectFrom('session_delivery').select('facilitator_id').where('session_id', '=', sessionId).execute();
}

/** Ids of a run's scheduled sessions, in date and time order. */
export async function scheduledSessionIdsOfRun(db: Db, courseRunId: number) {
  return db.selectFrom('sessions').select('id').where('course_run_id', '=', courseRunId).where('status', '=', 'scheduled').orderBy('date').orderBy('start_time').execute();
}

/** A run's course title and term name, and whether it was cancelled. */
export async function findRunTitles(db: Db, courseRunId: number) {
  return db
    .selectFrom('course_runs as r')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['c.title', 't.name', 'r.cancelled_at'])
    .where('r.id', '=', courseRunId)
    .executeTakeFirst();
}

/** The runs a student has (or had) a place on, waiting lists left out; latest term first. */
export async function placesOfStudent(db: Db, studentId: number) {
  return db
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
}

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
