// Taking registers through the core's one entry point: marks, undo, refusals, concurrency, late corrections, drop-ins, PDFs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { Timetable, type RunFixture } from '../helpers/timetable';

// Wednesday 11 March 2026, 14:00 in London. Sessions run weekly on Wednesdays 10:00–12:00.
const DATES = ['2026-02-25', '2026-03-04', '2026-03-11', '2026-03-18'];
const NAMES: [string, string][] = [
  ['Priya', 'Patel'],
  ['Margaret', 'O’Donnell'],
  ['Tom', 'Adeyemi'],
  ['Zoë', 'Adeyemi'],
  ['Chris', 'Murphy'],
];

let clock: Date;
let t: TestCore;
let tt: Timetable;
let admin: string;
let run: RunFixture;
let today: number;

beforeEach(async () => {
  clock = new Date('2026-03-11T14:00:00Z');
  t = await makeTestCore({ now: () => clock });
  admin = await t.signInAs('admin');
  tt = new Timetable(t.core.database.db);
  run = await tt.fullRun({ dates: DATES, students: NAMES.length, names: NAMES });
  today = run.sessionIds[2];
});
afterEach(() => t.close());

/** Moves the college clock; the idle lock would trip on a jump, so the test's windows unlock again. */
async function jump(iso: string) {
  clock = new Date(iso);
  await t.ok('setup', 'auth.unlock', { password: TEST_PASSWORD });
  await t.ok(admin, 'auth.unlock', { password: `${TEST_PASSWORD} 2` });
}

async function auditFor(sessionId: number) {
  return t.core.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'register').where('entity_id', '=', sessionId).orderBy('id').execute();
}

describe('opening a register', () => {
  it('lists the enrolled students by surname, first name, then record number, with the planned facilitators', async () => {
    const r = await t.ok(admin, 'registers.get', { sessionId: today });
    expect(r.rows.map((x) => `${x.firstName} ${x.surname}`)).toEqual(['Tom Adeyemi', 'Zoë Adeyemi', 'Chris Murphy', 'Margaret O’Donnell', 'Priya Patel']);
    expect(r.canMark).toBe(true);
    expect(r.lateCorrection).toBe(false);
    expect(r.counts).toMatchObject({ expected: 5, marked: 0, missing: 5 });
    expect(r.plannedFacilitators.map((f) => f.name)).toEqual(['Sam Okafor', 'Jo Bright']);
    expect(r.deliveredFacilitators.map((f) => f.name)).toEqual(['Sam Okafor', 'Jo Bright']);
    expect(r.deliveredRecorded).toBe(false);
    expect(r.session).toMatchObject({ courseTitle: 'Understanding Anxiety', date: '2026-03-11', venueName: 'Southend Hub', roomName: 'Room 2' });
  });

  it('leaves out people who enrolled after the session or withdrew before it, and the waiting list', async () => {
    const late = await tt.student({ firstName: 'Late', surname: 'Joiner' });
    await tt.enrol(run.courseRunId, late, { enrolledOn: '2026-03-05' });
    const gone = await tt.student({ firstName: 'Gone', surname: 'Before' });
    await tt.enrol(run.courseRunId, gone, { status: 'withdrawn', withdrawnOn: '2026-03-03' });
    const onDay = await tt.student({ firstName: 'Left', surname: 'Ontheday' });
    await tt.enrol(run.courseRunId, onDay, { status: 'withdrawn', withdrawnOn: '2026-03-04' });
    const waiting = await tt.student({ firstName: 'Wait', surname: 'Ing' });
    await tt.enrol(run.courseRunId, waiting, { status: 'waiting' });
    const earlier = await t.ok(admin, 'registers.get', { sessionId: run.sessionIds[1] }); // 4 March
    const ids = earlier.rows.map((r) => r.studentId);
    expect(ids).not.toContain(late);
    expect(ids).not.toContain(gone);
    expect(ids).toContain(onDay);
    expect(ids).not.toContain(waiting);
    const now = await t.ok(admin, 'registers.get', { sessionId: today });
    expect(now.rows.map((r) => r.studentId)).toContain(late);
    expect(now.rows.map((r) => r.studentId)).not.toContain(onDay);
  });

  it('has no register for a cancelled session', async () => {
    await tt.cancelSession(run.sessionIds[1]);
    const e = await t.fail(admin, 'registers.get', { sessionId: run.sessionIds[1] });
    expect(e).toMatchObject({ reason: 'session.cancelled', message: expect.stringMatching(/cancelled/) });
    const m = await t.fail(admin, 'registers.mark', { sessionId: run.sessionIds[1], studentId: run.studentIds[0], mark: 'present' });
    expect(m).toMatchObject({ reason: 'session.cancelled', message: expect.stringMatching(/cancelled/) });
  });
});

