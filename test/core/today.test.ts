// Today's counts are the lengths of the lists they link to, for every role, and a role never receives an item it may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletedQuarter, resolvePeriod } from '../../src-main/contract/returns';
import { ROLES, roleCan, type Role } from '../../src-main/contract/permissions';
import { TODAY_ITEM_IDS, TODAY_ITEMS, type TodayItemId, type TodaySummary } from '../../src-main/contract/today';
import { makeTestCore, type TestCore, ON_SERVER } from '../helpers/core';
import { schedulingFixture } from '../helpers/scheduling';

// Wednesday 20 October 2027, 12:00 in the college (BST).
const NOW = new Date('2027-10-20T11:00:00Z');
const TODAY = '2027-10-20';

let t: TestCore;
const sessions = {} as Record<Role, string>;
let submittedClaims: number[] = [];

/** The length of the list each item links to, read through that list's own method as the same person. */
async function listLength(session: string, id: TodayItemId, s: TodaySummary): Promise<number> {
  switch (id) {
    case 'sessionsToday':
      return (await t.ok(session, 'registers.day', { date: TODAY })).length;
    case 'sessionsThisWeek':
      return (await t.ok(session, 'scheduling.week', { from: s.weekFrom, to: s.weekTo })).sessions.filter((x) => x.status === 'scheduled').length;
    case 'registersToTake':
      return (await t.ok(session, 'registers.toTake', {})).length;
    case 'welfareFollowUps':
      return (await t.ok(session, 'registers.followUps', {})).filter((e) => !e.contactedSinceLastMiss).length;
    case 'questionnairesDue':
      return (await t.ok(session, 'outcomes.followUpDue', {})).length;
    case 'claimsToApprove':
      // The approvals page lists up to 200 submitted claims; the page's total is the same query's count.
      return (await t.ok(session, 'expenses.claims.list', { status: 'submitted', pageSize: 200 })).rows.length;
    case 'batchesToPay':
      return (await t.ok(session, 'expenses.batches.list', { status: 'open' })).total;
    case 'readyForBatch': {
      const p = await t.ok(session, 'expenses.batches.payable', {});
      return p.claims.length + p.involvement.length;
    }
    case 'runsNeedingTeam':
      return (await t.ok(session, 'scheduling.runsNeedingAttention', { need: 'team' })).runs.length;
    case 'runsBelowMinimum':
      return (await t.ok(session, 'scheduling.runsNeedingAttention', { need: 'enrolment' })).runs.length;
    case 'returnDue': {
      const q = resolvePeriod(lastCompletedQuarter(TODAY));
      const made = (await t.ok(session, 'returns.list', { pageSize: 100 })).rows.some((r) => r.period.start === q.start && r.period.end === q.end);
      return made ? 0 : 1;
    }
    case 'backupStatus': {
      // On the college's server IT backs up the database: nothing for a manager to do here.
      if (ON_SERVER) return 0;
      const b = await t.ok(session, 'backups.status', {});
      // Needs a look when there is no backup or the last attempt failed (the other reasons need days to pass).
      return !b.lastBackup || (b.lastFailure && b.lastFailure.at > b.lastBackup.takenAt) || b.secondFolderProblem ? 1 : 0;
    }
    case 'unusedAccounts':
      return (await t.ok(session, 'privacy.dataSecurity.report', {})).unusedAccounts.length;
  }
}

async function markAll(session: string, sessionId: number, studentIds: number[], mark: 'present' | 'absent' = 'present') {
  for (const studentId of studentIds) await t.ok(session, 'registers.mark', { sessionId, studentId, mark });
}

