// Receipts as staff use them, in real Chromium: an admin adds a receipt by keyboard through the drop zone's button (the
// browser's raw file control is never on screen), sees it in the app's own viewer, and submits; a coordinator then
// approves one claim and rejects another straight from the approvals list, looking at the receipt there, without
// opening either claim. axe finds nothing on the claim, the viewer or the list. A typed-text PDF is drawn by pdf.js.
import { mkdirSync } from 'node:fs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from './axe';
import { deskCall, openAddDialog, startE2E, type E2E } from './support';

const SHOTS = process.env.RECEIPT_SHOTS ?? '/tmp/receipts-shots';

/** A photographed bus ticket, drawn so a screenshot shows whether the viewer shows the real picture. */
async function busTicket(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="840">
    <rect width="600" height="840" fill="#fbf8ef"/><rect x="20" y="20" width="560" height="800" fill="none" stroke="#333" stroke-width="4" stroke-dasharray="12 8"/>
    <text x="300" y="140" font-family="sans-serif" font-size="48" text-anchor="middle" fill="#222">CITY BUSES</text>
    <text x="300" y="260" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#222">Single, adult</text>
    <text x="300" y="340" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#222">Civic Centre</text>
    <text x="300" y="520" font-family="sans-serif" font-size="96" text-anchor="middle" fill="#111">£4.80</text>
    <text x="300" y="700" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#555">5 Oct 2026 09:12</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function expectNoAxeViolations(page: Page, where: string) {
  const violations = await axeViolations(page);
  expect(describeViolations(violations), where).toEqual([]);
}

/** Waits until every open dialog has finished fading in (axe reads colours mid-fade otherwise). */
async function dialogSettled(page: Page) {
  // A string, evaluated through the debugging protocol: the app's CSP forbids the page evaluating one itself.
  const settled = `[...document.querySelectorAll('[role=dialog]')].every((d) => {
    for (let el = d; el; el = el.parentElement) if (getComputedStyle(el).opacity !== '1') return false;
    return true;
  })`;
  await expect.poll(() => page.evaluate(settled)).toBe(true);
}

/** No browser file control is ever visible: each one on the page is hidden behind a real button. */
async function expectNoRawFileInput(page: Page) {
  for (const input of await page.locator('input[type=file]').all()) expect(await input.isVisible()).toBe(false);
  expect(await page.getByText(/No file chosen|Choose File/).count()).toBe(0);
}

