// Benchmark for issue 15 (not a test): importing 5,000 students from a CSV and from an XLSX, at API level (core.call):
// reading the file, previewing every row (with the duplicate checks), and committing them all in one transaction.
// Each format imports into a fresh database that already holds 5,000 students, so the duplicate checks have work to do.
// Run: npx tsx bench/import.ts [rows]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { Core } from '../src-main/core/api/core';
import type { MethodInput, MethodName, MethodResult } from '../src-main/contract/contract';

const ROWS = Number(process.argv[2] ?? 5000);
const EXISTING = 5000;

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const FIRST = ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Ruth', 'Kemi', 'Dan', 'Aisha', 'Liam', 'Mia', 'Owen', 'Zara', 'Ben', 'Ella', 'Harriet', 'Connor', 'Yusuf'];
const LAST = ['Smith', 'Jones', 'Patel', 'Williams', 'Brown', 'Taylor', 'Khan', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Okafor', 'Murphy', 'Nowak', 'Ahmed', 'Hughes'];
const GENDER = ['Female', 'Male', 'F', 'M', 'Non-binary', ''];
const ETHNIC = ['White British', 'White Irish', 'Indian', 'Pakistani', 'African', 'Caribbean', 'Chinese', 'Prefer not to say', ''];
const REFERRAL = ['Self', 'GP', 'CMHT', 'Charity', 'Self referred'];

/** A valid NHS number in the never-issued 999 range, from a serial. */
function nhs(serial: number): string | null {
  const nine = `999${String(serial).padStart(6, '0')}`;
  const sum = [...nine].reduce((a, d, i) => a + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${nine}${check === 11 ? 0 : check}`;
}

function sheetRows(n: number, offset: number): string[][] {
  const rows = [['Forename', 'Surname', 'DOB', 'Gender', 'Ethnicity', 'Referral', 'NHS No', 'Mobile', 'Postcode', 'Email']];
  for (let i = 0; i < n; i++) {
    const y = 1940 + Math.floor(rand() * 60);
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    const first = pick(FIRST);
    const last = pick(LAST);
    rows.push([
      first,
      `${last}${i % 97}`,
      `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
      pick(GENDER),
      pick(ETHNIC),
      pick(REFERRAL),
      nhs(offset + i) ?? '',
      `07700 ${String(900000 + (i % 100000)).slice(0, 6)}`,
      `SS${1 + (i % 9)} ${1 + (i % 9)}AB`,
      `${first.toLowerCase()}.${i}@example.org`,
    ]);
  }
  return rows;
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Students');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function run(format: 'CSV' | 'XLSX'): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-import-'));
  const core = await Core.open({ dataDir: dir, passwordCost: 'fast' });
  const call = async <K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodResult<K>> => {
    const r = await core.call('bench', method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as MethodResult<K>;
  };
  try {
    await call('auth.setupFirstManager', { username: 'bench.manager', displayName: 'Bench Manager', password: 'correct horse battery' });
    // A college that already has students: imported through the same path, untimed.
    const existing = sheetRows(EXISTING, 500000);
    const seedTable = await call('imports.readFile', { fileName: 'existing.csv', base64: Buffer.from(stringify(existing)).toString('base64') });
    await call('imports.students.commit', { fileName: 'existing.csv', headers: seedTable.headers, rows: seedTable.rows, include: seedTable.rows.map((r) => r.n), confirmedDuplicates: seedTable.rows.map((r) => r.n) });

    const rows = sheetRows(ROWS, 0);
    const bytes = format === 'CSV' ? Buffer.from(stringify(rows)) : await xlsxOf(rows);
    const base64 = bytes.toString('base64');
    // Wall-clock time and this process's CPU time (the desk shares its CPU with nothing else; a busy benchmark machine does).
    const cpu = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return `${((u.user + u.system) / 1000).toFixed(0)} ms CPU`;
    };
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    const table = await call('imports.readFile', { fileName: `students.${format.toLowerCase()}`, base64 });
    const readMs = performance.now() - t0;
    const readCpu = cpu(c0);
    c0 = process.cpuUsage();
    t0 = performance.now();
    const preview = await call('imports.students.preview', { headers: table.headers, rows: table.rows });
    const previewMs = performance.now() - t0;
    const previewCpu = cpu(c0);
    const include = preview.rows.filter((r) => r.status !== 'problem').map((r) => r.n);
    const confirmed = preview.rows.filter((r) => r.status === 'duplicate').map((r) => r.n);
    c0 = process.cpuUsage();
    t0 = performance.now();
    const result = await call('imports.students.commit', { fileName: table.fileName, headers: table.headers, rows: table.rows, columns: preview.columns, include, confirmedDuplicates: confirmed });
    const commitMs = performance.now() - t0;
    const commitCpu = cpu(c0);
    console.log(
      `${format.padEnd(4)} ${(bytes.length / 1024).toFixed(0).padStart(5)} KB  read ${readMs.toFixed(0)} ms (${readCpu})  preview ${previewMs.toFixed(0)} ms (${previewCpu})  commit ${commitMs.toFixed(0)} ms (${commitCpu})  (${result.imported.length} added, ${result.skipped.length} skipped; ${preview.counts.duplicate} possible duplicates)`,
    );
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Importing ${ROWS.toLocaleString('en-GB')} students into a college that has ${EXISTING.toLocaleString('en-GB')}:`);
await run('CSV');
await run('XLSX');