beforeAll(async () => {
  t = await makeTestCore({ now: () => NOW });
  const f = await schedulingFixture(t);
  const db = t.core.database.db;

  // Run A (co-delivered), Mondays from 13 Sep: six sessions held by today, two more to come.
  const runA = await f.run({ facilitators: [f.staffF, f.peerF] });
  await t.ok(f.coord, 'scheduling.generateSessions', { runId: runA, pattern: { weekday: 1, startTime: '10:00', lengthMinutes: 120, count: 8, firstDate: '2027-09-13' } });
  const ana = await f.student('Ana');
  const ben = await f.student('Ben');
  const cal = await f.student('Cal');
  for (const s of [ana, ben, cal]) await t.ok(f.coord, 'scheduling.enrol', { runId: runA, studentId: s });
  // They joined before the first session (enrolling today would date the place from today).
  await db.updateTable('enrolments').set({ enrolled_on: '2027-09-01' }).where('course_run_id', '=', runA).execute();
  const a = (await t.ok(f.coord, 'scheduling.getRun', { id: runA })).sessions.map((s) => s.id);
  await markAll(f.admin, a[0], [ana, ben, cal]);
  await markAll(f.admin, a[1], [ana, ben]); // Cal has no mark: still to take
  await markAll(f.admin, a[2], [ana, ben, cal]);
  await markAll(f.admin, a[3], [ana, ben, cal]);
  await markAll(f.admin, a[4], [ben, cal]);
  await markAll(f.admin, a[4], [ana], 'absent');
  await markAll(f.admin, a[5], [ben]);
  await markAll(f.admin, a[5], [ana], 'absent'); // Ana: two in a row; Cal has no mark on 18 Oct

  // Run B: staff only (no peer trainer), Wednesdays from today, one student: lacks a team and is below the minimum.
  const runB = await f.run({ title: 'Wellbeing Walks', facilitators: [f.staffF], roomId: f.roomB });
  await t.ok(f.coord, 'scheduling.generateSessions', { runId: runB, pattern: { weekday: 3, startTime: '14:00', lengthMinutes: 90, count: 4, firstDate: TODAY } });
  await t.ok(f.coord, 'scheduling.enrol', { runId: runB, studentId: ben });

  // Run C: last term, every register taken, ended 14 July: the end-of-course questionnaires are overdue.
  const runC = await f.run({ title: 'Sleep Matters', termId: f.summer, facilitators: [f.staffF, f.peerF] });
  await t.ok(f.coord, 'scheduling.generateSessions', { runId: runC, pattern: { weekday: 3, startTime: '10:00', lengthMinutes: 120, count: 6, firstDate: '2027-06-09' } });
  for (const s of [ana, cal]) await t.ok(f.coord, 'scheduling.enrol', { runId: runC, studentId: s });
  await db.updateTable('enrolments').set({ enrolled_on: '2027-06-01' }).where('course_run_id', '=', runC).execute();
  for (const s of (await t.ok(f.coord, 'scheduling.getRun', { id: runC })).sessions) await t.ok(f.admin, 'registers.markRestPresent', { sessionId: s.id });

  // Run D: offered this term, nobody delivering it yet, no sessions yet.
  await f.run({ title: 'Finding Hope' });

  // Expenses: two claims waiting, one approved and not in a batch, one in a batch not yet paid.
  const payee = await t.ok(f.coord, 'expenses.payees.create', { fields: { facilitatorId: f.peerF, paymentMethod: 'cash' } });
  const claim = async (date: string) => {
    const c = await t.ok(f.admin, 'expenses.claims.create', { payeeId: payee.id });
    await t.ok(f.admin, 'expenses.claims.addLine', { claimId: c.id, line: { date, category: 'mileage', miles: '4', vehicle: 'car_van', passengers: 0 } as never });
    await t.ok(f.admin, 'expenses.claims.submit', { id: c.id });
    return c.id;
  };
  const ids = [await claim('2027-09-13'), await claim('2027-09-20'), await claim('2027-09-27'), await claim('2027-10-04')];
  await t.ok(f.coord, 'expenses.claims.approve', { id: ids[2] });
  await t.ok(f.coord, 'expenses.claims.approve', { id: ids[3] });
  await t.ok(f.coord, 'expenses.batches.create', { claimIds: [ids[3]] });
  submittedClaims = ids.slice(0, 2);

  // A staff account made and never used.
  await t.ok('setup', 'staff.create', { username: 'never.used', displayName: 'Nev Used', role: 'admin', temporaryPassword: 'correct horse battery' });

  sessions.admin = f.admin;
  sessions.coordinator = f.coord;
  sessions.manager = 'setup';
});
afterAll(() => t?.close());

