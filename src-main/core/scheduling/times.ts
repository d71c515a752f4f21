// Session times: Europe/London wall-clock in, UTC instants out (luxon handles the clock change), and weekly patterns.
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, formatDate } from '../../contract/dates';
import { WEEKDAYS, type SkippedDate } from '../../contract/scheduling';
import { validationError } from '../../contract/errors';

export interface SessionTimes {
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
}

/** The UTC instant of a London wall-clock time; refuses a time that does not exist (clocks going forward). */
export function londonToUtc(date: string, time: string, field = 'startTime'): string {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: COLLEGE_ZONE });
  if (!dt.isValid || dt.toFormat('HH:mm') !== time || dt.toISODate() !== date) {
    throw validationError({ [field]: `${time} does not exist on ${formatDate(date)} because the clocks go forward that night. Please choose another time.` });
  }
  return utcIso(dt);
}

/** The one format stored in starts_at/ends_at, so text comparison orders instants correctly. */
export function utcIso(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: false }) as string;
}

export function sessionTimes(date: string, startTime: string, endTime: string): SessionTimes {
  if (endTime <= startTime) throw validationError({ endTime: 'The session must end after it starts (on the same day).' });
  return { date, startTime, endTime, startsAt: londonToUtc(date, startTime, 'startTime'), endsAt: londonToUtc(date, endTime, 'endTime') };
}

/** `10:00` + 120 minutes → `12:00`; null when the session would run past midnight. */
export function addMinutes(time: string, minutes: number): string | null {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  if (total >= 24 * 60) return null;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export interface ClosedDays {
  /** date → why the college is closed that day. */
  reasons: Map<string, string>;
}

export interface Pattern {
  weekday: number;
  startTime: string;
  lengthMinutes: number;
  count: number;
  firstDate: string;
}

export interface PlannedSessions {
  sessions: { date: string; startTime: string; endTime: string }[];
  skipped: SkippedDate[];
}

/**
 * Walks the weekly pattern through the term: each chosen weekday from the first date, skipping closed days, until
 * `count` sessions are found. Refuses (with the reason in plain words) a pattern that leaves the term or finds nothing.
 */
export function planWeekly(pattern: Pattern, term: { name: string; startsOn: string; endsOn: string }, closed: Map<string, string>): PlannedSessions {
  const endTime = addMinutes(pattern.startTime, pattern.lengthMinutes);
  if (!endTime) throw validationError({ lengthMinutes: `A session starting at ${pattern.startTime} that lasts ${pattern.lengthMinutes} minutes would run past midnight. Please shorten it or start earlier.` });
  if (pattern.firstDate < term.startsOn) {
    throw validationError({ firstDate: `The first date (${formatDate(pattern.firstDate)}) is before ${term.name} starts on ${formatDate(term.startsOn)}. Please choose a date inside the term.` });
  }
  if (pattern.firstDate > term.endsOn) {
    throw validationError({ firstDate: `The first date (${formatDate(pattern.firstDate)}) is after ${term.name} ends on ${formatDate(term.endsOn)}. Please choose a date inside the term.` });
  }
  let day = DateTime.fromISO(pattern.firstDate, { zone: 'utc' });
  while (day.weekday !== pattern.weekday) day = day.plus({ days: 1 });
  const sessions: PlannedSessions['sessions'] = [];
  const skipped: SkippedDate[] = [];
  const weekday = WEEKDAYS[pattern.weekday - 1];
  for (; sessions.length < pattern.count; day = day.plus({ weeks: 1 })) {
    const date = day.toISODate() as string;
    if (date > term.endsOn) {
      const skippedWords = skipped.length ? ` (after skipping ${skipped.map((s) => `${formatDate(s.date)}: ${s.reason}`).join('; ')})` : '';
      if (sessions.length === 0) {
        throw validationError(
          { count: `This pattern produces no sessions: there is no open ${weekday} between ${formatDate(pattern.firstDate)} and the end of ${term.name} on ${formatDate(term.endsOn)}${skippedWords}. Please choose another day or first date.` },
        );
      }
      throw validationError({
        count: `Only ${sessions.length} of the ${pattern.count} sessions fit before ${term.name} ends on ${formatDate(term.endsOn)}${skippedWords}. Please start earlier, ask for fewer sessions, or extend the term.`,
      });
    }
    const why = closed.get(date);
    if (why) skipped.push({ date, reason: why });
    else sessions.push({ date, startTime: pattern.startTime, endTime });
  }
  return { sessions, skipped };
}

/** Every date from `from` to `to` inclusive. */
export function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: 'utc' }); (d.toISODate() as string) <= to; d = d.plus({ days: 1 })) out.push(d.toISODate() as string);
  return out;
}

/** `Living Well, 3 Mar 2026, 10:00–12:00` */
export function describeSession(s: { courseTitle: string; date: string; startTime: string; endTime: string; roomName?: string | null }): string {
  return `${s.courseTitle}, ${formatDate(s.date)}, ${s.startTime}–${s.endTime}${s.roomName ? ` in ${s.roomName}` : ''}`;
}
