// Reading the timetable: rows → contract shapes, course-run pages and summaries, closed days. Writers live beside their handlers.
import { containsText } from '../db/paging';
import type { Selectable } from 'kysely';
import { ApiError } from '../../contract/errors';
import type {
  BankHoliday,
  Closure,
  Course,
  EnrolmentRow,
  Facilitator,
  FacilitatorKind,
  Room,
  RunDetail,
  RunFacilitator,
  RunSummary,
  Session,
  TermDetail,
  Venue,
} from '../../contract/scheduling';
import type { Db } from '../api/handlers';
import type { SchedulingTables } from './tables';

type Row<T extends keyof SchedulingTables> = Selectable<SchedulingTables[T]>;

export function personName(p: { first_name: string; surname: string; preferred_name?: string | null }): string {
  return `${p.preferred_name || p.first_name} ${p.surname}`;
}

export function notFound(what: string): ApiError {
  return new ApiError('record.not-found', `That ${what} could not be found. It may have been removed; please reload and try again.`);
}

// ── catalogue ──────────────────────────────────────────────────

export async function getCourse(db: Db, id: number): Promise<Course> {
  const r = await db
    .selectFrom('courses')
    .selectAll()
    .select((eb) => eb.selectFrom('course_runs').whereRef('course_runs.course_id', '=', 'courses.id').select(eb.fn.countAll<number>().as('n')).as('run_count'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('course');
  return toCourse(r);
}

export function toCourse(r: Row<'courses'> & { run_count: number | null }): Course {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    sessionsCount: r.sessions_count,
    defaultSessionMinutes: r.default_session_minutes,
    defaultCapacity: r.default_capacity,
    coProduced: r.co_produced === 1,
    peerTraining: r.peer_training === 1,
    retiredAt: r.retired_at,
    runCount: Number(r.run_count ?? 0),
  };
}

export function toClosure(r: Row<'closures'>): Closure {
  return { id: r.id, termId: r.term_id, startsOn: r.starts_on, endsOn: r.ends_on, description: r.description };
}

export async function getTermDetail(db: Db, id: number): Promise<TermDetail> {
  const t = await db
    .selectFrom('terms')
    .selectAll()
    .select((eb) => eb.selectFrom('course_runs').whereRef('course_runs.term_id', '=', 'terms.id').select(eb.fn.countAll<number>().as('n')).as('run_count'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!t) throw notFound('term');
  const closures = await db
    .selectFrom('closures')
    .selectAll()
    .where((eb) => eb.or([eb('term_id', '=', id), eb.and([eb('term_id', 'is', null), eb('ends_on', '>=', t.starts_on), eb('starts_on', '<=', t.ends_on)])]))
    .orderBy('starts_on')
    .execute();
  const bankHolidays = await listBankHolidays(db, t.starts_on, t.ends_on);
  return { id: t.id, name: t.name, startsOn: t.starts_on, endsOn: t.ends_on, runCount: Number(t.run_count ?? 0), closures: closures.map(toClosure), bankHolidays };
}

export async function listBankHolidays(db: Db, from: string, to: string): Promise<BankHoliday[]> {
  return db.selectFrom('bank_holidays').select(['date', 'name']).where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
}

/**
 * Days the college is closed between two dates: bank holidays, college-wide closures and (given a term) that term's
 * closures. date → reason in plain words.
 */
export async function closedDays(db: Db, from: string, to: string, termId: number | null): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let q = db.selectFrom('closures').selectAll().where('ends_on', '>=', from).where('starts_on', '<=', to);
  q = termId === null ? q.where('term_id', 'is', null) : q.where((eb) => eb.or([eb('term_id', 'is', null), eb('term_id', '=', termId)]));
  for (const c of await q.orderBy('starts_on').execute()) {
    for (let d = c.starts_on < from ? from : c.starts_on; d <= c.ends_on && d <= to; d = nextDate(d)) {
      if (!out.has(d)) out.set(d, `Closed: ${c.description}`);
    }
  }
  for (const b of await listBankHolidays(db, from, to)) out.set(b.date, `Bank holiday: ${b.name}`);
  return out;
}

function nextDate(d: string): string {
  const dt = new Date(`${d}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + 1);
  return dt.toISOString().slice(0, 10);
}

export async function getVenue(db: Db, id: number): Promise<Venue> {
  const v = await db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw notFound('venue');
  const rooms = await db.selectFrom('rooms').selectAll().where('venue_id', '=', id).orderBy('name').execute();
  return toVenue(v, rooms);
}

export function toVenue(v: Row<'venues'>, rooms: Row<'rooms'>[]): Venue {
  return {
    id: v.id,
    name: v.name,
    address: v.address,
    accessibilityNotes: v.accessibility_notes,
    active: v.active === 1,
    rooms: rooms.map((r) => toRoom(r, v.name)),
  };
}

export function toRoom(r: Row<'rooms'>, venueName: string): Room {
  return { id: r.id, venueId: r.venue_id, venueName, name: r.name, capacity: r.capacity, accessibilityNotes: r.accessibility_notes, active: r.active === 1 };
}

export async function getRoom(db: Db, id: number): Promise<Room> {
  const r = await db.selectFrom('rooms').innerJoin('venues', 'venues.id', 'rooms.venue_id').selectAll('rooms').select('venues.name as venue_name').where('rooms.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('room');
  return toRoom(r, r.venue_name);
}

export async function getFacilitator(db: Db, id: number): Promise<Facilitator> {
  const rows = await facilitatorQuery(db).where('f.id', '=', id).execute();
  if (!rows[0]) throw notFound('facilitator');
  return toFacilitator(rows[0]);
}

export function facilitatorQuery(db: Db) {
  return db.selectFrom('facilitators as f').leftJoin('students as st', 'st.id', 'f.student_id').selectAll('f').select('st.reference as student_reference');
}

export function toFacilitator(r: Row<'facilitators'> & { student_reference: string | null }): Facilitator {
  return {
    id: r.id,
    firstName: r.first_name,
    surname: r.surname,
    name: `${r.first_name} ${r.surname}`,
    kind: r.kind,
    email: r.email,
    phone: r.phone,
    studentId: r.student_id,
    studentReference: r.student_reference,
    active: r.active === 1,
    notes: r.notes,
  };
}

// ── course runs ───────────────────────────────────────────────

export function meetsCoDelivery(team: { kind: FacilitatorKind }[]): boolean {
  return team.some((f) => f.kind === 'peer_trainer') && team.length >= 2;
}

/** Teams of many runs at once: run id → facilitators, lead first. */
export async function teamsFor(db: Db, runIds: number[]): Promise<Map<number, RunFacilitator[]>> {
  const out = new Map<number, RunFacilitator[]>();
  if (runIds.length === 0) return out;
  const rows = await db
    .selectFrom('course_run_facilitators as crf')
    .innerJoin('facilitators as f', 'f.id', 'crf.facilitator_id')
    .select(['crf.course_run_id', 'crf.role', 'f.id', 'f.first_name', 'f.surname', 'f.kind'])
    .where('crf.course_run_id', 'in', runIds)
    .orderBy('crf.course_run_id')
    .orderBy('crf.role', 'desc')
    .orderBy('f.surname')
    .execute();
  for (const r of rows) {
    const team = out.get(r.course_run_id) ?? [];
    team.push({ id: r.id, name: `${r.first_name} ${r.surname}`, kind: r.kind, role: r.role });
    out.set(r.course_run_id, team);
  }
  return out;
}

/** Summaries of the runs a filter picks (term, course, run ids): counts from grouped queries, not one lookup per run. */
/** Course runs with their course, term, venue and room, narrowed by a filter; `listRunSummaries` and the runs list page add the rest. */
export function runSummaryQuery(db: Db, filter: { termId?: number; courseId?: number; venueId?: number; runIds?: number[]; includeCancelled?: boolean; query?: string }) {
  let q = db
    .selectFrom('course_runs as cr')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .innerJoin('terms as t', 't.id', 'cr.term_id')
    .innerJoin('venues as v', 'v.id', 'cr.venue_id')
    .leftJoin('rooms as r', 'r.id', 'cr.room_id')
    .select(['cr.id', 'cr.course_id', 'c.title', 'cr.term_id', 't.name as term_name', 'cr.venue_id', 'v.name as venue_name', 'cr.room_id', 'r.name as room_name', 'cr.capacity', 'cr.cancelled_at', 'cr.notes']);
  if (filter.termId !== undefined) q = q.where('cr.term_id', '=', filter.termId);
  if (filter.courseId !== undefined) q = q.where('cr.course_id', '=', filter.courseId);
  if (filter.venueId !== undefined) q = q.where('cr.venue_id', '=', filter.venueId);
  if (filter.runIds !== undefined) q = q.where('cr.id', 'in', filter.runIds.length ? filter.runIds : [0]);
  if (!filter.includeCancelled) q = q.where('cr.cancelled_at', 'is', null);
  if (filter.query) q = q.where(containsText(db, ['c.title'], filter.query));
  return q;
}

export type RunSummaryRow = Awaited<ReturnType<ReturnType<typeof runSummaryQuery>['execute']>>[number];

export async function listRunSummaries(
  db: Db,
  filter: { termId?: number; courseId?: number; runIds?: number[]; includeCancelled?: boolean },
): Promise<RunSummary[]> {
  const rows = await runSummaryQuery(db, filter).orderBy('t.starts_on', 'desc').orderBy('c.title').orderBy('cr.id').execute();
  return summariseRuns(db, rows);
}

/** Adds each run's sessions, enrolment counts and team to its row. */
export async function summariseRuns(db: Db, rows: RunSummaryRow[]): Promise<RunSummary[]> {
  const ids = rows.map((r) => r.id);
  const teams = await teamsFor(db, ids);
  const sessions = new Map<number, { n: number; first: string | null; last: string | null }>();
  const enrolled = new Map<number, { enrolled: number; waiting: number }>();
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    const s = await db
      .selectFrom('sessions')
      .select((eb) => ['course_run_id', eb.fn.countAll<number>().as('n'), eb.fn.min<string>('date').as('first'), eb.fn.max<string>('date').as('last')])
      .where('course_run_id', 'in', chunk)
      .where('status', '=', 'scheduled')
      .groupBy('course_run_id')
      .execute();
    for (const r of s) sessions.set(r.course_run_id, { n: Number(r.n), first: r.first, last: r.last });
    const e = await db
      .selectFrom('enrolments')
      .select((eb) => ['course_run_id', 'status', eb.fn.countAll<number>().as('n')])
      .where('course_run_id', 'in', chunk)
      .where('status', 'in', ['enrolled', 'waiting'])
      .groupBy(['course_run_id', 'status'])
      .execute();
    for (const r of e) {
      const x = enrolled.get(r.course_run_id) ?? { enrolled: 0, waiting: 0 };
      if (r.status === 'enrolled') x.enrolled = Number(r.n);
      else x.waiting = Number(r.n);
      enrolled.set(r.course_run_id, x);
    }
  }
  return rows.map((r) => {
    const team = teams.get(r.id) ?? [];
    const s = sessions.get(r.id);
    const e = enrolled.get(r.id);
    return {
      id: r.id,
      courseId: r.course_id,
      courseTitle: r.title,
      termId: r.term_id,
      termName: r.term_name,
      venueId: r.venue_id,
      venueName: r.venue_name,
      roomId: r.room_id,
      roomName: r.room_name,
      capacity: r.capacity,
      enrolledCount: e?.enrolled ?? 0,
      waitingCount: e?.waiting ?? 0,
      sessionCount: s?.n ?? 0,
      firstDate: s?.first ?? null,
      lastDate: s?.last ?? null,
      facilitators: team,
      meetsCoDelivery: meetsCoDelivery(team),
      cancelledAt: r.cancelled_at,
      notes: r.notes,
    };
  });
}

export function sessionQuery(db: Db) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .innerJoin('venues as v', 'v.id', 'cr.venue_id')
    .leftJoin('rooms as r', 'r.id', 's.room_id')
    .select([
      's.id',
      's.course_run_id',
      's.room_id',
      's.date',
      's.start_time',
      's.end_time',
      's.starts_at',
      's.ends_at',
      's.status',
      's.cancel_reason',
      'c.title',
      'r.name as room_name',
      'v.name as venue_name',
      'cr.capacity',
    ]);
}

type SessionQueryRow = Omit<Row<'sessions'>, 'created_at' | 'updated_at'> & { title: string; room_name: string | null; venue_name: string };

export function toSession(r: SessionQueryRow): Session {
  return {
    id: r.id,
    courseRunId: r.course_run_id,
    courseTitle: r.title,
    roomId: r.room_id,
    roomName: r.room_name,
    venueName: r.venue_name,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    cancelReason: r.cancel_reason,
  };
}

export async function getSession(db: Db, id: number): Promise<Session> {
  const r = await sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('session');
  return toSession(r);
}

export async function runRow(db: Db, id: number) {
  const r = await db.selectFrom('course_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('course run');
  return r;
}

export async function enrolmentRows(db: Db, runId: number): Promise<EnrolmentRow[]> {
  const rows = await db
    .selectFrom('enrolments as e')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .selectAll('e')
    .select(['st.reference', 'st.first_name', 'st.surname', 'st.preferred_name'])
    .select((eb) =>
      eb.selectFrom('enrolment_breaks as b').whereRef('b.enrolment_id', '=', 'e.id').where('b.resumed_on', 'is', null).select((e2) => e2.fn.max<string>('b.starts_on').as('d')).as('on_break_since'),
    )
    .where('e.course_run_id', '=', runId)
    .orderBy('e.status')
    .orderBy('e.waiting_since')
    .orderBy('e.id')
    .execute();
  let position = 0;
  const waiting = rows.filter((r) => r.status === 'waiting').sort(byWaitingOrder);
  const positions = new Map(waiting.map((r) => [r.id, ++position]));
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    reference: r.reference,
    name: personName(r),
    status: r.status,
    enrolledOn: r.enrolled_on,
    waitingSince: r.waiting_since,
    waitingPosition: positions.get(r.id) ?? null,
    promotedAt: r.promoted_at,
    withdrawnOn: r.withdrawn_on,
    withdrawReason: r.withdraw_reason,
    withdrawReasonCode: r.withdraw_reason_code,
    joinedBy: r.joined_by,
    onBreakSince: (r.on_break_since as string | null) ?? null,
  }));
}

/** Waiting-list order: who has waited longest, then who was added first. */
export function byWaitingOrder(a: { waiting_since: string | null; id: number }, b: { waiting_since: string | null; id: number }): number {
  const x = a.waiting_since ?? '';
  const y = b.waiting_since ?? '';
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}

export async function getRunDetail(db: Db, id: number): Promise<RunDetail> {
  const [summary] = await listRunSummaries(db, { runIds: [id], includeCancelled: true });
  if (!summary) throw notFound('course run');
  const extra = await db
    .selectFrom('course_runs as cr')
    .innerJoin('courses as c', 'c.id', 'cr.course_id')
    .innerJoin('terms as t', 't.id', 'cr.term_id')
    .select(['c.description', 't.starts_on', 't.ends_on'])
    .where('cr.id', '=', id)
    .executeTakeFirstOrThrow();
  const sessions = (await sessionQuery(db).where('s.course_run_id', '=', id).orderBy('s.date').orderBy('s.start_time').execute()).map(toSession);
  const enrolments = await enrolmentRows(db, id);
  return {
    ...summary,
    courseDescription: extra.description,
    termStartsOn: extra.starts_on,
    termEndsOn: extra.ends_on,
    sessions,
    enrolled: enrolments.filter((e) => e.status === 'enrolled'),
    waiting: enrolments.filter((e) => e.status === 'waiting').sort((a, b) => (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0)),
    withdrawn: enrolments.filter((e) => e.status === 'withdrawn'),
  };
}

// ── look-ups the handlers share (raw rows; the handlers decide what a missing one means) ──

export async function findCourse(db: Db, id: number) {
  return db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTerm(db: Db, id: number) {
  return db.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every term, newest first, with how many course runs each has. */
export async function termsWithRunCounts(db: Db) {
  return db
    .selectFrom('terms')
    .selectAll()
    .select((eb) => eb.selectFrom('course_runs').whereRef('course_runs.term_id', '=', 'terms.id').select(eb.fn.countAll<number>().as('n')).as('run_count'))
    .orderBy('starts_on', 'desc')
    .execute();
}

/** Dates of a term's scheduled sessions that fall outside the given dates, earliest first. */
export async function scheduledSessionsOutside(db: Db, termId: number, startsOn: string, endsOn: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
    .select(['s.date'])
    .where('cr.term_id', '=', termId)
    .where('s.status', '=', 'scheduled')
    .where((eb) => eb.or([eb('s.date', '<', startsOn), eb('s.date', '>', endsOn)]))
    .orderBy('s.date')
    .execute();
}

/** Closures of one term (a number), the college-wide ones (null) or all (undefined), in date order. */
export async function closuresOf(db: Db, termId: number | null | undefined) {
  let q = db.selectFrom('closures').selectAll();
  if (termId === null) q = q.where('term_id', 'is', null);
  else if (termId !== undefined) q = q.where('term_id', '=', termId);
  return q.orderBy('starts_on').execute();
}

export async function findClosure(db: Db, id: number) {
  return db.selectFrom('closures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Bank holidays of one year, or every one recorded. */
export async function bankHolidaysOf(db: Db, year: number | undefined): Promise<BankHoliday[]> {
  if (year !== undefined) return listBankHolidays(db, `${year}-01-01`, `${year}-12-31`);
  return db.selectFrom('bank_holidays').select(['date', 'name']).orderBy('date').execute();
}

export async function findBankHoliday(db: Db, date: string) {
  return db.selectFrom('bank_holidays').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function findVenue(db: Db, id: number) {
  return db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRoom(db: Db, id: number) {
  return db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFacilitator(db: Db, id: number) {
  return db.selectFrom('facilitators').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The facilitators with these ids (any that do not exist are missing from the result). */
export async function facilitatorsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('facilitators').selectAll().where('id', 'in', ids).execute();
}

/** The facilitator record linked to a student, other than `exceptId`, if any. */
export async function facilitatorLinkedToStudent(db: Db, studentId: number, exceptId?: number) {
  let q = db.selectFrom('facilitators').select(['first_name', 'surname']).where('student_id', '=', studentId);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Who is on a run's team (facilitator ids and roles). */
export async function runTeamLinks(db: Db, runId: number) {
  return db.selectFrom('course_run_facilitators').selectAll().where('course_run_id', '=', runId).execute();
}

export async function findSessionRow(db: Db, id: number) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A run's scheduled sessions from `today` on, in time order: the ones a room, team or enrolment change applies to. */
export async function upcomingSessionsOfRun(db: Db, runId: number, today: string) {
  return db.selectFrom('sessions').selectAll().where('course_run_id', '=', runId).where('status', '=', 'scheduled').where('date', '>=', today).orderBy('starts_at').execute();
}

/** Ids of the runs with a session in a room between two dates. */
export async function runIdsWithSessionsInRoom(db: Db, roomId: number, from: string, to: string): Promise<number[]> {
  const rows = await db.selectFrom('sessions').select('course_run_id').distinct().where('room_id', '=', roomId).where('date', '>=', from).where('date', '<=', to).execute();
  return rows.map((r) => r.course_run_id);
}

/** Sessions of some runs without joins (optionally only those in one room), in no particular order. */
export async function compactSessionsOfRuns(db: Db, runIds: number[], roomId?: number) {
  const out = [];
  for (let i = 0; i < runIds.length; i += 900) {
    let q = db
      .selectFrom('sessions')
      .select(['id', 'course_run_id', 'room_id', 'date', 'start_time', 'end_time', 'status'])
      .where('course_run_id', 'in', runIds.slice(i, i + 900));
    if (roomId !== undefined) q = q.where('room_id', '=', roomId);
    out.push(...(await q.execute()));
  }
  return out;
}

/** Sessions (joined for display) between dates, in a term, in a room or taught by a facilitator, in date and time order. */
export async function timetableRows(
  db: Db,
  where: { from?: string; to?: string; termId?: number },
  filter: { kind: 'all' } | { kind: 'room'; roomId: number } | { kind: 'facilitator'; facilitatorId: number },
) {
  let q = sessionQuery(db);
  if (where.from) q = q.where('s.date', '>=', where.from);
  if (where.to) q = q.where('s.date', '<=', where.to);
  if (where.termId !== undefined) q = q.where('cr.term_id', '=', where.termId);
  // With a date range the sessions_date index gives date order; the course title is only a tie-break, sorted by the caller.
  if (filter.kind === 'room') q = q.where('s.room_id', '=', filter.roomId);
  if (filter.kind === 'facilitator') {
    q = q.where('s.course_run_id', 'in', db.selectFrom('course_run_facilitators').select('course_run_id').where('facilitator_id', '=', filter.facilitatorId));
  }
  return q.orderBy('s.date').orderBy('s.start_time').execute();
}

// ── enrolments ────────────────────────────────────────────────

export async function enrolledCount(db: Db, runId: number): Promise<number> {
  const r = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('course_run_id', '=', runId)
    .where('status', '=', 'enrolled')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Places taken on each of some runs: run id → enrolled count (runs with none are missing). */
export async function enrolledCounts(db: Db, runIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (runIds.length === 0) return counts;
  const rows = await db
    .selectFrom('enrolments')
    .select((eb) => ['course_run_id', eb.fn.countAll<number>().as('n')])
    .where('course_run_id', 'in', runIds)
    .where('status', '=', 'enrolled')
    .groupBy('course_run_id')
    .execute();
  for (const e of rows) counts.set(e.course_run_id, Number(e.n));
  return counts;
}

/** How many others are on a run's waiting list. */
export async function waitingCountExcept(db: Db, runId: number, studentId: number): Promise<number> {
  const r = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('course_run_id', '=', runId)
    .where('status', '=', 'waiting')
    .where('student_id', '!=', studentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The first `limit` on a run's waiting list, in turn (waiting longest, then added first). */
export async function nextOnWaitingList(db: Db, runId: number, limit: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .select(['e.id', 'e.student_id', 'st.reference', 'st.first_name', 'st.surname', 'st.preferred_name'])
    .where('e.course_run_id', '=', runId)
    .where('e.status', '=', 'waiting')
    .orderBy('e.waiting_since')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

/** A student's enrolment row on a run (whatever its status), if any. */
export async function findEnrolment(db: Db, runId: number, studentId: number) {
  return db.selectFrom('enrolments').selectAll().where('course_run_id', '=', runId).where('student_id', '=', studentId).executeTakeFirst();
}

/** The agreed break an enrolment is on now, if any. */
export async function openBreakOf(db: Db, enrolmentId: number) {
  return db.selectFrom('enrolment_breaks').select(['id', 'starts_on']).where('enrolment_id', '=', enrolmentId).where('resumed_on', 'is', null).executeTakeFirst();
}

/** Every course run a student has an enrolment on, with its term, first and last scheduled dates and any open break. */
export async function coursesOfStudent(db: Db, studentId: number) {
  return db
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
}

/** Ids of the facilitator records linked to a student (one person, one record; an old one may linger). */
export async function facilitatorIdsOfStudent(db: Db, studentId: number): Promise<number[]> {
  return (await db.selectFrom('facilitators').select('id').where('student_id', '=', studentId).execute()).map((f) => f.id);
}

/** A facilitator with this name, ignoring case (pass both parts trimmed and lower-cased), if any. */
export async function facilitatorNamed(db: Db, firstNameLower: string, surnameLower: string) {
  return db
    .selectFrom('facilitators')
    .select(['first_name', 'surname'])
    .where((eb) => eb(eb.fn('lower', ['first_name']), '=', firstNameLower).and(eb(eb.fn('lower', ['surname']), '=', surnameLower)))
    .executeTakeFirst();
}

// ── clash checks ──────────────────────────────────────────────

/** Scheduled sessions in a room starting strictly between two instants (leaving out `excludeIds`), by start. */
export async function roomBookingsBetween(db: Db, roomId: number, from: string, to: string, excludeIds: number[]) {
  // Indexed range on (room_id, starts_at): a session lasts under a day, so the caller starts the range a day early.
  return db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
    .innerJoin('courses as co', 'co.id', 'cr.course_id')
    .innerJoin('rooms as r', 'r.id', 's.room_id')
    .select(['co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at', 'r.name as room_name'])
    .where('s.room_id', '=', roomId)
    .where('s.starts_at', '>', from)
    .where('s.starts_at', '<', to)
    .where('s.status', '=', 'scheduled')
    .where('s.id', 'not in', excludeIds)
    .orderBy('s.starts_at')
    .execute();
}

/** Scheduled sessions on some dates of other runs these facilitators are on the team of (leaving out `excludeIds`). */
export async function facilitatorSessionsOn(db: Db, facilitatorIds: number[], exceptRunId: number, dates: string[], excludeIds: number[]) {
  // Indexed: the facilitators' runs (crf_facilitator), then those runs' sessions on the dates (sessions_run).
  return db
    .selectFrom('course_run_facilitators as crf')
    .innerJoin('sessions as s', 's.course_run_id', 'crf.course_run_id')
    .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
    .innerJoin('courses as co', 'co.id', 'cr.course_id')
    .innerJoin('facilitators as f', 'f.id', 'crf.facilitator_id')
    .select(['co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at', 'f.first_name', 'f.surname'])
    .where('crf.facilitator_id', 'in', facilitatorIds)
    .where('crf.course_run_id', '!=', exceptRunId)
    .where('s.date', 'in', dates)
    .where('s.status', '=', 'scheduled')
    .where('s.id', 'not in', excludeIds)
    .orderBy('s.starts_at')
    .execute();
}

/** Scheduled sessions on some dates of other runs these students are enrolled on (leaving out `excludeIds`). */
export async function studentSessionsOn(db: Db, studentIds: number[], exceptRunId: number, dates: string[], excludeIds: number[]) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('sessions as s', 's.course_run_id', 'e.course_run_id')
    .innerJoin('course_runs as cr', 'cr.id', 's.course_run_id')
    .innerJoin('courses as co', 'co.id', 'cr.course_id')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .select(['e.student_id', 'st.first_name', 'st.surname', 'st.preferred_name', 'co.title', 's.date', 's.start_time', 's.end_time', 's.starts_at', 's.ends_at'])
    .where('e.student_id', 'in', studentIds)
    .where('e.status', '=', 'enrolled')
    .where('e.course_run_id', '!=', exceptRunId)
    .where('s.date', 'in', dates)
    .where('s.status', '=', 'scheduled')
    .where('s.id', 'not in', excludeIds)
    .orderBy('s.starts_at')
    .execute();
}

/** Ids of the students with a place on a run. */
export async function enrolledStudentIds(db: Db, runId: number): Promise<number[]> {
  return (await db.selectFrom('enrolments').select('student_id').where('course_run_id', '=', runId).where('status', '=', 'enrolled').execute()).map((r) => r.student_id);
}

/** Ids of the runs not cancelled whose term has not ended by `today`. */
export async function currentRunIds(db: Db, today: string): Promise<number[]> {
  const rows = await db.selectFrom('course_runs as cr').innerJoin('terms as t', 't.id', 'cr.term_id').select('cr.id').where('cr.cancelled_at', 'is', null).where('t.ends_on', '>=', today).execute();
  return rows.map((r) => r.id);
}
