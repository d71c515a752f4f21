// Smoke test of the real desktop app through Playwright's `_electron`. It needs the Electron program, which cannot be
// downloaded on the project's build machines (see TOOLCHAIN.md), so there it is skipped with a printed reason. On a machine
// with the binary (after `npm install` with internet, or `node node_modules/electron/install.js`), it prepares the Electron
// build of the SQLite driver, builds the app, launches it on a temporary data folder and checks the window is locked down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryStatus } from '../../scripts/electron-native-lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const electronDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
// Never `require('electron')` here: in plain Node that starts a download.
const binary = electronBinaryStatus(electronDir);
const hasElectronBinary = binary.ok;

if (!binary.ok) {
  console.log(`[electron-smoke] Skipped: ${binary.reason} The desktop window can only be smoke-tested where the Electron program exists.`);
}

describe('desktop app (real Electron)', () => {
  it.skipIf(!hasElectronBinary)(
    'opens one sandboxed window on the app page, exposing only window.desk',
    async () => {
      if (!binary.ok) return;
      execFileSync(process.execPath, [path.join(root, 'scripts/prepare-electron-native.mjs')], { cwd: root, stdio: 'inherit' });
      execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });

      const { _electron } = await import('playwright-core');
      const dataDir = mkdtempSync(path.join(tmpdir(), 'rcd-smoke-'));
      const app = await _electron.launch({
        executablePath: binary.executable,
        args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])], // Chromium refuses to run as root with its OS sandbox on
        env: { ...process.env, RCD_DATA_DIR: dataDir } as Record<string, string>,
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(await page.title()).toContain('Recovery College Desk');
        expect(page.url()).toMatch(/^app:\/\/desk\/index\.html/);

        const exposed = await page.evaluate(() => {
          // Runs in the page (no DOM types in this project's Node tsconfig, hence globalThis).
          const w = globalThis as unknown as Record<string, unknown> & { desk: Record<string, unknown>; open(url: string): unknown };
          return {
            keys: Object.keys(w.desk).sort(),
            host: w.desk.host,
            require: typeof w.require,
            process: typeof w.process,
            popup: w.open('https://example.org/') === null,
          };
        });
        expect(exposed).toEqual({ keys: ['call', 'host', 'openExternal', 'saveExport'], host: 'electron', require: 'undefined', process: 'undefined', popup: true });

        const status = await page.evaluate(() => (globalThis as unknown as { desk: { call(m: string, i: unknown): Promise<{ ok: boolean }> } }).desk.call('auth.status', {}));
        expect(status.ok).toBe(true);

        const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
        expect(windows).toBe(1);
      } finally {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
