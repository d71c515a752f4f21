// Benchmark for issue 3 (not a test): with 5,000 course runs and 40,000 sessions, time at API level (core.call) generating a
// 12-session run with every clash check, and loading a term view's data. Run: npx tsx bench/scheduling.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Core } from '../src-main/core/api/core';
import { sessionTimes } from '../src-main/core/scheduling/times';

const RUNS = 5000;
const SESSIONS_PER_RUN = 8;
const TERMS = 10;
const ROOMS = 60;
const FACILITATORS = 400;
const STUDENTS = 4000;
const SAMPLES = 30;

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-sched-'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast' });
const call = async (method: string, input: unknown) => {
  const r = await core.call('bench', method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as never;
};
await call('auth.setupFirstManager', { username: 'bench.manager', displayName: 'Bench Manager', password: 'benchmark password' });

const db = core.database.db;
const stamp = new Date().toISOString();
let t0 = performance.now();
const termStarts: string[] = [];
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < 20; i++) {
    await trx.insertInto('courses').values({ title: `Course ${i + 1}`, sessions_count: 8, default_session_minutes: 120, default_capacity: 14, created_at: stamp, updated_at: stamp }).execute();
  }
  for (let i = 0; i < TERMS; i++) {
    const s = DateTime.fromISO('2027-01-04').plus({ weeks: i * 16 });
    termStarts.push(s.toISODate() as string);
    await trx.insertInto('terms').values({ name: `Term ${i + 1}`, starts_on: s.toISODate() as string, ends_on: s.plus({ weeks: 15 }).toISODate() as string, created_at: stamp }).execute();
  }
  for (let v = 0; v < ROOMS / 3; v++) await trx.insertInto('venues').values({ name: `Venue ${v + 1}` }).execute();
  for (let r = 0; r < ROOMS + SAMPLES; r++) await trx.insertInto('rooms').values({ venue_id: (r % (ROOMS / 3)) + 1, name: `Room ${r + 1}`, capacity: 20 }).execute();
  for (let f = 0; f < FACILITATORS; f++) {
    await trx.insertInto('facilitators').values({ first_name: `F${f}`, surname: 'Bench', kind: f % 2 ? 'peer_trainer' : 'staff', created_at: stamp }).execute();
  }
  for (let i = 0; i < STUDENTS; i += 500) {
    const rows = Array.from({ length: Math.min(500, STUDENTS - i) }, (_, k) => ({
      reference: `RC-${String(i + k + 1).padStart(6, '0')}`,
      first_name: `S${i + k}`,
      surname: 'Bench',
      date_of_birth: '1980-01-01',
      referral_source: 'self',
      secondary_mh_services: 'no',
      ethnic_category: 'Z',
      gender_identity: 'Z',
      employment_status: 'ZZ',
      created_at: stamp,
      updated_at: stamp,
    }));
    await trx.insertInto('students').values(rows).execute();
  }
  const slots = ['10:00', '13:30', '18:00'];
  const sessions = [];
  const enrolments = [];
  for (let r = 0; r < RUNS; r++) {
    const term = r % TERMS;
    const k = Math.floor(r / TERMS); // 0..499 within the term: a distinct (room, weekday, slot)
    const room = (k % ROOMS) + 1;
    const weekday = Math.floor(k / ROOMS) % 5;
    const time = slots[Math.floor(k / ROOMS / 5) % 3];
    const { id } = await trx
      .insertInto('course_runs')
      .values({ course_id: (r % 20) + 1, term_id: term + 1, venue_id: ((room - 1) % (ROOMS / 3)) + 1, room_id: room, capacity: 14, created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('course_run_facilitators')
      .values([
        { course_run_id: id, facilitator_id: ((k * 2) % (FACILITATORS - 2 * SAMPLES)) + 1, role: 'lead' },
        { course_run_id: id, facilitator_id: ((k * 2 + 1) % (FACILITATORS - 2 * SAMPLES)) + 1, role: 'co' },
      ])
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (let w = 0; w < SESSIONS_PER_RUN; w++) {
      const date = DateTime.fromISO(termStarts[term]).plus({ weeks: w + 1, days: weekday }).toISODate() as string;
      const end = time === '10:00' ? '12:00' : time === '13:30' ? '15:30' : '20:00';
      const t = sessionTimes(date, time, end);
      sessions.push({ course_run_id: id, room_id: room, date, start_time: time, end_time: end, starts_at: t.startsAt, ends_at: t.endsAt, created_at: stamp, updated_at: stamp });
    }
    for (let e = 0; e < 12; e++) {
      enrolments.push({ course_run_id: id, student_id: ((r * 12 + e) % (STUDENTS - 12 * SAMPLES)) + 1, status: 'enrolled' as const, enrolled_on: '2027-01-01', created_at: stamp, updated_at: stamp });
    }
  }
  for (let i = 0; i < sessions.length; i += 1000) await trx.insertInto('sessions').values(sessions.slice(i, i + 1000)).execute();
  for (let i = 0; i < enrolments.length; i += 1000) await trx.insertInto('enrolments').values(enrolments.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
});
const fillSeconds = (performance.now() - t0) / 1000;
const count = async (table: 'course_runs' | 'sessions' | 'enrolments') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const [runCount, sessionCount, enrolmentCount] = [await count('course_runs'), await count('sessions'), await count('enrolments')];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);