describe('Today for each role', () => {
  for (const role of ROLES) {
    it(`gives a ${role} only the items their role may see`, async () => {
      const s = await t.ok(sessions[role], 'today.summary', {});
      expect(s.items.map((i) => i.id)).toEqual(TODAY_ITEM_IDS.filter((id) => roleCan(role, TODAY_ITEMS[id].access)));
    });

    it(`shows a ${role} counts equal to the lists they link to`, async () => {
      const s = await t.ok(sessions[role], 'today.summary', {});
      for (const item of s.items) {
        expect({ id: item.id, count: item.count }).toEqual({ id: item.id, count: await listLength(sessions[role], item.id, s) });
        expect(item.link).toBe(TODAY_ITEMS[item.id].link);
      }
    });
  }

  it('finds what the arranged data leaves to do (so the comparisons above compare something)', async () => {
    const s = await t.ok('setup', 'today.summary', {});
    const counts = Object.fromEntries(s.items.map((i) => [i.id, i.count]));
    expect(counts).toMatchObject({
      sessionsToday: 1,
      sessionsThisWeek: 2,
      registersToTake: 2,
      welfareFollowUps: 1,
      questionnairesDue: 2,
      claimsToApprove: 2,
      batchesToPay: 1,
      readyForBatch: 1,
      runsNeedingTeam: 2,
      runsBelowMinimum: 1,
      returnDue: 1,
      unusedAccounts: 1,
    });
    expect(s.weekFrom).toBe('2027-10-18');
    expect(s.items.find((i) => i.id === 'claimsToApprove')?.detail).toMatch(/The oldest was submitted today/);
    expect(s.items.find((i) => i.id === 'registersToTake')?.detail).toBe('The oldest is from 20 Sep 2027.');
    expect(s.items.find((i) => i.id === 'returnDue')?.detail).toMatch(/^Q2 2027\/28/);
  });

  it('an admin sees none of the coordinator’s or manager’s items', async () => {
    const s = await t.ok(sessions.admin, 'today.summary', {});
    expect(s.items.every((i) => i.group === 'sessions')).toBe(true);
    expect(s.items.map((i) => i.id)).not.toContain('claimsToApprove');
  });

  it('counts go down as the work is done', async () => {
    const before = await t.ok(sessions.coordinator, 'today.summary', {});
    const count = (s: TodaySummary, id: TodayItemId) => s.items.find((i) => i.id === id)?.count;
    await t.ok(sessions.coordinator, 'expenses.claims.approve', { id: submittedClaims[0] });
    const toTake = await t.ok(sessions.admin, 'registers.toTake', {});
    await t.ok(sessions.admin, 'registers.markRestPresent', { sessionId: toTake[0].sessionId });
    const after = await t.ok(sessions.coordinator, 'today.summary', {});
    expect(count(after, 'claimsToApprove')).toBe((count(before, 'claimsToApprove') ?? 0) - 1);
    expect(count(after, 'readyForBatch')).toBe((count(before, 'readyForBatch') ?? 0) + 1);
    expect(count(after, 'registersToTake')).toBe((count(before, 'registersToTake') ?? 0) - 1);
  });

  it('counts a run below the minimum enrolment against the college’s own setting', async () => {
    const coordinator = sessions.coordinator;
    const below = async () => (await t.ok(coordinator, 'today.summary', {})).items.find((i) => i.id === 'runsBelowMinimum');
    expect((await below())?.count).toBe(1);
    await t.ok('setup', 'settings.update', { minimumEnrolment: 1 });
    expect((await below())?.count).toBe(0);
    await t.ok('setup', 'settings.update', { minimumEnrolment: 4 });
    expect((await below())?.detail).toBe('Starting in the next two weeks with fewer than 4 enrolled.');
    await t.ok('setup', 'settings.update', { minimumEnrolment: 0 });
    expect(await below()).toMatchObject({ count: 0, label: 'No course run starting soon is below the minimum enrolment', detail: null });
  });
});
