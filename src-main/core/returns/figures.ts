// The contract return's figures, computed in SQL (Kysely) from the definitions in definitions.ts. Each query names
// the definition keys it computes. Date arithmetic (age cut-offs, session lengths) is done in TypeScript.
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { GENDER_IDENTITIES, REFERRAL_SOURCES, SECONDARY_MH_SERVICES } from '../../contract/codes';
import type { WellbeingScale } from '../../contract/outcomes';
import type { Cell, Figure, ReturnParameters, ReturnTable } from '../../contract/returns';
import type { Db } from '../api/handlers';
import { COMPLETION_BASE, endOfPeriod, heldSql, placeFiguresSql } from '../registers/place-figures';
import { engineOf } from '../db/dialect';
import type { PeriodStudents } from './period-students';
import * as onPostgres from './postgres';
import * as onSqlite from './sqlite';
import { AGE_BANDS, ATTENDED_MARKS, DESTINATION_ROWS, DEFINITIONS, ETHNIC_GROUPS, type DefinitionKey } from './definitions';

export interface DateRange {
  start: string;
  end: string;
}

const n = (v: unknown): number => Number(v ?? 0);
const round = (v: number, dp: number) => Math.round(v * 10 ** dp) / 10 ** dp;
export const count = (value: unknown): Figure => ({ kind: 'count', value: n(value) });
export const percent = (num: unknown, den: unknown, base: unknown): Figure => ({
  kind: 'percent',
  value: n(den) > 0 ? round((n(num) * 100) / n(den), 1) : null,
  base: n(base),
});
const mean = (value: number | null, base: unknown, dp = 2): Figure => ({ kind: 'mean', value: value === null ? null : round(value, dp), base: n(base) });

/** Sessions held in the range (registers/place-figures.ts `heldSql`, at the end of the period): dated in it, not cancelled. */
export function heldSessions(db: Db, range: DateRange) {
  return db.selectFrom('sessions as s').where(heldSql(endOfPeriod(range.end), 's')).where('s.date', '>=', range.start).where('s.date', '<=', range.end);
}

/** Students attending: marked present or late at a session held in the range (definition `uniqueStudents`). */
export function attendingStudents(db: Db, range: DateRange) {
  return heldSessions(db, range)
    .innerJoin('attendance as a', 'a.session_id', 's.id')
    .where('a.mark', 'in', ATTENDED_MARKS)
    .select('a.student_id')
    .distinct();
}

/**
 * The period's per-student register figures, worked out once and read by several figures: the one place the return
 * picks its engine's way of keeping them (returns/sqlite.ts: a TEMP table; returns/postgres.ts: unnested arrays).
 */
function materialisePeriodStudents(db: Db, range: DateRange): Promise<PeriodStudents> {
  return (engineOf(db) === 'postgres' ? onPostgres : onSqlite).materialisePeriodStudents(db, range);
}

/** Students attending (definition `uniqueStudents`), from the materialised per-student figures. */
function attendingFromPeriod(db: Db, ps: PeriodStudents) {
  return db.selectFrom(ps).select('ps.student_id').where('ps.attended', '>', 0);
}

/**
 * Course runs that had ended by the end of the range (place-figures.ts: held sessions and none still to come, so a run
 * cancelled part-way has ended) with their last held session in it. Found from the period's own sessions (the runs with
 * a held session in the range, by the date index), each run's last date then read from its own sessions — never by
 * grouping every session the college has held.
 */
export function runsEnding(db: Db, range: DateRange) {
  const atEnd = endOfPeriod(range.end);
  return db
    .selectFrom('course_runs as cr')
    .where('cr.id', 'in', heldSessions(db, range).select('s.course_run_id'))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sessions as later').select('later.id').whereRef('later.course_run_id', '=', 'cr.id').where('later.status', '=', 'scheduled').where('later.date', '>', range.end))),
    )
    .select('cr.id as course_run_id')
    .select((eb) =>
      eb
        .selectFrom('sessions as last')
        .whereRef('last.course_run_id', '=', 'cr.id')
        .where(heldSql(atEnd, 'last'))
        .select((e2) => e2.fn.max<string>('last.date').as('d'))
        .as('last_date'),
    );
}

const row = (definition: DefinitionKey, label: string, figure: Cell) => ({ definition, cells: [label, figure] as Cell[] });
const defRow = (key: DefinitionKey, figure: Figure) => row(key, DEFINITIONS[key].label, figure);

