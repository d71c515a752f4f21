// Settings → Backups, as a manager: the status shows where backups go; back up now; check a backup (its counts beside
// today's) and restore it, after which everyone signs in again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ON_SERVER, startE2E, type E2E } from './support';

// The app's backups are a desk file's; on the college's server IT backs the database up (Settings → Backups says so).
describe.skipIf(E2E_ON_SERVER)('backups', () => {
  let e2e: E2E;
  let page: Page;
  let manager: { username: string; password: string };
  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
    manager = await e2e.setupFirstManager();
    await e2e.signIn(manager.username, manager.password);
    await page.goto(`${e2e.harness.origin}/#/settings/backups`);
    await page.getByRole('heading', { name: 'Backup status' }).waitFor();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows the status and takes a checked backup on request', async () => {
    await expect.poll(() => page.getByRole('region', { name: 'Backup status' }).textContent()).toMatch(/Saved in.*backups/);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('A checked backup was saved.').waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Restore a backup' }).getByRole('row').count()).toBeGreaterThan(1);
  });

  it('checks a backup, shows its counts beside today’s, and restores it; then asks everyone to sign in again', async () => {
    await page.getByRole('region', { name: 'Restore a backup' }).getByRole('button', { name: 'Check and restore…' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Check this backup' }).click();
    await dialog.getByRole('table', { name: 'What each database holds' }).waitFor();
    expect(await dialog.getByRole('row', { name: /Students/ }).textContent()).toMatch(/Students\s*0\s*0/);
    await dialog.getByRole('button', { name: 'Restore this backup…' }).click();
    await dialog.getByRole('button', { name: 'Yes, restore it' }).click();
    await page.getByText(/The database is now as it was in the backup/).waitFor();
    await page.getByLabel(/^Username/).waitFor({ timeout: 20_000 });
  });
});
