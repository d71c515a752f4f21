// Erasure and retention: anonymising a student leaves no trace of them in any table, in the database file's bytes
// (free pages included) or its write-ahead log, drops them from later extracts, keeps the facts the figures count, and
// leaves a stored return byte-for-byte unchanged. The retention rule lists who is due, oldest first.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';
import { returnsFixtures } from '../helpers/returns-fixtures';
import { openWith7z } from '../helpers/zip';

const PASSPHRASE = 'harbour violet thimble';
const Q2 = { kind: 'quarter' as const, financialYear: 2026, quarter: 2 }; // Jul–Sep 2026
let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-11-20T12:00:00Z') });
});
afterEach(() => t.close());

/** Words that identify the person, each unique to them in this database. */
const TRACES = ['Xanthippe', 'Wolfenbarger', 'xanthippe.w@example.org', '07700900987', 'SS1 9ZZ', 'Ignatius Pemberton', 'Zebracrossing note', 'Spoke with her aunt', 'Loves origami', 'Needs a hearing loop', '9990000018', '1984-02-29'];

function everyTableAsText(): string {
  const sqlite = t.core.database.sqlite;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  return tables.map((name) => `${name}: ${JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).raw().all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))}`).join('\n');
}

describe('anonymising a student on request', () => {
  it('leaves no trace of them in any table, the file or its free pages, and a stored return unchanged', async () => {
    const db = t.core.database.db;
    const f = returnsFixtures(db);
    const me = await t.ok('setup', 'students.create', {
      fields: validStudent({
        firstName: 'Xanthippe',
        surname: 'Wolfenbarger',
        preferredName: 'Xan',
        dateOfBirth: '1984-02-29',
        email: 'xanthippe.w@example.org',
        phone: '07700 900987',
        postcode: 'SS1 9ZZ',
        emergencyContactName: 'Ignatius Pemberton',
        supportNeeds: 'Needs a hearing loop',
        nhsNumber: '9990000018',
        ethnicCategory: 'A',
        genderIdentity: '2',
      }),
    });
    const other = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Keep', surname: 'Me', nhsNumber: '9990000042' }) });
    await t.ok('setup', 'students.recordConsent', { id: me.id, givenOn: '2026-01-01' });
    await t.ok('setup', 'students.recordConsent', { id: other.id, givenOn: '2026-01-01' });
    const run = await f.courseRun('Living Well');
    const session = await f.session(run, '2026-08-03');
    await f.enrol(run, me.id, '2026-07-01');
    await f.mark(session, me.id, 'present');
    await f.mark(session, other.id, 'present');
    await db.updateTable('attendance').set({ note: 'Zebracrossing note' }).where('student_id', '=', me.id).execute();
    const staffId = (await db.selectFrom('staff').select('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('follow_up_contacts').values({ student_id: me.id, course_run_id: run, contacted_on: '2026-08-20', contacted_by: staffId, outcome: 'Spoke with her aunt', created_at: '2026-08-20T10:00:00Z' }).execute();
    await db.insertInto('destinations').values({ student_id: me.id, kind: 'volunteering_started', on_date: '2026-09-01', notes: 'Loves origami', entered_by: staffId, entered_at: '2026-09-01T10:00:00Z' }).execute();
    await t.ok('setup', 'students.search', { query: 'Wolfenbarger' });

    const stored = await t.ok('setup', 'returns.produce', { period: Q2 });
    const filesBefore = await db.selectFrom('return_files').select(['name', 'sha256', 'bytes']).orderBy('id').execute();
    const returnBefore = await db.selectFrom('returns').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    const extractText = async () => {
      const r = await t.ok('setup', 'extracts.run', { period: Q2, reason: 'Evaluation', passphrase: PASSPHRASE });
      return Object.values(openWith7z(Buffer.from(r.file.base64, 'base64'), PASSPHRASE).files)[0].toString('utf8');
    };
    expect(await extractText()).toContain('9990000018');
    expect(everyTableAsText()).toContain('Wolfenbarger');

    expect((await t.fail('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'Asked to be forgotten', confirm: false as never })).code).toBe('VALIDATION');
    expect(await t.ok('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'The student asked to be forgotten (letter of 18 Nov)', confirm: true })).toEqual({ anonymised: 1 });
    expect((await t.fail('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'Again', confirm: true })).code).toBe('CONFLICT');

    // Not in any table (search index and its shadow tables included)…
    const text = everyTableAsText();
    for (const trace of TRACES) expect(text, trace).not.toContain(trace);
    // …nor anywhere in the file's bytes (free pages included) or the write-ahead log, after the checkpoint.
    const file = t.core.database.file;
    const bytes = readFileSync(file).toString('latin1');
    for (const trace of TRACES) expect(bytes.includes(trace), `${trace} in the database file`).toBe(false);
    if (existsSync(`${file}-wal`)) {
      const wal = readFileSync(`${file}-wal`).toString('latin1');
      for (const trace of TRACES) expect(wal.includes(trace), `${trace} in the WAL`).toBe(false);
    }
    expect(statSync(file).size).toBeGreaterThan(0);

    // The facts the figures need stay; the stored return is byte-for-byte the same.
    const after = await t.ok('setup', 'students.get', { id: me.id });
    expect(after).toMatchObject({ firstName: 'Anonymised', surname: me.reference, dateOfBirth: '1984-07-01', nhsNumber: null, email: null, ethnicCategory: 'A', genderIdentity: '2' });
    expect(await db.selectFrom('attendance').select('mark').where('student_id', '=', me.id).execute()).toEqual([{ mark: 'present' }]);
    expect(await db.selectFrom('return_files').select(['name', 'sha256', 'bytes']).orderBy('id').execute()).toEqual(filesBefore);
    expect(await db.selectFrom('returns').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow()).toEqual(returnBefore);
    // Later extracts leave them out; the other student is still there.
    const later = await extractText();
    expect(later).not.toContain('9990000018');
    expect(later).toContain('9990000042');
    // Not findable by name any more.
    expect((await t.ok('setup', 'students.search', { query: 'Wolfenbarger', includeArchived: true })).total).toBe(0);

    const audit = await t.ok('setup', 'audit.list', { entity: 'student' });
    expect(audit.rows.find((r) => r.action === 'anonymise')).toMatchObject({ entityId: me.id, summary: expect.stringMatching(/asked to be forgotten/) });
  });

  it('is for managers only', async () => {
    const s = await t.ok('setup', 'students.create', { fields: validStudent() });
    const coordinator = await t.signInAs('coordinator');
    expect((await t.fail(coordinator, 'privacy.anonymise', { studentIds: [s.id], reason: 'x', confirm: true })).code).toBe('FORBIDDEN');
  });
});

describe('the retention rule', () => {
  it('lists students whose last attendance is older than the setting, oldest first, and anonymises them in bulk', async () => {
    const db = t.core.database.db;
    const f = returnsFixtures(db);
    const run = await f.courseRun('Old course');
    const old = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Old', surname: 'Attender' }) });
    const older = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Older', surname: 'Attender', dateOfBirth: '1950-01-01' }) });
    const recent = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Recent', surname: 'Attender', dateOfBirth: '1990-01-01' }) });
    await f.mark(await f.session(run, '2018-03-01'), old.id, 'present');
    await f.mark(await f.session(run, '2017-03-01'), older.id, 'late');
    await f.mark(await f.session(run, '2020-03-01'), recent.id, 'present');

    expect((await t.ok('setup', 'settings.get', {})).retentionYearsAfterLastAttendance).toBe(8);
    const due = await t.ok('setup', 'privacy.retention.due', {});
    expect(due.years).toBe(8);
    expect(due.students.map((s) => [s.reference, s.lastAttended])).toEqual([
      [older.reference, '2017-03-01'],
      [old.reference, '2018-03-01'],
    ]);
    await t.ok('setup', 'settings.update', { retentionYearsAfterLastAttendance: 6 });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students).toHaveLength(3);
    await t.ok('setup', 'settings.update', { retentionYearsAfterLastAttendance: 8 });

    await t.ok('setup', 'privacy.anonymise', { studentIds: due.students.map((s) => s.id), reason: 'Retention: 8 years after last attendance', confirm: true });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students).toEqual([]);
    expect((await t.ok('setup', 'students.get', { id: recent.id })).firstName).toBe('Recent');
  });
});
