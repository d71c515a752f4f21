// Benchmark for issue 2 (not a test): 20,000 students — search as you type at API level, opening the database with its
// checks, and main-process memory. Run: npx tsx bench/foundation.ts [students]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Core } from '../src-main/core/api/core';
import { openDatabase } from '../src-main/core/db/open';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';

const students = Number(process.argv[2] ?? 20000);
const rssAtStart = process.memoryUsage().rss / 1024 / 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-'));
const file = path.join(dir, 'recovery-college.sqlite');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

// Fill in a child process so the memory figure below is the app's, not the generator's.
let t0 = performance.now();
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/demo-data.ts', '--scale', String(students), '--file', file], { stdio: 'ignore' });
console.log(`filled ${students} students in ${((performance.now() - t0) / 1000).toFixed(1)} s (separate process)`);

const opens: number[] = [];
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  const o = await openDatabase(file);
  opens.push(performance.now() - t0);
  await o.close();
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const rssBeforeCore = rssMb();
const core = await Core.open({ dataDir: dir });
const rssAfterOpen = rssMb();
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
const signIn = await core.call('bench', 'auth.signIn', { username: admin.username, password: admin.password });
if (!signIn.ok) throw new Error(signIn.error.message);
const rssAfterSignIn = rssMb();

// Typed prefixes of real surnames, first names, references and NHS numbers, as someone typing them would send them.
const sample = await core.database.db.selectFrom('students').select(['surname', 'first_name', 'reference', 'nhs_number']).orderBy('id').limit(200).execute();
const queries: string[] = [];
for (const s of sample.slice(0, 60)) for (let n = 1; n <= Math.min(6, s.surname.length); n++) queries.push(s.surname.slice(0, n));
for (const s of sample.slice(60, 100)) for (let n = 2; n <= 5; n++) queries.push(`${s.first_name.slice(0, n)}`);
for (const s of sample.slice(100, 130)) queries.push(s.reference, s.reference.slice(3));
for (const s of sample.slice(130, 200).filter((x) => x.nhs_number)) queries.push(`${s.nhs_number!.slice(0, 3)} ${s.nhs_number!.slice(3, 6)}`, s.nhs_number!);

const times: number[] = [];
for (const query of queries) {
  t0 = performance.now();
  const r = await core.call('bench', 'students.search', { query, pageSize: 25 });
  times.push(performance.now() - t0);
  if (!r.ok) throw new Error(r.error.message);
}
const rss = process.memoryUsage().rss / 1024 / 1024;
const heap = process.memoryUsage().heapUsed / 1024 / 1024;
await core.close();
rmSync(dir, { recursive: true, force: true });

console.table({
  'search as you type (API), median ms': median(times).toFixed(2),
  'search as you type (API), p95 ms': p95(times).toFixed(2),
  'search queries timed': times.length,
  'open database with checks, median ms': median(opens).toFixed(1),
  'process RSS at start (Node + tsx loader), MB': rssAtStart.toFixed(0),
  'process RSS before opening (Node + tsx), MB': rssBeforeCore.toFixed(0),
  'process RSS after opening, MB': rssAfterOpen.toFixed(0),
  'process RSS after sign-in (scrypt work area 32 MB), MB': rssAfterSignIn.toFixed(0),
  'process RSS after sign-in and searches, MB': rss.toFixed(0),
  'JS heap used, MB': heap.toFixed(0),
});
