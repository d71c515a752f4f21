// The training database offered on first run: fictional data, practice sign-ins shown, a banner while it is open,
// and a way back to the (still empty) real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCall, startE2E, type E2E } from './support';

describe('training database', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('opens from first run, shows the practice sign-ins, and works with the banner on every page', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Try it with demo data' }).click();
    const accounts = page.getByTestId('demo-accounts');
    await accounts.waitFor({ timeout: 60_000 });
    const adminRow = accounts.getByRole('row').filter({ hasText: 'Admin' });
    const username = (await adminRow.locator('code').nth(0).textContent()) ?? '';
    const password = (await adminRow.locator('code').nth(1).textContent()) ?? '';
    expect(username).not.toBe('');

    await page.getByLabel(/^Username/).fill(username);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const banner = page.getByTestId('training-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('fictional');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    await expect.poll(() => page.getByTestId('student-row').count()).toBeGreaterThan(0);
    const search = await deskCall(page, 'students.search', { query: '' });
    expect(search.ok && search.value.total).toBeGreaterThan(0);

    await banner.getByRole('button', { name: 'Leave the training database' }).click();
    // Back on the real database, which nobody has set up yet.
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
