// The IPC wiring between the preload's `window.desk` and the core. Every handler first checks who is asking.
import path from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_FILE, type SaveFileRequest, type SaveFileResult } from '../contract/bridge';
import type { ApiResult } from '../contract/errors';
import { isSafeExternalUrl, type ExternalOpener, type SenderInfo } from './security';

/** The part of the core the shell uses. */
export interface CoreLike {
  call(sessionKey: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  endSession(sessionKey: string): void;
}

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  shell: ExternalOpener;
  /** The core, or null while it is not open (start-up, switching folders, quitting). */
  core(): CoreLike | null;
  isTrustedSender(event: SenderInfo): boolean;
  /** The window that owns a webContents, for parenting the save dialog. */
  windowFor(event: IpcMainInvokeEvent): BrowserWindow | null;
  /** Folder the save dialog starts in (the user's Documents). */
  defaultSaveFolder(): string;
  writeFile(file: string, data: Uint8Array): Promise<void>;
}

const UNTRUSTED_MESSAGE = 'This request did not come from the Recovery College Desk window, so it was refused.';

/** The session key for a window: its webContents id. The core keeps one signed-in session per key. */
export function sessionKeyFor(event: Pick<SenderInfo, 'sender'>): string {
  return String(event.sender.id);
}

export function registerIpc(deps: IpcDeps): () => void {
  deps.ipcMain.handle(IPC_CALL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!deps.isTrustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: UNTRUSTED_MESSAGE } };
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'The app asked for something it does not know how to do. Please restart the app.' } };
    }
    const core = deps.core();
    if (!core) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open at the moment. Please wait a moment and try again.' } };
    return core.call(sessionKeyFor(event), method, input);
  });

  deps.ipcMain.handle(IPC_SAVE_FILE, async (event, request: unknown): Promise<SaveFileResult> => {
    if (!deps.isTrustedSender(event)) throw new Error(UNTRUSTED_MESSAGE);
    const file = parseSaveRequest(request);
    const options: SaveDialogOptions = {
      title: 'Save file',
      defaultPath: path.join(deps.defaultSaveFolder(), file.suggestedName),
      filters: filtersFor(file.suggestedName),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.windowFor(event);
    const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await deps.writeFile(choice.filePath, Buffer.from(file.base64, 'base64'));
    return { saved: true, path: choice.filePath };
  });

  deps.ipcMain.handle(IPC_OPEN_EXTERNAL, async (event, url: unknown): Promise<void> => {
    if (!deps.isTrustedSender(event)) throw new Error(UNTRUSTED_MESSAGE);
    if (!isSafeExternalUrl(url)) throw new Error('Only secure web links (https://) can be opened from the app.');
    await deps.shell.openExternal(url);
  });

  return () => {
    for (const channel of [IPC_CALL, IPC_SAVE_FILE, IPC_OPEN_EXTERNAL]) deps.ipcMain.removeHandler(channel);
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks what the page sent and makes the suggested name a plain file name (no folders, no odd characters). */
export function parseSaveRequest(request: unknown): SaveFileRequest {
  const r = (request ?? {}) as Partial<Record<keyof SaveFileRequest, unknown>>;
  if (typeof r.base64 !== 'string' || !BASE64.test(r.base64)) throw new Error('The file to save was not in the expected form.');
  const mimeType = typeof r.mimeType === 'string' ? r.mimeType : 'application/octet-stream';
  return { suggestedName: safeFileName(r.suggestedName), mimeType, base64: r.base64 };
}

export function safeFileName(name: unknown): string {
  const base = typeof name === 'string' ? name.split(/[\\/]/).pop() ?? '' : '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 150);
  return cleaned || 'export';
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF document', extensions: ['pdf'] },
  csv: { name: 'CSV spreadsheet', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  ics: { name: 'Calendar file', extensions: ['ics'] },
  txt: { name: 'Text file', extensions: ['txt'] },
  json: { name: 'JSON file', extensions: ['json'] },
};

function filtersFor(name: string): { name: string; extensions: string[] }[] {
  const ext = path.extname(name).slice(1).toLowerCase();
  const known = FILTERS[ext];
  return known ? [known, { name: 'All files', extensions: ['*'] }] : [{ name: 'All files', extensions: ['*'] }];
}
