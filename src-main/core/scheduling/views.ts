// Timetable views (a week, a term; all rooms, one room or one facilitator), a student's courses, and calendar files.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, collegeToday } from '../../contract/dates';
import type { ExportedFile } from '../../contract/define';
import { validationError } from '../../contract/errors';
import type { SkippedDate, StudentCourse, TermSession, TimetableSession } from '../../contract/scheduling';
import type { Db, HandlersFor } from '../api/handlers';
import { closedDays, getTermDetail, listRunSummaries, notFound, sessionQuery, teamsFor, toSession } from './rows';

type H = HandlersFor<'scheduling.'>;
type Filter = { kind: 'all' } | { kind: 'room'; roomId: number } | { kind: 'facilitator'; facilitatorId: number };

export async function timetableSessions(db: Db, where: { from?: string; to?: string; termId?: number }, filter: Filter): Promise<TimetableSession[]> {
  let q = sessionQuery(db);
  if (where.from) q = q.where('s.date', '>=', where.from);
  if (where.to) q = q.where('s.date', '<=', where.to);
  if (where.termId !== undefined) q = q.where('cr.term_id', '=', where.termId);
  // With a date range the sessions_date index gives date order; the course title is only a tie-break, sorted below.
  if (filter.kind === 'room') q = q.where('s.room_id', '=', filter.roomId);
  if (filter.kind === 'facilitator') {
    q = q.where('s.course_run_id', 'in', db.selectFrom('course_run_facilitators').select('course_run_id').where('facilitator_id', '=', filter.facilitatorId));
  }
  const rows = await q.orderBy('s.date').orderBy('s.start_time').execute();
  const key = (r: (typeof rows)[number]) => `${r.date} ${r.start_time}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.title.localeCompare(b.title)));
  const runIds = [...new Set(rows.map((r) => r.course_run_id))];
  const teams = await teamsFor(db, runIds);
  const counts = new Map<number, number>();
  if (runIds.length > 0) {
    const enrolled = await db
      .selectFrom('enrolments')
      .select((eb) => ['course_run_id', eb.fn.countAll<number>().as('n')])
      .where('course_run_id', 'in', runIds)
      .where('status', '=', 'enrolled')
      .groupBy('course_run_id')
      .execute();
    for (const e of enrolled) counts.set(e.course_run_id, Number(e.n));
  }
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
  if (filter.kind === 'room' && !(await db.selectFrom('rooms').select('id').where('id', '=', filter.roomId).executeTakeFirst())) throw notFound('room');
  if (filter.kind === 'facilitator' && !(await db.selectFrom('facilitators').select('id').where('id', '=', filter.facilitatorId).executeTakeFirst())) throw notFound('facilitator');
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
      const inRoom = new Set(
        (await ctx.db.selectFrom('sessions').select('course_run_id').distinct().where('room_id', '=', filter.roomId).where('date', '>=', term.startsOn).where('date', '<=', term.endsOn).execute()).map((r) => r.course_run_id),
      );
      runs = runs.filter((r) => r.roomId === filter.roomId || inRoom.has(r.id));
    }
    if (filter.kind === 'facilitator') runs = runs.filter((r) => r.facilitators.some((f) => f.id === filter.facilitatorId));
    // Compact sessions (no joins): everything about their run is in `runs` already.
    const sessions: TermSession[] = [];
    const runIds = runs.map((r) => r.id);
    for (let i = 0; i < runIds.length; i += 900) {
      let q = ctx.db
        .selectFrom('sessions')
        .select(['id', 'course_run_id', 'room_id', 'date', 'start_time', 'end_time', 'status'])
        .where('course_run_id', 'in', runIds.slice(i, i + 900));
      if (filter.kind === 'room') q = q.where('room_id', '=', filter.roomId);
      for (const s of await q.execute()) {
        sessions.push({ id: s.id, courseRunId: s.course_run_id, roomId: s.room_id, date: s.date, startTime: s.start_time, endTime: s.end_time, status: s.status });
      }
    }
    sessions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : a.id - b.id));
    return { term, runs, sessions, closedDays: toSkipped(await closedDays(ctx.db, term.startsOn, term.endsOn, termId)) };
  },

  'scheduling.studentCourses': async (ctx, { studentId }) => {
    const st = await ctx.db.selectFrom('students').select('id').where('id', '=', studentId).executeTakeFirst();
    if (!st) throw notFound('student record');
    const rows = await ctx.db
      .selectFrom('enrolments as e')
      .innerJoin('course_runs as cr', 'cr.id', 'e.course_run_id')
      .innerJoin('courses as c', 'c.id', 'cr.course_id')
      .innerJoin('terms as t', 't.id', 'cr.term_id')
      .select((eb) => [
        'e.course_run_id',
        'c.title',
        't.name as term_name',
        't.starts_on',
        't.ends_on',
        'e.status',
        'e.enrolled_on',
        'e.withdrawn_on',
        'e.withdraw_reason',
        'e.withdraw_reason_code',
        eb.selectFrom('enrolment_breaks as b').whereRef('b.enrolment_id', '=', 'e.id').where('b.resumed_on', 'is', null).select((e2) => e2.fn.max<string>('b.starts_on').as('d')).as('on_break_since'),
        eb.selectFrom('sessions as s').whereRef('s.course_run_id', '=', 'cr.id').where('s.status', '=', 'scheduled').select((e2) => e2.fn.min<string>('s.date').as('d')).as('first_date'),
        eb.selectFrom('sessions as s').whereRef('s.course_run_id', '=', 'cr.id').where('s.status', '=', 'scheduled').select((e2) => e2.fn.max<string>('s.date').as('d')).as('last_date'),
      ])
      .where('e.student_id', '=', studentId)
      .execute();
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
    const f = await ctx.db.selectFrom('facilitators').selectAll().where('id', '=', facilitatorId).executeTakeFirst();
    if (!f) throw notFound('facilitator');
    const sessions = await timetableSessions(ctx.db, { from, to }, { kind: 'facilitator', facilitatorId });
    return icsFile(`${f.first_name} ${f.surname} sessions`, buildIcs(`Sessions for ${f.first_name} ${f.surname}`, sessions, ctx.now()));
  },
} satisfies Partial<H>;
