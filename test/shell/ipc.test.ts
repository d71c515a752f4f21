// The IPC handlers: sender check first, then the core / save dialog / system browser.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT } from '../../src-main/contract/bridge';
import { CoreClient } from '../../src-main/host/client';
import type { HostedCore } from '../../src-main/host/host';
import { registerIpc, safeFileName, type CoreLike } from '../../src-main/shell/ipc';
import { inProcessHost } from '../helpers/in-process-host';
import { FakeWebContents, fakeElectron, resetFakeElectron } from './fake-electron';

let dir: string;
let trusted: boolean;
let core: Pick<CoreLike, 'call' | 'endSession'> & { call: ReturnType<typeof vi.fn> };
const clients: CoreClient[] = [];

function setup(withCore?: CoreLike) {
  registerIpc({
    ipcMain: fakeElectron.ipcMain as never,
    dialog: fakeElectron.dialog as never,
    shell: fakeElectron.shell,
    core: () => withCore ?? (core as unknown as CoreLike),
    isTrustedSender: () => trusted,
    windowFor: () => null,
    defaultSaveFolder: () => '/home/staff/Documents',
  });
  const contents = new FakeWebContents('app://desk/index.html');
  const invoke = (channel: string, ...args: unknown[]) => fakeElectron.ipcMain.handlers.get(channel)!({ sender: contents, senderFrame: contents.mainFrame }, ...args);
  return { contents, invoke };
}

beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-ipc-'));
  trusted = true;
  core = { call: vi.fn(async () => ({ ok: true as const, value: 'pong' })), endSession: vi.fn() };
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desk:call', () => {
  it('forwards to core.call with the window’s webContents id as the session key', async () => {
    const { contents, invoke } = setup();
    await expect(invoke(IPC_CALL, 'auth.status', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(core.call).toHaveBeenCalledWith(String(contents.id), 'auth.status', {});
  });

  it('refuses an untrusted sender with an error result, without reaching the core', async () => {
    const { invoke } = setup();
    trusted = false;
    const r = (await invoke(IPC_CALL, 'auth.status', {})) as { ok: boolean; error: { code: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('FORBIDDEN');
    expect(core.call).not.toHaveBeenCalled();
  });

  it('refuses a method name that is not a string', async () => {
    const { invoke } = setup();
    const r = (await invoke(IPC_CALL, { toString: () => 'auth.status' }, {})) as { ok: boolean; error: { code: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(core.call).not.toHaveBeenCalled();
  });
});

describe('desk:save-export', () => {
  const bytes = Buffer.from('Name,Present\r\nAlex Example,yes\r\n£5 café\r\n', 'utf8');
  const exportingCore = async () => {
    const host: HostedCore = {
      call: async (_key, method) =>
        method === 'expenses.totals.exportCsv'
          ? { ok: true, value: { suggestedName: '../register.csv', mimeType: 'text/csv', base64: bytes.toString('base64') } }
          : { ok: false, error: { reason: 'access.role', code: 'FORBIDDEN', message: 'Your role (admin) cannot do that.' } },
      endSession: () => undefined,
      close: async () => undefined,
    };
    const client = await CoreClient.start(inProcessHost(async () => host), { dataDir: dir });
    clients.push(client);
    return client;
  };

  it('the core’s side writes the file where the save dialog says; the page hears only where it went', async () => {
    const client = await exportingCore();
    const { invoke } = setup(client);
    const target = path.join(dir, 'register.csv');
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const r = await invoke(IPC_SAVE_EXPORT, 'expenses.totals.exportCsv', { taxYear: 2025, kind: 'payees' });
    expect(r).toEqual({ ok: true, value: { saved: true, fileName: 'register.csv', path: target, info: {} } });
    expect(JSON.stringify(r)).not.toContain(bytes.toString('base64'));
    expect(readFileSync(target).equals(bytes)).toBe(true);
    const options = fakeElectron.dialog.showSaveDialog.mock.calls[0][0] as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(options.defaultPath).toBe(path.join('/home/staff/Documents', 'register.csv'));
    expect(options.filters[0].extensions).toEqual(['csv']);
  });

  it('writes nothing when the person cancels, and the held file cannot be fetched afterwards', async () => {
    const client = await exportingCore();
    const { invoke, contents } = setup(client);
    const produced = vi.spyOn(client, 'export');
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: undefined });
    await expect(invoke(IPC_SAVE_EXPORT, 'expenses.totals.exportCsv', { taxYear: 2025, kind: 'payees' })).resolves.toEqual({
      ok: true,
      value: { saved: false, fileName: 'register.csv', info: {} },
    });
    const token = ((await produced.mock.results[0].value) as { value: { file: { token: string } } }).value.file.token;
    await expect(client.writeFile(String(contents.id), token, path.join(dir, 'late.csv'))).rejects.toThrow(/no longer ready/);
  });

  it('passes a refusal through without showing a dialog', async () => {
    const client = await exportingCore();
    const { invoke } = setup(client);
    await expect(invoke(IPC_SAVE_EXPORT, 'returns.download', { id: 1, name: 'x.xlsx' })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fakeElectron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses an untrusted sender before producing anything', async () => {
    const client = await exportingCore();
    const { invoke } = setup(client);
    const produced = vi.spyOn(client, 'export');
    trusted = false;
    await expect(invoke(IPC_SAVE_EXPORT, 'expenses.totals.exportCsv', {})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(produced).not.toHaveBeenCalled();
    expect(fakeElectron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('a plain call never hands the page a file’s bytes', async () => {
    const client = await exportingCore();
    const { invoke } = setup(client);
    await expect(invoke(IPC_CALL, 'expenses.totals.exportCsv', { taxYear: 2025, kind: 'payees' })).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('keeps only a plain file name from the suggestion', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Windows\\evil.bat')).toBe('evil.bat');
    expect(safeFileName('..hidden')).toBe('hidden');
    expect(safeFileName('')).toBe('export');
    expect(safeFileName(undefined)).toBe('export');
    expect(safeFileName('Return Q1: "draft"?.xlsx')).toBe('Return Q1 draft.xlsx');
  });
});

describe('desk:open-external', () => {
  it('opens https: links in the system browser and refuses every other scheme', async () => {
    const { invoke } = setup();
    await invoke(IPC_OPEN_EXTERNAL, 'https://www.nhs.uk/');
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith('https://www.nhs.uk/');
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share']) {
      await expect(invoke(IPC_OPEN_EXTERNAL, url)).rejects.toThrow(/https/);
    }
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses an untrusted sender', async () => {
    const { invoke } = setup();
    trusted = false;
    await expect(invoke(IPC_OPEN_EXTERNAL, 'https://www.nhs.uk/')).rejects.toThrow(/refused/);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });
});
