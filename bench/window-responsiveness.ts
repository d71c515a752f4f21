// Benchmark for issue 17 (not a test): how long the window's process is blocked while a 20,000-student contract return is
// produced. The "window's process" is the process that would paint the window and answer its clicks: the Electron main
// process in the desktop app, here its equivalent, the browser harness's parent process. Measured twice on copies of the
// same database: with the core in its own process (as shipped, host/ over child_process.fork) and, for comparison, with
// the core in the window's process (as before). Figure: the longest event-loop block (perf_hooks, 1 ms resolution).
// Run: npm run demo -- --scale 20000 --file .data/bench-20000.sqlite   (once, ~2 minutes)
//      npx tsx bench/window-responsiveness.ts .data/bench-20000.sqlite
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collegeToday } from '../src-main/contract/dates';
import { Core } from '../src-main/core/api/core';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { CoreClient } from '../src-main/host/client';
import { forkNodeHost } from '../src-main/host/node-process';

const source = path.resolve(process.argv[2] ?? '.data/bench-20000.sqlite');
if (!existsSync(source)) {
  console.error(`${source} does not exist. Make it first: npm run demo -- --scale 20000 --file ${path.relative(process.cwd(), source)}`);
  process.exit(2);
}
const manager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
// A financial year's return (the biggest the college produces): the last financial year that has ended.
const [year, month] = collegeToday().split('-').map(Number);
const period = { kind: 'financialYear' as const, financialYear: month >= 4 ? year - 1 : year - 2 };

type Caller = { call(session: string, method: string, input: unknown): Promise<{ ok: boolean; error?: { message: string } }> };

async function measure(label: string, open: (file: string, dir: string) => Promise<Caller & { close(): Promise<void> }>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-window-'));
  const file = path.join(dir, 'college.sqlite');
  copyFileSync(source, file);
  const core = await open(file, dir);
  const signIn = await core.call('bench', 'auth.signIn', { username: manager.username, password: manager.password });
  if (!signIn.ok) throw new Error(signIn.error?.message);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A "click" every 50 ms, as a person might: how late is each answered?
  let ticks = 0;
  const timer = setInterval(() => ticks++, 50);
  histogram.enable();
  const t0 = performance.now();
  const r = await core.call('bench', 'returns.produce', { period });
  const elapsed = performance.now() - t0;
  histogram.disable();
  clearInterval(timer);
  if (!r.ok) throw new Error(r.error?.message);
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  console.log(
    `${label.padEnd(44)} return in ${(elapsed / 1000).toFixed(1)} s; window's process: longest block ${ms(histogram.max)} ms, ` +
      `p99 ${ms(histogram.percentile(99))} ms; ${ticks} of ~${Math.floor(elapsed / 50)} 50 ms ticks ran`,
  );
}

console.log(`Return for financial year ${period.financialYear}-${String((period.financialYear + 1) % 100).padStart(2, '0')} on ${path.basename(source)}:`);
await measure('core in its own process (as shipped)', async (file, dir) =>
  CoreClient.start(() => forkNodeHost(), { dataDir: dir, databaseFile: file, allowAnyLocation: true, passwordCost: 'fast' }),
);
await measure('core in the window’s process (before)', async (file, dir) => Core.open({ dataDir: dir, databaseFile: file, allowAnyLocation: true, passwordCost: 'fast' }));
