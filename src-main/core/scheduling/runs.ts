// Course runs and their sessions: create and change runs, generate sessions from a weekly pattern, move, add, cancel —
// each change clash-checked and audited in one transaction.
import { ApiError, validationError } from '../../contract/errors';
import { collegeToday, formatDate } from '../../contract/dates';
import type { Db, HandlersFor } from '../api/handlers';
import { runsNeedingAttention } from './attention';
import { checkClashes, runPeople, type Candidate } from './clashes';
import { promoteWaiting } from './enrolment';
import {
  closedDays,
  enrolledCount,
  facilitatorsByIds,
  findCourse,
  findRoom,
  findSessionRow,
  findTerm,
  findVenue,
  getRunDetail,
  getSession,
  notFound,
  runRow,
  runTeamLinks,
  upcomingSessionsOfRun,
} from './rows';
import { planWeekly, sessionTimes } from './times';

type H = HandlersFor<'scheduling.'>;

async function roomFor(db: Db, roomId: number, field = 'roomId') {
  const room = await findRoom(db, roomId);
  if (!room) throw validationError({ [field]: 'That room could not be found. Please choose a room from the list.' });
  if (room.active !== 1) throw validationError({ [field]: `${room.name} is no longer in use. Please choose another room.` });
  return room;
}

async function termOf(db: Db, termId: number) {
  const t = await findTerm(db, termId);
  if (!t) throw notFound('term');
  return { id: t.id, name: t.name, startsOn: t.starts_on, endsOn: t.ends_on };
}

function assertInTerm(date: string, term: { name: string; startsOn: string; endsOn: string }): void {
  if (date < term.startsOn || date > term.endsOn) {
    throw validationError({
      date: `${formatDate(date)} is outside ${term.name} (${formatDate(term.startsOn)} to ${formatDate(term.endsOn)}). Please choose a date inside the term, or change the term’s dates first.`,
    });
  }
}

function assertNotCancelled(run: { cancelled_at: string | null }): void {
  if (run.cancelled_at) throw new ApiError('run.cancelled', 'This course run has been cancelled, so its sessions cannot be changed.');
}

