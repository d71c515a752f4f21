// The register screens' figures on a college with years of history (bench/college.ts at a small scale), with agreed
// breaks, late joiners from the waiting list, drop-ins and withdrawals added: each run's and each student's held
// sessions, attendances, place status and completion, each session's expected / marked / attended, and who is on each
// register, equal to the same figures worked out here another way — row by row in TypeScript from the raw tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mark, PlaceStatus } from '../../src-main/contract/registers';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open';
import { collegeNow, type CollegeNow } from '../../src-main/core/registers/attendance';
import { runAttendance, studentAttendance } from '../../src-main/core/registers/figures';
import { loadRegister } from '../../src-main/core/registers/queries';
import { readSettings } from '../../src-main/core/settings/settings';
import { BENCH_NOW, buildCollege } from '../../bench/college';

interface SessionRow {
  id: number;
  course_run_id: number;
  date: string;
  start_time: string;
  starts_at: string;
  status: 'scheduled' | 'cancelled';
}
interface PlaceRow {
  id: number;
  course_run_id: number;
  student_id: number;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  joined_by: 'enrolment' | 'waiting_list' | 'drop_in';
  enrolled_on: string | null;
  withdrawn_on: string | null;
  promoted_at: string | null;
  created_at: string;
  updated_at: string;
}
interface BreakRow {
  enrolment_id: number;
  starts_on: string;
  resumed_on: string | null;
}

