// The IPC wiring between the preload's `window.desk` and the core's process. Every handler first checks who is asking.
// Files: the core's process produces and holds the file; this side shows the save dialog and the core's process writes the
// file to the chosen path, so neither the page nor this process ever holds the bytes.
import path from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { IPC_CALL, IPC_OPEN_EXTERNAL, IPC_SAVE_EXPORT } from '../contract/bridge';
import type { ApiResult } from '../contract/errors';
import type { SavedExport } from '../contract/files';
import type { HeldFile } from '../host/protocol';
import { isSafeExternalUrl, type ExternalOpener, type SenderInfo } from './security';

/** The part of the core (its process's client) the shell uses. */
export interface CoreLike {
  call(sessionKey: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  export(sessionKey: string, method: string, input: unknown): Promise<ApiResult<{ file: HeldFile; rest: unknown }>>;
  writeFile(sessionKey: string, token: string, file: string): Promise<void>;
  dropFile(sessionKey: string, token: string): void;
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
}

const UNTRUSTED_MESSAGE = 'This request did not come from the Recovery College Desk window, so it was refused.';
const UNKNOWN: ApiResult<never> = { ok: false, error: { reason: 'call.unknown-method', code: 'UNKNOWN_METHOD', message: 'The app asked for something it does not know how to do. Please restart the app.' } };
const NOT_OPEN: ApiResult<never> = { ok: false, error: { reason: 'database.not-open', code: 'INTERNAL', message: 'The database is not open at the moment. Please wait a moment and try again.' } };

/** The session key for a window: its webContents id. The core keeps one signed-in session per key. */
export function sessionKeyFor(event: Pick<SenderInfo, 'sender'>): string {
  return String(event.sender.id);
}

export function registerIpc(deps: IpcDeps): () => void {
  deps.ipcMain.handle(IPC_CALL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!deps.isTrustedSender(event)) return { ok: false, error: { reason: 'call.untrusted-sender', code: 'FORBIDDEN', message: UNTRUSTED_MESSAGE } };
    if (typeof method !== 'string') return UNKNOWN;
    const core = deps.core();
    if (!core) return NOT_OPEN;
    return core.call(sessionKeyFor(event), method, input);
  });

  deps.ipcMain.handle(IPC_SAVE_EXPORT, async (event, method: unknown, input: unknown): Promise<ApiResult<SavedExport>> => {
    if (!deps.isTrustedSender(event)) return { ok: false, error: { reason: 'call.untrusted-sender', code: 'FORBIDDEN', message: UNTRUSTED_MESSAGE } };
    if (typeof method !== 'string') return UNKNOWN;
    const core = deps.core();
    if (!core) return NOT_OPEN;
    const key = sessionKeyFor(event);
    const produced = await core.export(key, method, input);
    if (!produced.ok) return produced;
    const { file, rest } = produced.value;
    const fileName = safeFileName(file.suggestedName);
    const options: SaveDialogOptions = {
      title: 'Save file',
      defaultPath: path.join(deps.defaultSaveFolder(), fileName),
      filters: filtersFor(fileName),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.windowFor(event);
    const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) {
      core.dropFile(key, file.token);
      return { ok: true, value: { saved: false, fileName, info: rest } };
    }
    try {
      await core.writeFile(key, file.token, choice.filePath);
    } catch {
      return {
        ok: false,
        error: { reason: 'file.not-saved', code: 'INTERNAL', message: `${fileName} could not be saved there. Please check there is space and that you can save to that folder, then try again.` },
      };
    }
    return { ok: true, value: { saved: true, fileName, path: choice.filePath, info: rest } };
  });

  deps.ipcMain.handle(IPC_OPEN_EXTERNAL, async (event, url: unknown): Promise<void> => {
    if (!deps.isTrustedSender(event)) throw new Error(UNTRUSTED_MESSAGE);
    if (!isSafeExternalUrl(url)) throw new Error('Only secure web links (https://) can be opened from the app.');
    await deps.shell.openExternal(url);
  });

  return () => {
    for (const channel of [IPC_CALL, IPC_SAVE_EXPORT, IPC_OPEN_EXTERNAL]) deps.ipcMain.removeHandler(channel);
  };
}

/** Makes a suggested name a plain file name (no folders, no odd characters). */
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
  png: { name: 'Image', extensions: ['png'] },
  jpg: { name: 'Image', extensions: ['jpg', 'jpeg'] },
};

function filtersFor(name: string): { name: string; extensions: string[] }[] {
  const ext = path.extname(name).slice(1).toLowerCase();
  const known = FILTERS[ext];
  return known ? [known, { name: 'All files', extensions: ['*'] }] : [{ name: 'All files', extensions: ['*'] }];
}
