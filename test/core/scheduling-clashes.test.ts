// Clash detection in the core: rooms and facilitators are refused naming the other session; students need confirming.
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

const ELEVEN = { ...THURSDAYS_10AM, startTime: '11:00', lengthMinutes: 60 };
const TWELVE = { ...THURSDAYS_10AM, startTime: '12:00', lengthMinutes: 60 };

async function countSessions(runId: number): Promise<number> {
  return (await t.ok(f.coord, 'scheduling.getRun', { id: runId })).sessions.length;
}

describe('room clashes', () => {
  it('refuses a run in the same room at an overlapping time, naming the other session', async () => {
    const first = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const second = await f.run({ title: 'Sleep Well' });
    const e = await t.fail(f.coord, 'scheduling.generateSessions', { runId: second, pattern: ELEVEN });
    expect(e.reason).toBe('schedule.room-booked');
    expect(e.message).toBe(
      'The session on 7 Oct 2027 at 11:00–12:00 clashes: Room A is already booked then, for Understanding Anxiety, 7 Oct 2027, 10:00–12:00. Please choose another room or time.',
    );
    expect(await countSessions(second)).toBe(0);
    // Back to back is not a clash; another room is not a clash.
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: second, pattern: TWELVE });
    const third = await f.run({ title: 'Hope', roomId: f.roomB });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: third, pattern: ELEVEN });
  });

  it('refuses moving or adding a session into a booked room, and changing a run’s room onto booked times', async () => {
    const first = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const other = await f.run({ title: 'Sleep Well', roomId: f.roomB });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: other, pattern: { ...THURSDAYS_10AM, weekday: 5 } });
    const s = (await t.ok(f.coord, 'scheduling.getRun', { id: other })).sessions[0];
    const move = await t.fail(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: '2027-10-14', startTime: '09:30', endTime: '10:30' }, roomId: f.roomA });
    expect(move.message).toBe('Room A is already booked then, for Understanding Anxiety, 14 Oct 2027, 10:00–12:00. Please choose another room or time.');
    const add = await t.fail(f.coord, 'scheduling.addSession', { runId: other, times: { date: '2027-10-21', startTime: '11:59', endTime: '13:00' }, roomId: f.roomA });
    expect(add).toMatchObject({ reason: 'schedule.room-booked', message: expect.stringMatching(/Room A is already booked then, for Understanding Anxiety, 21 Oct 2027, 10:00–12:00/) });
    // Moving a session within its own slot is not a clash with itself.
    await t.ok(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: s.date, startTime: '10:30', endTime: '12:30' } });
    // A third run on Thursdays in Room B: moving it into Room A would clash with the first run.
    const third = await f.run({ title: 'Hope', roomId: f.roomB });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: third, pattern: THURSDAYS_10AM });
    const roomChange = await t.fail(f.coord, 'scheduling.updateRun', { id: third, venueId: f.venueId, roomId: f.roomA, capacity: 12 });
    expect(roomChange).toMatchObject({ reason: 'schedule.room-booked', message: expect.stringMatching(/Room A is already booked then, for Understanding Anxiety, 7 Oct 2027, 10:00–12:00/) });
    expect((await t.ok(f.coord, 'scheduling.getRun', { id: third })).sessions.every((x) => x.roomName === 'Room B')).toBe(true);
    // A cancelled session frees the room.
    const firstSessions = (await t.ok(f.coord, 'scheduling.getRun', { id: first })).sessions;
    await t.ok(f.coord, 'scheduling.cancelSession', { id: firstSessions[2].id, reason: 'Room needed for training' });
    await t.ok(f.coord, 'scheduling.addSession', { runId: other, times: { date: '2027-10-21', startTime: '11:00', endTime: '12:00' }, roomId: f.roomA });
  });
});

