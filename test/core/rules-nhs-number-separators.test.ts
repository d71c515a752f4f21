// The rule: an NHS number typed with spaces, dashes or dots (`943-476-5919`, `943.476.5919`) is the same number —
// for saving, for search and for the duplicate check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkNhsNumber, nhsDigits } from '../../src-main/contract/nhs-number';
import { toFtsQuery } from '../../src-main/core/students/search';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

let t: TestCore;
let admin: string;
beforeEach(async () => {
  t = await makeTestCore();
  admin = await t.signInAs('admin');
});
afterEach(() => t.close());

describe('NHS numbers typed with dashes or dots', () => {
  it('are read as the same ten digits', () => {
    for (const typed of ['943 476 5919', '943-476-5919', '943.476.5919', ' 943 - 476 - 5919 ']) {
      expect(nhsDigits(typed)).toBe('9434765919');
      expect(checkNhsNumber(typed)).toEqual({ valid: true, digits: '9434765919' });
    }
    expect(toFtsQuery('943-476-5919')).toBe('"9434765919"*');
    expect(toFtsQuery('943.476')).toBe('"943476"*');
  });

  it('are found by search, in full or in part', async () => {
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Margaret', nhsNumber: '943 476 5919' }) });
    const names = async (query: string) => (await t.ok(admin, 'students.search', { query })).rows.map((r) => r.firstName);
    expect(await names('943-476-5919')).toEqual(['Margaret']);
    expect(await names('943.476.5919')).toEqual(['Margaret']);
    expect(await names('943-476')).toEqual(['Margaret']);
  });

  it('are caught by the duplicate check', async () => {
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Margaret', surname: 'Jones', nhsNumber: '9434765919' }) });
    const dupes = await t.ok(admin, 'students.checkDuplicates', { firstName: 'Someone', surname: 'Else', dateOfBirth: '1970-01-01', nhsNumber: '943-476-5919' });
    expect(dupes).toEqual([expect.objectContaining({ why: 'Same NHS number (943 476 5919)' })]);
    const dotted = await t.ok(admin, 'students.checkDuplicates', { firstName: 'Someone', surname: 'Else', dateOfBirth: '1970-01-01', nhsNumber: '943.476.5919' });
    expect(dotted).toHaveLength(1);
    const e = await t.fail(admin, 'students.create', {
      fields: validStudent({ firstName: 'Other', surname: 'Person', dateOfBirth: '1970-01-01', nhsNumber: '943.476.5919' }),
      confirmedNotDuplicate: true,
    });
    expect(e.fields?.nhsNumber).toMatch(/already recorded for Margaret Jones/);
  });
});
