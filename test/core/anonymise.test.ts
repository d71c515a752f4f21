// Erasure and retention: anonymising a student leaves no trace of them in any table, in the database file's bytes
// (free pages included) or its write-ahead log, drops them from later extracts, keeps the facts the figures count, and
// leaves a stored return byte-for-byte unchanged. The retention rule lists who is due, oldest first.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore, deskFile, FILE_ONLY } from '../helpers/core';
import { recordEverywhere, type PersonWords } from '../helpers/person-everywhere';
import { returnsFixtures } from '../helpers/returns-fixtures';
import { openWith7z } from '../helpers/zip';

const PASSPHRASE = 'harbour violet thimble';
const Q2 = { kind: 'quarter' as const, financialYear: 2026, quarter: 2 }; // Jul–Sep 2026
let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-11-20T12:00:00Z') });
});
afterEach(() => t.close());

/** What is typed about the person, each unique to them in this database — entered through the API below. */
const WORDS: PersonWords = {
  firstName: 'Xanthippe',
  surname: 'Wolfenbarger',
  registerNote: 'Zebracrossing note',
  welfareOutcome: 'Spoke with her aunt',
  destinationNote: 'Loves origami',
  withdrawReason: 'Admitted to the Quayside ward',
  breakReason: 'Recovering from Lumbricus surgery',
  howReceived: 'Handed in by Perpetua Grisewood',
  facilitatorEmail: 'xw.facilitates@example.org',
  facilitatorPhone: '07700 900555',
  facilitatorNotes: 'Prefers mornings near Leighcliff',
  payeeAddress: '12 Quillon Road, Leighcliff',
  payeeNotes: 'Pay on Fridays please Marjoribanks',
  bankAccountName: 'X WOLFENBARGER',
  bankAccountNumber: '31926819',
  claimNotes: 'Taxi after a panic attack at Fennimore',
  lineDescription: 'Train to the Grimsdyke clinic',
  receiptFileName: 'xanthippe-ticket.png',
  waiverReason: 'Ticket lost at the Oddbins flat',
  involvementDescription: 'Co-facilitated with Xan Vorticella',
};
/** Words that identify the person (each unique to them in this database): the record's own fields, then all of WORDS. */
const TRACES = [
  'Xanthippe', 'Wolfenbarger', 'xanthippe.w@example.org', '07700900987', '07700 900987', 'SS1 9ZZ', 'Ignatius Pemberton', 'Needs a hearing loop', '9990000018', '1984-02-29',
  ...Object.values(WORDS), '07700900555', '401162', '40-11-62',
];

function everyTableAsText(): string {
  const sqlite = deskFile(t).sqlite;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  return tables.map((name) => `${name}: ${JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).raw().all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))}`).join('\n');
}

