// Who looked at this record: every sensitive read declared in READ_AUDITS writes an access row when it succeeds, every
// export-like method is covered (by READ_AUDITS, or by being a write that audits itself), and a manager sees who has
// looked at or changed a student's record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodInput, type MethodName } from '../../src-main/contract/contract';
import { READ_AUDITS } from '../../src-main/contract/read-audits';
import { validStudent } from '../helpers/core';
import { bus, claimWith, makeWorld, PNG, type World } from './expenses-fixtures';

let w: World;
let studentId: number;
let inputs: { [K in keyof typeof READ_AUDITS & MethodName]: MethodInput<K> };
/** Exports that are write methods and write their own audit row: who may run them, the input, and the row expected. */
const SELF_AUDITED = ['returns.download', 'expenses.batches.financeCsv', 'extracts.run', 'privacy.subjectAccess.export'] as const;
type SelfAudited = (typeof SELF_AUDITED)[number];
let selfAudited: { [K in SelfAudited]: { as: () => string; input: MethodInput<K>; row: { action: string; entity: string; entity_id: number } } };

beforeAll(async () => {
  w = await makeWorld();
  const s = await w.t.ok(w.admin, 'students.create', { fields: validStudent() });
  studentId = s.id;
  const run = await w.t.core.database.db.selectFrom('course_runs').select('id').executeTakeFirstOrThrow();
  const claimId = await claimWith(w, w.patId, [bus('2026-10-05', '2.50')]);
  const line = (await w.t.ok(w.admin, 'expenses.claims.get', { id: claimId })).lines[0];
  const withReceipt = await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'r.png', base64: PNG });
  await w.t.ok(w.admin, 'expenses.claims.submit', { id: claimId });
  await w.t.ok(w.coordinator, 'expenses.claims.approve', { id: claimId });
  const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [claimId] });
  const ret = await w.t.ok(w.manager, 'returns.produce', { period: { kind: 'quarter', financialYear: 2026, quarter: 2 } });
  inputs = {
    'students.get': { id: studentId },
    'students.search': { query: 'Testperson' },
    'students.checkDuplicates': { firstName: 'Alex', surname: 'Testperson', dateOfBirth: '1985-06-15' },
    'registers.studentAttendance': { studentId },
    'scheduling.studentCourses': { studentId },
    'outcomes.forStudent': { studentId },
    'registers.printSession': { sessionId: w.sessionIds[0] },
    'registers.printRun': { courseRunId: run.id },
    'scheduling.exportRunIcs': { runId: run.id },
    'scheduling.exportFacilitatorIcs': { facilitatorId: w.facilitatorIds[0] },
    'returns.get': { id: ret.id },
    'expenses.payees.get': { id: w.patId },
    'expenses.receipts.get': { id: withReceipt.lines[0].receipts[0].id },
    'expenses.receipts.view': { id: withReceipt.lines[0].receipts[0].id },
    'expenses.batches.remittance': { id: batch.id, payeeId: w.patId },
    'expenses.batches.remittances': { id: batch.id },
    'expenses.totals.exportCsv': { taxYear: 2026, kind: 'payees' },
    'imports.students.report': { fileName: 'old.csv', imported: [{ n: 2, id: studentId }], skipped: [{ n: 3, label: 'Sam Skipped', reason: 'Chosen not to import.' }] },
    'imports.facilitators.report': { fileName: 'team.csv', imported: [{ n: 2, id: w.facilitatorIds[0] }], skipped: [] },
    'imports.payees.report': { fileName: 'payees.csv', imported: [{ n: 2, id: w.patId }], skipped: [] },
    'search.everything': { query: 'Testperson' },
  };
  const period = { kind: 'quarter' as const, financialYear: 2026, quarter: 2 };
  selfAudited = {
    'returns.download': { as: () => w.manager, input: { id: ret.id, name: ret.files[0].name }, row: { action: 'download', entity: 'return', entity_id: ret.id } },
    'expenses.batches.financeCsv': { as: () => w.coordinator, input: { id: batch.id }, row: { action: 'export-csv', entity: 'payment_batch', entity_id: batch.id } },
    'extracts.run': { as: () => w.manager, input: { period, reason: 'Evaluation', passphrase: 'harbour violet thimble' }, row: { action: 'extract', entity: 'data-sharing-extract', entity_id: -1 } },
    'privacy.subjectAccess.export': { as: () => w.manager, input: { studentId, passphrase: 'harbour violet thimble' }, row: { action: 'export-subject-access', entity: 'student', entity_id: studentId } },
  };
});
afterAll(() => w.t.close());