describe('marking', () => {
  it('saves a mark at once, returns the previous one for undo, and records the planned team as delivering', async () => {
    const first = await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'late', note: 'Bus was late' });
    expect(first.previous).toBeNull();
    expect(first.row).toMatchObject({ mark: 'late', note: 'Bus was late' });
    expect(first.counts).toMatchObject({ marked: 1, missing: 4, late: 1 });
    const second = await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
    expect(second.previous).toEqual({ mark: 'late', note: 'Bus was late' });
    const r = await t.ok(admin, 'registers.get', { sessionId: today });
    expect(r.rows.find((x) => x.studentId === run.studentIds[0])).toMatchObject({ mark: 'present', note: null });
    expect(r.deliveredRecorded).toBe(true);
    expect(r.deliveredFacilitators.map((f) => f.id).sort()).toEqual([...run.facilitatorIds].sort());
  });

  it('undoes marks by putting the previous value back, removing a mark that was not there before', async () => {
    const a = await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[1], mark: 'absent' });
    const b = await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[1], mark: 'apologies', note: 'Rang in' });
    let r = await t.ok(admin, 'registers.restore', { sessionId: today, marks: [{ studentId: run.studentIds[1], mark: b.previous!.mark, note: b.previous!.note }] });
    expect(r.rows.find((x) => x.studentId === run.studentIds[1])?.mark).toBe('absent');
    expect(a.previous).toBeNull();
    r = await t.ok(admin, 'registers.restore', { sessionId: today, marks: [{ studentId: run.studentIds[1], mark: null, note: null }] });
    expect(r.rows.find((x) => x.studentId === run.studentIds[1])?.mark).toBeNull();
    const audit = await auditFor(today);
    expect(audit.map((x) => x.action)).toEqual(['mark', 'mark', 'undo', 'undo']);
    expect(audit[3].summary).toMatch(/no mark \(was absent\)/);
  });

  it('marks everyone else present in one call, leaving existing marks alone', async () => {
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[2], mark: 'absent' });
    const res = await t.ok(admin, 'registers.markRestPresent', { sessionId: today });
    expect(res.studentIds).toHaveLength(4);
    expect(res.studentIds).not.toContain(run.studentIds[2]);
    expect(res.register.counts).toMatchObject({ expected: 5, marked: 5, missing: 0, present: 4, absent: 1 });
    const again = await t.ok(admin, 'registers.markRestPresent', { sessionId: today });
    expect(again.studentIds).toEqual([]);
  });

  it('refuses marks for a future session, kindly', async () => {
    const e = await t.fail(admin, 'registers.mark', { sessionId: run.sessionIds[3], studentId: run.studentIds[0], mark: 'present' });
    expect(e).toMatchObject({ reason: 'session.not-yet', message: expect.stringMatching(/has not happened yet/) });
    const r = await t.ok(admin, 'registers.get', { sessionId: run.sessionIds[3] });
    expect(r.canMark).toBe(false);
    await t.fail(admin, 'registers.markRestPresent', { sessionId: run.sessionIds[3] });
    await t.fail(admin, 'registers.setDelivered', { sessionId: run.sessionIds[3], facilitatorIds: [] });
  });

  it('accepts today’s register before the session starts (taken as people arrive)', async () => {
    clock = new Date('2026-03-11T08:00:00Z');
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
  });

  it('refuses to mark someone who is not on the run, pointing to drop-in', async () => {
    const stranger = await tt.student({ firstName: 'Not', surname: 'Enrolled' });
    const e = await t.fail(admin, 'registers.mark', { sessionId: today, studentId: stranger, mark: 'present' });
    expect(e).toMatchObject({ reason: 'register.not-on-register', message: expect.stringMatching(/Not Enrolled is not on this session’s register.*drop-in/) });
    const count = await t.core.database.db.selectFrom('attendance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('validates the mark and the note length', async () => {
    const e = await t.fail(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'asleep' as 'present' });
    expect(e.fields?.mark).toMatch(/present, late, absent or apologies/);
    const n = await t.fail(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present', note: 'x'.repeat(201) });
    expect(n.fields?.note).toMatch(/at most 200/);
  });

  it('two windows marking the same student keep one row; the later write wins and both are audited', async () => {
    const other = await t.signInAs('coordinator');
    const [a, b] = await Promise.all([
      t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'absent' }),
      t.ok(other, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'late', note: 'Arrived 10:20' }),
    ]);
    // Whichever reached the database second saw the first as its previous mark, and is the one kept. (A desk's file
    // takes them in the order sent; the college's server in the order its write lock is granted.)
    const [first, second] = a.previous === null ? [{ mark: 'absent', note: null }, { mark: 'late', note: 'Arrived 10:20' }] : [{ mark: 'late', note: 'Arrived 10:20' }, { mark: 'absent', note: null }];
    expect([a.previous, b.previous].filter((p) => p === null)).toHaveLength(1);
    expect(a.previous ?? b.previous).toEqual(first);
    const rows = await t.core.database.db.selectFrom('attendance').selectAll().where('session_id', '=', today).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(second);
    const audit = await auditFor(today);
    expect(audit).toHaveLength(2);
    expect(audit[0].staff_id).not.toBe(audit[1].staff_id);
    expect(audit[1].summary).toMatch(/late \(with a note\) \(was absent\)/);
  });
});

