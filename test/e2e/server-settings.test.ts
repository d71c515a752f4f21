// Settings → College server, as a manager: the section is there and passes axe, can be filled in and tested with the
// keyboard alone, and a server nobody answers at gets its own plain message.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { LATEST_MIGRATION, migrations } from '../../db/migrations/index';
import { runMigrations } from '../../src-main/core/db/migrate';
import { createPostgresPool, openServer, POSTGRES_MIGRATE, postgresKysely } from '../../src-main/core/db/postgres';
import { validStudent } from '../helpers/core';
import { freshPostgresDatabase, POSTGRES_URL } from '../helpers/postgres';
import { E2E_ON_SERVER, startE2E, type E2E } from './support';
import { closedPort } from '../helpers/ports';

/** Waits until nothing is mid-transition (a dialog fading in): axe reads colours mid-fade otherwise. */
const settled = (page: Page) =>
  page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string; effect: { getComputedTiming(): { endTime?: number | string } } | null }[] } }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { id: string; getAttribute(n: string): string | null } | null; querySelector(s: string): { textContent: string } | null } }).document;
    const el = doc.activeElement;
    if (!el) return '';
    return el.getAttribute('aria-label') ?? doc.querySelector(`label[for="${el.id}"]`)?.textContent ?? '';
  });

