// Training-database registers: every held session before today has its register taken for everyone on it (the same
// "who is expected" rule the register screen uses), with realistic attendance, some lateness and apologies, people who
// drift away, and a few on current runs who have just missed two in a row so the welfare follow-up list has people.
// Today's sessions are left for the trainee to take. Inserted with prepared statements, a few thousand rows per
// transaction, reporting progress between them.
import { collegeToday } from '../../contract/dates';
import type { Mark } from '../../contract/registers';
import type { SqliteHandle } from '../db/sqlite';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { expectedSql } from './place-figures';
import { seeded } from '../demo/random';

const LATE_NOTES = ['Bus was late', 'Came from a GP appointment', 'Trouble parking', 'Let us know they would be late'];
const APOLOGY_NOTES = ['Rang to say unwell', 'Hospital appointment', 'Caring for a relative', 'Emailed apologies', 'Work shift'];

interface HeldSession {
  id: number;
  course_run_id: number;
  date: string;
  ends_at: string;
}

interface Place {
  studentId: number;
  /** How likely this person is to come to any one session. */
  reliability: number;
  /** The session number (0-based) after which they stopped coming, or null. */
  driftsAfter: number | null;
  /** On a current run: finishes (so far) with two absences in a row. */
  twoMissed: boolean;
  marks: Mark[];
}

export async function fillRegistersDemo(
  sqlite: SqliteHandle,
  options: { now: Date; markedBy: number; seed?: number; progress?: (fraction: number) => Promise<void> },
): Promise<{ marks: number; sessions: number }> {
  const random = seeded(options.seed ?? 20261201);
  const today = collegeToday(options.now);
  const sessions = sqlite
    .prepare(`SELECT id, course_run_id, date, ends_at FROM sessions WHERE status = 'scheduled' AND date < ? ORDER BY course_run_id, date, start_time, id`)
    .all(today) as HeldSession[];
  const enrolments = sqlite
    .prepare(`SELECT course_run_id AS runId, student_id AS studentId FROM enrolments WHERE status != 'waiting' ORDER BY course_run_id, student_id`)
    .all() as { runId: number; studentId: number }[];
  // Who is on each held session's register: the app's one rule (place-figures.ts expectedSql), run once for them all.
  const held = expectedSql(sql`SELECT id FROM sessions WHERE status = 'scheduled' AND date < ${today}`).compile(sqlCompiler());
  const expected = new Set(
    (sqlite.prepare(held.sql).all(...(held.parameters as unknown[])) as { session_id: number; student_id: number }[]).map((r) => `${r.session_id}:${r.student_id}`),
  );
  const team = sqlite.prepare(`SELECT course_run_id AS runId, facilitator_id AS id, role FROM course_run_facilitators ORDER BY course_run_id, role DESC, facilitator_id`).all() as {
    runId: number;
    id: number;
    role: 'lead' | 'co';
  }[];
  // Runs with a session still to come (today or later) are current: that is where this week's welfare calls come from.
  const current = new Set((sqlite.prepare(`SELECT DISTINCT course_run_id AS id FROM sessions WHERE status = 'scheduled' AND date >= ?`).all(today) as { id: number }[]).map((r) => r.id));

  const placesOf = new Map<number, Place[]>();
  for (const e of enrolments) {
    let list = placesOf.get(e.runId);
    if (!list) placesOf.set(e.runId, (list = []));
    // Most people come to most sessions; a few find it hard, and about one in ten drifts away part-way.
    const reliability = 0.6 + 0.38 * Math.pow(random(), 0.55);
    const drifts = random() < 0.1;
    list.push({ ...e, reliability, driftsAfter: drifts ? 1 + Math.floor(random() * 4) : null, twoMissed: current.has(e.runId) && random() < 0.04, marks: [] });
  }
  const teamOf = new Map<number, { id: number; role: 'lead' | 'co' }[]>();
  for (const f of team) {
    let list = teamOf.get(f.runId);
    if (!list) teamOf.set(f.runId, (list = []));
    list.push(f);
  }
  const sessionsOf = new Map<number, HeldSession[]>();
  for (const s of sessions) {
    let list = sessionsOf.get(s.course_run_id);
    if (!list) sessionsOf.set(s.course_run_id, (list = []));
    list.push(s);
  }

  const insMark = sqlite.prepare(`INSERT INTO attendance (session_id, student_id, mark, note, drop_in, marked_by, marked_at) VALUES (?, ?, ?, ?, 0, ?, ?)`);
  const insDelivery = sqlite.prepare(`INSERT OR IGNORE INTO session_delivery (session_id, facilitator_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?)`);
  let marks = 0;
  const runs = [...sessionsOf.entries()];
  const markRun = (runId: number, list: HeldSession[]) => {
    const places = placesOf.get(runId) ?? [];
    const crew = teamOf.get(runId) ?? [];
    for (const [k, s] of list.entries()) {
      // Registers are typed up after the session, the same evening.
      const at = s.ends_at;
      for (const f of crew) if (f.role === 'lead' || random() < 0.92) insDelivery.run(s.id, f.id, options.markedBy, at);
      const lastTwo = k >= list.length - 2;
      for (const p of places) {
        if (!expected.has(`${s.id}:${p.studentId}`)) continue;
        let mark: Mark;
        if (p.twoMissed && lastTwo && list.length >= 3) mark = 'absent';
        else if (p.driftsAfter !== null && k > p.driftsAfter) mark = random() < 0.85 ? 'absent' : 'apologies';
        else if (random() < p.reliability) mark = random() < 0.07 ? 'late' : 'present';
        else mark = random() < 0.45 ? 'apologies' : 'absent';
        const note =
          mark === 'late' && random() < 0.3 ? LATE_NOTES[Math.floor(random() * LATE_NOTES.length)] : mark === 'apologies' && random() < 0.4 ? APOLOGY_NOTES[Math.floor(random() * APOLOGY_NOTES.length)] : null;
        insMark.run(s.id, p.studentId, mark, note, options.markedBy, at);
        marks++;
      }
    }
  };
  // A few thousand marks per transaction, and a chance for other calls between them.
  let i = 0;
  while (i < runs.length) {
    const from = i;
    let rows = 0;
    sqlite.transaction(() => {
      for (; i < runs.length && rows < 5000; i++) {
        markRun(runs[i][0], runs[i][1]);
        rows += runs[i][1].length * ((placesOf.get(runs[i][0])?.length ?? 0) + 1);
      }
    })();
    if (i === from) break;
    await options.progress?.(i / runs.length);
  }
  return { marks, sessions: sessions.length };
}

/** Kysely as a SQL compiler only (this filler runs on the raw connection, with prepared statements). */
function sqlCompiler(): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

/** The training database's registers stage (after the timetable, before questionnaires). */
export const registersDemoFiller = async (ctx: { sqlite: SqliteHandle; now: Date; scale: number; staff: { admin: number }; progress(f: number): Promise<void> }): Promise<void> => {
  await fillRegistersDemo(ctx.sqlite, { now: ctx.now, markedBy: ctx.staff.admin, seed: 20261201 + ctx.scale, progress: (f) => ctx.progress(f) });
};
