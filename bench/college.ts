// A realistic college for the benchmarks, built once per scale and cached under .bench-cache/: the training-data
// generator (two years of terms with every past register taken, questionnaires, claims and batches, past returns, this
// term and the next), then about four more years of history before it (13 earlier terms of course runs, sessions,
// enrolments, register marks, mileage claims, questionnaires and feedback), inserted with prepared statements in one
// transaction: about six years in all. Deterministic: the same scale always gives the same college.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { MIGRATION_NAMES } from '../db/migrations/index';
import { openDatabase } from '../src-main/core/db/open';
import { fillDemoDatabase } from '../src-main/core/demo/generate';
import { openSqlite } from '../src-main/core/db/sqlite';
import { sessionTimes } from '../src-main/core/scheduling/times';
import { questionnaireColumns } from '../src-main/core/outcomes/outcomes';

/** The benchmark's fixed "now": late in the autumn term, so the 2025/26 financial year lies wholly in the history. */
export const BENCH_NOW = new Date('2026-11-26T12:00:00Z');
/** Terms of history added before the training generator's own (DEMO_YEARS_BACK years of them). */
export const HISTORY_TERMS = 13;
const VERSION = 4;

export function collegeFile(scale: number): string {
  // Named after the schema too, so a new migration builds a fresh college rather than upgrading an old one.
  const schema = createHash('sha256').update(MIGRATION_NAMES.join(',')).digest('hex').slice(0, 8);
  return path.resolve('.bench-cache', `college-${scale}-v${VERSION}-${schema}.sqlite`);
}

let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];

/** Spring, Summer and Autumn terms of a year (as the demo generator lays them out, roughly). */
function termsOf(y: number): { name: string; start: DateTime; end: DateTime }[] {
  const monday = (iso: string) => {
    const d = DateTime.fromISO(iso, { zone: 'utc' });
    return d.minus({ days: d.weekday - 1 });
  };
  const mk = (name: string, start: string, weeks: number) => ({ name: `${name} ${y}`, start: monday(start), end: monday(start).plus({ weeks, days: -3 }) });
  return [mk('Spring', `${y}-01-06`, 12), mk('Summer', `${y}-04-20`, 13), mk('Autumn', `${y}-09-07`, 15)];
}

