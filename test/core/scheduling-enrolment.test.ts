// Enrolment: capacity, the waiting list's order under withdrawals and capacity changes, a student's courses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core';
import { THURSDAYS_10AM, schedulingFixture, type SchedulingFixture } from '../helpers/scheduling';

let t: TestCore;
let f: SchedulingFixture;
beforeEach(async () => {
  t = await makeTestCore();
  f = await schedulingFixture(t);
});
afterEach(() => t.close());

async function enrolAll(runId: number, names: string[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const n of names) {
    ids[n] = await f.student(n);
    await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: ids[n] });
  }
  return ids;
}

describe('enrolment and the waiting list', () => {
  it('fills places up to capacity, then queues; promotes in order as places free up and says who', async () => {
    const runId = await f.run({ capacity: 2 });
    const ids = await enrolAll(runId, ['Ann', 'Ben', 'Cat', 'Dan', 'Eve']);
    let run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.enrolled.map((e) => e.name)).toEqual(['Ann Student', 'Ben Student']);
    expect(run.waiting.map((e) => [e.name, e.waitingPosition])).toEqual([
      ['Cat Student', 1],
      ['Dan Student', 2],
      ['Eve Student', 3],
    ]);
    expect(run.enrolledCount).toBe(2);
    expect(run.waitingCount).toBe(3);

    // Leaving the waiting list promotes nobody.
    const leave = await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Dan, reason: 'Found work' });
    expect(leave.promoted).toEqual([]);
    expect(leave.enrolment).toMatchObject({ status: 'withdrawn', withdrawReason: 'Found work' });

    const w1 = await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Ben, reason: 'Moved away' });
    expect(w1.promoted).toEqual([{ studentId: ids.Cat, reference: expect.stringMatching(/^RC-/), name: 'Cat Student' }]);
    const w2 = await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Ann, reason: 'Not the right time' });
    expect(w2.promoted.map((p) => p.name)).toEqual(['Eve Student']);
    const w3 = await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Cat, reason: 'Unwell' });
    expect(w3.promoted).toEqual([]);

    run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.enrolled.map((e) => e.name)).toEqual(['Eve Student']);
    expect(run.enrolled[0].promotedAt).not.toBeNull();
    expect(run.waiting).toEqual([]);
    expect(run.withdrawn.map((e) => e.name).sort()).toEqual(['Ann Student', 'Ben Student', 'Cat Student', 'Dan Student']);

    // Someone who withdrew can come back: they join at the back of the queue if the run is full.
    await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: ids.Dan });
    const back = await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: ids.Ann });
    expect(back.status).toBe('waiting');
    expect(back.enrolment.waitingPosition).toBe(1);
    const audit = await t.ok('setup', 'audit.list', { entity: 'enrolment' });
    expect(audit.rows.map((r) => r.action)).toContain('promote');
  });

  it('refuses enrolling twice, withdrawing someone not enrolled, unknown students and runs, and a withdrawal without a reason', async () => {
    const runId = await f.run({ capacity: 1 });
    const ids = await enrolAll(runId, ['Ann', 'Ben']);
    expect((await t.fail(f.admin, 'scheduling.enrol', { runId, studentId: ids.Ann })).message).toBe('Ann Student is already enrolled on this course run.');
    expect((await t.fail(f.admin, 'scheduling.enrol', { runId, studentId: ids.Ben })).message).toBe('Ann Student is already enrolled on this course run.'.replace('Ann', 'Ben').replace('enrolled on', 'on the waiting list for').replace('run.', 'run (place 1).'));
    const other = await f.student('Cy');
    expect((await t.fail(f.admin, 'scheduling.withdraw', { runId, studentId: other, reason: 'x' }))).toMatchObject({ reason: 'enrolment.not-enrolled', message: expect.stringMatching(/not enrolled or waiting/) });
    expect((await t.fail(f.admin, 'scheduling.enrol', { runId, studentId: 9999 })).reason).toBe('record.not-found');
    expect((await t.fail(f.admin, 'scheduling.enrol', { runId: 9999, studentId: other })).reason).toBe('record.not-found');
    const noReason = await t.fail(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Ann, reason: '  ' });
    expect(noReason.fields?.reason).toBe('Please give a reason.');
    expect((await t.ok(f.admin, 'scheduling.getRun', { id: runId })).enrolled).toHaveLength(1);
  });

  it('coordinators can enrol as well as admins; enrolment is audited', async () => {
    const runId = await f.run();
    const s = await f.student('Ann');
    await t.ok(f.coord, 'scheduling.enrol', { runId, studentId: s });
    await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: s, reason: 'Feeling too unwell to travel' });
    const audit = await t.ok('setup', 'audit.list', { entity: 'enrolment' });
    // The fact and the student's reference, never the reason's text (the audit log cannot be erased)
    expect(audit.rows.map((r) => [r.action, r.summary])).toEqual([
      ['withdraw', `Student RC-000001 withdrawn from run ${runId}`],
      ['enrol', `Student RC-000001 on run ${runId}`],
    ]);
  });
});

