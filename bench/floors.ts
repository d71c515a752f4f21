// The benchmarks' floors: each operation's result computed by hand-written SQL (better-sqlite3 prepared statements on the
// app's own connection) plus the same pure functions the app uses for its rules. What the app could cost at best.
import { DateTime } from 'luxon';
import { GENDER_IDENTITIES, REFERRAL_SOURCES, SECONDARY_MH_SERVICES } from '../src-main/contract/codes';
import type { Figure, ReturnTable, ReturnParameters, ResolvedPeriod } from '../src-main/contract/returns';
import { MARK_LABELS, type Mark, type RegisterRow } from '../src-main/contract/registers';
import type { SqliteHandle } from '../src-main/core/db/sqlite';
import { AGE_BANDS, DEFINITIONS, DESTINATION_ROWS, ETHNIC_GROUPS, type DefinitionKey } from '../src-main/core/returns/definitions';
import { count, percent, minutesBetween } from '../src-main/core/returns/figures';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { canTakeRegister, collegeNow } from '../src-main/core/registers/attendance';
import { expectedSql } from '../src-main/core/registers/place-figures';
import { byName, countRows } from '../src-main/core/registers/queries';
import { computeMileage, taxYearLabel, taxYearOf, taxYearRange } from '../src-main/core/expenses/rules';
import { rateOn, type MileageRateTable } from '../src-main/core/expenses/queries';
import { planWeekly, sessionTimes } from '../src-main/core/scheduling/times';
import { toFtsQuery } from '../src-main/core/students/search';
import { auditRowHash } from '../src-main/core/audit/chain';
import { DEFINITIONS_VERSION } from '../src-main/core/returns/definitions';

const n = (v: unknown): number => Number(v ?? 0);
const round = (v: number, dp: number) => Math.round(v * 10 ** dp) / 10 ** dp;
const mean = (value: number | null, base: unknown, dp = 2): Figure => ({ kind: 'mean', value: value === null ? null : round(value, dp), base: n(base) });
const row = (definition: DefinitionKey, label: string, figure: Figure) => ({ definition, cells: [label, figure] as ReturnTable['rows'][number]['cells'] });
const defRow = (key: DefinitionKey, figure: Figure) => row(key, DEFINITIONS[key].label, figure);
const collator = new Intl.Collator('en-GB', { sensitivity: 'base' });

