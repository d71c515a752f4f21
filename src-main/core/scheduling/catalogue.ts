// Planning data: the course catalogue, terms and closures, bank holidays, venues and rooms, facilitators. Every change audited.
import { ApiError, validationError } from '../../contract/errors';
import { formatDate } from '../../contract/dates';
import type { HandlersFor, StaffContext } from '../api/handlers';
import type { z } from 'zod';
import type { facilitatorFieldsSchema } from '../../contract/scheduling';
import type { Db } from '../api/handlers';
import { findStudent } from '../students/repository';
import {
  bankHolidaysOf,
  closuresOf,
  facilitatorLinkedToStudent,
  facilitatorQuery,
  findBankHoliday,
  findClosure,
  findTerm,
  findVenue,
  getCourse,
  getFacilitator,
  getRoom,
  getTermDetail,
  getVenue,
  notFound,
  scheduledSessionsOutside,
  termsWithRunCounts,
  toClosure,
  toCourse,
  toFacilitator,
  toVenue,
} from './rows';

type H = HandlersFor<'scheduling.'>;

const flag = (b: boolean) => (b ? 1 : 0);

async function assertStudentLinkable(db: Db, studentId: number | null, facilitatorId?: number): Promise<void> {
  if (studentId === null) return;
  const st = await findStudent(db, studentId);
  if (!st) throw validationError({ studentId: 'That student record could not be found. Please search for the student again.' });
  const other = await facilitatorLinkedToStudent(db, studentId, facilitatorId);
  if (other) throw validationError({ studentId: `That student is already linked to the facilitator ${other.first_name} ${other.surname}. One person has one facilitator record.` });
}

