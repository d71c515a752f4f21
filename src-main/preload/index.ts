// The preload: exposes `window.desk` (see contract/bridge.ts) to the page through contextBridge. Functions and the host name
// only — never ipcRenderer itself. Runs sandboxed, so it is bundled to one CommonJS file that requires nothing but electron.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT, type DeskBridge } from '../contract/bridge';
import type { ApiResult } from '../contract/errors';

const UNKNOWN: ApiResult<never> = {
  ok: false,
  error: { reason: 'call.unknown-method', code: 'UNKNOWN_METHOD', message: 'The app asked for something it does not know how to do. Please restart the app.' },
};

async function call(method: unknown, input: unknown): Promise<ApiResult<unknown>> {
  if (typeof method !== 'string') return UNKNOWN;
  return (await ipcRenderer.invoke(IPC_CALL, method, input)) as ApiResult<unknown>;
}

/** The file is produced and written by the app's other processes; only "saved where" comes back. */
async function saveExport(method: unknown, input: unknown): Promise<ApiResult<unknown>> {
  if (typeof method !== 'string') return UNKNOWN;
  return (await ipcRenderer.invoke(IPC_SAVE_EXPORT, method, input)) as ApiResult<unknown>;
}

async function openExternal(url: string): Promise<void> {
  await ipcRenderer.invoke(IPC_OPEN_EXTERNAL, String(url));
}

const desk: DeskBridge = { host: 'electron', call: call as DeskBridge['call'], saveExport: saveExport as DeskBridge['saveExport'], openExternal };

contextBridge.exposeInMainWorld('desk', desk);
