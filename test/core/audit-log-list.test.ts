// The audit log as a manager reads it: each entry names its record (not "Student #176"), and it filters by who did it
// and by days at the college; summaries written with ISO dates read as UK dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../src-main/core/audit/audit';
import { ukDatesIn } from '../../src-main/contract/dates';
import { validStudent } from '../helpers/core';
import { bus, claimWith, makeWorld, type World } from './expenses-fixtures';

let w: World;
let studentId: number;
let studentRef: string;
let claimId: number;
let adminId: number;

beforeAll(async () => {
  w = await makeWorld();
  const s = await w.t.ok(w.admin, 'students.create', { fields: validStudent({ firstName: 'Jo', surname: 'Bloggs' }) });
  studentId = s.id;
  studentRef = s.reference;
  claimId = await claimWith(w, w.patId, [bus('2026-10-05', '2.50')]);
  const db = w.t.core.database.db;
  adminId = (await db.selectFrom('staff').select('id').where('username', '=', 'admin.1').executeTakeFirstOrThrow()).id;
});
afterAll(() => w.t.close());

describe('the audit log names records', () => {
  it('names a student by reference and name, and a claim by its EXP- reference and payee', async () => {
    const log = await w.t.ok(w.manager, 'audit.list', { page: 1, pageSize: 200 });
    const added = log.rows.find((r) => r.entity === 'student' && r.entityId === studentId && r.action === 'create');
    expect(added?.recordName).toBe(`${studentRef} Jo Bloggs`);
    const claim = log.rows.find((r) => r.entity === 'claim' && r.entityId === claimId && r.action === 'create');
    expect(claim?.recordName).toMatch(/^EXP-\d+ \(Pat Peer\)$/);
    const payee = log.rows.find((r) => r.entity === 'payee' && r.entityId === w.patId);
    expect(payee?.recordName).toBe('Pat Peer');
  });

  it('names a course run by its course and term, and a staff account by the person', async () => {
    const run = await w.t.core.database.db.selectFrom('course_runs').select('id').executeTakeFirstOrThrow();
    await writeAudit(w.t.core.database.db, { now: () => new Date(), staff: { id: adminId } }, { action: 'update', entity: 'course_run', entityId: run.id });
    await writeAudit(w.t.core.database.db, { now: () => new Date(), staff: { id: adminId } }, { action: 'update', entity: 'staff', entityId: adminId });
    const log = await w.t.ok(w.manager, 'audit.list', { page: 1, pageSize: 2 });
    expect(log.rows.map((r) => r.recordName)).toEqual(['Test admin 1', '“Understanding Anxiety”, Autumn 2026']);
  });
});

describe('the audit log filters', () => {
  it('shows only what one person did', async () => {
    const log = await w.t.ok(w.manager, 'audit.list', { staffId: adminId, page: 1, pageSize: 200 });
    expect(log.total).toBeGreaterThan(0);
    expect(new Set(log.rows.map((r) => r.staffName))).toEqual(new Set(['Test admin 1']));
    const all = await w.t.ok(w.manager, 'audit.list', { page: 1, pageSize: 200 });
    expect(all.total).toBeGreaterThan(log.total);
  });

  it('takes from and to as whole days in London time (00:30 BST on 30 March is the 30th)', async () => {
    const db = w.t.core.database.db;
    // 23:30 UTC on 29 March 2026 is 00:30 on the 30th in London (summer time began at 01:00 UTC that morning).
    await writeAudit(db, { now: () => new Date('2026-03-29T23:30:00Z'), staff: { id: adminId } }, { action: 'update', entity: 'student', entityId: studentId, summary: 'late night' });
    await writeAudit(db, { now: () => new Date('2026-03-28T12:00:00Z'), staff: { id: adminId } }, { action: 'update', entity: 'student', entityId: studentId, summary: 'the 28th' });
    const on30th = await w.t.ok(w.manager, 'audit.list', { from: '2026-03-30', to: '2026-03-30', page: 1, pageSize: 50 });
    expect(on30th.rows.map((r) => r.summary)).toEqual(['late night']);
    const on29th = await w.t.ok(w.manager, 'audit.list', { from: '2026-03-29', to: '2026-03-29', page: 1, pageSize: 50 });
    expect(on29th.total).toBe(0);
    const upTo29th = await w.t.ok(w.manager, 'audit.list', { to: '2026-03-29', page: 1, pageSize: 50 });
    expect(upTo29th.rows.map((r) => r.summary)).toEqual(['the 28th']);
  });

  it('refuses a date that is not a real day, in plain words', async () => {
    const err = await w.t.fail(w.manager, 'audit.list', { from: '2026-02-30', page: 1, pageSize: 50 });
    expect(err.reason).toBe('input.invalid');
    expect(JSON.stringify(err.fields)).toMatch(/real first day/);
  });
});

describe('dates in summaries read the UK way', () => {
  it('turns each ISO date into "7 Mar 2025", leaving file names and timestamps be', () => {
    expect(ukDatesIn('Closed 2026-01-05 to 2026-01-09: snow')).toBe('Closed 5 Jan 2026 to 9 Jan 2026: snow');
    expect(ukDatesIn('From 2026-10-05 10:00 to 2026-10-12 10:00')).toBe('From 5 Oct 2026 10:00 to 12 Oct 2026 10:00');
    expect(ukDatesIn('restored backup desk-2026-01-05-1030.db (taken 2026-01-05T10:30:00Z)')).toBe('restored backup desk-2026-01-05-1030.db (taken 2026-01-05T10:30:00Z)');
    expect(ukDatesIn('nothing 2026-02-30 here')).toBe('nothing 2026-02-30 here');
  });
});
