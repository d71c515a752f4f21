// Benchmark for issue 4 (not a test): 20,000 students and 600,000 attendance marks; at API level (core.call), opening a
// register and saving one mark; plus the keystrokes needed to take a 15-person register. Run: npx tsx bench/registers.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Core } from '../src-main/core/api/core';
import { MARKS, type Mark } from '../src-main/contract/registers';
import { keystrokesToTake } from '../src-renderer/registers/keyboard';

const STUDENTS = Number(process.argv[2] ?? 20000);
const PER_RUN = 15;
const SESSIONS_PER_RUN = 10;
const RUNS_PER_STUDENT = 3;
const RUNS = Math.ceil((STUDENTS * RUNS_PER_STUDENT) / PER_RUN); // 4,000 runs → 40,000 sessions → 600,000 marks

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

// A small deterministic generator so every run builds the same college.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-reg-'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast' });
const setup = await core.call('bench', 'auth.setupFirstManager', { username: 'bench.manager', displayName: 'Bench Manager', password: 'correct horse battery' });
if (!setup.ok) throw new Error(setup.error.message);
const sqlite = core.databaseFile!.sqlite;

let t0 = performance.now();
const T = new Date().toISOString();
const today = DateTime.now().setZone('Europe/London').startOf('day');
const SURNAMES = ['Smith', 'Jones', 'Patel', 'Williams', 'Brown', 'Taylor', 'Khan', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Okafor', 'Murphy', 'Nowak', 'Ahmed'];
const FIRST = ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Ruth', 'Kemi', 'Dan', 'Aisha', 'Liam', 'Mia', 'Owen', 'Zara', 'Ben', 'Ella'];

// Direct inserts in big transactions: plain INSERTs through the app's own connection (bench only).
const fill = sqlite.transaction(() => {
  const student = sqlite.prepare(
    `INSERT INTO students (reference, first_name, surname, date_of_birth, referral_source, secondary_mh_services, ethnic_category, gender_identity, employment_status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'self', 'no', 'Z', 'Z', 'ZZ', ?, ?)`,
  );
  for (let i = 1; i <= STUDENTS; i++) student.run(`RC-${String(i).padStart(6, '0')}`, pick(FIRST), `${pick(SURNAMES)}${i % 97}`, '1980-01-01', T, T);
  for (let c = 1; c <= 60; c++) {
    sqlite
      .prepare(`INSERT INTO courses (title, sessions_count, default_session_minutes, default_capacity, created_at, updated_at) VALUES (?, 10, 120, 16, ?, ?)`)
      .run(`Course ${c}`, T, T);
  }
  sqlite.prepare(`INSERT INTO terms (name, starts_on, ends_on, created_at) VALUES ('All terms', '2024-01-01', '2030-12-31', ?)`).run(T);
  sqlite.prepare(`INSERT INTO venues (name) VALUES ('Hub')`).run();
  for (let f = 1; f <= 40; f++) {
    sqlite.prepare(`INSERT INTO facilitators (first_name, surname, kind, created_at) VALUES (?, ?, ?, ?)`).run(pick(FIRST), pick(SURNAMES), f % 2 ? 'staff' : 'peer_trainer', T);
  }
});
fill();

const run = sqlite.prepare(`INSERT INTO course_runs (course_id, term_id, venue_id, capacity, created_at, updated_at) VALUES (?, 1, 1, 16, ?, ?)`);
const planned = sqlite.prepare(`INSERT INTO course_run_facilitators (course_run_id, facilitator_id, role) VALUES (?, ?, ?)`);
const session = sqlite.prepare(
  `INSERT INTO sessions (course_run_id, date, start_time, end_time, starts_at, ends_at, created_at, updated_at) VALUES (?, ?, '10:00', '12:00', ?, ?, ?, ?)`,
);
const enrol = sqlite.prepare(`INSERT INTO enrolments (course_run_id, student_id, status, enrolled_on, created_at, updated_at) VALUES (?, ?, 'enrolled', ?, ?, ?)`);
const mark = sqlite.prepare(`INSERT INTO attendance (session_id, student_id, mark, marked_by, marked_at) VALUES (?, ?, ?, 1, ?)`);
const WEIGHTED: Mark[] = ['present', 'present', 'present', 'present', 'present', 'present', 'late', 'absent', 'apologies'];
let marks = 0;
const sessionsBuilt: number[] = [];
// Each student is on three runs; people are dealt out in a shuffled order so every run mixes names.
const order = Array.from({ length: STUDENTS * RUNS_PER_STUDENT }, (_, i) => (i % STUDENTS) + 1);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const buildRuns = sqlite.transaction((from: number, to: number) => {
  for (let r = from; r < to; r++) {
    const runId = Number(run.run(1 + (r % 60), T, T).lastInsertRowid);
    const f1 = 1 + (r % 40);
    planned.run(runId, f1, 'lead');
    planned.run(runId, 1 + ((r + 7) % 40), 'co');
    const start = today.minus({ days: 1 + SESSIONS_PER_RUN * 7 + Math.floor(rand() * 800) });
    const people = [...new Set(order.slice(r * PER_RUN, (r + 1) * PER_RUN))];
    for (const p of people) enrol.run(runId, p, start.minus({ days: 7 }).toISODate(), T, T);
    for (let s = 0; s < SESSIONS_PER_RUN; s++) {
      const d = start.plus({ weeks: s });
      const at = d.set({ hour: 10 }).toUTC().toISO();
      const sid = Number(session.run(runId, d.toISODate(), at, d.set({ hour: 12 }).toUTC().toISO(), T, T).lastInsertRowid);
      sessionsBuilt.push(sid);
      for (const p of people) {
        mark.run(sid, p, pick(WEIGHTED), at);
        marks++;
      }
    }
  }
});
for (let r = 0; r < RUNS; r += 500) buildRuns(r, Math.min(RUNS, r + 500));
sqlite.pragma('optimize');
const buildSeconds = (performance.now() - t0) / 1000;
console.log(`built ${STUDENTS} students, ${RUNS} course runs, ${sessionsBuilt.length} sessions, ${marks} marks in ${buildSeconds.toFixed(1)} s`);

// ── API level ────────────────────────────────────────────────
const call = async (method: string, input: unknown) => {
  const r = await core.call('bench', method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
};
for (let i = 0; i < 20; i++) await call('registers.get', { sessionId: pick(sessionsBuilt) }); // warm-up

const opens: number[] = [];
for (let i = 0; i < 300; i++) {
  const sessionId = pick(sessionsBuilt);
  t0 = performance.now();
  await call('registers.get', { sessionId });
  opens.push(performance.now() - t0);
}

const saves: number[] = [];
const targets = sqlite.prepare(`SELECT session_id AS s, student_id AS p FROM attendance WHERE session_id = ?`);
for (let i = 0; i < 300; i++) {
  const rows = targets.all(pick(sessionsBuilt)) as { s: number; p: number }[];
  const target = pick(rows);
  t0 = performance.now();
  await call('registers.mark', { sessionId: target.s, studentId: target.p, mark: pick(MARKS) });
  saves.push(performance.now() - t0);
}

t0 = performance.now();
await call('registers.today', {});
const todayMs = performance.now() - t0;
t0 = performance.now();
const followUps = (await call('registers.followUps', { since: today.minus({ days: 56 }).toISODate() })) as unknown[];
const followMs = performance.now() - t0;
const runTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  t0 = performance.now();
  await call('registers.runAttendance', { courseRunId: 1 + Math.floor(rand() * RUNS) });
  runTimes.push(performance.now() - t0);
}
t0 = performance.now();
await call('registers.printSession', { sessionId: pick(sessionsBuilt) });
const pdfMs = performance.now() - t0;

await core.close();
// RCD_BENCH_KEEP=1 keeps the database for looking at query plans.
if (process.env.RCD_BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });

