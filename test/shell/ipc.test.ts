// The IPC handlers: sender check first, then the core / save dialog / system browser.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_FILE } from '../../src-main/contract/bridge';
import { parseSaveRequest, registerIpc, safeFileName, type CoreLike } from '../../src-main/shell/ipc';
import { FakeWebContents, fakeElectron, resetFakeElectron } from './fake-electron';

let dir: string;
let trusted: boolean;
let core: CoreLike & { call: ReturnType<typeof vi.fn> };

function setup() {
  registerIpc({
    ipcMain: fakeElectron.ipcMain as never,
    dialog: fakeElectron.dialog as never,
    shell: fakeElectron.shell,
    core: () => core,
    isTrustedSender: () => trusted,
    windowFor: () => null,
    defaultSaveFolder: () => '/home/staff/Documents',
    writeFile: (file, data) => writeFile(file, data),
  });
  const contents = new FakeWebContents('file:///app/index.html');
  const invoke = (channel: string, ...args: unknown[]) => fakeElectron.ipcMain.handlers.get(channel)!({ sender: contents, senderFrame: contents.mainFrame }, ...args);
  return { contents, invoke };
}

beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-ipc-'));
  trusted = true;
  core = { call: vi.fn(async () => ({ ok: true as const, value: 'pong' })), endSession: vi.fn() };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

describe('desk:save-file', () => {
  it('writes the decoded bytes where the save dialog says', async () => {
    const { invoke } = setup();
    const target = path.join(dir, 'register.csv');
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const bytes = Buffer.from('Name,Present\r\nAlex Example,yes\r\n£5 café\r\n', 'utf8');
    const r = await invoke(IPC_SAVE_FILE, { suggestedName: 'register.csv', mimeType: 'text/csv', base64: bytes.toString('base64') });
    expect(r).toEqual({ saved: true, path: target });
    expect(readFileSync(target).equals(bytes)).toBe(true);
    const options = fakeElectron.dialog.showSaveDialog.mock.calls[0][0] as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(options.defaultPath).toBe(path.join('/home/staff/Documents', 'register.csv'));
    expect(options.filters[0].extensions).toEqual(['csv']);
  });

  it('writes nothing when the person cancels', async () => {
    const { invoke } = setup();
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: undefined });
    await expect(invoke(IPC_SAVE_FILE, { suggestedName: 'a.pdf', mimeType: 'application/pdf', base64: 'JVBERg==' })).resolves.toEqual({ saved: false });
  });

  it('refuses an untrusted sender before showing any dialog', async () => {
    const { invoke } = setup();
    trusted = false;
    await expect(invoke(IPC_SAVE_FILE, { suggestedName: 'a.pdf', mimeType: 'application/pdf', base64: 'JVBERg==' })).rejects.toThrow(/refused/);
    expect(fakeElectron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('keeps only a plain file name from the suggestion and rejects content that is not base64', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Windows\\evil.bat')).toBe('evil.bat');
    expect(safeFileName('..hidden')).toBe('hidden');
    expect(safeFileName('')).toBe('export');
    expect(safeFileName(undefined)).toBe('export');
    expect(safeFileName('Return Q1: "draft"?.xlsx')).toBe('Return Q1 draft.xlsx');
    expect(() => parseSaveRequest({ suggestedName: 'a.csv', base64: 'not base64!' })).toThrow();
    expect(() => parseSaveRequest(null)).toThrow();
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
