// Session generation (bank holidays, closures, the October clock change), single-session changes and bad input.
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

async function sessionCount(): Promise<number> {
  const r = await t.core.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('generating sessions from a weekly pattern', () => {
  it('skips an England and Wales bank holiday and says so', async () => {
    const runId = await f.run({ termId: f.summer });
    // Mondays from 19 Apr 2027: 3 May 2027 is the Early May bank holiday.
    const r = await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '13:30', lengthMinutes: 90, count: 4, firstDate: '2027-04-19' } });
    expect(r.sessions.map((s) => s.date)).toEqual(['2027-04-19', '2027-04-26', '2027-05-10', '2027-05-17']);
    expect(r.skipped).toEqual([{ date: '2027-05-03', reason: 'Bank holiday: Early May bank holiday' }]);
    expect(r.sessions[0]).toMatchObject({ startTime: '13:30', endTime: '15:00' });
    const run = await t.ok(f.coord, 'scheduling.getRun', { id: runId });
    expect(run.sessions).toHaveLength(4);
    expect(run.firstDate).toBe('2027-04-19');
  });

  it('honours a coordinator’s edits to the bank holidays', async () => {
    await t.ok(f.coord, 'scheduling.removeBankHoliday', { date: '2027-05-03' });
    await t.ok(f.coord, 'scheduling.addBankHoliday', { date: '2027-04-26', name: 'Extra royal holiday' });
    const runId = await f.run({ termId: f.summer });
    const r = await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '13:30', lengthMinutes: 90, count: 3, firstDate: '2027-04-19' } });
    expect(r.sessions.map((s) => s.date)).toEqual(['2027-04-19', '2027-05-03', '2027-05-10']);
    expect(r.skipped).toEqual([{ date: '2027-04-26', reason: 'Bank holiday: Extra royal holiday' }]);
  });

  it('skips a closure week and keeps 10:00 local on both sides of the October clock change', async () => {
    await t.ok(f.coord, 'scheduling.addClosure', { termId: f.autumn, startsOn: '2027-10-25', endsOn: '2027-10-29', description: 'Half-term' });
    const runId = await f.run();
    const r = await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    expect(r.skipped).toEqual([{ date: '2027-10-28', reason: 'Closed: Half-term' }]);
    const run = await t.ok(f.coord, 'scheduling.getRun', { id: runId });
    expect(run.sessions.map((s) => [s.date, s.startTime, s.endTime, s.startsAt, s.endsAt])).toEqual([
      ['2027-10-07', '10:00', '12:00', '2027-10-07T09:00:00.000Z', '2027-10-07T11:00:00.000Z'],
      ['2027-10-14', '10:00', '12:00', '2027-10-14T09:00:00.000Z', '2027-10-14T11:00:00.000Z'],
      ['2027-10-21', '10:00', '12:00', '2027-10-21T09:00:00.000Z', '2027-10-21T11:00:00.000Z'],
      // Clocks went back on Sunday 31 October: still 10:00 on the wall, now 10:00 UTC.
      ['2027-11-04', '10:00', '12:00', '2027-11-04T10:00:00.000Z', '2027-11-04T12:00:00.000Z'],
      ['2027-11-11', '10:00', '12:00', '2027-11-11T10:00:00.000Z', '2027-11-11T12:00:00.000Z'],
      ['2027-11-18', '10:00', '12:00', '2027-11-18T10:00:00.000Z', '2027-11-18T12:00:00.000Z'],
    ]);
  });

  it('skips a college-wide closure too, and starts on the first chosen weekday on or after the first date', async () => {
    await t.ok(f.coord, 'scheduling.addClosure', { termId: null, startsOn: '2027-12-13', endsOn: '2028-01-03', description: 'Christmas' });
    const runId = await f.run();
    // 1 Dec 2027 is a Wednesday: the first Thursday is 2 Dec.
    const r = await t.ok(f.coord, 'scheduling.generateSessions', {
      runId,
      pattern: { weekday: 4, startTime: '10:00', lengthMinutes: 60, count: 2, firstDate: '2027-12-01' },
    });
    expect(r.sessions.map((s) => s.date)).toEqual(['2027-12-02', '2027-12-09']);
    const more = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 4, startTime: '14:00', lengthMinutes: 60, count: 3, firstDate: '2027-12-01' } });
    expect(more.message).toMatch(/Only 2 of the 3 sessions fit before Autumn 2027 ends on 17 Dec 2027 \(after skipping 16 Dec 2027: Closed: Christmas\)/);
  });

  it('previews without saving anything', async () => {
    const runId = await f.run();
    const r = await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM, preview: true });
    expect(r.preview).toBe(true);
    expect(r.sessions).toHaveLength(6);
    expect(await sessionCount()).toBe(0);
  });

  it('refuses a pattern that produces no sessions, or leaves the term, and changes nothing', async () => {
    const tiny = await t.ok(f.coord, 'scheduling.createTerm', { name: 'Taster week', startsOn: '2027-08-30', endsOn: '2027-09-03' });
    await t.ok(f.coord, 'scheduling.addClosure', { termId: tiny.id, startsOn: '2027-09-01', endsOn: '2027-09-01', description: 'Staff training' });
    const runId = await f.run({ termId: tiny.id });
    const none = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 3, startTime: '10:00', lengthMinutes: 60, count: 1, firstDate: '2027-08-30' } });
    expect(none.reason).toBe('input.invalid');
    expect(none.message).toMatch(/produces no sessions: there is no open Wednesday .*Staff training/);
    const monday = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '10:00', lengthMinutes: 60, count: 1, firstDate: '2027-08-31' } });
    expect(monday.message).toMatch(/produces no sessions/);
    const zero = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '10:00', lengthMinutes: 60, count: 0, firstDate: '2027-08-30' } });
    expect(zero.fields?.['pattern.count']).toMatch(/at least 1 session/);
    const before = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '10:00', lengthMinutes: 60, count: 1, firstDate: '2027-08-01' } });
    expect(before.message).toMatch(/before Taster week starts on 30 Aug 2027/);
    const late = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '23:30', lengthMinutes: 60, count: 1, firstDate: '2027-08-30' } });
    expect(late.message).toMatch(/past midnight/);
    const badTime = await t.fail(f.coord, 'scheduling.generateSessions', { runId, pattern: { weekday: 1, startTime: '25:00', lengthMinutes: 60, count: 1, firstDate: '2027-08-30' } });
    expect(badTime.fields?.['pattern.startTime']).toMatch(/hours and minutes/);
    expect(await sessionCount()).toBe(0);
  });

  it('refuses a time that does not exist because the clocks go forward', async () => {
    const spring = await t.ok(f.coord, 'scheduling.createTerm', { name: 'Spring 2027', startsOn: '2027-01-04', endsOn: '2027-03-31' });
    const runId = await f.run({ termId: spring.id });
    const e = await t.fail(f.coord, 'scheduling.addSession', { runId, times: { date: '2027-03-28', startTime: '01:30', endTime: '03:00' } });
    expect(e.message).toMatch(/01:30 does not exist on 28 Mar 2027/);
  });
});

