// The shell's wiring (src-main/shell/app.ts) against a stand-in for the `electron` module, with a real core underneath.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT } from '../../src-main/contract/bridge';
import { CoreClient, type CoreClientOptions } from '../../src-main/host/client';
import { writeServerConfig } from '../../src-main/core/server/config';
import type { HostCoreOptions } from '../../src-main/host/protocol';
import { inProcessHost } from '../helpers/in-process-host';
import { FakeBrowserWindow, FakeWebContents, fakeElectron, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { runShell, openCoreOrAsk } = await import('../../src-main/shell/app');
const { restoreSwitches } = await import('../../src-main/shell/restore');

const INDEX = '/opt/desk/out/renderer/index.html';
let dir: string;
const opened: CoreClient[] = [];

async function openClient(o: HostCoreOptions, hooks: CoreClientOptions = {}): Promise<CoreClient> {
  const core = await CoreClient.start(inProcessHost(), { ...o, passwordCost: 'fast', allowAnyLocation: true }, hooks);
  opened.push(core);
  return core;
}

function start(extra: Partial<Parameters<typeof runShell>[0]> = {}) {
  const openCore = vi.fn(openClient);
  const state = runShell({ openCore, preloadPath: '/opt/desk/out/preload/index.cjs', indexHtml: INDEX, argv: [], env: { RCD_DATA_DIR: dir }, ...extra });
  return { state, openCore };
}

async function ready(state: ReturnType<typeof runShell>) {
  fakeElectron.app.readyResolve();
  await state!.ready;
}

beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-shell-'));
});
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('single instance', () => {
  it('quits at once when another copy already holds the lock, without opening anything', () => {
    fakeElectron.app.gotLock = false;
    const { state, openCore } = start();
    expect(state).toBeNull();
    expect(fakeElectron.app.quit).toHaveBeenCalled();
    expect(fakeElectron.app.whenReady).not.toHaveBeenCalled();
    expect(openCore).not.toHaveBeenCalled();
    expect(fakeElectron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('focuses (and restores) the existing window when a second copy is started', async () => {
    const { state } = start();
    await ready(state);
    const win = FakeBrowserWindow.instances[0];
    win.minimized = true;
    fakeElectron.app.emit('second-instance', {}, [], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });
});

describe('start-up', () => {
  it('opens the core in the chosen data folder and one hardened window on our page', async () => {
    const { state, openCore } = start();
    await ready(state);
    expect(openCore).toHaveBeenCalledWith(expect.objectContaining({ dataDir: path.resolve(dir), nativeBinding: undefined }), expect.anything());
    expect(fakeElectron.app.enableSandbox).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0];
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/opt/desk/out/preload/index.cjs', devTools: true });
    expect(win.loaded).toEqual({ kind: 'url', target: 'app://desk/index.html' });
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    // Permissions are denied for the whole session.
    const cb = vi.fn();
    fakeElectron.session.defaultSession.permissionRequestHandler!({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });

  it('hardens every webContents the app creates', async () => {
    const { state } = start();
    await ready(state);
    const contents = new FakeWebContents();
    fakeElectron.app.emit('web-contents-created', {}, contents);
    expect(contents.emitPreventable('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://www.nhs.uk/' })).toEqual({ action: 'deny' });
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith('https://www.nhs.uk/');
  });

  it('loads the dev server when one is given', async () => {
    const { state } = start({ devServerUrl: 'http://localhost:5173' });
    await ready(state);
    expect(FakeBrowserWindow.instances[0].loaded).toEqual({ kind: 'url', target: 'http://localhost:5173' });
  });

  it('a packaged app ignores ELECTRON_RENDERER_URL and loads only its own app:// page', async () => {
    fakeElectron.app.isPackaged = true;
    const { state } = start({ devServerUrl: 'http://evil.example:5173' });
    await ready(state);
    const win = FakeBrowserWindow.instances[0];
    expect(win.loaded).toEqual({ kind: 'url', target: 'app://desk/index.html' });
    // And a page from that origin is not trusted with the API.
    win.webContents.mainFrame.url = 'http://evil.example:5173/';
    const handler = fakeElectron.ipcMain.handlers.get(IPC_CALL)!;
    const r = (await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'auth.status', {})) as { ok: boolean };
    expect(r.ok).toBe(false);
  });

  it('a packaged app refuses a remote-debugging port unless the smoke test opts in', async () => {
    fakeElectron.app.isPackaged = true;
    fakeElectron.app.commandLine.appendSwitch('remote-debugging-port', '9222');
    fakeElectron.app.commandLine.appendSwitch('remote-debugging-pipe');
    fakeElectron.app.commandLine.appendSwitch('lang', 'en-GB');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { state } = start();
    expect(fakeElectron.app.commandLine.hasSwitch('remote-debugging-port')).toBe(false);
    expect(fakeElectron.app.commandLine.hasSwitch('remote-debugging-pipe')).toBe(false);
    expect(fakeElectron.app.commandLine.hasSwitch('lang')).toBe(true);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/ignored --remote-debugging-port/);
    errors.mockRestore();
    await ready(state);
  });

  it('keeps the remote-debugging port for the packaged-app smoke test (RCD_SMOKE_TEST=1) and while developing', async () => {
    fakeElectron.app.isPackaged = true;
    fakeElectron.app.commandLine.appendSwitch('remote-debugging-port', '9222');
    await ready(start({ env: { RCD_DATA_DIR: dir, RCD_SMOKE_TEST: '1' } }).state);
    expect(fakeElectron.app.commandLine.getSwitchValue('remote-debugging-port')).toBe('9222');

    resetFakeElectron();
    fakeElectron.app.commandLine.appendSwitch('remote-debugging-port', '9222');
    await ready(start().state);
    expect(fakeElectron.app.commandLine.hasSwitch('remote-debugging-port')).toBe(true);
  });

  it('serves the page from the privileged app:// scheme with the CSP as a response header', async () => {
    const renderer = path.join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>desk</title>');
    const { state } = start({ indexHtml: path.join(renderer, 'index.html') });
    await ready(state);
    expect(fakeElectron.protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const handler = fakeElectron.protocol.handlers.get('app')!;
    const page = await handler({ url: 'app://desk/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>desk</title>');
    expect((await handler({ url: 'app://desk/..%2f..%2fetc%2fpasswd', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: 'app://desk/%E0%A4%A', method: 'GET' })).status).toBe(400);
    expect((await handler({ url: 'app://other/index.html', method: 'GET' })).status).toBe(404);
  });

  it('builds the menu with developer tools only when not packaged', async () => {
    const roles = (template: unknown) => JSON.stringify(template);
    const { state } = start();
    await ready(state);
    expect(roles(fakeElectron.Menu.template)).toContain('toggleDevTools');
    expect(roles(fakeElectron.Menu.template)).toContain('"role":"quit"');
    expect(roles(fakeElectron.Menu.template)).toContain('"role":"paste"');
    expect(roles(fakeElectron.Menu.template)).toContain('zoomIn');

    resetFakeElectron();
    fakeElectron.app.isPackaged = true;
    const again = start();
    await ready(again.state);
    expect(roles(fakeElectron.Menu.template)).not.toContain('toggleDevTools');
    expect(FakeBrowserWindow.instances[0].options.webPreferences).toMatchObject({ devTools: false });
  });
});

describe('IPC end to end', () => {
  it('answers our window through the real core, and refuses a frame that is not ours', async () => {
    const { state } = start();
    await ready(state);
    const win = FakeBrowserWindow.instances[0];
    const handler = fakeElectron.ipcMain.handlers.get(IPC_CALL)!;
    const r = (await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'auth.status', {})) as { ok: boolean; value: { needsFirstRun?: boolean } };
    expect(r.ok).toBe(true);

    const stranger = new FakeWebContents('app://desk/index.html');
    const refused = (await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'auth.status', {})) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    win.webContents.mainFrame.url = 'https://evil.example/';
    const navigated = (await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'auth.status', {})) as { ok: boolean };
    expect(navigated.ok).toBe(false);
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual([IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT].sort());
  });

  it('ends the window’s core session when its webContents is destroyed', async () => {
    const { state } = start();
    await ready(state);
    const core = state!.core()!;
    const end = vi.spyOn(core, 'endSession');
    const win = FakeBrowserWindow.instances[0];
    win.webContents.emit('destroyed');
    expect(end).toHaveBeenCalledWith(String(win.webContents.id));
  });
});

describe('a crash of the core process', () => {
  it('tells the person, reloads the window onto a fresh core, and keeps what was saved', async () => {
    const { state } = start();
    await ready(state);
    const win = FakeBrowserWindow.instances[0];
    const reload = vi.fn();
    Object.assign(win.webContents, { reload });
    const hooks = (state!.core() as unknown as { hooks: CoreClientOptions }).hooks;
    hooks.onCrash!({ restarted: true, exitCode: null, signal: 'SIGKILL' });
    const box = fakeElectron.dialog.showMessageBox.mock.calls.at(-1)![0] as { message: string; detail: string };
    expect(box.message).toMatch(/recovered/);
    expect(box.detail).toMatch(/Everything you had saved is safe/);
    expect(reload).toHaveBeenCalled();
  });
});

describe('quitting', () => {
  it('closes the core before the app exits', async () => {
    const { state } = start();
    await ready(state);
    const core = state!.core()!;
    const close = vi.spyOn(core, 'close');
    fakeElectron.app.quit();
    expect(close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fakeElectron.app.quitCalls).toBe(2)); // quit again once the database is closed
    expect(state!.core()).toBeNull();
  });
});

