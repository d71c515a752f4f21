// Every write method, made to fail just after its first write, leaves every table exactly as it was: Core.call owns
// the transaction, so a handler cannot half-finish. Generated from the contract: a new write method does not compile
// here until it has a sample call, and then it is covered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, METHOD_NAMES, type MethodInput, type MethodName, type WriteMethodName } from '../../src-main/contract/contract';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../src-main/contract/audit';
import { collegeToday } from '../../src-main/contract/dates';
import { lastCompletedQuarter } from '../../src-main/contract/returns';
import { Core } from '../../src-main/core/api/core';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { demoNhsNumber, fillDemoDatabase } from '../../src-main/core/demo/generate';
import { isWriteNode, ReadOnlyPlugin } from '../../src-main/core/db/read-only';
import type { Database } from '../../src-main/core/db/schema';
import type { Kysely } from 'kysely';
import { engineOf } from '../../src-main/core/db/dialect';
import { moveDeskToServer } from '../../src-main/core/db/portable/move';
import { openServer } from '../../src-main/core/db/postgres';
import { freshPostgresDatabase, type FreshDatabase } from '../helpers/postgres';
import { deskFile, makeTestCore, ON_SERVER, TEST_PASSWORD, validStudent, type TestCore } from '../helpers/core';

/** Lets the first write of a call run, then throws, as a full disk or a crash mid-handler would. */
class FaultAfterFirstWrite implements KyselyPlugin {
  armed = false;
  fired = false;
  private pending: unknown = null;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.armed && !this.fired && this.pending === null && isWriteNode(args.node)) this.pending = args.queryId;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.pending !== null && args.queryId === this.pending) {
      this.pending = null;
      this.fired = true;
      throw new Error('Injected fault just after the first write');
    }
    return args.result;
  }
  arm(): void {
    this.armed = true;
    this.fired = false;
    this.pending = null;
  }
}

type Who = 'manager' | 'coordinator' | 'admin' | 'nobody';
type Sample<K extends MethodName> = { as: Who; input: MethodInput<K> };
type Fixture = Awaited<ReturnType<typeof buildFixture>>;

async function tableSnapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const { rows: tables } =
    engineOf(db) === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = (await sql.raw(`select * from "${name}"`).execute(db)).rows.map((r) => JSON.stringify(r));
    out[name] = rows.sort();
  }
  return out;
}

const fault = new FaultAfterFirstWrite();
let t: TestCore;
let f: Fixture;
let sessionNo = 0;

async function sessionFor(who: Who): Promise<string> {
  const key = `uow-${who}-${++sessionNo}`;
  if (who === 'nobody') return key;
  const account = DEMO_ACCOUNTS.find((a) => a.role === who)!;
  await t.ok(key, 'auth.signIn', { username: account.username, password: account.password });
  return key;
}