/** Returns the cached college file for this scale, building it first if needed (20,000 students: a minute or two). */
export async function ensureCollege(scale: number, log: (s: string) => void = console.log): Promise<string> {
  const file = collegeFile(scale);
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  await buildCollege(building, scale, log);
  renameSync(building, file);
  for (const f of [`${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  return file;
}

/** Writes a new college of `scale` students with history into `file` (which must not exist yet). Also used by tests. */
export async function buildCollege(file: string, scale: number, log: (s: string) => void = () => undefined): Promise<void> {
  const t0 = performance.now();
  const opened = await openDatabase(file, { allowAnyLocation: true });
  await fillDemoDatabase(opened, scale, BENCH_NOW, 'fast');
  await opened.close();
  log(`  demo generator: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  addHistory(file, scale);
  log(`  history (${HISTORY_TERMS} earlier terms): ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}

function addHistory(file: string, scale: number): void {
  seed = 20261126 + scale;
  const db = openSqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const T = '2020-01-01T09:00:00.000Z';
  const staffIds = (db.prepare(`SELECT id FROM staff ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  const marker = staffIds[staffIds.length - 1];
  const courses = db.prepare(`SELECT id, sessions_count AS sessions, default_capacity AS capacity FROM courses`).all() as { id: number; sessions: number; capacity: number }[];
  const rooms = db.prepare(`SELECT id, venue_id AS venue FROM rooms ORDER BY id`).all() as { id: number; venue: number }[];
  const facilitators = db.prepare(`SELECT id, kind FROM facilitators ORDER BY id`).all() as { id: number; kind: string }[];
  const peers = facilitators.filter((f) => f.kind === 'peer_trainer');
  const others = facilitators.filter((f) => f.kind !== 'peer_trainer');
  const today = DateTime.fromJSDate(BENCH_NOW).setZone('Europe/London').toISODate()!;
  const firstDemoTerm = (db.prepare(`SELECT min(starts_on) AS d FROM terms`).get() as { d: string }).d;
  const y0 = Number(firstDemoTerm.slice(0, 4));
  const history = [...termsOf(y0 - 7), ...termsOf(y0 - 6), ...termsOf(y0 - 5), ...termsOf(y0 - 4), ...termsOf(y0 - 3), ...termsOf(y0 - 2), ...termsOf(y0 - 1), ...termsOf(y0)]
    .filter((t) => t.end.toISODate()! < firstDemoTerm)
    .slice(-HISTORY_TERMS);

  const insTerm = db.prepare(`INSERT INTO terms (name, starts_on, ends_on, created_at) VALUES (?, ?, ?, '${T}')`);
  const insRun = db.prepare(`INSERT INTO course_runs (course_id, term_id, venue_id, room_id, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '${T}', '${T}')`);
  const insTeam = db.prepare(`INSERT OR IGNORE INTO course_run_facilitators (course_run_id, facilitator_id, role) VALUES (?, ?, ?)`);
  const insSession = db.prepare(
    `INSERT INTO sessions (course_run_id, room_id, date, start_time, end_time, starts_at, ends_at, status, cancel_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '${T}', '${T}')`,
  );
  const insEnrol = db.prepare(
    `INSERT OR IGNORE INTO enrolments (course_run_id, student_id, status, enrolled_on, withdrawn_on, withdraw_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '${T}', '${T}')`,
  );
  const insMark = db.prepare(`INSERT OR IGNORE INTO attendance (session_id, student_id, mark, marked_by, marked_at) VALUES (?, ?, ?, ${marker}, ?)`);
  const insDelivery = db.prepare(`INSERT OR IGNORE INTO session_delivery (session_id, facilitator_id, recorded_by, recorded_at) VALUES (?, ?, ${marker}, '${T}')`);
  const insQ = db.prepare(
    `INSERT INTO questionnaires (student_id, course_run_id, scale, timepoint, completed_on, item_1, item_2, item_3, item_4, item_5, item_6, item_7, complete, raw_score, score_centi, entered_by, entered_at, updated_at)
     VALUES (?, ?, 'SWEMWBS', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${marker}, '${T}', '${T}')`,
  );
  const insSat = db.prepare(`INSERT INTO satisfaction_responses (course_run_id, received_on, rating, would_recommend, entered_by, entered_at) VALUES (?, ?, ?, ?, ${marker}, '${T}')`);
  const insDest = db.prepare(`INSERT INTO destinations (student_id, kind, with_college, on_date, entered_by, entered_at) VALUES (?, ?, ?, ?, ${marker}, '${T}')`);
  const insPayee = db.prepare(`INSERT OR IGNORE INTO payees (facilitator_id, name, payment_method, created_at, updated_at) VALUES (?, ?, 'cash', '${T}', '${T}')`);
  const insClaim = db.prepare(
    `INSERT INTO claims (reference, payee_id, status, entered_by, entered_at, submitted_by, submitted_at, decided_by, decided_at, updated_at) VALUES (?, ?, ?, ${marker}, ?, ${marker}, ?, ${staffIds[0]}, ?, ?)`,
  );
  const insLine = db.prepare(
    `INSERT INTO claim_lines (claim_id, line_date, category, description, amount_pence, miles_tenths, vehicle, passengers, working, created_by, created_at) VALUES (?, ?, 'mileage', 'Home to venue and back', ?, ?, 'car_van', 0, ?, ${marker}, ?)`,
  );
  const MARKS = ['present', 'present', 'present', 'present', 'present', 'present', 'present', 'late', 'absent', 'apologies', 'apologies'];

  const fill = db.transaction(() => {
    const students = (db.prepare(`SELECT count(*) AS n FROM students`).get() as { n: number }).n;
    // Payees: every peer trainer and volunteer is paid expenses.
    for (const f of facilitators.filter((x) => x.kind !== 'staff')) insPayee.run(f.id, `Facilitator ${f.id}`);
    const payees = (db.prepare(`SELECT id FROM payees ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
    let claimNo = (db.prepare(`SELECT count(*) AS n FROM claims`).get() as { n: number }).n;
    const runsPerTerm = Math.max(8, Math.round(scale / 100));
    for (const term of history) {
      const termId = Number(insTerm.run(term.name, term.start.toISODate(), term.end.toISODate()).lastInsertRowid);
      for (let r = 0; r < runsPerTerm; r++) {
        const course = pick(courses);
        const room = rooms[r % rooms.length];
        const capacity = Math.max(course.capacity, 15);
        const runId = Number(insRun.run(course.id, termId, room.venue, room.id, capacity).lastInsertRowid);
        const lead = pick(others);
        const peer = r % 8 === 5 ? null : pick(peers);
        insTeam.run(runId, lead.id, 'lead');
        if (peer) insTeam.run(runId, peer.id, 'co');
        const time = pick(['10:00', '13:30', '18:00']);
        const endTime = time === '10:00' ? '12:00' : time === '13:30' ? '15:30' : '20:00';
        const first = term.start.plus({ weeks: int(3), days: r % 5 });
        const enrolledOn = first.minus({ weeks: 2 }).toISODate()!;
        const people = new Set<number>();
        // The earlier years drew on the first half of the students; the generator's own terms bring in the rest.
        while (people.size < Math.min(capacity, students)) people.add(1 + int(Math.min(students, Math.max(Math.ceil(students / 2), capacity))));
        const withdrawn = new Set<number>();
        for (const p of people) {
          const w = rand() < 0.08;
          if (w) withdrawn.add(p);
          insEnrol.run(runId, p, w ? 'withdrawn' : 'enrolled', enrolledOn, w ? first.plus({ weeks: 3 }).toISODate() : null, w ? 'Not the right time' : null);
        }
        let last = first;
        for (let k = 0; k < 10; k++) {
          const day = first.plus({ weeks: k });
          const date = day.toISODate()!;
          if (date > term.end.toISODate()!) break;
          last = day;
          const times = sessionTimes(date, time, endTime);
          const cancelled = rand() < 0.03;
          const sessionId = Number(
            insSession.run(runId, room.id, date, time, endTime, times.startsAt, times.endsAt, cancelled ? 'cancelled' : 'scheduled', cancelled ? 'Facilitator unwell' : null).lastInsertRowid,
          );
          if (cancelled) continue;
          insDelivery.run(sessionId, lead.id);
          if (peer && rand() < 0.9) insDelivery.run(sessionId, peer.id);
          for (const p of people) {
            if (withdrawn.has(p) && k >= 3) continue;
            if (rand() < 0.04) continue; // a register left with a gap
            insMark.run(sessionId, p, pick(MARKS), times.endsAt);
          }
        }
        // Questionnaires: about a third of each run do a baseline at the start, most of them an end one at the finish.
        let qs = 0;
        for (const p of people) {
          if (qs++ >= 1) break;
          const items = () => Array.from({ length: 7 }, () => (rand() < 0.01 ? null : 1 + int(5)));
          const b = items();
          const cb = questionnaireColumns({ scale: 'SWEMWBS', items: b });
          insQ.run(p, runId, 'baseline', first.toISODate(), ...b, cb.complete, cb.raw_score, cb.score_centi);
          if (rand() < 0.8) {
            const e = items();
            const ce = questionnaireColumns({ scale: 'SWEMWBS', items: e });
            insQ.run(p, runId, 'end', last.toISODate(), ...e, ce.complete, ce.raw_score, ce.score_centi);
          }
        }
        for (let i = 0; i < 4; i++) insSat.run(runId, last.toISODate(), 1 + int(5), rand() < 0.85 ? 1 : 0);
        if (rand() < 0.4) insDest.run(1 + int(students), pick(['paid_work_started', 'paid_work_kept', 'education_started', 'volunteering_started']), rand() < 0.3 ? 1 : 0, last.toISODate());
      }
      // Mileage claims through the term, paid.
      const claims = Math.round(scale / 12);
      const days = Math.max(1, Math.floor(term.end.diff(term.start, 'days').days));
      for (let c = 0; c < claims; c++) {
        const date = term.start.plus({ days: int(days) }).toISODate()!;
        if (date >= today) continue;
        const at = `${date}T17:00:00.000Z`;
        claimNo++;
        const claimId = Number(insClaim.run(`EXP-${String(claimNo).padStart(6, '0')}`, pick(payees), 'paid', at, at, at, at).lastInsertRowid);
        const tenths = 50 + int(400);
        const pence = Math.round((tenths * 45) / 10);
        insLine.run(claimId, date, pence, tenths, `${(tenths / 10).toFixed(1)} mi × 45p = £${(pence / 100).toFixed(2)}`, at);
      }
    }
    // The generator's own terms already have every past register taken (src-main/core/registers/demo.ts).
    // The history's claims took their references here, not from the counter: move it past them, as the core would be.
    db.prepare(`UPDATE counters SET next = max(next, ?) WHERE name = 'claim'`).run(claimNo + 1);
  });
  fill();
  // Fresh planner statistics for the whole college as built: with the generator's stale ones (taken before the history
  // was added) the mileage query chose the wrong index, so the floors and the app were measured on a misled planner.
  db.exec('ANALYZE');
  db.close();
}

/** What the college holds, for the report. */
export function describeCollege(file: string): Record<string, number> {
  const db = openSqlite(file, { readonly: true });
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const out = Object.fromEntries(['students', 'terms', 'course_runs', 'sessions', 'enrolments', 'attendance', 'claims', 'questionnaires'].map((t) => [t, n(t)]));
  db.close();
  return out;
}
