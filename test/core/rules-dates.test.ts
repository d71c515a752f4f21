// The rule: every date field takes only days that exist, within a sensible range for what it is — the timetable in
// 2000–2100, a date in a student's life between their birth and today — and the tax year and the week are computed
// once, in Europe/London time (the renderer used to have a UTC copy that was wrong around midnight on 5/6 April).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentTaxYear, currentWeek, taxYearOf, weekOf } from '../../src-main/contract/dates';
import { contract } from '../../src-main/contract/contract';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

describe('the tax year and the week, in Europe/London time', () => {
  it('turns to the new tax year at midnight on 5/6 April in London, not in UTC', () => {
    // 6 April is in British Summer Time: 00:30 in London is 23:30 UTC on the 5th.
    expect(currentTaxYear(new Date('2026-04-05T22:59:59Z'))).toBe(2025); // 23:59:59 on 5 April in London
    expect(currentTaxYear(new Date('2026-04-05T23:00:00Z'))).toBe(2026); // 00:00 on 6 April in London
    expect(currentTaxYear(new Date('2026-04-05T23:30:00Z'))).toBe(2026);
    expect(taxYearOf('2026-04-05')).toBe(2025);
    expect(taxYearOf('2026-04-06')).toBe(2026);
  });

  it('starts the week on Monday in London', () => {
    // Sunday 5 April 2026, 23:30 UTC, is already Monday 6 April in London.
    expect(currentWeek(new Date('2026-04-05T23:30:00Z'))).toEqual({ from: '2026-04-06', to: '2026-04-12' });
    expect(currentWeek(new Date('2026-04-05T22:30:00Z'))).toEqual({ from: '2026-03-30', to: '2026-04-05' });
    expect(weekOf('2026-04-05')).toEqual({ from: '2026-03-30', to: '2026-04-05' });
  });

  it('has one copy: the screens use the contract’s, not a UTC one of their own', () => {
    const shared = readFileSync('src-renderer/expenses/shared.tsx', 'utf8');
    expect(shared).not.toMatch(/function currentTaxYear|toISOString\(\)/);
    expect(readFileSync('src-renderer/expenses/TotalsPage.tsx', 'utf8')).toMatch(/currentTaxYear \} from '..\/..\/src-main\/contract\/dates'/);
  });
});

describe('date fields in the contract', () => {
  const parse = (name: keyof typeof contract, input: unknown) => contract[name].input.safeParse(input);

  it('refuse impossible dates on every kind of field', () => {
    expect(parse('students.recordConsent', { id: 1, givenOn: '2026-02-30' }).success).toBe(false);
    expect(parse('students.withdrawConsent', { id: 1, withdrawnOn: '2026-02-31' }).success).toBe(false);
    expect(parse('registers.recordFollowUp', { studentId: 1, courseRunId: 1, contactedOn: '2026-02-30', outcome: 'Rang' }).success).toBe(false);
    expect(parse('registers.day', { date: '2026-02-29' }).success).toBe(false);
    expect(parse('registers.followUps', { since: '2026-04-31' }).success).toBe(false);
    expect(parse('expenses.payees.sessions', { payeeId: 1, from: '2026-02-30' }).success).toBe(false);
    expect(parse('scheduling.createTerm', { name: 'Spring', startsOn: '2027-02-29', endsOn: '2027-03-31' }).success).toBe(false);
    expect(parse('students.recordConsent', { id: 1, givenOn: '2024-02-29' }).success).toBe(true); // a leap day is real
  });

  it('keep the timetable within 2000–2100', () => {
    const term = parse('scheduling.createTerm', { name: 'Typo', startsOn: '1999-09-06', endsOn: '2000-12-17' });
    expect(term.success).toBe(false);
    expect(term.error?.issues[0].message).toMatch(/timetable runs from 2000 to 2100/);
    expect(parse('scheduling.createTerm', { name: 'Far', startsOn: '2100-09-06', endsOn: '2101-01-10' }).success).toBe(false);
    expect(parse('scheduling.addClosure', { startsOn: '2101-01-01', endsOn: '2101-01-02', description: 'Closed' }).success).toBe(false);
    expect(parse('scheduling.addSession', { runId: 1, times: { date: '1999-12-31', startTime: '10:00', endTime: '12:00' } }).success).toBe(false);
    expect(parse('scheduling.addSession', { runId: 1, times: { date: '2100-12-31', startTime: '10:00', endTime: '12:00' } }).success).toBe(true);
  });
});