async function buildFixture(t: TestCore) {
  const db = t.core.database.db;
  // On the server the college was made on a desk file and moved there (beforeAll).
  if (!ON_SERVER) await fillDemoDatabase(deskFile(t), 40, new Date(), 'fast');
  const today = collegeToday();
  const m = await sessionFor('manager');
  const one = async <T>(q: Promise<T | undefined>): Promise<T> => {
    const r = await q;
    if (r === undefined) throw new Error('fixture row missing');
    return r;
  };
  const student = await one(db.selectFrom('students').selectAll().where('archived_at', 'is', null).where('nhs_number', 'is not', null).orderBy('id').executeTakeFirst());
  const archived = (await t.ok(m, 'students.create', { fields: validStudent({ firstName: 'Archie', surname: 'Vedd', dateOfBirth: '1970-02-02' }), confirmedNotDuplicate: true })).id;
  await t.ok(m, 'students.archive', { id: archived, reason: 'Moved away' });
  const consenting = await one(db.selectFrom('data_sharing_consents').select('student_id').where('withdrawn_on', 'is', null).orderBy('id').executeTakeFirst());
  const unusedCourse = (await t.ok(m, 'scheduling.createCourse', { title: 'Never Run', sessionsCount: 4, defaultSessionMinutes: 90, defaultCapacity: 10 })).id;
  const term = await one(db.selectFrom('terms').selectAll().orderBy('starts_on', 'desc').executeTakeFirst());
  const closure = (await t.ok(m, 'scheduling.addClosure', { termId: term.id, startsOn: term.starts_on, endsOn: term.starts_on, description: 'Staff training' })).id;
  const bankHoliday = await one(db.selectFrom('bank_holidays').selectAll().orderBy('date', 'desc').executeTakeFirst());
  const venue = await one(db.selectFrom('venues').selectAll().orderBy('id').executeTakeFirst());
  const room = await one(db.selectFrom('rooms').selectAll().where('venue_id', '=', venue.id).orderBy('id').executeTakeFirst());
  const facilitator = await one(db.selectFrom('facilitators').selectAll().orderBy('id').executeTakeFirst());
  const course = await one(db.selectFrom('courses').selectAll().where('retired_at', 'is', null).where('id', '!=', unusedCourse).orderBy('id').executeTakeFirst());
  const emptyRun = (await t.ok(m, 'scheduling.createRun', { courseId: course.id, termId: term.id, venueId: venue.id, roomId: null, capacity: 10 })).id;
  // A run with enrolments and a held session on or before today, for registers.
  const held = await one(
    db
      .selectFrom('sessions as s')
      .innerJoin('enrolments as e', 'e.course_run_id', 's.course_run_id')
      .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
      .select(['s.id as sessionId', 's.course_run_id as runId', 'e.student_id as studentId', 'r.venue_id as venueId', 'r.room_id as roomId', 'r.capacity as capacity'])
      .where('s.date', '<=', today)
      .where('s.status', '=', 'scheduled')
      .where('e.status', '=', 'enrolled')
      .where('r.cancelled_at', 'is', null)
      .orderBy('s.date', 'desc')
      .executeTakeFirst(),
  );
  const future = await one(
    db.selectFrom('sessions').selectAll().where('date', '>', today).where('status', '=', 'scheduled').where('course_run_id', '=', held.runId).orderBy('date').executeTakeFirst(),
  );
  const lastFuture = await one(
    db.selectFrom('sessions').selectAll().where('date', '>', today).where('status', '=', 'scheduled').where('id', '!=', future.id).orderBy('date', 'desc').executeTakeFirst(),
  );
  await t.ok(m, 'scheduling.cancelSession', { id: lastFuture.id, reason: 'Facilitator unwell' });
  // Another place on the same run, on an agreed break.
  const onBreak = await one(
    db.selectFrom('enrolments').select(['course_run_id as runId', 'student_id as studentId']).where('course_run_id', '=', held.runId).where('status', '=', 'enrolled').where('student_id', '!=', held.studentId).orderBy('id').executeTakeFirst(),
  );
  await t.ok(m, 'scheduling.startBreak', { runId: onBreak.runId, studentId: onBreak.studentId, reason: 'Agreed with the tutor' });
  const notEnrolled = (await t.ok(m, 'students.create', { fields: validStudent({ firstName: 'Nell', surname: 'Newby', dateOfBirth: '1991-03-03', nhsNumber: demoNhsNumber(90001) }), confirmedNotDuplicate: true })).id;
  const questionnaire = await one(db.selectFrom('questionnaires').selectAll().orderBy('id').executeTakeFirst());
  const destination = (
    await t.ok(m, 'outcomes.recordDestination', { studentId: student.id, kind: 'volunteering_started', onDate: today })
  ).id;
  const produced = await t.ok(m, 'returns.produce', { period: lastCompletedQuarter(today) });
  // Expenses: the demo leaves claims in every state; approve one more so one can be batched and another left payable.
  const claimsIn = (status: 'draft' | 'submitted' | 'approved') => db.selectFrom('claims').selectAll().where('status', '=', status).where('batch_id', 'is', null).orderBy('id').execute();
  const [submittedA, submittedB] = await claimsIn('submitted');
  await t.ok(await sessionFor('coordinator'), 'expenses.claims.approve', { id: submittedA.id });
  const [approvedA, approvedB] = await claimsIn('approved');
  const batch = (await t.ok(m, 'expenses.batches.create', { claimIds: [approvedA.id], involvementIds: [] })).id;
  const [draft] = await claimsIn('draft');
  const draftLine = await one(db.selectFrom('claim_lines').selectAll().where('claim_id', '=', draft.id).orderBy('id').executeTakeFirst());
  const waiveLine = (await t.ok(m, 'expenses.claims.addLine', { claimId: draft.id, line: parking(today) })).lines.at(-1)!.id;
  const receipt = await one(
    db.selectFrom('claim_receipts as r').innerJoin('claim_lines as l', 'l.id', 'r.line_id').select('r.id').where('l.claim_id', '=', draft.id).executeTakeFirst(),
  );
  const payee = await one(db.selectFrom('payees').selectAll().orderBy('id').executeTakeFirst());
  const pendingInvolvement = await one(db.selectFrom('involvement_payments').selectAll().where('status', '=', 'recorded').orderBy('id').executeTakeFirst());
  const staffAdmin = await one(db.selectFrom('staff').selectAll().where('username', '=', 'demo.admin').executeTakeFirst());
  const subjectAccess = (await t.ok(m, 'privacy.subjectAccess.log', { studentId: notEnrolled, receivedOn: today })).id;
  return {
    today,
    subjectAccess,
    student,
    consenting: consenting.student_id,
    archived,
    notEnrolled,
    unusedCourse,
    course,
    term,
    closure,
    bankHoliday,
    venue,
    room,
    facilitator,
    emptyRun,
    held,
    future,
    cancelledSession: lastFuture.id,
    onBreak,
    questionnaire,
    destination,
    produced,
    submitted: submittedB,
    approved: approvedB,
    batch,
    draft,
    draftLine,
    waiveLine,
    receipt: receipt.id,
    payee,
    pendingInvolvement,
    staffAdmin,
  };
}

