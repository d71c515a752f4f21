// The app shell in real Chromium: sign-in, navigation by role, placeholders for areas still to come, and no CSP or script errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_MANAGER, startE2E, type E2E } from './support';

describe('app shell', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('signs a manager in and opens every area from the navigation, each with its own page heading', async () => {
    const manager = await e2e.setupFirstManager();
    await e2e.signIn(manager.username, manager.password);
    const { page } = e2e;
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain(manager.displayName);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of ['Today', 'Students', 'Courses & schedule', 'Registers', 'Expenses', 'Reports', 'Settings']) {
      // A link's name may go on with Today's count for its area ("Reports, a contract return is due").
      const link = nav.getByRole('link', { name: new RegExp(`^${label}(,|$)`) });
      const already = (await link.getAttribute('aria-current')) === 'page';
      const before = already ? '' : (await page.locator('h1').allTextContents()).join('|');
      await link.click();
      // Each area loads on first visit, so wait until the previous page's heading has gone and the new one is shown.
      await expect
        .poll(async () => {
          const headings = await page.locator('h1').allTextContents();
          return headings.length === 1 && headings[0] !== before;
        }, { message: label, timeout: 10_000 })
        .toBe(true);
      expect(await page.getByRole('heading', { name: 'Page not found' }).count(), label).toBe(0);
    }
    await nav.getByRole('link', { name: 'Students', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
    expect(await page.title()).toContain('Students');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('locks on request and unlocks with the password, keeping the page', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByTestId('lock-screen').waitFor();
    await page.getByLabel(/^Your password/).fill('wrong password here');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: /password/i }).waitFor();
    await page.getByLabel(/^Your password/).fill(SEED_MANAGER.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
  });

  it('signs out, and an admin signs in to the same areas', async () => {
    const admin = await e2e.core.addStaff('admin', 'ada.admin', 'Ada Admin');
    const { page } = e2e;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await e2e.signIn(admin.username, admin.password);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Students', exact: true }).waitFor();
    await expect(nav.getByRole('link', { name: 'Today', exact: true }).count()).resolves.toBe(1);
    expect(e2e.pageErrors).toEqual([]);
  });
});

describe('idle lock', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('locks the desk after the idle time with no keyboard or mouse activity', async () => {
    const manager = await e2e.setupFirstManager();
    await e2e.core.call('settings.update', { idleLockMinutes: 2 });
    const { page } = e2e;
    // A controllable clock, installed before the app's timers start.
    await page.clock.install();
    await e2e.signIn(manager.username, manager.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    await page.getByLabel(/^Find a student/).fill('someone');
    await page.clock.runFor('01:30');
    expect(await page.getByTestId('lock-screen').count()).toBe(0);
    await page.clock.runFor('01:00');
    await page.getByTestId('lock-screen').waitFor();
    await page.getByLabel(/^Your password/).fill(manager.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
    // Nothing typed was lost.
    expect(await page.getByLabel(/^Find a student/).inputValue()).toBe('someone');
  });
});
