// The renderer in parts: the sign-in page fetches no area's screens; each area's code arrives the first time it is
// opened; the charts only with a return. An address the area does not know still says so kindly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './support';

const scripts = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? '').filter((n) => n.endsWith('.js')));
const areaChunks = async (page: Page) => (await scripts(page)).filter((n) => n.startsWith('routes-'));

describe('areas load on first visit', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows the sign-in page without any area’s screens, then fetches each area when it is opened', async () => {
    const manager = await e2e.setupFirstManager();
    const { page } = e2e;
    await page.reload();
    await page.getByRole('button', { name: /sign in/i }).waitFor();
    expect(await areaChunks(page)).toEqual([]);
    expect((await scripts(page)).some((n) => n.startsWith('ReturnCharts-'))).toBe(false);

    await e2e.signIn(manager.username, manager.password);
    await page.locator('h1').first().waitFor();
    const afterToday = await areaChunks(page);
    expect(afterToday.length).toBe(1);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Expenses', exact: true }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(async () => (await areaChunks(page)).length).toBe(2);
    expect((await scripts(page)).some((n) => n.startsWith('ReturnCharts-'))).toBe(false);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('says “Page not found” for an address inside an area that it does not know', async () => {
    const { page } = e2e;
    await page.evaluate("window.location.hash = '#/expenses/no-such-page'");
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
