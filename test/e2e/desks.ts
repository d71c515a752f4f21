// Two desks on one college server, for the end-to-end tests of issue 12: two browser harnesses (two core processes, each
// with its own data folder, as two PCs would have) against one fresh PostgreSQL database, each driven by its own browser
// context in one Chromium. Needs RCD_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh) and `npm run build`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { Role } from '../../src-main/contract/permissions';
import { startHarness, type Harness } from '../../src-main/harness/server';
import { freshPostgresDatabase, type FreshDatabase } from '../helpers/postgres';
import { CHROMIUM_ARGS, IGNORED_CONSOLE, SEED_MANAGER, chromiumPath, type Person } from './support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED_SESSION = 'two-desks-seed';

/** One PC at the college: its own core process and data folder, and a browser window signed in there. */
export interface Desk {
  /** 'A' or 'B', for messages and screenshot names. */
  name: string;
  harness: Harness;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Errors this desk's page logged (uncaught exceptions, console errors). */
  pageErrors: string[];
  /** Signs in through the sign-in screen and waits for the app. */
  signIn(person: Person): Promise<void>;
  /** Opens a route of the app (hash routing) and waits for its main heading. */
  open(route: string): Promise<void>;
}

export interface TwoDesks {
  server: FreshDatabase;
  browser: Browser;
  a: Desk;
  b: Desk;
  /** Calls desk A's core as the seeded manager (set up on first use); throws if the call fails. */
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodResult<K>>;
  /** Adds a college staff account (shared by every desk) that has already chosen its own password. */
  addStaff(role: Role, username: string, displayName: string): Promise<Person>;
  close(): Promise<void>;
}

export async function startTwoDesks(): Promise<TwoDesks> {
  const server = await freshPostgresDatabase();
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const desks: Desk[] = [];
  const dataDirs: string[] = [];
  try {
    // One after the other: the first desk sets up the empty database (migrate), the second finds it ready.
    for (const name of ['A', 'B']) {
      const dataDir = mkdtempSync(path.join(tmpdir(), `rcd-e2e-desk-${name.toLowerCase()}-`));
      dataDirs.push(dataDir);
      const harness = await startHarness({
        core: { dataDir, passwordCost: 'fast', allowAnyLocation: true, server: { connection: server.url, migrate: true } },
        rendererDir: path.join(ROOT, 'out/renderer'),
      });
      desks.push(await openDesk(name, browser, harness, dataDir));
    }
  } catch (e) {
    await Promise.all(desks.map((d) => d.harness.close().catch(() => undefined)));
    await browser.close().catch(() => undefined);
    await server.drop().catch(() => undefined);
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    throw e;
  }
  const [a, b] = desks;

  const seedCall = async <K extends MethodName>(method: K, input: MethodInput<K>, session = SEED_SESSION): Promise<MethodResult<K>> => {
    const r = await a.harness.core.call(session, method, input);
    if (!r.ok) throw new Error(`${method} failed on desk A: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  };
  let seeded: Promise<unknown> | null = null;
  let staffCount = 0;
  const asManager = () => (seeded ??= seedCall('auth.setupFirstManager', SEED_MANAGER));

  return {
    server,
    browser,
    a,
    b,
    call: async (method, input) => {
      await asManager();
      return seedCall(method, input);
    },
    addStaff: async (role, username, displayName) => {
      await asManager();
      const temporary = 'temporary password 1';
      const password = `calm river words ${++staffCount}`;
      await seedCall('staff.create', { username, displayName, role, temporaryPassword: temporary });
      const session = `two-desks-add-${username}`;
      await seedCall('auth.signIn', { username, password: temporary }, session);
      await seedCall('auth.changePassword', { currentPassword: temporary, newPassword: password }, session);
      await seedCall('auth.signOut', {}, session);
      a.harness.core.endSession(session);
      return { username, password, displayName, role };
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      for (const d of desks) await d.harness.close().catch(() => undefined);
      await server.drop().catch(() => undefined);
      for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

async function openDesk(name: string, browser: Browser, harness: Harness, dataDir: string): Promise<Desk> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  // A screen that has not appeared in 10 s is a failure, not a slow machine (as in support.ts).
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`desk ${name} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !IGNORED_CONSOLE.some((r) => r.test(m.text()))) pageErrors.push(`desk ${name} console: ${m.text()}`);
  });
  await page.goto(harness.loginUrl);
  const open = async (route: string) => {
    await page.goto(`${harness.origin}/#${route}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  };
  return {
    name,
    harness,
    context,
    page,
    dataDir,
    pageErrors,
    open,
    signIn: async (person) => {
      // A fresh load, so the sign-in screen sees the accounts seeded since the page opened.
      await page.goto(`${harness.origin}/#/today`);
      await page.reload();
      await page.getByLabel(/^Username/).fill(person.username);
      await page.getByLabel(/^Password/).fill(person.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('signed-in-as').waitFor();
    },
  };
}
