// Timetable views (a week, a term; all rooms, one room or one facilitator), a student's courses, and calendar files.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, collegeToday } from '../../contract/dates';
import type { ExportedFile } from '../../contract/define';
import { validationError } from '../../contract/errors';
import type { SkippedDate, StudentCourse, TermSession, TimetableSession } from '../../contract/scheduling';
import type { Db, HandlersFor } from '../api/handlers';
import { findStudent } from '../students/repository';
import {
  closedDays,
  compactSessionsOfRuns,
  coursesOfStudent,
  enrolledCounts,
  findFacilitator,
  findRoom,
  getTermDetail,
  listRunSummaries,
  notFound,
  runIdsWithSessionsInRoom,
  sessionQuery,
  teamsFor,
  timetableRows,
  toSession,
} from './rows';

type H = HandlersFor<'scheduling.'>;
type Filter = { kind: 'all' } | { kind: 'room'; roomId: number } | { kind: 'facilitator'; facilitatorId: number };

export async function timetableSessions(db: Db, where: { from?: string; to?: string; termId?: number }, filter: Filter): Promise<TimetableSession[]> {
  const rows = await timetableRows(db, where, filter);
  const key = (r: (typeof rows)[number]) => `${r.date} ${r.start_time}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.title.localeCompare(b.title)));
  const runIds = [...new Set(rows.map((r) => r.course_run_id))];
  const teams = await teamsFor(db, runIds);
  const counts = await enrolledCounts(db, runIds);
  return rows.map((r) => ({
    ...toSession(r),
    facilitators: (teams.get(r.course_run_id) ?? []).map((f) => ({ id: f.id, name: f.name, kind: f.kind })),
    enrolledCount: counts.get(r.course_run_id) ?? 0,
    capacity: r.capacity,
  }));
}

function toSkipped(m: Map<string, string>): SkippedDate[] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, reason]) => ({ date, reason }));
}

async function assertFilter(db: Db, filter: Filter): Promise<void> {
  if (filter.kind === 'room' && !(await findRoom(db, filter.roomId))) throw notFound('room');
  if (filter.kind === 'facilitator' && !(await findFacilitator(db, filter.facilitatorId))) throw notFound('facilitator');
}

// ── calendar files ─────────────────────────────────────────────

interface IcsSession {
  id: number;
  courseTitle: string;
  date: string;
  startTime: string;
  endTime: string;
  roomName: string | null;
  venueName: string;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
}

/**
 * Valid iCalendar with Europe/London times (DTSTART;TZID=Europe/London plus its VTIMEZONE). Cancelled sessions are kept,
 * marked STATUS:CANCELLED, so a calendar that imported the file earlier learns they are off.
 */
export function buildIcs(name: string, sessions: IcsSession[], now: Date): string {
  const cal = ical({ name, prodId: { company: 'Recovery College Desk', product: 'Timetable', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  // Calendar-level name stays null so DTSTAMP is written in UTC; the generator adds VTIMEZONE for the events' zone.
  cal.timezone({ name: null, generator: getVtimezoneComponent });
  for (const s of sessions) {
    cal.createEvent({
      id: `session-${s.id}@recovery-college-desk`,
      start: DateTime.fromISO(`${s.date}T${s.startTime}`, { zone: COLLEGE_ZONE }),
      end: DateTime.fromISO(`${s.date}T${s.endTime}`, { zone: COLLEGE_ZONE }),
      timezone: COLLEGE_ZONE,
      stamp: now,
      summary: s.status === 'cancelled' ? `CANCELLED: ${s.courseTitle}` : s.courseTitle,
      location: [s.roomName, s.venueName].filter(Boolean).join(', '),
      description: s.status === 'cancelled' ? `Cancelled: ${s.cancelReason ?? ''}` : null,
      status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

function icsFile(base: string, text: string): ExportedFile {
  const safe = base.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').toLowerCase() || 'timetable';
  return { suggestedName: `${safe}.ics`, mimeType: 'text/calendar', base64: Buffer.from(text, 'utf8').toString('base64') };
}

export const viewHandlers = {
  'scheduling.week': async (ctx, { from, to, filter }) => {
    if (DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days > 92) throw validationError({ to: 'Please choose a range of at most three months.' });
    await assertFilter(ctx.db, filter);
    return { from, to, sessions: await timetableSessions(ctx.db, { from, to }, filter), closedDays: toSkipped(await closedDays(ctx.db, from, to, null)) };
  },

  'scheduling.termView': async (ctx, { termId, filter }) => {
    const term = await getTermDetail(ctx.db, termId);
    await assertFilter(ctx.db, filter);
    let runs = await listRunSummaries(ctx.db, { termId });
    if (filter.kind === 'room') {
      // A run belongs in a room's view if any of its sessions is there (a one-off move counts).
      const inRoom = new Set(await runIdsWithSessionsInRoom(ctx.db, filter.roomId, term.startsOn, term.endsOn));
      runs = runs.filter((r) => r.roomId === filter.roomId || inRoom.has(r.id));
    }
    if (filter.kind === 'facilitator') runs = runs.filter((r) => r.facilitators.some((f) => f.id === filter.facilitatorId));
    // Compact sessions (no joins): everything about their run is in `runs` already.
    const sessions: TermSession[] = [];
    const runIds = runs.map((r) => r.id);
    for (const s of await compactSessionsOfRuns(ctx.db, runIds, filter.kind === 'room' ? filter.roomId : undefined)) {
      sessions.push({ id: s.id, courseRunId: s.course_run_id, roomId: s.room_id, date: s.date, startTime: s.start_time, endTime: s.end_time, status: s.status });
    }
    sessions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : a.id - b.id));
    return { term, runs, sessions, closedDays: toSkipped(await closedDays(ctx.db, term.startsOn, term.endsOn, termId)) };
  },

  'scheduling.studentCourses': async (ctx, { studentId }) => {
    const st = await findStudent(ctx.db, studentId);
    if (!st) throw notFound('student record');
    const rows = await coursesOfStudent(ctx.db, studentId);
    const today = collegeToday(ctx.now());
    const out: StudentCourse[] = rows.map((r) => {
      const first = (r.first_date as string | null) ?? null;
      const last = (r.last_date as string | null) ?? null;
      const start = first ?? r.starts_on;
      const end = last ?? r.ends_on;
      return {
        runId: r.course_run_id,
        courseTitle: r.title,
        termName: r.term_name,
        status: r.status,
        firstDate: first,
        lastDate: last,
        when: end < today ? 'past' : start > today ? 'future' : 'current',
        enrolledOn: r.enrolled_on,
        withdrawnOn: r.withdrawn_on,
        withdrawReason: r.withdraw_reason,
        withdrawReasonCode: r.withdraw_reason_code,
        onBreakSince: (r.on_break_since as string | null) ?? null,
      };
    });
    return out.sort((a, b) => ((b.firstDate ?? '') < (a.firstDate ?? '') ? -1 : (b.firstDate ?? '') > (a.firstDate ?? '') ? 1 : a.courseTitle.localeCompare(b.courseTitle)));
  },

  'scheduling.exportRunIcs': async (ctx, { runId }) => {
    const [run] = await listRunSummaries(ctx.db, { runIds: [runId], includeCancelled: true });
    if (!run) throw notFound('course run');
    const sessions = (await sessionQuery(ctx.db).where('s.course_run_id', '=', runId).orderBy('s.starts_at').execute()).map(toSession);
    return icsFile(`${run.courseTitle} ${run.termName}`, buildIcs(`${run.courseTitle} (${run.termName})`, sessions, ctx.now()));
  },

  'scheduling.exportFacilitatorIcs': async (ctx, { facilitatorId, from, to }) => {
    const f = await findFacilitator(ctx.db, facilitatorId);
    if (!f) throw notFound('facilitator');
    const sessions = await timetableSessions(ctx.db, { from, to }, { kind: 'facilitator', facilitatorId });
    return icsFile(`${f.first_name} ${f.surname} sessions`, buildIcs(`Sessions for ${f.first_name} ${f.surname}`, sessions, ctx.now()));
  },
} satisfies Partial<H>;
