// Basic accessibility checks on the foundation screens: every field has a label, each page has one h1,
// buttons and links have names, and keyboard focus is visible.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support';

// Runs in the page. Kept as text: the tests typecheck under the Node config, which has no DOM types (on purpose).
const FIND_UNLABELLED = `(() => {
  const problems = [];
  const named = (el) => !!((el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby') || (el.labels && el.labels.length) || el.getAttribute('title'));
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
    if (!named(el)) problems.push('field without a label: ' + el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (el.closest('[aria-hidden="true"]')) continue;
    if (!(el.textContent || '').trim() && !named(el)) problems.push('control without a name: ' + el.outerHTML.slice(0, 120));
  }
  return problems;
})()`;

const FOCUS_OUTLINE = `(() => {
  const style = getComputedStyle(document.activeElement);
  return { width: style.outlineWidth, style: style.outlineStyle };
})()`;

/** Fields without a label, and buttons or links without a name, on the current page. */
function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(FIND_UNLABELLED) as Promise<string[]>;
}

describe('accessibility of the foundation screens', () => {
  let e2e: E2E;
  let studentId = 0;
  beforeAll(async () => {
    e2e = await startE2E();
    const manager = await e2e.setupFirstManager();
    const s = await e2e.core.call('students.create', {
      fields: { firstName: 'Robin', surname: 'Ashdown', dateOfBirth: '1970-02-03', referralSource: 'cmht', secondaryMhServices: 'yes', ethnicCategory: 'C', genderIdentity: '3', employmentStatus: '07', nhsNumber: '9990000018' },
    });
    studentId = s.id;
    await e2e.signIn(manager.username, manager.password);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('labels every field and names every control, with one h1 per page', async () => {
    const { page } = e2e;
    for (const path of ['/students', '/students/new', `/students/${studentId}`, `/students/${studentId}/edit`, '/settings/account', '/settings/staff', '/settings/audit', '/settings/college']) {
      await page.goto(`${e2e.harness.origin}/#${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await unlabelled(page), path).toEqual([]);
      expect(await page.locator('h1').count(), path).toBe(1);
    }
    expect(e2e.pageErrors).toEqual([]);
  });

  it('shows a visible focus ring when moving by keyboard', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.harness.origin}/#/students`);
    await page.getByLabel(/^Find a student/).waitFor();
    await page.keyboard.press('Tab');
    const outline = (await page.evaluate(FOCUS_OUTLINE)) as { width: string; style: string };
    expect(outline.style).toBe('solid');
    expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
  });

  it('has a skip link to the main content', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.harness.origin}/#/settings/account`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Skip to main content' }).count()).toBe(1);
  });
});
