// Accessibility tested, not hoped: axe-core's WCAG 2.2 AA rules on every page and every dialog, as each role,
// and focus goes back to the control that opened a dialog when it closes.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { axeViolations, describeViolations } from './axe';
import { everyRoute, visit } from './routes';
import { deskCall, startE2E, type E2E } from './support';

/** Opens each dialog a page offers (buttons marked aria-haspopup="dialog", the first of each few), checks it, closes it with Escape. */
async function checkDialogs(page: Page, route: string): Promise<string[]> {
  const problems: string[] = [];
  const openers = page.locator('main [aria-haspopup="dialog"]:visible:enabled');
  const count = Math.min(await openers.count(), 6);
  for (let i = 0; i < count; i++) {
    const opener = openers.nth(i);
    const name = (await opener.getAttribute('aria-label')) ?? (await opener.innerText());
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.first().waitFor();
    await page.waitForTimeout(250); // the dialog's opening transition: axe reads colours mid-fade otherwise
    problems.push(...describeViolations(await axeViolations(page)).map((v) => `${route} dialog “${name}”: ${v}`));
    await page.keyboard.press('Escape');
    await dialog.first().waitFor({ state: 'detached' });
    await expect.poll(() => opener.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), { message: `${route}: focus back on “${name}”` }).toBe(true);
  }
  return problems;
}

describe('accessibility (axe-core, WCAG 2.2 AA) on every page and dialog', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    const opened = await deskCall(e2e.page, 'demo.open', { scale: 60 });
    if (!opened.ok) throw new Error(opened.error.message);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`finds no violations on any page or dialog as ${account.role === 'admin' ? 'an' : 'a'} ${account.role}`, { timeout: 300_000 }, async () => {
      const { page } = e2e;
      await deskCall(page, 'auth.signOut', {});
      await e2e.signIn(account.username, account.password);
      const problems: string[] = [];
      for (const route of await everyRoute(page)) {
        await visit(page, e2e.harness.origin, route);
        problems.push(...describeViolations(await axeViolations(page)).map((v) => `${route}: ${v}`));
        problems.push(...(await checkDialogs(page, route)));
      }
      expect(problems).toEqual([]);
      expect(e2e.pageErrors).toEqual([]);
    });
  }
});
