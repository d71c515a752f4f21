// The rule: completion per place, from one definition (registers/place-figures.ts) that the register screens and the
// contract return both read. Withdrawn is never completed; a one-off drop-in is an attendance, not a course place; a
// late joiner from the waiting list is measured from the session they joined; sessions during an agreed break count
// neither for nor against; a run cancelled part-way keeps the sessions it held. Both views are compared on one dataset.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mark, RunAttendance } from '../../src-main/contract/registers';
import type { ReturnDetail } from '../../src-main/contract/returns';
import { DEFINITIONS } from '../../src-main/core/returns/definitions';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { Timetable, type RunFixture } from '../helpers/timetable';

const D = ['2026-02-04', '2026-02-11', '2026-02-18', '2026-02-25']; // Wednesdays, sessions 10:00–12:00 London (GMT)
const MANAGER = 'setup';

let t: TestCore;
let tt: Timetable;
let clock: Date;
let admin: string;
let coord: string;

beforeEach(async () => {
  clock = new Date('2026-02-01T09:00:00Z');
  t = await makeTestCore({ now: () => clock });
  admin = await t.signInAs('admin');
  coord = await t.signInAs('coordinator');
  tt = new Timetable(t.core.database.db);
});
afterEach(() => t.close());

/** Moves the college's clock, unlocking the sessions the idle lock would otherwise close. */
async function at(iso: string): Promise<void> {
  clock = new Date(iso);
  for (const s of [admin, coord]) await t.core.call(s, 'auth.unlock', { password: `${TEST_PASSWORD} 2` });
  await t.core.call(MANAGER, 'auth.unlock', { password: TEST_PASSWORD });
}

async function mark(run: Pick<RunFixture, 'sessionIds'>, studentId: number, marks: (Mark | null)[]): Promise<void> {
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m) await t.core.database.db.insertInto('attendance').values({ session_id: run.sessionIds[i], student_id: studentId, mark: m, marked_by: 1, marked_at: clock.toISOString() }).execute();
  }
}

const figure = (r: ReturnDetail, key: string) => {
  const row = r.tables.flatMap((tb) => tb.rows).find((x) => x.definition === key);
  const cell = row?.cells[1];
  return cell && typeof cell === 'object' ? cell.value : cell;
};

/**
 * Run A: four sessions, all held. Steady completes; Leaver withdraws after two (both attended); Waiter comes off the
 * waiting list in Leaver's place after the second session; Rester takes an agreed break over the third; Visitor drops in
 * once, at the last. Run B, in January: one completes, one does not.
 */
async function dataset() {
  const a = await tt.run({ title: 'Understanding Anxiety', dates: D });
  await t.core.database.db.updateTable('course_runs').set({ capacity: 4 }).where('id', '=', a.courseRunId).execute();
  const steady = await tt.student({ firstName: 'Sam', surname: 'Steady' });
  const leaver = await tt.student({ firstName: 'Lee', surname: 'Leaver' });
  const rester = await tt.student({ firstName: 'Ray', surname: 'Rester' });
  const waiter = await tt.student({ firstName: 'Wyn', surname: 'Waiter' });
  const visitor = await tt.student({ firstName: 'Vic', surname: 'Visitor' });
  const partial = await tt.student({ firstName: 'Pat', surname: 'Partial' });
  for (const s of [steady, leaver, rester]) await tt.enrol(a.courseRunId, s, { enrolledOn: '2026-01-20' });
  await tt.enrol(a.courseRunId, waiter, { status: 'waiting' });

  await at('2026-02-11T13:00:00Z'); // after the second session
  await mark(a, steady, ['present', 'present']);
  await mark(a, leaver, ['present', 'present']);
  await mark(a, rester, ['present', 'absent']);
  const w = await t.ok(admin, 'scheduling.withdraw', { runId: a.courseRunId, studentId: leaver, reason: 'Moving to Leeds', reasonCode: 'moved_away' });
  expect(w.promoted.map((p) => p.studentId)).toEqual([waiter]);

  await at('2026-02-12T09:00:00Z');
  await t.ok(admin, 'scheduling.startBreak', { runId: a.courseRunId, studentId: rester, reason: 'Hospital stay, agreed with the tutor' });
  await at('2026-02-18T13:00:00Z');
  await mark(a, steady, [null, null, 'absent']);
  await mark(a, waiter, [null, null, 'present']);
  await at('2026-02-20T09:00:00Z');
  await t.ok(admin, 'scheduling.resumeFromBreak', { runId: a.courseRunId, studentId: rester });

  await at('2026-02-25T13:00:00Z');
  await mark(a, steady, [null, null, null, 'late']);
  await mark(a, waiter, [null, null, null, 'present']);
  await mark(a, rester, [null, null, null, 'present']);
  const drop = await t.ok(admin, 'registers.dropIn', { sessionId: a.sessionIds[3], studentId: visitor });
  expect(drop.enrolled).toBe(true);

  const b = await tt.run({ title: 'Living Well', dates: ['2026-01-07', '2026-01-14', '2026-01-21', '2026-01-28'] });
  for (const s of [steady, partial]) await tt.enrol(b.courseRunId, s, { enrolledOn: '2026-01-01' });
  await mark(b, steady, ['present', 'present', 'present', 'absent']);
  await mark(b, partial, ['present', 'absent', 'absent', 'absent']);
  return { a, b, steady, leaver, rester, waiter, visitor, partial };
}