const demoPassword = DEMO_ACCOUNTS[0].password;
const period = () => lastCompletedQuarter(collegeToday());
const courseFields = { title: 'Understanding Anxiety (revised)', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 };
const parking = (date: string) => ({ date, category: 'parking' as const, amount: '3.20', description: 'Car park' });
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

// One sample call per write method, chosen so that it gets as far as writing. The type makes this list complete.
const SAMPLES: { [K in WriteMethodName]: (f: Fixture) => Sample<K> } = {
  'auth.setupFirstManager': () => ({ as: 'nobody', input: { username: 'new.manager', displayName: 'New Manager', password: TEST_PASSWORD } }),
  'auth.signIn': () => ({ as: 'nobody', input: { username: 'demo.admin', password: demoPassword } }),
  // A wrong key: its counted attempt is the first write.
  'auth.recoverManager': () => ({ as: 'nobody', input: { recoveryKey: 'AAAAA-BBBBB-CCCCC', username: 'demo.manager', newPassword: 'a brand new passphrase' } }),
  'auth.signOut': () => ({ as: 'admin', input: {} }),
  'auth.unlock': () => ({ as: 'admin', input: { password: 'not the password at all' } }),
  'auth.changePassword': () => ({ as: 'admin', input: { currentPassword: demoPassword, newPassword: 'a brand new passphrase' } }),
  'staff.create': () => ({ as: 'manager', input: { username: 'new.admin', displayName: 'New Admin', role: 'admin', temporaryPassword: TEST_PASSWORD } }),
  'staff.update': (f) => ({ as: 'manager', input: { id: f.staffAdmin.id, displayName: 'Renamed Admin', role: 'coordinator' } }),
  'staff.setActive': (f) => ({ as: 'manager', input: { id: f.staffAdmin.id, active: false } }),
  'staff.newRecoveryKey': () => ({ as: 'manager', input: {} }),
  'staff.resetPassword': (f) => ({ as: 'manager', input: { id: f.staffAdmin.id, temporaryPassword: TEST_PASSWORD } }),
  'students.create': () => ({ as: 'admin', input: { fields: validStudent({ firstName: 'Robin', surname: 'Freshface', dateOfBirth: '1999-09-09' }), confirmedNotDuplicate: true } }),
  'students.update': (f) => ({
    as: 'admin',
    input: { id: f.student.id, version: f.student.version, fields: validStudent({ firstName: f.student.first_name, surname: 'Changed', dateOfBirth: f.student.date_of_birth }) },
  }),
  'students.archive': (f) => ({ as: 'admin', input: { id: f.student.id, reason: 'Asked to leave the list' } }),
  'students.restore': (f) => ({ as: 'admin', input: { id: f.archived } }),
  'students.recordConsent': (f) => ({ as: 'admin', input: { id: f.notEnrolled, givenOn: f.today } }),
  'students.withdrawConsent': (f) => ({ as: 'admin', input: { id: f.consenting, withdrawnOn: f.today } }),
  'settings.update': () => ({ as: 'manager', input: { idleLockMinutes: 30, collegeName: 'Renamed College' } }),
  'backups.setSecondFolder': () => ({ as: 'manager', input: { folder: null } }),
  'backups.setPassphrase': () => ({ as: 'manager', input: { passphrase: 'a long recovery passphrase' } }),
  'registers.mark': (f) => ({ as: 'admin', input: { sessionId: f.held.sessionId, studentId: f.held.studentId, mark: 'late' } }),
  'registers.markRestPresent': (f) => ({ as: 'admin', input: { sessionId: f.held.sessionId } }),
  'registers.restore': (f) => ({ as: 'admin', input: { sessionId: f.held.sessionId, marks: [{ studentId: f.held.studentId, mark: 'absent' }] } }),
  'registers.setDelivered': (f) => ({ as: 'admin', input: { sessionId: f.held.sessionId, facilitatorIds: [f.facilitator.id] } }),
  'registers.dropIn': (f) => ({ as: 'admin', input: { sessionId: f.held.sessionId, newStudent: { firstName: 'Dee', surname: 'Dropper', dateOfBirth: '1988-08-08' }, confirmedNotDuplicate: true } }),
  'registers.recordFollowUp': (f) => ({ as: 'admin', input: { studentId: f.held.studentId, courseRunId: f.held.runId, contactedOn: f.today, outcome: 'Rang; all well' } }),
  'scheduling.createCourse': () => ({ as: 'coordinator', input: { ...courseFields, title: 'Brand New Course' } }),
  'scheduling.updateCourse': (f) => ({ as: 'coordinator', input: { id: f.course.id, fields: courseFields } }),
  'scheduling.retireCourse': (f) => ({ as: 'coordinator', input: { id: f.course.id, retired: true } }),
  'scheduling.deleteCourse': (f) => ({ as: 'coordinator', input: { id: f.unusedCourse } }),
  'scheduling.createTerm': () => ({ as: 'coordinator', input: { name: 'Spring 2031', startsOn: '2031-01-06', endsOn: '2031-03-28' } }),
  'scheduling.updateTerm': (f) => ({ as: 'coordinator', input: { id: f.term.id, fields: { name: `${f.term.name} (renamed)`, startsOn: f.term.starts_on, endsOn: f.term.ends_on } } }),
  'scheduling.addClosure': (f) => ({ as: 'coordinator', input: { termId: f.term.id, startsOn: f.term.ends_on, endsOn: f.term.ends_on, description: 'Building works' } }),
  'scheduling.removeClosure': (f) => ({ as: 'coordinator', input: { id: f.closure } }),
  'scheduling.addBankHoliday': () => ({ as: 'coordinator', input: { date: '2032-06-01', name: 'Extra holiday' } }),
  'scheduling.removeBankHoliday': (f) => ({ as: 'coordinator', input: { date: f.bankHoliday.date } }),
  'scheduling.createVenue': () => ({ as: 'coordinator', input: { name: 'The Library', address: 'High Street' } }),
  'scheduling.updateVenue': (f) => ({ as: 'coordinator', input: { id: f.venue.id, fields: { name: `${f.venue.name} (renamed)`, address: f.venue.address } } }),
  'scheduling.createRoom': (f) => ({ as: 'coordinator', input: { venueId: f.venue.id, name: 'Room Z', capacity: 8 } }),
  'scheduling.updateRoom': (f) => ({ as: 'coordinator', input: { id: f.room.id, fields: { venueId: f.venue.id, name: `${f.room.name} (renamed)`, capacity: f.room.capacity } } }),
  'scheduling.createFacilitator': () => ({ as: 'coordinator', input: { firstName: 'Fran', surname: 'Facil', kind: 'volunteer' } }),
  'scheduling.updateFacilitator': (f) => ({
    as: 'coordinator',
    input: { id: f.facilitator.id, fields: { firstName: f.facilitator.first_name, surname: 'Renamed', kind: f.facilitator.kind, studentId: f.facilitator.student_id } },
  }),
  'scheduling.createRun': (f) => ({ as: 'coordinator', input: { courseId: f.course.id, termId: f.term.id, venueId: f.venue.id, roomId: null, capacity: 9 } }),
  'scheduling.updateRun': (f) => ({ as: 'coordinator', input: { id: f.emptyRun, venueId: f.venue.id, roomId: null, capacity: 11, notes: 'Bigger', confirmStudentClash: true } }),
  'scheduling.setRunFacilitators': (f) => ({ as: 'coordinator', input: { runId: f.emptyRun, leadId: f.facilitator.id, coIds: [] } }),
  'scheduling.cancelRun': (f) => ({ as: 'coordinator', input: { id: f.emptyRun, reason: 'Not enough interest' } }),
  'scheduling.generateSessions': (f) => ({
    as: 'coordinator',
    input: { runId: f.emptyRun, pattern: { weekday: 3, startTime: '10:00', lengthMinutes: 60, count: 2, firstDate: f.term.starts_on }, confirmStudentClash: true },
  }),
  'scheduling.addSession': (f) => ({ as: 'coordinator', input: { runId: f.emptyRun, times: { date: f.term.ends_on, startTime: '10:00', endTime: '11:00' }, confirmStudentClash: true } }),
  'scheduling.moveSession': (f) => ({ as: 'coordinator', input: { id: f.future.id, times: { date: f.future.date, startTime: '06:00', endTime: '07:00' }, confirmStudentClash: true } }),
  'scheduling.cancelSession': (f) => ({ as: 'coordinator', input: { id: f.future.id, reason: 'Room flooded' } }),
  'scheduling.reinstateSession': (f) => ({ as: 'coordinator', input: { id: f.cancelledSession, confirmStudentClash: true } }),
  'scheduling.enrol': (f) => ({ as: 'admin', input: { runId: f.held.runId, studentId: f.notEnrolled, confirmStudentClash: true } }),
  'scheduling.withdraw': (f) => ({ as: 'admin', input: { runId: f.held.runId, studentId: f.held.studentId, reason: 'Found work' } }),
  'scheduling.startBreak': (f) => ({ as: 'admin', input: { runId: f.held.runId, studentId: f.held.studentId, reason: 'Agreed break' } }),
  'scheduling.resumeFromBreak': (f) => ({ as: 'admin', input: { runId: f.onBreak.runId, studentId: f.onBreak.studentId } }),
  'outcomes.recordQuestionnaire': (f) => ({
    as: 'admin',
    input: { studentId: f.notEnrolled, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: f.today, items: [3, 3, 3, 3, 3, 3, 3] },
  }),
  'outcomes.correctQuestionnaire': (f) => ({
    as: 'admin',
    input: {
      id: f.questionnaire.id,
      version: f.questionnaire.version,
      fields: {
        studentId: f.questionnaire.student_id,
        courseRunId: f.questionnaire.course_run_id,
        scale: f.questionnaire.scale,
        timepoint: f.questionnaire.timepoint,
        completedOn: f.questionnaire.completed_on,
        items: Array.from({ length: f.questionnaire.scale === 'SWEMWBS' ? 7 : 14 }, () => 2),
      },
    },
  }),
  'outcomes.deleteQuestionnaire': (f) => ({ as: 'admin', input: { id: f.questionnaire.id, reason: 'Entered twice' } }),
  'outcomes.recordDestination': (f) => ({ as: 'admin', input: { studentId: f.notEnrolled, kind: 'education_started', onDate: f.today } }),
  'outcomes.deleteDestination': (f) => ({ as: 'admin', input: { id: f.destination, reason: 'Wrong person' } }),
  'outcomes.recordSatisfaction': (f) => ({ as: 'admin', input: { courseRunId: f.held.runId, receivedOn: f.today, rating: 5, wouldRecommend: true } }),
  'returns.produce': () => ({ as: 'manager', input: { period: period() } }),
  'returns.download': (f) => ({ as: 'manager', input: { id: f.produced.id, name: f.produced.files[0].name } }),
  'extracts.run': () => ({ as: 'manager', input: { period: period(), reason: 'Quarterly evaluation for the trust', passphrase: 'unit of work passphrase' } }),
  'expenses.payees.create': () => ({ as: 'admin', input: { fields: { name: 'Pat Newpayee', paymentMethod: 'cash' } } }),
  'expenses.payees.update': (f) => ({
    as: 'coordinator',
    input: { id: f.payee.id, version: f.payee.version, fields: { facilitatorId: f.payee.facilitator_id, name: f.payee.name, paymentMethod: 'voucher', notes: 'Prefers vouchers' } },
  }),
  'expenses.claims.create': (f) => ({ as: 'admin', input: { payeeId: f.payee.id, notes: 'From the paper form' } }),
  'expenses.claims.updateNotes': (f) => ({ as: 'admin', input: { id: f.draft.id, notes: 'Corrected notes' } }),
  'expenses.claims.addLine': (f) => ({ as: 'admin', input: { claimId: f.draft.id, line: parking(f.today) } }),
  'expenses.claims.updateLine': (f) => ({ as: 'admin', input: { lineId: f.draftLine.id, line: parking(f.today) } }),
  'expenses.claims.removeLine': (f) => ({ as: 'admin', input: { lineId: f.draftLine.id } }),
  'expenses.claims.waiveReceipt': (f) => ({ as: 'coordinator', input: { lineId: f.waiveLine, reason: 'Ticket machine broken' } }),
  'expenses.claims.submit': (f) => ({ as: 'admin', input: { id: f.draft.id } }),
  'expenses.claims.approve': (f) => ({ as: 'coordinator', input: { id: f.submitted.id } }),
  'expenses.claims.reject': (f) => ({ as: 'coordinator', input: { id: f.submitted.id, reason: 'Claimed twice' } }),
  'expenses.claims.discard': (f) => ({ as: 'admin', input: { id: f.draft.id } }),
  'expenses.receipts.add': (f) => ({ as: 'admin', input: { lineId: f.draftLine.id, fileName: 'ticket.png', base64: PNG } }),
  'expenses.receipts.remove': (f) => ({ as: 'admin', input: { id: f.receipt } }),
  'expenses.batches.create': (f) => ({ as: 'coordinator', input: { claimIds: [f.approved.id], involvementIds: [] } }),
  'expenses.batches.cancel': (f) => ({ as: 'coordinator', input: { id: f.batch } }),
  'expenses.batches.financeCsv': (f) => ({ as: 'coordinator', input: { id: f.batch } }),
  'expenses.batches.markPaid': (f) => ({ as: 'coordinator', input: { id: f.batch, paidOn: f.today } }),
  'expenses.involvement.record': (f) => ({ as: 'admin', input: { payeeId: f.payee.id, date: f.today, basis: 'hour', hours: '2', description: 'Planning meeting' } }),
  'expenses.involvement.approve': (f) => ({ as: 'coordinator', input: { id: f.pendingInvolvement.id, confirmed: true } }),
  'expenses.involvement.reduce': (f) => ({ as: 'coordinator', input: { id: f.pendingInvolvement.id, amount: '1.00', note: 'Asked for less' } }),
  'expenses.involvement.decline': (f) => ({ as: 'coordinator', input: { id: f.pendingInvolvement.id, note: 'Prefers not to be paid' } }),
  'expenses.rates.addMileage': () => ({ as: 'manager', input: { vehicle: 'bicycle', effectiveFrom: '2031-04-06', rate: '0.30' } }),
  'expenses.rates.addInvolvement': () => ({ as: 'manager', input: { basis: 'session', effectiveFrom: '2031-04-06', rate: '25.00', description: 'Peer trainer, per session' } }),
  'expenses.rates.addBenefitLimit': () => ({ as: 'manager', input: { kind: 'lower', name: 'Permitted work lower limit', effectiveFrom: '2031-04-06', weekly: '20.00' } }),
  'audit.verifyChain': () => ({ as: 'manager', input: {} }),
  'privacy.subjectAccess.log': (f) => ({ as: 'manager', input: { studentId: f.student.id, receivedOn: f.today } }),
  'privacy.subjectAccess.export': (f) => ({ as: 'manager', input: { studentId: f.notEnrolled, requestId: f.subjectAccess, passphrase: 'unit of work passphrase' } }),
  'privacy.subjectAccess.complete': (f) => ({ as: 'manager', input: { id: f.subjectAccess, completedOn: f.today } }),
  'privacy.dataSecurity.confirmDiskEncryption': () => ({ as: 'manager', input: { confirm: true } }),
  'privacy.dataSecurity.recordTraining': (f) => ({ as: 'manager', input: { staffId: f.staffAdmin.id, completedOn: f.today } }),
  'privacy.anonymise': (f) => ({ as: 'manager', input: { studentIds: [f.archived], reason: 'Retention period passed', confirm: true } }),
  'imports.students.commit': () => ({
    as: 'admin',
    input: { fileName: 'old.csv', headers: ['First name', 'Surname', 'DOB', 'How they came'], rows: [{ n: 2, cells: ['Imogen', 'Importer', '02/02/1982', 'Self'] }], include: [2] },
  }),
  'imports.facilitators.commit': () => ({ as: 'coordinator', input: { fileName: 'team.csv', headers: ['First name', 'Surname', 'Role'], rows: [{ n: 2, cells: ['Ivo', 'Imported', 'Volunteer'] }], include: [2] } }),
  'imports.payees.commit': () => ({ as: 'admin', input: { fileName: 'payees.csv', headers: ['Name', 'Paid by'], rows: [{ n: 2, cells: ['Ines Imported', 'Cash'] }], include: [2] } }),
  'setup.hide': () => ({ as: 'manager', input: {} }),
  'setup.reopen': () => ({ as: 'manager', input: {} }),
  'setup.confirmRates': () => ({ as: 'manager', input: { confirm: true } }),
  'exports.list': () => ({ as: 'admin', input: { list: 'students', format: 'xlsx', filter: { query: 'Freshface' } } }),
  // Back to this computer's database (the server's own case needs a server: test/core/server-connection.test.ts).
  'server.save': () => ({ as: 'manager', input: { engine: 'sqlite' } }),
  // Refused before any write on a desk that has accounts (first run only): see the loop below.
  'server.firstRunSave': () => ({ as: 'nobody', input: { engine: 'postgres', host: '127.0.0.1', port: 1, database: 'college', user: 'desk', tls: 'none', password: 'x' } }),
};