// A desk on its own file choosing the college's server. (When the e2e suite runs with the desk already on the server,
// this page says so instead; test/core/server-connection.test.ts covers its methods on both.)
describe.skipIf(E2E_ON_SERVER)('the college server in Settings', () => {
  let e2e: E2E;
  let page: Page;
  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
    const manager = await e2e.setupFirstManager();
    await e2e.signIn(manager.username, manager.password);
    await page.goto(`${e2e.harness.origin}/#/settings/server`);
    await page.getByRole('heading', { name: 'College server', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows a manager where the records are now, and passes axe', async () => {
    await page.getByRole('tab', { name: 'College server' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Where this desk’s records are' }).textContent()).toMatch(/Now: this computer’s database/);
    expect(await page.getByRole('switch', { name: /Secure connection/ }).isChecked()).toBe(true);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  });

  it('is filled in and tested with the keyboard alone, and names a server that cannot be reached', async () => {
    const port = await closedPort();
    await page.getByLabel(/^Server name or address/).focus();
    await page.keyboard.type('localhost');
    const fields: [RegExp, string][] = [
      [/^Port/, String(port)],
      [/^Database/, 'rcd'],
      [/^This desk’s database user/, 'rcd_desk'],
      [/^Password/, 'not a real password'],
    ];
    for (const [label, text] of fields) {
      await page.keyboard.press('Tab');
      expect(await focusedLabel(page)).toMatch(label);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(text);
    }
    // Secure connection off (allowed for this computer only), with its warning.
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toMatch(/^Secure connection/);
    await page.keyboard.press('Space');
    await page.getByText(/allowed only to a server on this computer/).waitFor();
    // Enter in a field tests the connection (nothing is saved).
    await page.getByLabel(/^Database/).focus();
    await page.keyboard.press('Enter');
    const result = page.getByRole('status').getByRole('alert');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/The server cannot be reached.*could not be reached/s);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('asks before saving, and for the owner’s credential to set the server up; both dialogs pass axe and close with Escape', async () => {
    for (const [button, dialogName] of [
      ['Save and use at next start…', 'Use the college’s server from the next start?'],
      ['Set up the server…', 'Set up the college’s server'],
      ['Move this desk’s records to the server…', 'Move this desk’s records to the college’s server'],
    ] as const) {
      const opener = page.getByRole('button', { name: button });
      await opener.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: dialogName });
      await dialog.waitFor();
      await settled(page);
      expect(describeViolations(await axeViolations(page)), dialogName).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    // Nothing was saved by opening and closing them.
    await expect.poll(() => page.getByRole('region', { name: 'Where this desk’s records are' }).textContent()).not.toMatch(/next start/);
  });

  it('refuses a plain connection to another computer before trying', async () => {
    await page.getByLabel(/^Server name or address/).fill('db.college.example');
    await page.getByText(/This server is on another computer/).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/A plain \(unencrypted\) connection is allowed only to a server on this computer/).first().waitFor();
  });

  // Last: afterwards this desk saves nothing more (its records are on the server).
  it.skipIf(!POSTGRES_URL)('moves this desk’s records to a set-up, empty server, showing progress, and says what happens next', async () => {
    const server = await freshPostgresDatabase();
    try {
      await (await openServer(server.url, { migrate: true })).close();
      await e2e.core.call('students.create', { fields: validStudent({ surname: 'Moving' }) });
      await page.getByLabel(/^Server name or address/).fill('127.0.0.1');
      await page.getByLabel(/^Port/).fill(new URL(POSTGRES_URL!).port);
      await page.getByLabel(/^Database/).fill(server.name);
      await page.getByLabel(/^This desk’s database user/).fill('rcd');
      await page.getByLabel(/^Password/).fill('trusted on the test server');
      await page.getByRole('button', { name: 'Move this desk’s records to the server…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Move this desk’s records to the college’s server' });
      await dialog.waitFor();
      await dialog.getByLabel(/^Owner’s user name/).fill('rcd');
      await dialog.getByLabel(/^Owner’s password/).fill('used once');
      await dialog.getByRole('button', { name: 'Move the records' }).click();
      await dialog.getByText('Moved, and every table checked on the server').waitFor({ timeout: 30_000 });
      expect(await dialog.textContent()).toMatch(/close the app and open it again/);
      await settled(page);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      // The student is on the server.
      const db = await openServer(server.url);
      try {
        expect((await db.db.selectFrom('students').select('surname').execute()).map((r) => r.surname)).toContain('Moving');
      } finally {
        await db.close();
      }
    } finally {
      await server.drop();
    }
  });
});

describe('a new desk joining a college that already has its server', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('is offered the college’s server on the first-run screen, tests it from a dialog that passes axe, and is told plainly what went wrong', async () => {
    const page = e2e.page;
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByRole('button', { name: 'This college has a server…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect this desk to the college’s server' });
    await dialog.waitFor();
    // Setting the server up needs a manager (Settings) or IT: not offered before anyone is set up.
    expect(await dialog.getByRole('button', { name: 'Set up the server…' }).count()).toBe(0);
    const port = await closedPort();
    await dialog.getByLabel(/^Server name or address/).fill('localhost');
    await dialog.getByLabel(/^Port/).fill(String(port));
    await dialog.getByLabel(/^Database/).fill('rcd');
    await dialog.getByLabel(/^This desk’s database user/).fill('rcd_desk');
    await dialog.getByLabel(/^Password/).fill('not a real password');
    await dialog.getByRole('switch', { name: /Secure connection/ }).click();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const result = dialog.getByRole('status').getByRole('alert');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/could not be reached/);
    await settled(page);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Still the first-run screen: nothing was saved.
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});

describe.skipIf(!POSTGRES_URL)('the first desk with a newer version, on a server set up by an older one', () => {
  let e2e: E2E;
  let server: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    server = await freshPostgresDatabase();
    const older = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== LATEST_MIGRATION));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping only
    const db = postgresKysely<any>(createPostgresPool(server.url));
    await runMigrations(db, older, POSTGRES_MIGRATE);
    await db.destroy();
    e2e = await startE2E({ server: { connection: server.url, migrate: false } });
  });
  afterAll(async () => {
    await e2e?.close();
    await server?.drop();
  });

  it('asks for the owner’s credential on a calm screen that passes axe, updates the server, and goes on to set-up', async () => {
    const page = e2e.page;
    await page.getByRole('heading', { name: 'The college’s server needs an update' }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await page.getByLabel(/^Owner’s user name/).fill('rcd');
    await page.getByLabel(/^Owner’s password/).fill('used once');
    await page.getByRole('button', { name: 'Update the server' }).click();
    // Up to date: this empty server now asks for its first manager, as any new college does.
    await page.getByRole('heading', { name: 'Welcome' }).waitFor({ timeout: 30_000 });
    expect(e2e.pageErrors).toEqual([]);
  });
});
