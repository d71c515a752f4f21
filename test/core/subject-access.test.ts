// Subject access: a manager logs a request (due one calendar month later, listed until answered) and produces everything
// held about one student as an AES-256 zip, opened here with the real 7-Zip and its PDF read with pdftotext — the
// student's data is all there, and nothing about anyone else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subjectAccessDueOn } from '../../src-main/core/privacy/subject-access';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';
import { recordEverywhere, type PersonWords } from '../helpers/person-everywhere';
import { returnsFixtures } from '../helpers/returns-fixtures';
import { openWith7z, refusedBy7z } from '../helpers/zip';

const PASSPHRASE = 'lantern meadow copper';
let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-11-20T12:00:00Z') });
});
afterEach(() => t.close());

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-sar-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the due date', () => {
  it('is one calendar month after receipt, or the last day of a shorter month', () => {
    expect(subjectAccessDueOn('2026-03-14')).toBe('2026-04-14');
    expect(subjectAccessDueOn('2026-01-31')).toBe('2026-02-28');
    expect(subjectAccessDueOn('2028-01-31')).toBe('2028-02-29');
    expect(subjectAccessDueOn('2026-12-05')).toBe('2027-01-05');
  });
});

describe('a subject access request', () => {
  it('is logged, listed until answered, and produces an encrypted archive with the student’s data and nobody else’s', async () => {
    const f = returnsFixtures(t.core.database.db);
    const me = await t.ok('setup', 'students.create', {
      fields: validStudent({ firstName: 'Morwenna', surname: 'Quillfeather', email: 'morwenna@example.org', phone: '07700 900111', supportNeeds: 'Prefers a seat near the door', nhsNumber: '9990000018' }),
    });
    const other = await t.ok('setup', 'students.create', {
      fields: validStudent({ firstName: 'Bartholomew', surname: 'Zedwick', dateOfBirth: '1961-02-02', email: 'bart@example.org', nhsNumber: '9990000042' }),
    });
    await t.ok('setup', 'students.recordConsent', { id: me.id, givenOn: '2026-05-01' });
    const run = await f.courseRun('Understanding Anxiety');
    const s1 = await f.session(run, '2026-10-05');
    await f.mark(s1, me.id, 'present');
    await f.mark(s1, other.id, 'absent');
    await t.core.database.db.updateTable('attendance').set({ note: 'Bartholomew left a message' }).where('student_id', '=', other.id).execute();
    await t.core.database.db.updateTable('attendance').set({ note: 'Morwenna arrived with her dog' }).where('student_id', '=', me.id).execute();
    await t.ok('setup', 'students.get', { id: me.id }); // a view, which must show in the archive's access log

    const req = await t.ok('setup', 'privacy.subjectAccess.log', { studentId: me.id, receivedOn: '2026-11-02', howReceived: 'Letter' });
    expect(req).toMatchObject({ receivedOn: '2026-11-02', dueOn: '2026-12-02', completedOn: null, studentReference: me.reference });
    expect((await t.ok('setup', 'privacy.subjectAccess.list', {})).map((r) => r.id)).toEqual([req.id]);

    expect((await t.fail('setup', 'privacy.subjectAccess.export', { studentId: me.id, passphrase: 'short' })).fields?.passphrase).toMatch(/at least 12/);
    const file = await t.ok('setup', 'privacy.subjectAccess.export', { studentId: me.id, requestId: req.id, passphrase: PASSPHRASE });
    expect(file).toMatchObject({ mimeType: 'application/zip', suggestedName: `subject-access-${me.reference}-2026-11-20.zip` });
    const zip = Buffer.from(file.base64, 'base64');
    expect(zip.toString('latin1')).not.toMatch(/Quillfeather|Morwenna/);
    expect(refusedBy7z(zip, 'wrong passphrase')).toMatch(/Wrong password/);

    const { files, listing } = openWith7z(zip, PASSPHRASE);
    expect(listing).toMatch(/Method = AES-256/);
    expect(Object.keys(files).sort()).toEqual(
      [`${me.reference}-information-held.pdf`, 'subject-access.json', 'record.csv', 'consent.csv', 'enrolments.csv', 'attendance.csv', 'questionnaires.csv', 'destinations.csv', 'welfare_contacts.csv', 'requests.csv', 'access_log.csv'].sort(),
    );
    const text = pdfText(files[`${me.reference}-information-held.pdf`]);
    for (const expected of ['Morwenna', 'Quillfeather', 'morwenna@example.org', '07700 900111', 'Prefers a seat near the door', '9990000018', 'Understanding Anxiety', 'arrived with her dog', 'Who has looked at or changed your record', '1 May 2026']) {
      expect(text).toContain(expected);
    }
    const everything = [text, ...Object.values(files).map((b) => b.toString('utf8'))].join('\n');
    for (const leak of ['Bartholomew', 'Zedwick', 'bart@example.org', '9990000042', '1961-02-02', other.reference]) expect(everything).not.toContain(leak);

    const json = JSON.parse(files['subject-access.json'].toString('utf8')) as { sections: { key: string; rows: Record<string, unknown>[] }[] };
    expect(json.sections.find((s) => s.key === 'record')!.rows[0]).toMatchObject({ 'First name': 'Morwenna', 'NHS number': '9990000018' });
    const attendance = parse(files['attendance.csv'].toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(attendance).toEqual([expect.objectContaining({ Date: '2026-10-05', Course: 'Understanding Anxiety', Mark: 'present' })]);
    const access = parse(files['access_log.csv'].toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(access.map((a) => a.What)).toEqual(expect.arrayContaining(['create', 'view', 'consent-given']));

    const audit = await t.ok('setup', 'audit.list', { entity: 'student' });
    expect(audit.rows[0]).toMatchObject({ action: 'export-subject-access', entityId: me.id });

    const done = await t.ok('setup', 'privacy.subjectAccess.complete', { id: req.id, completedOn: '2026-11-20' });
    expect(done).toMatchObject({ completedOn: '2026-11-20', completedBy: 'First Manager' });
    expect(await t.ok('setup', 'privacy.subjectAccess.list', {})).toEqual([]);
    const again = await t.fail('setup', 'privacy.subjectAccess.complete', { id: req.id, completedOn: '2026-11-20' });
    expect(again.reason).toBe('privacy.request-answered');
    expect(again.message).toContain('20 Nov 2026'); // dates in messages are shown the UK way, never ISO
    expect(again.message).not.toContain('2026-11-20');
  });

  it('includes their facilitator and payee records, claims, receipts and payments when they are also a facilitator, and nobody else’s', async () => {
    const f = returnsFixtures(t.core.database.db);
    const words = (who: string, n: string): PersonWords => ({
      firstName: `${who}`,
      surname: `${who}son`,
      registerNote: `${who} register note`,
      welfareOutcome: `${who} welfare call`,
      destinationNote: `${who} destination`,
      withdrawReason: `${who} withdrawal reason`,
      breakReason: `${who} break reason`,
      howReceived: `${who} by letter`,
      facilitatorEmail: `${who.toLowerCase()}@facilitators.example.org`,
      facilitatorPhone: `07700 90${n}`,
      facilitatorNotes: `${who} facilitator notes`,
      payeeAddress: `${n} ${who} Street`,
      payeeNotes: `${who} payee notes`,
      bankAccountName: `${who.toUpperCase()} ACCOUNT`,
      bankAccountNumber: `${n}${n}`.slice(0, 8),
      claimNotes: `${who} claim notes`,
      lineDescription: `${who} train fare`,
      receiptFileName: `${who.toLowerCase()}-ticket.png`,
      waiverReason: `${who} lost ticket`,
      involvementDescription: `${who} involvement`,
    });
    const mine = words('Ottoline', '1234');
    const theirs = words('Barnabas', '5678');
    const me = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Ottoline', surname: 'Ottolineson' }) });
    const other = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Barnabas', surname: 'Barnabasson', dateOfBirth: '1961-02-02' }) });
    const where = async (studentId: number) => {
      const runId = await f.courseRun(`Course ${studentId}`);
      const sessionId = await f.session(runId, '2026-08-03');
      await f.enrol(runId, studentId, '2026-07-01');
      return { runId, sessionId, otherRunId: await f.courseRun(`Other course ${studentId}`) };
    };
    const meThere = await recordEverywhere(t, f, 'setup', me.id, mine, await where(me.id));
    const theyThere = await recordEverywhere(t, f, 'setup', other.id, theirs, { ...(await where(other.id)), addRate: false });
    // Both peer trainers on the same course: the shared course is named, the other person is not.
    const shared = await f.courseRun('Peer Support Together');
    await f.team(shared, [meThere.facilitatorId, theyThere.facilitatorId]);
    await t.ok('setup', 'expenses.payees.get', { id: meThere.payeeId }); // full bank details looked at: in the access log

    const file = await t.ok('setup', 'privacy.subjectAccess.export', { studentId: me.id, passphrase: PASSPHRASE });
    const { files } = openWith7z(Buffer.from(file.base64, 'base64'), PASSPHRASE);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['facilitator.csv', 'facilitated.csv', 'payee.csv', 'claims.csv', 'involvement_payments.csv', `receipts/${meThere.receiptId}-ottoline-ticket.png`]));
    expect(files[`receipts/${meThere.receiptId}-ottoline-ticket.png`].subarray(1, 4).toString('latin1')).toBe('PNG');
    const text = pdfText(files[`${me.reference}-information-held.pdf`]);
    for (const expected of [
      'You as a facilitator', 'ottoline@facilitators.example.org', 'Ottoline facilitator notes', 'Peer Support Together',
      'How the college pays you', 'OTTOLINE ACCOUNT', '40-11-62', '12341234', '1234 Ottoline Street', 'Ottoline payee notes',
      'Your expense claims', meThere.claimReference, 'Ottoline claim notes', 'Ottoline train fare', '£4.20', 'Ottoline lost ticket',
      'Your involvement payments', 'Ottoline involvement', '£20.00',
    ]) {
      expect(text, expected).toContain(expected);
    }
    const claims = parse(files['claims.csv'].toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(claims.map((c) => [c.Claim, c.Date, c.Amount])).toEqual([
      [meThere.claimReference, '2026-10-05', '£4.20'],
      [meThere.claimReference, '2026-10-06', '£3.00'],
    ]);
    const access = parse(files['access_log.csv'].toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(access.filter((a) => a.Record === 'payee').map((a) => a.What)).toEqual(expect.arrayContaining(['create', 'view-bank-details']));
    expect(access.filter((a) => a.Record === 'claim').map((a) => a.What)).toEqual(expect.arrayContaining(['create', 'add-line', 'add-receipt']));

    const everything = [text, ...Object.values(files).map((b) => b.toString('utf8'))].join('\n');
    const claimOfTheirs = (await t.ok('setup', 'expenses.claims.get', { id: theyThere.claimId })).reference;
    for (const leak of [...Object.values(theirs), 'Barnabasson', '56785678', claimOfTheirs, other.reference]) expect(everything, leak).not.toContain(leak);
  });

  it('is for managers only', async () => {
    const s = await t.ok('setup', 'students.create', { fields: validStudent() });
    for (const role of ['admin', 'coordinator'] as const) {
      const session = await t.signInAs(role);
      expect((await t.fail(session, 'privacy.subjectAccess.export', { studentId: s.id, passphrase: PASSPHRASE })).reason).toBe('access.role');
      expect((await t.fail(session, 'privacy.subjectAccess.log', { studentId: s.id, receivedOn: '2026-11-01' })).reason).toBe('access.role');
    }
  });
});
