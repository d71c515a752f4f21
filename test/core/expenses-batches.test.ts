// Payment batches: totals per payee equal the sum of the claims to the penny, the finance CSV read back with a real
// parser (and its formula-injection escaping), remittance PDFs read back with pdftotext, marking paid.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeCell } from '../../src-main/core/files/spreadsheet';
import { bus, claimWith, makeWorld, mileage, PNG, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

/** Enters, submits (admin) and approves (coordinator) a claim; receipts attached to every non-mileage line. */
async function approvedClaim(payeeId: number, lines: Record<string, unknown>[]): Promise<number> {
  const id = await claimWith(w, payeeId, lines);
  for (const l of (await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines) {
    if (l.needsReceipt) await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: l.id, fileName: 'r.png', base64: PNG });
  }
  await w.t.ok(w.admin, 'expenses.claims.submit', { id });
  await w.t.ok(w.coordinator, 'expenses.claims.approve', { id });
  return id;
}

const decode = (b64: string) => Buffer.from(b64, 'base64');

describe('payment batches', () => {
  it('totals per payee equal the sum of the claims to the penny, in the batch and in the finance CSV', async () => {
    const amounts = ['0.01', '3.33', '12.50', '0.99', '7.77', '1,234.56'];
    const ids: number[] = [];
    for (const [i, a] of amounts.entries()) ids.push(await approvedClaim(i % 2 ? w.valId : w.patId, [bus('2026-10-05', a), mileage('2026-10-06', `${i + 1}.3`)]));
    const claims = await Promise.all(ids.map((id) => w.t.ok(w.coordinator, 'expenses.claims.get', { id })));
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: ids });
    const sum = claims.reduce((s, c) => s + c.totalPence, 0);
    const lineSum = claims.flatMap((c) => c.lines).reduce((s, l) => s + l.amountPence, 0);
    expect(batch.totalPence).toBe(sum);
    expect(batch.totalPence).toBe(lineSum);
    for (const p of batch.payees) {
      expect(p.totalPence).toBe(claims.filter((c) => c.payeeId === p.payeeId).reduce((s, c) => s + c.totalPence, 0));
    }

    const file = await w.t.ok(w.coordinator, 'expenses.batches.financeCsv', { id: batch.id });
    expect(file).toMatchObject({ mimeType: 'text/csv', suggestedName: `payment-batch-${batch.reference}.csv` });
    const rows = parse(decode(file.base64), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Payee)).toEqual(['Pat Peer', 'Val Volunteer']);
    const pat = rows[0];
    expect(pat).toMatchObject({ 'Payment method': 'Bank transfer', 'Account name': 'P PEER', 'Sort code': '12-34-56', 'Account number': '12345678', Type: 'expenses', Reference: `RCD ${batch.reference}` });
    expect(rows[1]).toMatchObject({ 'Payment method': 'Cash or petty cash', 'Sort code': '', Type: 'expenses' });
    // Amounts are plain numbers with two decimals; their sum in pence equals the batch total exactly.
    for (const r of rows) expect(r.Amount).toMatch(/^\d+\.\d{2}$/);
    const csvPence = rows.reduce((s, r) => s + Number(r.Amount.replace('.', '')), 0);
    expect(csvPence).toBe(sum);
  });

  it('protects every text cell of the finance CSV against formula injection', async () => {
    const evil = await w.t.ok(w.coordinator, 'expenses.payees.create', {
      fields: { name: '=HYPERLINK("http://x","click")', paymentMethod: 'bank_transfer', bank: { accountName: '+SUM(A1)', sortCode: '010203', accountNumber: '00001234' } },
    });
    const at = await w.t.ok(w.coordinator, 'expenses.payees.create', { fields: { name: '@cmd', paymentMethod: 'voucher' } });
    const minus = await w.t.ok(w.coordinator, 'expenses.payees.create', { fields: { name: '-2+3', paymentMethod: 'cash' } });
    const ids = [await approvedClaim(evil.id, [bus('2026-10-05', '5')]), await approvedClaim(at.id, [bus('2026-10-05', '6')]), await approvedClaim(minus.id, [bus('2026-10-05', '7')])];
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: ids });
    const csv = decode((await w.t.ok(w.coordinator, 'expenses.batches.financeCsv', { id: batch.id })).base64);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const byAmount = new Map(rows.map((r) => [r.Amount, r]));
    expect(byAmount.get('5.00')).toMatchObject({ Payee: `'=HYPERLINK("http://x","click")`, 'Account name': "'+SUM(A1)", 'Account number': '00001234' });
    expect(byAmount.get('6.00')?.Payee).toBe("'@cmd");
    expect(byAmount.get('7.00')?.Payee).toBe("'-2+3");
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== 'Amount') expect(v).not.toMatch(/^[=+\-@\t\r]/);
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('\rx')).toBe("'\rx");
    expect(safeCell('Ordinary')).toBe('Ordinary');
  });

  it('makes a remittance note per payee that pdftotext can read, and marking paid pays every claim', async () => {
    const a = await approvedClaim(w.patId, [mileage('2026-10-05', '120'), bus('2026-10-06', '4.80')]);
    const b = await approvedClaim(w.valId, [bus('2026-10-05', '2.20')]);
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [a, b] });
    const files = await w.t.ok(w.coordinator, 'expenses.batches.remittances', { id: batch.id });
    expect(files.map((f) => f.suggestedName)).toEqual([`remittance-${batch.reference}-pat-peer.pdf`, `remittance-${batch.reference}-val-volunteer.pdf`]);
    const pdf = path.join(w.t.dir, 'pat.pdf');
    writeFileSync(pdf, decode(files[0].base64));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Pat Peer');
    expect(text).toContain('Remittance note');
    expect(text).toContain(batch.reference);
    expect(text).toContain('£58.80'); // 120 × 45p = £54.00 + bus £4.80
    expect(text).toContain('120 mi: 120 × 45p = £54.00');
    expect(text).toContain('**-**-56 ****5678');
    expect(text).not.toContain('12345678');
    const one = await w.t.ok(w.coordinator, 'expenses.batches.remittance', { id: batch.id, payeeId: w.valId });
    writeFileSync(pdf, decode(one.base64));
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toMatch(/Val Volunteer[\s\S]*£2\.20/);

    expect((await w.t.fail(w.admin, 'expenses.batches.markPaid', { id: batch.id })).reason).toBe('access.role');
    expect((await w.t.fail(w.coordinator, 'expenses.batches.create', { claimIds: [a] }))).toMatchObject({ reason: 'batch.not-ready', message: expect.stringMatching(/already in a batch/) });
    const paid = await w.t.ok(w.coordinator, 'expenses.batches.markPaid', { id: batch.id });
    expect(paid.status).toBe('paid');
    expect(paid.claims.map((c) => c.status)).toEqual(['paid', 'paid']);
    expect((await w.t.fail(w.coordinator, 'expenses.batches.markPaid', { id: batch.id })).reason).toBe('batch.paid');
    expect((await w.t.fail(w.coordinator, 'expenses.batches.cancel', { id: batch.id })).reason).toBe('batch.paid');
    const list = await w.t.ok(w.admin, 'expenses.batches.list', {});
    expect(list.rows[0]).toMatchObject({ reference: batch.reference, status: 'paid', claimCount: 2, totalPence: 5880 + 220 });
  });

  it('cancels an unpaid batch, putting its claims back among the payable ones', async () => {
    const a = await approvedClaim(w.patId, [bus('2026-10-06', '4.80')]);
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [a] });
    expect((await w.t.ok(w.coordinator, 'expenses.batches.payable', {})).claims).toHaveLength(0);
    await w.t.ok(w.coordinator, 'expenses.batches.cancel', { id: batch.id });
    expect((await w.t.ok(w.coordinator, 'expenses.batches.payable', {})).claims.map((c) => c.id)).toEqual([a]);
    expect((await w.t.fail(w.coordinator, 'expenses.batches.create', { claimIds: [] })).reason).toBe('input.invalid');
  });
});
