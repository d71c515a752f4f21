// The one definition of held sessions, attendance and completion per place on a course run, written once as SQL so
// the register screens (a run, a student) and the contract return (every run ending in a period, at scale) read the
// same figures. The rule, as the returns' Definitions sheet states it:
// - A session is held once it has started and was not itself cancelled. Cancelling a run part-way cancels only its
//   sessions still to come, so the ones that took place stay held.
// - A held session counts for a place from the day the student joined (from the session after their promotion when
//   they came off the waiting list that day) until the day they withdrew, and not while they were on an agreed break;
//   a held session they attended always counts, so attended never exceeds held.
// - A place's status: withdrawn (never completed), on an agreed break (while one is in force), a drop-in (a place that
//   began as a drop-in and has one attendance: an attendance, not a course place), else completed / not completed once
//   the run has ended (no sessions still to come), else continuing. Completed means attended × 100 ≥ threshold × held.
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { PlaceStatus } from '../../contract/registers';
import type { Db } from '../api/handlers';
import { reusableQuery } from '../db/reusable';
import { ATTENDED_MARKS } from '../returns/definitions';
import type { CollegeNow } from './attendance';

/** Statuses of places that count in the completion rate's base: everyone who had a course place to its end. */
export const COMPLETION_BASE: readonly PlaceStatus[] = ['completed', 'not_completed', 'withdrawn'];

