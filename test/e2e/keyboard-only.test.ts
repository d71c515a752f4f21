// The main tasks done with the keyboard alone (Tab, Enter, arrows and typing; no clicks): add a student, enter a claim,
// approve it, produce a return. The register has its own keyboard test (registers.test.ts). A control that Tab cannot
// reach, or a focus trap, fails here.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCall, startE2E, type E2E, type Person } from './support';

const isFocused = (target: Locator) => target.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

/** Presses Tab until `target` has focus; fails if Tab never gets there (unreachable, or focus stuck somewhere). */
async function tabTo(page: Page, target: Locator, what: string, max = 150): Promise<void> {
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${what} cannot be reached with the Tab key`);
}

/** Tab to a control and press Enter on it. */
async function activate(page: Page, target: Locator, what: string): Promise<void> {
  await tabTo(page, target, what);
  await page.keyboard.press('Enter');
}

/** Tab to a field and type into it. */
async function typeInto(page: Page, field: Locator, text: string, what: string): Promise<void> {
  await tabTo(page, field, what);
  await page.keyboard.type(text);
}

/** Tab to a drop-down list and choose the next option with the down arrow (a closed list changes in place). */
async function chooseNext(page: Page, select: Locator, what: string): Promise<void> {
  await tabTo(page, select, what);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => select.inputValue(), { message: `${what}: the down arrow chose an option` }).not.toBe('');
}

/** An area's link in the navigation; its name may go on with a count (", 2 claims awaiting approval"). */
const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`) });

describe('the main tasks, by keyboard only', () => {
  let e2e: E2E;
  let manager: Person;
  let admin: Person;
  let coordinator: Person;
  beforeAll(async () => {
    e2e = await startE2E();
    manager = await e2e.setupFirstManager();
    admin = await e2e.core.addStaff('admin');
    coordinator = await e2e.core.addStaff('coordinator');
    await e2e.core.call('expenses.payees.create', { fields: { name: 'Pat Peer', paymentMethod: 'cash' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('an admin adds a student, typing a UK date of birth', async () => {
    const { page } = e2e;
    await e2e.signIn(admin.username, admin.password);
    await activate(page, nav(page, 'Students'), 'the Students link');
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
    await activate(page, page.getByRole('link', { name: 'Add a student' }), 'Add a student');
    await page.getByRole('heading', { level: 1, name: 'Add a student' }).waitFor();
    await typeInto(page, page.getByLabel(/^First name/), 'Kit', 'First name');
    await typeInto(page, page.getByLabel(/^Surname/), 'Keyboardson', 'Surname');
    await typeInto(page, page.getByLabel(/^Date of birth/), '14 3 1988', 'Date of birth');
    await chooseNext(page, page.getByLabel(/^How they came/), 'How they came');
    await chooseNext(page, page.getByLabel(/^Under secondary mental-health services/), 'Under secondary mental-health services');
    await chooseNext(page, page.getByLabel(/^Ethnic category/), 'Ethnic category');
    await chooseNext(page, page.getByLabel(/^Gender identity/), 'Gender identity');
    await chooseNext(page, page.getByLabel(/^Employment status/), 'Employment status');
    await activate(page, page.getByRole('button', { name: 'Add student' }), 'Add student');
    await page.getByRole('heading', { level: 1, name: 'Kit Keyboardson' }).waitFor();
    const found = await e2e.core.call('students.search', { query: 'Keyboardson' });
    const kit = await e2e.core.call('students.get', { id: found.rows[0].id });
    expect(kit.dateOfBirth).toBe('1988-03-14');
  });

  let claimRef = '';
  it('an admin enters a mileage claim and submits it', async () => {
    const { page } = e2e;
    await activate(page, nav(page, 'Expenses'), 'the Expenses link');
    await page.getByRole('heading', { level: 1, name: 'Expenses' }).waitFor();
    await activate(page, page.getByRole('button', { name: 'Enter a claim' }), 'Enter a claim');
    await page.getByRole('dialog', { name: 'Enter a claim' }).waitFor();
    await chooseNext(page, page.getByLabel(/^Who is claiming/), 'Who is claiming');
    await activate(page, page.getByRole('button', { name: 'Start claim' }), 'Start claim');
    const heading = page.getByRole('heading', { level: 1, name: /^Claim EXP-/ });
    await heading.waitFor();
    claimRef = /EXP-\d+/.exec((await heading.textContent()) ?? '')?.[0] ?? '';
    await typeInto(page, page.getByLabel(/^Miles/), '12', 'Miles');
    await page.keyboard.press('Enter'); // Enter in a field submits its form
    await page.getByText('12 mi: 12 × 45p = £5.40').waitFor();
    await activate(page, page.getByRole('button', { name: 'Submit for approval' }), 'Submit for approval');
    await page.getByText('Submitted', { exact: true }).first().waitFor();
  });

  it('a coordinator approves the claim from the approval list', async () => {
    const { page } = e2e;
    await deskCall(page, 'auth.signOut', {});
    await e2e.signIn(coordinator.username, coordinator.password);
    await activate(page, nav(page, 'Expenses'), 'the Expenses link');
    await activate(page, page.getByRole('navigation', { name: 'Expenses' }).getByRole('link', { name: 'Approvals' }), 'the Approvals link');
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await activate(page, page.getByRole('link', { name: claimRef }), `the claim ${claimRef}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Claim ${claimRef}`) }).waitFor();
    await activate(page, page.getByRole('button', { name: 'Approve claim' }), 'Approve claim');
    await page.getByText('Approved', { exact: true }).first().waitFor();
    const claims = await e2e.core.call('expenses.claims.list', { status: 'approved' });
    expect(claims.rows.map((c) => c.reference)).toContain(claimRef);
  });

  it('a manager produces the contract return for the last quarter', async () => {
    const { page } = e2e;
    await deskCall(page, 'auth.signOut', {});
    await e2e.signIn(manager.username, manager.password);
    await activate(page, nav(page, 'Reports'), 'the Reports link');
    await activate(page, page.getByRole('link', { name: 'Contract returns' }), 'Contract returns');
    await page.getByRole('heading', { level: 1, name: 'Contract returns' }).waitFor();
    await activate(page, page.getByRole('button', { name: 'Produce the return' }), 'Produce the return');
    await page.getByRole('region', { name: 'The return' }).getByRole('heading', { level: 2, name: /^Q\d / }).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
