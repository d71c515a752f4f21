// The core's own handlers on a PostgreSQL server database, run directly (without Core.call) the way Core.runWrite /
// runRead do: add a student, open a register and take marks, each write in one transaction with its audit row chained.
// This was the server's first step; the whole core suite now also runs through Core.call on the server
// (RCD_TEST_POSTGRES_URL, test/helpers/core.ts), and test/desks races several desks in separate processes.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { contract, type MethodInput, type MethodName, type MethodResult } from '../../src-main/contract/contract';
import type { SignedInStaff } from '../../src-main/contract/staff';
import type { Role } from '../../src-main/contract/permissions';
import { writeAudit, type AuditRecord } from '../../src-main/core/audit/audit';
import type { CoreServices } from '../../src-main/core/api/core';
import type { CallContext, Session } from '../../src-main/core/api/handlers';
import { allHandlers } from '../../src-main/core/api/registry';
import { verifyAuditChain } from '../../src-main/core/audit/chain';
import type { Database } from '../../src-main/core/db/schema';
import { openPostgres, serialiseWrites, type OpenedServerDatabase } from '../../src-main/core/db/postgres';
import { validStudent, type TestCore } from '../helpers/core';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { schedulingFixture, THURSDAYS_10AM } from '../helpers/scheduling';
import { Timetable } from '../helpers/timetable';

failWithoutPostgresInCI();

/** A handler's call, the way Core.call makes it: parsed input, one transaction for a write with its audit rows. */
async function call<K extends MethodName>(db: Kysely<Database>, staff: SignedInStaff, now: Date, method: K, input: MethodInput<K>): Promise<MethodResult<K>> {
  const spec = contract[method];
  const parsed = (spec.input as z.ZodType).parse(input ?? {});
  const handler = allHandlers[method] as unknown as (ctx: CallContext, input: unknown) => Promise<unknown>;
  const session: Session = { key: 's', database: 'live', staffId: staff.id, lastActivity: now.getTime(), locked: false };
  // Only what these handlers use; anything else says plainly that it is not there yet on PostgreSQL.
  const services = new Proxy({ passwordCost: 'fast', deskId: 'desk-1' } as Partial<CoreServices>, {
    get: (target, key) => {
      if (key in target) return target[key as keyof CoreServices];
      throw new Error(`services.${String(key)} is not available to handlers on PostgreSQL yet`);
    },
  }) as CoreServices;
  const clock = () => now;
  if (spec.kind === 'read') {
    return (await handler({ db, staff, session, now: clock, services, audit: () => undefined, afterCommit: () => undefined }, parsed)) as MethodResult<K>;
  }
  return db.transaction().execute(async (trx) => {
    // One write at a time across desks, as the core on a server will run writes (core/db/postgres.ts).
    await serialiseWrites(trx);
    const audits: AuditRecord[] = [];
    const ctx: CallContext = { db: trx, staff, session, now: clock, services, audit: (e) => void audits.push(e), afterCommit: () => undefined };
    const value = await handler(ctx, parsed);
    for (const entry of audits) await writeAudit(trx, { now: clock, staff }, entry);
    return value as MethodResult<K>;
  });
}

