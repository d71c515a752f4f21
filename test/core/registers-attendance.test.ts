// The welfare follow-up rule (attendance.ts) and attendance figures through the API (their one definition, in SQL, is
// place-figures.ts; its own cases are in rules-completion.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mark } from '../../src-main/contract/registers';
import { missedInARow, type CollegeNow, type StudentSession } from '../../src-main/core/registers/attendance';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { Timetable } from '../helpers/timetable';

const NOW: CollegeNow = { today: '2026-03-11', time: '14:00' };
const week = (n: number) => `2026-${n < 4 ? '02' : '03'}-${String(n < 4 ? 4 + 7 * n : 7 * (n - 4) + 4).padStart(2, '0')}`;
// Sessions on Wednesdays 4 Feb … 25 Mar (8 weeks): 0–5 before today, 5 = 11 March today, 6–7 in the future.
const SESSIONS: StudentSession[] = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, date: week(i), startTime: '10:00', cancelled: false, held: week(i) <= NOW.today }));
const marks = (...m: (Mark | null)[]) => new Map(m.flatMap((x, i) => (x ? [[i + 1, x] as [number, Mark]] : [])));

describe('attendance definitions', () => {
  it('uses the sessions dates the helper expects', () => {
    expect(SESSIONS.map((s) => s.date)).toEqual(['2026-02-04', '2026-02-11', '2026-02-18', '2026-02-25', '2026-03-04', '2026-03-11', '2026-03-18', '2026-03-25']);
  });

  // Who is on a session's register is one SQL rule (place-figures.ts `expectedSql`); its cases, late enrolments,
  // withdrawals, late joiners and agreed breaks, are in registers.test.ts and rules-expected-on-a-session.test.ts.

  describe('two held sessions missed in a row', () => {
    it('flags two absences in a row', () => {
      expect(missedInARow(SESSIONS, marks('present', 'present', 'present', 'present', 'absent', 'absent'))).toEqual(['2026-03-04', '2026-03-11']);
    });
    it('does not count apologies: an apology ends a run of misses', () => {
      expect(missedInARow(SESSIONS, marks('present', 'present', 'present', 'absent', 'apologies', 'absent'))).toEqual([]);
      expect(missedInARow(SESSIONS, marks('present', 'present', 'present', 'present', 'apologies', 'apologies'))).toEqual([]);
    });
    it('clears once the student comes back', () => {
      expect(missedInARow(SESSIONS, marks('absent', 'absent', 'present'))).toEqual([]);
      expect(missedInARow(SESSIONS, marks('absent', 'absent', 'late'))).toEqual([]);
    });
    it('looks through cancelled sessions and sessions without a mark', () => {
      const sessions = SESSIONS.map((s) => (s.id === 5 ? { ...s, cancelled: true, held: false } : s));
      expect(missedInARow(sessions, marks('present', 'present', 'present', 'absent', 'present', 'absent'))).toEqual(['2026-02-25', '2026-03-11']);
      expect(missedInARow(SESSIONS, marks('present', 'absent', null, 'absent'))).toEqual(['2026-02-11', '2026-02-25']);
    });
    it('ignores a single absence', () => {
      expect(missedInARow(SESSIONS, marks('present', 'absent'))).toEqual([]);
    });
  });
});