// Generating: each sample is a new run in the busiest term, in its own room with its own team and 12 enrolled students, so
// every clash check (room, both facilitators, all 12 students) runs in full over the loaded tables and finds nothing.
const generate: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const run = (await call('scheduling.createRun', { courseId: 1, termId: 5, venueId: (i % (ROOMS / 3)) + 1, roomId: ROOMS + i + 1, capacity: 14 })) as { id: number };
  await call('scheduling.setRunFacilitators', { runId: run.id, leadId: FACILITATORS - 2 * i, coIds: [FACILITATORS - 2 * i - 1] });
  for (let e = 0; e < 12; e++) await call('scheduling.enrol', { runId: run.id, studentId: STUDENTS - i * 12 - e });
  t0 = performance.now();
  const r = (await call('scheduling.generateSessions', {
    runId: run.id,
    pattern: { weekday: 3, startTime: '10:30', lengthMinutes: 120, count: 12, firstDate: termStarts[4] },
  })) as { sessions: unknown[] };
  generate.push(performance.now() - t0);
  if (r.sessions.length !== 12) throw new Error('expected 12 sessions');
  // The clash check really runs: the same pattern in an occupied room is refused.
}
const refused = await core.call('bench', 'scheduling.generateSessions', {
  runId: RUNS + 1,
  pattern: { weekday: 3, startTime: '10:30', lengthMinutes: 120, count: 12, firstDate: termStarts[4] },
});

const termView: number[] = [];
let termSessions = 0;
for (let i = 0; i < SAMPLES; i++) {
  t0 = performance.now();
  const v = (await call('scheduling.termView', { termId: (i % TERMS) + 1 })) as { sessions: unknown[] };
  termView.push(performance.now() - t0);
  termSessions = v.sessions.length;
}
const weekView: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const from = DateTime.fromISO(termStarts[i % TERMS]).plus({ weeks: 2 });
  t0 = performance.now();
  await call('scheduling.week', { from: from.toISODate(), to: from.plus({ days: 6 }).toISODate() });
  weekView.push(performance.now() - t0);
}
const runPage: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  t0 = performance.now();
  await call('scheduling.getRun', { id: 1 + i * 97 });
  runPage.push(performance.now() - t0);
}
await core.close();
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });

console.log(`database: ${runCount} course runs, ${sessionCount} sessions, ${enrolmentCount} enrolments (filled in ${fillSeconds.toFixed(1)} s)`);
console.log(`clash check refuses an occupied slot: ${!refused.ok && refused.error.reason === 'schedule.room-booked' ? 'yes' : 'NO'}`);
console.table([
  { measure: 'generate 12-session run, all clash checks (API)', 'median ms': median(generate).toFixed(1), 'max ms': max(generate).toFixed(1), target: '< 50 ms' },
  { measure: `term view data (${termSessions} sessions)`, 'median ms': median(termView).toFixed(1), 'max ms': max(termView).toFixed(1), target: '< 100 ms' },
  { measure: 'week view data (all rooms)', 'median ms': median(weekView).toFixed(1), 'max ms': max(weekView).toFixed(1), target: '' },
  { measure: 'course-run page', 'median ms': median(runPage).toFixed(1), 'max ms': max(runPage).toFixed(1), target: '' },
]);