/** SQL: session `s` (any alias) has been held by `now`. */
export function heldSql(now: CollegeNow, s = 's'): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${s}.${c}`);
  return sql<boolean>`(${col('status')} = 'scheduled' AND (${col('date')} < ${now.today} OR (${col('date')} = ${now.today} AND substr(${col('start_time')}, 1, 5) <= ${now.time})))`;
}

/** The clock a return is computed at: the end of its period, so producing it again later gives the same figures. */
export function endOfPeriod(end: string): CollegeNow {
  return { today: end, time: '24:00' };
}

/**
 * Columns of a place `e`: the first day it counts from (`from_on`; an enrolled row without a date counts from when it
 * was made, a withdrawn one without one never had a place) and the last (`until_on`, the withdrawal day).
 */
const PLACE_WINDOW = sql`CASE WHEN e.enrolled_on IS NOT NULL THEN e.enrolled_on WHEN e.status = 'enrolled' THEN substr(e.created_at, 1, 10) END AS from_on,
        CASE WHEN e.status = 'withdrawn' THEN coalesce(e.withdrawn_on, substr(e.updated_at, 1, 10)) END AS until_on`;

/** Held session `s` counts for place `p` (a row with PLACE_WINDOW, `id` and `promoted_at`) without an attendance. */
const COUNTS_FOR_PLACE = sql`(p.from_on IS NOT NULL AND s.date >= p.from_on
        AND (p.promoted_at IS NULL OR s.date > p.from_on OR s.starts_at >= p.promoted_at)
        AND (p.until_on IS NULL OR s.date <= p.until_on)
        AND NOT EXISTS (SELECT 1 FROM enrolment_breaks b WHERE b.enrolment_id = p.id AND s.date >= b.starts_on AND (b.resumed_on IS NULL OR s.date < b.resumed_on)))`;

/**
 * SQL: who is expected at each session `sessionsIn` picks (a list of ids or a subquery) — the one definition of who is
 * on a session's register, the same place rule the figures count held sessions with: from the day they joined (from
 * the session after their promotion when they came off the waiting list that day), to the day they withdrew, and not
 * during an agreed break. Waiting-list entries never are. Registers, Today, marking, drop-ins and the welfare
 * follow-up list all read it.
 */
export function expectedSql(sessionsIn: RawBuilder<unknown>): RawBuilder<{ session_id: number; student_id: number }> {
  return sql`WITH places AS (
      SELECT e.id, e.course_run_id, e.student_id, e.promoted_at,
        ${PLACE_WINDOW}
      FROM enrolments e WHERE e.status != 'waiting' AND e.course_run_id IN (SELECT x.course_run_id FROM sessions x WHERE x.id IN (${sessionsIn}))
    )
    SELECT s.id AS session_id, p.student_id FROM sessions s JOIN places p ON p.course_run_id = s.course_run_id
    WHERE s.id IN (${sessionsIn}) AND ${COUNTS_FOR_PLACE}`;
}

const expectedAtOne = reusableQuery((_db, sessionId: number) => expectedSql(sql`${sessionId}`));

/** Who is expected at each of these sessions (`expectedSql`): session id → student ids. */
export async function expectedAt(db: Db, sessionIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(sessionIds.map((id) => [id, new Set<number>()]));
  if (sessionIds.length === 1) {
    // One session (a register opened or marked): the everyday case, compiled once.
    for (const r of await expectedAtOne(db, sessionIds[0])) out.get(r.session_id)?.add(r.student_id);
    return out;
  }
  for (let i = 0; i < sessionIds.length; i += 400) {
    const ids = sql.join(sessionIds.slice(i, i + 400).map((id) => sql`${id}`));
    const { rows } = await expectedSql(ids).execute(db);
    for (const r of rows) out.get(r.session_id)?.add(r.student_id);
  }
  return out;
}

const attendedMarks = () => sql.join(ATTENDED_MARKS.map((m) => sql`${m}`));

/**
 * SQL: per course run (with any session), its last held session and whether it has ended by `now` — held sessions and
 * none still to come (a run cancelled part-way has ended: its sessions still to come were cancelled).
 */
export function runStateSql(now: CollegeNow, scope: RawBuilder<unknown> = sql`1 = 1`): RawBuilder<{ course_run_id: number; last_held_on: string | null; run_ended: number }> {
  const held = heldSql(now, 's');
  return sql`SELECT s.course_run_id,
        max(CASE WHEN ${held} THEN s.date END) AS last_held_on,
        CASE WHEN sum(CASE WHEN ${held} THEN 1 ELSE 0 END) > 0 AND sum(CASE WHEN s.status = 'scheduled' AND NOT ${held} THEN 1 ELSE 0 END) = 0 THEN 1 ELSE 0 END AS run_ended
      FROM sessions s WHERE ${scope} GROUP BY s.course_run_id`;
}

/** Which places to compute: places on some runs, one student's places, or places on the runs a subquery gives (a return's). */
export type PlaceFilter = { runIds: readonly number[] } | { studentId: number } | { runsIn: Expression<unknown> };

export interface PlaceFigureRow {
  enrolment_id: number;
  course_run_id: number;
  student_id: number;
  held: number;
  attended: number;
  status: PlaceStatus;
  /** 1 when the place meets the completion threshold and is a course place in progress or finished (not withdrawn, on a break or a one-off drop-in). */
  completed: number;
  run_ended: number;
  last_held_on: string | null;
}

/**
 * SQL giving one row per place (waiting-list entries are not places) with its held sessions, attendances, status and
 * completion — a query the registers run as it is and the return reads as a subquery.
 */
export function placeFiguresSql(now: CollegeNow, thresholdPercent: number, filter: PlaceFilter): RawBuilder<PlaceFigureRow> {
  const held = heldSql(now, 's');
  let where: RawBuilder<unknown>;
  if ('runIds' in filter) {
    where = filter.runIds.length ? sql`e.course_run_id IN (${sql.join(filter.runIds.map((id) => sql`${id}`))})` : sql`1 = 0`;
  } else if ('studentId' in filter) {
    where = sql`e.student_id = ${filter.studentId}`;
  } else {
    where = sql`e.course_run_id IN (${filter.runsIn})`;
  }
  const runScope = 'runsIn' in filter ? sql`s.course_run_id IN (${filter.runsIn})` : sql`s.course_run_id IN (SELECT e.course_run_id FROM enrolments e WHERE ${where})`;
  return sql<PlaceFigureRow>`
    WITH run_state AS (${runStateSql(now, runScope)}),
    places AS (
      SELECT e.id, e.course_run_id, e.student_id, e.status, e.joined_by, e.promoted_at,
        ${PLACE_WINDOW},
        EXISTS (SELECT 1 FROM enrolment_breaks b WHERE b.enrolment_id = e.id AND b.resumed_on IS NULL AND b.starts_on <= ${now.today}) AS on_break
      FROM enrolments e WHERE e.status != 'waiting' AND ${where}
    ),
    counted AS (
      SELECT p.id,
        count(s.id) AS held,
        coalesce(sum(CASE WHEN a.mark IN (${attendedMarks()}) THEN 1 ELSE 0 END), 0) AS attended
      FROM places p
      JOIN sessions s ON s.course_run_id = p.course_run_id AND ${held}
      LEFT JOIN attendance a ON a.session_id = s.id AND a.student_id = p.student_id
      WHERE a.mark IN (${attendedMarks()}) OR ${COUNTS_FOR_PLACE}
      GROUP BY p.id
    ),
    figures AS (
      SELECT p.id AS enrolment_id, p.course_run_id, p.student_id, p.status AS enrolment_status, p.joined_by, p.on_break,
        coalesce(c.held, 0) AS held, coalesce(c.attended, 0) AS attended,
        coalesce(r.run_ended, 0) AS run_ended, r.last_held_on,
        CASE WHEN coalesce(c.held, 0) > 0 AND coalesce(c.attended, 0) * 100 >= ${thresholdPercent} * c.held THEN 1 ELSE 0 END AS met
      FROM places p LEFT JOIN counted c ON c.id = p.id LEFT JOIN run_state r ON r.course_run_id = p.course_run_id
    ),
    statused AS (
      SELECT f.*,
        CASE
          WHEN f.enrolment_status = 'withdrawn' THEN 'withdrawn'
          WHEN f.on_break THEN 'break'
          WHEN f.joined_by = 'drop_in' AND f.attended < 2 THEN 'drop_in'
          WHEN f.run_ended = 1 THEN CASE WHEN f.met = 1 THEN 'completed' ELSE 'not_completed' END
          ELSE 'continuing'
        END AS status
      FROM figures f
    )
    SELECT enrolment_id, course_run_id, student_id, held, attended, status,
      CASE WHEN met = 1 AND status IN ('completed', 'continuing') THEN 1 ELSE 0 END AS completed,
      run_ended, last_held_on
    FROM statused`;
}

/** The places' figures as rows (registers), numbers as numbers. */
export async function placeFigures(db: Db, now: CollegeNow, thresholdPercent: number, filter: PlaceFilter): Promise<PlaceFigureRow[]> {
  const { rows } = await placeFiguresSql(now, thresholdPercent, filter).execute(db);
  return rows.map((r) => ({ ...r, held: Number(r.held), attended: Number(r.attended), completed: Number(r.completed), run_ended: Number(r.run_ended) }));
}

export interface SessionFigureRow {
  session_id: number;
  held: number;
  /** Places the session counts for, plus anyone marked at it. */
  expected: number;
  marked: number;
  attended: number;
}

/** Per session of one run: held by now, and how many were expected, marked and attended (same place rule as above). */
export async function sessionFigures(db: Db, now: CollegeNow, courseRunId: number): Promise<Map<number, SessionFigureRow>> {
  const { rows } = await sql<SessionFigureRow>`
    WITH places AS (
      SELECT e.id, e.student_id, e.promoted_at,
        ${PLACE_WINDOW}
      FROM enrolments e WHERE e.course_run_id = ${courseRunId} AND e.status != 'waiting'
    )
    SELECT s.id AS session_id,
      CASE WHEN ${heldSql(now, 's')} THEN 1 ELSE 0 END AS held,
      (SELECT count(*) FROM places p WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.student_id = p.student_id) OR ${COUNTS_FOR_PLACE}) AS expected,
      (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) AS marked,
      (SELECT count(*) FROM attendance a WHERE a.session_id = s.id AND a.mark IN (${attendedMarks()})) AS attended
    FROM sessions s WHERE s.course_run_id = ${courseRunId}`.execute(db);
  return new Map(rows.map((r) => [r.session_id, { session_id: r.session_id, held: Number(r.held), expected: Number(r.expected), marked: Number(r.marked), attended: Number(r.attended) }]));
}