describe('late corrections', () => {
  it('audits a change after the session’s day with the previous value and who made it', async () => {
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[3], mark: 'absent' });
    await jump('2026-03-13T09:30:00Z'); // Friday
    const manager = await t.signInAs('manager');
    const r = await t.ok(manager, 'registers.mark', { sessionId: today, studentId: run.studentIds[3], mark: 'apologies', note: 'Emailed on the day' });
    expect(r.lateCorrection).toBe(true);
    expect(r.previous).toEqual({ mark: 'absent', note: null });
    const audit = await auditFor(today);
    const last = audit[audit.length - 1];
    expect(last.action).toBe('late-correction:mark');
    expect(last.summary).toMatch(/apologies .* \(was absent\) — changed after the session’s day/);
    const who = await t.core.database.db.selectFrom('staff').select('role').where('id', '=', last.staff_id!).executeTakeFirstOrThrow();
    expect(who.role).toBe('manager');
    expect(audit[0].action).toBe('mark');
  });
});

describe('facilitators delivered', () => {
  it('records the team who actually delivered, audited with the previous list', async () => {
    const cover = await tt.facilitator({ firstName: 'Ana', surname: 'Cover', kind: 'volunteer' });
    const r = await t.ok(admin, 'registers.setDelivered', { sessionId: today, facilitatorIds: [run.facilitatorIds[1], cover] });
    expect(r.deliveredRecorded).toBe(true);
    expect(r.deliveredFacilitators.map((f) => f.name)).toEqual(['Ana Cover', 'Jo Bright']);
    expect(r.deliveredFacilitators.find((f) => f.name === 'Jo Bright')?.role).toBe('co');
    const e = await t.fail(admin, 'registers.setDelivered', { sessionId: today, facilitatorIds: [99999] });
    expect(e.fields?.facilitatorIds).toMatch(/could not be found/);
    // A later mark does not overwrite the recorded team with the planned one.
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
    const after = await t.ok(admin, 'registers.get', { sessionId: today });
    expect(after.deliveredFacilitators.map((f) => f.name)).toEqual(['Ana Cover', 'Jo Bright']);
  });
});