describe('attendance through the API', () => {
  let t: TestCore;
  let admin: string;
  let tt: Timetable;
  let clock: Date;
  const DATES = ['2026-02-18', '2026-02-25', '2026-03-04', '2026-03-11', '2026-03-18'];

  beforeEach(async () => {
    clock = new Date('2026-03-11T14:00:00Z');
    t = await makeTestCore({ now: () => clock });
    admin = await t.signInAs('admin');
    tt = new Timetable(t.core.database.db);
  });
  afterEach(() => t.close());

  async function markAll(sessionIds: number[], studentId: number, list: (Mark | null)[]) {
    for (let i = 0; i < list.length; i++) {
      const m = list[i];
      if (m) await t.ok(admin, 'registers.mark', { sessionId: sessionIds[i], studentId, mark: m });
    }
  }

  it('gives run and student figures with cancelled sessions, late enrolments and withdrawals, using the completion setting', async () => {
    const run = await tt.fullRun({ dates: DATES, students: 1, names: [['Always', 'Here']] });
    const [steady] = run.studentIds;
    const lateJoiner = await tt.student({ firstName: 'Late', surname: 'Joiner' });
    await tt.enrol(run.courseRunId, lateJoiner, { enrolledOn: '2026-03-01' });
    const leaver = await tt.student({ firstName: 'Early', surname: 'Leaver' });
    await tt.enrol(run.courseRunId, leaver, { status: 'withdrawn', withdrawnOn: '2026-02-25' });
    await tt.cancelSession(run.sessionIds[1]); // 25 Feb

    await markAll(run.sessionIds, steady, ['present', null, 'absent', 'late']);
    await markAll(run.sessionIds, lateJoiner, [null, null, 'present', 'absent']);
    await markAll(run.sessionIds, leaver, ['present']);

    const r = await t.ok(admin, 'registers.runAttendance', { courseRunId: run.courseRunId });
    expect(r.heldSessions).toBe(3); // 18 Feb, 4 Mar, 11 Mar (25 Feb cancelled, 18 Mar future)
    const by = Object.fromEntries(r.students.map((s) => [s.surname, s]));
    expect(by.Here).toMatchObject({ held: 3, attended: 2, ratePercent: 67, completed: true });
    expect(by.Joiner).toMatchObject({ held: 2, attended: 1, ratePercent: 50, completed: false });
    // Withdrawn is never completed, whatever the attendance before leaving.
    expect(by.Leaver).toMatchObject({ held: 1, attended: 1, ratePercent: 100, completed: false, placeStatus: 'withdrawn' });
    expect(by.Here.placeStatus).toBe('continuing');
    expect(r.completers).toBe(1);
    expect(r.sessions.map((s) => [s.date, s.cancelled, s.held, s.attended])).toEqual([
      ['2026-02-18', false, true, 2],
      ['2026-02-25', true, false, 0],
      ['2026-03-04', false, true, 1],
      ['2026-03-11', false, true, 1],
      ['2026-03-18', false, false, 0],
    ]);

    const manager = 'setup';
    await t.ok(manager, 'settings.update', { completionThresholdPercent: 70 });
    const again = await t.ok(admin, 'registers.runAttendance', { courseRunId: run.courseRunId });
    expect(again.students.find((s) => s.surname === 'Here')?.completed).toBe(false);

    const mine = await t.ok(admin, 'registers.studentAttendance', { studentId: lateJoiner });
    expect(mine.runs).toEqual([expect.objectContaining({ courseRunId: run.courseRunId, held: 2, attended: 1, ratePercent: 50, completed: false })]);
  });

  it('lists students who missed two held sessions in a row (not apologies), with contacts recorded kindly', async () => {
    const run = await tt.fullRun({
      dates: DATES,
      students: 4,
      names: [
        ['Miss', 'Twice'],
        ['Said', 'Sorry'],
        ['Came', 'Back'],
        ['Once', 'Only'],
      ],
    });
    await t.core.database.db.updateTable('students').set({ phone: '07700 900123' }).where('id', '=', run.studentIds[0]).execute();
    const [twice, sorry, back, once] = run.studentIds;
    await markAll(run.sessionIds, twice, ['present', 'present', 'absent', 'absent']);
    await markAll(run.sessionIds, sorry, ['present', 'absent', 'apologies', 'absent']);
    await markAll(run.sessionIds, back, ['absent', 'absent', 'present', 'present']);
    await markAll(run.sessionIds, once, ['present', 'present', 'present', 'absent']);

    let list = await t.ok(admin, 'registers.followUps', {});
    expect(list.map((e) => e.surname)).toEqual(['Twice']);
    expect(list[0]).toMatchObject({
      missedDates: ['2026-03-04', '2026-03-11'],
      lastMissedOn: '2026-03-11',
      phone: '07700 900123',
      courseTitle: 'Understanding Anxiety',
      contactedSinceLastMiss: false,
      contacts: [],
    });

    const future = await t.fail(admin, 'registers.recordFollowUp', { studentId: twice, courseRunId: run.courseRunId, contactedOn: '2026-03-12', outcome: 'Rang' });
    expect(future.fields?.contactedOn).toMatch(/today’s date or an earlier one/);
    const empty = await t.fail(admin, 'registers.recordFollowUp', { studentId: twice, courseRunId: run.courseRunId, contactedOn: '2026-03-11', outcome: ' ' });
    expect(empty.fields?.outcome).toMatch(/how the contact went/);
    const c = await t.ok(admin, 'registers.recordFollowUp', {
      studentId: twice,
      courseRunId: run.courseRunId,
      contactedOn: '2026-03-11',
      outcome: 'Rang; feeling low this week, hopes to come next time.',
    });
    expect(c.contactedBy).toMatch(/Test admin/);
    list = await t.ok(admin, 'registers.followUps', { courseRunId: run.courseRunId });
    expect(list[0]).toMatchObject({ contactedSinceLastMiss: true, contacts: [expect.objectContaining({ outcome: expect.stringMatching(/hopes to come/) })] });
    const audit = await t.core.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'follow-up-contact').executeTakeFirstOrThrow();
    expect(audit.summary).not.toMatch(/feeling low/);

    // A withdrawn student is no longer on the list.
    await t.core.database.db.updateTable('enrolments').set({ status: 'withdrawn', withdrawn_on: '2026-03-11' }).where('student_id', '=', twice).execute();
    expect(await t.ok(admin, 'registers.followUps', {})).toEqual([]);
  });

  it('pages the follow-up list sorted by name either way, and narrows it to people not contacted yet or a search', async () => {
    const surnames = ['Kent', 'Abel', 'Usher', 'Dale', 'Reyes', 'Bond', 'Zane', 'Lowe', 'Grey', 'Ives', 'Moss'];
    const run = await tt.fullRun({ dates: DATES, students: surnames.length, names: surnames.map((n) => ['Pat', n] as [string, string]) });
    for (const id of run.studentIds) await markAll(run.sessionIds, id, ['present', 'present', 'absent', 'absent']);
    await t.ok(admin, 'registers.recordFollowUp', { studentId: run.studentIds[1], courseRunId: run.courseRunId, contactedOn: '2026-03-11', outcome: 'Rang.' });

    const p1 = await t.ok(admin, 'registers.followUpsPage', { sort: 'name', direction: 'asc', pageSize: 10 });
    const p2 = await t.ok(admin, 'registers.followUpsPage', { sort: 'name', direction: 'asc', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((e) => e.surname)).toEqual([...surnames].sort());
    const za = await t.ok(admin, 'registers.followUpsPage', { sort: 'name', direction: 'desc', pageSize: 25 });
    expect(za.rows.map((e) => e.surname)).toEqual([...surnames].sort().reverse());
    const waiting = await t.ok(admin, 'registers.followUpsPage', { notContactedOnly: true, pageSize: 25 });
    expect(waiting.total).toBe(10);
    expect(waiting.rows.map((e) => e.surname)).not.toContain('Abel');
    expect((await t.ok(admin, 'registers.followUpsPage', { query: 'moss' })).rows.map((e) => e.surname)).toEqual(['Moss']);
  });

  it('does not let cancelled sessions count as misses, and clears once they come back', async () => {
    const run = await tt.fullRun({ dates: DATES, students: 1 });
    const [s] = run.studentIds;
    await tt.cancelSession(run.sessionIds[2]);
    await markAll(run.sessionIds, s, ['present', 'absent']);
    expect(await t.ok(admin, 'registers.followUps', {})).toEqual([]);
    clock = new Date('2026-03-18T15:00:00Z');
    await t.ok(admin, 'auth.unlock', { password: `${TEST_PASSWORD} 2` });
    // 25 Feb absent, 4 Mar cancelled, 11 Mar absent: two held sessions missed in a row.
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[3], studentId: s, mark: 'absent' });
    const list = await t.ok(admin, 'registers.followUps', {});
    expect(list.map((e) => e.missedDates)).toEqual([['2026-02-25', '2026-03-11']]);
    await t.ok(admin, 'registers.mark', { sessionId: run.sessionIds[4], studentId: s, mark: 'present' });
    expect(await t.ok(admin, 'registers.followUps', {})).toEqual([]);
  });
});
