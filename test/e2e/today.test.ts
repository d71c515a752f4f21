// A coordinator working from Today in real Chromium: the counts match the lists they link to and the navigation's badges,
// following one to the work and doing it brings the count down; an admin sees none of the coordinator's or manager's items.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import type { TodayItemId, TodaySummary } from '../../src-main/contract/today';
import { Timetable } from '../helpers/timetable';
import { axeViolations, describeViolations } from './axe';
import { deskCall, SEED_MANAGER, startE2E, type E2E, type Person } from './support';

/** Set TODAY_SCREENSHOTS=dir to keep a picture of Today for each role. */
const SHOTS = process.env.TODAY_SCREENSHOTS;

const days = (n: number) => DateTime.fromISO(collegeToday()).plus({ days: n }).toISODate() as string;

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function summary(page: Page): Promise<TodaySummary> {
  const r = await deskCall(page, 'today.summary', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The count Today shows for an item, read from the page. */
async function shown(page: Page, id: TodayItemId): Promise<number> {
  const item = page.getByTestId(`today-${id}`);
  await item.waitFor();
  return Number(await item.getAttribute('data-count'));
}

async function goToday(page: Page) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Today/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('heading', { name: 'What needs doing' }).waitFor();
}

describe('Today', () => {
  let e2e: E2E;
  let coordinator: Person;
  let admin: Person;

  beforeAll(async () => {
    e2e = await startE2E();
    await e2e.setupFirstManager();
    coordinator = await e2e.core.addStaff('coordinator', 'cora.coordinator', 'Cora Coordinator');
    admin = await e2e.core.addStaff('admin', 'ada.admin', 'Ada Admin');

    // Registers: a session today, and last week's register never taken.
    const tt = new Timetable((await e2e.database()).db);
    await tt.fullRun({ dates: [collegeToday()], students: 3, title: 'Understanding Anxiety' });
    const past = await tt.fullRun({ dates: [days(-14), days(-7)], students: 3, title: 'Living Well' });
    await e2e.core.call('registers.markRestPresent', { sessionId: past.sessionIds[0] });

    // Planning: a run this term with nobody delivering it yet.
    const venue = await e2e.core.call('scheduling.createVenue', { name: 'Civic Centre', address: 'Victoria Avenue, Southend' });
    const term = await e2e.core.call('scheduling.createTerm', { name: 'This term', startsOn: days(-20), endsOn: days(80) });
    const course = await e2e.core.call('scheduling.createCourse', { title: 'Finding Hope', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 });
    await e2e.core.call('scheduling.createRun', { courseId: course.id, termId: term.id, venueId: venue.id });

    // Expenses: two claims entered and submitted by the manager, waiting for someone else's approval.
    const payee = await e2e.core.call('expenses.payees.create', { fields: { name: 'Val Volunteer', paymentMethod: 'cash' } });
    for (const date of [days(-10), days(-3)]) {
      const c = await e2e.core.call('expenses.claims.create', { payeeId: payee.id });
      await e2e.core.call('expenses.claims.addLine', { claimId: c.id, line: { date, category: 'mileage', miles: '6', vehicle: 'car_van', passengers: 0 } as never });
      await e2e.core.call('expenses.claims.submit', { id: c.id });
    }
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('as a coordinator working from Today: counts match their lists and the navigation, and go down as work is done', async () => {
    await e2e.signIn(coordinator.username, coordinator.password);
    const { page } = e2e;
    await goToday(page);
    const s = await summary(page);

    // Each count on the page is the summary's, and the summary's is the length of the list it links to.
    const lists: Partial<Record<TodayItemId, number>> = {
      sessionsToday: (await value(deskCall(page, 'registers.day', { date: s.today }))).length,
      registersToTake: (await value(deskCall(page, 'registers.toTake', {}))).length,
      welfareFollowUps: (await value(deskCall(page, 'registers.followUps', {}))).filter((e) => !e.contactedSinceLastMiss).length,
      questionnairesDue: (await value(deskCall(page, 'outcomes.followUpDue', {}))).length,
      claimsToApprove: (await value(deskCall(page, 'expenses.claims.list', { status: 'submitted', pageSize: 200 }))).rows.length,
      batchesToPay: (await value(deskCall(page, 'expenses.batches.list', { status: 'open' }))).total,
      runsNeedingTeam: (await value(deskCall(page, 'scheduling.runsNeedingAttention', { need: 'team' }))).runs.length,
      runsBelowMinimum: (await value(deskCall(page, 'scheduling.runsNeedingAttention', { need: 'enrolment' }))).runs.length,
    };
    for (const item of s.items) {
      expect({ id: item.id, shown: await shown(page, item.id) }).toEqual({ id: item.id, shown: item.count });
      if (lists[item.id] !== undefined) expect({ id: item.id, list: lists[item.id] }).toEqual({ id: item.id, list: item.count });
    }
    expect(Object.fromEntries(s.items.map((i) => [i.id, i.count]))).toMatchObject({ sessionsToday: 1, registersToTake: 1, claimsToApprove: 2, runsNeedingTeam: 1 });
    // A coordinator sees planning and expenses, not the manager's items.
    expect(s.items.map((i) => i.id)).not.toContain('returnDue');
    await page.getByTestId('today-group-coordination').waitFor();
    expect(await page.getByTestId('today-group-management').count()).toBe(0);

    // The navigation says the same, as part of each link's name.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Expenses, 2 claims awaiting approval' }).waitFor();
    await nav.getByRole('link', { name: 'Registers, 1 register still to take' }).waitFor();
    await nav.getByRole('link', { name: 'Courses & schedule, 1 course run needs a peer trainer or a second facilitator' }).waitFor();

    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shoot(page, 'today-coordinator');

    // Follow the claims to the approvals page and approve the oldest.
    await page.getByRole('main').getByRole('link', { name: '2 claims awaiting approval', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    const claims = page.getByRole('list', { name: 'Claims waiting for approval' }).getByRole('link');
    await expect.poll(() => claims.count()).toBe(2);
    await claims.first().click();
    await page.getByRole('button', { name: 'Approve claim' }).click();
    await page.getByText('Approved', { exact: false }).first().waitFor();
    // The badge follows the change at once, before Today is opened again.
    await nav.getByRole('link', { name: 'Expenses, 1 claim awaiting approval' }).waitFor();

    await goToday(page);
    await expect.poll(() => shown(page, 'claimsToApprove')).toBe(1);
    await page.getByRole('main').getByRole('link', { name: '1 claim awaiting approval', exact: true }).waitFor();
    await expect.poll(async () => (await shown(page, 'readyForBatch')) > 0).toBe(true);

    // Follow the register still to take, mark it, and come back: nothing left to take.
    await page.getByRole('main').getByRole('link', { name: '1 register still to take', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Registers still to take' }).waitFor();
    await page.getByRole('link', { name: 'Living Well' }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shoot(page, 'registers-to-take');
    await page.getByRole('link', { name: 'Living Well' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register: Living Well' }).waitFor();
    await page.getByRole('button', { name: 'Mark everyone else present' }).click();
    await page.getByTestId('register-counts').filter({ hasText: /all marked/ }).waitFor();
    await goToday(page);
    await expect.poll(() => shown(page, 'registersToTake')).toBe(0);
    await page.getByRole('main').getByRole('link', { name: 'Every past register is taken', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Registers', exact: true }).waitFor();

    // The runs that need a team: the list the count came from, with the run in it.
    await page.getByRole('main').getByRole('link', { name: '1 course run needs a peer trainer or a second facilitator', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Runs that need a peer trainer or a second facilitator' }).waitFor();
    await page.getByRole('link', { name: 'Finding Hope' }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shoot(page, 'runs-needing-a-team');

    expect(e2e.pageErrors).toEqual([]);
  });

  it('an admin sees the day’s sessions and registers, and none of the coordinator’s or manager’s items', async () => {
    const { page } = await e2e.newContext();
    await e2e.signIn(admin.username, admin.password, page);
    await goToday(page);
    await page.getByTestId('today-group-sessions').waitFor();
    expect(await page.getByTestId('today-group-coordination').count()).toBe(0);
    expect(await page.getByTestId('today-group-management').count()).toBe(0);
    expect(await page.getByText('claims awaiting approval').count()).toBe(0);
    const s = await summary(page);
    expect(s.items.every((i) => i.group === 'sessions')).toBe(true);
    // No badge for approvals an admin cannot give.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Expenses', exact: true }).waitFor();
    await page.getByRole('link', { name: /Understanding Anxiety/ }).first().waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shoot(page, 'today-admin');
    await page.context().close();
    expect(e2e.pageErrors).toEqual([]);
  });

  it('a manager sees the college’s items too', async () => {
    const { page } = await e2e.newContext();
    await e2e.signIn(SEED_MANAGER.username, SEED_MANAGER.password, page);
    await goToday(page);
    await page.getByTestId('today-group-management').waitFor();
    await page.getByTestId('today-returnDue').waitFor();
    await page.getByTestId('today-backupStatus').waitFor();
    expect(await shown(page, 'unusedAccounts')).toBe((await value(deskCall(page, 'privacy.dataSecurity.report', {}))).unusedAccounts.length);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shoot(page, 'today-manager');
    await page.context().close();
    expect(e2e.pageErrors).toEqual([]);
  });
});
