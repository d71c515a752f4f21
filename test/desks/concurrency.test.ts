// Several desks, one college: cores in separate processes on one PostgreSQL server act in the same instant, and the
// college's rules hold as they do on one desk — the last place, the waiting list, claim approvals and who may give them,
// reference numbers, the sign-in limit, and two people saving the same student. Each claim is checked in the database
// afterwards, with the audit chain intact and nothing logged as an internal error by any desk.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../src-main/contract/errors';
import { verifyAuditChain } from '../../src-main/core/audit/chain';
import { FREE_ATTEMPTS } from '../../src-main/core/auth/throttle';
import { validStudent } from '../helpers/core';
import { failWithoutPostgresInCI, POSTGRES_URL } from '../helpers/postgres';
import { schedulingFixture } from '../helpers/scheduling';
import { collegeOnServer, DESK_PASSWORD, type ServerCollege } from './college';
import { deskCall, startDesks, together, type Desk } from './desks';

failWithoutPostgresInCI();

/** A real one-pixel PNG: receipts are decoded, so a stand-in would be refused. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const bus = (date: string, amount: string) => ({ date, category: 'public_transport', amount, description: 'Bus to the Civic Centre' }) as never;

const reasonOf = (r: ApiResult<unknown>) => (r.ok ? 'ok' : r.error.reason);

describe.skipIf(!POSTGRES_URL)('several desks on one server, acting in the same instant', { timeout: 180_000 }, () => {
  let desks: Desk[];
  let c: ServerCollege | undefined;

  beforeAll(async () => {
    // Four processes, each loading the whole core; reopened on each test's own database.
    desks = await startDesks(4);
  }, 180_000);
  afterAll(async () => {
    await Promise.all((desks ?? []).map((d) => d.close()));
  });
  afterEach(async () => {
    // Nothing any desk did may have failed inside its core: refusals are answers, internal errors are bugs.
    const errors = desks.flatMap((d) => d.internalErrors().map((l) => `${d.deskId}: ${l}`));
    for (const d of desks) d.log.length = 0;
    await c?.close();
    c = undefined;
    expect(errors).toEqual([]);
  });

  /** A fresh college on the server with each desk's core opened on it. */
  async function openCollege(): Promise<ServerCollege> {
    c = await collegeOnServer();
    await Promise.all(desks.map((d) => d.open(c!.url)));
    return c;
  }

  async function auditChainIntact(college: ServerCollege): Promise<void> {
    const chain = await verifyAuditChain(college.t.core.database.db);
    expect(chain.problem).toBeNull();
    expect(chain.ok).toBe(true);
  }

  it('four desks enrolling four students into the last place: exactly one gets it, three wait in one order with no gaps', async () => {
    const college = await openCollege();
    const { t } = college;
    const f = await schedulingFixture(t);
    const runId = await f.run({ capacity: 3 });
    for (const name of ['Ann', 'Ben']) await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: await f.student(name) });
    const racers = [await f.student('Cat'), await f.student('Dan'), await f.student('Eve'), await f.student('Fay')];
    for (const [i, d] of desks.entries()) {
      await college.account(`reception.${i + 1}`, 'admin');
      await d.signIn('w', `reception.${i + 1}`, DESK_PASSWORD);
    }

    const results = await together(
      desks,
      racers.map((studentId) => [deskCall('w', 'scheduling.enrol', { runId, studentId })]),
    );
    const answers = results.map(([r]) => {
      if (!r.ok) throw new Error(`An enrolment was refused: ${r.error.reason} ${r.error.message}`);
      return r.value as { status: string; enrolment: { studentId: number; waitingPosition: number | null } };
    });
    expect(answers.filter((a) => a.status === 'enrolled')).toHaveLength(1);
    const told = answers.filter((a) => a.status === 'waiting').map((a) => a.enrolment.waitingPosition);
    expect(told.toSorted()).toEqual([1, 2, 3]);

    // The run as every desk now sees it: full, never over, and the waiting list in the order each desk was told.
    const run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.enrolledCount).toBe(3);
    expect(run.waiting.map((w) => w.waitingPosition)).toEqual([1, 2, 3]);
    const byStudent = new Map(answers.map((a) => [a.enrolment.studentId, a.enrolment.waitingPosition]));
    for (const w of run.waiting) expect(byStudent.get(w.studentId)).toBe(w.waitingPosition);
    const db = t.core.database.db;
    const counts = await db.selectFrom('enrolments').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('course_run_id', '=', runId).groupBy('status').orderBy('status').execute();
    expect(counts).toEqual([
      { status: 'enrolled', n: 3 },
      { status: 'waiting', n: 3 },
    ]);
    const audited = await db.selectFrom('audit_log').select('action').where('entity', '=', 'enrolment').where('summary', 'like', `% on run ${runId}`).execute();
    expect(audited.map((a) => a.action).toSorted()).toEqual(['enrol', 'enrol', 'enrol', 'join-waiting-list', 'join-waiting-list', 'join-waiting-list']);

    // Two desks withdrawing two enrolled students at once: the first two waiting are promoted, in their order.
    const enrolledIds = run.enrolled.map((e) => e.studentId);
    const waitingIds = run.waiting.map((w) => w.studentId);
    const withdrawn = await together(
      desks.slice(0, 2),
      enrolledIds.slice(0, 2).map((studentId) => [deskCall('w', 'scheduling.withdraw', { runId, studentId, reason: 'Moved away' })]),
    );
    expect(withdrawn.map(([r]) => reasonOf(r))).toEqual(['ok', 'ok']);
    const promoted = withdrawn.flatMap(([r]) => (r.ok ? (r.value as { promoted: { studentId: number }[] }).promoted.map((p) => p.studentId) : []));
    expect(promoted.toSorted()).toEqual(waitingIds.slice(0, 2).toSorted());
    const after = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(after.enrolledCount).toBe(3);
    expect(after.waiting.map((w) => [w.studentId, w.waitingPosition])).toEqual([[waitingIds[2], 1]]);
    await auditChainIntact(college);
  });

  it('two coordinators approving the same claim at once: one approves it, the other is told it is no longer waiting; nobody approves a claim they had a hand in', async () => {
    const college = await openCollege();
    const { t } = college;
    const admin = await t.signInAs('admin');
    const payee = await t.ok(admin, 'expenses.payees.create', { fields: { name: 'Val Volunteer', paymentMethod: 'cash' } });
    const ids = {
      enterer: await college.account('coord.enterer', 'coordinator', 'Chris Enterer'),
      b: await college.account('coord.b', 'coordinator', 'Bo Checker'),
      c: await college.account('coord.c', 'coordinator', 'Cy Checker'),
    };
    const enterer = 'enterer-session';
    await t.ok(enterer, 'auth.signIn', { username: 'coord.enterer', password: DESK_PASSWORD });
    /** A claim with one bus fare and its receipt, entered and submitted by `who`. */
    const submitted = async (who: string) => {
      const claim = await t.ok(who, 'expenses.claims.create', { payeeId: payee.id });
      const withLine = await t.ok(who, 'expenses.claims.addLine', { claimId: claim.id, line: bus('2026-10-05', '3.20') });
      await t.ok(who, 'expenses.receipts.add', { lineId: withLine.lines[0].id, fileName: 'bus.png', base64: PNG });
      await t.ok(who, 'expenses.claims.submit', { id: claim.id });
      return { id: claim.id, lineId: withLine.lines[0].id };
    };
    const shared = await submitted(admin);
    const own = [await submitted(enterer), await submitted(enterer), await submitted(enterer)];
    const attached = await submitted(admin);
    await desks[0].signIn('w', 'coord.b', DESK_PASSWORD);
    await desks[1].signIn('w', 'coord.c', DESK_PASSWORD);
    await desks[2].signIn('w', 'coord.enterer', DESK_PASSWORD);
    await desks[3].signIn('w', 'coord.c', DESK_PASSWORD);

    // Bo and Cy approve the same claim at once.
    const [[b], [cy]] = await together(desks.slice(0, 2), [[deskCall('w', 'expenses.claims.approve', { id: shared.id })], [deskCall('w', 'expenses.claims.approve', { id: shared.id })]]);
    expect([reasonOf(b), reasonOf(cy)].toSorted()).toEqual(['claim.not-submitted', 'ok']);
    const loser = b.ok ? cy : b;
    expect(loser.ok ? '' : loser.error.message).toMatch(/Only a submitted claim can be approved; EXP-\d+ is approved\./);
    const db = t.core.database.db;
    const decided = await db.selectFrom('claims').select(['status', 'decided_by']).where('id', '=', shared.id).executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: 'approved', decided_by: b.ok ? ids.b : ids.c });
    const approvals = await db.selectFrom('audit_log').select('staff_id').where('entity', '=', 'claim').where('entity_id', '=', shared.id).where('action', '=', 'approve').execute();
    expect(approvals).toEqual([{ staff_id: decided.decided_by }]);

    // The coordinator who entered three claims races a colleague to approve each of them: every one is the colleague's.
    const ownRace = await together(
      [desks[2], desks[0]],
      [own.map((x) => deskCall('w', 'expenses.claims.approve', { id: x.id })), own.map((x) => deskCall('w', 'expenses.claims.approve', { id: x.id }))],
    );
    // Refused either way: for their own hand, or (when the colleague got there first) because it is no longer waiting.
    for (const r of ownRace[0]) expect(['claim.own-hand', 'claim.not-submitted']).toContain(reasonOf(r));
    expect(ownRace[1].map(reasonOf)).toEqual(['ok', 'ok', 'ok']);
    const ownRows = await db.selectFrom('claims').select('decided_by').where('id', 'in', own.map((x) => x.id)).execute();
    expect(ownRows.map((r) => r.decided_by)).toEqual([ids.b, ids.b, ids.b]);

    // Cy attaches a receipt to a submitted claim on one desk while approving it on another: never both.
    const [[attach], [approve]] = await together(
      [desks[1], desks[3]],
      [[deskCall('w', 'expenses.receipts.add', { lineId: attached.lineId, fileName: 'second.png', base64: PNG })], [deskCall('w', 'expenses.claims.approve', { id: attached.id })]],
    );
    const outcome = [reasonOf(attach), reasonOf(approve)];
    expect([
      ['ok', 'claim.own-hand'],
      ['claim.not-draft', 'ok'],
    ]).toContainEqual(outcome);
    const final = await db.selectFrom('claims').select(['status', 'decided_by']).where('id', '=', attached.id).executeTakeFirstOrThrow();
    const cyHands = await db.selectFrom('claim_line_edits').select('action').where('claim_id', '=', attached.id).where('staff_id', '=', ids.c).execute();
    if (approve.ok) {
      expect(final).toEqual({ status: 'approved', decided_by: ids.c });
      expect(cyHands).toEqual([]);
    } else {
      expect(final).toEqual({ status: 'submitted', decided_by: null });
      expect(cyHands.map((h) => h.action)).toEqual(['attach-receipt']);
    }
    await auditChainIntact(college);
  });

  it('four desks each adding ten students and five claims at once: every reference is different and they run on with no gaps', async () => {
    const college = await openCollege();
    const { t } = college;
    const admin = await t.signInAs('admin');
    const payee = await t.ok(admin, 'expenses.payees.create', { fields: { name: 'Val Volunteer', paymentMethod: 'cash' } });
    for (const [i, d] of desks.entries()) {
      await college.account(`reception.${i + 1}`, 'admin');
      await d.signIn('w', `reception.${i + 1}`, DESK_PASSWORD);
    }
    const STUDENTS = 10;
    const CLAIMS = 5;
    const results = await together(
      desks,
      desks.map((d, i) => [
        ...Array.from({ length: STUDENTS }, (_, j) =>
          deskCall('w', 'students.create', { fields: validStudent({ firstName: `Desk${i + 1}`, surname: `Person${j + 1}` }), confirmedNotDuplicate: true }),
        ),
        ...Array.from({ length: CLAIMS }, () => deskCall('w', 'expenses.claims.create', { payeeId: payee.id })),
      ]),
    );
    const refs = results.flat().map((r) => {
      if (!r.ok) throw new Error(`Refused: ${r.error.reason} ${r.error.message}`);
      return (r.value as { reference: string }).reference;
    });
    const sequence = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(6, '0')}`);
    expect(refs.filter((r) => r.startsWith('RC-')).toSorted()).toEqual(sequence('RC', desks.length * STUDENTS));
    expect(refs.filter((r) => r.startsWith('EXP-')).toSorted()).toEqual(sequence('EXP', desks.length * CLAIMS));

    // In the database: the same rows, one audit entry each, and the counters where the next desk will carry on.
    const db = t.core.database.db;
    expect((await db.selectFrom('students').select('reference').orderBy('reference').execute()).map((r) => r.reference)).toEqual(sequence('RC', desks.length * STUDENTS));
    expect((await db.selectFrom('claims').select('reference').orderBy('reference').execute()).map((r) => r.reference)).toEqual(sequence('EXP', desks.length * CLAIMS));
    const created = await db.selectFrom('audit_log').select(['entity', (eb) => eb.fn.countAll<number>().as('n')]).where('action', '=', 'create').where('entity', 'in', ['student', 'claim']).groupBy('entity').orderBy('entity').execute();
    expect(created).toEqual([
      { entity: 'claim', n: desks.length * CLAIMS },
      { entity: 'student', n: desks.length * STUDENTS },
    ]);
    const next = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'After', surname: 'Everyone' }), confirmedNotDuplicate: true });
    expect(next.reference).toBe(`RC-${String(desks.length * STUDENTS + 1).padStart(6, '0')}`);
    await auditChainIntact(college);
  });

  it('wrong passwords for one account from four desks at once are counted exactly, and it must wait after the same number as on one desk', async () => {
    const college = await openCollege();
    const { t } = college;
    const sam = await college.account('sam.admin', 'admin');
    const kim = await college.account('kim.admin', 'admin');
    const GUESSES = 5;
    const wrong = (username: string, i: number) => deskCall(`guess-${i}`, 'auth.signIn', { username, password: `wrong guess ${i}` });

    // Twenty wrong passwords for Sam, five from each desk, in the same instant.
    const raced = (await together(desks, desks.map((_, d) => Array.from({ length: GUESSES }, (_, g) => wrong('sam.admin', d * GUESSES + g))))).flat();
    // The same twenty for Kim, one after another on one desk.
    const oneDesk = (await desks[0].run(Array.from({ length: desks.length * GUESSES }, (_, i) => wrong('kim.admin', i)), 'in-turn')).map((r) => r.result);

    const tally = (rs: ApiResult<unknown>[]) => ({
      checked: rs.filter((r) => !r.ok && r.error.reason === 'input.invalid').length,
      delayed: rs.filter((r) => !r.ok && r.error.reason === 'sign-in.delayed').length,
      signedIn: rs.filter((r) => r.ok).length,
    });
    expect(tally(raced)).toEqual({ checked: FREE_ATTEMPTS, delayed: desks.length * GUESSES - FREE_ATTEMPTS, signedIn: 0 });
    expect(tally(raced)).toEqual(tally(oneDesk));

    const db = t.core.database.db;
    const throttle = await db.selectFrom('sign_in_throttle').select(['username', 'failures']).orderBy('username').execute();
    expect(throttle).toEqual([
      { username: 'kim.admin', failures: FREE_ATTEMPTS },
      { username: 'sam.admin', failures: FREE_ATTEMPTS },
    ]);
    // The desks' own limits counted only the guesses that were checked: five for Sam across the four, five for Kim.
    const deskCounts = await db.selectFrom('sign_in_desks').select(['desk', 'failures']).where('desk', 'like', 'desk-%').execute();
    expect(deskCounts.reduce((n, r) => n + r.failures, 0)).toBe(2 * FREE_ATTEMPTS);
    // The audit log says the same for both: four failed sign-ins, then the account had to wait.
    const audit = async (staffId: number) =>
      (await db.selectFrom('audit_log').select('action').where('entity', '=', 'staff').where('entity_id', '=', staffId).where('action', 'in', ['sign-in-failed', 'account-locked']).orderBy('id').execute()).map((r) => r.action);
    const expected = [...Array<string>(FREE_ATTEMPTS - 1).fill('sign-in-failed'), 'account-locked'];
    expect(await audit(sam)).toEqual(expected);
    expect(await audit(kim)).toEqual(expected);

    // Now even the right password must wait, on any desk.
    const [{ result: right }] = await desks[3].run([deskCall('late', 'auth.signIn', { username: 'sam.admin', password: DESK_PASSWORD })]);
    expect(reasonOf(right)).toBe('sign-in.delayed');
    await auditChainIntact(college);
  });

  it('the same student saved from two desks, both opened at the same version: one save is kept, the other is told who changed it and when', async () => {
    const college = await openCollege();
    const { t } = college;
    const admin = await t.signInAs('admin');
    const ids = { reception: await college.account('reception', 'admin', 'Robin Reception'), office: await college.account('office', 'coordinator', 'Olly Office') };
    await desks[0].signIn('w', 'reception', DESK_PASSWORD);
    await desks[1].signIn('w', 'office', DESK_PASSWORD);
    const students: { id: number; version: number; firstName: string }[] = [];
    for (let i = 1; i <= 5; i++) {
      const s = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: `Twice${i}`, surname: 'Original' }), confirmedNotDuplicate: true });
      students.push(s);
    }

    // Both desks opened every record at its version and save a different surname at once.
    const save = (surname: string) =>
      students.map((s) => deskCall('w', 'students.update', { id: s.id, version: s.version, fields: validStudent({ firstName: s.firstName, surname }) }));
    const [fromReception, fromOffice] = await together(desks.slice(0, 2), [save('Reception'), save('Office')]);

    const db = t.core.database.db;
    for (const [i, s] of students.entries()) {
      const pair = [fromReception[i], fromOffice[i]];
      expect(pair.map(reasonOf).toSorted()).toEqual(['ok', 'record.changed']);
      const winner = fromReception[i].ok ? { name: 'Robin Reception', id: ids.reception, surname: 'Reception' } : { name: 'Olly Office', id: ids.office, surname: 'Office' };
      const refused = pair.find((r) => !r.ok)!;
      if (refused.ok || refused.error.reason !== 'record.changed') throw new Error('expected a refusal');
      const change = await db.selectFrom('audit_log').select(['at', 'staff_id']).where('entity', '=', 'student').where('entity_id', '=', s.id).where('action', '=', 'update').execute();
      expect(change).toEqual([{ at: expect.any(String), staff_id: winner.id }]);
      expect(refused.error.details).toEqual({ changedBy: winner.name, changedAt: change[0].at });
      expect(refused.error.message).toMatch(new RegExp(`^${winner.name} changed this record \\(.+\\) while you were editing it`));
      // No lost update: the record holds the winner's save, one version on.
      const row = await db.selectFrom('students').select(['surname', 'version']).where('id', '=', s.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ surname: winner.surname, version: s.version + 1 });
    }
    await auditChainIntact(college);
  });
});
