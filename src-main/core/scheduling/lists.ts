// The planning list pages — course catalogue, venues, facilitators, course runs — searched, sorted and paged in SQL.
import { expressionBuilder } from 'kysely';
import type { HandlersFor } from '../api/handlers';
import { caseless, containsText, pageOf } from '../db/paging';
import { facilitatorQuery, runSummaryQuery, summariseRuns, toCourse, toFacilitator, toVenue } from './rows';

type H = HandlersFor<'scheduling.'>;

// Counts and dates worked out per row are sorted on as the expressions themselves, never by the names they are
// selected as: PostgreSQL accepts a selected column's name in ORDER BY only on its own, not inside the `is null` the
// paging puts before each sort key (db/paging.ts).

export const schedulingListHandlers = {
  'scheduling.coursesPage': async (ctx, input) => {
    const base = ctx.db.selectFrom('courses').selectAll('courses');
    const eb = expressionBuilder(base);
    const runCount = eb.selectFrom('course_runs').whereRef('course_runs.course_id', '=', 'courses.id').select(eb.fn.countAll<number>().as('n'));
    let q = base.select(runCount.as('run_count'));
    if (!input.includeRetired) q = q.where('courses.retired_at', 'is', null);
    if (input.query) q = q.where(containsText(ctx.db, ['courses.title', 'courses.category'], input.query));
    const page = await pageOf(
      ctx.db,
      q,
      {
        title: caseless('courses.title'),
        category: caseless('courses.category'),
        sessions: 'courses.sessions_count',
        places: 'courses.default_capacity',
        runs: runCount,
      },
      'courses.id',
      input,
    );
    return { ...page, rows: page.rows.map(toCourse) };
  },

  'scheduling.venuesPage': async (ctx, input) => {
    const base = ctx.db.selectFrom('venues').selectAll('venues');
    const eb = expressionBuilder(base);
    const roomCount = eb.selectFrom('rooms').whereRef('rooms.venue_id', '=', 'venues.id').where('rooms.active', '=', 1).select(eb.fn.countAll<number>().as('n'));
    let q = base.select(roomCount.as('room_count'));
    if (!input.includeInactive) q = q.where('venues.active', '=', 1);
    if (input.query) q = q.where(containsText(ctx.db, ['venues.name', 'venues.address'], input.query));
    const page = await pageOf(
      ctx.db,
      q,
      { name: caseless('venues.name'), address: caseless('venues.address'), rooms: roomCount },
      'venues.id',
      input,
    );
    const ids = page.rows.map((v) => v.id);
    let rq = ctx.db.selectFrom('rooms').selectAll().where('venue_id', 'in', ids.length ? ids : [0]);
    if (!input.includeInactive) rq = rq.where('active', '=', 1);
    const rooms = await rq.orderBy('name').orderBy('id').execute();
    return {
      ...page,
      rows: page.rows.map(({ room_count: _n, ...v }) =>
        toVenue(
          v,
          rooms.filter((r) => r.venue_id === v.id),
        ),
      ),
    };
  },

  'scheduling.facilitatorsPage': async (ctx, input) => {
    let q = facilitatorQuery(ctx.db);
    if (!input.includeInactive) q = q.where('f.active', '=', 1);
    if (input.kind) q = q.where('f.kind', '=', input.kind);
    if (input.query) q = q.where(containsText(ctx.db, ['f.first_name', 'f.surname', 'f.email', 'f.phone'], input.query));
    const page = await pageOf(
      ctx.db,
      q,
      { surname: [caseless('f.surname'), caseless('f.first_name')], kind: 'f.kind', email: caseless('f.email') },
      'f.id',
      input,
    );
    return { ...page, rows: page.rows.map(toFacilitator) };
  },

  'scheduling.listRuns': async (ctx, input) => {
    const base = runSummaryQuery(ctx.db, input);
    const eb = expressionBuilder(base);
    const startsOn = eb
      .selectFrom('sessions as s')
      .whereRef('s.course_run_id', '=', 'cr.id')
      .where('s.status', '=', 'scheduled')
      .select((e2) => e2.fn.min<string>('s.date').as('d'));
    const enrolledCount = eb.selectFrom('enrolments as e').whereRef('e.course_run_id', '=', 'cr.id').where('e.status', '=', 'enrolled').select(eb.fn.countAll<number>().as('n'));
    const q = base.select([startsOn.as('starts_on'), enrolledCount.as('enrolled_count')]).select('t.starts_on as term_starts_on');
    const page = await pageOf(
      ctx.db,
      q,
      {
        term: ['t.starts_on', caseless('c.title')],
        course: [caseless('c.title'), 't.starts_on'],
        venue: [caseless('v.name'), caseless('c.title')],
        starts: startsOn,
        enrolled: enrolledCount,
      },
      'cr.id',
      input,
    );
    return { ...page, rows: await summariseRuns(ctx.db, page.rows) };
  },
} satisfies Partial<H>;