describe('facilitator clashes', () => {
  it('refuses a run whose facilitator is already facilitating at that time', async () => {
    const first = await f.run({ facilitators: [f.staffF, f.peerF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const second = await f.run({ title: 'Sleep Well', roomId: f.roomB, facilitators: [f.peerF] });
    const e = await t.fail(f.coord, 'scheduling.generateSessions', { runId: second, pattern: ELEVEN });
    expect(e.reason).toBe('schedule.facilitator-busy');
    expect(e.message).toBe(
      'The session on 7 Oct 2027 at 11:00–12:00 clashes: Pat Peer is already facilitating Understanding Anxiety, 7 Oct 2027, 10:00–12:00. Please choose another facilitator or time.',
    );
    expect(await countSessions(second)).toBe(0);
  });

  it('refuses adding a busy facilitator to a run’s team', async () => {
    const first = await f.run({ facilitators: [f.staffF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const second = await f.run({ title: 'Sleep Well', roomId: f.roomB, facilitators: [f.peerF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: second, pattern: ELEVEN });
    const e = await t.fail(f.coord, 'scheduling.setRunFacilitators', { runId: second, leadId: f.peerF, coIds: [f.staffF] });
    expect(e).toMatchObject({ reason: 'schedule.facilitator-busy', message: expect.stringMatching(/Sam Staffer is already facilitating Understanding Anxiety, 7 Oct 2027, 10:00–12:00/) });
    const run = await t.ok(f.coord, 'scheduling.getRun', { id: second });
    expect(run.facilitators.map((x) => x.name)).toEqual(['Pat Peer']);
    // Keeping the existing team is fine.
    await t.ok(f.coord, 'scheduling.setRunFacilitators', { runId: second, leadId: f.peerF, coIds: [] });
  });

  it('shows whether a run meets the co-delivery standard without blocking it', async () => {
    const volunteer = (await t.ok(f.coord, 'scheduling.createFacilitator', { firstName: 'Val', surname: 'Volunteer', kind: 'volunteer' })).id;
    const a = await f.run({ facilitators: [f.staffF] });
    expect((await t.ok(f.coord, 'scheduling.getRun', { id: a })).meetsCoDelivery).toBe(false);
    const b = await f.run({ facilitators: [f.staffF, volunteer], roomId: f.roomB });
    expect((await t.ok(f.coord, 'scheduling.getRun', { id: b })).meetsCoDelivery).toBe(false);
    const c = await f.run({ facilitators: [f.staffF, f.peerF], roomId: null });
    const run = await t.ok(f.coord, 'scheduling.getRun', { id: c });
    expect(run.meetsCoDelivery).toBe(true);
    expect(run.facilitators).toEqual([
      { id: f.staffF, name: 'Sam Staffer', kind: 'staff', role: 'lead' },
      { id: f.peerF, name: 'Pat Peer', kind: 'peer_trainer', role: 'co' },
    ]);
  });
});

describe('student clashes', () => {
  it('asks for confirmation before enrolling a student on overlapping sessions, with details', async () => {
    const first = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const second = await f.run({ title: 'Sleep Well', roomId: f.roomB });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: second, pattern: ELEVEN });
    const jo = await f.student('Jo', 'Bloggs');
    await t.ok(f.admin, 'scheduling.enrol', { runId: first, studentId: jo });
    const e = await t.fail(f.admin, 'scheduling.enrol', { runId: second, studentId: jo });
    expect(e.reason).toBe('schedule.student-clash');
    expect(e).toMatchObject({ reason: 'schedule.student-clash', message: expect.stringMatching(/^Jo Bloggs would be in two sessions at once: Understanding Anxiety, 7 Oct 2027, 10:00–12:00 and 5 more/) });
    expect(e.details).toHaveLength(6);
    expect((e.details as { studentId: number; date: string }[])[0]).toMatchObject({ studentId: jo, date: '2027-10-07', studentName: 'Jo Bloggs' });
    expect((await t.ok(f.admin, 'scheduling.getRun', { id: second })).enrolled).toHaveLength(0);
    const ok = await t.ok(f.admin, 'scheduling.enrol', { runId: second, studentId: jo, confirmStudentClash: true });
    expect(ok.status).toBe('enrolled');
  });

  it('asks for confirmation when new or moved sessions would overlap an enrolled student’s other course', async () => {
    const first = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: first, pattern: THURSDAYS_10AM });
    const second = await f.run({ title: 'Sleep Well', roomId: f.roomB });
    const jo = await f.student('Jo', 'Bloggs');
    await t.ok(f.admin, 'scheduling.enrol', { runId: first, studentId: jo });
    await t.ok(f.admin, 'scheduling.enrol', { runId: second, studentId: jo });
    const gen = await t.fail(f.coord, 'scheduling.generateSessions', { runId: second, pattern: ELEVEN });
    expect(gen.reason).toBe('schedule.student-clash');
    expect(await countSessions(second)).toBe(0);
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: second, pattern: TWELVE });
    const s = (await t.ok(f.coord, 'scheduling.getRun', { id: second })).sessions[0];
    const move = await t.fail(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: s.date, startTime: '11:30', endTime: '12:30' } });
    expect(move.reason).toBe('schedule.student-clash');
    const moved = await t.ok(f.coord, 'scheduling.moveSession', { id: s.id, times: { date: s.date, startTime: '11:30', endTime: '12:30' }, confirmStudentClash: true });
    expect(moved.startTime).toBe('11:30');
  });
});
