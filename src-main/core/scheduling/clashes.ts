// Clash detection, run inside the same transaction as every change: a room or a facilitator in two overlapping sessions
// is refused (naming the other session); an enrolled student in two is a warning the admin confirms.
import { DateTime } from 'luxon';
import { ApiError } from '../../contract/errors';
import { formatDate } from '../../contract/dates';
import type { StudentClash } from '../../contract/scheduling';
import type { Db } from '../api/handlers';
import { enrolledStudentIds, facilitatorSessionsOn, personName, roomBookingsBetween, runTeamLinks, studentSessionsOn } from './rows';
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
      const rows = await roomBookingsBetween(db, roomId, from, to, exclude);
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
    const rows = await facilitatorSessionsOn(db, check.facilitatorIds, check.runId, dates, exclude);
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
    const rows = await studentSessionsOn(db, check.studentIds, check.runId, dates, exclude);
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
  const f = await runTeamLinks(db, runId);
  return { facilitatorIds: f.map((r) => r.facilitator_id), studentIds: await enrolledStudentIds(db, runId) };
}