describe('anonymising a student on request', () => {
  // Reads every table and the file's free pages with SQLite itself. On the server the rows are rewritten the same way
  // (the same handler); what an old row version leaves until VACUUM is the server's (IT guide).
  it.skipIf(FILE_ONLY)('leaves no trace of them in any table (audit log included), the file or its free pages, and a stored return unchanged', async () => {
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
    const otherRun = await f.courseRun('Sleep Well');
    const session = await f.session(run, '2026-08-03');
    await f.enrol(run, me.id, '2026-07-01');
    await f.mark(session, other.id, 'present');
    const mine = await recordEverywhere(t, f, 'setup', me.id, WORDS, { runId: run, sessionId: session, otherRunId: otherRun });
    await t.ok('setup', 'expenses.claims.submit', { id: mine.claimId });
    await t.ok('setup', 'students.search', { query: 'Wolfenbarger' });

    const stored = await t.ok('setup', 'returns.produce', { period: Q2 });
    const filesBefore = await db.selectFrom('return_files').select(['name', 'sha256', 'bytes']).orderBy('id').execute();
    const returnBefore = await db.selectFrom('returns').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    const extractText = async () => {
      const r = await t.ok('setup', 'extracts.run', { period: Q2, reason: 'Evaluation', passphrase: PASSPHRASE });
      return Object.values(openWith7z(Buffer.from(r.file.base64, 'base64'), PASSPHRASE).files)[0].toString('utf8');
    };
    expect(await extractText()).toContain('9990000018');
    // Before: every word is somewhere in the database (so the checks below can fail).
    const before = everyTableAsText();
    for (const trace of TRACES.filter((x) => !['07700 900987', '40-11-62', '07700900555'].includes(x))) expect(before, trace).toContain(trace);

    expect((await t.fail('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'Asked to be forgotten', confirm: false as never })).reason).toBe('input.invalid');
    expect(await t.ok('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'The student asked to be forgotten (letter of 18 Nov)', confirm: true })).toEqual({ anonymised: 1 });
    expect((await t.fail('setup', 'privacy.anonymise', { studentIds: [me.id], reason: 'Again', confirm: true })).reason).toBe('student.anonymised');

    // Not in any table (search index and its shadow tables included)…
    const text = everyTableAsText();
    for (const trace of TRACES) expect(text, trace).not.toContain(trace);
    // …nor anywhere in the file's bytes (free pages included) or the write-ahead log, after the checkpoint.
    const file = deskFile(t).file;
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
    // Their facilitator and payee records are anonymised and inactive; the claim keeps its dates and amounts.
    const facilitator = await db.selectFrom('facilitators').selectAll().where('id', '=', mine.facilitatorId).executeTakeFirstOrThrow();
    expect(facilitator).toMatchObject({ first_name: 'Anonymised', surname: me.reference, email: null, phone: null, notes: null, active: 0, student_id: me.id });
    const payee = await t.ok('setup', 'expenses.payees.get', { id: mine.payeeId });
    expect(payee).toMatchObject({ name: `Anonymised ${me.reference}`, email: null, address: null, notes: null, bank: null, active: false });
    const claim = await t.ok('setup', 'expenses.claims.get', { id: mine.claimId });
    expect(claim.lines.map((l) => [l.date, l.amountPence, l.description, l.receipts.length])).toEqual([
      ['2026-10-05', 420, null, 0],
      ['2026-10-06', 300, null, 0],
    ]);
    expect(claim.lines.every((l) => /anonymised/.test(l.receiptWaivedReason ?? ''))).toBe(true);
    expect((await t.fail('setup', 'expenses.receipts.get', { id: mine.receiptId })).reason).toBe('record.not-found');
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
    expect((await t.fail(coordinator, 'privacy.anonymise', { studentIds: [s.id], reason: 'x', confirm: true })).reason).toBe('access.role');
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
    // Long since a student, but an active peer trainer now: still involved, so not due (their records are in use).
    const trainer = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Still', surname: 'Training', dateOfBirth: '1970-01-01' }) });
    await f.mark(await f.session(run, '2016-03-01'), trainer.id, 'present');
    const facilitator = await t.ok('setup', 'scheduling.createFacilitator', { firstName: 'Still', surname: 'Training', kind: 'peer_trainer', email: null, phone: null, studentId: trainer.id, active: true, notes: null });

    expect((await t.ok('setup', 'settings.get', {})).retentionYearsAfterLastAttendance).toBe(8);
    const due = await t.ok('setup', 'privacy.retention.due', {});
    expect(due.years).toBe(8);
    expect(due.students.map((s) => [s.reference, s.lastAttended])).toEqual([
      [older.reference, '2017-03-01'],
      [old.reference, '2018-03-01'],
    ]);
    await t.ok('setup', 'settings.update', { retentionYearsAfterLastAttendance: 6 });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students).toHaveLength(3);
    await t.ok('setup', 'scheduling.updateFacilitator', { id: facilitator.id, fields: { firstName: 'Still', surname: 'Training', kind: 'peer_trainer', email: null, phone: null, studentId: trainer.id, active: false, notes: null } });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students.map((s) => s.id)).toContain(trainer.id);
    await t.ok('setup', 'settings.update', { retentionYearsAfterLastAttendance: 8 });

    await t.ok('setup', 'privacy.anonymise', { studentIds: due.students.map((s) => s.id), reason: 'Retention: 8 years after last attendance', confirm: true });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students.map((s) => s.id)).toEqual([trainer.id]);
    await t.ok('setup', 'privacy.anonymise', { studentIds: [trainer.id], reason: 'Retention: 8 years after last attendance', confirm: true });
    expect((await t.ok('setup', 'privacy.retention.due', {})).students).toEqual([]);
    expect((await t.ok('setup', 'students.get', { id: recent.id })).firstName).toBe('Recent');
  });
});