let dir: string;
let opened: OpenedDatabase;
let now: CollegeNow;
let threshold: number;
let sessions: SessionRow[];
let places: PlaceRow[];
let breaks: BreakRow[];
let marks: Map<string, Mark>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-reg-history-'));
  await buildCollege(path.join(dir, 'college.sqlite'), 300);
  opened = await openDatabase(path.join(dir, 'college.sqlite'), { allowAnyLocation: true });
  const raw = opened.sqlite;
  now = collegeNow(BENCH_NOW);
  // What the generators do not make: agreed breaks (one ended, one still in force), late joiners promoted from the
  // waiting list (one on a session's own day, after it started), drop-ins with one attendance, withdrawals without a
  // date. Spread over current and past runs.
  const staff = (raw.prepare(`SELECT id FROM staff ORDER BY id LIMIT 1`).get() as { id: number }).id;
  const enrolled = raw.prepare(`SELECT e.id, e.course_run_id, e.student_id FROM enrolments e WHERE e.status = 'enrolled' ORDER BY e.id`).all() as { id: number; course_run_id: number; student_id: number }[];
  const runDates = raw.prepare(`SELECT date, starts_at FROM sessions WHERE course_run_id = ? AND status = 'scheduled' ORDER BY date`);
  const addBreak = raw.prepare(`INSERT INTO enrolment_breaks (enrolment_id, starts_on, resumed_on, reason, recorded_by, recorded_at) VALUES (?, ?, ?, 'Time out', ?, '2020-01-01T00:00:00.000Z')`);
  for (const [i, e] of enrolled.entries()) {
    const dates = runDates.all(e.course_run_id) as { date: string; starts_at: string }[];
    if (dates.length < 4) continue;
    if (i % 23 === 0) addBreak.run(e.id, dates[1].date, dates[3].date, staff);
    else if (i % 29 === 0) addBreak.run(e.id, dates[dates.length - 2].date, null, staff);
    else if (i % 31 === 0) raw.prepare(`UPDATE enrolments SET joined_by = 'waiting_list', enrolled_on = ?, promoted_at = ? WHERE id = ?`).run(dates[2].date, dates[2].starts_at.replace(/T.*/, 'T23:00:00.000Z'), e.id);
    else if (i % 37 === 0) raw.prepare(`UPDATE enrolments SET joined_by = 'drop_in', enrolled_on = ? WHERE id = ?`).run(dates[dates.length - 1].date, e.id);
    else if (i % 41 === 0) raw.prepare(`UPDATE enrolments SET status = 'withdrawn', withdrawn_on = NULL, updated_at = ? WHERE id = ?`).run(`${dates[1].date}T18:00:00.000Z`, e.id);
  }
  threshold = (await readSettings(opened.db)).completionThresholdPercent;
  sessions = raw.prepare(`SELECT id, course_run_id, date, start_time, starts_at, status FROM sessions ORDER BY id`).all() as SessionRow[];
  places = raw.prepare(`SELECT id, course_run_id, student_id, status, joined_by, enrolled_on, withdrawn_on, promoted_at, created_at, updated_at FROM enrolments`).all() as PlaceRow[];
  breaks = raw.prepare(`SELECT enrolment_id, starts_on, resumed_on FROM enrolment_breaks`).all() as BreakRow[];
  marks = new Map((raw.prepare(`SELECT session_id, student_id, mark FROM attendance`).all() as { session_id: number; student_id: number; mark: Mark }[]).map((m) => [`${m.session_id}:${m.student_id}`, m.mark]));
}, 180_000);
afterAll(async () => {
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ── the figures worked out another way: loops over the rows, as the Definitions sheet words the rule ──
const held = (s: SessionRow) => s.status === 'scheduled' && (s.date < now.today || (s.date === now.today && s.start_time.slice(0, 5) <= now.time));
const attended = (m: Mark | undefined) => m === 'present' || m === 'late';
function countsFor(p: PlaceRow, s: SessionRow): boolean {
  if (p.status === 'waiting') return false;
  const from = p.enrolled_on ?? (p.status === 'enrolled' ? p.created_at.slice(0, 10) : null);
  if (from === null || s.date < from) return false;
  if (p.promoted_at !== null && s.date === from && s.starts_at < p.promoted_at) return false;
  if (p.status === 'withdrawn' && s.date > (p.withdrawn_on ?? p.updated_at.slice(0, 10))) return false;
  return !breaks.some((b) => b.enrolment_id === p.id && s.date >= b.starts_on && (b.resumed_on === null || s.date < b.resumed_on));
}
function placeFiguresByHand(p: PlaceRow) {
  const own = sessions.filter((s) => s.course_run_id === p.course_run_id);
  let heldN = 0;
  let attendedN = 0;
  for (const s of own.filter(held)) {
    const m = marks.get(`${s.id}:${p.student_id}`);
    if (attended(m)) attendedN++;
    if (attended(m) || countsFor(p, s)) heldN++;
  }
  const runEnded = own.some(held) && !own.some((s) => s.status === 'scheduled' && !held(s));
  const onBreak = breaks.some((b) => b.enrolment_id === p.id && b.resumed_on === null && b.starts_on <= now.today);
  const met = heldN > 0 && attendedN * 100 >= threshold * heldN;
  const status: PlaceStatus =
    p.status === 'withdrawn' ? 'withdrawn' : onBreak ? 'break' : p.joined_by === 'drop_in' && attendedN < 2 ? 'drop_in' : runEnded ? (met ? 'completed' : 'not_completed') : 'continuing';
  return { held: heldN, attended: attendedN, completed: met && (status === 'completed' || status === 'continuing'), placeStatus: status };
}

/** Runs to compare: every run with a break, a late joiner, a drop-in or an undated withdrawal, and every 7th other one. */
function sampleRuns(): number[] {
  const special = new Set(places.filter((p) => p.joined_by !== 'enrolment' || (p.status === 'withdrawn' && !p.withdrawn_on) || breaks.some((b) => b.enrolment_id === p.id)).map((p) => p.course_run_id));
  const all = [...new Set(sessions.map((s) => s.course_run_id))].sort((a, b) => a - b);
  return all.filter((id, i) => special.has(id) || i % 7 === 0);
}

describe('the register screens on a college with six years of history', () => {
  it('give each run the held sessions, attendances, place status and completion worked out by hand, and each session its expected, marked and attended', async () => {
    const runs = sampleRuns();
    expect(runs.length).toBeGreaterThan(30);
    const seen = new Set<PlaceStatus>();
    for (const runId of runs) {
      const view = await runAttendance(opened.db, now, runId);
      const mine = places
        .filter((p) => p.course_run_id === runId && p.status !== 'waiting')
        .map((p) => ({ studentId: p.student_id, ...placeFiguresByHand(p) }))
        .sort((a, b) => a.studentId - b.studentId);
      const theirs = view.students.map((s) => ({ studentId: s.studentId, held: s.held, attended: s.attended, completed: s.completed, placeStatus: s.placeStatus })).sort((a, b) => a.studentId - b.studentId);
      expect(theirs, `run ${runId}`).toEqual(mine);
      for (const m of mine) seen.add(m.placeStatus);
      expect(view.completers).toBe(mine.filter((m) => m.completed).length);

      const own = sessions.filter((s) => s.course_run_id === runId);
      expect(view.heldSessions).toBe(own.filter(held).length);
      const onRun = places.filter((p) => p.course_run_id === runId && p.status !== 'waiting');
      for (const s of own) {
        const summary = view.sessions.find((x) => x.sessionId === s.id)!;
        const markedHere = [...marks.entries()].filter(([k]) => k.startsWith(`${s.id}:`));
        expect({ held: summary.held, expected: summary.expected, marked: summary.marked, attended: summary.attended }, `session ${s.id}`).toEqual({
          held: held(s),
          expected: onRun.filter((p) => marks.has(`${s.id}:${p.student_id}`) || countsFor(p, s)).length,
          marked: markedHere.length,
          attended: markedHere.filter(([, m]) => attended(m)).length,
        });
      }
    }
    // The sample reaches every status a place can have.
    expect([...seen].sort()).toEqual(['break', 'completed', 'continuing', 'drop_in', 'not_completed', 'withdrawn']);
  });

  it('puts on each register exactly the people expected by hand (and anyone already marked), with the same counts', async () => {
    const runs = new Set(sampleRuns());
    const registers = sessions.filter((s) => runs.has(s.course_run_id) && s.status === 'scheduled').filter((_, i) => i % 3 === 0);
    expect(registers.length).toBeGreaterThan(100);
    for (const s of registers) {
      const view = await loadRegister(opened.db, s.id, now);
      const onRun = places.filter((p) => p.course_run_id === s.course_run_id);
      const expected = new Set(onRun.filter((p) => countsFor(p, s)).map((p) => p.student_id));
      const marked = new Set([...marks.keys()].filter((k) => k.startsWith(`${s.id}:`)).map((k) => Number(k.split(':')[1])));
      expect(view.rows.map((r) => r.studentId).sort((a, b) => a - b), `session ${s.id}`).toEqual([...new Set([...expected, ...marked])].sort((a, b) => a - b));
      for (const r of view.rows) expect(r.expected, `session ${s.id}, student ${r.studentId}`).toBe(expected.has(r.studentId));
      const run = await runAttendance(opened.db, now, s.course_run_id);
      const summary = run.sessions.find((x) => x.sessionId === s.id)!;
      // Two screens meet here: the register's own counts and the run's line for the session.
      expect({ expected: view.counts.expected, marked: view.counts.marked, attended: view.counts.present + view.counts.late }).toEqual({
        expected: summary.expected,
        marked: summary.marked,
        attended: summary.attended,
      });
    }
  });

  it('gives each student, run by run, the figures their runs give them', async () => {
    const students = [...new Set(places.filter((p) => p.joined_by !== 'enrolment' || breaks.some((b) => b.enrolment_id === p.id)).map((p) => p.student_id))].slice(0, 60);
    expect(students.length).toBeGreaterThan(10);
    for (const id of students) {
      const view = await studentAttendance(opened.db, now, id);
      const mine = places
        .filter((p) => p.student_id === id && p.status !== 'waiting')
        .map((p) => ({ courseRunId: p.course_run_id, ...placeFiguresByHand(p) }))
        .sort((a, b) => a.courseRunId - b.courseRunId);
      const theirs = view.runs.map((r) => ({ courseRunId: r.courseRunId, held: r.held, attended: r.attended, completed: r.completed, placeStatus: r.placeStatus })).sort((a, b) => a.courseRunId - b.courseRunId);
      expect(theirs, `student ${id}`).toEqual(mine);
    }
  });
});