const WRITE_METHODS = METHOD_NAMES.filter((m): m is WriteMethodName => contract[m].kind === 'write');

let server: FreshDatabase | null = null;

/**
 * The training-data generator writes a desk's SQLite file directly, so on the server the same college is made on a desk
 * file and moved there with the app's own move (db/portable/move.ts), as a college joining the server would be.
 */
async function collegeOnServer(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-uow-desk-'));
  try {
    const file = path.join(dir, 'desk.sqlite');
    const desk = await makeTestCore({ databaseFile: file });
    await fillDemoDatabase(deskFile(desk), 40, new Date(), 'fast');
    await desk.close();
    server = await freshPostgresDatabase();
    await (await openServer(server.url, { migrate: true })).close();
    await moveDeskToServer(file, server.url);
    return server.url;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  // The fixture needs a run with sessions both behind and ahead of "today" in the demo timetable: a fixed day in the
  // autumn term (only the clock is fixed; timers run as usual), so the suite does not depend on the day it runs.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T11:00:00Z') });
  const onServer = ON_SERVER ? { server: { connection: await collegeOnServer() } } : {};
  t = await makeTestCore({ ...onServer, testWrapTransaction: (trx) => trx.withPlugin(fault) });
  f = await buildFixture(t);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await server?.drop();
  vi.useRealTimers();
});

