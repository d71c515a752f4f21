// Totals for the college and per payee: approved and paid expenses (with mileage miles) and involvement payments,
// by UK tax year and by month — on screen and as CSV.
import { stringify } from 'csv-stringify/sync';
import type { MonthTotals, PayeeYearTotals } from '../../contract/expenses';
import { formatPenceNumber, formatTenths } from '../../contract/money';
import type { Db, HandlersFor } from '../api/handlers';
import { safeCell } from '../files/spreadsheet';
import { involvementTotalsByDay, involvementTotalsByPayee, lineTotalsByDay, lineTotalsByPayee, payeeNames } from './queries';
import { taxYearLabel, taxYearRange } from './rules';

export async function payeeTotals(db: Db, taxYear: number): Promise<PayeeYearTotals[]> {
  const { from, to } = taxYearRange(taxYear);
  const lines = await lineTotalsByPayee(db, from, to);
  const inv = await involvementTotalsByPayee(db, from, to);
  const names = await payeeNames(db);
  const out = new Map<number, PayeeYearTotals>();
  const get = (id: number) => {
    let t = out.get(id);
    if (!t) out.set(id, (t = { payeeId: id, payeeName: names.get(id) ?? '', expensesPence: 0, mileageTenths: 0, mileagePence: 0, involvementPence: 0 }));
    return t;
  };
  for (const l of lines) {
    const t = get(l.payee_id);
    t.expensesPence += Number(l.pence ?? 0);
    if (l.category === 'mileage') {
      t.mileageTenths += Number(l.tenths ?? 0);
      t.mileagePence += Number(l.pence ?? 0);
    }
  }
  for (const i of inv) get(i.payee_id).involvementPence += Number(i.pence ?? 0);
  return [...out.values()].sort((a, b) => a.payeeName.localeCompare(b.payeeName));
}

export async function monthTotals(db: Db, taxYear: number): Promise<MonthTotals[]> {
  const { from, to } = taxYearRange(taxYear);
  // Grouped in TypeScript by the date's first seven characters, so no database-specific date function is needed.
  const lines = await lineTotalsByDay(db, from, to);
  const inv = await involvementTotalsByDay(db, from, to);
  const months = new Map<string, MonthTotals & { claims: Set<number> }>();
  const get = (m: string) => {
    let t = months.get(m);
    if (!t) months.set(m, (t = { month: m, expensesPence: 0, mileageTenths: 0, involvementPence: 0, claimCount: 0, claims: new Set() }));
    return t;
  };
  for (const l of lines) {
    const t = get(l.line_date.slice(0, 7));
    t.expensesPence += Number(l.pence ?? 0);
    if (l.category === 'mileage') t.mileageTenths += Number(l.tenths ?? 0);
    t.claims.add(l.claim_id);
  }
  for (const i of inv) get(i.work_date.slice(0, 7)).involvementPence += Number(i.pence ?? 0);
  return [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map(({ claims, ...t }) => ({ ...t, claimCount: claims.size }));
}

export const totalsHandlers: HandlersFor<'expenses.totals.'> = {
  'expenses.totals.payees': async (ctx, input) => payeeTotals(ctx.db, input.taxYear),
  'expenses.totals.months': async (ctx, input) => monthTotals(ctx.db, input.taxYear),
  'expenses.totals.exportCsv': async (ctx, input) => {
    const label = taxYearLabel(input.taxYear);
    let rows: string[][];
    if (input.kind === 'payees') {
      const t = await payeeTotals(ctx.db, input.taxYear);
      rows = [
        ['Tax year', 'Payee', 'Expenses (£)', 'Of which mileage (£)', 'Mileage (miles)', `Involvement payments (£, ${'earnings — payroll'})`],
        ...t.map((r) => [label, safeCell(r.payeeName), formatPenceNumber(r.expensesPence), formatPenceNumber(r.mileagePence), formatTenths(r.mileageTenths), formatPenceNumber(r.involvementPence)]),
      ];
    } else {
      const t = await monthTotals(ctx.db, input.taxYear);
      rows = [
        ['Month', 'Claims', 'Expenses (£)', 'Mileage (miles)', 'Involvement payments (£, earnings — payroll)'],
        ...t.map((r) => [r.month, String(r.claimCount), formatPenceNumber(r.expensesPence), formatTenths(r.mileageTenths), formatPenceNumber(r.involvementPence)]),
      ];
    }
    const csv = stringify(rows, { record_delimiter: '\r\n' });
    return { suggestedName: `expenses-${input.kind}-${label}.csv`, mimeType: 'text/csv', base64: Buffer.from(csv, 'utf8').toString('base64') };
  },
};
