// Contract returns as a manager would produce them: last quarter's return from the training database's demo data,
// downloaded and read back, listed in the history; an admin cannot reach it.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import { lastCompletedQuarter, resolvePeriod } from '../../src-main/contract/returns';
import type { Page } from 'playwright-core';
import { deskCall, deskSaveExport, SEED_MANAGER, startE2E, type E2E } from './support';

describe('contract returns', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    // Fill the training database once; each window then chooses it itself (training is per window).
    await e2e.setupFirstManager();
  });

  /** A window signed in to the real database moves itself into training, where the demo accounts live. */
  async function intoTraining(page: Page): Promise<void> {
    await e2e.signIn(SEED_MANAGER.username, SEED_MANAGER.password, page);
    await page.getByRole('button', { name: 'Practise in training' }).click();
    // The smallest size (the default); a database already made opens at once.
    await page.getByRole('dialog', { name: 'Practise in the training database' }).getByRole('button', { name: 'Open the training database' }).click();
    await page.getByTestId('demo-accounts').waitFor({ timeout: 90_000 });
  }
  afterAll(async () => {
    await e2e?.close();
  });

  it('a manager produces last quarter’s return from demo data, downloads it and sees it in the history', async () => {
    const { page } = e2e;
    await intoTraining(page);
    await e2e.signIn('demo.manager', 'training-only-1');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: 'Contract returns' }).click();
    await page.getByRole('heading', { name: 'Contract returns', level: 1 }).waitFor();

    const label = resolvePeriod(lastCompletedQuarter(collegeToday())).label;
    await page.getByRole('button', { name: 'Produce the return' }).click();
    const view = page.getByRole('region', { name: 'The return' });
    await view.getByRole('heading', { name: label }).waitFor({ timeout: 30_000 });
    const activity = view.getByRole('table', { name: 'Activity' });
    await expect.poll(() => activity.getByRole('row').count()).toBe(10);
    expect(await activity.getByRole('columnheader').allTextContents()).toEqual(['Figure', 'Published', expect.stringMatching(/^Internal/)]);

    const saved = await e2e.download(() => view.getByRole('button', { name: 'Download XLSX workbook' }).click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(saved) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('About');
    expect(names).toContain('Activity');
    expect(names[names.length - 1]).toBe('Definitions');
    expect(wb.getWorksheet('About')!.getCell('B2').value).toBe(`Contract return: ${label}`);
    const csv = await e2e.download(() => view.getByRole('button', { name: 'Download CSV' }).click());
    expect(readFileSync(csv, 'utf8')).toContain('table,row,column,value');

    const history = page.getByRole('table', { name: 'Returns produced' });
    await expect.poll(() => history.getByRole('row').filter({ hasText: label }).count()).toBe(1);
    expect(await history.getByRole('row').filter({ hasText: label }).textContent()).toContain('Morgan Demo');
    await page.getByRole('region', { name: 'Charts' }).getByText(/Enrolments and attendance by month/).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });

  it('an admin cannot reach contract returns, on screen or through the API', async () => {
    const { page } = await e2e.newContext();
    await intoTraining(page);
    await e2e.signIn('demo.admin', 'training-only-1', page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Contract returns' }).count()).toBe(0);
    await page.goto(`${e2e.harness.origin}/#/reports/returns`);
    await page.getByTestId('not-permitted').waitFor();
    expect(await page.getByRole('button', { name: 'Produce the return' }).count()).toBe(0);
    const r = await deskCall(page, 'returns.produce', { period: lastCompletedQuarter(collegeToday()) });
    expect(r.ok ? 'ok' : r.error.reason).toBe('access.role');
    const x = await deskSaveExport(page, 'extracts.run', { period: lastCompletedQuarter(collegeToday()), reason: 'curious', passphrase: 'three random words' });
    expect(x.ok ? 'ok' : x.error.reason).toBe('access.role');
    expect(e2e.pageErrors).toEqual([]);
  });
});
