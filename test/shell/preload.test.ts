// The preload exposes exactly `window.desk` = { host, call, saveExport, openExternal }: functions only, never ipcRenderer.
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT, type DeskBridge } from '../../src-main/contract/bridge';
import { fakeElectron, resetFakeElectron } from './fake-electron';
import { vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

let desk: Record<string, unknown>;

beforeAll(async () => {
  resetFakeElectron();
  await import('../../src-main/preload/index');
  desk = fakeElectron.contextBridge.exposed.get('desk') as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes one object, "desk", with only host and three functions', () => {
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual(['desk']);
    expect(Object.keys(desk).sort()).toEqual(['call', 'host', 'openExternal', 'saveExport']);
    expect(desk.host).toBe('electron');
    for (const key of ['call', 'saveExport', 'openExternal']) expect(typeof desk[key], key).toBe('function');
    const values = Object.values(desk);
    expect(values).not.toContain(fakeElectron.ipcRenderer);
    expect(values).not.toContain(fakeElectron.ipcRenderer.invoke);
  });

  it('call sends the method and input over IPC_CALL, but only for a string method name', async () => {
    const bridge = desk as unknown as DeskBridge;
    fakeElectron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { signedIn: null } });
    await expect(bridge.call('auth.status', {})).resolves.toEqual({ ok: true, value: { signedIn: null } });
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CALL, 'auth.status', {});

    fakeElectron.ipcRenderer.invoke.mockClear();
    const call = desk.call as (m: unknown, i: unknown) => Promise<unknown>;
    await expect(call({ evil: true }, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await expect(call(42, {})).resolves.toMatchObject({ ok: false });
    expect(fakeElectron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('saveExport and openExternal pass plain data over their channels', async () => {
    const bridge = desk as unknown as DeskBridge;
    fakeElectron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { saved: false, fileName: 'a.pdf', info: {} } });
    await bridge.saveExport('registers.printSession', { sessionId: 3 });
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_SAVE_EXPORT, 'registers.printSession', { sessionId: 3 });
    await bridge.openExternal('https://www.nhs.uk/');
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_OPEN_EXTERNAL, 'https://www.nhs.uk/');
  });
});