describe('a write that fails part-way changes nothing', () => {
  it('has a sample call for exactly the write methods', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...WRITE_METHODS].sort());
  });

  it.each(WRITE_METHODS.filter((m) => m !== 'auth.setupFirstManager'))('%s leaves every table unchanged when it fails after its first write', async (method) => {
    const sample = (SAMPLES[method] as (f: Fixture) => Sample<typeof method>)(f);
    const session = await sessionFor(sample.as);
    const before = await tableSnapshot(t.core.database.db);
    fault.arm();
    const r = await t.core.call(session, method, sample.input);
    fault.armed = false;
    // On the college's server the app's backup settings are refused before any write: IT backs the server up. A desk
    // with accounts cannot be re-pointed from the first-run screen.
    const refusedFirst = method === 'server.firstRunSave' ? 'setup.already-done' : ON_SERVER && method.startsWith('backups.') ? 'backup.on-server' : null;
    if (refusedFirst) {
      expect(r.ok || r.error.reason).toBe(refusedFirst);
      expect(await tableSnapshot(t.core.database.db)).toEqual(before);
      return;
    }
    expect(fault.fired, `${method}'s sample call never reached a write${r.ok ? '' : `: ${r.error.code} ${r.error.message}`}`).toBe(true);
    expect(r.ok).toBe(false);
    expect(await tableSnapshot(t.core.database.db)).toEqual(before);
  });

  it('auth.setupFirstManager leaves a new database empty when it fails after its first write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-uow-'));
    const own = new FaultAfterFirstWrite();
    const empty = ON_SERVER ? await freshPostgresDatabase() : null;
    const core = await Core.open({ dataDir: dir, passwordCost: 'fast', testWrapTransaction: (trx) => trx.withPlugin(own), ...(empty ? { server: { connection: empty.url, migrate: true } } : {}) });
    try {
      // Let start-up's own work (the weekly audit-chain check) finish first; it is not part of the call.
      await core.startupTasks;
      const before = await tableSnapshot(core.database.db);
      own.arm();
      const r = await core.call('first', 'auth.setupFirstManager', SAMPLES['auth.setupFirstManager'](f).input);
      expect(own.fired).toBe(true);
      expect(r.ok).toBe(false);
      expect(await tableSnapshot(core.database.db)).toEqual(before);
      expect((await core.call('first', 'auth.status', {})).ok && (await core.call('first', 'auth.status', {}))).toMatchObject({ value: { needsSetup: true, session: null } });
    } finally {
      await core.close();
      await empty?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a read method', () => {
  it('gets a handle that refuses to change the database, whether built with Kysely or written as raw SQL', async () => {
    const ro = t.core.database.db.withPlugin(new ReadOnlyPlugin());
    await expect(ro.selectFrom('staff').select('id').execute()).resolves.toBeDefined();
    await expect(ro.updateTable('settings').set({ value: '"x"' }).execute()).rejects.toThrow(/read-only/);
    await expect(ro.insertInto('settings').values({ key: 'x', value: '1' }).execute()).rejects.toThrow(/read-only/);
    await expect(ro.deleteFrom('settings').execute()).rejects.toThrow(/read-only/);
    await expect(sql`delete from settings`.execute(ro)).rejects.toThrow(/read-only/);
    await expect(sql`select count(*) from audit_log`.execute(ro)).resolves.toBeDefined();
  });
});

