// A calm, professional desk (issue 14) in real Chromium: the audit log names records and filters by person and dates,
// the last one-click destructive actions are confirmed, statuses are never colour alone, unfinished periods cannot be
// chosen for a return, charts have a table alternative, and spinners and notifications pass axe at every moment.
import type { Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { axeViolations, describeViolations } from './axe';
import { visit } from './routes';
import { deskCall, startE2E, type E2E } from './support';

let e2e: E2E;
let page: Page;
const [MANAGER, COORDINATOR] = DEMO_ACCOUNTS;

beforeAll(async () => {
  e2e = await startE2E();
  page = e2e.page;
  const opened = await deskCall(page, 'demo.open', { scale: 30 });
  if (!opened.ok) throw new Error(opened.error.message);
});
afterAll(async () => {
  await e2e?.close();
});

const opacity = (l: Locator) => l.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { opacity: string } }).getComputedStyle(e).opacity);

async function signInAs(account: (typeof DEMO_ACCOUNTS)[number]) {
  await deskCall(page, 'auth.signOut', {});
  await e2e.signIn(account.username, account.password);
}

describe('as a manager', () => {
  beforeAll(async () => signInAs(MANAGER));

  it('the audit log names each record and filters by who did it and by dates typed the UK way', async () => {
    // The training data is written without audit rows; looking at a student records one.
    const students = await deskCall(page, 'students.search', { query: '' });
    if (!students.ok) throw new Error(students.error.message);
    await deskCall(page, 'students.get', { id: students.value.rows[0].id });
    await visit(page, e2e.harness.origin, '/settings/audit');
    await page.getByLabel(/^Show/).selectOption('student');
    const table = page.getByTestId('audit-table');
    await expect.poll(async () => (await table.textContent()) ?? '').toMatch(/Student RC-\d{6} \S+/);
    expect((await table.textContent()) ?? '').not.toMatch(/Student #\d|Student no\. \d/);
    const status = page.getByRole('status').filter({ hasText: /entr(y|ies)$/ });
    await page.getByLabel(/^Show/).selectOption('');
    await expect.poll(async () => (await status.textContent()) ?? '').toMatch(/^\d+ entr/);
    const everyone = Number(/\d+/.exec((await status.textContent()) ?? '')?.[0]);

    await page.getByLabel(/^Show/).selectOption('');
    await page.getByLabel(/^Done by/).selectOption({ label: MANAGER.displayName });
    await expect.poll(async () => Number(/\d+/.exec((await status.textContent()) ?? '')?.[0])).toBeGreaterThan(0);
    const who = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(who)).toEqual(new Set([MANAGER.displayName]));
    await page.getByLabel(/^Done by/).selectOption({ label: COORDINATOR.displayName });
    await expect.poll(async () => (await status.textContent()) ?? '').not.toBe(`${everyone} entries`);

    await page.getByLabel(/^Done by/).selectOption({ label: 'Everyone' });
    await page.getByLabel(/^From/).fill('1 1 2000');
    await page.getByLabel(/^To/).fill('31/12/2000');
    await page.getByText('Nothing recorded matches these choices.').waitFor();
    await expect(status.textContent()).resolves.toBe('0 entries');
    await page.getByLabel(/^To/).fill('1 1 1999');
    await page.getByText('The last day is before the first day.').waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  });

  it('marking a subject access request answered is confirmed first', async () => {
    const students = await deskCall(page, 'students.search', { query: '' });
    if (!students.ok) throw new Error(students.error.message);
    const student = students.value.rows[0];
    const logged = await deskCall(page, 'privacy.subjectAccess.log', { studentId: student.id, receivedOn: '2026-01-05' });
    if (!logged.ok) throw new Error(logged.error.message);
    await visit(page, e2e.harness.origin, `/students/${student.id}`);
    await page.getByRole('tab', { name: 'Privacy' }).click();
    const card = page.getByRole('region', { name: 'Requests for the information held' });
    await card.getByRole('button', { name: 'Mark the request answered today' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark the request answered today?' });
    await dialog.getByText(/received on 5 Jan 2026 will be closed as answered/).waitFor();
    // axe reads colours mid-fade: wait for the dialog's opening transition to finish.
    await expect.poll(() => opacity(dialog)).toBe('1');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await dialog.getByRole('button', { name: 'Not yet' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(card.getByRole('row').nth(1).textContent()).resolves.toContain('Not yet');

    await card.getByRole('button', { name: 'Mark the request answered today' }).click();
    await dialog.getByRole('button', { name: 'Yes, it has been answered' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => card.getByRole('row').nth(1).textContent()).toMatch(/by Morgan Demo/);
  });

  it('a quarter or year that has not ended cannot be chosen for a return, and says why', async () => {
    await visit(page, e2e.harness.origin, '/reports/returns');
    const unavailable = page.locator('select option:disabled');
    await expect.poll(() => unavailable.count()).toBeGreaterThan(0);
    for (const text of await unavailable.allTextContents()) expect(text).toMatch(/not ended yet|no quarter has ended yet/);
    await page.getByTestId('period-not-ended').getByText(/cannot be chosen: a return covers only days that have passed/).waitFor();
    await page.locator('.mantine-SegmentedControl-root').getByText('Financial year', { exact: true }).click();
    const year = page.getByRole('combobox', { name: /^Financial year/ });
    await year.locator('option:disabled').first().waitFor({ state: 'attached' });
    await expect(year.locator('option:disabled').first().textContent()).resolves.toMatch(/not ended yet/);
    const chosen = await year.inputValue();
    await expect(year.locator(`option[value="${chosen}"]`).isDisabled()).resolves.toBe(false);
  });

  it('each chart has axis titles and shows the same figures as a table on request', async () => {
    await page.locator('.mantine-SegmentedControl-root').getByText('Quarter', { exact: true }).click();
    const figure = page.getByRole('figure', { name: 'Enrolments and attendance by month' });
    await figure.getByRole('application').waitFor();
    await expect(figure.locator('.recharts-label').allTextContents()).resolves.toEqual(expect.arrayContaining(['Month', 'Number']));
    const toggle = figure.getByRole('button', { name: 'Show as a table' });
    await toggle.click();
    const table = figure.getByRole('table', { name: 'Enrolments and attendance by month' });
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual(['Month', 'Enrolments', 'Attendances']);
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    await expect(figure.getByRole('button', { name: 'Show as a chart' }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  });

  it('a loading spinner passes axe: a status with words, the spinner itself hidden', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const hold = async (route: Route) => {
      if (/"method":"returns\.charts"/.test(route.request().postData() ?? '')) await held;
      await route.continue().catch(() => undefined); // a request the reload abandoned
    };
    await page.route('**/__api/call', hold);
    await page.reload(); // a fresh start, so nothing is already in the cache
    const spinner = page.locator('[data-loading]').filter({ hasText: /Loading the charts/ });
    await spinner.waitFor({ state: 'attached' });
    await expect(spinner.getAttribute('role')).resolves.toBe('status');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    release();
    await page.unroute('**/__api/call', hold);
    await page.getByRole('figure', { name: 'Enrolments and attendance by month' }).waitFor();
  });

  it('a notification passes axe while it shows and while it goes', async () => {
    await visit(page, e2e.harness.origin, '/settings/college');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const note = page.locator('.mantine-Notification-root').filter({ hasText: 'Settings saved' });
    await note.waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await note.getByRole('button', { name: 'Close this message' }).click();
    // Straight after closing, mid-transition: the message is still fully legible (it slides, it does not fade).
    await expect(opacity(note)).resolves.toBe('1');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await note.waitFor({ state: 'detached' });
  });
});

describe('as a coordinator (who approves)', () => {
  beforeAll(async () => signInAs(COORDINATOR));

  it('sees the Approvals link, and claim statuses carry an icon as well as words', async () => {
    await visit(page, e2e.harness.origin, '/expenses');
    await page.getByRole('navigation', { name: 'Expenses' }).getByRole('link', { name: 'Approvals' }).waitFor();
    const badge = page.locator('[data-status]').first();
    await badge.waitFor();
    await expect(badge.locator('svg[aria-hidden="true"]').count()).resolves.toBe(1);
    await expect(badge.textContent()).resolves.toMatch(/\w/);
  });

  it('recording that a person declined their involvement payment is confirmed first', async () => {
    await page.getByRole('navigation', { name: 'Expenses' }).getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    const decline = page.getByRole('button', { name: 'Declined by the person' });
    await decline.first().waitFor();
    const before = await decline.count();
    expect(before).toBeGreaterThan(0);
    await decline.first().click();
    const dialog = page.getByRole('dialog', { name: /declined this payment\?$/ });
    await dialog.getByText(/will not be paid/).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(decline.count()).resolves.toBe(before);
    await decline.first().click();
    await dialog.getByRole('button', { name: 'Yes, they declined it' }).click();
    await dialog.getByRole('alert').getByText(/./).first().waitFor(); // the reason is needed, and nothing changed without it
    await expect(decline.count()).resolves.toBe(before);
    await dialog.getByLabel(/^What they said/).fill('Would rather volunteer this time');
    await dialog.getByRole('button', { name: 'Yes, they declined it' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => decline.count()).toBe(before - 1);
  });

  it('row actions on a course run say “Withdraw”, with the person only in the accessible name', async () => {
    const runs = await deskCall(page, 'scheduling.listRuns', {});
    if (!runs.ok) throw new Error(runs.error.message);
    await visit(page, e2e.harness.origin, `/schedule/runs/${runs.value.rows[0].id}`);
    await page.getByRole('tab', { name: 'Students' }).click();
    const withdraw = page.getByRole('button', { name: /^Withdraw \S/ }).first();
    await withdraw.waitFor();
    await expect(withdraw.innerText()).resolves.toBe('Withdraw');
    const name = (await withdraw.getAttribute('aria-label')) ?? '';
    expect(name).toMatch(/^Withdraw [A-Z]/);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    expect(e2e.pageErrors).toEqual([]);
  });
});
