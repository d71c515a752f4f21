// Students end to end through the core's one entry point: validation, NHS numbers, duplicates, search, audit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

let t: TestCore;
let admin: string;
beforeEach(async () => {
  t = await makeTestCore();
  admin = await t.signInAs('admin');
});
afterEach(() => t.close());

describe('students', () => {
  it('creates a student with a valid NHS number, stores digits only and gives a reference', async () => {
    const s = await t.ok(admin, 'students.create', { fields: validStudent({ nhsNumber: '943 476 5919' }) });
    expect(s.nhsNumber).toBe('9434765919');
    expect(s.reference).toBe('RC-000001');
  });

  it('refuses an NHS number with the wrong check digit, saying why, and saves nothing', async () => {
    const e = await t.fail(admin, 'students.create', { fields: validStudent({ nhsNumber: '943 476 5910' }) });
    expect(e.reason).toBe('input.invalid');
    expect(e.fields?.nhsNumber).toMatch(/check digit/);
    const page = await t.ok(admin, 'students.search', { query: '' });
    expect(page.total).toBe(0);
  });

  it('gives field-level messages for a missing name and an impossible date of birth', async () => {
    const e = await t.fail(admin, 'students.create', { fields: validStudent({ firstName: '  ', dateOfBirth: '1990-02-30' }) });
    expect(e.fields?.firstName).toMatch(/first name/i);
    expect(e.fields?.dateOfBirth).toMatch(/real date/i);
    const future = await t.fail(admin, 'students.create', { fields: validStudent({ dateOfBirth: '2999-01-01' }) });
    expect(future.fields?.dateOfBirth).toMatch(/future/);
    const long = await t.fail(admin, 'students.create', { fields: validStudent({ surname: 'x'.repeat(101) }) });
    expect(long.fields?.surname).toMatch(/at most 100/);
  });

  it('keeps NHS numbers unique among students', async () => {
    await t.ok(admin, 'students.create', { fields: validStudent({ nhsNumber: '9434765919' }) });
    const e = await t.fail(admin, 'students.create', {
      fields: validStudent({ firstName: 'Other', surname: 'Person', dateOfBirth: '1970-01-01', nhsNumber: '943 476 5919' }),
      confirmedNotDuplicate: true,
    });
    expect(e.fields?.nhsNumber).toMatch(/already recorded for Alex Testperson \(RC-000001\)/);
  });

  it('warns about a possible duplicate (same date of birth, similar name) until confirmed', async () => {
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Jon', surname: 'Smith' }) });
    const e = await t.fail(admin, 'students.create', { fields: validStudent({ firstName: 'John', surname: 'Smith' }) });
    expect(e.reason).toBe('student.possible-duplicate');
    expect(e.details).toEqual([expect.objectContaining({ reference: 'RC-000001', why: expect.stringMatching(/date of birth/) })]);
    const s = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'John', surname: 'Smith' }), confirmedNotDuplicate: true });
    expect(s.reference).toBe('RC-000002');
    // A different person with the same birthday is not flagged.
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Priya', surname: 'Patel' }) });
  });

  it('finds students by surname, first name, preferred name, reference, NHS number with or without spaces, and phone', async () => {
    await t.ok(admin, 'students.create', {
      fields: validStudent({ firstName: 'Margaret', surname: 'O’Donnell', preferredName: 'Peggy', nhsNumber: '4010232137', phone: '07700 900123' }),
    });
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Sam', surname: 'Jones', dateOfBirth: '1990-01-01' }) });
    const names = async (query: string) => (await t.ok(admin, 'students.search', { query })).rows.map((r) => r.firstName);
    expect(await names('donn')).toEqual(['Margaret']);
    expect(await names('marg')).toEqual(['Margaret']);
    expect(await names('peg')).toEqual(['Margaret']);
    expect(await names('RC-000002')).toEqual(['Sam']);
    expect(await names('401 023')).toEqual(['Margaret']);
    expect(await names('4010232137')).toEqual(['Margaret']);
    expect(await names('07700900')).toEqual(['Margaret']);
    expect(await names('sam jon')).toEqual(['Sam']);
    expect(await names('')).toEqual(['Sam', 'Margaret']);
  });

  it('pages and sorts in SQL', async () => {
    for (const [i, surname] of ['Cole', 'Adams', 'Baker'].entries()) {
      await t.ok(admin, 'students.create', { fields: validStudent({ surname, dateOfBirth: `198${i}-01-01` }) });
    }
    const p1 = await t.ok(admin, 'students.search', { query: '', pageSize: 2, page: 1 });
    expect(p1.total).toBe(3);
    expect(p1.rows.map((r) => r.surname)).toEqual(['Adams', 'Baker']);
    const p2 = await t.ok(admin, 'students.search', { query: '', pageSize: 2, page: 2 });
    expect(p2.rows.map((r) => r.surname)).toEqual(['Cole']);
    const recent = await t.ok(admin, 'students.search', { query: '', sort: 'recent' });
    expect(recent.rows[0].surname).toBe('Baker');
  });

  it('audits create, update (with the fields changed) and archive in the same transaction', async () => {
    const s = await t.ok(admin, 'students.create', { fields: validStudent() });
    const { version: _v, ...rest } = s;
    void _v;
    const updated = await t.ok(admin, 'students.update', {
      id: s.id,
      version: s.version,
      fields: validStudent({ surname: 'Renamed', phone: '01702 123456', preferredName: rest.preferredName }),
    });
    expect(updated.surname).toBe('Renamed');
    await t.ok(admin, 'students.archive', { id: s.id, reason: 'Moved away' });
    const history = await t.ok(admin, 'students.history', { id: s.id });
    expect(history.rows.map((r) => r.action)).toEqual(['archive', 'update', 'create']);
    expect(history.rows[1].fields.sort()).toEqual(['phone', 'surname']);
    expect(history.rows[1].staffName).toMatch(/Test admin/);
    // Archived students leave everyday search but can be included.
    expect((await t.ok(admin, 'students.search', { query: 'renamed' })).total).toBe(0);
    expect((await t.ok(admin, 'students.search', { query: 'renamed', includeArchived: true })).total).toBe(1);
  });

  it('refuses an update made from a stale copy of the record', async () => {
    const s = await t.ok(admin, 'students.create', { fields: validStudent() });
    await t.ok(admin, 'students.update', { id: s.id, version: s.version, fields: validStudent({ surname: 'First' }) });
    const e = await t.fail(admin, 'students.update', { id: s.id, version: s.version, fields: validStudent({ surname: 'Second' }) });
    expect(e.reason).toBe('record.changed');
    expect((await t.ok(admin, 'students.get', { id: s.id })).surname).toBe('First');
  });

  it('says who changed the record and when, when two people edit the same student', async () => {
    const s = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Twice' }) });
    const reception = admin;
    const office = await t.signInAs('coordinator', 'office.desk');
    await t.ok(office, 'students.update', { id: s.id, version: s.version, fields: validStudent({ firstName: 'Twice', surname: 'Office' }) });
    const e = await t.fail(reception, 'students.update', { id: s.id, version: s.version, fields: validStudent({ firstName: 'Twice', surname: 'Reception' }) });
    expect(e.reason).toBe('record.changed');
    if (e.reason !== 'record.changed') return;
    expect(e.details?.changedBy).toMatch(/^Test coordinator/);
    expect(e.details?.changedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(e.message).toMatch(/^Test coordinator \d+ changed this record \(\d{1,2} \w{3} \d{4}, \d{2}:\d{2}\) while you were editing it/);
    expect((await t.ok(admin, 'students.get', { id: s.id })).surname).toBe('Office');
  });

  it('records data-sharing consent separately, with its date, and its withdrawal', async () => {
    const s = await t.ok(admin, 'students.create', { fields: validStudent() });
    const noNhs = await t.fail(admin, 'students.recordConsent', { id: s.id, givenOn: '2025-01-01' });
    expect(noNhs.message).toMatch(/NHS number/);
    await t.ok(admin, 'students.update', { id: s.id, version: s.version, fields: validStudent({ nhsNumber: '9990000018' }) });
    const given = await t.ok(admin, 'students.recordConsent', { id: s.id, givenOn: '2025-01-01' });
    expect(given.consentInForce).toBe(true);
    expect(given.consents[0]).toMatchObject({ givenOn: '2025-01-01', withdrawnOn: null });
    const withdrawn = await t.ok(admin, 'students.withdrawConsent', { id: s.id, withdrawnOn: '2025-02-01' });
    expect(withdrawn.consentInForce).toBe(false);
  });
});