// ── keystrokes for a 15-person register ──────────────────────
const P: Mark = 'present';
const scenarios: [string, Mark[]][] = [
  ['all 15 present', Array<Mark>(15).fill(P)],
  ['typical: 12 present, 1 late, 1 absent, 1 apologies (spread out)', [P, P, 'late', P, P, P, 'absent', P, P, P, P, 'apologies', P, P, P]],
  ['worst case: the last person is not present', [...Array<Mark>(14).fill(P), 'absent']],
  ['worst case: nobody present', Array<Mark>(15).fill('absent')],
];
// Today opens with focus on its heading: Tab reaches the first session's link, Enter opens its register with the first
// person focused (checked by test/e2e/registers.test.ts).
const OPEN_FROM_TODAY = ['Tab', 'Enter'];
const keystrokes = scenarios.map(([name, m]) => {
  const { keys } = keystrokesToTake(m);
  return { scenario: name, keys: [...OPEN_FROM_TODAY, ...keys].join(' '), keystrokes: OPEN_FROM_TODAY.length + keys.length };
});

console.table({
  'students / marks in the database': `${STUDENTS} / ${marks}`,
  'build time (direct inserts), s': buildSeconds.toFixed(1),
  'open a register (API), median ms (target < 20)': median(opens).toFixed(2),
  'open a register (API), p95 ms': p95(opens).toFixed(2),
  'save one mark (API), median ms (target < 10)': median(saves).toFixed(2),
  'save one mark (API), p95 ms': p95(saves).toFixed(2),
  'Today list (API), ms': todayMs.toFixed(1),
  'follow-up list, last 8 weeks (API), ms': `${followMs.toFixed(1)} (${followUps.length} students listed)`,
  'course run attendance figures (API), median ms': median(runTimes).toFixed(2),
  'printable register PDF for one session (API), ms': pdfMs.toFixed(1),
});
console.log('Keystrokes to take a 15-person register (target ≤ 20), counting Tab and Enter to open it from Today:');
console.table(keystrokes);
