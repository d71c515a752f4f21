// Files for the finance office and for payees: the payment batch CSV (spreadsheet-safe, money as plain numbers)
// and a remittance note PDF per payee.
import { loadPdfKit } from '../files/libraries';
import { stringify } from 'csv-stringify/sync';
import { EARNINGS_FLAG, EXPENSES_FLAG, LINE_CATEGORIES, PAYMENT_METHODS, type PaymentBatchDetail } from '../../contract/expenses';
import { formatDate } from '../../contract/dates';
import { formatHundredths, formatPence, formatPenceNumber, formatTenths } from '../../contract/money';
import { safeCell } from '../files/spreadsheet';

export const FINANCE_CSV_HEADER = ['Payee', 'Payment method', 'Account name', 'Sort code', 'Account number', 'Amount', 'Type', 'Reference', 'Items'];

/** The batch CSV: one row per payee and kind (expenses; earnings — payroll), amounts as plain numbers (12.50). */
export function financeCsv(batch: PaymentBatchDetail): string {
  const rows: string[][] = [];
  for (const p of batch.payees) {
    const bank = p.bank;
    const base = [safeCell(p.payeeName), safeCell(PAYMENT_METHODS[p.paymentMethod]), safeCell(bank?.accountName ?? ''), safeCell(bank?.sortCode ?? ''), safeCell(bank?.accountNumber ?? '')];
    const reference = safeCell(`RCD ${batch.reference}`);
    if (p.expensesPence > 0 || p.involvementCount === 0) {
      rows.push([...base, formatPenceNumber(p.expensesPence), EXPENSES_FLAG, reference, safeCell(p.claimReferences.join(' '))]);
    }
    if (p.involvementCount > 0) {
      rows.push([...base, formatPenceNumber(p.earningsPence), EARNINGS_FLAG, reference, safeCell(`${p.involvementCount} involvement payment${p.involvementCount === 1 ? '' : 's'}`)]);
    }
  }
  return stringify([FINANCE_CSV_HEADER, ...rows], { record_delimiter: '\r\n' });
}

export interface RemittanceLine {
  date: string;
  what: string;
  reference: string;
  amountPence: number;
}

export interface RemittanceInput {
  collegeName: string;
  batchReference: string;
  issuedOn: string;
  payeeName: string;
  address: string | null;
  paymentMethod: keyof typeof PAYMENT_METHODS;
  maskedAccount: string | null;
  expenses: RemittanceLine[];
  earnings: RemittanceLine[];
}

export function describeLine(l: { category: keyof typeof LINE_CATEGORIES; description: string | null; miles_tenths: number | null; working: string | null }): string {
  const label = LINE_CATEGORIES[l.category];
  if (l.category === 'mileage') return `${label}: ${l.working ?? `${formatTenths(l.miles_tenths ?? 0)} miles`}${l.description ? ` (${l.description})` : ''}`;
  return l.description ? `${label}: ${l.description}` : label;
}

export function describeInvolvement(p: { basis: 'session' | 'hour'; hoursHundredths: number | null; sessionLabel: string | null; description: string | null }): string {
  const what = p.basis === 'hour' ? `${formatHundredths(p.hoursHundredths ?? 0)} hours` : 'Session';
  return [`Involvement payment: ${what}`, p.sessionLabel, p.description].filter(Boolean).join(', ');
}

/** A one-page (or more) remittance note listing what is paid and the total. */
export async function remittancePdf(r: RemittanceInput): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Remittance ${r.batchReference} – ${r.payeeName}`, Author: r.collegeName } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(16).text(r.collegeName);
    doc.moveDown(0.3).font('Helvetica').fontSize(12).text('Remittance note');
    doc.moveDown();
    doc.fontSize(10);
    doc.text(`To: ${r.payeeName}`);
    if (r.address) doc.text(r.address);
    doc.moveDown(0.5);
    doc.text(`Payment batch: ${r.batchReference}`);
    doc.text(`Date: ${formatDate(r.issuedOn)}`);
    doc.text(`Paid by: ${PAYMENT_METHODS[r.paymentMethod]}${r.maskedAccount ? ` to account ${r.maskedAccount}` : ''}`);
    doc.moveDown();

    const section = (title: string, lines: RemittanceLine[], note: string) => {
      if (lines.length === 0) return 0;
      doc.font('Helvetica-Bold').fontSize(11).text(title);
      doc.font('Helvetica').fontSize(9).fillColor('#444444').text(note).fillColor('black');
      doc.moveDown(0.4).fontSize(10);
      let total = 0;
      for (const l of lines) {
        const y = doc.y;
        doc.text(formatDate(l.date), 50, y, { width: 70 });
        doc.text(`${l.reference}  ${l.what}`, 125, y, { width: 330 });
        const after = doc.y;
        doc.text(formatPence(l.amountPence), 460, y, { width: 85, align: 'right' });
        doc.y = Math.max(after, doc.y);
        doc.x = 50;
        total += l.amountPence;
      }
      doc.moveDown(0.3).font('Helvetica-Bold');
      const y = doc.y;
      doc.text(`${title} total`, 125, y, { width: 330 });
      doc.text(formatPence(total), 460, y, { width: 85, align: 'right' });
      doc.font('Helvetica').moveDown();
      doc.x = 50;
      return total;
    };

    const expenses = section('Expenses', r.expenses, 'Out-of-pocket expenses repaid. These are not earnings.');
    const earnings = section('Involvement payments', r.earnings, 'Earnings: reported to payroll. They may need to be declared to the benefits office.');
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12);
    const y = doc.y;
    doc.text('Total paid', 50, y, { width: 400 });
    doc.text(formatPence(expenses + earnings), 400, y, { width: 145, align: 'right' });
    doc.x = 50;
    doc.moveDown(2).font('Helvetica').fontSize(9).text(`Thank you for your part in ${r.collegeName}. If anything here looks wrong, please get in touch with the college office.`);
    doc.end();
  });
}
