// Benchmark for issue 5 (not a test): 30,000 claims (60,000 lines) for 300 payees; at API level (core.call), working out a
// mileage line with its tax-year tier, adding one to a draft, and building a 200-claim payment batch with its finance
// CSV and every remittance PDF. Run: npx tsx bench/expenses.ts [claims]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Core } from '../src-main/core/api/core';

const CLAIMS = Number(process.argv[2] ?? 30000);
const PAYEES = 300;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

let seed = 5;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-exp-'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast' });
const must = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
await must(core.call('mgr', 'auth.setupFirstManager', { username: 'bench.manager', displayName: 'Bench Manager', password: 'correct horse battery' }));
for (const [role, name] of [
  ['admin', 'bench.admin'],
  ['coordinator', 'bench.coord'],
] as const) {
  await must(core.call('mgr', 'staff.create', { username: name, displayName: name, role, temporaryPassword: 'correct horse battery' }));
  await must(core.call(name, 'auth.signIn', { username: name, password: 'correct horse battery' }));
  await must(core.call(name, 'auth.changePassword', { currentPassword: 'correct horse battery', newPassword: 'correct horse battery 2' }));
}
const sqlite = core.databaseFile!.sqlite;
const T = new Date().toISOString();

let t0 = performance.now();
// Direct inserts in one transaction (bench only): 300 payees, claims spread over two tax years, mostly paid.
sqlite.transaction(() => {
  const payee = sqlite.prepare(
    `INSERT INTO payees (name, payment_method, bank_account_name, bank_sort_code, bank_account_number, created_at, updated_at) VALUES (?, 'bank_transfer', ?, '123456', ?, ?, ?)`,
  );
  for (let p = 1; p <= PAYEES; p++) payee.run(`Payee ${p}`, `PAYEE ${p}`, String(10_000_000 + p), T, T);
  const claim = sqlite.prepare(
    `INSERT INTO claims (reference, payee_id, status, entered_by, entered_at, submitted_by, submitted_at, decided_by, decided_at, updated_at) VALUES (?, ?, ?, 2, ?, 2, ?, 3, ?, ?)`,
  );
  const line = sqlite.prepare(
    `INSERT INTO claim_lines (claim_id, line_date, category, amount_pence, miles_tenths, vehicle, working, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 2, ?)`,
  );
  for (let c = 1; c <= CLAIMS; c++) {
    // The last 400 claims are approved and waiting for a batch; the rest are paid.
    const status = c > CLAIMS - 400 ? 'approved' : 'paid';
    const date = new Date(Date.UTC(2025, 3, 6) + Math.floor(rand() * 590) * 86_400_000).toISOString().slice(0, 10);
    claim.run(`EXP-${String(c).padStart(6, '0')}`, 1 + (c % PAYEES), status, T, T, T, T);
    const tenths = 50 + Math.floor(rand() * 600);
    line.run(c, date, 'mileage', Math.floor((tenths * 45) / 10), tenths, 'car_van', 'bench', T);
    line.run(c, date, 'public_transport', 150 + Math.floor(rand() * 900), null, null, null, T);
  }
})();
const fillMs = performance.now() - t0;

// 1. Mileage line with its tier, at API level (preview: works it out without saving).
const preview: number[] = [];
for (let i = 0; i < 300; i++) {
  t0 = performance.now();
  await must(core.call('bench.admin', 'expenses.mileage.preview', { payeeId: 1 + (i % PAYEES), date: '2026-10-05', miles: '23.4', vehicle: 'car_van', passengers: 1 }));
  preview.push(performance.now() - t0);
}

// 2. Adding a mileage line to a draft (validates, saves, re-works the claim's mileage, audits, returns the claim).
const draft = await must(core.call('bench.admin', 'expenses.claims.create', { payeeId: 7 }));
const addLine: number[] = [];
for (let i = 0; i < 50; i++) {
  t0 = performance.now();
  await must(core.call('bench.admin', 'expenses.claims.addLine', { claimId: draft.id, line: { date: '2026-10-05', category: 'mileage', miles: '12.5', vehicle: 'car_van', passengers: 0 } }));
  addLine.push(performance.now() - t0);
}

// 3. A 200-claim payment batch: create, finance CSV, every remittance PDF.
const payable = await must(core.call('bench.coord', 'expenses.batches.payable', {}));
const claimIds = payable.claims.slice(0, 200).map((c) => c.id);
t0 = performance.now();
const batch = await must(core.call('bench.coord', 'expenses.batches.create', { claimIds }));
const createMs = performance.now() - t0;
let t1 = performance.now();
const csv = await must(core.call('bench.coord', 'expenses.batches.financeCsv', { id: batch.id }));
const csvMs = performance.now() - t1;
t1 = performance.now();
const pdfs = await must(core.call('bench.coord', 'expenses.batches.remittances', { id: batch.id }));
const pdfMs = performance.now() - t1;
const batchMs = performance.now() - t0;

console.log(`\nExpenses benchmark — ${CLAIMS.toLocaleString('en-GB')} claims (${(CLAIMS * 2).toLocaleString('en-GB')} lines), ${PAYEES} payees; filled in ${(fillMs / 1000).toFixed(1)} s\n`);
console.table([
  { measure: 'mileage line with tax-year tier (expenses.mileage.preview)', median: `${median(preview).toFixed(2)} ms`, p95: `${p95(preview).toFixed(2)} ms`, target: '< 10 ms' },
  { measure: 'add a mileage line to a draft (expenses.claims.addLine)', median: `${median(addLine).toFixed(2)} ms`, p95: `${p95(addLine).toFixed(2)} ms`, target: '' },
  { measure: `200-claim batch: create (${batch.payees.length} payees)`, median: `${createMs.toFixed(0)} ms`, p95: '', target: '' },
  { measure: '200-claim batch: finance CSV', median: `${csvMs.toFixed(0)} ms`, p95: `${Math.round((csv.base64.length * 3) / 4 / 1024)} KB`, target: '' },
  { measure: `200-claim batch: ${pdfs.length} remittance PDFs`, median: `${pdfMs.toFixed(0)} ms`, p95: '', target: '' },
  { measure: '200-claim batch: create + CSV + all PDFs', median: `${batchMs.toFixed(0)} ms`, p95: '', target: '< 3000 ms' },
]);

await core.close();
rmSync(dir, { recursive: true, force: true });
