// Timetable views, the catalogue's rules, and the .ics files read back with ical.js.
import ICAL from 'ical.js';
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

function parseIcs(base64: string) {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const cal = new ICAL.Component(ICAL.parse(text));
  const vtz = cal.getFirstSubcomponent('vtimezone');
  if (vtz) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return { text, cal, events: cal.getAllSubcomponents('vevent') };
}

describe('calendar export', () => {
  it('writes a course run as valid iCalendar with Europe/London times across the clock change, cancelled sessions marked', async () => {
    await t.ok(f.coord, 'scheduling.addClosure', { termId: f.autumn, startsOn: '2027-10-25', endsOn: '2027-10-29', description: 'Half-term' });
    const runId = await f.run();
    await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    const sessions = (await t.ok(f.coord, 'scheduling.getRun', { id: runId })).sessions;
    await t.ok(f.coord, 'scheduling.cancelSession', { id: sessions[5].id, reason: 'Room flooded' });
    const file = await t.ok(f.admin, 'scheduling.exportRunIcs', { runId });
    expect(file).toMatchObject({ suggestedName: 'understanding-anxiety-autumn-2027.ics', mimeType: 'text/calendar' });
    const { text, cal, events } = parseIcs(file.base64);
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/London');
    expect(events).toHaveLength(6);
    const parsed = events.map((e) => {
      const ev = new ICAL.Event(e);
      return {
        tzid: e.getFirstProperty('dtstart')?.getParameter('tzid'),
        local: `${ev.startDate.toString()}–${ev.endDate.toString().slice(11)}`,
        utc: ev.startDate.toJSDate().toISOString(),
        status: e.getFirstPropertyValue('status'),
        summary: ev.summary,
      };
    });
    expect(parsed.map((p) => p.tzid)).toEqual(Array(6).fill('Europe/London'));
    expect(parsed.map((p) => p.local)).toEqual([
      '2027-10-07T10:00:00–12:00:00',
      '2027-10-14T10:00:00–12:00:00',
      '2027-10-21T10:00:00–12:00:00',
      '2027-11-04T10:00:00–12:00:00',
      '2027-11-11T10:00:00–12:00:00',
      '2027-11-18T10:00:00–12:00:00',
    ]);
    expect(parsed[2].utc).toBe('2027-10-21T09:00:00.000Z');
    expect(parsed[3].utc).toBe('2027-11-04T10:00:00.000Z');
    expect(parsed.map((p) => p.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(parsed[5].summary).toBe('CANCELLED: Understanding Anxiety');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
  });

  it('writes a facilitator’s sessions across their runs', async () => {
    const a = await f.run({ facilitators: [f.peerF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: a, pattern: THURSDAYS_10AM });
    const b = await f.run({ title: 'Sleep Well', roomId: f.roomB, facilitators: [f.peerF, f.staffF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: b, pattern: { ...THURSDAYS_10AM, weekday: 2, count: 4 } });
    const c = await f.run({ title: 'Not theirs', roomId: f.roomB, facilitators: [f.staffF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: c, pattern: { ...THURSDAYS_10AM, weekday: 3, count: 2 } });
    const file = await t.ok(f.coord, 'scheduling.exportFacilitatorIcs', { facilitatorId: f.peerF });
    expect(file.suggestedName).toBe('pat-peer-sessions.ics');
    const { events } = parseIcs(file.base64);
    expect(events).toHaveLength(10);
    expect(new Set(events.map((e) => e.getFirstPropertyValue('summary')))).toEqual(new Set(['Understanding Anxiety', 'Sleep Well']));
    const none = await t.fail(f.coord, 'scheduling.exportFacilitatorIcs', { facilitatorId: 999 });
    expect(none.reason).toBe('record.not-found');
  });
});

describe('timetable views', () => {
  it('gives a week’s sessions for all rooms, one room or one facilitator, with closed days', async () => {
    await t.ok(f.coord, 'scheduling.addClosure', { termId: null, startsOn: '2027-10-08', endsOn: '2027-10-08', description: 'Staff day' });
    const a = await f.run({ facilitators: [f.peerF] });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: a, pattern: THURSDAYS_10AM });
    const b = await f.run({ title: 'Sleep Well', roomId: f.roomB, facilitators: [f.staffF], capacity: 8 });
    await t.ok(f.coord, 'scheduling.generateSessions', { runId: b, pattern: { ...THURSDAYS_10AM, weekday: 3, firstDate: '2027-10-04' } });
    await t.ok(f.admin, 'scheduling.enrol', { runId: b, studentId: await f.student('Jo') });
    const week = { from: '2027-10-04', to: '2027-10-10' };
    const all = await t.ok(f.admin, 'scheduling.week', week);
    expect(all.sessions.map((s) => [s.date, s.courseTitle, s.roomName])).toEqual([
      ['2027-10-06', 'Sleep Well', 'Room B'],
      ['2027-10-07', 'Understanding Anxiety', 'Room A'],
    ]);
    expect(all.sessions[0]).toMatchObject({ enrolledCount: 1, capacity: 8, facilitators: [{ id: f.staffF, name: 'Sam Staffer', kind: 'staff' }] });
    expect(all.closedDays).toEqual([{ date: '2027-10-08', reason: 'Closed: Staff day' }]);
    const room = await t.ok(f.admin, 'scheduling.week', { ...week, filter: { kind: 'room', roomId: f.roomA } });
    expect(room.sessions.map((s) => s.courseTitle)).toEqual(['Understanding Anxiety']);
    const person = await t.ok(f.admin, 'scheduling.week', { ...week, filter: { kind: 'facilitator', facilitatorId: f.staffF } });
    expect(person.sessions.map((s) => s.courseTitle)).toEqual(['Sleep Well']);
    const backwards = await t.fail(f.admin, 'scheduling.week', { from: '2027-10-10', to: '2027-10-04' });
    expect(backwards.fields?.to).toMatch(/cannot be before/);

    const term = await t.ok(f.admin, 'scheduling.termView', { termId: f.autumn });
    expect(term.sessions).toHaveLength(12);
    expect(term.runs.map((r) => [r.courseTitle, r.sessionCount, r.enrolledCount])).toEqual([
      ['Sleep Well', 6, 1],
      ['Understanding Anxiety', 6, 0],
    ]);
    expect(term.term.closures).toEqual([expect.objectContaining({ description: 'Staff day', termId: null })]);
    const termRoom = await t.ok(f.admin, 'scheduling.termView', { termId: f.autumn, filter: { kind: 'room', roomId: f.roomB } });
    expect(termRoom.runs.map((r) => r.courseTitle)).toEqual(['Sleep Well']);
    expect(termRoom.sessions).toHaveLength(6);
  });
});

describe('catalogue, venues and facilitators', () => {
  it('retires a course that has been run instead of deleting it; deletes one that never ran', async () => {
    await f.run();
    const e = await t.fail(f.coord, 'scheduling.deleteCourse', { id: f.courseId });
    expect(e).toMatchObject({ reason: 'course.offered', message: expect.stringMatching(/has been offered \(1 course run\), so it is kept for the records. Retire it instead/) });
    const retired = await t.ok(f.coord, 'scheduling.retireCourse', { id: f.courseId, retired: true });
    expect(retired.retiredAt).not.toBeNull();
    expect((await t.ok(f.admin, 'scheduling.listCourses', {})).map((c) => c.title)).toEqual([]);
    expect((await t.ok(f.admin, 'scheduling.listCourses', { includeRetired: true })).map((c) => c.runCount)).toEqual([1]);
    const noRun = await t.fail(f.coord, 'scheduling.createRun', { courseId: f.courseId, termId: f.autumn, venueId: f.venueId });
    expect(noRun.fields?.courseId).toMatch(/has been retired/);
    const unused = await t.ok(f.coord, 'scheduling.createCourse', { title: 'Typo corse', sessionsCount: 1, defaultSessionMinutes: 60, defaultCapacity: 5 });
    await t.ok(f.coord, 'scheduling.deleteCourse', { id: unused.id });
    const updated = await t.ok(f.coord, 'scheduling.updateCourse', {
      id: f.courseId,
      fields: { title: 'Understanding Anxiety (new)', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12, peerTraining: true },
    });
    expect(updated.peerTraining).toBe(true);
    const bad = await t.fail(f.coord, 'scheduling.createCourse', { title: '', sessionsCount: 0, defaultSessionMinutes: 5, defaultCapacity: 0 });
    expect(bad.fields).toMatchObject({
      title: 'Please enter the course title.',
      sessionsCount: 'A course needs at least 1 session.',
      defaultSessionMinutes: 'A session must last at least 15 minutes.',
      defaultCapacity: 'A capacity must be at least 1 place.',
    });
    const audit = await t.ok('setup', 'audit.list', { entity: 'course' });
    expect(audit.rows.map((r) => r.action)).toEqual(['update', 'delete', 'create', 'retire', 'create']);
  });

  it('links a peer trainer to their student record, once', async () => {
    const s = await f.student('Lee', 'Lived');
    const fac = await t.ok(f.coord, 'scheduling.createFacilitator', { firstName: 'Lee', surname: 'Lived', kind: 'peer_trainer', studentId: s });
    expect(fac.studentReference).toMatch(/^RC-/);
    const twice = await t.fail(f.coord, 'scheduling.createFacilitator', { firstName: 'Lee', surname: 'Again', kind: 'volunteer', studentId: s });
    expect(twice.fields?.studentId).toBe('That student is already linked to the facilitator Lee Lived. One person has one facilitator record.');
    const missing = await t.fail(f.coord, 'scheduling.createFacilitator', { firstName: 'No', surname: 'One', kind: 'volunteer', studentId: 999 });
    expect(missing.fields?.studentId).toMatch(/could not be found/);
    await t.ok(f.coord, 'scheduling.updateFacilitator', { id: fac.id, fields: { firstName: 'Lee', surname: 'Lived', kind: 'peer_trainer', studentId: s, active: false } });
    expect((await t.ok(f.admin, 'scheduling.listFacilitators', {})).map((x) => x.name)).toEqual(['Pat Peer', 'Sam Staffer']);
  });

  it('keeps rooms at their venue and closures inside their term', async () => {
    const other = await t.ok(f.coord, 'scheduling.createVenue', { name: 'Library' });
    const e = await t.fail(f.coord, 'scheduling.createRun', { courseId: f.courseId, termId: f.autumn, venueId: other.id, roomId: f.roomA });
    expect(e.fields?.roomId).toBe('Room A is not at Library. Please choose one of that venue’s rooms.');
    const c = await t.fail(f.coord, 'scheduling.addClosure', { termId: f.autumn, startsOn: '2027-12-20', endsOn: '2027-12-24', description: 'Christmas' });
    expect(c.fields?.startsOn).toMatch(/must fall inside the term/);
    const venues = await t.ok(f.admin, 'scheduling.listVenues', {});
    expect(venues.map((v) => [v.name, v.rooms.map((r) => r.name)])).toEqual([
      ['Civic Centre', ['Room A', 'Room B']],
      ['Library', []],
    ]);
    const holidays = await t.ok(f.admin, 'scheduling.listBankHolidays', { year: 2027 });
    expect(holidays).toHaveLength(8);
    expect(holidays[0]).toEqual({ date: '2027-01-01', name: 'New Year’s Day' });
  });
});
