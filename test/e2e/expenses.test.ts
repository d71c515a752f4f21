// Expenses as a coordinator would do them, in real Chromium: an admin enters a claim with a mileage line and a bus fare
// with its receipt; the coordinator approves it (the admin cannot); the coordinator makes a payment batch, downloads the
// finance CSV and the remittance note, marks it paid; after that the claim can no longer be changed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, deskCall, openAddDialog, type E2E } from './support';

/** A real 1×1 PNG: receipts are decoded and re-encoded, so a fake with the right first bytes is refused. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('expenses', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    await e2e.setupFirstManager();
    await e2e.core.call('expenses.payees.create', {
      fields: { name: 'Pat Peer', paymentMethod: 'bank_transfer', bank: { accountName: 'P PEER', sortCode: '12-34-56', accountNumber: '12345678' } },
    });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('goes from a typed-in paper claim to a paid batch', async () => {
    const admin = await e2e.core.addStaff('admin');
    const coordinator = await e2e.core.addStaff('coordinator');
    const { page } = e2e;

    // The admin types in the paper claim form.
    await e2e.signIn(admin.username, admin.password);
    await page.getByRole('link', { name: 'Expenses' }).first().click();
    const newClaim = await openAddDialog(page, 'Enter a claim');
    await newClaim.getByLabel(/^Who is claiming/).selectOption({ label: 'Pat Peer' });
    await newClaim.getByRole('button', { name: 'Start claim' }).click();
    await page.getByRole('heading', { name: /^Claim EXP-/ }).waitFor();
    const claimId = Number(/claims\/(\d+)/.exec(page.url())?.[1]);
    expect(claimId).toBeGreaterThan(0);

    await page.getByLabel(/^Miles/).fill('12');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByText('12 mi: 12 × 45p = £5.40').waitFor();

    await page.getByLabel(/^What for/).selectOption({ label: 'Public transport' });
    await page.getByLabel(/^Amount/).fill('4.80');
    await page.getByLabel(/^Description/).fill('Bus to the Civic Centre');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByText('Receipt needed').waitFor();
    await page.getByLabel(/^Attach receipt/).setInputFiles({ name: 'bus-ticket.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'View receipt bus-ticket.png' }).waitFor();
    await expect(page.getByText('Receipt needed').count()).resolves.toBe(0);
    await page.getByText('Total £10.20').waitFor();

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByText('Submitted', { exact: true }).waitFor();

    // The admin cannot approve: no button, and the core itself refuses.
    expect(await page.getByRole('button', { name: 'Approve claim' }).count()).toBe(0);
    const refused = await deskCall(page, 'expenses.claims.approve', { id: claimId });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'access.role' } });

    // The coordinator approves it from the approval queue.
    const second = await e2e.newContext();
    const cp = second.page;
    await e2e.signIn(coordinator.username, coordinator.password, cp);
    await cp.goto(`${e2e.harness.origin}/#/expenses/approvals`);
    await cp.getByRole('link', { name: /^EXP-/ }).click();
    await cp.getByRole('button', { name: 'Approve claim' }).click();
    await cp.getByText('Approved', { exact: true }).waitFor();

    // A payment batch with the finance CSV and the remittance note.
    await cp.goto(`${e2e.harness.origin}/#/expenses/batches`);
    const ready = await openAddDialog(cp, 'New payment batch', 'Ready to pay');
    await ready.getByLabel(/EXP-\d+ · Pat Peer · £10\.20/).check();
    await ready.getByRole('button', { name: 'Create payment batch' }).click();
    await cp.getByRole('heading', { name: /^Payment batch PB-/ }).waitFor();
    const csvPath = await e2e.download(() => cp.getByRole('button', { name: 'Download finance CSV' }).click(), cp);
    const rows = parse(readFileSync(csvPath), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ Payee: 'Pat Peer', 'Sort code': '12-34-56', 'Account number': '12345678', Amount: '10.20', Type: 'expenses' })]);
    const pdfPath = await e2e.download(() => cp.getByRole('button', { name: 'Remittance for Pat Peer' }).click(), cp);
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Pat Peer');
    expect(text).toContain('£10.20');

    await cp.getByRole('button', { name: 'Mark batch paid' }).click();
    await cp.getByRole('button', { name: 'Yes, it has been paid' }).click();
    await cp.getByText(/^Paid \d/).first().waitFor();

    // The paid claim can no longer be edited, on screen or through the API.
    await page.reload();
    await page.getByText('This claim is paid and can no longer be changed.').waitFor();
    expect(await page.getByRole('button', { name: 'Add line' }).count()).toBe(0);
    const edit = await deskCall(page, 'expenses.claims.addLine', { claimId, line: { date: '2026-01-05', category: 'parking', amount: '2.00' } });
    expect(edit).toMatchObject({ ok: false, error: { reason: 'claim.not-draft', message: expect.stringMatching(/has been paid/) } });

    expect(e2e.pageErrors).toEqual([]);
  });
});