// ── activity: uniqueStudents, newStudents, enrolments, courseRunsDelivered, sessionsDelivered, attendances,
//    attendanceRate, cancellations, didNotAttend ───────────────────────────────────────────────────────
async function activity(db: Db, range: DateRange, ps: PeriodStudents): Promise<ReturnTable> {
  const marks = await db
    .selectFrom(ps)
    .select((eb) => [
      eb.fn.sum('ps.marks').as('marks'),
      eb.fn.sum('ps.attended').as('attended'),
      eb.fn.sum('ps.dna').as('dna'),
      eb.fn.countAll().as('studentsMarked'),
      eb.fn.sum(eb.case().when('ps.attended', '>', 0).then(eb.lit(1)).else(eb.lit(0)).end()).as('students'),
    ])
    .executeTakeFirstOrThrow();

  // New: no present-or-late mark at any session held before the period. On SQLite each attending student's own marks
  // are read by the (student, session) index and joined to their sessions — not probed once per earlier session of the
  // college; PostgreSQL's planner prefers one hashed pass over the earlier marks, which measured faster there.
  const newStudents = await db
    .selectFrom(ps)
    .where('ps.attended', '>', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('attendance as a2')
            .innerJoin('sessions as s2', 's2.id', 'a2.session_id')
            .select('a2.id')
            .whereRef('a2.student_id', '=', 'ps.student_id')
            .where('a2.mark', 'in', ATTENDED_MARKS)
            .where('s2.status', '=', 'scheduled')
            .where('s2.date', '<', range.start),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();

  const sessions = await db
    .selectFrom('sessions as s')
    .where('s.date', '>=', range.start)
    .where('s.date', '<=', range.end)
    .select((eb) => [
      eb.fn.sum(eb.case().when('s.status', '=', 'scheduled').then(eb.lit(1)).else(eb.lit(0)).end()).as('held'),
      eb.fn.sum(eb.case().when('s.status', '=', 'cancelled').then(eb.lit(1)).else(eb.lit(0)).end()).as('cancelled'),
      eb.fn.count(eb.case().when('s.status', '=', 'scheduled').then(eb.ref('s.course_run_id')).end()).distinct().as('runs'),
    ])
    .executeTakeFirstOrThrow();

  const enrolments = await db
    .selectFrom('enrolments')
    .where('status', 'in', ['enrolled', 'withdrawn'])
    .where('enrolled_on', '>=', range.start)
    .where('enrolled_on', '<=', range.end)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();

  return {
    key: 'activity',
    title: 'Activity',
    columns: ['Figure', 'Value'],
    rows: [
      defRow('uniqueStudents', count(marks.students)),
      defRow('newStudents', count(newStudents.n)),
      defRow('enrolments', count(enrolments.n)),
      defRow('courseRunsDelivered', count(sessions.runs)),
      defRow('sessionsDelivered', count(sessions.held)),
      defRow('attendances', count(marks.attended)),
      defRow('attendanceRate', percent(marks.attended, marks.marks, marks.studentsMarked)),
      defRow('cancellations', count(sessions.cancelled)),
      defRow('didNotAttend', count(marks.dna)),
    ],
  };
}

// ── completion: completionPlaces, completionCompleted, completionRate ──────────────────────────────────
// Per place from the one definition the registers use (registers/place-figures.ts), at the end of the period.
async function completion(db: Db, range: DateRange, thresholdPercent: number): Promise<ReturnTable> {
  const runs = db.selectFrom(runsEnding(db, range).as('re')).select('re.course_run_id');
  const places = placeFiguresSql(endOfPeriod(range.end), thresholdPercent, { runsIn: runs });
  const base = sql.join(COMPLETION_BASE.map((st) => sql`${st}`));
  const { rows } = await sql<{ places: number; completed: number }>`
    SELECT count(*) AS places, coalesce(sum(CASE WHEN p.status = 'completed' THEN 1 ELSE 0 END), 0) AS completed
    FROM (${places}) p WHERE p.status IN (${base})`.execute(db);
  const r = rows[0];
  return {
    key: 'completion',
    title: 'Completion',
    columns: ['Figure', 'Value'],
    rows: [
      defRow('completionPlaces', count(r.places)),
      defRow('completionCompleted', count(r.completed)),
      defRow('completionRate', percent(r.completed, r.places, r.places)),
    ],
  };
}

// ── demographics over the students attending: ageBand, genderIdentity, ethnicGroup, referralSource, secondaryMh ──
async function demographics(db: Db, range: DateRange, ps: PeriodStudents): Promise<ReturnTable[]> {
  const students = () => db.selectFrom('students as st').where('st.id', 'in', attendingFromPeriod(db, ps));
  const end = DateTime.fromISO(range.end, { zone: 'utc' });
  // Younger than `years` on the period's last day ⇔ born after (end − years).
  const bornAfter = (years: number) => end.minus({ years }).toISODate()!;

  const ages = await students()
    .select((eb) => {
      let c = eb.case().when('st.date_of_birth', '>', bornAfter(AGE_BANDS[1].min)).then(AGE_BANDS[0].label);
      for (let i = 1; i < AGE_BANDS.length - 1; i++) c = c.when('st.date_of_birth', '>', bornAfter(AGE_BANDS[i + 1].min)).then(AGE_BANDS[i].label);
      return [c.else(AGE_BANDS[AGE_BANDS.length - 1].label).end().as('band'), eb.fn.countAll().as('n')];
    })
    .groupBy('band')
    .execute();

  const ethnic = await students()
    .select((eb) => {
      let c = eb.case().when('st.ethnic_category', 'in', ETHNIC_GROUPS[0].codes).then(ETHNIC_GROUPS[0].label);
      for (const g of ETHNIC_GROUPS.slice(1)) c = c.when('st.ethnic_category', 'in', g.codes).then(g.label);
      return [c.else('Not known (99)').end().as('grp'), eb.fn.countAll().as('n')];
    })
    .groupBy('grp')
    .execute();

  const byCode = async (column: 'st.gender_identity' | 'st.referral_source' | 'st.secondary_mh_services') =>
    new Map((await students().select([column, (eb) => eb.fn.countAll().as('n')]).groupBy(column).execute()).map((r) => [String(Object.values(r)[0]), n(r.n)]));

  const lookup = <T extends { n: unknown }>(rows: T[], key: keyof T) => new Map(rows.map((r) => [String(r[key]), n(r.n)]));
  const table = (key: string, title: string, column: string, def: DefinitionKey, labels: [string, string][], counts: Map<string, number>): ReturnTable => ({
    key,
    title,
    columns: [column, 'Students'],
    rows: labels.map(([code, label]) => row(def, label, count(counts.get(code) ?? 0))),
  });
  const ageCounts = lookup(ages, 'band');
  const ethnicCounts = lookup(ethnic, 'grp');
  return [
    table('ageBands', 'Age bands', 'Age band', 'ageBand', AGE_BANDS.map((b) => [b.label, b.label]), ageCounts),
    table('genderIdentity', 'Gender identity', 'Gender identity', 'genderIdentity', Object.entries(GENDER_IDENTITIES), await byCode('st.gender_identity')),
    table('ethnicity', 'Ethnic group', 'Ethnic group', 'ethnicGroup', ETHNIC_GROUPS.map((g) => [g.label, g.label]), ethnicCounts),
    table('referralSource', 'Referral source', 'Referral source', 'referralSource', Object.entries(REFERRAL_SOURCES), await byCode('st.referral_source')),
    table('secondaryMh', 'Secondary MH services', 'Under secondary mental-health services', 'secondaryMh', Object.entries(SECONDARY_MH_SERVICES), await byCode('st.secondary_mh_services')),
  ];
}

// ── outcomes: paired, meanChange, meaningfulImprovement, missingFollowUp, incompleteExcluded ────────────
/**
 * Paired baseline/end scores on one scale (definition `paired`): one row per student with `change` in hundredths — their
 * latest complete end score in the period against their first complete baseline, if that came on or before it. The
 * first baseline is read per student by index (`LIMIT 1`), so the cost follows the period's end scores, not every
 * baseline ever taken.
 */
export function pairedChanges(db: Db, range: DateRange, scale: WellbeingScale) {
  const ends = db
    .selectFrom('questionnaires')
    .select(['student_id', 'score_centi', 'completed_on'])
    .select((eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('student_id').orderBy('completed_on', 'desc').orderBy('id', 'desc')).as('rn'))
    .where('timepoint', '=', 'end')
    .where('complete', '=', 1)
    .where('scale', '=', scale)
    .where('completed_on', '>=', range.start)
    .where('completed_on', '<=', range.end);
  return db
    .selectFrom(ends.as('e'))
    .innerJoin('questionnaires as b', (j) =>
      j.on('b.id', '=', (eb) =>
        eb
          .selectFrom('questionnaires as fb')
          .select('fb.id')
          .whereRef('fb.student_id', '=', 'e.student_id')
          .where('fb.timepoint', '=', 'baseline')
          .where('fb.complete', '=', 1)
          .where('fb.scale', '=', scale)
          .orderBy('fb.completed_on')
          .orderBy('fb.id')
          .limit(1),
      ),
    )
    .where('e.rn', '=', 1)
    .whereRef('b.completed_on', '<=', 'e.completed_on')
    .select(['e.student_id', sql<number>`e.score_centi - b.score_centi`.as('change')]);
}

async function outcomes(db: Db, range: DateRange, params: ReturnParameters): Promise<ReturnTable> {
  const rows: ReturnTable['rows'] = [];
  for (const [scale, threshold, unit] of [
    ['SWEMWBS', params.meaningfulChangeSwemwbs, 'metric points'],
    ['WEMWBS', params.meaningfulChangeWemwbs, 'points'],
  ] as const) {
    const r = await db
      .selectFrom(pairedChanges(db, range, scale).as('p'))
      .select((eb) => [
        eb.fn.countAll().as('paired'),
        eb.fn.avg('p.change').as('meanCenti'),
        eb.fn.sum(eb.case().when('p.change', '>=', Math.round(threshold * 100)).then(eb.lit(1)).else(eb.lit(0)).end()).as('improved'),
      ])
      .executeTakeFirstOrThrow();
    const paired = n(r.paired);
    rows.push(
      row('paired', `${scale}: ${DEFINITIONS.paired.label.toLowerCase()}`, count(paired)),
      row('meanChange', `${scale}: mean change (${unit})`, mean(paired > 0 ? n(r.meanCenti) / 100 : null, paired)),
      row('meaningfulImprovement', `${scale}: improved by ${threshold} ${unit} or more (%)`, percent(r.improved, paired, paired)),
    );
  }

  const missing = await db
    .selectFrom('enrolments as e')
    .innerJoin(runsEnding(db, range).as('r'), 'r.course_run_id', 'e.course_run_id')
    .where('e.status', '=', 'enrolled')
    .where(({ exists, not, selectFrom }) =>
      exists(
        selectFrom('questionnaires as b')
          .select('b.id')
          .whereRef('b.student_id', '=', 'e.student_id')
          .where('b.timepoint', '=', 'baseline')
          .where('b.complete', '=', 1)
          .whereRef('b.completed_on', '<=', 'r.last_date'),
      ).and(
        not(
          exists(
            selectFrom('questionnaires as q')
              .select('q.id')
              .whereRef('q.student_id', '=', 'e.student_id')
              .whereRef('q.course_run_id', '=', 'e.course_run_id')
              .where('q.timepoint', '=', 'end')
              .where('q.complete', '=', 1),
          ),
        ),
      ),
    )
    .select((eb) => eb.fn.count('e.student_id').distinct().as('n'))
    .executeTakeFirstOrThrow();

  const incomplete = await db
    .selectFrom('questionnaires')
    .where('complete', '=', 0)
    .where('completed_on', '>=', range.start)
    .where('completed_on', '<=', range.end)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();

  rows.push(defRow('missingFollowUp', count(missing.n)), defRow('incompleteExcluded', count(incomplete.n)));
  return { key: 'outcomes', title: 'Wellbeing outcomes', columns: ['Figure', 'Value'], rows };
}

// ── satisfaction: satisfactionResponses, satisfactionMean, satisfactionGood, satisfactionRecommend ──────
async function satisfaction(db: Db, range: DateRange): Promise<ReturnTable> {
  const r = await db
    .selectFrom('satisfaction_responses')
    .where('received_on', '>=', range.start)
    .where('received_on', '<=', range.end)
    .select((eb) => [
      eb.fn.countAll().as('forms'),
      eb.fn.count('rating').as('rated'),
      eb.fn.avg('rating').as('meanRating'),
      eb.fn.sum(eb.case().when('rating', '>=', 4).then(eb.lit(1)).else(eb.lit(0)).end()).as('good'),
      eb.fn.count('would_recommend').as('answered'),
      eb.fn.sum(eb.case().when('would_recommend', '=', 1).then(eb.lit(1)).else(eb.lit(0)).end()).as('recommend'),
    ])
    .executeTakeFirstOrThrow();
  return {
    key: 'satisfaction',
    title: 'Satisfaction',
    columns: ['Figure', 'Value'],
    rows: [
      defRow('satisfactionResponses', count(r.forms)),
      defRow('satisfactionMean', mean(n(r.rated) > 0 ? n(r.meanRating) : null, r.rated, 1)),
      defRow('satisfactionGood', percent(r.good, r.rated, r.rated)),
      defRow('satisfactionRecommend', percent(r.recommend, r.answered, r.answered)),
    ],
  };
}

// ── destinations ────────────────────────────────────────────────────────────────────────────────────
async function destinations(db: Db, range: DateRange): Promise<ReturnTable> {
  const rows = await db
    .selectFrom('destinations')
    .where('on_date', '>=', range.start)
    .where('on_date', '<=', range.end)
    .select('kind')
    .select((eb) => [
      eb.fn.count('student_id').distinct().as('all'),
      eb.fn.count(eb.case().when('with_college', '=', 1).then(eb.ref('student_id')).end()).distinct().as('college'),
    ])
    .groupBy('kind')
    .execute();
  const byKind = new Map(rows.map((r) => [r.kind as string, r]));
  return {
    key: 'destinations',
    title: 'Destinations',
    columns: ['Destination', 'Students'],
    rows: DESTINATION_ROWS.map((d) => {
      const r = byKind.get(d.kind);
      return row('destination', d.label, count(r ? (d.withCollege ? r.college : r.all) : 0));
    }),
  };
}

// ── co-production: coSessionsHeld, coDelivered, coDeliveredRate, peerHours ─────────────────────────────
/** Per held session: peer trainers and trainers (staff or peer) who delivered it — recorded delivery, else the planned team. */
export function sessionTeams(db: Db, range: DateRange) {
  const recorded = heldSessions(db, range)
    .innerJoin('session_delivery as sd', 'sd.session_id', 's.id')
    .select(['s.id as session_id', 'sd.facilitator_id as facilitator_id']);
  const planned = heldSessions(db, range)
    .innerJoin('course_run_facilitators as crf', 'crf.course_run_id', 's.course_run_id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('session_delivery as x').select('x.session_id').whereRef('x.session_id', '=', 's.id'))))
    .select(['s.id as session_id', 'crf.facilitator_id as facilitator_id']);
  return db
    .selectFrom(recorded.unionAll(planned).as('d'))
    .innerJoin('facilitators as f', 'f.id', 'd.facilitator_id')
    .select('d.session_id')
    .select((eb) => [
      eb.fn.sum(eb.case().when('f.kind', '=', 'peer_trainer').then(eb.lit(1)).else(eb.lit(0)).end()).as('peers'),
      eb.fn.sum(eb.case().when('f.kind', 'in', ['staff', 'peer_trainer']).then(eb.lit(1)).else(eb.lit(0)).end()).as('trainers'),
    ])
    .groupBy('d.session_id');
}

/** Minutes between two `HH:MM` wall-clock times. */
export function minutesBetween(start: string, end: string): number {
  const [sh, sm] = start.split(':').map(Number);
  const [eh, em] = end.split(':').map(Number);
  return eh * 60 + em - (sh * 60 + sm);
}

async function coProduction(db: Db, range: DateRange): Promise<ReturnTable> {
  const bySlot = await heldSessions(db, range)
    .leftJoin(sessionTeams(db, range).as('t'), 't.session_id', 's.id')
    .select(['s.start_time', 's.end_time'])
    .select((eb) => [
      eb.fn.countAll().as('held'),
      eb.fn.sum(eb.case().when(eb.and([eb('t.peers', '>=', 1), eb('t.trainers', '>=', 2)])).then(eb.lit(1)).else(eb.lit(0)).end()).as('co'),
      eb.fn.sum(eb.fn.coalesce('t.peers', eb.val(0))).as('peerSessions'),
      eb.fn.sum(eb.case().when('t.peers', '>=', 1).then(eb.lit(1)).else(eb.lit(0)).end()).as('sessionsWithPeer'),
    ])
    .groupBy(['s.start_time', 's.end_time'])
    .execute();
  let held = 0;
  let co = 0;
  let peerMinutes = 0;
  let withPeer = 0;
  for (const s of bySlot) {
    held += n(s.held);
    co += n(s.co);
    withPeer += n(s.sessionsWithPeer);
    peerMinutes += n(s.peerSessions) * minutesBetween(s.start_time, s.end_time);
  }
  return {
    key: 'coProduction',
    title: 'Co-production',
    columns: ['Figure', 'Value'],
    rows: [
      defRow('coSessionsHeld', count(held)),
      defRow('coDelivered', count(co)),
      defRow('coDeliveredRate', percent(co, held, held)),
      defRow('peerHours', { kind: 'hours', value: round(peerMinutes / 60, 1), base: withPeer }),
    ],
  };
}

/** Every table of the return, in the order of the workbook's sheets. */
export async function computeReturnTables(db: Db, range: DateRange, params: ReturnParameters): Promise<ReturnTable[]> {
  const ps = await materialisePeriodStudents(db, range);
  return [
    await activity(db, range, ps),
    await completion(db, range, params.completionThresholdPercent),
    ...(await demographics(db, range, ps)),
    await outcomes(db, range, params),
    await satisfaction(db, range),
    await destinations(db, range),
    await coProduction(db, range),
  ];
}
