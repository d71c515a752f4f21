// The one place that defines who is expected at a session, which sessions count as held, attendance rate,
// completion and the two-missed-sessions-in-a-row welfare rule. Pure functions: registers and returns both use them.
import { DateTime } from 'luxon';
import type { AttendanceFigures, Mark } from '../../contract/registers';
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

export interface EnrolmentWindow {
  status: 'enrolled' | 'waiting' | 'withdrawn';
  enrolledOn: string | null;
  withdrawnOn: string | null;
  /** `created_at` / `updated_at` timestamps, used only when a date above was never filled in. */
  createdAt: string;
  updatedAt: string;
}

/** The first date a student is expected at the run's sessions, or null if they never had a place (waiting list only). */
function expectedFrom(e: EnrolmentWindow): string | null {
  if (e.status === 'waiting') return null;
  if (e.enrolledOn) return e.enrolledOn;
  // An enrolled row without a date counts from when it was made; a withdrawn one without one never had a place.
  return e.status === 'enrolled' ? e.createdAt.slice(0, 10) : null;
}

/**
 * Is the student on the register of a session on `date`? Enrolled on or before that day and not withdrawn before it
 * (someone who withdraws on the day of a session is still on that session's register). Waiting-list places never are.
 */
export function isExpectedOn(e: EnrolmentWindow, date: string): boolean {
  const from = expectedFrom(e);
  if (from === null || from > date) return false;
  if (e.status === 'withdrawn') {
    const until = e.withdrawnOn ?? e.updatedAt.slice(0, 10);
    return date <= until;
  }
  return true;
}

export interface SessionTiming {
  date: string;
  startTime: string;
  /** The session or its whole course run was cancelled. */
  cancelled: boolean;
}

/** A session is held once it has started and was not cancelled. Cancelled sessions never count against anyone. */
export function isHeld(s: SessionTiming, now: CollegeNow): boolean {
  if (s.cancelled) return false;
  if (s.date < now.today) return true;
  return s.date === now.today && s.startTime.slice(0, 5) <= now.time;
}

/** A register can be taken from the session's day onwards (never for a future date), and never for a cancelled session. */
export function canTakeRegister(s: SessionTiming, now: CollegeNow): boolean {
  return !s.cancelled && s.date <= now.today;
}

export function isAttended(mark: Mark | null | undefined): boolean {
  return mark === 'present' || mark === 'late';
}

/** `attended ≥ threshold% of held`, in whole numbers so 2 of 3 at 66 % completes and no rounding decides it. */
export function isComplete(attended: number, held: number, thresholdPercent: number): boolean {
  return held > 0 && attended * 100 >= thresholdPercent * held;
}

export function ratePercent(attended: number, held: number): number | null {
  return held === 0 ? null : Math.round((attended * 100) / held);
}

export interface StudentSession extends SessionTiming {
  id: number;
}

/**
 * One student's figures on one course run. Held sessions count from their enrolment date and stop at withdrawal;
 * a held session they attended always counts (a drop-in before they enrolled, say), so attended never exceeds held.
 */
export function figuresFor(
  sessions: readonly StudentSession[],
  enrolment: EnrolmentWindow,
  marks: ReadonlyMap<number, Mark>,
  now: CollegeNow,
  thresholdPercent: number,
): AttendanceFigures {
  let held = 0;
  let attended = 0;
  for (const s of sessions) {
    if (!isHeld(s, now)) continue;
    const came = isAttended(marks.get(s.id));
    if (!came && !isExpectedOn(enrolment, s.date)) continue;
    held++;
    if (came) attended++;
  }
  return { held, attended, ratePercent: ratePercent(attended, held), completed: isComplete(attended, held, thresholdPercent) };
}

/**
 * The welfare rule: the student's most recent marks on a run, among held sessions they have a mark for, end in two or
 * more `absent` in a row. Only `absent` is a miss. Apologies (they were in touch), present and late end the run of
 * misses; a session with no mark for them (register not taken) is passed over, neither a miss nor a break.
 * Returns the dates missed in a row (oldest first), or [] when the student is not due a welfare check.
 */
export function missedInARow(sessions: readonly StudentSession[], marks: ReadonlyMap<number, Mark>, now: CollegeNow): string[] {
  const ordered = [...sessions].sort((a, b) => (a.date === b.date ? a.startTime.localeCompare(b.startTime) : a.date.localeCompare(b.date)));
  let streak: string[] = [];
  for (const s of ordered) {
    if (!isHeld(s, now)) continue;
    const mark = marks.get(s.id);
    if (mark === undefined) continue;
    if (mark === 'absent') streak.push(s.date);
    else streak = [];
  }
  return streak.length >= 2 ? streak : [];
}