async function insertSessions(trx: Db, runId: number, candidates: Candidate[], now: string): Promise<number[]> {
  const ids: number[] = [];
  for (const c of candidates) {
    const { id } = await trx
      .insertInto('sessions')
      .values({
        course_run_id: runId,
        room_id: c.roomId,
        date: c.date,
        start_time: c.startTime,
        end_time: c.endTime,
        starts_at: c.startsAt,
        ends_at: c.endsAt,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

function toCandidate(s: { date: string; start_time: string; end_time: string; starts_at: string; ends_at: string; room_id: number | null }): Candidate {
  return { date: s.date, startTime: s.start_time, endTime: s.end_time, startsAt: s.starts_at, endsAt: s.ends_at, roomId: s.room_id };
}

async function assertFacilitators(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await facilitatorsByIds(db, ids);
  for (const id of ids) {
    const f = rows.find((r) => r.id === id);
    if (!f) throw validationError({ coIds: 'One of the facilitators could not be found. Please reload and choose again.' });
    if (f.active !== 1) throw validationError({ coIds: `${f.first_name} ${f.surname} is marked as no longer facilitating. Reactivate them first, or choose someone else.` });
  }
  return rows;
}

async function sessionChange(
  trx: Db,
  runId: number,
  times: { date: string; startTime: string; endTime: string },
  roomId: number | null,
  confirmStudentClash: boolean,
  excludeSessionId?: number,
): Promise<Candidate> {
  const run = await runRow(trx, runId);
  assertNotCancelled(run);
  assertInTerm(times.date, await termOf(trx, run.term_id));
  if (roomId !== null) await roomFor(trx, roomId);
  const t = sessionTimes(times.date, times.startTime, times.endTime);
  const candidate: Candidate = { ...t, roomId };
  const people = await runPeople(trx, runId);
  await checkClashes(trx, [candidate], {
    runId,
    excludeSessionIds: excludeSessionId ? [excludeSessionId] : [],
    checkRooms: true,
    ...people,
    confirmStudentClash,
  });
  return candidate;
}

export const runHandlers = {
  'scheduling.runsNeedingAttention': async (ctx, input) => runsNeedingAttention(ctx.db, collegeToday(ctx.now()), input.need),

  'scheduling.getRun': async (ctx, { id }) => getRunDetail(ctx.db, id),

  'scheduling.createRun': async (ctx, f) => {
    const course = await findCourse(ctx.db, f.courseId);
    if (!course) throw validationError({ courseId: 'That course could not be found. Please choose a course from the catalogue.' });
    if (course.retired_at) throw validationError({ courseId: `“${course.title}” has been retired. Bring it back in the catalogue before offering it again.` });
    const term = await findTerm(ctx.db, f.termId);
    if (!term) throw validationError({ termId: 'That term could not be found. Please choose a term from the list.' });
    const venue = await findVenue(ctx.db, f.venueId);
    if (!venue) throw validationError({ venueId: 'That venue could not be found. Please choose a venue from the list.' });
    const capacity = f.capacity ?? course.default_capacity;
    if (f.roomId !== null) {
      const room = await roomFor(ctx.db, f.roomId);
      if (room.venue_id !== f.venueId) throw validationError({ roomId: `${room.name} is not at ${venue.name}. Please choose one of that venue’s rooms.` });
      if (capacity > room.capacity) throw validationError({ capacity: `${room.name} holds ${room.capacity} people, so the run’s capacity cannot be ${capacity}. Please lower it or choose a bigger room.` });
    }
    const now = ctx.now().toISOString();
    const { id } = await ctx.db
      .insertInto('course_runs')
      .values({ course_id: f.courseId, term_id: f.termId, venue_id: f.venueId, room_id: f.roomId, capacity, notes: f.notes, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'course_run', entityId: id, summary: `Offered “${course.title}”` });
    return getRunDetail(ctx.db, id);
  },

  'scheduling.updateRun': async (ctx, f) => {
    const before = await runRow(ctx.db, f.id);
    const venue = await findVenue(ctx.db, f.venueId);
    if (!venue) throw validationError({ venueId: 'That venue could not be found. Please choose a venue from the list.' });
    const enrolled = { n: await enrolledCount(ctx.db, f.id) };
    if (f.capacity < Number(enrolled.n)) {
      throw validationError({
        capacity: `${enrolled.n} students are already enrolled, so the capacity cannot be less than ${enrolled.n}. Withdraw someone first, or keep the capacity at ${enrolled.n} or more.`,
      });
    }
    if (f.roomId !== null) {
      const room = await roomFor(ctx.db, f.roomId);
      if (room.venue_id !== f.venueId) throw validationError({ roomId: `${room.name} is not at ${venue.name}. Please choose one of that venue’s rooms.` });
      if (f.capacity > room.capacity) throw validationError({ capacity: `${room.name} holds ${room.capacity} people, so the run’s capacity cannot be ${f.capacity}. Please lower it or choose a bigger room.` });
    }
    const changed: string[] = [];
    if (f.roomId !== before.room_id) {
      // Sessions still to come that were in the run's room follow it to the new one (past sessions keep their history).
      assertNotCancelled(before);
      const moving = (await upcomingSessionsOfRun(ctx.db, f.id, collegeToday(ctx.now()))).filter((s) => s.room_id === before.room_id);
      if (f.roomId !== null && moving.length > 0) {
        await checkClashes(
          ctx.db,
          moving.map((s) => ({ ...toCandidate(s), roomId: f.roomId })),
          { runId: f.id, excludeSessionIds: moving.map((s) => s.id), checkRooms: true, facilitatorIds: [], studentIds: [], confirmStudentClash: true },
        );
      }
      if (moving.length > 0) {
        await ctx.db
          .updateTable('sessions')
          .set({ room_id: f.roomId, updated_at: ctx.now().toISOString() })
          .where(
            'id',
            'in',
            moving.map((s) => s.id),
          )
          .execute();
      }
      changed.push('roomId');
    }
    if (f.venueId !== before.venue_id) changed.push('venueId');
    if (f.capacity !== before.capacity) changed.push('capacity');
    if (f.notes !== before.notes) changed.push('notes');
    await ctx.db
      .updateTable('course_runs')
      .set({ venue_id: f.venueId, room_id: f.roomId, capacity: f.capacity, notes: f.notes, updated_at: ctx.now().toISOString() })
      .where('id', '=', f.id)
      .execute();
    if (changed.length) ctx.audit({ action: 'update', entity: 'course_run', entityId: f.id, fields: changed });
    const promoted = f.capacity > before.capacity ? await promoteWaiting(ctx.db, ctx, f.id) : [];
    return { run: await getRunDetail(ctx.db, f.id), promoted };
  },

  'scheduling.setRunFacilitators': async (ctx, f) => {
    const run = await runRow(ctx.db, f.runId);
    assertNotCancelled(run);
    const wanted = [...(f.leadId !== null ? [f.leadId] : []), ...f.coIds];
    await assertFacilitators(ctx.db, wanted);
    const current = await runTeamLinks(ctx.db, f.runId);
    const added = wanted.filter((id) => !current.some((c) => c.facilitator_id === id));
    if (added.length > 0) {
      const upcoming = await upcomingSessionsOfRun(ctx.db, f.runId, collegeToday(ctx.now()));
      await checkClashes(ctx.db, upcoming.map(toCandidate), {
        runId: f.runId,
        checkRooms: false,
        facilitatorIds: added,
        studentIds: [],
        confirmStudentClash: true,
      });
    }
    await ctx.db.deleteFrom('course_run_facilitators').where('course_run_id', '=', f.runId).execute();
    if (wanted.length > 0) {
      await ctx.db
        .insertInto('course_run_facilitators')
        .values(wanted.map((id) => ({ course_run_id: f.runId, facilitator_id: id, role: id === f.leadId ? ('lead' as const) : ('co' as const) })))
        .execute();
    }
    ctx.audit({ action: 'set-facilitators', entity: 'course_run', entityId: f.runId, fields: ['facilitators'], summary: `Team: ${wanted.join(', ') || 'nobody'}` });
    return getRunDetail(ctx.db, f.runId);
  },

  'scheduling.cancelRun': async (ctx, { id, reason }) => {
    const run = await runRow(ctx.db, id);
    assertNotCancelled(run);
    const now = ctx.now().toISOString();
    await ctx.db.updateTable('course_runs').set({ cancelled_at: now, updated_at: now }).where('id', '=', id).execute();
    await ctx.db
      .updateTable('sessions')
      .set({ status: 'cancelled', cancel_reason: reason, updated_at: now })
      .where('course_run_id', '=', id)
      .where('status', '=', 'scheduled')
      .where('date', '>=', collegeToday(ctx.now()))
      .execute();
    ctx.audit({ action: 'cancel', entity: 'course_run', entityId: id, summary: reason });
    return getRunDetail(ctx.db, id);
  },

  // ── sessions ──
  'scheduling.generateSessions': async (ctx, { runId, pattern, preview, confirmStudentClash }) => {
    const run = await runRow(ctx.db, runId);
    assertNotCancelled(run);
    const term = await termOf(ctx.db, run.term_id);
    const closed = await closedDays(ctx.db, pattern.firstDate < term.startsOn ? term.startsOn : pattern.firstDate, term.endsOn, term.id);
    const plan = planWeekly(pattern, term, closed);
    const candidates: Candidate[] = plan.sessions.map((s) => ({ ...sessionTimes(s.date, s.startTime, s.endTime), roomId: run.room_id }));
    const people = await runPeople(ctx.db, runId);
    await checkClashes(ctx.db, candidates, { runId, checkRooms: true, ...people, confirmStudentClash });
    if (!preview) {
      await insertSessions(ctx.db, runId, candidates, ctx.now().toISOString());
      ctx.audit({
        action: 'generate-sessions',
        entity: 'course_run',
        entityId: runId,
        summary: `${candidates.length} sessions from ${candidates[0].date}${plan.skipped.length ? `, skipping ${plan.skipped.map((s) => s.date).join(', ')}` : ''}`,
      });
    }
    return { sessions: plan.sessions, skipped: plan.skipped, preview };
  },

  'scheduling.addSession': async (ctx, { runId, times, roomId, confirmStudentClash }) => {
    const run = await runRow(ctx.db, runId);
    const candidate = await sessionChange(ctx.db, runId, times, roomId === undefined ? run.room_id : roomId, confirmStudentClash);
    const [id] = await insertSessions(ctx.db, runId, [candidate], ctx.now().toISOString());
    ctx.audit({ action: 'add-session', entity: 'session', entityId: id, summary: `${times.date} ${times.startTime}–${times.endTime}` });
    return getSession(ctx.db, id);
  },

  'scheduling.moveSession': async (ctx, { id, times, roomId, confirmStudentClash }) => {
    const before = await findSessionRow(ctx.db, id);
    if (!before) throw notFound('session');
    if (before.status === 'cancelled') throw new ApiError('session.cancelled', 'This session is cancelled. Reinstate it before moving it.');
    const room = roomId === undefined ? before.room_id : roomId;
    const c = await sessionChange(ctx.db, before.course_run_id, times, room, confirmStudentClash, id);
    await ctx.db
      .updateTable('sessions')
      .set({ date: c.date, start_time: c.startTime, end_time: c.endTime, starts_at: c.startsAt, ends_at: c.endsAt, room_id: c.roomId, updated_at: ctx.now().toISOString() })
      .where('id', '=', id)
      .execute();
    const changed = [
      ...(before.date !== c.date ? ['date'] : []),
      ...(before.start_time !== c.startTime ? ['startTime'] : []),
      ...(before.end_time !== c.endTime ? ['endTime'] : []),
      ...(before.room_id !== c.roomId ? ['roomId'] : []),
    ];
    ctx.audit({ action: 'move', entity: 'session', entityId: id, fields: changed, summary: `From ${before.date} ${before.start_time} to ${c.date} ${c.startTime}` });
    return getSession(ctx.db, id);
  },

  'scheduling.cancelSession': async (ctx, { id, reason }) => {
    const before = await findSessionRow(ctx.db, id);
    if (!before) throw notFound('session');
    if (before.status === 'cancelled') throw new ApiError('session.cancelled', 'This session is already cancelled.');
    await ctx.db.updateTable('sessions').set({ status: 'cancelled', cancel_reason: reason, updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
    ctx.audit({ action: 'cancel', entity: 'session', entityId: id, fields: ['status', 'cancelReason'], summary: reason });
    return getSession(ctx.db, id);
  },

  'scheduling.reinstateSession': async (ctx, { id, confirmStudentClash }) => {
    const before = await findSessionRow(ctx.db, id);
    if (!before) throw notFound('session');
    if (before.status !== 'cancelled') throw new ApiError('session.not-cancelled', 'This session is not cancelled.');
    await sessionChange(ctx.db, before.course_run_id, { date: before.date, startTime: before.start_time, endTime: before.end_time }, before.room_id, confirmStudentClash, id);
    await ctx.db.updateTable('sessions').set({ status: 'scheduled', cancel_reason: null, updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
    ctx.audit({ action: 'reinstate', entity: 'session', entityId: id, fields: ['status'] });
    return getSession(ctx.db, id);
  },
} satisfies Partial<H>;
