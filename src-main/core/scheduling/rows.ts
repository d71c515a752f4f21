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
  return new ApiError('NOT_FOUND', `That ${what} could not be found. It may have been removed; please reload and try again.`);
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
  if (filter.query) q = q.where(containsText(['c.title'], filter.query));
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
