// `npx tsx bench/training.ts [--sizes 200,2000,20000]`: how long the training database takes to make at each size offered
// (with the time per stage, as demo.progress reports them), how big the file is, and what it holds.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src-main/core/db/open';
import { openSqlite } from '../src-main/core/db/sqlite';
import { fillDemoDatabase } from '../src-main/core/demo/generate';
import { TRAINING_SIZES } from '../src-main/contract/demo';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: TRAINING_SIZES.join(',') }, keep: { type: 'boolean', default: false } } });
const sizes = (values.sizes as string).split(',').map(Number);
const now = new Date();

for (const size of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-training-bench-'));
  const file = path.join(dir, 'training-demo.sqlite');
  const t0 = performance.now();
  const opened = await openDatabase(file, { allowAnyLocation: true, disposable: true });
  const stages: { stage: string; started: number }[] = [];
  await fillDemoDatabase(opened, size, now, 'standard', (p) => {
    if (stages.at(-1)?.stage !== p.stage) stages.push({ stage: p.stage, started: performance.now() });
  });
  const made = performance.now();
  await opened.close();
  const total = (performance.now() - t0) / 1000;
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  const db = openSqlite(file, { readonly: true });
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const counts = Object.fromEntries(['students', 'terms', 'course_runs', 'sessions', 'enrolments', 'attendance', 'questionnaires', 'claims', 'payment_batches', 'returns'].map((t) => [t, n(t)]));
  db.close();
  console.log(`\n${size.toLocaleString('en-GB')} students: ${total.toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  for (const [i, s] of stages.entries()) {
    const end = stages[i + 1]?.started ?? made;
    console.log(`  ${s.stage.padEnd(42)} ${((end - s.started) / 1000).toFixed(1).padStart(6)} s`);
  }
  console.log(`  ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en-GB')}`).join(', ')}`);
  if (values.keep) console.log(`  kept: ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