describe('changing single sessions', () => {
  it('moves a session (date, time, room), adds one, cancels one with a reason and reinstates it — all audited', async () => {
    const runId = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    const run = await t.ok(f.coord, 'scheduling.getRun', { id: runId });
    const first = run.sessions[0];
    const moved = await t.ok(f.coord, 'scheduling.moveSession', { id: first.id, times: { date: '2027-10-08', startTime: '14:00', endTime: '16:00' }, roomId: f.roomB });
    expect(moved).toMatchObject({ date: '2027-10-08', startTime: '14:00', endTime: '16:00', roomName: 'Room B', startsAt: '2027-10-08T13:00:00.000Z' });
    const added = await t.ok(f.coord, 'scheduling.addSession', { runId, times: { date: '2027-11-25', startTime: '10:00', endTime: '12:00' } });
    expect(added).toMatchObject({ roomName: 'Room A', startsAt: '2027-11-25T10:00:00.000Z', status: 'scheduled' });
    const cancelled = await t.ok(f.coord, 'scheduling.cancelSession', { id: run.sessions[1].id, reason: 'Facilitator unwell' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Facilitator unwell' });
    expect((await t.fail(f.coord, 'scheduling.cancelSession', { id: run.sessions[1].id, reason: 'again' }))).toMatchObject({ reason: 'session.cancelled', message: expect.stringMatching(/already cancelled/) });
    expect((await t.ok(f.coord, 'scheduling.reinstateSession', { id: run.sessions[1].id })).status).toBe('scheduled');
    const audit = await t.ok('setup', 'audit.list', { entity: 'session' });
    expect(audit.rows.map((r) => r.action)).toEqual(['reinstate', 'cancel', 'add-session', 'move']);
    expect(audit.rows.find((r) => r.action === 'move')?.fields).toEqual(['date', 'startTime', 'endTime', 'roomId']);
  });

  it('refuses an end before the start, a date outside the term, an unknown room or run — and changes nothing', async () => {
    const runId = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    const s = (await t.ok(f.coord, 'scheduling.getRun', { id: runId })).sessions[0];
    const backwards = await t.fail(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: '2027-10-07', startTime: '12:00', endTime: '10:00' } });
    expect(backwards.fields?.['times.endTime']).toMatch(/must end after it starts/);
    const outside = await t.fail(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: '2028-01-06', startTime: '10:00', endTime: '12:00' } });
    expect(outside.message).toMatch(/6 Jan 2028 is outside Autumn 2027 \(6 Sept? 2027 to 17 Dec 2027\)/);
    const impossible = await t.fail(f.coord, 'scheduling.addSession', { runId, times: { date: '2027-02-30', startTime: '10:00', endTime: '12:00' } });
    expect(impossible.fields?.['times.date']).toMatch(/real session date/);
    const noRoom = await t.fail(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: '2027-10-07', startTime: '10:00', endTime: '12:00' }, roomId: 9999 });
    expect(noRoom.message).toMatch(/room could not be found/);
    const noRun = await t.fail(f.coord, 'scheduling.addSession', { runId: 9999, times: { date: '2027-10-07', startTime: '10:00', endTime: '12:00' } });
    expect(noRun.reason).toBe('record.not-found');
    const after = await t.ok(f.coord, 'scheduling.getRun', { id: runId });
    expect(after.sessions[0]).toEqual(s);
    expect(after.sessions).toHaveLength(6);
  });

  it('will not let a term shrink so that sessions fall outside it', async () => {
    const runId = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    const e = await t.fail(f.coord, 'scheduling.updateTerm', { id: f.autumn, fields: { name: 'Autumn 2027', startsOn: '2027-09-06', endsOn: '2027-11-01' } });
    expect(e.message).toMatch(/2 scheduled sessions \(the first on 4 Nov 2027\) would fall outside the term/);
    const backwards = await t.fail(f.coord, 'scheduling.createTerm', { name: 'Backwards', startsOn: '2027-09-06', endsOn: '2027-09-01' });
    expect(backwards.fields?.endsOn).toMatch(/cannot end before it starts/);
  });

  it('lets coordinators plan but not admins, and lets everyone read', async () => {
    const runId = await f.run();
    const e = await t.fail(f.admin, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    expect(e.reason).toBe('access.role');
    expect(e.message).toMatch(/cannot plan courses/);
    expect((await t.ok(f.admin, 'scheduling.getRun', { id: runId })).id).toBe(runId);
    const manager = await t.signInAs('manager');
    await t.ok(manager, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
  });
});