describe('receipts', () => {
  let e2e: E2E;
  let patId: number;
  let valId: number;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    e2e = await startE2E();
    await e2e.setupFirstManager();
    patId = (await e2e.core.call('expenses.payees.create', { fields: { name: 'Pat Peer', paymentMethod: 'cash' } })).id;
    valId = (await e2e.core.call('expenses.payees.create', { fields: { name: 'Val Volunteer', paymentMethod: 'cash' } })).id;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('are added by keyboard, shown in the app, and let a coordinator decide claims from the list', async () => {
    const admin = await e2e.core.addStaff('admin');
    const coordinator = await e2e.core.addStaff('coordinator');
    const { page } = e2e;
    await page.setViewportSize({ width: 1366, height: 768 });

    // A second claim, entered and submitted by the manager, to be rejected later.
    const other = await e2e.core.call('expenses.claims.create', { payeeId: valId });
    await e2e.core.call('expenses.claims.addLine', { claimId: other.id, line: { date: '2026-10-06', category: 'parking', amount: '3.50', description: 'Car park, Civic Centre' } });
    const withLine = await e2e.core.call('expenses.claims.get', { id: other.id });
    await e2e.core.call('expenses.receipts.add', { lineId: withLine.lines[0].id, fileName: 'parking.png', base64: (await busTicket()).toString('base64') });
    await e2e.core.call('expenses.claims.submit', { id: other.id });

    // The admin types in Pat's claim with a bus fare.
    await e2e.signIn(admin.username, admin.password);
    await page.getByRole('link', { name: 'Expenses' }).first().click();
    const newClaim = await openAddDialog(page, 'Enter a claim');
    await newClaim.getByLabel(/^Who is claiming/).selectOption({ label: 'Pat Peer' });
    await newClaim.getByRole('button', { name: 'Start claim' }).click();
    await page.getByRole('heading', { name: /^Claim EXP-/ }).waitFor();
    const claimId = Number(/claims\/(\d+)/.exec(page.url())?.[1]);
    await page.getByLabel(/^What for/).selectOption({ label: 'Public transport' });
    await page.getByLabel(/^Amount/).fill('4.80');
    await page.getByLabel(/^Description/).fill('Bus to the Civic Centre');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByText('Receipt needed').waitFor();
    await expectNoRawFileInput(page);

    // A file that is not a receipt: the core refuses it, and the refusal is said in its own plain words.
    await page.getByLabel(/^Attach receipt for the line on/).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a receipt') });
    const refusal = page.getByRole('alert').filter({ hasText: 'The receipt was not added' });
    await refusal.getByText(/must be a photo or scan \(PNG, JPEG or WebP\) or a PDF/).waitFor();

    // By keyboard: focus the drop zone's button, press Enter, choose the file in the (system) chooser.
    const addButton = page.getByRole('button', { name: /^Add a receipt for the line on .*Public transport, £4\.80/ });
    // Listen for the chooser first: Playwright starts intercepting it with that, and the focus call after it makes sure it has.
    const chooser = page.waitForEvent('filechooser');
    await addButton.focus();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'bus-ticket.png', mimeType: 'image/png', buffer: await busTicket() });
    await page.getByText('Added bus-ticket.png').waitFor();
    expect(await refusal.count()).toBe(0);
    await page.getByText('bus-ticket.png', { exact: true }).waitFor();
    expect(await page.getByText('Receipt needed').count()).toBe(0);
    await expectNoRawFileInput(page);
    await expectNoAxeViolations(page, 'claim page with a receipt');
    await page.screenshot({ path: `${SHOTS}/claim-draft-with-receipt.png`, fullPage: true });

    // Viewed inside the app: a named dialog with the picture itself; Escape goes back to the button that opened it.
    const view = page.getByRole('button', { name: 'View receipt bus-ticket.png' });
    await view.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Receipt bus-ticket.png' });
    await dialog.waitFor();
    const picture = dialog.getByRole('img', { name: 'Receipt bus-ticket.png' });
    await picture.waitFor();
    expect(await picture.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(600);
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect(dialog.getByRole('button', { name: 'Download' }).isVisible()).resolves.toBe(true);
    await dialogSettled(page);
    await expectNoAxeViolations(page, 'receipt viewer');
    await page.screenshot({ path: `${SHOTS}/receipt-viewer.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Mantine gives focus back as the dialog finishes closing, so wait for it rather than read it once.
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('View receipt bus-ticket.png');

    // Submitted: the receipt is still listed and viewable, but nothing more can be added to it.
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByText('Submitted', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Add a receipt/ }).count()).toBe(0);
    await view.waitFor();
    await expectNoRawFileInput(page);
    await page.screenshot({ path: `${SHOTS}/claim-submitted.png`, fullPage: true });

    // The coordinator, in another window, decides both claims from the list.
    const second = await e2e.newContext();
    const cp = second.page;
    await cp.setViewportSize({ width: 1366, height: 768 });
    await e2e.signIn(coordinator.username, coordinator.password, cp);
    // A claim the coordinator entered themself is in the queue too: the core's rule says why they cannot approve it.
    const own = await deskCall(cp, 'expenses.claims.create', { payeeId: patId });
    if (!own.ok) throw new Error(own.error.message);
    await deskCall(cp, 'expenses.claims.addLine', { claimId: own.value.id, line: { date: '2026-10-07', category: 'mileage', miles: '10', vehicle: 'car_van', passengers: 0 } });
    await deskCall(cp, 'expenses.claims.submit', { id: own.value.id });

    await cp.goto(`${e2e.harness.origin}/#/expenses/approvals`);
    const mine = await deskCall(cp, 'expenses.claims.get', { id: claimId });
    if (!mine.ok) throw new Error(mine.error.message);
    const pats = cp.getByRole('listitem').filter({ hasText: mine.value.reference });
    await pats.getByText('1 receipt', { exact: true }).waitFor();
    await pats.getByText(/Public transport: Bus to the Civic Centre · £4\.80/).waitFor();
    await cp.getByText('You entered this claim, so someone else must approve it.').waitFor();
    expect(await cp.getByRole('button', { name: new RegExp(`^Approve ${own.value.reference}`) }).isDisabled()).toBe(true);
    await pats.locator('img').first().waitFor(); // the thumbnail
    await expectNoAxeViolations(cp, 'approvals list');
    await cp.screenshot({ path: `${SHOTS}/approvals-list.png`, fullPage: true });

    await pats.getByRole('button', { name: 'View receipt bus-ticket.png' }).click();
    const inList = cp.getByRole('dialog', { name: 'Receipt bus-ticket.png' });
    await inList.getByRole('img', { name: 'Receipt bus-ticket.png' }).waitFor();
    await cp.keyboard.press('Escape');
    await inList.waitFor({ state: 'hidden' });

    await cp.getByRole('button', { name: `Approve ${mine.value.reference}, Pat Peer, £4.80` }).click();
    await cp.getByText(`Approved ${mine.value.reference} for Pat Peer (£4.80).`).waitFor();
    // The claim has left the list; focus is on what happened, not lost on the page's body.
    await expect.poll(() => cp.evaluate("document.activeElement?.getAttribute('role')")).toBe('status');

    await cp.getByRole('button', { name: `Reject ${other.reference}, Val Volunteer` }).click();
    const rejectDialog = cp.getByRole('dialog', { name: `Reject ${other.reference}` });
    await rejectDialog.getByLabel(/^Reason/).fill('The car park is free for facilitators; please ask for a permit.');
    await dialogSettled(cp);
    await expectNoAxeViolations(cp, 'reject dialog');
    await rejectDialog.getByRole('button', { name: 'Reject claim' }).click();
    await cp.getByText(`Rejected ${other.reference} for Val Volunteer.`, { exact: false }).waitFor();
    await cp.screenshot({ path: `${SHOTS}/approvals-after.png`, fullPage: true });

    // Neither claim was opened, and the core recorded both decisions.
    expect(cp.url()).toMatch(/#\/expenses\/approvals$/);
    expect(await e2e.core.call('expenses.claims.get', { id: claimId })).toMatchObject({ status: 'approved', decidedBy: expect.stringMatching(/./) });
    expect(await e2e.core.call('expenses.claims.get', { id: other.id })).toMatchObject({ status: 'rejected', rejectionReason: expect.stringMatching(/car park is free/) });
    expect(await cp.getByRole('listitem').filter({ hasText: mine.value.reference }).count()).toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('draws a typed-text PDF receipt in the viewer with pdf.js, within the app’s Content Security Policy', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1366, height: 768 });
    const claim = await e2e.core.call('expenses.claims.create', { payeeId: valId });
    await e2e.core.call('expenses.claims.addLine', { claimId: claim.id, line: { date: '2026-10-08', category: 'public_transport', amount: '6.20', description: 'Train, emailed ticket' } });
    const line = (await e2e.core.call('expenses.claims.get', { id: claim.id })).lines[0];
    await e2e.core.call('expenses.receipts.add', { lineId: line.id, fileName: 'train-ticket.pdf', base64: (await emailedTicket()).toString('base64') });

    await page.goto(`${e2e.harness.origin}/#/expenses/claims/${claim.id}`);
    const view = page.getByRole('button', { name: 'View receipt train-ticket.pdf' });
    await view.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Receipt train-ticket.pdf' });
    const drawn = dialog.locator('canvas[data-drawn]');
    await drawn.waitFor();
    await expect(drawn.getAttribute('aria-label')).resolves.toBe('Receipt train-ticket.pdf');
    // Real pixels: the page is white with dark type on it, not a blank canvas.
    const pixels = await page.evaluate(`(() => {
      const c = document.querySelector('[role=dialog] canvas[data-drawn]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0, light = 0;
      for (let i = 0; i < d.length; i += 4) (d[i] + d[i + 1] + d[i + 2] < 200 ? dark++ : d[i] + d[i + 1] + d[i + 2] > 700 && light++);
      return { dark, light, width: c.width };
    })()`) as { dark: number; light: number; width: number };
    expect(pixels.width).toBeGreaterThan(300);
    expect(pixels.dark).toBeGreaterThan(200);
    expect(pixels.light).toBeGreaterThan(pixels.dark);
    // Its words are there for screen readers, from pdf.js's text content.
    await expect(dialog.getByTestId('pdf-page-text').textContent()).resolves.toMatch(/NORTHERN RAIL.*Off-peak return.*6\.20/s);
    expect(await dialog.getByText(/cannot be shown here/).count()).toBe(0);
    await dialogSettled(page);
    await expectNoAxeViolations(page, 'PDF receipt viewer');
    await page.screenshot({ path: `${SHOTS}/receipt-viewer-pdf-1366.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SHOTS}/receipt-viewer-pdf-1024.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('View receipt train-ticket.pdf');
    // No worker was needed, so nothing broke the CSP (worker-src 'none'): no console errors at all.
    expect(e2e.pageErrors).toEqual([]);
  });
});

/** An emailed train ticket: a PDF of typed text only, no pictures (the kind the core cannot turn into one). */
async function emailedTicket(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([420, 300]);
  page.drawText('NORTHERN RAIL', { x: 30, y: 240, size: 28, font });
  page.drawText('Off-peak return, Leeds to Hebden Bridge', { x: 30, y: 190, size: 14, font });
  page.drawText('Total paid: 6.20', { x: 30, y: 120, size: 32, font, color: rgb(0, 0, 0) });
  return Buffer.from(await doc.save());
}
