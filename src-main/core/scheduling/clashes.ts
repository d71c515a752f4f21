// Clash detection, run inside the same transaction as every change: a room or a facilitator in two overlapping sessions
// is refused (naming the other session); an enrolled student in two is a warning the admin confirms.
import { DateTime } from 'luxon';
import { ApiError } from '../../contract/errors';
import { formatDate } from '../../contract/dates';
import type { StudentClash } from '../../contract/scheduling';
import type { Db } from '../api/handlers';
import { personName } from './rows';
import { describeSession, utcIso } from './times';

export interface Candidate {
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  roomId: number | null;
}

export interface ClashCheck {
  /** The run the candidate sessions belong to: its own other sessions never count as facilitator or student clashes. */
  runId: number;
  /** Sessions being replaced by the candidates (a move, a room change): never clash with themselves. */
  excludeSessionIds?: number[];
  checkRooms: boolean;
  facilitatorIds: number[];
  studentIds: number[];
  confirmStudentClash: boolean;
}

/** A session lasts less than a day (it ends on the date it starts), so an overlap starts at most 24 h earlier. */
function dayBefore(iso: string): string {
  return utcIso(DateTime.fromISO(iso, { zone: 'utc' }).minus({ hours: 24 }));
}

/** When more than one new session is being made, say which one clashes. */
function which(c: Candidate, many: boolean): string {
  return many ? `The session on ${formatDate(c.date)} at ${c.startTime}–${c.endTime} clashes: ` : '';
}

const overlaps = (c: Candidate, s: { starts_at: string; ends_at: string }) => s.starts_at < c.endsAt && s.ends_at > c.startsAt;

/**
 * One indexed query per kind of clash for all the candidates together (a 12-week pattern is 3 queries, not 36), then the
 * exact overlap test on the UTC instants in TypeScript.
 */
export async function checkClashes(db: Db, candidates: Candidate[], check: ClashCheck): Promise<void> {
  if (candidates.length === 0) return;
  const exclude = check.excludeSessionIds?.length ? check.excludeSessionIds : [0];
  const many = candidates.length > 1;
  const dates = [...new Set(candidates.map((c) => c.date))];

  if (check.checkRooms) {
    for (const roomId of new Set(candidates.map((c) => c.roomId))) {
      if (roomId === null) continue;
      const mine = candidates.filter((c) => c.roomId === roomId);
      const from = dayBefore(mine.reduce((a, c) => (c.startsAt < a ? c.startsAt : a), mine[0].startsAt));
      const to = mine.reduce((a, c) => (c.endsAt > a ? c.endsAt : a), mine[0].endsAt);
      // Indexed range on (room_id, starts_at): a session lasts under a day, so nothing starting earlier can overlap.
      const rows = await db
        .selectFrom('sessions as s')
        .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
        .innerJoin('courses as co', 'co.id', 'cr.course_id')
        .innerJoin('rooms as r', 'r.id', 's.room_id')
        .select(['co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at', 'r.name as room_name'])
        .where('s.room_id', '=', roomId)
        .where('s.starts_at', '>', from)
        .where('s.starts_at', '<', to)
        .where('s.status', '=', 'scheduled')
        .where('s.id', 'not in', exclude)
        .orderBy('s.starts_at')
        .execute();
      for (const c of mine) {
        const other = rows.find((r) => overlaps(c, r));
        if (other) {
          const described = describeSession({ courseTitle: other.title, date: other.date, startTime: other.start_time, endTime: other.end_time });
          throw new ApiError('schedule.room-booked', `${which(c, many)}${other.room_name} is already booked then, for ${described}. Please choose another room or time.`, {
            details: { kind: 'room', date: c.date, otherSession: described },
          });
        }
      }
    }
  }

  if (check.facilitatorIds.length > 0) {
    // Indexed: the facilitators' runs (crf_facilitator), then those runs' sessions on the candidates' dates (sessions_run).
    const rows = await db
      .selectFrom('course_run_facilitators as crf')
      .innerJoin('sessions as s', 's.course_run_id', 'crf.course_run_id')
      .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
      .innerJoin('courses as co', 'co.id', 'cr.course_id')
      .innerJoin('facilitators as f', 'f.id', 'crf.facilitator_id')
      .select(['co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at', 'f.first_name', 'f.surname'])
      .where('crf.facilitator_id', 'in', check.facilitatorIds)
      .where('crf.course_run_id', '!=', check.runId)
      .where('s.date', 'in', dates)
      .where('s.status', '=', 'scheduled')
      .where('s.id', 'not in', exclude)
      .orderBy('s.starts_at')
      .execute();
    for (const c of candidates) {
      const other = rows.find((r) => r.date === c.date && overlaps(c, r));
      if (other) {
        const described = describeSession({ courseTitle: other.title, date: other.date, startTime: other.start_time, endTime: other.end_time });
        throw new ApiError(
          'schedule.facilitator-busy',
          `${which(c, many)}${other.first_name} ${other.surname} is already facilitating ${described}. Please choose another facilitator or time.`,
          { details: { kind: 'facilitator', date: c.date, otherSession: described } },
        );
      }
    }
  }

  if (check.studentIds.length > 0 && !check.confirmStudentClash) {
    const rows = await db
      .selectFrom('enrolments as e')
      .innerJoin('sessions as s', 's.course_run_id', 'e.course_run_id')
      .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
      .innerJoin('courses as co', 'co.id', 'cr.course_id')
      .innerJoin('students as st', 'st.id', 'e.student_id')
      .select(['e.student_id', 'st.first_name', 'st.surname', 'st.preferred_name', 'co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at'])
      .where('e.student_id', 'in', check.studentIds)
      .where('e.status', '=', 'enrolled')
      .where('e.course_run_id', '!=', check.runId)
      .where('s.date', 'in', dates)
      .where('s.status', '=', 'scheduled')
      .where('s.id', 'not in', exclude)
      .orderBy('s.starts_at')
      .execute();
    const studentClashes: StudentClash[] = [];
    for (const c of candidates) {
      for (const r of rows) {
        if (r.date !== c.date || !overlaps(c, r)) continue;
        studentClashes.push({
          studentId: r.student_id,
          studentName: personName(r),
          date: r.date,
          otherSession: describeSession({ courseTitle: r.title, date: r.date, startTime: r.start_time, endTime: r.end_time }),
        });
      }
    }
    if (studentClashes.length > 0) {
      const people = new Set(studentClashes.map((s) => s.studentId)).size;
      const first = studentClashes[0];
      const who = people === 1 ? first.studentName : `${people} students (including ${first.studentName})`;
      throw new ApiError(
        'schedule.student-clash',
        `${who} would be in two sessions at once: ${first.otherSession}${studentClashes.length > 1 ? ` and ${studentClashes.length - 1} more` : ''}. Please check with them, then confirm to go ahead.`,
        { details: studentClashes },
      );
    }
  }
}

/** The facilitators and enrolled students of a run, for checks on its sessions. */
export async function runPeople(db: Db, runId: number): Promise<{ facilitatorIds: number[]; studentIds: number[] }> {
  const f = await db.selectFrom('course_run_facilitators').select('facilitator_id').where('course_run_id', '=', runId).execute();
  const s = await db.selectFrom('enrolments').select('student_id').where('course_run_id', '=', runId).where('status', '=', 'enrolled').execute();
  return { facilitatorIds: f.map((r) => r.facilitator_id), studentIds: s.map((r) => r.student_id) };
}