describe('capacity', () => {
  it('cannot go below the number enrolled, can equal it, and raising it promotes the waiting list in order', async () => {
    const runId = await f.run({ capacity: 3 });
    const ids = await enrolAll(runId, ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay']);
    const base = { id: runId, venueId: f.venueId, roomId: f.roomA };
    const low = await t.fail(f.coord, 'scheduling.updateRun', { ...base, capacity: 2 });
    expect(low.reason).toBe('input.invalid');
    expect(low.fields?.capacity).toBe('3 students are already enrolled, so the capacity cannot be less than 3. Withdraw someone first, or keep the capacity at 3 or more.');
    const same = await t.ok(f.coord, 'scheduling.updateRun', { ...base, capacity: 3 });
    expect(same.promoted).toEqual([]);
    const zero = await t.fail(f.coord, 'scheduling.updateRun', { ...base, capacity: 0 });
    expect(zero.fields?.capacity).toMatch(/at least 1 place/);
    const tooBig = await t.fail(f.coord, 'scheduling.updateRun', { ...base, capacity: 21 });
    expect(tooBig.fields?.capacity).toMatch(/Room A holds 20 people/);
    const raised = await t.ok(f.coord, 'scheduling.updateRun', { ...base, capacity: 5 });
    expect(raised.promoted.map((p) => p.studentId)).toEqual([ids.Dan, ids.Eve]);
    expect(raised.run.enrolledCount).toBe(5);
    expect(raised.run.waiting.map((w) => [w.studentId, w.waitingPosition])).toEqual([[ids.Fay, 1]]);
    // Raising capacity by more than the queue promotes everyone and leaves places free.
    const more = await t.ok(f.coord, 'scheduling.updateRun', { ...base, capacity: 10 });
    expect(more.promoted.map((p) => p.studentId)).toEqual([ids.Fay]);
    const next = await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: await f.student('Gus') });
    expect(next.status).toBe('enrolled');
  });

  it('a run with capacity 1 takes exactly one student', async () => {
    const runId = await f.run({ capacity: 1 });
    const ids = await enrolAll(runId, ['Ann', 'Ben']);
    const run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.enrolled.map((e) => e.studentId)).toEqual([ids.Ann]);
    expect(run.waiting.map((e) => e.studentId)).toEqual([ids.Ben]);
  });
});

describe('a student’s courses', () => {
  it('lists past and present courses with their status', async () => {
    const a = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: a, pattern: THURSDAYS_10AM });
    const b = await f.run({ title: 'Sleep Well', termId: f.summer, capacity: 1 });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: b, pattern: { weekday: 2, startTime: '10:00', lengthMinutes: 60, count: 3, firstDate: '2027-05-04' } });
    const jo = await f.student('Jo');
    const other = await f.student('Al');
    await t.ok(f.admin, 'scheduling.enrol', { runId: b, studentId: other });
    await t.ok(f.admin, 'scheduling.enrol', { runId: a, studentId: jo });
    await t.ok(f.admin, 'scheduling.enrol', { runId: b, studentId: jo });
    const courses = await t.ok(f.admin, 'scheduling.studentCourses', { studentId: jo });
    expect(courses.map((c) => [c.courseTitle, c.termName, c.status, c.firstDate, c.when])).toEqual([
      ['Understanding Anxiety', 'Autumn 2027', 'enrolled', '2027-10-07', 'future'],
      ['Sleep Well', 'Summer 2027', 'waiting', '2027-05-04', 'future'],
    ]);
  });
});
