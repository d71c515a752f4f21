// The training database offered on first run: the size chosen, progress shown while it is made, fictional data,
// practice sign-ins shown, a banner while it is open, a way back to the (still empty) real database, and the one
// already made offered again at the size it was made, opening at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { deskCall, startE2E, type E2E } from './support';

describe('training database', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('opens from first run at the size chosen, shows progress while it is made, and works with the banner on every page', async () => {
    const { page } = e2e;
    const sizes = page.getByRole('radiogroup', { name: 'How big a college?' });
    await sizes.waitFor();
    expect(await sizes.getByRole('radio').count()).toBe(3);
    expect(await sizes.getByRole('radio', { name: /200 students/ }).isChecked()).toBe(true);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await sizes.getByRole('radio', { name: /200 students/ }).check();
    await page.getByRole('button', { name: 'Try it with demo data' }).click();

    // Progress while it is made: a bar and the stage in words, updated as the core reports it.
    const progress = page.getByTestId('training-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toContain('200 fictional students');
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/\(\d+%\)/);

    const accounts = page.getByTestId('demo-accounts');
    await accounts.waitFor({ timeout: 120_000 });
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

    // The training database made just now is offered again, at its size, and opens at once.
    const existing = page.getByTestId('training-existing');
    await existing.waitFor();
    expect(await existing.textContent()).toContain('200 fictional students');
    await page.getByRole('button', { name: 'Try it with demo data' }).click();
    await page.getByTestId('demo-accounts').waitFor({ timeout: 10_000 });
    expect(e2e.pageErrors).toEqual([]);
  });
});
