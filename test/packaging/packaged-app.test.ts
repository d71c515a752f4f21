// Smoke test of the installed (packaged, fused) desktop app: start, first run, sign in, take a register, quit, reopen, the
// marks are there. It needs the packaged app, which only the hosted CI workflow can build (.github/workflows/desktop.yml sets
// RCD_PACKAGED_APP to the unpacked executable); elsewhere it is skipped with the reason printed.
// The fuses turn off --inspect, so Playwright's `_electron` cannot attach to the main process; the test drives the window
// over Chromium's DevTools protocol instead (--remote-debugging-port), which is how a person's clicks reach it too. The
// installed app ignores that switch unless RCD_SMOKE_TEST=1 is set, as it is here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import { Core } from '../../src-main/core/api/core';
import { openDatabase } from '../../src-main/core/db/open';
import { Timetable } from '../helpers/timetable';

const executable = process.env.RCD_PACKAGED_APP;
if (!executable) console.log('[packaged-app] Skipped: RCD_PACKAGED_APP is not set (the packaged app is built by the hosted CI workflow).');

const MANAGER = { name: 'Morgan Manager', username: 'morgan.manager', password: 'a calm spring morning' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'rcd-packaged-'));
const profile = mkdtempSync(path.join(tmpdir(), 'rcd-packaged-profile-'));
let app: ChildProcess | null = null;
let browser: Browser | null = null;

async function launch(): Promise<Page> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  app = spawn(executable!, [`--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])], {
    // RCD_SMOKE_TEST=1: the installed app refuses --remote-debugging-port without it (shell/security.ts).
    env: { ...process.env, RCD_DATA_DIR: dataDir, RCD_UPDATES: 'off', RCD_SMOKE_TEST: '1' },
    stdio: 'inherit',
  });
  for (let i = 0; i < 120 && !browser; i++) {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => null);
    if (!browser) await new Promise((r) => setTimeout(r, 500));
  }
  if (!browser) throw new Error('The packaged app did not open its window.');
  let page: Page | undefined;
  await expect.poll(() => (page = browser!.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith('app://desk/'))), { timeout: 60_000 }).toBeTruthy();
  page!.setDefaultTimeout(20_000);
  return page!;
}

async function quit(page: Page): Promise<void> {
  const exited = new Promise<void>((resolve) => app!.once('exit', () => resolve()));
  await page.evaluate(() => (globalThis as unknown as { close(): void }).close());
  await exited;
  await browser?.close().catch(() => undefined);
  browser = null;
  app = null;
}

const marks = (page: Page) =>
  page.getByTestId('register-row').evaluateAll((rows) =>
    (rows as unknown as { querySelector(s: string): { textContent: string | null } | null }[]).map((r) => r.querySelector('button[aria-pressed="true"]')?.textContent ?? null),
  );

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  app?.kill();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the packaged desktop app', () => {
  it.skipIf(!executable)(
    'starts, runs first-time set-up, takes a register, and still has the marks after quitting and reopening',
    async () => {
      let page = await launch();
      expect(page.url()).toMatch(/^app:\/\/desk\/index\.html/);
      // Hardened: only window.desk, no Node, and the file-saving path never hands the page the bytes.
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { desk: object }).desk).sort())).toEqual(['call', 'host', 'openExternal', 'saveExport']);
      expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');

      await page.getByRole('heading', { name: 'Welcome' }).waitFor();
      await page.getByLabel(/^Your name/).fill(MANAGER.name);
      await page.getByLabel(/^Username/).fill(MANAGER.username);
      await page.getByLabel(/^Password/).fill(MANAGER.password);
      await page.getByLabel(/^Type the password again/).fill(MANAGER.password);
      await page.getByRole('button', { name: 'Create the manager account' }).click();
      await page.getByTestId('signed-in-as').waitFor();

      // A course run with a session today and three students, arranged in the database file (the app's records process has it open too).
      const db = await openDatabase(Core.liveFile({ dataDir }), { allowAnyLocation: true });
      const run = await new Timetable(db.db).fullRun({ dates: [collegeToday()], students: 3 });
      await db.close();

      await page.goto(`app://desk/index.html#/registers/sessions/${run.sessionIds[0]}`);
      await page.getByTestId('register-row').nth(2).waitFor();
      await page.getByTestId('register-row').first().focus();
      for (const k of ['p', 'l', 'a']) await page.keyboard.press(k);
      await page.getByTestId('register-counts').filter({ hasText: /3 of 3 marked/ }).waitFor();
      await page.getByTestId('register-counts').filter({ hasNotText: /saving/ }).waitFor();
      const taken = await marks(page);
      expect(taken).toHaveLength(3);
      expect(taken.every((t) => t !== null)).toBe(true);

      await quit(page);
      page = await launch();
      await page.getByLabel(/^Username/).fill(MANAGER.username);
      await page.getByLabel(/^Password/).fill(MANAGER.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('signed-in-as').waitFor();
      await page.goto(`app://desk/index.html#/registers/sessions/${run.sessionIds[0]}`);
      await page.getByTestId('register-row').nth(2).waitFor();
      await expect.poll(() => marks(page)).toEqual(taken);
      await quit(page);
    },
    300_000,
  );
});