describe('completion per place', () => {
  it('never completes a withdrawn place, measures a late joiner from the session they joined, and leaves a break out', async () => {
    const { a, leaver, waiter, rester, visitor, steady } = await dataset();
    await at('2026-03-01T12:00:00Z');
    const r = await t.ok(admin, 'registers.runAttendance', { courseRunId: a.courseRunId });
    const by = Object.fromEntries(r.students.map((s) => [s.studentId, s]));
    expect(by[steady]).toMatchObject({ held: 4, attended: 3, completed: true, placeStatus: 'completed' });
    // Withdrawn is withdrawn, never completed, even after attending every session while they had the place.
    expect(by[leaver]).toMatchObject({ held: 2, attended: 2, ratePercent: 100, completed: false, placeStatus: 'withdrawn' });
    // Promoted at 13:00 on 11 Feb, after that day's session: measured from 18 Feb, the session they joined.
    expect(by[waiter]).toMatchObject({ held: 2, attended: 2, completed: true, placeStatus: 'completed' });
    // 18 Feb fell in the agreed break: 2 of 3 (present, absent, present) = 66.7 % ≥ 66 %.
    expect(by[rester]).toMatchObject({ held: 3, attended: 2, completed: true, placeStatus: 'completed' });
    // A one-off drop-in at the last session is an attendance, not a completed course place.
    expect(by[visitor]).toMatchObject({ held: 1, attended: 1, completed: false, placeStatus: 'drop_in' });
    expect(r.completers).toBe(3);
    const withdrawn = await t.ok(admin, 'scheduling.getRun', { id: a.courseRunId });
    expect(withdrawn.withdrawn[0]).toMatchObject({ studentId: leaver, withdrawReason: 'Moving to Leeds', withdrawReasonCode: 'moved_away' });
    expect(withdrawn.enrolled.find((e) => e.studentId === visitor)?.joinedBy).toBe('drop_in');
  });

  it('shows an agreed break while it is in force, and refuses a second one', async () => {
    const run = await tt.run({ dates: D });
    const s = await tt.student();
    await tt.enrol(run.courseRunId, s, { enrolledOn: '2026-01-20' });
    await at('2026-02-12T09:00:00Z');
    const row = await t.ok(admin, 'scheduling.startBreak', { runId: run.courseRunId, studentId: s, reason: 'Agreed with the student' });
    expect(row.onBreakSince).toBe('2026-02-12');
    expect((await t.fail(admin, 'scheduling.startBreak', { runId: run.courseRunId, studentId: s, reason: 'Again' }))).toMatchObject({ reason: 'enrolment.on-break', message: expect.stringMatching(/already on an agreed break/) });
    const mine = await t.ok(admin, 'registers.studentAttendance', { studentId: s });
    expect(mine.runs[0].placeStatus).toBe('break');
    const courses = await t.ok(admin, 'scheduling.studentCourses', { studentId: s });
    expect(courses[0].onBreakSince).toBe('2026-02-12');
    const back = await t.ok(admin, 'scheduling.resumeFromBreak', { runId: run.courseRunId, studentId: s });
    expect(back.onBreakSince).toBeNull();
    expect((await t.ok(admin, 'registers.studentAttendance', { studentId: s })).runs[0].placeStatus).toBe('continuing');
  });

  it('keeps the sessions a run held before it was cancelled part-way, on the register and in the return alike', async () => {
    const run = await tt.run({ dates: D });
    const s = await tt.student();
    await tt.enrol(run.courseRunId, s, { enrolledOn: '2026-01-20' });
    await at('2026-02-12T09:00:00Z');
    await mark(run, s, ['present', 'absent']);
    await t.ok(coord, 'scheduling.cancelRun', { id: run.courseRunId, reason: 'The venue closed' });
    await at('2026-03-01T12:00:00Z');
    const r = await t.ok(admin, 'registers.runAttendance', { courseRunId: run.courseRunId });
    expect(r.heldSessions).toBe(2);
    expect(r.sessions.map((x) => [x.date, x.cancelled, x.held])).toEqual([
      ['2026-02-04', false, true],
      ['2026-02-11', false, true],
      ['2026-02-18', true, false],
      ['2026-02-25', true, false],
    ]);
    expect(r.students[0]).toMatchObject({ held: 2, attended: 1, placeStatus: 'not_completed' });
    // The register of a held session of a cancelled run can still be corrected.
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[1], studentId: s, mark: 'late' });
    expect((await t.ok(admin, 'registers.runAttendance', { courseRunId: run.courseRunId })).students[0]).toMatchObject({ attended: 2, placeStatus: 'completed' });
  });
});