const lastAudit = () =>
  w.t.core.database.db.selectFrom('audit_log').select(['id', 'action', 'entity', 'entity_id', 'staff_id', 'summary']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

describe('sensitive reads are audited', () => {
  it('covers every export, print, download, extract and receipt in the contract', () => {
    const exportLike = METHOD_NAMES.filter((m) => /export|print|remittance|download|extract|receipts\.(get|view)|Ics/i.test(m) && !/\.list$/.test(m));
    expect(exportLike.length).toBeGreaterThan(8);
    for (const m of exportLike) {
      if (contract[m].kind === 'write') continue; // writes record their own audit rows (checked in their own tests)
      expect(READ_AUDITS, `${m} exports data but is not in READ_AUDITS`).toHaveProperty([m]);
    }
  });

  it.each(Object.keys(READ_AUDITS) as (keyof typeof READ_AUDITS & MethodName)[])('%s writes an access row naming who and what', async (method) => {
    const spec = READ_AUDITS[method];
    const session = contract[method].access.startsWith('returns') ? w.manager : w.coordinator;
    const before = await lastAudit();
    const r = await w.t.core.call(session, method, inputs[method] as never);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const row = await lastAudit();
    expect(row.id).toBeGreaterThan(before.id);
    expect(row).toMatchObject({ action: spec.action, entity: spec.entity });
    expect(row.staff_id).not.toBeNull();
    // never the search text (the audit log cannot be erased)
    expect(row.summary ?? '').not.toMatch(/Testperson|Alex/);
  });

  it('covers every export that is a write method: each is listed here and tested below', () => {
    const exportLikeWrites = METHOD_NAMES.filter((m) => /export|print|remittance|download|extract|Csv|Ics/i.test(m) && !/\.list$/.test(m) && contract[m].kind === 'write');
    expect([...exportLikeWrites].sort()).toEqual([...SELF_AUDITED].sort());
  });

  it.each(SELF_AUDITED)('%s (an export that is a write) records who exported what', async (method) => {
    const spec = selfAudited[method];
    const before = await lastAudit();
    const r = await w.t.core.call(spec.as(), method, spec.input as never);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const row = await lastAudit();
    expect(row.id).toBeGreaterThan(before.id);
    const { entity_id: entityId, ...rest } = spec.row;
    expect(row).toMatchObject(rest);
    if (entityId !== -1) expect(row.entity_id).toBe(entityId);
    expect(row.staff_id).not.toBeNull();
    // once per export, not once per five minutes: each file that leaves the desk is a separate row
    await w.t.core.call(spec.as(), method, spec.input as never);
    expect((await lastAudit()).id).toBeGreaterThan(row.id);
  });

  it('writes no row for an export that is refused', async () => {
    const before = await lastAudit();
    expect((await w.t.fail(w.admin, 'expenses.batches.financeCsv', selfAudited['expenses.batches.financeCsv'].input)).reason).toBe('access.role');
    expect((await w.t.fail(w.coordinator, 'returns.download', selfAudited['returns.download'].input)).reason).toBe('access.role');
    expect((await lastAudit()).id).toBe(before.id);
  });

  it('does not audit masked bank details, only full ones', async () => {
    const before = await lastAudit();
    await w.t.ok(w.admin, 'expenses.payees.get', { id: w.patId }); // admins see them masked
    expect((await lastAudit()).id).toBe(before.id);
    await w.t.ok(w.manager, 'expenses.payees.get', { id: w.patId });
    expect(await lastAudit()).toMatchObject({ action: 'view-bank-details', entity: 'payee', entity_id: w.patId });
  });

  it('records one row per person, record and kind of read in five minutes, not one per refetch', async () => {
    await w.t.ok(w.manager, 'students.get', { id: studentId });
    const first = await lastAudit();
    await w.t.ok(w.manager, 'students.get', { id: studentId });
    expect((await lastAudit()).id).toBe(first.id);
  });
});

describe('who has looked at or changed this record', () => {
  it('lists views and changes of one student for a manager, and nobody else’s', async () => {
    const other = await w.t.ok(w.admin, 'students.create', { fields: validStudent({ firstName: 'Jo', surname: 'Elsewhere', dateOfBirth: '1970-01-01' }) });
    await w.t.ok(w.coordinator, 'students.get', { id: studentId });
    await w.t.ok(w.admin, 'outcomes.forStudent', { studentId });
    await w.t.ok(w.admin, 'students.get', { id: other.id });
    const log = await w.t.ok(w.manager, 'privacy.studentAccessLog', { id: studentId });
    const actions = log.rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'view', 'view-outcomes']));
    expect(log.rows.every((r) => r.entity !== 'student' || r.entityId === studentId)).toBe(true);
    expect(log.rows[0]).toMatchObject({ action: 'view-outcomes', staffName: expect.stringMatching(/^Test admin/) });
    expect((await w.t.fail(w.coordinator, 'privacy.studentAccessLog', { id: studentId })).reason).toBe('access.role');
  });
});
