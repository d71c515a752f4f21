// Test fixtures for the timetable: a coordinator and an admin, a venue with rooms, facilitators, terms and courses.
import type { TestCore } from './core';
import { validStudent } from './core';

export interface SchedulingFixture {
  coord: string;
  admin: string;
  venueId: number;
  roomA: number;
  roomB: number;
  staffF: number;
  peerF: number;
  autumn: number;
  summer: number;
  courseId: number;
  /** Creates a run of the course in a term, in a room, optionally with facilitators. */
  run(opts?: { termId?: number; roomId?: number | null; capacity?: number; title?: string; facilitators?: number[] }): Promise<number>;
  student(first: string, surname?: string): Promise<number>;
}

export async function schedulingFixture(t: TestCore): Promise<SchedulingFixture> {
  const coord = await t.signInAs('coordinator');
  const admin = await t.signInAs('admin');
  const venue = await t.ok(coord, 'scheduling.createVenue', { name: 'Civic Centre', address: 'Victoria Avenue, Southend' });
  const roomA = (await t.ok(coord, 'scheduling.createRoom', { venueId: venue.id, name: 'Room A', capacity: 20 })).id;
  const roomB = (await t.ok(coord, 'scheduling.createRoom', { venueId: venue.id, name: 'Room B', capacity: 12 })).id;
  const staffF = (await t.ok(coord, 'scheduling.createFacilitator', { firstName: 'Sam', surname: 'Staffer', kind: 'staff' })).id;
  const peerF = (await t.ok(coord, 'scheduling.createFacilitator', { firstName: 'Pat', surname: 'Peer', kind: 'peer_trainer' })).id;
  const autumn = (await t.ok(coord, 'scheduling.createTerm', { name: 'Autumn 2027', startsOn: '2027-09-06', endsOn: '2027-12-17' })).id;
  const summer = (await t.ok(coord, 'scheduling.createTerm', { name: 'Summer 2027', startsOn: '2027-04-12', endsOn: '2027-07-16' })).id;
  const courseId = (
    await t.ok(coord, 'scheduling.createCourse', { title: 'Understanding Anxiety', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 })
  ).id;
  let students = 0;
  return {
    coord,
    admin,
    venueId: venue.id,
    roomA,
    roomB,
    staffF,
    peerF,
    autumn,
    summer,
    courseId,
    async run(opts = {}) {
      let course = courseId;
      if (opts.title) course = (await t.ok(coord, 'scheduling.createCourse', { title: opts.title, sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 })).id;
      const run = await t.ok(coord, 'scheduling.createRun', {
        courseId: course,
        termId: opts.termId ?? autumn,
        venueId: venue.id,
        roomId: opts.roomId === undefined ? roomA : opts.roomId,
        capacity: opts.capacity,
      });
      if (opts.facilitators?.length) {
        const [lead, ...co] = opts.facilitators;
        await t.ok(coord, 'scheduling.setRunFacilitators', { runId: run.id, leadId: lead, coIds: co });
      }
      return run.id;
    },
    async student(first, surname = 'Student') {
      students++;
      const s = await t.ok(admin, 'students.create', {
        fields: validStudent({ firstName: first, surname, dateOfBirth: `19${50 + students}-0${(students % 9) + 1}-1${students % 10}` }),
        confirmedNotDuplicate: true,
      });
      return s.id;
    },
  };
}

/** Thursdays at 10:00 for two hours, from 7 Oct 2027: crosses the half-term week and the clocks going back (31 Oct 2027). */
export const THURSDAYS_10AM = { weekday: 4, startTime: '10:00', lengthMinutes: 120, count: 6, firstDate: '2027-10-07' };