describe('a refused database', () => {
  it('explains, offers another folder, and retries there without touching the refused file', async () => {
    const bad = path.join(dir, 'bad');
    const good = path.join(dir, 'good');
    rmSync(bad, { recursive: true, force: true });
    mkdirSync(bad);
    const junk = 'this is not a database at all, just text that happens to be long enough to look like a file';
    writeFileSync(path.join(bad, 'recovery-college.sqlite'), junk);
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [good] });

    const result = await openCoreOrAsk({ dataDir: bad }, (loc) => openClient(loc), undefined);

    expect(result?.location).toEqual({ dataDir: good });
    expect(result?.chosen).toBe(true);
    const box = fakeElectron.dialog.showMessageBox.mock.calls[0][0] as { type: string; detail: string; buttons: string[] };
    expect(box.type).toBe('error');
    expect(box.detail).toMatch(/not a readable Recovery College Desk database|damaged|another program/);
    expect(box.buttons[0]).toMatch(/Choose another folder/);
    expect(readFileSync(path.join(bad, 'recovery-college.sqlite'), 'utf8')).toBe(junk);
  });

  it('offers this computer’s own database this time when the college’s server refuses the desk, never a folder choice', async () => {
    const desk = path.join(dir, 'desk');
    mkdirSync(desk);
    // The desk's settings name a server whose password this computer does not keep: the server side refuses, nothing opens.
    writeServerConfig(desk, { engine: 'postgres', host: 'db.college.example', port: 5432, database: 'college', user: 'desk', tls: 'verify-full' });
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });

    const result = await openCoreOrAsk({ dataDir: desk }, (loc) => openClient({ dataDir: loc.dataDir, ignoreSavedServer: loc.ignoreSavedServer, credentials: 'memory-for-tests' }), undefined);

    const box = fakeElectron.dialog.showMessageBox.mock.calls[0][0] as { title: string; detail: string; buttons: string[] };
    expect(box.title).toMatch(/college’s server cannot be used/);
    expect(box.detail).toMatch(/password/);
    expect(box.buttons).toEqual(['Use this computer’s database this time', 'Quit']);
    expect(fakeElectron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(result?.location).toMatchObject({ dataDir: desk, ignoreSavedServer: true });
    // This time only: the saved settings still name the server for the next start.
    expect(readFileSync(path.join(desk, 'desk-server.json'), 'utf8')).toContain('db.college.example');
  });

  it('quits when the person chooses not to pick another folder', async () => {
    mkdirSync(path.join(dir, 'x'));
    writeFileSync(path.join(dir, 'x', 'recovery-college.sqlite'), 'garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage');
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    const { state, openCore } = start({ env: { RCD_DATA_DIR: path.join(dir, 'x') } });
    await ready(state);
    expect(openCore).toHaveBeenCalledTimes(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakeElectron.app.quit).toHaveBeenCalled();
  });
});