describe('the register screens and the contract return agree', () => {
  it('gives the same places, completions, held sessions and attendances from both, with a run cancelled mid-term', async () => {
    const { a, b } = await dataset();
    await at('2026-02-12T09:00:00Z');
    // Run C is cancelled part-way, after two of its four sessions.
    const c = await tt.run({ title: 'Cancelled mid-term', dates: D });
    const s = await tt.student({ firstName: 'Cal', surname: 'Cancelled' });
    await tt.enrol(c.courseRunId, s, { enrolledOn: '2026-01-20' });
    await mark(c, s, ['present', 'present']);
    await t.ok(coord, 'scheduling.cancelRun', { id: c.courseRunId, reason: 'Facilitator left' });
    await at('2026-03-01T12:00:00Z');

    const views: RunAttendance[] = [];
    for (const run of [a, b, c]) views.push(await t.ok(admin, 'registers.runAttendance', { courseRunId: run.courseRunId }));
    const ret = await t.ok(MANAGER, 'returns.produce', { period: { kind: 'custom', start: '2026-01-01', end: '2026-02-28' } });

    const base = ['completed', 'not_completed', 'withdrawn'];
    const places = views.flatMap((v) => v.students).filter((st) => base.includes(st.placeStatus));
    expect(figure(ret, 'completionPlaces')).toBe(places.length);
    expect(figure(ret, 'completionCompleted')).toBe(views.reduce((n, v) => n + v.completers, 0));
    expect(figure(ret, 'sessionsDelivered')).toBe(views.reduce((n, v) => n + v.heldSessions, 0));
    expect(figure(ret, 'attendances')).toBe(views.flatMap((v) => v.students).reduce((n, st) => n + st.attended, 0));
    // The figures themselves: A 4 places (the drop-in is not one), 3 completed; B 2 places, 1 completed; C 1 of 1;
    // sessions held: 4 + 4 + 2.
    expect([figure(ret, 'completionPlaces'), figure(ret, 'completionCompleted'), figure(ret, 'sessionsDelivered')]).toEqual([7, 5, 10]);
  });

  it('states the completion rule on the Definitions sheet as implemented', () => {
    expect(DEFINITIONS.completionPlaces.description).toMatch(/withdrawn/);
    expect(DEFINITIONS.completionPlaces.description).toMatch(/agreed break/);
    expect(DEFINITIONS.completionPlaces.description).toMatch(/drop-in/);
    expect(DEFINITIONS.completionCompleted.description).toMatch(/never completed/);
    expect(DEFINITIONS.completionCompleted.description).toMatch(/waiting list/);
    expect(DEFINITIONS.sessionsDelivered.description).toMatch(/cancelled part-way/);
  });
});