describe('drop-in', () => {
  it('enrols an existing student on the run and marks them present in one step', async () => {
    const visitor = await tt.student({ firstName: 'Dee', surname: 'Visitor' });
    const res = await t.ok(admin, 'registers.dropIn', { sessionId: today, studentId: visitor });
    expect(res).toMatchObject({ created: false, enrolled: true, row: { mark: 'present', dropIn: true, expected: true } });
    const enrolment = await t.core.database.db
      .selectFrom('enrolments')
      .selectAll()
      .where('student_id', '=', visitor)
      .where('course_run_id', '=', run.courseRunId)
      .executeTakeFirstOrThrow();
    expect(enrolment).toMatchObject({ status: 'enrolled', enrolled_on: '2026-03-11' });
    // From now on they are on the register like anyone else.
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: visitor, mark: 'late' });
  });

  it('creates a new student inline with the minimal fields, asking first about a possible duplicate', async () => {
    const res = await t.ok(admin, 'registers.dropIn', { sessionId: today, newStudent: { firstName: 'Kit', surname: 'Newcomer', dateOfBirth: '1992-04-03' } });
    expect(res.created).toBe(true);
    const s = await t.ok(admin, 'students.get', { id: res.studentId });
    expect(s).toMatchObject({ firstName: 'Kit', surname: 'Newcomer', ethnicCategory: 'Z', genderIdentity: 'Z', employmentStatus: 'ZZ', referralSource: 'self', secondaryMhServices: 'unknown' });
    const dupe = await t.fail(admin, 'registers.dropIn', { sessionId: today, newStudent: { firstName: 'Kit', surname: 'Newcomer', dateOfBirth: '1992-04-03' } });
    expect(dupe.reason).toBe('student.possible-duplicate');
    const missing = await t.fail(admin, 'registers.dropIn', { sessionId: today, newStudent: { firstName: '', surname: 'X', dateOfBirth: '1990-01-01' } });
    expect(missing.fields?.['newStudent.firstName']).toMatch(/first name/);
    const neither = await t.fail(admin, 'registers.dropIn', { sessionId: today });
    expect(neither.message).toMatch(/existing student or enter a new one/);
  });

  it('brings someone back from the waiting list, and is refused for a future session', async () => {
    const waiting = await tt.student({ firstName: 'Wai', surname: 'Ting' });
    await tt.enrol(run.courseRunId, waiting, { status: 'waiting' });
    const res = await t.ok(admin, 'registers.dropIn', { sessionId: today, studentId: waiting });
    expect(res.enrolled).toBe(true);
    const e = await t.fail(admin, 'registers.dropIn', { sessionId: run.sessionIds[3], studentId: waiting });
    expect(e).toMatchObject({ reason: 'session.not-yet', message: expect.stringMatching(/not happened yet/) });
  });
});

describe('today', () => {
  it('lists today’s sessions and yesterday’s unfinished ones with missing marks', async () => {
    const other = await tt.run({ title: 'Living Well', dates: ['2026-03-10', '2026-03-11'], start: '13:00', end: '15:00' });
    const s1 = await tt.student();
    await tt.enrol(other.courseRunId, s1);
    const done = await tt.run({ title: 'Finished Yesterday', dates: ['2026-03-10'] });
    const s2 = await tt.student();
    await tt.enrol(done.courseRunId, s2);
    await jump('2026-03-10T16:00:00Z');
    await t.ok(admin, 'registers.mark', { sessionId: done.sessionIds[0], studentId: s2, mark: 'present' });
    await jump('2026-03-11T14:00:00Z');
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
    const v = await t.ok(admin, 'registers.today', {});
    expect(v.today).toBe('2026-03-11');
    expect(v.sessions.map((s) => [s.courseTitle, s.date, s.missing])).toEqual([
      ['Understanding Anxiety', '2026-03-11', 4],
      ['Living Well', '2026-03-11', 1],
      ['Living Well', '2026-03-10', 1],
    ]);
    // Any day can be looked up for a late correction, finished registers included.
    const day = await t.ok(admin, 'registers.day', { date: '2026-03-10' });
    expect(day.map((s) => [s.courseTitle, s.missing, s.marked])).toEqual([
      ['Finished Yesterday', 0, 1],
      ['Living Well', 1, 0],
    ]);
  });
});

describe('printable register', () => {
  it('produces a real PDF with every student’s name, one page per session for a run', async () => {
    await t.ok(admin, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
    const file = await t.ok(admin, 'registers.printSession', { sessionId: today });
    expect(file.mimeType).toBe('application/pdf');
    expect(file.suggestedName).toBe('register-understanding-anxiety-2026-03-11.pdf');
    const text = pdfText(file.base64, 'one.pdf');
    for (const [first, surname] of NAMES) expect(text).toContain(`${surname}, ${first}`);
    expect(text).toContain('Sam Okafor');
    expect(text).toMatch(/Signature/);

    await tt.cancelSession(run.sessionIds[0]);
    const all = await t.ok(admin, 'registers.printRun', { courseRunId: run.courseRunId });
    const pages = pdfText(all.base64, 'run.pdf').split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('4 Mar 2026');
    expect(pages[2]).toContain('18 Mar 2026');
  });
});

function pdfText(base64: string, name: string): string {
  const file = path.join(t.dir, name);
  const bytes = Buffer.from(base64, 'base64');
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
