// Staff management and college settings, as a manager: change a role, reset a password, deactivate and reactivate;
// change the idle lock; a coordinator sees no staff, audit or settings tabs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCall, startE2E, type E2E, type Person } from './support';

describe('staff and settings', () => {
  let e2e: E2E;
  let page: Page;
  let casey: Person;
  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
    const manager = await e2e.setupFirstManager();
    casey = await e2e.core.addStaff('admin', 'casey.staff', 'Casey Staff');
    await e2e.signIn(manager.username, manager.password);
    await page.goto(`${e2e.harness.origin}/#/settings/staff`);
    await page.getByTestId('staff-table').waitFor();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const row = () => page.getByTestId('staff-table').getByRole('row').filter({ hasText: 'casey.staff' });

  it('changes a role', async () => {
    await page.getByRole('button', { name: 'Actions for Casey Staff' }).click();
    await page.getByRole('menuitem', { name: 'Change name or role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Role/).selectOption('coordinator');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row().textContent()).toContain('Coordinator');
  });

  it('deactivates after confirming (sign-in then refused), and reactivates', async () => {
    await page.getByRole('button', { name: 'Actions for Casey Staff' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate account' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Casey Staff?' }).getByRole('button', { name: 'Deactivate account' }).click();
    await expect.poll(() => row().textContent()).toContain('Deactivated');

    const other = await e2e.newContext();
    await other.page.getByLabel(/^Username/).fill('casey.staff');
    await other.page.getByLabel(/^Password/).fill(casey.password);
    await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await other.page.getByTestId('sign-in-error').textContent()).toContain('deactivated');
    await other.context.close();

    await page.getByRole('button', { name: 'Actions for Casey Staff' }).click();
    await page.getByRole('menuitem', { name: 'Reactivate account' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reactivate account' }).click();
    await expect.poll(() => row().textContent()).toContain('Active');
  });

  it('resets a password to a temporary one', async () => {
    await page.getByRole('button', { name: 'Actions for Casey Staff' }).click();
    await page.getByRole('menuitem', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^New temporary password/).fill('short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.getByText(/at least 12 characters/).waitFor();
    await dialog.getByLabel(/^New temporary password/).fill('a fresh temporary one');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => row().textContent()).toContain('Temporary password');
    const other = await e2e.newContext();
    await e2e.signIn('casey.staff', 'a fresh temporary one', other.page);
    await other.page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await other.context.close();
  });

  it('changes the idle lock in college settings, refusing an impossible value', async () => {
    await page.getByRole('tab', { name: 'College settings' }).click();
    const idle = page.getByLabel(/^Lock the desk after/);
    await idle.fill('500');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The idle lock can be at most 240 minutes (4 hours).').waitFor();
    await idle.fill('20');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    const settings = await e2e.core.call('settings.get', {});
    expect(settings.idleLockMinutes).toBe(20);
  });

  it('a coordinator sees only their own password in Settings, and the core refuses the audit log', async () => {
    const coordinator = await e2e.core.addStaff('coordinator', 'cory.coord', 'Cory Coordinator');
    const other = await e2e.newContext();
    await e2e.signIn(coordinator.username, coordinator.password, other.page);
    await other.page.goto(`${e2e.harness.origin}/#/settings`);
    await other.page.getByRole('heading', { level: 1, name: 'My password' }).waitFor();
    expect(await other.page.getByRole('tab').count()).toBe(0);
    await other.page.goto(`${e2e.harness.origin}/#/settings/audit`);
    expect(await other.page.getByTestId('not-permitted').textContent()).toContain('cannot read the audit log');
    const direct = await deskCall(other.page, 'audit.list', {});
    expect(!direct.ok && direct.error.reason).toBe('access.role');
    await other.context.close();
    expect(e2e.pageErrors).toEqual([]);
  });
});
