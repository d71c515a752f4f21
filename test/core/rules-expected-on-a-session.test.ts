// The rule: who is expected at a session has one definition (registers/place-figures.ts `expectedSql`), read by the
// register, Today, marking, the welfare follow-up list and the attendance figures alike: from the day a student joined
// (a late joiner from the waiting list from the session they joined), to the day they withdrew, and not during an
// agreed break. Where the register's counts and the run's figures meet, they are compared.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mark } from '../../src-main/contract/registers';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { Timetable } from '../helpers/timetable';

const D = ['2026-02-04', '2026-02-11', '2026-02-18', '2026-02-25']; // Wednesdays, sessions 10:00–12:00 London (GMT)
const MANAGER = 'setup';

let t: TestCore;
let tt: Timetable;
let clock: Date;
let admin: string;

beforeEach(async () => {
  clock = new Date('2026-02-01T09:00:00Z');
  t = await makeTestCore({ now: () => clock });
  admin = await t.signInAs('admin');
  tt = new Timetable(t.core.database.db);
});
afterEach(() => t.close());

/** Moves the college's clock, unlocking the sessions the idle lock would otherwise close. */
async function at(iso: string): Promise<void> {
  clock = new Date(iso);
  await t.core.call(admin, 'auth.unlock', { password: `${TEST_PASSWORD} 2` });
  await t.core.call(MANAGER, 'auth.unlock', { password: TEST_PASSWORD });
}

/** A mark already in the database (made before the rule was fixed, or imported): the rule must not trust it blindly. */
async function storedMark(sessionId: number, studentId: number, mark: Mark): Promise<void> {
  await t.core.database.db.insertInto('attendance').values({ session_id: sessionId, student_id: studentId, mark, marked_by: 1, marked_at: clock.toISOString() }).execute();
}

const onRegister = async (sessionId: number) => (await t.ok(admin, 'registers.get', { sessionId })).rows.filter((r) => r.expected).map((r) => r.studentId);
const followUps = async () => (await t.ok(admin, 'registers.followUps', {})).map((f) => f.studentId);

/** The register's count of who was expected at each session equals the run figures' (the two views of one rule). */
async function registersAgreeWithFigures(runId: number, sessionIds: number[]): Promise<void> {
  const figures = await t.ok(admin, 'registers.runAttendance', { courseRunId: runId });
  for (const sessionId of sessionIds) {
    const register = await t.ok(admin, 'registers.get', { sessionId });
    expect(figures.sessions.find((s) => s.sessionId === sessionId)?.expected, `session ${sessionId}`).toBe(register.counts.expected);
  }
}

describe('who is expected at a session', () => {
  it('leaves a student on an agreed break off the register, Today’s counts and the follow-up list for the break', async () => {
    const run = await tt.run({ dates: D });
    const ray = await tt.student({ firstName: 'Ray', surname: 'Rester' });
    const sam = await tt.student({ firstName: 'Sam', surname: 'Steady' });
    for (const s of [ray, sam]) await tt.enrol(run.courseRunId, s, { enrolledOn: '2026-01-20' });

    await at('2026-02-04T13:00:00Z');
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[0], studentId: ray, mark: 'present' });
    await at('2026-02-05T09:00:00Z');
    await t.ok(admin, 'scheduling.startBreak', { runId: run.courseRunId, studentId: ray, reason: 'Hospital stay, agreed with the tutor' });

    await at('2026-02-11T10:30:00Z');
    expect(await onRegister(run.sessionIds[1])).toEqual([sam]);
    const refused = await t.fail(admin, 'registers.mark', { sessionId: run.sessionIds[1], studentId: ray, mark: 'absent' });
    expect(refused).toMatchObject({ reason: 'register.not-on-register', message: expect.stringMatching(/Ray Rester is not on this session’s register/) });
    const today = await t.ok(admin, 'registers.today', {});
    expect(today.sessions.find((s) => s.sessionId === run.sessionIds[1])).toMatchObject({ expected: 1, missing: 1 });
    await t.ok(admin, 'registers.markRestPresent', { sessionId: run.sessionIds[1] });
    expect((await t.ok(admin, 'registers.get', { sessionId: run.sessionIds[1] })).rows.map((r) => r.studentId)).toEqual([sam]);

    // Absences recorded against him during the break (before this rule was one) never put him on the follow-up list.
    await storedMark(run.sessionIds[1], ray, 'absent');
    await at('2026-02-18T13:00:00Z');
    await storedMark(run.sessionIds[2], ray, 'absent');
    expect(await followUps()).not.toContain(ray);
    await registersAgreeWithFigures(run.courseRunId, run.sessionIds.slice(0, 3));

    // Back from the break: expected again, and two misses after it are a welfare concern as usual.
    await at('2026-02-19T09:00:00Z');
    await t.ok(admin, 'scheduling.resumeFromBreak', { runId: run.courseRunId, studentId: ray });
    await at('2026-02-25T13:00:00Z');
    expect(await onRegister(run.sessionIds[3])).toEqual([ray, sam]);
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[3], studentId: ray, mark: 'absent' });
    expect(await followUps()).not.toContain(ray); // the misses during the break do not join up with this one
  });

  it('does not expect a late joiner from the waiting list before the session they joined', async () => {
    const run = await tt.run({ dates: D });
    await t.core.database.db.updateTable('course_runs').set({ capacity: 1 }).where('id', '=', run.courseRunId).execute();
    const leaver = await tt.student({ firstName: 'Lee', surname: 'Leaver' });
    const waiter = await tt.student({ firstName: 'Wyn', surname: 'Waiter' });
    await tt.enrol(run.courseRunId, leaver, { enrolledOn: '2026-01-20' });
    await tt.enrol(run.courseRunId, waiter, { status: 'waiting' });

    // Lee withdraws at 13:00 on 11 Feb, after that day's session; Wyn takes the place from the next one, 18 Feb.
    await at('2026-02-11T13:00:00Z');
    const w = await t.ok(admin, 'scheduling.withdraw', { runId: run.courseRunId, studentId: leaver, reason: 'Moving away', reasonCode: 'moved_away' });
    expect(w.promoted.map((p) => p.studentId)).toEqual([waiter]);
    expect(await onRegister(run.sessionIds[1])).toEqual([leaver]);
    const refused = await t.fail(admin, 'registers.mark', { sessionId: run.sessionIds[1], studentId: waiter, mark: 'absent' });
    expect(refused.reason).toBe('register.not-on-register');
    const day = await t.ok(admin, 'registers.day', { date: '2026-02-11' });
    expect(day.find((s) => s.sessionId === run.sessionIds[1])?.expected).toBe(1);

    await at('2026-02-18T13:00:00Z');
    expect(await onRegister(run.sessionIds[2])).toEqual([waiter]);
    await storedMark(run.sessionIds[1], waiter, 'absent'); // a mark for a session before they joined
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[2], studentId: waiter, mark: 'absent' });
    // One miss since joining, not two in a row.
    expect(await followUps()).not.toContain(waiter);
    await registersAgreeWithFigures(run.courseRunId, run.sessionIds.slice(0, 3));
  });
});