describe('a folder chosen after a refusal', () => {
  it('is remembered for the next start, and a remembered folder that has gone is not silently recreated', async () => {
    const config = path.join(dir, 'config');
    const chosen = path.join(dir, 'chosen');
    fakeElectron.app.getPath.mockImplementation((name: string) => (name === 'userData' ? config : path.join(dir, name)));
    // The usual folder holds a file that is not a database.
    mkdirSync(config, { recursive: true });
    writeFileSync(path.join(config, 'recovery-college.sqlite'), 'not a database, not a database, not a database, not a database');
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [chosen] });
    const first = start({ env: {} });
    await ready(first.state);
    expect(first.openCore).toHaveBeenLastCalledWith(expect.objectContaining({ dataDir: chosen }), expect.anything());
    expect(JSON.parse(readFileSync(path.join(config, 'database-location.json'), 'utf8')).dataDir).toBe(chosen);
    for (const c of opened.splice(0)) await c.close();

    // Next start: straight to the chosen folder, no questions.
    resetFakeElectron();
    fakeElectron.app.getPath.mockImplementation((name: string) => (name === 'userData' ? config : path.join(dir, name)));
    const second = start({ env: {} });
    await ready(second.state);
    expect(second.openCore).toHaveBeenCalledTimes(1);
    expect(second.openCore).toHaveBeenCalledWith(expect.objectContaining({ dataDir: chosen }), expect.anything());
    expect(fakeElectron.dialog.showMessageBox).not.toHaveBeenCalled();
    for (const c of opened.splice(0)) await c.close();

    // The chosen folder disappears (say, an unplugged drive): ask, and do not create an empty database there.
    rmSync(chosen, { recursive: true, force: true });
    resetFakeElectron();
    fakeElectron.app.getPath.mockImplementation((name: string) => (name === 'userData' ? config : path.join(dir, name)));
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    const third = start({ env: {} });
    await ready(third.state);
    expect(third.openCore).not.toHaveBeenCalled();
    const box = fakeElectron.dialog.showMessageBox.mock.calls[0][0] as { detail: string };
    expect(box.detail).toContain(chosen);
    expect(existsSync(chosen)).toBe(false);
    expect(fakeElectron.app.quit).toHaveBeenCalled();
  });
});