/** Adds a facilitator and its audit entry; the caller owns the transaction. Used by the API and by a spreadsheet import. */
export async function insertFacilitator(db: Db, ctx: Pick<StaffContext, 'now' | 'audit'>, f: z.output<typeof facilitatorFieldsSchema>): Promise<number> {
  await assertStudentLinkable(db, f.studentId);
  const { id } = await db
    .insertInto('facilitators')
    .values({
      first_name: f.firstName,
      surname: f.surname,
      kind: f.kind,
      email: f.email,
      phone: f.phone,
      student_id: f.studentId,
      active: flag(f.active),
      notes: f.notes,
      created_at: ctx.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.audit({ action: 'create', entity: 'facilitator', entityId: id, summary: `Added facilitator ${id} (${f.kind.replace('_', ' ')})` });
  return id;
}

async function assertVenue(db: Db, venueId: number): Promise<void> {
  const v = await findVenue(db, venueId);
  if (!v) throw validationError({ venueId: 'That venue could not be found. Please choose a venue from the list.' });
}

export const catalogueHandlers = {
  // ── courses ──
  'scheduling.listCourses': async (ctx, input) => {
    let q = ctx.db
      .selectFrom('courses')
      .selectAll()
      .select((eb) => eb.selectFrom('course_runs').whereRef('course_runs.course_id', '=', 'courses.id').select(eb.fn.countAll<number>().as('n')).as('run_count'));
    if (!input.includeRetired) q = q.where('retired_at', 'is', null);
    return (await q.orderBy('title').execute()).map(toCourse);
  },

  'scheduling.createCourse': async (ctx, f) => {
    const now = ctx.now().toISOString();
    const { id } = await ctx.db
      .insertInto('courses')
      .values({
        title: f.title,
        description: f.description,
        category: f.category,
        sessions_count: f.sessionsCount,
        default_session_minutes: f.defaultSessionMinutes,
        default_capacity: f.defaultCapacity,
        co_produced: flag(f.coProduced),
        peer_training: flag(f.peerTraining),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'course', entityId: id, summary: `Added course “${f.title}”` });
    return getCourse(ctx.db, id);
  },

  'scheduling.updateCourse': async (ctx, { id, fields: f }) => {
    const before = await getCourse(ctx.db, id);
    await ctx.db
      .updateTable('courses')
      .set({
        title: f.title,
        description: f.description,
        category: f.category,
        sessions_count: f.sessionsCount,
        default_session_minutes: f.defaultSessionMinutes,
        default_capacity: f.defaultCapacity,
        co_produced: flag(f.coProduced),
        peer_training: flag(f.peerTraining),
        updated_at: ctx.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const after = await getCourse(ctx.db, id);
    const changed = (Object.keys(f) as (keyof typeof f)[]).filter((k) => before[k] !== after[k]);
    ctx.audit({ action: 'update', entity: 'course', entityId: id, fields: changed });
    return after;
  },

  'scheduling.retireCourse': async (ctx, { id, retired }) => {
    const before = await getCourse(ctx.db, id);
    if (retired === (before.retiredAt !== null)) return before;
    await ctx.db
      .updateTable('courses')
      .set({ retired_at: retired ? ctx.now().toISOString() : null, updated_at: ctx.now().toISOString() })
      .where('id', '=', id)
      .execute();
    ctx.audit({ action: retired ? 'retire' : 'unretire', entity: 'course', entityId: id, fields: ['retiredAt'] });
    return getCourse(ctx.db, id);
  },

  'scheduling.deleteCourse': async (ctx, { id }) => {
    const course = await getCourse(ctx.db, id);
    if (course.runCount > 0) {
      throw new ApiError('course.offered', `“${course.title}” has been offered (${course.runCount} course run${course.runCount === 1 ? '' : 's'}), so it is kept for the records. Retire it instead to stop new runs.`);
    }
    await ctx.db.deleteFrom('courses').where('id', '=', id).execute();
    ctx.audit({ action: 'delete', entity: 'course', entityId: id, summary: `Deleted unused course “${course.title}”` });
    return null;
  },

  // ── terms and closures ──
  'scheduling.listTerms': async (ctx) => {
    const rows = await termsWithRunCounts(ctx.db);
    return rows.map((t) => ({ id: t.id, name: t.name, startsOn: t.starts_on, endsOn: t.ends_on, runCount: Number(t.run_count ?? 0) }));
  },

  'scheduling.getTerm': async (ctx, { id }) => getTermDetail(ctx.db, id),

  'scheduling.createTerm': async (ctx, f) => {
    const { id } = await ctx.db
      .insertInto('terms')
      .values({ name: f.name, starts_on: f.startsOn, ends_on: f.endsOn, created_at: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'term', entityId: id, summary: `Added term “${f.name}” (${f.startsOn} to ${f.endsOn})` });
    return getTermDetail(ctx.db, id);
  },

  'scheduling.updateTerm': async (ctx, { id, fields: f }) => {
    const before = await getTermDetail(ctx.db, id);
    const outside = await scheduledSessionsOutside(ctx.db, id, f.startsOn, f.endsOn);
    if (outside.length > 0) {
      throw validationError({
        [outside[0].date < f.startsOn ? 'startsOn' : 'endsOn']: `${outside.length} scheduled session${outside.length === 1 ? '' : 's'} (the first on ${formatDate(outside[0].date)}) would fall outside the term. Please move or cancel ${outside.length === 1 ? 'it' : 'them'} first, or choose dates that include ${outside.length === 1 ? 'it' : 'them'}.`,
      });
    }
    await ctx.db.updateTable('terms').set({ name: f.name, starts_on: f.startsOn, ends_on: f.endsOn }).where('id', '=', id).execute();
    const changed = (['name', 'startsOn', 'endsOn'] as const).filter((k) => before[k] !== f[k]);
    ctx.audit({ action: 'update', entity: 'term', entityId: id, fields: changed });
    return getTermDetail(ctx.db, id);
  },

  'scheduling.listClosures': async (ctx, { termId }) => (await closuresOf(ctx.db, termId)).map(toClosure),

  'scheduling.addClosure': async (ctx, f) => {
    if (f.termId !== null) {
      const term = await findTerm(ctx.db, f.termId);
      if (!term) throw validationError({ termId: 'That term could not be found. Please choose a term from the list.' });
      if (f.startsOn < term.starts_on || f.endsOn > term.ends_on) {
        throw validationError({
          startsOn: `A closure for ${term.name} must fall inside the term (${formatDate(term.starts_on)} to ${formatDate(term.ends_on)}). For a closure outside any term, make it college-wide.`,
        });
      }
    }
    const { id } = await ctx.db
      .insertInto('closures')
      .values({ term_id: f.termId, starts_on: f.startsOn, ends_on: f.endsOn, description: f.description })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'closure', entityId: id, summary: `Closed ${f.startsOn} to ${f.endsOn}: ${f.description}` });
    return toClosure((await findClosure(ctx.db, id))!);
  },

  'scheduling.removeClosure': async (ctx, { id }) => {
    const c = await findClosure(ctx.db, id);
    if (!c) throw notFound('closure');
    await ctx.db.deleteFrom('closures').where('id', '=', id).execute();
    ctx.audit({ action: 'delete', entity: 'closure', entityId: id, summary: `Removed closure ${c.starts_on} to ${c.ends_on}: ${c.description}` });
    return null;
  },

  // ── bank holidays ──
  'scheduling.listBankHolidays': async (ctx, { year }) => bankHolidaysOf(ctx.db, year),

  'scheduling.addBankHoliday': async (ctx, { date, name }) => {
    await ctx.db
      .insertInto('bank_holidays')
      .values({ date, name })
      .onConflict((oc) => oc.column('date').doUpdateSet({ name }))
      .execute();
    ctx.audit({ action: 'set', entity: 'bank_holiday', entityId: null, summary: `Bank holiday ${date}: ${name}` });
    return { date, name };
  },

  'scheduling.removeBankHoliday': async (ctx, { date }) => {
    const b = await findBankHoliday(ctx.db, date);
    if (!b) throw new ApiError('record.not-found', `${formatDate(date)} is not in the list of bank holidays.`);
    await ctx.db.deleteFrom('bank_holidays').where('date', '=', date).execute();
    ctx.audit({ action: 'delete', entity: 'bank_holiday', entityId: null, summary: `Removed bank holiday ${date}: ${b.name}` });
    return null;
  },

  // ── venues and rooms ──
  'scheduling.listVenues': async (ctx, { includeInactive }) => {
    let vq = ctx.db.selectFrom('venues').selectAll();
    if (!includeInactive) vq = vq.where('active', '=', 1);
    const venues = await vq.orderBy('name').execute();
    let rq = ctx.db.selectFrom('rooms').selectAll();
    if (!includeInactive) rq = rq.where('active', '=', 1);
    const rooms = await rq.orderBy('name').execute();
    return venues.map((v) =>
      toVenue(
        v,
        rooms.filter((r) => r.venue_id === v.id),
      ),
    );
  },

  'scheduling.createVenue': async (ctx, f) => {
    const { id } = await ctx.db
      .insertInto('venues')
      .values({ name: f.name, address: f.address, accessibility_notes: f.accessibilityNotes, active: flag(f.active) })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'venue', entityId: id, summary: `Added venue “${f.name}”` });
    return getVenue(ctx.db, id);
  },

  'scheduling.updateVenue': async (ctx, { id, fields: f }) => {
    const before = await getVenue(ctx.db, id);
    await ctx.db
      .updateTable('venues')
      .set({ name: f.name, address: f.address, accessibility_notes: f.accessibilityNotes, active: flag(f.active) })
      .where('id', '=', id)
      .execute();
    const changed = (['name', 'address', 'accessibilityNotes', 'active'] as const).filter((k) => before[k] !== f[k]);
    ctx.audit({ action: 'update', entity: 'venue', entityId: id, fields: changed });
    return getVenue(ctx.db, id);
  },

  'scheduling.createRoom': async (ctx, f) => {
    await assertVenue(ctx.db, f.venueId);
    const { id } = await ctx.db
      .insertInto('rooms')
      .values({ venue_id: f.venueId, name: f.name, capacity: f.capacity, accessibility_notes: f.accessibilityNotes, active: flag(f.active) })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'room', entityId: id, summary: `Added room “${f.name}”` });
    return getRoom(ctx.db, id);
  },

  'scheduling.updateRoom': async (ctx, { id, fields: f }) => {
    const before = await getRoom(ctx.db, id);
    await assertVenue(ctx.db, f.venueId);
    await ctx.db
      .updateTable('rooms')
      .set({ venue_id: f.venueId, name: f.name, capacity: f.capacity, accessibility_notes: f.accessibilityNotes, active: flag(f.active) })
      .where('id', '=', id)
      .execute();
    const changed = (['venueId', 'name', 'capacity', 'accessibilityNotes', 'active'] as const).filter((k) => before[k] !== f[k]);
    ctx.audit({ action: 'update', entity: 'room', entityId: id, fields: changed });
    return getRoom(ctx.db, id);
  },

  // ── facilitators ──
  'scheduling.listFacilitators': async (ctx, { includeInactive }) => {
    let q = facilitatorQuery(ctx.db);
    if (!includeInactive) q = q.where('f.active', '=', 1);
    return (await q.orderBy('f.surname').orderBy('f.first_name').execute()).map(toFacilitator);
  },

  'scheduling.createFacilitator': async (ctx, f) => getFacilitator(ctx.db, await insertFacilitator(ctx.db, ctx, f)),

  'scheduling.updateFacilitator': async (ctx, { id, fields: f }) => {
    const before = await getFacilitator(ctx.db, id);
    await assertStudentLinkable(ctx.db, f.studentId, id);
    await ctx.db
      .updateTable('facilitators')
      .set({ first_name: f.firstName, surname: f.surname, kind: f.kind, email: f.email, phone: f.phone, student_id: f.studentId, active: flag(f.active), notes: f.notes })
      .where('id', '=', id)
      .execute();
    const changed = (['firstName', 'surname', 'kind', 'email', 'phone', 'studentId', 'active', 'notes'] as const).filter((k) => before[k] !== f[k]);
    ctx.audit({ action: 'update', entity: 'facilitator', entityId: id, fields: changed });
    return getFacilitator(ctx.db, id);
  },
} satisfies Partial<H>;
