// The shape of `window.desk`: what the preload (Electron) and the harness bridge (browser) both provide.
import type { ApiResult } from './errors';
import type { MethodInput, MethodName, MethodResult } from './contract';
import type { FileMethodName, FileMethodRest, SavedExport } from './files';

export interface DeskBridge {
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiResult<MethodResult<K>>>;
  /**
   * Runs a method that produces a file (contract/files.ts) and saves the file: the desktop asks where with its save dialog
   * and the core writes it there; the browser harness downloads it. The page never holds the file's bytes.
   */
  saveExport<K extends FileMethodName>(method: K, input: MethodInput<K>): Promise<ApiResult<SavedExport<FileMethodRest<K>>>>;
  openExternal(url: string): Promise<void>;
  /** 'electron' in the desktop app, 'harness' in the browser test harness. */
  readonly host: 'electron' | 'harness';
}

export const IPC_CALL = 'desk:call';
export const IPC_SAVE_EXPORT = 'desk:save-export';
export const IPC_OPEN_EXTERNAL = 'desk:open-external';