describe('IT’s restore in the installed app (--restore)', () => {
  const live = () => path.join(dir, 'recovery-college.sqlite');
  /** A college database with its name set and one backup beside it (encrypted when a passphrase is given). */
  async function collegeWithBackup(passphrase?: string): Promise<void> {
    const { openDatabase } = await import('../../src-main/core/db/open');
    const { takeBackup } = await import('../../src-main/core/backups/files');
    const { createBackupKey } = await import('../../src-main/core/backups/crypto');
    const db = await openDatabase(live());
    await db.db.insertInto('settings').values({ key: 'collegeName', value: '"Southend"' }).execute();
    const key = passphrase ? await createBackupKey(passphrase) : null;
    await takeBackup(db.sqlite, { dir: db.backupsDir, base: 'recovery-college', kind: 'daily', now: new Date('2026-11-30T09:00:00Z'), key, schema: null });
    await db.close();
  }
  const restoreInChild = { restore: (r: Parameters<typeof CoreClient.restore>[1]) => CoreClient.restore(inProcessHost(), r) };
  const boxes = () => fakeElectron.dialog.showMessageBox.mock.calls.map((c) => c[0] as { type: string; message: string; detail: string; buttons: string[] });

  it('restores a missing database from the newest backup once the person agrees, opening no window', async () => {
    await collegeWithBackup();
    rmSync(live());
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }); // Restore
    const { state, openCore } = start({ argv: ['desk', '--restore'], ...restoreInChild });
    await ready(state);

    expect(openCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    const [ask, done] = boxes();
    expect(ask.message).toBe('Replace the database with this backup?');
    expect(ask.buttons).toEqual(['Restore', 'Cancel']);
    expect(ask.detail).toMatch(/backup is sound[\s\S]*students[\s\S]*kept aside/);
    expect(done).toMatchObject({ type: 'info', message: 'The backup has been restored.' });
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(0);

    const { openDatabase } = await import('../../src-main/core/db/open');
    const db = await openDatabase(live());
    expect(await db.db.selectFrom('settings').select('value').where('key', '=', 'collegeName').executeTakeFirst()).toEqual({ value: '"Southend"' });
    expect(await db.db.selectFrom('audit_log').select('action').where('entity', '=', 'database').execute()).toEqual([{ action: 'restore' }]);
    await db.close();
  });

  it('changes nothing when the person cancels, or with --check-only', async () => {
    await collegeWithBackup();
    rmSync(live());
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false }); // Cancel
    await ready(start({ argv: ['desk', '--restore'], ...restoreInChild }).state);
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(1);
    expect(existsSync(live())).toBe(false);

    resetFakeElectron();
    await ready(start({ argv: ['desk', '--restore', '--check-only'], ...restoreInChild }).state);
    expect(boxes()).toEqual([expect.objectContaining({ type: 'info', message: expect.stringMatching(/sound\. Nothing was changed/) })]);
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(0);
    expect(existsSync(live())).toBe(false);
  });

  it('an encrypted backup needs the passphrase from a file or RCD_BACKUP_PASSPHRASE, and says how to give it', async () => {
    await collegeWithBackup('a long recovery passphrase');
    rmSync(live());
    await ready(start({ argv: ['desk', '--restore'], ...restoreInChild }).state);
    expect(boxes()).toEqual([expect.objectContaining({ type: 'error', detail: expect.stringMatching(/--passphrase-file=.*RCD_BACKUP_PASSPHRASE/) })]);
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(1);
    expect(existsSync(live())).toBe(false);

    resetFakeElectron();
    const file = path.join(dir, 'passphrase.txt');
    writeFileSync(file, 'a long recovery passphrase\n');
    fakeElectron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    await ready(start({ argv: ['desk', '--restore', `--passphrase-file=${file}`], ...restoreInChild }).state);
    expect(boxes()[0].detail).toMatch(/encryption seal intact/);
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(0);
    expect(existsSync(live())).toBe(true);
  }, 60_000);

  it('reads its switches: a named backup file, --force, the passphrase from the environment; none means a normal start', () => {
    expect(restoreSwitches(['desk'], {})).toBeNull();
    expect(restoreSwitches(['desk', '--restore=E:\\backups\\recovery-college-daily.rcdbackup', '--force'], { RCD_BACKUP_PASSPHRASE: 'pass phrase here' })).toEqual({
      backup: 'E:\\backups\\recovery-college-daily.rcdbackup',
      passphrase: 'pass phrase here',
      passphraseFile: undefined,
      checkOnly: false,
      force: true,
    });
  });
});