describe('dates in a student’s life, through the core', () => {
  let t: TestCore;
  let admin: string;
  let studentId: number;
  beforeEach(async () => {
    t = await makeTestCore({ now: () => new Date('2026-03-11T12:00:00Z') });
    admin = await t.signInAs('admin');
    studentId = (await t.ok(admin, 'students.create', { fields: validStudent({ dateOfBirth: '1990-05-20', nhsNumber: '9990000018' }) })).id;
  });
  afterEach(() => t.close());

  it('refuses 30 February for consent, its withdrawal and a follow-up contact, and stores nothing', async () => {
    expect((await t.fail(admin, 'students.recordConsent', { id: studentId, givenOn: '2026-02-30' })).fields?.givenOn).toMatch(/real date/);
    const detail = await t.ok(admin, 'students.get', { id: studentId });
    expect(detail.consents).toEqual([]);
    await t.ok(admin, 'students.recordConsent', { id: studentId, givenOn: '2026-02-01' });
    expect((await t.fail(admin, 'students.withdrawConsent', { id: studentId, withdrawnOn: '2026-02-31' })).fields?.withdrawnOn).toMatch(/real date/);
    const contact = await t.fail(admin, 'registers.recordFollowUp', { studentId, courseRunId: 1, contactedOn: '2026-02-30', outcome: 'Rang' });
    expect(contact.fields?.contactedOn).toMatch(/real date/);
  });

  it('refuses a questionnaire, consent or destination dated before the student was born, or in the future', async () => {
    const items = [3, 3, 3, 3, 3, 3, 3];
    const before = await t.fail(admin, 'outcomes.recordQuestionnaire', { studentId, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '1990-05-19', items });
    expect(before.fields?.completedOn).toMatch(/before the student was born \(20 May 1990\)/);
    const future = await t.fail(admin, 'outcomes.recordQuestionnaire', { studentId, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2026-03-12', items });
    expect(future.fields?.completedOn).toMatch(/today’s date or an earlier one/);
    await t.ok(admin, 'outcomes.recordQuestionnaire', { studentId, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2026-03-11', items });

    expect((await t.fail(admin, 'students.recordConsent', { id: studentId, givenOn: '1989-01-01' })).fields?.givenOn).toMatch(/before the student was born/);
    expect((await t.fail(admin, 'students.recordConsent', { id: studentId, givenOn: '2026-03-12' })).fields?.givenOn).toMatch(/earlier one/);

    const dest = await t.fail(admin, 'outcomes.recordDestination', { studentId, kind: 'paid_work_started', onDate: '1980-01-01' });
    expect(dest.fields?.onDate).toMatch(/before the student was born/);
    expect((await t.fail(admin, 'outcomes.recordDestination', { studentId, kind: 'paid_work_started', onDate: '2027-01-01' })).fields?.onDate).toMatch(/earlier one/);
    await t.ok(admin, 'outcomes.recordDestination', { studentId, kind: 'paid_work_started', onDate: '2026-03-01' });
  });
});

describe('a date of birth has one rule, and the college’s own dates a sensible range', () => {
  const parse = (name: keyof typeof contract, input: unknown) => contract[name].input.safeParse(input);
  const messages = (r: ReturnType<typeof parse>) => (r.success ? [] : r.error.issues.map((i) => i.message));
  const dropIn = (dateOfBirth: string) => parse('registers.dropIn', { sessionId: 1, newStudent: { firstName: 'Ada', surname: 'Drop', dateOfBirth } });
  const fullRecord = (dateOfBirth: string) => parse('students.create', { fields: validStudent({ dateOfBirth }) });

  it('refuses a drop-in’s date of birth of 14 October 1066 exactly as a full student record does', () => {
    for (const dob of ['1066-10-14', '1899-12-31', '2999-01-01', '1990-02-30']) {
      expect(dropIn(dob).success, dob).toBe(false);
      expect(messages(dropIn(dob)), dob).toEqual(messages(fullRecord(dob)));
    }
    expect(messages(dropIn('1066-10-14'))).toEqual(['Please check the year of birth: it is before 1900.']);
    expect(dropIn('1900-01-01').success).toBe(true);
    expect(fullRecord('1900-01-01').success).toBe(true);
  });

  it('refuses 1066 for a satisfaction form, a subject access request, its answer and data security training', () => {
    const form = parse('outcomes.recordSatisfaction', { courseRunId: 1, receivedOn: '1066-10-14', rating: 4, wouldRecommend: true });
    expect(messages(form)).toEqual(['Please check the year of the date the form was received.']);
    expect(parse('outcomes.recordSatisfaction', { courseRunId: 1, receivedOn: '2026-03-01', rating: 4, wouldRecommend: true }).success).toBe(true);
    expect(messages(parse('privacy.subjectAccess.log', { studentId: 1, receivedOn: '1066-10-14' }))).toEqual(['Please check the year of the date the request was received.']);
    expect(parse('privacy.subjectAccess.log', { studentId: 1, receivedOn: '2026-03-01' }).success).toBe(true);
    expect(parse('privacy.subjectAccess.complete', { id: 1, completedOn: '1066-10-14' }).success).toBe(false);
    expect(messages(parse('privacy.dataSecurity.recordTraining', { staffId: 1, completedOn: '1066-10-14' }))).toEqual(['Please check the year of the date of the training.']);
    expect(parse('privacy.dataSecurity.recordTraining', { staffId: 1, completedOn: '2026-02-30' }).success).toBe(false);
    expect(parse('privacy.dataSecurity.recordTraining', { staffId: 1, completedOn: '2026-03-01' }).success).toBe(true);
  });

  it('adds nobody when a drop-in’s date of birth is refused', async () => {
    const t = await makeTestCore({ now: () => new Date('2026-03-11T12:00:00Z') });
    try {
      const admin = await t.signInAs('admin');
      const e = await t.fail(admin, 'registers.dropIn', { sessionId: 1, newStudent: { firstName: 'Ada', surname: 'Drop', dateOfBirth: '1066-10-14' } });
      expect(e.reason).toBe('input.invalid');
      expect(JSON.stringify(e.fields)).toMatch(/before 1900/);
      expect(await t.core.database.db.selectFrom('students').select('id').execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
