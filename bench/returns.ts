// Benchmark for issue 6 (not a test): a financial year's contract return at 20,000 students, 600,000 attendance marks and
// 15,000 questionnaires, produced through the API (figures, XLSX and CSV built, stored) — elapsed time and peak memory.
// Run: npx tsx bench/returns.ts
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Core } from '../src-main/core/api/core';
import { questionnaireColumns } from '../src-main/core/outcomes/outcomes';

const STUDENTS = 20_000;
const RUNS = 2_000; // 10 sessions each → 20,000 sessions; 30 marks each → 600,000 marks
const SESSIONS_PER_RUN = 10;
const PER_RUN = 31; // 31 × ~9.7 held sessions × 2,000 runs ≈ 600,000 marks
const QUESTIONNAIRES = 15_000;
const FY = 2025; // 1 Apr 2025 – 31 Mar 2026

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

// BENCH_DIR=/some/folder keeps the filled database between runs (for profiling); otherwise a temp folder.
const keep = process.env.BENCH_DIR;
const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'rcd-bench-ret-'));
const reuse = !!keep && existsSync(path.join(dir, 'recovery-college.sqlite'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast', now: () => new Date('2026-11-26T12:00:00Z') });
const setup = reuse
  ? await core.call('bench', 'auth.signIn', { username: 'bench.manager', password: 'correct horse battery' })
  : await core.call('bench', 'auth.setupFirstManager', { username: 'bench.manager', displayName: 'Bench Manager', password: 'correct horse battery' });
if (!setup.ok) throw new Error(setup.error.message);
const sqlite = core.databaseFile!.sqlite;
const T = '2025-04-01T09:00:00.000Z';
const yearStart = DateTime.fromISO(`${FY}-04-01`, { zone: 'utc' });

let t0 = performance.now();
const fill = sqlite.transaction(() => {
  const student = sqlite.prepare(
    `INSERT INTO students (reference, first_name, surname, date_of_birth, referral_source, secondary_mh_services, ethnic_category, gender_identity, employment_status, nhs_number, created_at, updated_at)
     VALUES (?, 'Bench', 'Student', ?, ?, ?, ?, ?, 'ZZ', ?, '${T}', '${T}')`,
  );
  for (let i = 1; i <= STUDENTS; i++) {
    student.run(
      `RC-${String(i).padStart(6, '0')}`,
      `${1950 + Math.floor(rand() * 55)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      pick(['self', 'gp', 'cmht', 'voluntary', 'other']),
      pick(['yes', 'no', 'unknown']),
      pick(['A', 'A', 'A', 'B', 'C', 'D', 'H', 'J', 'M', 'N', 'R', 'S', 'Z', '99']),
      pick(['1', '2', '2', '3', '4', 'Z', 'X']),
      `999${String(i).padStart(7, '0')}`, // not check-digit valid: the bench skips validation
    );
    if (rand() < 0.3) sqlite.prepare(`INSERT INTO data_sharing_consents (student_id, given_on, recorded_by, recorded_at) VALUES (?, '2025-01-01', 1, '${T}')`).run(i);
  }
  sqlite.prepare(`INSERT INTO terms (name, starts_on, ends_on, created_at) VALUES ('Year', '${FY}-04-01', '${FY + 1}-03-31', '${T}')`).run();
  sqlite.prepare(`INSERT INTO venues (name) VALUES ('Bench venue')`).run();
  for (let c = 1; c <= 40; c++) {
    sqlite.prepare(`INSERT INTO courses (title, sessions_count, default_session_minutes, default_capacity, created_at, updated_at) VALUES (?, 10, 120, 30, '${T}', '${T}')`).run(`Course ${c}`);
  }
  for (let f = 1; f <= 120; f++) {
    sqlite.prepare(`INSERT INTO facilitators (first_name, surname, kind, created_at) VALUES ('F', ?, ?, '${T}')`).run(`N${f}`, f % 3 === 0 ? 'peer_trainer' : f % 7 === 0 ? 'volunteer' : 'staff');
  }
  const run = sqlite.prepare(`INSERT INTO course_runs (course_id, term_id, venue_id, capacity, created_at, updated_at) VALUES (?, 1, 1, 30, '${T}', '${T}')`);
  const team = sqlite.prepare(`INSERT OR IGNORE INTO course_run_facilitators (course_run_id, facilitator_id, role) VALUES (?, ?, ?)`);
  const session = sqlite.prepare(`INSERT INTO sessions (course_run_id, date, start_time, end_time, starts_at, ends_at, status, created_at, updated_at) VALUES (?, ?, '10:00', '12:00', ?, ?, ?, '${T}', '${T}')`);
  const delivered = sqlite.prepare(`INSERT OR IGNORE INTO session_delivery (session_id, facilitator_id, recorded_by, recorded_at) VALUES (?, ?, 1, '${T}')`);
  const enrol = sqlite.prepare(`INSERT OR IGNORE INTO enrolments (course_run_id, student_id, status, enrolled_on, created_at, updated_at) VALUES (?, ?, ?, ?, '${T}', '${T}')`);
  const mark = sqlite.prepare(`INSERT OR IGNORE INTO attendance (session_id, student_id, mark, marked_by, marked_at) VALUES (?, ?, ?, 1, '${T}')`);
  let sessionId = 0;
  for (let r = 1; r <= RUNS; r++) {
    run.run(1 + (r % 40));
    team.run(r, 1 + Math.floor(rand() * 120), 'lead');
    team.run(r, 3 * (1 + Math.floor(rand() * 39)), 'co'); // a peer trainer
    const first = yearStart.plus({ days: Math.floor(rand() * 280) });
    const students = Array.from({ length: PER_RUN }, (_, k) => 1 + ((r * PER_RUN + k * 7919) % STUDENTS));
    for (const s of students) enrol.run(r, s, rand() < 0.1 ? 'withdrawn' : 'enrolled', first.minus({ days: 7 }).toISODate());
    for (let k = 0; k < SESSIONS_PER_RUN; k++) {
      const d = first.plus({ weeks: k }).toISODate()!;
      const cancelled = rand() < 0.03;
      session.run(r, d, `${d}T09:00:00.000Z`, `${d}T11:00:00.000Z`, cancelled ? 'cancelled' : 'scheduled');
      sessionId++;
      if (rand() < 0.5) delivered.run(sessionId, 3 * (1 + Math.floor(rand() * 39)));
      if (!cancelled) for (const s of students) mark.run(sessionId, s, pick(['present', 'present', 'present', 'late', 'absent', 'apologies']));
    }
  }
  const q = sqlite.prepare(
    `INSERT INTO questionnaires (student_id, course_run_id, scale, timepoint, completed_on, item_1, item_2, item_3, item_4, item_5, item_6, item_7, complete, raw_score, score_centi, entered_by, entered_at, updated_at)
     VALUES (?, ?, 'SWEMWBS', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '${T}', '${T}')`,
  );
  for (let i = 0; i < QUESTIONNAIRES; i++) {
    const studentId = 1 + (i % STUDENTS);
    const end = i >= STUDENTS / 2 ? 1 : 0;
    const items = Array.from({ length: 7 }, () => (rand() < 0.01 ? null : 1 + Math.floor(rand() * 5)));
    const c = questionnaireColumns({ scale: 'SWEMWBS', items });
    const runId = 1 + Math.floor((studentId * 3) / PER_RUN) % RUNS;
    q.run(studentId, end ? runId : null, end ? 'end' : 'baseline', yearStart.plus({ days: end ? 200 : 10 + (i % 100) }).toISODate(), ...items, c.complete, c.raw_score, c.score_centi);
  }
  const sat = sqlite.prepare(`INSERT INTO satisfaction_responses (course_run_id, received_on, rating, would_recommend, comment, entered_by, entered_at) VALUES (?, ?, ?, ?, NULL, 1, '${T}')`);
  for (let i = 0; i < 8000; i++) sat.run(1 + (i % RUNS), yearStart.plus({ days: i % 360 }).toISODate(), 1 + Math.floor(rand() * 5), rand() < 0.85 ? 1 : 0);
  const dest = sqlite.prepare(`INSERT INTO destinations (student_id, kind, with_college, on_date, entered_by, entered_at) VALUES (?, ?, ?, ?, 1, '${T}')`);
  for (let i = 0; i < 1500; i++) dest.run(1 + Math.floor(rand() * STUDENTS), pick(['paid_work_started', 'paid_work_kept', 'education_started', 'volunteering_started']), rand() < 0.3 ? 1 : 0, yearStart.plus({ days: i % 360 }).toISODate());
});
if (!reuse) fill();
sqlite.pragma('optimize');
const count = (t: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
const fillSeconds = (performance.now() - t0) / 1000;

// Sample resident memory while the return is produced.
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const timings: number[] = [];
const cpuTimings: number[] = [];
let result: { files: { name: string; size: number }[]; figuresSha256: string } | null = null;
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await core.call('bench', 'returns.produce', { period: { kind: 'financialYear', financialYear: FY } });
  timings.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  // CPU time says what the machine spent on it, even when other programs share the cores (wall time then inflates).
  cpuTimings.push((cpu.user + cpu.system) / 1000);
  if (!r.ok) throw new Error(r.error.message);
  result = r.value;
}
t0 = performance.now();
const extract = await core.call('bench', 'extracts.run', { period: { kind: 'financialYear', financialYear: FY }, reason: 'Benchmark', passphrase: 'benchmark passphrase' });
const extractMs = performance.now() - t0;
if (!extract.ok) throw new Error(extract.error.message);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(`Contract return benchmark (financial year ${FY}/${(FY + 1) % 100})`);
console.table({
  students: count('students'),
  'attendance marks': count('attendance'),
  questionnaires: count('questionnaires'),
  sessions: count('sessions'),
  enrolments: count('enrolments'),
  'fill time (s)': fillSeconds.toFixed(1),
});
console.table({
  'produce return, first (ms)': timings[0].toFixed(0),
  'produce return, median of 3 (ms)': [...timings].sort((a, b) => a - b)[1].toFixed(0),
  'target (ms)': 2000,
  'produce return, CPU time, median (ms)': [...cpuTimings].sort((a, b) => a - b)[1].toFixed(0),
  'load average (1 min) during the run': (await import('node:os')).loadavg()[0].toFixed(1),
  'data-sharing extract (ms)': extractMs.toFixed(0),
  'extract students': extract.value.students,
  'RSS before (MB)': mb(rssBefore),
  'peak RSS during (MB)': mb(peak),
  'target peak (MB)': 300,
  files: result!.files.map((f) => `${f.name.split('.').pop()} ${(f.size / 1024).toFixed(0)} KB`).join(', '),
});
await core.close();
if (!keep) rmSync(dir, { recursive: true, force: true });
