// The rule: a drop-in takes a place by the one enrolment rule (scheduling/enrolment.ts `takePlaceOrWait`): a free place
// if there is one and nobody is waiting, else the waiting list in its order; and its audit row names the enrolment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core';
import { Timetable, type RunFixture } from '../helpers/timetable';

// Wednesday 11 March 2026, 14:00 in London; the run meets on Wednesdays 10:00–12:00 and has five students.
const DATES = ['2026-02-25', '2026-03-04', '2026-03-11', '2026-03-18'];

let t: TestCore;
let tt: Timetable;
let admin: string;
let run: RunFixture;
let today: number;

beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-03-11T14:00:00Z') });
  admin = await t.signInAs('admin');
  tt = new Timetable(t.core.database.db);
  run = await tt.fullRun({ dates: DATES, students: 5 });
  today = run.sessionIds[2];
});
afterEach(() => t.close());

const enrolmentOf = (studentId: number) =>
  t.core.database.db.selectFrom('enrolments').selectAll().where('course_run_id', '=', run.courseRunId).where('student_id', '=', studentId).executeTakeFirstOrThrow();
const enrolmentAudit = () => t.core.database.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'summary']).where('entity', '=', 'enrolment').orderBy('id').execute();

describe('a drop-in takes its place by the enrolment rule', () => {
  it('names the enrolment it created in the audit row', async () => {
    const visitor = await tt.student({ firstName: 'Dee', surname: 'Visitor' });
    await t.ok(admin, 'registers.dropIn', { sessionId: today, studentId: visitor });
    const place = await enrolmentOf(visitor);
    expect(place).toMatchObject({ status: 'enrolled', joined_by: 'drop_in', enrolled_on: '2026-03-11' });
    expect(await enrolmentAudit()).toEqual([
      { action: 'enrol-drop-in', entity: 'enrolment', entity_id: place.id, summary: expect.stringMatching(/enrolled on run \d+ from 2026-03-11 as a drop-in/) },
    ]);
  });

  it('puts a drop-in on a full run on the waiting list, behind those already waiting, and still marks them present', async () => {
    await t.core.database.db.updateTable('course_runs').set({ capacity: 5 }).where('id', '=', run.courseRunId).execute();
    const first = await tt.student({ firstName: 'Wai', surname: 'First' });
    await tt.enrol(run.courseRunId, first, { status: 'waiting' });
    const visitor = await tt.student({ firstName: 'Dee', surname: 'Visitor' });

    const res = await t.ok(admin, 'registers.dropIn', { sessionId: today, studentId: visitor });
    expect(res).toMatchObject({ enrolled: false, row: { mark: 'present', dropIn: true } });
    const place = await enrolmentOf(visitor);
    expect(place).toMatchObject({ status: 'waiting', enrolled_on: null, joined_by: 'drop_in' });
    expect(await enrolmentAudit()).toEqual([
      { action: 'drop-in-waiting-list', entity: 'enrolment', entity_id: place.id, summary: expect.stringMatching(/the run is full, so they are on its waiting list/) },
    ]);
    const page = await t.ok(admin, 'scheduling.getRun', { id: run.courseRunId });
    expect(page.enrolled).toHaveLength(5);
    expect(page.waiting.map((w) => [w.studentId, w.waitingPosition])).toEqual([
      [first, 1],
      [visitor, 2],
    ]);

    // When a place frees, the student who was waiting first takes it — the drop-in does not jump the queue.
    const w = await t.ok(admin, 'scheduling.withdraw', { runId: run.courseRunId, studentId: run.studentIds[0], reason: 'Moved away', reasonCode: 'moved_away' });
    expect(w.promoted.map((p) => p.studentId)).toEqual([first]);
    expect((await enrolmentOf(visitor)).status).toBe('waiting');
  });
});
