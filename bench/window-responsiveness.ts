// Benchmark for issue 17 (not a test): how long the window's process is blocked while a contract return is produced for a
// college of 20,000 students (or --scale). The "window's process" is the process that would paint the window and answer
// its clicks: the Electron main process in the desktop app, here its equivalent, the browser harness's parent process.
// Measured on copies of the benchmark college (bench/college.ts: six years of history, so the 2025/26 financial year is
// full of sessions, enrolments and register marks — as bench/run.ts uses): with the core in its own process (as shipped,
// host/ over child_process.fork) and, for comparison, with the core in the window's process (as before). Figure: the
// longest event-loop block (perf_hooks at 1 ms resolution, or the longest wait between 50 ms "clicks", whichever is longer),
// and how many of those clicks were answered within 100 ms of when they were due.
// Run: npx tsx bench/window-responsiveness.ts [--scale 2000|5000|20000] [--rounds 1]
//      (the college is built once per scale and cached in .bench-cache/; 20,000 students take a few minutes the first time)
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Core } from '../src-main/core/api/core';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { listBackups } from '../src-main/core/backups/files';
import { openSqlite } from '../src-main/core/db/sqlite';
import { CoreClient } from '../src-main/host/client';
import { forkNodeHost } from '../src-main/host/node-process';
import { BENCH_NOW, describeCollege, ensureCollege } from './college';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const rounds = Number(values.rounds);

console.log(`College of ${scale.toLocaleString('en-GB')} students with history:`);
const source = await ensureCollege(scale);
const facts = describeCollege(source);
console.log(`  ${Object.entries(facts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace('_', ' ')}`).join(', ')}`);

const manager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
// The financial year the college's history covers in full (as bench/run.ts): the biggest return a college produces.
const period = { kind: 'financialYear' as const, financialYear: 2025 };
{
  const db = openSqlite(source, { readonly: true });
  const { n } = db.prepare(`SELECT count(*) AS n FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE s.date BETWEEN '2025-04-01' AND '2026-03-31'`).get() as { n: number };
  db.close();
  // A return over an empty period would measure nothing (the old version of this benchmark did, on a fresh demo database).
  if (n === 0) throw new Error('The college has no register marks in 2025-26: nothing to measure.');
  console.log(`  ${n.toLocaleString('en-GB')} register marks in the 2025-26 financial year`);
}

type Caller = { call(session: string, method: string, input: unknown): Promise<{ ok: boolean; error?: { message: string } }> };
interface Figure {
  seconds: number;
  longestMs: number;
  p99Ms: number;
  onTime: number;
  ticks: number;
}

async function measure(open: (file: string, dir: string) => Promise<Caller & { close(): Promise<void> }>): Promise<Figure> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-window-'));
  const file = path.join(dir, 'recovery-college.sqlite');
  copyFileSync(source, file);
  const core = await open(file, dir);
  try {
    // The core takes its daily backup when it opens (seconds, for this college): let it finish first, so the figure is
    // the return's alone in both arrangements.
    for (let i = 0; !listBackups(path.join(dir, 'backups')).some((b) => b.kind === 'daily'); i++) {
      if (i > 1200) throw new Error('The daily backup after opening did not appear.');
      await new Promise((r) => setTimeout(r, 250));
    }
    const signIn = await core.call('bench', 'auth.signIn', { username: manager.username, password: manager.password });
    if (!signIn.ok) throw new Error(signIn.error?.message);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    // A "click" every 50 ms, as a person might: the longest wait between two, and how many came within 100 ms of when due.
    const times: number[] = [];
    const timer = setInterval(() => times.push(performance.now()), 50);
    histogram.enable();
    const t0 = performance.now();
    times.push(t0);
    const r = await core.call('bench', 'returns.produce', { period });
    const elapsed = performance.now() - t0;
    // A block that ends with the call's answer is only seen by the timers that fire after it: give them the chance.
    await new Promise((resolve) => setTimeout(resolve, 120));
    histogram.disable();
    clearInterval(timer);
    if (!r.ok) throw new Error(r.error?.message);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    return {
      seconds: elapsed / 1000,
      longestMs: Math.max(histogram.max / 1e6, Math.max(...gaps) - 50),
      p99Ms: histogram.percentile(99) / 1e6,
      onTime: gaps.filter((g) => g < 150).length,
      ticks: gaps.length,
    };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const options = (file: string, dir: string) => ({ dataDir: dir, databaseFile: file, allowAnyLocation: true, passwordCost: 'fast' as const });
const shipped = () => measure(async (file, dir) => CoreClient.start(() => forkNodeHost(), options(file, dir)));
// The fixed clock is only possible in-process (a function cannot cross to the child); the return's period is explicit,
// so the figures are the same whichever day it is.
const before = () => measure(async (file, dir) => Core.open({ ...options(file, dir), now: () => BENCH_NOW }));

const show = (label: string, f: Figure) =>
  console.log(
    `  ${label.padEnd(40)} return in ${f.seconds.toFixed(1)} s; window's process: longest block ${f.longestMs.toFixed(0)} ms, ` +
      `p99 ${f.p99Ms.toFixed(0)} ms; ${f.onTime} of ${f.ticks} 50 ms clicks answered within 100 ms`,
  );

console.log(`Return for financial year 2025-26 (${rounds} round${rounds === 1 ? '' : 's'}, alternating):`);
const results: { shipped: Figure[]; before: Figure[] } = { shipped: [], before: [] };
for (let i = 0; i < rounds; i++) {
  results.shipped.push(await shipped());
  show('core in its own process (as shipped)', results.shipped.at(-1)!);
  results.before.push(await before());
  show('core in the window’s process (before)', results.before.at(-1)!);
}
const worst = (fs: Figure[]) => Math.max(...fs.map((f) => f.longestMs));
const median = (fs: Figure[]) => [...fs.map((f) => f.longestMs)].sort((x, y) => x - y)[Math.floor(fs.length / 2)];
for (const [label, pick] of [['worst round', worst], ['median round', median]] as const) {
  const a = pick(results.shipped);
  const b = pick(results.before);
  console.log(`Longest block of the window's process, ${label}: ${a.toFixed(0)} ms with the core in its own process vs ${b.toFixed(0)} ms in-process (${(b / Math.max(a, 1)).toFixed(0)}× shorter).`);
}
