// When a register can be taken and the two-missed-sessions-in-a-row welfare rule, as pure functions. Who is on a
// session's register, held sessions, attendance and completion figures are defined once, in SQL, in place-figures.ts.
import { DateTime } from 'luxon';
import type { Mark } from '../../contract/registers';
import { COLLEGE_ZONE } from '../../contract/dates';

/** The college's clock: today's date and the wall-clock time now, in Europe/London. */
export interface CollegeNow {
  today: string;
  /** `HH:mm` */
  time: string;
}

export function collegeNow(now: Date): CollegeNow {
  const dt = DateTime.fromJSDate(now).setZone(COLLEGE_ZONE);
  return { today: dt.toISODate() as string, time: dt.toFormat('HH:mm') };
}

/** The day before a `YYYY-MM-DD` date. */
export function dayBefore(date: string, days = 1): string {
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days }).toISODate() as string;
}

export interface SessionTiming {
  date: string;
  startTime: string;
  /** The session was cancelled (cancelling a run part-way cancels its sessions still to come). */
  cancelled: boolean;
}

/** A register can be taken from the session's day onwards (never for a future date), and never for a cancelled session. */
export function canTakeRegister(s: SessionTiming, now: CollegeNow): boolean {
  return !s.cancelled && s.date <= now.today;
}

export function isAttended(mark: Mark | null | undefined): boolean {
  return mark === 'present' || mark === 'late';
}

export function ratePercent(attended: number, held: number): number | null {
  return held === 0 ? null : Math.round((attended * 100) / held);
}

export interface StudentSession extends SessionTiming {
  id: number;
  /** Held by now (place-figures.ts `heldSql`, the one definition). */
  held: boolean;
}

/**
 * The welfare rule: the student's most recent marks on a run, among held sessions they have a mark for, end in two or
 * more `absent` in a row. Only `absent` is a miss. Apologies (they were in touch), present and late end the run of
 * misses; a session with no mark for them (register not taken) is passed over, neither a miss nor a break.
 * Returns the dates missed in a row (oldest first), or [] when the student is not due a welfare check.
 */
export function missedInARow(sessions: readonly StudentSession[], marks: ReadonlyMap<number, Mark>): string[] {
  const ordered = [...sessions].sort((a, b) => (a.date === b.date ? a.startTime.localeCompare(b.startTime) : a.date.localeCompare(b.date)));
  let streak: string[] = [];
  for (const s of ordered) {
    if (!s.held) continue;
    const mark = marks.get(s.id);
    if (mark === undefined) continue;
    if (mark === 'absent') streak.push(s.date);
    else streak = [];
  }
  return streak.length >= 2 ? streak : [];
}
