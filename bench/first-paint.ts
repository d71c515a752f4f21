// `npx tsx bench/first-paint.ts [--scale 20000]` (after `npm run build`): the built renderer in real Chromium through the
// browser harness, on the benchmark college (bench/college.ts). First paint and ready times of the sign-in page, and of
// the Students list with every student (a fresh load at #/students, signed in). Median of several loads. Figures only.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { chromiumPath } from '../test/e2e/support';
import { ensureCollege } from './college';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '7' } } });
const scale = Number(values.scale);
const rounds = Number(values.rounds);
const cached = await ensureCollege(scale);
const dataDir = mkdtempSync(path.join(tmpdir(), 'rcd-paint-'));
copyFileSync(cached, path.join(dataDir, 'recovery-college.sqlite'));
// The harness as `npm run web` runs it, in a child process of its own (as the desk's core would be), on a free port.
const port = 20000 + Math.floor(Math.random() * 40000);
const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/harness/cli.ts'], { env: { ...process.env, RCD_DATA_DIR: dataDir, PORT: String(port) }, stdio: ['pipe', 'pipe', 'inherit'] });
// Each one-time address works once: the harness prints the first at start and another each time Enter is pressed.
const addresses: string[] = [];
let waiting: ((url: string) => void) | null = null;
let printed = '';
child.stdout.on('data', (d: Buffer) => {
  printed += d.toString();
  for (let m; (m = /(http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(printed)); ) {
    printed = printed.slice(m.index + m[1].length);
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m[1]);
    } else addresses.push(m[1]);
  }
});
const stopped = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`the harness stopped (${code})`))));
stopped.catch(() => undefined);
const nextLogin = (ask: boolean): Promise<string> => {
  const queued = addresses.shift();
  if (queued) return Promise.resolve(queued);
  if (ask) child.stdin.write('\n');
  return Promise.race([new Promise<string>((resolve) => (waiting = resolve)), stopped]);
};
const firstLogin = await nextLogin(false);
const origin = new URL(firstLogin).origin;
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

/** First contentful paint, and when `ready` appeared, both in ms from the navigation's start. */
async function timings(page: Page, ready: () => Promise<unknown>): Promise<{ fcp: number; ready: number }> {
  await ready();
  return page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: performance.now(),
  }));
}

const signIn: { fcp: number; ready: number }[] = [];
const students: { fcp: number; ready: number }[] = [];
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
for (let i = 0; i < rounds; i++) {
  const loginUrl = i === 0 ? firstLogin : await nextLogin(true);
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(loginUrl);
  await page.reload();
  signIn.push(await timings(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()));
  await page.getByLabel(/^Username/).fill(admin.username);
  await page.getByLabel(/^Password/).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
  await page.goto(`${origin}/#/students`);
  await page.reload();
  students.push(await timings(page, () => page.getByTestId('student-row').first().waitFor()));
  await context.close();
}
await browser.close();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(`First paint in Chromium through the harness, ${scale.toLocaleString('en-GB')} students with history, median of ${rounds} loads:`);
console.table({
  'sign-in page': { 'first contentful paint': ms(median(signIn.map((t) => t.fcp))), 'ready (Sign in button shown)': ms(median(signIn.map((t) => t.ready))) },
  'Students list': { 'first contentful paint': ms(median(students.map((t) => t.fcp))), 'ready (first student row shown)': ms(median(students.map((t) => t.ready))) },
});
