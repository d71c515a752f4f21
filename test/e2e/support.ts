// End-to-end support: the built renderer served by the browser harness (core in its own Node process) on a fresh data folder, driven in real Chromium.
// Use `const e2e = await startE2E()` in `beforeAll` and `await e2e.close()` in `afterAll` (see src-renderer/README-DEV.md).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { DeskBridge } from '../../src-main/contract/bridge';
import type { ApiResult } from '../../src-main/contract/errors';
import type { Role } from '../../src-main/contract/permissions';
import type { FileMethodName, FileMethodRest, SavedExport } from '../../src-main/contract/files';
import { Core } from '../../src-main/core/api/core';
import { openDatabase } from '../../src-main/core/db/open';
import type { OpenedStore } from '../../src-main/core/db/opened';
import { openServer } from '../../src-main/core/db/postgres';
import { freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { startHarness, type Harness } from '../../src-main/harness/server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED_SESSION = 'e2e-seed';

export const SEED_MANAGER = { username: 'seed.manager', displayName: 'Sam Seedmanager', password: 'quiet harbour lantern 1' };

export interface Person {
  username: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface E2E {
  harness: Harness;
  browser: Browser;
  /** The first browser window's context and page (already through the harness's one-time login address). */
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Errors the page logged (uncaught exceptions, console errors such as CSP violations). */
  pageErrors: string[];
  /**
   * The live database file opened by the test itself (a second connection, beside the core's process), for arranging data
   * with test helpers. Opened on first use, closed by `close()`.
   */
  database(): Promise<OpenedStore>;
  core: {
    /** Calls the core directly as the seeded manager (creates them first if nobody exists yet). Throws if the call fails. */
    call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodResult<K>>;
    /** Adds a staff account that has already chosen its own password, ready for `signIn`. */
    addStaff(role: Role, username?: string, displayName?: string): Promise<Person>;
  };
  /** Creates the first manager directly in the core (skipping the first-run screen) and returns their sign-in. */
  setupFirstManager(): Promise<Person>;
  /** Signs in through the sign-in screen and waits for the app (or the forced password change). */
  signIn(username: string, password: string, page?: Page): Promise<void>;
  /** A second, separate browser window (its own session): for a second person. */
  newContext(): Promise<{ context: BrowserContext; page: Page }>;
  /** Runs `action` (e.g. clicking "Download"), waits for the download and returns the saved file's path. */
  download(action: () => Promise<unknown>, page?: Page): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens a list page's "Add …" dialog from its toolbar and returns the dialog (named `dialogName`, by default the
 * button's own words), once it is open.
 */
export async function openAddDialog(page: Page, button: string, dialogName = button) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.waitFor();
  return dialog;
}

/** Calls the API from inside the page, exactly as the renderer would (through `window.desk`), as whoever is signed in there. */
export function deskCall<K extends MethodName>(page: Page, method: K, input: MethodInput<K>): Promise<ApiResult<MethodResult<K>>> {
  return page.evaluate(
    ([m, i]) => (globalThis as unknown as { desk: DeskBridge }).desk.call(m as K, i as MethodInput<K>),
    [method, input] as const,
  ) as Promise<ApiResult<MethodResult<K>>>;
}

/** Produces and saves a file method's file from inside the page, as the renderer does (`window.desk.saveExport`). */
export function deskSaveExport<K extends FileMethodName>(page: Page, method: K, input: MethodInput<K>): Promise<ApiResult<SavedExport<FileMethodRest<K>>>> {
  return page.evaluate(
    ([m, i]) => (globalThis as unknown as { desk: DeskBridge }).desk.saveExport(m as K, i as MethodInput<K>),
    [method, input] as const,
  ) as Promise<ApiResult<SavedExport<FileMethodRest<K>>>>;
}

/** Finds Chromium: $CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser if installed. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core without a downloaded browser: fall through to the message below.
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install it (Debian/Ubuntu: "sudo apt-get install -y chromium") ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable, then run the tests again.',
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// Chromium warns about frame-ancestors in a <meta> CSP; ours leaves it to the response header (shell/security.ts), but stay tolerant.
export const IGNORED_CONSOLE = [/frame-ancestors' is ignored/];

/**
 * The engine the e2e suite's desk runs on: its own SQLite file, or with RCD_TEST_E2E_ENGINE=postgres the college's server
 * (`npm run test:e2e` runs the suite once more that way when RCD_TEST_POSTGRES_URL is set).
 */
export const E2E_ON_SERVER = process.env.RCD_TEST_E2E_ENGINE === 'postgres';

export async function startE2E(options: { server?: { connection: string; migrate?: boolean } } = {}): Promise<E2E> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rcd-e2e-'));
  const rendererDir = path.join(ROOT, 'out/renderer');
  if (E2E_ON_SERVER && !POSTGRES_URL) throw new Error('RCD_TEST_E2E_ENGINE=postgres needs RCD_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh).');
  const server: FreshDatabase | null = E2E_ON_SERVER ? await freshPostgresDatabase() : null;
  const harness = await startHarness({
    core: { dataDir, passwordCost: 'fast', allowAnyLocation: true, demo: true, ...(options.server ? { server: options.server } : server ? { server: { connection: server.url, migrate: true } } : {}) },
    rendererDir,
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const pageErrors: string[] = [];
  const downloadsDir = path.join(dataDir, 'downloads');

  let opened = 0;
  const openWindow = async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
    // Short waits: a screen that has not appeared in 10 s is a failure, not a slow machine.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !IGNORED_CONSOLE.some((r) => r.test(m.text()))) pageErrors.push(`console: ${m.text()}`);
    });
    // Each window exchanges its own one-time login address for a session the harness issued.
    await page.goto(opened++ === 0 ? harness.loginUrl : harness.newLoginUrl());
    return { context, page };
  };
  const first = await openWindow();

  const seedCall = async <K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodResult<K>> => {
    const r = await harness.core.call(SEED_SESSION, method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  };

  let seeded = false;
  const ensureSeedManager = async () => {
    if (seeded) return;
    const status = await seedCall('auth.status', {});
    if (status.needsSetup) {
      await seedCall('auth.setupFirstManager', SEED_MANAGER);
    } else {
      const r = await harness.core.call(SEED_SESSION, 'auth.signIn', { username: SEED_MANAGER.username, password: SEED_MANAGER.password });
      if (!r.ok) {
        throw new Error('The seeded manager does not exist because someone else was set up first. Call e2e.core before the first-run screen is used.');
      }
    }
    seeded = true;
  };

  let testDb: Promise<OpenedStore> | null = null;
  let staffCounter = 0;
  const e2e: E2E = {
    harness,
    browser,
    context: first.context,
    page: first.page,
    dataDir,
    pageErrors,
    database: () => (testDb ??= server ? openServer(server.url) : openDatabase(Core.liveFile({ dataDir }), { allowAnyLocation: true })),
    core: {
      call: async (method, input) => {
        await ensureSeedManager();
        return seedCall(method, input);
      },
      addStaff: async (role, username = `${role}.${++staffCounter}`, displayName = `Test ${role[0].toUpperCase()}${role.slice(1)} ${staffCounter}`) => {
        await ensureSeedManager();
        const temporary = 'temporary password 1';
        const password = `calm river words ${staffCounter}`;
        await seedCall('staff.create', { username, displayName, role, temporaryPassword: temporary });
        const session = `e2e-add-${username}`;
        for (const [m, i] of [
          ['auth.signIn', { username, password: temporary }],
          ['auth.changePassword', { currentPassword: temporary, newPassword: password }],
          ['auth.signOut', {}],
        ] as const) {
          const r = await harness.core.call(session, m, i as never);
          if (!r.ok) throw new Error(`${m} failed for ${username}: ${r.error.message}`);
        }
        harness.core.endSession(session);
        return { username, password, displayName, role };
      },
    },
    setupFirstManager: async () => {
      await ensureSeedManager();
      return { ...SEED_MANAGER, role: 'manager' };
    },
    signIn: async (username, password, page = first.page) => {
      // A fresh load, so the page sees accounts seeded since it opened (a hash-only change would not reload it).
      await page.goto(`${harness.origin}/#/today`);
      await page.reload();
      await page.getByLabel(/^Username/).fill(username);
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('signed-in-as').or(page.getByRole('heading', { name: 'Choose your own password' })).first().waitFor();
    },
    newContext: () => openWindow(),
    download: async (action, page = first.page) => {
      const [download] = await Promise.all([page.waitForEvent('download'), action()]);
      const saved = path.join(downloadsDir, download.suggestedFilename());
      await download.saveAs(saved);
      return saved;
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      if (testDb) await (await testDb).close().catch(() => undefined);
      await harness.close().catch(() => undefined);
      await server?.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
