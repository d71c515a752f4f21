// Outcomes through the core: questionnaires item by item (SWEMWBS conversion, incomplete never scored), destinations,
// anonymous satisfaction forms, the follow-up-due queue and who may do what.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreQuestionnaire, swemwbsMetric } from '../../src-main/contract/outcomes';
import { makeTestCore, type TestCore } from '../helpers/core';
import { returnsFixtures, type ReturnsFixtures } from '../helpers/returns-fixtures';

let t: TestCore;
let f: ReturnsFixtures;
let admin: string;
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2025-11-20T12:00:00Z') });
  f = returnsFixtures(t.core.database.db);
  admin = await t.signInAs('admin');
});
afterEach(() => t.close());

describe('SWEMWBS conversion', () => {
  it('converts both ends of the published table and a middle value', () => {
    expect(swemwbsMetric(7)).toBe(7.0);
    expect(swemwbsMetric(35)).toBe(35.0);
    expect(swemwbsMetric(21)).toBe(19.25);
    expect(swemwbsMetric(8)).toBe(9.51);
    expect(swemwbsMetric(34)).toBe(32.55);
    expect(() => swemwbsMetric(6)).toThrow(RangeError);
    expect(() => swemwbsMetric(36)).toThrow(RangeError);
  });
  it('scores WEMWBS as the raw total and a questionnaire with a blank as incomplete', () => {
    expect(scoreQuestionnaire('WEMWBS', Array(14).fill(5))).toEqual({ complete: true, raw: 70, score: 70 });
    expect(scoreQuestionnaire('SWEMWBS', [1, 1, 1, 1, 1, 1, 1])).toEqual({ complete: true, raw: 7, score: 7 });
    expect(scoreQuestionnaire('SWEMWBS', [5, 5, 5, null, 5, 5, 5])).toEqual({ complete: false, raw: null, score: null });
  });
});

