// Lists of sessions with how many marks each register still needs: a day's sessions (Today, Registers) and every past
// register still missing marks (the "registers to take" list and its count on Today, which must agree).
import { sql } from 'kysely';
import type { TodaySession } from '../../contract/registers';
import type { Db } from '../api/handlers';
import type { CollegeNow } from './attendance';
import { expectedAt, heldSql } from './place-figures';

/** SQLite's limit on bound values is generous, but lists of ids are sent in slices to stay well inside it. */
const SLICE = 900;

function slices<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += SLICE) out.push(xs.slice(i, i + SLICE));
  return out;
}

/**
 * Sessions on the given dates, or with the given ids (newest date first, then by time), each with how many marks are
 * missing. Cancelled sessions, and sessions of cancelled runs, have no register to take.
 */
export async function sessionsOn(db: Db, which: string[] | { ids: readonly number[] }, now: CollegeNow): Promise<TodaySession[]> {
  const groups = Array.isArray(which) ? [null] : slices(which.ids);
  const sessions = [];
  for (const ids of groups) {
    let q = db
      .selectFrom('sessions as s')
      .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
      .innerJoin('courses as c', 'c.id', 'r.course_id')
      .innerJoin('venues as v', 'v.id', 'r.venue_id')
      .leftJoin('rooms as sr', 'sr.id', 's.room_id')
      .leftJoin('rooms as rr', 'rr.id', 'r.room_id')
      .select(['s.id', 's.course_run_id', 's.date', 's.start_time', 's.end_time', 'c.title', 'v.name as venue_name', 'sr.name as session_room', 'rr.name as run_room'])
      .where('s.status', '=', 'scheduled')
      .where('r.cancelled_at', 'is', null);
    q = ids === null ? q.where('s.date', 'in', which as string[]) : q.where('s.id', 'in', ids.length ? ids : [0]);
    sessions.push(...(await q.execute()));
  }
  if (sessions.length === 0) return [];
  sessions.sort((a, b) => b.date.localeCompare(a.date) || a.start_time.localeCompare(b.start_time) || a.id - b.id);

  const runIds = [...new Set(sessions.map((s) => s.course_run_id))];
  const enrolmentsOf = new Map<number, { student_id: number; status: 'enrolled' | 'waiting' | 'withdrawn'; enrolled_on: string | null; withdrawn_on: string | null; created_at: string; updated_at: string }[]>();
  for (const ids of slices(runIds)) {
    const rows = await db
      .selectFrom('enrolments')
      .select(['course_run_id', 'student_id', 'status', 'enrolled_on', 'withdrawn_on', 'created_at', 'updated_at'])
      .where('course_run_id', 'in', ids)
      .where('status', '!=', 'waiting')
      .execute();
    for (const e of rows) {
      let list = enrolmentsOf.get(e.course_run_id);
      if (!list) enrolmentsOf.set(e.course_run_id, (list = []));
      list.push(e);
    }
  }
  const marked = new Map<number, Set<number>>();
  for (const ids of slices(sessions.map((s) => s.id))) {
    const marks = await db.selectFrom('attendance').select(['session_id', 'student_id']).where('session_id', 'in', ids).execute();
    for (const m of marks) {
      let set = marked.get(m.session_id);
      if (!set) marked.set(m.session_id, (set = new Set()));
      set.add(m.student_id);
    }
  }

  // Who is on each register: the one rule (place-figures expectedSql), as the register itself shows it.
  const expectedBySession = await expectedAt(
    db,
    sessions.map((s) => s.id),
  );

  return sessions.map((s): TodaySession => {
    const got = marked.get(s.id) ?? new Set<number>();
    const here = expectedBySession.get(s.id) ?? new Set<number>();
    let expected = 0;
    let missing = 0;
    for (const e of enrolmentsOf.get(s.course_run_id) ?? []) {
      const on = here.has(e.student_id);
      if (on || got.has(e.student_id)) expected++;
      if (on && !got.has(e.student_id)) missing++;
    }
    return {
      sessionId: s.id,
      courseRunId: s.course_run_id,
      courseTitle: s.title,
      date: s.date,
      startTime: s.start_time,
      endTime: s.end_time,
      venueName: s.venue_name,
      roomName: s.session_room ?? s.run_room ?? null,
      expected,
      marked: got.size,
      missing,
      isToday: s.date === now.today,
    };
  });
}

/**
 * Every register of a held session before today that still has someone expected without a mark — however long ago: a
 * register left untaken last month is the one most easily forgotten. Newest first.
 */
export async function registersToTake(db: Db, now: CollegeNow): Promise<TodaySession[]> {
  // A coarse first pass in SQL: held sessions with an enrolment whose dates could cover the day and no mark for that
  // person. It can only over-select; who is expected is decided once, by expectedSql, in sessionsOn.
  const { rows } = await sql<{ id: number }>`
    SELECT s.id FROM sessions s
    WHERE s.date < ${now.today} AND ${heldSql(now, 's')}
      AND EXISTS (
        SELECT 1 FROM enrolments e
        WHERE e.course_run_id = s.course_run_id AND e.status != 'waiting'
          AND (e.enrolled_on IS NULL OR e.enrolled_on <= s.date)
          AND (e.withdrawn_on IS NULL OR e.withdrawn_on >= s.date)
          AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.student_id = e.student_id))`.execute(db);
  if (rows.length === 0) return [];
  const sessions = await sessionsOn(
    db,
    { ids: rows.map((r) => r.id) },
    now,
  );
  return sessions.filter((s) => s.missing > 0);
}