// ── the financial-year return's figures ─────────────────────────────────────────────────────────────
export function returnFloor(db: SqliteHandle) {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS floor_period_students (student_id INTEGER PRIMARY KEY, marks INTEGER NOT NULL, attended INTEGER NOT NULL, dna INTEGER NOT NULL)`);
  // Runs that had ended by the period's end with their last held session in it: a held session in the period and none
  // scheduled after it (a run cancelled part-way has ended — its sessions still to come were cancelled).
  const runsEnding = `WITH r AS (SELECT c.id AS course_run_id, (SELECT max(x.date) FROM sessions x WHERE x.course_run_id = c.id AND x.status = 'scheduled') AS last_date
      FROM (SELECT DISTINCT course_run_id AS id FROM sessions WHERE date >= :start AND date <= :end AND status = 'scheduled') c
      WHERE NOT EXISTS (SELECT 1 FROM sessions x WHERE x.course_run_id = c.id AND x.status = 'scheduled' AND x.date > :end))`;
  // A place's window: from the day it began (an enrolled row without a date from when it was made; a withdrawn one without
  // one never had a place) to the day of withdrawal; a session on a promotion day counts only if it started after it.
  const inWindow = `p.from_on IS NOT NULL AND s.date >= p.from_on AND (p.promoted_at IS NULL OR s.date > p.from_on OR s.starts_at >= p.promoted_at)
      AND (p.until_on IS NULL OR s.date <= p.until_on)
      AND NOT EXISTS (SELECT 1 FROM enrolment_breaks b WHERE b.enrolment_id = p.id AND s.date >= b.starts_on AND (b.resumed_on IS NULL OR s.date < b.resumed_on))`;
  const st = {
    clear: db.prepare(`DELETE FROM temp.floor_period_students`),
    fill: db.prepare(`INSERT INTO temp.floor_period_students SELECT a.student_id, count(*), sum(a.mark IN ('present','late')), sum(a.mark = 'absent')
      FROM sessions s JOIN attendance a ON a.session_id = s.id WHERE s.status = 'scheduled' AND s.date >= :start AND s.date <= :end GROUP BY a.student_id`),
    marks: db.prepare(`SELECT sum(marks) AS marks, sum(attended) AS attended, sum(dna) AS dna, count(*) AS marked, sum(attended > 0) AS students FROM temp.floor_period_students`),
    newStudents: db.prepare(`SELECT count(*) AS n FROM temp.floor_period_students p WHERE p.attended > 0 AND NOT EXISTS (
      SELECT 1 FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE a.student_id = p.student_id AND a.mark IN ('present','late') AND s.status = 'scheduled' AND s.date < :start)`),
    sessions: db.prepare(`SELECT sum(status = 'scheduled') AS held, sum(status = 'cancelled') AS cancelled, count(DISTINCT CASE WHEN status = 'scheduled' THEN course_run_id END) AS runs
      FROM sessions WHERE date >= :start AND date <= :end`),
    enrolments: db.prepare(`SELECT count(*) AS n FROM enrolments WHERE status IN ('enrolled','withdrawn') AND enrolled_on >= :start AND enrolled_on <= :end`),
    // Per place on those runs: held sessions it counts for (its window, less agreed breaks; any it attended), attended.
    // In the base: withdrawn places (never completed), and the rest unless on a break at the end or a one-off drop-in.
    completion: db.prepare(`${runsEnding}, p AS (
      SELECT e.id, e.student_id, e.course_run_id, e.status, e.joined_by, e.promoted_at,
        CASE WHEN e.enrolled_on IS NOT NULL THEN e.enrolled_on WHEN e.status = 'enrolled' THEN substr(e.created_at, 1, 10) END AS from_on,
        CASE WHEN e.status = 'withdrawn' THEN coalesce(e.withdrawn_on, substr(e.updated_at, 1, 10)) END AS until_on,
        EXISTS (SELECT 1 FROM enrolment_breaks b WHERE b.enrolment_id = e.id AND b.resumed_on IS NULL AND b.starts_on <= :end) AS on_break
      FROM r JOIN enrolments e ON e.course_run_id = r.course_run_id WHERE e.status IN ('enrolled','withdrawn')),
    f AS MATERIALIZED (SELECT p.status, p.joined_by, p.on_break,
        (SELECT count(*) FROM sessions s LEFT JOIN attendance a ON a.session_id = s.id AND a.student_id = p.student_id
          WHERE s.course_run_id = p.course_run_id AND s.status = 'scheduled' AND s.date <= :end AND (a.mark IN ('present','late') OR (${inWindow}))) AS held,
        (SELECT count(*) FROM attendance a JOIN sessions s ON s.id = a.session_id
          WHERE a.student_id = p.student_id AND s.course_run_id = p.course_run_id AND s.status = 'scheduled' AND s.date <= :end AND a.mark IN ('present','late')) AS attended
      FROM p),
    g AS (SELECT status = 'withdrawn' OR (NOT on_break AND NOT (joined_by = 'drop_in' AND attended < 2)) AS counted,
        status != 'withdrawn' AND NOT on_break AND NOT (joined_by = 'drop_in' AND attended < 2) AND held > 0 AND attended * 100 >= :threshold * held AS completed FROM f)
      SELECT count(*) AS places, sum(completed) AS completed FROM g WHERE counted`),
    people: db.prepare(`SELECT st.date_of_birth AS dob, st.gender_identity AS g, st.ethnic_category AS e, st.referral_source AS r, st.secondary_mh_services AS m
      FROM temp.floor_period_students p JOIN students st ON st.id = p.student_id WHERE p.attended > 0`),
    ends: db.prepare(`SELECT id, student_id, score_centi, completed_on FROM questionnaires WHERE timepoint = 'end' AND complete = 1 AND scale = :scale AND completed_on >= :start AND completed_on <= :end`),
    firstBaseline: db.prepare(`SELECT score_centi, completed_on FROM questionnaires WHERE student_id = ? AND timepoint = 'baseline' AND complete = 1 AND scale = ? ORDER BY completed_on, id LIMIT 1`),
    missing: db.prepare(`${runsEnding}
      SELECT count(DISTINCT e.student_id) AS n FROM r JOIN enrolments e ON e.course_run_id = r.course_run_id
      WHERE e.status = 'enrolled'
        AND EXISTS (SELECT 1 FROM questionnaires b WHERE b.student_id = e.student_id AND b.timepoint = 'baseline' AND b.complete = 1 AND b.completed_on <= r.last_date)
        AND NOT EXISTS (SELECT 1 FROM questionnaires q WHERE q.student_id = e.student_id AND q.course_run_id = e.course_run_id AND q.timepoint = 'end' AND q.complete = 1)`),
    incomplete: db.prepare(`SELECT count(*) AS n FROM questionnaires WHERE complete = 0 AND completed_on >= :start AND completed_on <= :end`),
    satisfaction: db.prepare(`SELECT count(*) AS forms, count(rating) AS rated, avg(rating) AS meanRating, sum(rating >= 4) AS good, count(would_recommend) AS answered, sum(would_recommend = 1) AS recommend
      FROM satisfaction_responses WHERE received_on >= :start AND received_on <= :end`),
    destinations: db.prepare(`SELECT kind, count(DISTINCT student_id) AS "all", count(DISTINCT CASE WHEN with_college = 1 THEN student_id END) AS college
      FROM destinations WHERE on_date >= :start AND on_date <= :end GROUP BY kind`),
    co: db.prepare(`WITH held AS (SELECT id, course_run_id, start_time, end_time FROM sessions WHERE status = 'scheduled' AND date >= :start AND date <= :end),
      team AS (SELECT h.id AS sid, sd.facilitator_id AS fid FROM held h JOIN session_delivery sd ON sd.session_id = h.id
        UNION ALL SELECT h.id, crf.facilitator_id FROM held h JOIN course_run_facilitators crf ON crf.course_run_id = h.course_run_id
        WHERE NOT EXISTS (SELECT 1 FROM session_delivery x WHERE x.session_id = h.id)),
      per AS (SELECT t.sid, sum(f.kind = 'peer_trainer') AS peers, sum(f.kind IN ('staff','peer_trainer')) AS trainers FROM team t JOIN facilitators f ON f.id = t.fid GROUP BY t.sid)
      SELECT h.start_time, h.end_time, count(*) AS held, sum(coalesce(p.peers >= 1 AND p.trainers >= 2, 0)) AS co, sum(coalesce(p.peers, 0)) AS peerSessions, sum(coalesce(p.peers >= 1, 0)) AS withPeer
      FROM held h LEFT JOIN per p ON p.sid = h.id GROUP BY h.start_time, h.end_time`),
  };
  type R = Record<string, number | string | null>;

  return (period: ResolvedPeriod, params: ReturnParameters): ReturnTable[] => {
    const range = { start: period.start, end: period.end };
    st.clear.run();
    st.fill.run(range);
    const m = st.marks.get() as R;
    const ses = st.sessions.get(range) as R;
    const activity: ReturnTable = {
      key: 'activity',
      title: 'Activity',
      columns: ['Figure', 'Value'],
      rows: [
        defRow('uniqueStudents', count(m.students)),
        defRow('newStudents', count((st.newStudents.get({ start: range.start }) as R).n)),
        defRow('enrolments', count((st.enrolments.get(range) as R).n)),
        defRow('courseRunsDelivered', count(ses.runs)),
        defRow('sessionsDelivered', count(ses.held)),
        defRow('attendances', count(m.attended)),
        defRow('attendanceRate', percent(m.attended, m.marks, m.marked)),
        defRow('cancellations', count(ses.cancelled)),
        defRow('didNotAttend', count(m.dna)),
      ],
    };
    const c = st.completion.get({ ...range, threshold: params.completionThresholdPercent }) as R;
    const completion: ReturnTable = {
      key: 'completion',
      title: 'Completion',
      columns: ['Figure', 'Value'],
      rows: [defRow('completionPlaces', count(c.places)), defRow('completionCompleted', count(c.completed)), defRow('completionRate', percent(c.completed, c.places, c.places))],
    };

    // Demographics of the students attending, bucketed in one pass.
    const end = DateTime.fromISO(range.end, { zone: 'utc' });
    const cutoffs = AGE_BANDS.map((b) => end.minus({ years: b.min }).toISODate()!);
    const tally = { age: new Map<string, number>(), g: new Map<string, number>(), e: new Map<string, number>(), r: new Map<string, number>(), m: new Map<string, number>() };
    const bump = (map: Map<string, number>, k: string) => map.set(k, (map.get(k) ?? 0) + 1);
    const ethnicOf = new Map(ETHNIC_GROUPS.flatMap((g) => g.codes.map((code) => [code, g.label] as const)));
    for (const p of st.people.all() as { dob: string; g: string; e: string; r: string; m: string }[]) {
      let band = AGE_BANDS[AGE_BANDS.length - 1].label;
      for (let i = 0; i < AGE_BANDS.length - 1; i++) {
        if (p.dob > cutoffs[i + 1]) {
          band = AGE_BANDS[i].label;
          break;
        }
      }
      bump(tally.age, band);
      bump(tally.e, ethnicOf.get(p.e) ?? 'Not known (99)');
      bump(tally.g, String(p.g));
      bump(tally.r, String(p.r));
      bump(tally.m, String(p.m));
    }
    const table = (key: string, title: string, column: string, def: DefinitionKey, labels: [string, string][], counts: Map<string, number>): ReturnTable => ({
      key,
      title,
      columns: [column, 'Students'],
      rows: labels.map(([code, label]) => row(def, label, count(counts.get(code) ?? 0))),
    });
    const demographics = [
      table('ageBands', 'Age bands', 'Age band', 'ageBand', AGE_BANDS.map((b) => [b.label, b.label]), tally.age),
      table('genderIdentity', 'Gender identity', 'Gender identity', 'genderIdentity', Object.entries(GENDER_IDENTITIES), tally.g),
      table('ethnicity', 'Ethnic group', 'Ethnic group', 'ethnicGroup', ETHNIC_GROUPS.map((g) => [g.label, g.label]), tally.e),
      table('referralSource', 'Referral source', 'Referral source', 'referralSource', Object.entries(REFERRAL_SOURCES), tally.r),
      table('secondaryMh', 'Secondary MH services', 'Under secondary mental-health services', 'secondaryMh', Object.entries(SECONDARY_MH_SERVICES), tally.m),
    ];

    // Outcomes: each student's latest end score in the period against their first baseline, by indexed LIMIT 1.
    const orows: ReturnTable['rows'] = [];
    for (const [scale, threshold, unit] of [
      ['SWEMWBS', params.meaningfulChangeSwemwbs, 'metric points'],
      ['WEMWBS', params.meaningfulChangeWemwbs, 'points'],
    ] as const) {
      const latest = new Map<number, { id: number; score_centi: number; completed_on: string }>();
      for (const e of st.ends.all({ ...range, scale }) as { id: number; student_id: number; score_centi: number; completed_on: string }[]) {
        const prev = latest.get(e.student_id);
        if (!prev || e.completed_on > prev.completed_on || (e.completed_on === prev.completed_on && e.id > prev.id)) latest.set(e.student_id, e);
      }
      let paired = 0;
      let sum = 0;
      let improved = 0;
      for (const [studentId, e] of latest) {
        const b = st.firstBaseline.get(studentId, scale) as { score_centi: number; completed_on: string } | undefined;
        if (!b || b.completed_on > e.completed_on) continue;
        const change = e.score_centi - b.score_centi;
        paired++;
        sum += change;
        if (change >= Math.round(threshold * 100)) improved++;
      }
      orows.push(
        row('paired', `${scale}: ${DEFINITIONS.paired.label.toLowerCase()}`, count(paired)),
        row('meanChange', `${scale}: mean change (${unit})`, mean(paired > 0 ? sum / paired / 100 : null, paired)),
        row('meaningfulImprovement', `${scale}: improved by ${threshold} ${unit} or more (%)`, percent(improved, paired, paired)),
      );
    }
    orows.push(defRow('missingFollowUp', count((st.missing.get(range) as R).n)), defRow('incompleteExcluded', count((st.incomplete.get(range) as R).n)));
    const outcomes: ReturnTable = { key: 'outcomes', title: 'Wellbeing outcomes', columns: ['Figure', 'Value'], rows: orows };

    const s = st.satisfaction.get(range) as R;
    const satisfaction: ReturnTable = {
      key: 'satisfaction',
      title: 'Satisfaction',
      columns: ['Figure', 'Value'],
      rows: [
        defRow('satisfactionResponses', count(s.forms)),
        defRow('satisfactionMean', mean(n(s.rated) > 0 ? n(s.meanRating) : null, s.rated, 1)),
        defRow('satisfactionGood', percent(s.good, s.rated, s.rated)),
        defRow('satisfactionRecommend', percent(s.recommend, s.answered, s.answered)),
      ],
    };
    const byKind = new Map((st.destinations.all(range) as R[]).map((r) => [r.kind as string, r]));
    const destinations: ReturnTable = {
      key: 'destinations',
      title: 'Destinations',
      columns: ['Destination', 'Students'],
      rows: DESTINATION_ROWS.map((d) => {
        const r = byKind.get(d.kind);
        return row('destination', d.label, count(r ? (d.withCollege ? r.college : r.all) : 0));
      }),
    };
    let held = 0;
    let co = 0;
    let peerMinutes = 0;
    let withPeer = 0;
    for (const x of st.co.all(range) as R[]) {
      held += n(x.held);
      co += n(x.co);
      withPeer += n(x.withPeer);
      peerMinutes += n(x.peerSessions) * minutesBetween(x.start_time as string, x.end_time as string);
    }
    const coProduction: ReturnTable = {
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
    return [activity, completion, ...demographics, outcomes, satisfaction, destinations, coProduction];
  };
}

export { DEFINITIONS_VERSION };

// ── registers ───────────────────────────────────────────────────────────────────────────────────────
/** Who is expected at one session (`?` twice: the session id), as SQL text from the app's one definition. */
function expectedOnOneSessionSql(): string {
  const compiler = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return expectedSql(sql.raw('?')).compile(compiler).sql;
}

/** Writes one audit row chained to the one before (as the app's writeAudit does); call inside a transaction. */
function auditWriter(db: SqliteHandle) {
  const head = db.prepare(`SELECT last_hash FROM audit_chain_head WHERE id = 1`);
  const insert = db.prepare(`INSERT INTO audit_log (at, staff_id, action, entity, entity_id, fields, summary, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const advance = db.prepare(`UPDATE audit_chain_head SET last_id = ?, last_hash = ?, row_count = row_count + 1 WHERE id = 1`);
  return (content: { at: string; staff_id: number; action: string; entity: string; entity_id: number | null; fields: string; summary: string | null }) => {
    const prev = (head.get() as { last_hash: string }).last_hash;
    const hash = auditRowHash(prev, content);
    const id = Number(insert.run(content.at, content.staff_id, content.action, content.entity, content.entity_id, content.fields, content.summary, prev, hash).lastInsertRowid);
    advance.run(id, hash);
  };
}

export function registerFloor(db: SqliteHandle) {
  const audit = auditWriter(db);
  const st = {
    expected: db.prepare(expectedOnOneSessionSql()),
    session: db.prepare(`SELECT s.id, s.course_run_id, s.date, s.start_time, s.end_time, s.status, s.room_id, r.cancelled_at, c.title, t.name AS term_name, v.name AS venue_name,
      sr.name AS session_room, rr.name AS run_room FROM sessions s JOIN course_runs r ON r.id = s.course_run_id JOIN courses c ON c.id = r.course_id JOIN terms t ON t.id = r.term_id
      JOIN venues v ON v.id = r.venue_id LEFT JOIN rooms sr ON sr.id = s.room_id LEFT JOIN rooms rr ON rr.id = r.room_id WHERE s.id = ?`),
    enrolments: db.prepare(`SELECT e.student_id, e.status, e.enrolled_on, e.withdrawn_on, e.created_at, e.updated_at, st.reference, st.first_name, st.surname, st.preferred_name
      FROM enrolments e JOIN students st ON st.id = e.student_id WHERE e.course_run_id = ?`),
    marks: db.prepare(`SELECT a.student_id, a.mark, a.note, a.drop_in, a.marked_at, staff.display_name FROM attendance a JOIN staff ON staff.id = a.marked_by WHERE a.session_id = ?`),
    planned: db.prepare(`SELECT f.id, f.first_name, f.surname, f.kind, p.role FROM course_run_facilitators p JOIN facilitators f ON f.id = p.facilitator_id WHERE p.course_run_id = ?`),
    delivered: db.prepare(`SELECT f.id, f.first_name, f.surname, f.kind, p.role FROM session_delivery d JOIN facilitators f ON f.id = d.facilitator_id
      LEFT JOIN course_run_facilitators p ON p.facilitator_id = d.facilitator_id AND p.course_run_id = ? WHERE d.session_id = ?`),
    student: db.prepare(`SELECT reference, first_name, surname FROM students WHERE id = ?`),
    existing: db.prepare(`SELECT mark, note FROM attendance WHERE session_id = ? AND student_id = ?`),
    upsert: db.prepare(`INSERT INTO attendance (session_id, student_id, mark, note, drop_in, marked_by, marked_at) VALUES (?, ?, ?, NULL, 0, ?, ?)
      ON CONFLICT (session_id, student_id) DO UPDATE SET mark = excluded.mark, note = excluded.note, marked_by = excluded.marked_by, marked_at = excluded.marked_at`),
    anyDelivery: db.prepare(`SELECT facilitator_id FROM session_delivery WHERE session_id = ? LIMIT 1`),
    addDelivery: db.prepare(`INSERT INTO session_delivery (session_id, facilitator_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?)`),
    orphans: db.prepare(`SELECT id, reference, first_name, surname, preferred_name FROM students WHERE id = ?`),
  };
  type S = { id: number; course_run_id: number; date: string; start_time: string; end_time: string; status: string; room_id: number | null; cancelled_at: string | null; title: string; term_name: string; venue_name: string; session_room: string | null; run_room: string | null };
  type E = { student_id: number; status: 'enrolled' | 'waiting' | 'withdrawn'; enrolled_on: string | null; withdrawn_on: string | null; created_at: string; updated_at: string; reference: string; first_name: string; surname: string; preferred_name: string | null };
  type M = { student_id: number; mark: Mark; note: string | null; drop_in: number; marked_at: string; display_name: string };
  const session = (id: number) => {
    const s = st.session.get(id) as S | undefined;
    if (!s) throw new Error('no session');
    return {
      id: s.id,
      courseRunId: s.course_run_id,
      courseTitle: s.title,
      termName: s.term_name,
      date: s.date,
      startTime: s.start_time,
      endTime: s.end_time,
      venueName: s.venue_name,
      roomName: s.session_room ?? s.run_room ?? null,
      cancelled: s.status === 'cancelled' || s.cancelled_at !== null,
    };
  };
  const toRow = (e: { studentId: number; reference: string; firstName: string; surname: string; preferredName: string | null }, m: M | undefined, expected: boolean): RegisterRow => ({
    studentId: e.studentId,
    reference: e.reference,
    firstName: e.firstName,
    surname: e.surname,
    preferredName: e.preferredName,
    mark: m?.mark ?? null,
    note: m?.note ?? null,
    dropIn: m ? m.drop_in === 1 : false,
    markedAt: m?.marked_at ?? null,
    markedBy: m?.display_name ?? null,
    expected,
  });
  const expectedHere = (sessionId: number) => new Set((st.expected.all(sessionId, sessionId) as { student_id: number }[]).map((r) => r.student_id));
  const rows = (s: ReturnType<typeof session>): RegisterRow[] => {
    const marks = st.marks.all(s.id) as M[];
    const markBy = new Map(marks.map((m) => [m.student_id, m]));
    const out: RegisterRow[] = [];
    const seen = new Set<number>();
    const here = expectedHere(s.id);
    for (const e of st.enrolments.all(s.courseRunId) as E[]) {
      const m = markBy.get(e.student_id);
      const expected = here.has(e.student_id);
      if (!expected && !m) continue;
      seen.add(e.student_id);
      out.push(toRow({ studentId: e.student_id, reference: e.reference, firstName: e.first_name, surname: e.surname, preferredName: e.preferred_name }, m, expected));
    }
    for (const m of marks) {
      if (seen.has(m.student_id)) continue;
      const p = st.orphans.get(m.student_id) as { id: number; reference: string; first_name: string; surname: string; preferred_name: string | null };
      out.push(toRow({ studentId: p.id, reference: p.reference, firstName: p.first_name, surname: p.surname, preferredName: p.preferred_name }, m, false));
    }
    return out.sort(byName);
  };
  type F = { id: number; first_name: string; surname: string; kind: string; role: 'lead' | 'co' | null };
  const planned = (runId: number) =>
    (st.planned.all(runId) as F[])
      .map((r) => ({ id: r.id, name: `${r.first_name} ${r.surname}`, kind: r.kind, role: r.role }))
      .sort((a, b) => (a.role === b.role ? collator.compare(a.name, b.name) : a.role === 'lead' ? -1 : 1));

  return {
    open(sessionId: number, now: Date) {
      const clock = collegeNow(now);
      const s = session(sessionId);
      const r = rows(s);
      const p = planned(s.courseRunId);
      const d = (st.delivered.all(s.courseRunId, s.id) as F[])
        .map((x) => ({ id: x.id, name: `${x.first_name} ${x.surname}`, kind: x.kind, role: x.role ?? null }))
        .sort((a, b) => collator.compare(a.name, b.name));
      return {
        session: s,
        today: clock.today,
        canMark: canTakeRegister(s, clock),
        lateCorrection: s.date < clock.today,
        rows: r,
        counts: countRows(r),
        plannedFacilitators: p,
        deliveredFacilitators: d.length > 0 ? d : p,
        deliveredRecorded: d.length > 0,
      };
    },
    mark: db.transaction((sessionId: number, studentId: number, mark: Mark, staffId: number, now: Date) => {
      const clock = collegeNow(now);
      const s = session(sessionId);
      if (s.cancelled || !canTakeRegister(s, clock)) throw new Error('cannot take');
      const student = st.student.get(studentId) as { reference: string } | undefined;
      if (!student) throw new Error('no student');
      const existing = st.existing.get(s.id, studentId) as { mark: Mark; note: string | null } | undefined;
      if (!existing) {
        if (!expectedHere(s.id).has(studentId)) throw new Error('not on register');
      }
      const at = now.toISOString();
      st.upsert.run(s.id, studentId, mark, staffId, at);
      if (!st.anyDelivery.get(s.id)) for (const f of planned(s.courseRunId)) st.addDelivery.run(s.id, f.id, staffId, at);
      const late = s.date < clock.today;
      // The audit row: mark and note words as the app writes them (never the note's text).
      const describe = (m: Mark, note: string | null) => (note ? `${MARK_LABELS[m].toLowerCase()} (with a note)` : MARK_LABELS[m].toLowerCase());
      audit({
        at,
        staff_id: staffId,
        action: late ? 'late-correction:mark' : 'mark',
        entity: 'register',
        entity_id: s.id,
        fields: existing?.note !== null ? '["mark","note"]' : '["mark"]',
        summary: `${student.reference} on ${s.date}: ${describe(mark, null)} (was ${existing ? describe(existing.mark, existing.note) : 'no mark'})${late ? ' — changed after the session’s day' : ''}`,
      });
      const r = rows(s);
      return { row: r.find((x) => x.studentId === studentId)!, previous: existing ? { mark: existing.mark, note: existing.note } : null, lateCorrection: late, counts: countRows(r) };
    }),
  };
}

// ── mileage ─────────────────────────────────────────────────────────────────────────────────────────
export function mileageFloor(db: SqliteHandle) {
  const payee = db.prepare(`SELECT * FROM payees WHERE id = ?`);
  const rates = db.prepare(`SELECT vehicle, effective_from, rate_pence, threshold_miles, above_threshold_pence FROM mileage_rates ORDER BY effective_from DESC`);
  const miles = db.prepare(`SELECT sum(l.miles_tenths) AS tenths FROM claim_lines l JOIN claims c ON c.id = l.claim_id
    WHERE c.payee_id = ? AND c.status IN ('submitted','approved','paid') AND l.category = 'mileage' AND l.vehicle = 'car_van' AND l.line_date >= ? AND l.line_date <= ?`);
  return (p: { payeeId: number; date: string; milesTenths: number; passengers: number }) => {
    if (!payee.get(p.payeeId)) throw new Error('no payee');
    const table: MileageRateTable = { rows: rates.all() as MileageRateTable['rows'] };
    const taxYear = taxYearOf(p.date);
    const { from, to } = taxYearRange(taxYear);
    const rate = rateOn(table, 'car_van', p.date);
    const passengerRatePence = p.passengers > 0 ? rateOn(table, 'passenger', p.date).ratePence : 0;
    const before = Number((miles.get(p.payeeId, from, to) as { tenths: number | null }).tenths ?? 0);
    const r = computeMileage({ milesTenths: p.milesTenths, vehicle: 'car_van', passengers: p.passengers, rate, passengerRatePence, milesBeforeTenths: before });
    return {
      milesTenths: p.milesTenths,
      vehicle: 'car_van',
      passengers: p.passengers,
      amountPence: r.amountPence,
      working: r.working,
      taxYear: taxYearLabel(taxYear),
      milesBeforeTenths: before,
      parts: r.parts,
      passengerPence: r.passengerPence,
    };
  };
}

// ── search as you type ──────────────────────────────────────────────────────────────────────────────
export function searchFloor(db: SqliteHandle) {
  // Counted up to 100 (the app's "more than 100"); a broad search's page walks the name index, a narrow one sorts.
  const counted = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM students WHERE id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ?) AND archived_at IS NULL LIMIT 101)`);
  const cols = `id, reference, first_name, surname, preferred_name, date_of_birth, phone, nhs_number, postcode, archived_at`;
  const broad = db.prepare(`SELECT ${cols} FROM students WHERE +id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ?) AND archived_at IS NULL ORDER BY surname, first_name, id LIMIT ?`);
  const narrow = db.prepare(`SELECT ${cols} FROM students WHERE id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ?) AND archived_at IS NULL ORDER BY surname, first_name, id LIMIT ?`);
  // A search is a sensitive read: recorded (who, when, how many found — never the text) unless the same person recorded
  // the same in the last five minutes, before its result is shown. Part of the result, so part of the floor.
  const audit = auditWriter(db);
  const recent = db.prepare(`SELECT id FROM audit_log WHERE entity = 'student' AND entity_id IS NULL AND action = 'search' AND staff_id = ? AND summary = ? AND at >= ? LIMIT 1`);
  const record = db.transaction((staffId: number, summary: string, now: Date) => {
    if (recent.get(staffId, summary, new Date(now.getTime() - 5 * 60_000).toISOString())) return;
    audit({ at: now.toISOString(), staff_id: staffId, action: 'search', entity: 'student', entity_id: null, fields: '[]', summary });
  });
  return (query: string, pageSize: number, staffId: number, now: Date) => {
    const fts = toFtsQuery(query)!;
    const n = (counted.get(fts) as { n: number }).n;
    const more = n > 100;
    const found = (more ? broad : narrow).all(fts, pageSize) as Record<string, string | number | null>[];
    record(staffId, `Search: ${more ? 100 : n} found`, now);
    return {
      rows: found.map((r) => ({
        id: r.id,
        reference: r.reference,
        firstName: r.first_name,
        surname: r.surname,
        preferredName: r.preferred_name,
        dateOfBirth: r.date_of_birth,
        phone: r.phone,
        nhsNumber: r.nhs_number,
        postcode: r.postcode,
        archived: r.archived_at !== null,
      })),
      total: more ? 100 : n,
      more,
      page: 1,
      pageSize,
    };
  };
}

// ── generate a run's sessions (preview: every clash check, nothing written) ─────────────────────────
export function generateFloor(db: SqliteHandle) {
  const st = {
    run: db.prepare(`SELECT * FROM course_runs WHERE id = ?`),
    term: db.prepare(`SELECT id, name, starts_on, ends_on FROM terms WHERE id = ?`),
    closures: db.prepare(`SELECT starts_on, ends_on, description FROM closures WHERE ends_on >= ? AND starts_on <= ? AND (term_id IS NULL OR term_id = ?) ORDER BY starts_on`),
    holidays: db.prepare(`SELECT date, name FROM bank_holidays WHERE date >= ? AND date <= ? ORDER BY date`),
    team: db.prepare(`SELECT facilitator_id AS id FROM course_run_facilitators WHERE course_run_id = ?`),
    students: db.prepare(`SELECT student_id AS id FROM enrolments WHERE course_run_id = ? AND status = 'enrolled'`),
    facilitators: db.prepare(`SELECT s.date, s.starts_at, s.ends_at FROM course_run_facilitators crf JOIN sessions s ON s.course_run_id = crf.course_run_id
      WHERE crf.facilitator_id IN (SELECT value FROM json_each(?)) AND crf.course_run_id != ? AND s.date IN (SELECT value FROM json_each(?)) AND s.status = 'scheduled'`),
    clashStudents: db.prepare(`SELECT e.student_id, s.date, s.starts_at, s.ends_at FROM enrolments e JOIN sessions s ON s.course_run_id = e.course_run_id
      WHERE e.student_id IN (SELECT value FROM json_each(?)) AND e.status = 'enrolled' AND e.course_run_id != ? AND s.date IN (SELECT value FROM json_each(?)) AND s.status = 'scheduled'`),
    room: db.prepare(`SELECT s.starts_at, s.ends_at FROM sessions s WHERE s.room_id = ? AND s.starts_at > ? AND s.starts_at < ? AND s.status = 'scheduled'`),
  };
  return (runId: number, pattern: { weekday: number; startTime: string; lengthMinutes: number; count: number; firstDate: string }) => {
    const run = st.run.get(runId) as { term_id: number; room_id: number | null; cancelled_at: string | null };
    if (run.cancelled_at) throw new Error('cancelled');
    const t = st.term.get(run.term_id) as { id: number; name: string; starts_on: string; ends_on: string };
    const from = pattern.firstDate < t.starts_on ? t.starts_on : pattern.firstDate;
    const closed = new Map<string, string>();
    for (const c of st.closures.all(from, t.ends_on, t.id) as { starts_on: string; ends_on: string; description: string }[]) {
      for (let d = c.starts_on < from ? from : c.starts_on; d <= c.ends_on && d <= t.ends_on; d = DateTime.fromISO(d, { zone: 'utc' }).plus({ days: 1 }).toISODate()!) {
        if (!closed.has(d)) closed.set(d, `Closed: ${c.description}`);
      }
    }
    for (const b of st.holidays.all(from, t.ends_on) as { date: string; name: string }[]) closed.set(b.date, `Bank holiday: ${b.name}`);
    const plan = planWeekly(pattern, { name: t.name, startsOn: t.starts_on, endsOn: t.ends_on }, closed);
    const candidates = plan.sessions.map((s) => ({ ...sessionTimes(s.date, s.startTime, s.endTime), roomId: run.room_id }));
    const facilitators = (st.team.all(runId) as { id: number }[]).map((r) => r.id);
    const students = (st.students.all(runId) as { id: number }[]).map((r) => r.id);
    const dates = [...new Set(candidates.map((c) => c.date))];
    const overlaps = (c: { startsAt: string; endsAt: string }, s: { starts_at: string; ends_at: string }) => s.starts_at < c.endsAt && s.ends_at > c.startsAt;
    if (run.room_id !== null) {
      const lo = DateTime.fromISO(candidates[0].startsAt, { zone: 'utc' }).minus({ hours: 24 }).toISO()!;
      const rows = st.room.all(run.room_id, lo, candidates[candidates.length - 1].endsAt) as { starts_at: string; ends_at: string }[];
      if (candidates.some((c) => rows.some((r) => overlaps(c, r)))) throw new Error('room clash');
    }
    const fac = st.facilitators.all(JSON.stringify(facilitators), runId, JSON.stringify(dates)) as { date: string; starts_at: string; ends_at: string }[];
    if (candidates.some((c) => fac.some((r) => r.date === c.date && overlaps(c, r)))) throw new Error('facilitator clash');
    const stu = st.clashStudents.all(JSON.stringify(students), runId, JSON.stringify(dates)) as { date: string; starts_at: string; ends_at: string }[];
    if (candidates.some((c) => stu.some((r) => r.date === c.date && overlaps(c, r)))) throw new Error('student clash');
    return { sessions: plan.sessions, skipped: plan.skipped, preview: true };
  };
}

// ── term timetable view (the sessions and each run's counts and team) ──────────────────────────────
export function termViewFloor(db: SqliteHandle) {
  const runs = db.prepare(`SELECT cr.id, c.title, v.name AS venue, r.name AS room,
      (SELECT count(*) FROM enrolments e WHERE e.course_run_id = cr.id AND e.status = 'enrolled') AS enrolled,
      (SELECT count(*) FROM enrolments e WHERE e.course_run_id = cr.id AND e.status = 'waiting') AS waiting
    FROM course_runs cr JOIN courses c ON c.id = cr.course_id JOIN venues v ON v.id = cr.venue_id LEFT JOIN rooms r ON r.id = cr.room_id
    WHERE cr.term_id = ? AND cr.cancelled_at IS NULL ORDER BY c.title, cr.id`);
  const team = db.prepare(`SELECT crf.course_run_id AS run, crf.facilitator_id AS id FROM course_runs cr JOIN course_run_facilitators crf ON crf.course_run_id = cr.id WHERE cr.term_id = ? AND cr.cancelled_at IS NULL`);
  const sessions = db.prepare(`SELECT s.id, s.course_run_id, s.room_id, s.date, s.start_time, s.end_time, s.status FROM sessions s JOIN course_runs cr ON cr.id = s.course_run_id
    WHERE cr.term_id = ? AND cr.cancelled_at IS NULL ORDER BY s.date, s.start_time, s.id`);
  return (termId: number) => {
    const ss = sessions.all(termId) as { id: number; course_run_id: number; room_id: number | null; date: string; start_time: string; end_time: string; status: string }[];
    const per = new Map<number, { n: number; first: string | null; last: string | null }>();
    for (const s of ss) {
      if (s.status !== 'scheduled') continue;
      const x = per.get(s.course_run_id) ?? { n: 0, first: null, last: null };
      x.n++;
      if (x.first === null || s.date < x.first) x.first = s.date;
      if (x.last === null || s.date > x.last) x.last = s.date;
      per.set(s.course_run_id, x);
    }
    const teams = new Map<number, number[]>();
    for (const t of team.all(termId) as { run: number; id: number }[]) teams.set(t.run, [...(teams.get(t.run) ?? []), t.id]);
    return {
      runs: (runs.all(termId) as { id: number; title: string; venue: string; room: string | null; enrolled: number; waiting: number }[]).map((r) => ({
        id: r.id,
        courseTitle: r.title,
        venueName: r.venue,
        roomName: r.room,
        enrolledCount: r.enrolled,
        waitingCount: r.waiting,
        sessionCount: per.get(r.id)?.n ?? 0,
        firstDate: per.get(r.id)?.first ?? null,
        lastDate: per.get(r.id)?.last ?? null,
        facilitators: (teams.get(r.id) ?? []).sort((a, b) => a - b),
      })),
      sessions: ss.map((s) => ({ id: s.id, courseRunId: s.course_run_id, roomId: s.room_id, date: s.date, startTime: s.start_time, endTime: s.end_time, status: s.status })),
    };
  };
}