describe('questionnaires', () => {
  it('stores item by item with the metric score, and an incomplete one without any score', async () => {
    const s = await f.student();
    const q = await t.ok(admin, 'outcomes.recordQuestionnaire', { studentId: s, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2025-10-01', items: [5, 5, 5, 5, 5, 5, 5] });
    expect(q).toMatchObject({ complete: true, rawScore: 35, score: 35, items: [5, 5, 5, 5, 5, 5, 5], enteredBy: expect.stringMatching(/admin/) });
    const run = await f.courseRun('Course');
    await f.enrol(run, s, '2025-09-01');
    const inc = await t.ok(admin, 'outcomes.recordQuestionnaire', { studentId: s, scale: 'SWEMWBS', timepoint: 'end', completedOn: '2025-11-01', courseRunId: run, items: [3, null, 3, 3, 3, 3, 3] });
    expect(inc).toMatchObject({ complete: false, rawScore: null, score: null, items: [3, null, 3, 3, 3, 3, 3], courseTitle: 'Course' });
    const row = await t.core.database.db.selectFrom('questionnaires').selectAll().where('id', '=', inc.id).executeTakeFirstOrThrow();
    expect([row.complete, row.raw_score, row.score_centi, row.item_2, row.item_8]).toEqual([0, null, null, null, null]);
    const all = await t.ok(admin, 'outcomes.forStudent', { studentId: s });
    expect(all.questionnaires.map((x) => x.timepoint)).toEqual(['end', 'baseline']);
    expect(all.scale).toBe('SWEMWBS');
    expect(all.courseRuns).toEqual([expect.objectContaining({ courseRunId: run, courseTitle: 'Course', status: 'enrolled' })]);
  });

  it('refuses wrong item counts, out-of-range answers, future dates, missing course and a second baseline', async () => {
    const s = await f.student();
    const base = { studentId: s, scale: 'SWEMWBS' as const, timepoint: 'baseline' as const, completedOn: '2025-10-01' };
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, items: [3, 3, 3] })).reason).toBe('input.invalid');
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, items: Array(14).fill(3) })).fields?.items).toMatch(/SWEMWBS has 7 questions; 14/);
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, items: [3, 3, 3, 6, 3, 3, 3] })).message).toMatch(/1 to 5/);
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, completedOn: '2025-12-01', items: Array(7).fill(3) })).fields?.completedOn).toMatch(/future/);
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, timepoint: 'end', items: Array(7).fill(3) })).fields?.courseRunId).toMatch(/choose the course/);
    const run = await f.courseRun('Not theirs');
    expect((await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, timepoint: 'end', courseRunId: run, items: Array(7).fill(3) })).fields?.courseRunId).toMatch(/not enrolled/);
    await t.ok(admin, 'outcomes.recordQuestionnaire', { ...base, items: Array(7).fill(3) });
    const dup = await t.fail(admin, 'outcomes.recordQuestionnaire', { ...base, items: Array(7).fill(4) });
    expect(dup.reason).toBe('questionnaire.already-entered');
    expect(await t.core.database.db.selectFrom('questionnaires').selectAll().execute()).toHaveLength(1);
  });

  it('corrects a questionnaire (version-checked, audited) and deletes one with a reason', async () => {
    const s = await f.student();
    const q = await t.ok(admin, 'outcomes.recordQuestionnaire', { studentId: s, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2025-10-01', items: [3, 3, 3, 3, 3, 3, null] });
    const fixed = await t.ok(admin, 'outcomes.correctQuestionnaire', { id: q.id, version: 1, fields: { studentId: s, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2025-10-01', items: [3, 3, 3, 3, 3, 3, 2] } });
    expect(fixed).toMatchObject({ complete: true, rawScore: 20, score: 18.59, version: 2 });
    expect((await t.fail(admin, 'outcomes.correctQuestionnaire', { id: q.id, version: 1, fields: { studentId: s, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2025-10-01', items: Array(7).fill(1) } })).reason).toBe('record.changed');
    await t.ok(admin, 'outcomes.deleteQuestionnaire', { id: q.id, reason: 'Entered for the wrong student' });
    expect((await t.ok(admin, 'outcomes.forStudent', { studentId: s })).questionnaires).toEqual([]);
    const audit = await t.ok('setup', 'audit.list', { entity: 'questionnaire' });
    expect(audit.rows.map((r) => r.action)).toEqual(['delete', 'correct', 'create']);
  });
});

describe('destinations and satisfaction', () => {
  it('records destinations with dates; “with the college” only for volunteering', async () => {
    const s = await f.student();
    const d = await t.ok(admin, 'outcomes.recordDestination', { studentId: s, kind: 'volunteering_started', withCollege: true, onDate: '2025-10-10' });
    expect(d).toMatchObject({ kind: 'volunteering_started', withCollege: true, onDate: '2025-10-10' });
    const e = await t.fail(admin, 'outcomes.recordDestination', { studentId: s, kind: 'paid_work_started', withCollege: true, onDate: '2025-10-10' });
    expect(e.fields?.withCollege).toMatch(/volunteering only/);
    await t.ok(admin, 'outcomes.deleteDestination', { id: d.id, reason: 'Typed twice' });
    expect((await t.ok(admin, 'outcomes.forStudent', { studentId: s })).destinations).toEqual([]);
  });

  it('keeps satisfaction forms anonymous and summarises them per course run', async () => {
    const run = await f.courseRun('Mindfulness');
    await t.ok(admin, 'outcomes.recordSatisfaction', { courseRunId: run, receivedOn: '2025-11-01', rating: 5, wouldRecommend: true, comment: '=cmd|x' });
    await t.ok(admin, 'outcomes.recordSatisfaction', { courseRunId: run, receivedOn: '2025-11-01', rating: 4, wouldRecommend: false });
    await t.ok(admin, 'outcomes.recordSatisfaction', { courseRunId: run, receivedOn: '2025-11-01', rating: null, wouldRecommend: true });
    const blank = await t.fail(admin, 'outcomes.recordSatisfaction', { courseRunId: run, receivedOn: '2025-11-01', rating: null, wouldRecommend: null });
    expect(blank.message).toMatch(/blank/);
    const sum = await t.ok(admin, 'outcomes.satisfactionForRun', { courseRunId: run });
    expect(sum.meanRating).toBe(4.5); // (5 + 4) / 2
    expect(sum.recommendPercent).toBe(66.7); // 2 of 3
    expect(sum.responses).toHaveLength(3);
    const columns = Object.keys(await t.core.database.db.selectFrom('satisfaction_responses').selectAll().executeTakeFirstOrThrow());
    expect(columns.some((c) => c.includes('student'))).toBe(false);
    expect((await t.ok(admin, 'outcomes.courseRunOptions', { query: 'mind' })).map((r) => r.courseTitle)).toEqual(['Mindfulness']);
  });
});

describe('follow-up due', () => {
  it('lists end-of-course and 3/6-month questionnaires due or overdue, not those answered or not yet due', async () => {
    // Today is 2025-11-20.
    const [a, b, c, w] = [await f.student({ first_name: 'Ann' }), await f.student({ first_name: 'Ben' }), await f.student({ first_name: 'Cat' }), await f.student({ first_name: 'Wes' })];
    const ending = await f.courseRun('Ending now'); // last session 11-18: end questionnaire due
    await f.session(ending, '2025-11-18');
    const ended = await f.courseRun('Ended in October'); // last session 10-01: overdue after 10-15
    await f.session(ended, '2025-10-01');
    const summer = await f.courseRun('Summer course'); // last session 08-15: 3-month due 11-15
    await f.session(summer, '2025-08-15');
    const future = await f.courseRun('Future'); // last session 12-20: not yet
    await f.session(future, '2025-12-20');
    await f.enrol(ending, a, '2025-10-01');
    await f.enrol(ending, w, '2025-10-01', 'withdrawn');
    await f.enrol(ended, b, '2025-09-01');
    await f.enrol(summer, c, '2025-07-01');
    await f.enrol(future, a, '2025-11-01');
    await f.enrol(summer, b, '2025-07-01'); // answered nothing at the end: no 3-month chase
    await t.ok(admin, 'outcomes.recordQuestionnaire', { studentId: c, scale: 'SWEMWBS', timepoint: 'end', completedOn: '2025-08-15', courseRunId: summer, items: Array(7).fill(3) });

    const due = await t.ok(admin, 'outcomes.followUpDue', {});
    expect(due.map((d) => [d.name, d.courseTitle, d.timepoint, d.dueOn, d.overdue])).toEqual([
      ['Ben Fixture', 'Summer course', 'end', '2025-08-15', true],
      ['Ben Fixture', 'Ended in October', 'end', '2025-10-01', true],
      ['Cat Fixture', 'Summer course', '3m', '2025-11-15', false],
      ['Ann Fixture', 'Ending now', 'end', '2025-11-18', false],
    ]);
  });
});

describe('questionnaires due list page', () => {
  it('sorts the questionnaires due by student or due date either way, pages them, and narrows them to overdue or a search', async () => {
    const ending = await f.courseRun('Ending now');
    await f.session(ending, '2025-11-18');
    const ended = await f.courseRun('Ended in October');
    await f.session(ended, '2025-10-01');
    const names = ['Kim', 'Abe', 'Uma', 'Dee', 'Raj', 'Bo', 'Zoe', 'Lee', 'Gus', 'Ivy', 'Max'];
    for (const [i, first] of names.entries()) await f.enrol(i % 4 === 0 ? ended : ending, await f.student({ first_name: first }), '2025-09-01');

    const p1 = await t.ok(admin, 'outcomes.questionnairesDue', { sort: 'student', direction: 'asc', pageSize: 10 });
    const p2 = await t.ok(admin, 'outcomes.questionnairesDue', { sort: 'student', direction: 'asc', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((d) => d.name.split(' ')[0])).toEqual([...names].sort());
    const latestFirst = await t.ok(admin, 'outcomes.questionnairesDue', { sort: 'due', direction: 'desc', pageSize: 25 });
    expect(latestFirst.rows.map((d) => d.dueOn)).toEqual([...latestFirst.rows.map((d) => d.dueOn)].sort().reverse());
    const overdue = await t.ok(admin, 'outcomes.questionnairesDue', { overdueOnly: true });
    expect(overdue.rows.map((d) => d.name.split(' ')[0]).sort()).toEqual(['Kim', 'Raj', 'Gus'].sort());
    expect((await t.ok(admin, 'outcomes.questionnairesDue', { query: 'october' })).total).toBe(3);
    expect((await t.fail(admin, 'outcomes.questionnairesDue', { sort: 'dueOn' as never })).code).toBe('VALIDATION');
  });
});

describe('permissions', () => {
  it('lets every role enter and read outcomes, but only with those permissions', async () => {
    const s = await f.student();
    const coordinator = await t.signInAs('coordinator');
    await t.ok(coordinator, 'outcomes.recordDestination', { studentId: s, kind: 'education_started', onDate: '2025-11-01' });
    const e = await t.fail('nobody', 'outcomes.forStudent', { studentId: s });
    expect(e.reason).toBe('session.signed-out');
  });
});

describe('demo data', () => {
  it('fills questionnaires, destinations and satisfaction for enrolled demo students, the same each time', async () => {
    const { fillOutcomesDemo } = await import('../../src-main/core/outcomes/demo');
    const run = await f.courseRun('Demo course');
    for (const d of ['2025-09-01', '2025-09-08', '2025-09-15']) await f.session(run, d);
    for (let i = 0; i < 40; i++) await f.enrol(run, await f.student(), '2025-08-20');
    const r = await fillOutcomesDemo(t.core.database.db, new Date('2025-11-20T12:00:00Z'));
    expect(r.questionnaires).toBeGreaterThanOrEqual(40);
    expect(r.satisfaction).toBeGreaterThan(0);
    const rows = await t.core.database.db.selectFrom('questionnaires').select(['timepoint', 'complete', 'score_centi']).execute();
    expect(rows.filter((q) => q.timepoint === 'baseline')).toHaveLength(40);
    expect(rows.every((q) => (q.complete === 1) === (q.score_centi !== null))).toBe(true);
  });
});

describe('training database', () => {
  it('has outcomes and consents after the demo fill, and a manager can produce last quarter’s return from it', async () => {
    const { fillDemoDatabase } = await import('../../src-main/core/demo/generate');
    const { lastCompletedQuarter } = await import('../../src-main/contract/returns');
    const demo = await makeTestCore({ fillDemo: fillDemoDatabase, now: () => new Date('2026-11-26T12:00:00Z') });
    try {
      await demo.ok('setup', 'demo.open', { scale: 60 });
      await demo.ok('setup', 'auth.signIn', { username: 'demo.manager', password: 'training-only-1' });
      const db = demo.core.demoDatabase!.db;
      expect((await db.selectFrom('questionnaires').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).not.toBe(0);
      expect((await db.selectFrom('data_sharing_consents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).not.toBe(0);
      const r = await demo.ok('setup', 'returns.produce', { period: lastCompletedQuarter('2026-11-26') });
      expect(r.period.label).toBe('Q2 2026/27 (1 Jul 2026 to 30 Sep 2026)');
      expect(r.files).toHaveLength(2);
    } finally {
      await demo.close();
    }
  }, 60_000); // the training database hashes the demo accounts' passwords at full strength
});
