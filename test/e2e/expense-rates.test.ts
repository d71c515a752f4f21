// Rates & limits in real Chromium: a manager adds next April's car/van mileage rate (rates are college settings) and sees it listed (not yet in
// force); an admin has no Rates & limits link, and the core refuses the call too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCall, startE2E, type E2E } from './support';

function nextApril(): { iso: string; words: string } {
  const now = new Date();
  const y = now.getUTCMonth() >= 3 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  return { iso: `${y}-04-06`, words: `6 Apr ${y}` };
}

describe('expense rates', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    await e2e.setupFirstManager();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('a manager adds next April’s car or van mileage rate and sees it listed', async () => {
    const manager = await e2e.core.addStaff('manager');
    const { page } = e2e;
    await e2e.signIn(manager.username, manager.password);
    await page.getByRole('link', { name: 'Expenses' }).first().click();
    await page.getByRole('link', { name: 'Rates & limits' }).click();
    await page.getByRole('heading', { name: 'Rates & limits' }).first().waitFor();
    await page.getByText(/on or after that date/).waitFor();

    const april = nextApril();
    const form = page.locator('form[aria-labelledby="add-mileage"]');
    await form.getByLabel(/^Rate for/).selectOption({ label: 'Car or van' });
    await form.getByLabel(/^Applies from/).fill(april.iso);
    await form.getByLabel(/^Rate per mile \*/).fill('0.55');
    await form.getByLabel(/^Miles in the tax year/).fill('10000');
    await form.getByLabel(/^Rate per mile after that/).fill('0.30');
    await page.getByRole('button', { name: 'Add mileage rate' }).click();

    const row = page.getByRole('table', { name: 'Mileage rates' }).getByRole('row').filter({ hasText: april.words });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Car or van.*55p for the first 10,000 miles in a tax year, then 30p.*Starts later/);
    // The rate in force today is still marked, in words.
    await page.getByRole('table', { name: 'Mileage rates' }).getByText('In force today').first().waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });

  it('shows an admin no Rates & limits link, and the core refuses them', async () => {
    const admin = await e2e.core.addStaff('admin');
    const { page } = await e2e.newContext();
    await e2e.signIn(admin.username, admin.password, page);
    await page.getByRole('link', { name: 'Expenses' }).first().click();
    await page.getByRole('link', { name: 'Payees' }).waitFor();
    expect(await page.getByRole('link', { name: 'Rates & limits' }).count()).toBe(0);
    const refused = await deskCall(page, 'expenses.rates.addMileage', { vehicle: 'bicycle', effectiveFrom: nextApril().iso, rate: '25p' });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'access.role' } });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('lets an admin edit a payee without touching bank details, which a coordinator can change', async () => {
    await e2e.core.call('expenses.payees.create', {
      fields: { name: 'Sam Volunteer', paymentMethod: 'bank_transfer', bank: { accountName: 'S VOLUNTEER', sortCode: '12-34-56', accountNumber: '12345678' } },
    });
    const admin = await e2e.core.addStaff('admin');
    const { page } = await e2e.newContext();
    await e2e.signIn(admin.username, admin.password, page);
    await page.goto(page.url().replace(/#.*$/, '#/expenses/payees'));
    await page.getByRole('button', { name: 'Edit Sam Volunteer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/ask a coordinator to change them/).waitFor();
    expect(await dialog.getByLabel(/^Sort code/).count()).toBe(0);
    await dialog.getByLabel(/^Email/).fill('sam@example.org');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const payees = (await e2e.core.call('expenses.payees.list', {})) as { name: string; email: string | null; bank: { accountNumber: string } | null }[];
    expect(payees.find((p) => p.name === 'Sam Volunteer')).toMatchObject({ email: 'sam@example.org', bank: { accountNumber: '12345678' } });

    // A coordinator sees the bank fields filled in, and the core's message appears next to a wrong sort code.
    const coordinator = await e2e.core.addStaff('coordinator');
    const second = await e2e.newContext();
    await e2e.signIn(coordinator.username, coordinator.password, second.page);
    await second.page.goto(second.page.url().replace(/#.*$/, '#/expenses/payees'));
    await second.page.getByRole('button', { name: 'Edit Sam Volunteer' }).click();
    const d2 = second.page.getByRole('dialog');
    await expect(d2.getByLabel(/^Account number/).inputValue()).resolves.toBe('12345678');
    await d2.getByLabel(/^Sort code/).fill('12-34');
    await d2.getByRole('button', { name: 'Save changes' }).click();
    await d2.getByText('A sort code is six digits, like 12-34-56.').waitFor();
    await d2.getByLabel(/^Sort code/).fill('65-43-21');
    await d2.getByRole('button', { name: 'Save changes' }).click();
    await d2.waitFor({ state: 'detached' });
    await second.page.getByText('S VOLUNTEER, 65-43-21, 12345678').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