describe('the audit vocabulary', () => {
  it('labels every action and kind of record the core writes, so the audit screen never shows a raw code', async () => {
    // Run every sample for real, in order (some will be refused by what earlier ones changed; that is fine),
    // except those that would stop the demo accounts signing in for the next.
    const keepsAccounts = new Set<WriteMethodName>(['auth.setupFirstManager', 'auth.changePassword', 'staff.update', 'staff.setActive', 'staff.resetPassword']);
    for (const method of WRITE_METHODS.filter((m) => !keepsAccounts.has(m))) {
      const sample = (SAMPLES[method] as (f: Fixture) => Sample<typeof method>)(f);
      await t.core.call(await sessionFor(sample.as), method, sample.input);
    }
    const rows = await t.core.database.db.selectFrom('audit_log').select(['action', 'entity']).distinct().execute();
    expect(rows.length).toBeGreaterThan(40);
    const unlabelled = rows.filter((r) => !Object.hasOwn(AUDIT_ACTION_LABELS, r.action) || !Object.hasOwn(AUDIT_ENTITY_LABELS, r.entity));
    expect(unlabelled).toEqual([]);
  });

  it('gives every action and kind of record a label in words', () => {
    for (const label of [...Object.values(AUDIT_ACTION_LABELS), ...Object.values(AUDIT_ENTITY_LABELS)]) expect(label).toMatch(/^[A-Z][a-z]/);
    expect(new Set(Object.values(AUDIT_ENTITY_LABELS)).size).toBe(Object.keys(AUDIT_ENTITY_LABELS).length);
  });
});