const drop: FreshDatabase[] = [];
afterAll(async () => {
  for (const d of drop) await d.drop();
});

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server;
// failWithoutPostgresInCI() above fails instead in CI, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('core handlers on PostgreSQL', () => {
  let server: OpenedServerDatabase<Database>;
  let db: Kysely<Database>;
  let url: string;
  const now = new Date('2026-03-11T14:00:00Z');
  const people: Partial<Record<Role, SignedInStaff>> = {};
  const person = async (role: Role): Promise<SignedInStaff> => {
    if (people[role]) return people[role];
    const { id } = await db
      .insertInto('staff')
      .values({ username: role, display_name: `The ${role}`, role, password_hash: 'x', created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (people[role] = { id, username: role, displayName: `The ${role}`, role, mustChangePassword: false });
  };

  beforeEach(async () => {
    const fresh = await freshPostgresDatabase();
    drop.push(fresh);
    url = fresh.url;
    server = await openPostgres<Database>(fresh.url, { migrate: true });
    db = server.db;
    for (const k of Object.keys(people)) delete people[k as Role];
    return () => server.close();
  });

  it('adds a student with the next reference number and reads the record back, audited in the same transaction', async () => {
    const admin = await person('admin');
    const created = await call(db, admin, now, 'students.create', { fields: validStudent({ firstName: 'Priya', surname: 'Patel', phone: '07700 900123' }) });
    expect(created).toMatchObject({ id: 1, reference: 'RC-000001', firstName: 'Priya', surname: 'Patel' });
    const second = await call(db, admin, now, 'students.create', { fields: validStudent({ firstName: 'Tom', surname: 'Adeyemi' }) });
    expect(second.reference).toBe('RC-000002');
    const read = await call(db, admin, now, 'students.get', { id: created.id });
    expect(read).toMatchObject({ id: 1, firstName: 'Priya', dateOfBirth: '1985-06-15' });
    const audit = await db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'staff_id']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'create', entity: 'student', entity_id: 1, staff_id: admin.id },
      { action: 'create', entity: 'student', entity_id: 2, staff_id: admin.id },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('opens a register and takes marks; a changed mark keeps one row per student and session', async () => {
    const admin = await person('admin');
    const tt = new Timetable(db);
    const run = await tt.fullRun({ dates: ['2026-03-04', '2026-03-11'], students: 3, names: [['Priya', 'Patel'], ['Tom', 'Adeyemi'], ['Zoë', 'Adeyemi']] });
    const today = run.sessionIds[1];
    const register = await call(db, admin, now, 'registers.get', { sessionId: today });
    expect(register.rows.map((r) => `${r.firstName} ${r.surname}`)).toEqual(['Tom Adeyemi', 'Zoë Adeyemi', 'Priya Patel']);
    expect(register.counts).toMatchObject({ expected: 3, marked: 0, missing: 3 });
    await call(db, admin, now, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'late', note: 'Bus was late' });
    await call(db, admin, now, 'registers.mark', { sessionId: today, studentId: run.studentIds[0], mark: 'present' });
    await call(db, admin, now, 'registers.mark', { sessionId: today, studentId: run.studentIds[1], mark: 'absent' });
    const after = await call(db, admin, now, 'registers.get', { sessionId: today });
    expect(after.counts).toMatchObject({ expected: 3, marked: 2, missing: 1 });
    const marks = await db.selectFrom('attendance').select(['student_id', 'mark']).where('session_id', '=', today).orderBy('student_id').execute();
    expect(marks).toEqual([
      { student_id: run.studentIds[0], mark: 'present' },
      { student_id: run.studentIds[1], mark: 'absent' },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('plans a run through the scheduling handlers, fills it to capacity, queues the rest and promotes in order', async () => {
    // test/helpers/scheduling.ts drives the handlers through a TestCore; here its two calls go to the server instead.
    const signedIn = new Map<string, SignedInStaff>();
    const t = {
      ok: (key: string, method: MethodName, input: unknown) => call(db, signedIn.get(key)!, now, method, input as never),
      signInAs: async (role: Role) => (signedIn.set(role, await person(role)), role),
    } as unknown as TestCore;
    const f = await schedulingFixture(t);
    const runId = await f.run({ capacity: 2 });
    const sessions = await t.ok(f.coord, 'scheduling.generateSessions', { runId, pattern: THURSDAYS_10AM });
    expect(sessions).toBeTruthy();
    const ids: Record<string, number> = {};
    for (const name of ['Ann', 'Ben', 'Cat', 'Dan']) {
      ids[name] = await f.student(name);
      await t.ok(f.admin, 'scheduling.enrol', { runId, studentId: ids[name] });
    }
    let run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.enrolled.map((e) => e.name)).toEqual(['Ann Student', 'Ben Student']);
    expect(run.waiting.map((e) => [e.name, e.waitingPosition])).toEqual([
      ['Cat Student', 1],
      ['Dan Student', 2],
    ]);
    const left = await t.ok(f.admin, 'scheduling.withdraw', { runId, studentId: ids.Ben, reason: 'Moved away' });
    expect(left.promoted.map((p) => p.name)).toEqual(['Cat Student']);
    run = await t.ok(f.admin, 'scheduling.getRun', { id: runId });
    expect(run.sessions.length).toBe(THURSDAYS_10AM.count);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('five desks enrolling into the last two places at the same moment: exactly two get them, three wait in order', async () => {
    const admin = await person('admin');
    const tt = new Timetable(db);
    const run = await tt.fullRun({ dates: ['2026-03-18'], students: 0 });
    await db.updateTable('course_runs').set({ capacity: 2 }).where('id', '=', run.courseRunId).execute();
    const students: number[] = [];
    for (let i = 0; i < 5; i++) students.push(await tt.student({ firstName: `Desk${i}` }));
    // Each desk its own connection pool, as separate PCs would have. Without serialiseWrites() in the call's
    // transaction, 3 to 5 of the 5 were enrolled here (each read "places left" before the others wrote).
    const desks = await Promise.all(students.map(() => openPostgres<Database>(url)));
    try {
      await Promise.all(desks.map((d, i) => call(d.db, admin, now, 'scheduling.enrol', { runId: run.courseRunId, studentId: students[i] })));
    } finally {
      for (const d of desks) await d.close();
    }
    const rows = await db.selectFrom('enrolments').select(['status', 'waiting_since', 'id']).where('course_run_id', '=', run.courseRunId).orderBy('id').execute();
    expect(rows.filter((r) => r.status === 'enrolled')).toHaveLength(2);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(3);
    const view = await call(db, admin, now, 'scheduling.getRun', { id: run.courseRunId });
    expect(view.waiting.map((w) => w.waitingPosition)).toEqual([1, 2, 3]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
